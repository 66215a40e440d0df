//! [`Extractor`]: the streaming scanner behind [`super::extract`].
//!
//! The input's first significant bytes choose a mode: raw SDP, JSON, or
//! free text. Free text is scanned for two markers with `memchr::memmem`,
//! `v=0` (an SDP starts) and `SIP/2.0` (a SIP start line may give the next
//! SDP its role and Call-ID); everything between markers is skipped at
//! memmem speed. Each marker is then judged by what surrounds it, within a
//! few KiB of the window. The JSON mode lives in `json.rs`.

use std::collections::VecDeque;
use std::io::{self, Read};

use memchr::memmem;
use memchr::{memchr, memrchr};

use super::escaped::{self, Stop};
use super::json::JsonState;
use super::role::{self, ROLE_WINDOW, is_word};
use super::session;
use super::sip::{self, Calls, Headers};
use super::window::Window;
use super::{ExtractedSdp, Origin, Role, Sink, SipMessage, keep};
use crate::Limits;

/// Longest log prefix before `v=0` on a line.
const MAX_PREFIX: u64 = 1 << 10;
/// Longest text before `SIP/2.0` on a request line (prefix, method, URI).
const MAX_START_LINE: u64 = 4 << 10;
/// Most bytes of SIP headers read after a start line.
const MAX_SIP_HEADERS: u64 = 64 << 10;
/// How far after a SIP body start an SDP may begin and still belong to it
/// when Content-Length cannot be trusted (missing, or the body is prefixed).
const SIP_BODY_REACH: u64 = 64 << 10;
/// Bytes after an escaped SDP searched for its `type` (`","type":"answer"`
/// follows the closing quote at once; a short reach keeps a line of many
/// small hostile SDPs linear).
const ROLE_AFTER: u64 = 256;
/// Bytes looked at after an escaped SDP for its session's keys (the rest
/// of its log line: Janus adds `session_id`/`handle_id` after the `jsep`).
const SESSION_AFTER: u64 = 4096;
/// Bytes of a JSON string searched for the start of an SDP.
pub(super) const JSON_PEEK: u64 = 64 << 10;

/// How the input is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Looking at the first significant bytes.
    Sniff,
    /// The input is raw SDP (one, or several back to back).
    Raw,
    /// Free text: logs, traces.
    Text,
    /// A JSON text (or a sequence of them).
    Json,
    /// Nothing more to find.
    Done,
}

/// Which marker a text-mode search found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    Sdp(u64),
    Sip(u64),
}

/// A memmem search whose last result is cached, so two markers can be
/// interleaved without re-scanning: each input byte is searched once per
/// marker.
#[derive(Debug)]
struct Marker {
    finder: memmem::Finder<'static>,
    /// The next occurrence found, if any.
    next: Option<u64>,
    /// Everything before this offset (minus the needle overlap) was searched
    /// without a match beyond `next`.
    searched_to: u64,
}

impl Marker {
    fn new(needle: &'static [u8]) -> Self {
        Marker { finder: memmem::Finder::new(needle), next: None, searched_to: 0 }
    }

    fn find<R: Read>(&mut self, win: &Window<R>, pos: u64) -> Option<u64> {
        if let Some(n) = self.next
            && n >= pos
        {
            return Some(n);
        }
        let overlap = self.finder.needle().len() as u64 - 1;
        let from = pos.max(self.searched_to.saturating_sub(overlap)).max(win.start());
        if let Some(i) = self.finder.find(win.rest(from)) {
            self.next = Some(from + i as u64);
        } else {
            self.next = None;
            self.searched_to = win.end();
        }
        self.next
    }
}

/// Streams SDPs out of a reader, one at a time, with bounded memory.
///
/// Each item is an SDP with absolute input offsets, lines and columns (see
/// [`ExtractedSdp::map`]); an I/O error ends the stream after the SDPs
/// found before it. What is held at any time: a window of the input (about
/// 330 KiB at most, see [`Extractor::peak_buffer_capacity`]), the SDP being
/// built, the SDPs found but not yet taken (at most two: one step finds at
/// most one, plus a JSON SDP that waited for its `type`), and the SIP/JSON
/// context (tables capped at 4096 calls and groups, 64 nesting levels).
///
/// An SDP's text is capped at `max_sdp_bytes + 1` bytes; its map costs
/// about one byte per text byte for ordinary SDPs (two segments per line)
/// and at most 24 per text byte for an adversarial string with an escape
/// at every other byte, so `max_sdp_bytes` bounds both.
///
/// ```
/// use std::io::BufReader;
/// use sdpcheck::extract::{Extractor, Role};
/// let trace = "INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: a84b4c76e66710\r\n\
/// Content-Type: application/sdp\r\n\r\nv=0\r\no=alice 2890844526 1 IN IP4 192.0.2.101\r\n";
/// let mut sdps = Extractor::new(BufReader::new(trace.as_bytes()), &sdpcheck::Limits::default());
/// let first = sdps.next().unwrap().unwrap();
/// assert_eq!(first.role, Some(Role::Offer));
/// assert_eq!(first.session.as_deref(), Some("a84b4c76e66710"));
/// assert_eq!((first.line, first.column), (5, 1));
/// assert!(sdps.next().is_none());
/// ```
#[derive(Debug)]
pub struct Extractor<R> {
    pub(super) win: Window<R>,
    /// Most bytes of one SDP's text: `max_sdp_bytes + 1`.
    pub(super) cap: usize,
    pub(super) mode: Mode,
    /// Scan position (absolute).
    pub(super) pos: u64,
    /// SDPs found, not yet yielded.
    pub(super) ready: VecDeque<ExtractedSdp<'static>>,
    v_marker: Marker,
    sip_marker: Marker,
    /// The SIP message whose body the scan is in, if any.
    sip: Option<sip::Context>,
    calls: Calls,
    pub(super) json: JsonState,
    /// End of the last SDP: role hints are not looked for before it.
    pub(super) last_end: u64,
    /// The next SDP of a free-text string that holds several: its start,
    /// the string's quote, and the first SDP's origin.
    resume: Option<(u64, u8, Origin)>,
    /// The session key of the escaped string being taken, and its line's
    /// text before it (at most [`ROLE_WINDOW`] bytes).
    text_session: Option<String>,
    text_before: Vec<u8>,
    /// Heap bytes of the SDPs found and not yet yielded (the queue and the
    /// JSON SDP waiting for its `type`).
    pub(super) held: usize,
    /// Largest total of window, SDP being built and held SDPs.
    peak: usize,
    /// A read error, given out after the SDPs before it.
    error: Option<io::Error>,
}

impl<R: Read> Extractor<R> {
    /// A scanner over `reader` (any [`Read`]; a [`io::BufRead`] works, its
    /// buffer is simply read through), applying `limits.max_sdp_bytes` to
    /// each SDP.
    pub fn new(reader: R, limits: &Limits) -> Self {
        // The text holds one byte past the limit so that the parser sees
        // the breach; clamp so offsets inside one SDP fit in u32 (Span).
        let cap = limits.max_sdp_bytes.saturating_add(1).min(u32::MAX as usize - 16);
        Extractor {
            win: Window::new(reader),
            cap,
            mode: Mode::Sniff,
            pos: 0,
            ready: VecDeque::new(),
            v_marker: Marker::new(b"v=0"),
            sip_marker: Marker::new(b"SIP/2.0"),
            sip: None,
            calls: Calls::default(),
            json: JsonState::default(),
            last_end: 0,
            resume: None,
            text_session: None,
            text_before: Vec::new(),
            held: 0,
            peak: 0,
            error: None,
        }
    }

    /// Input bytes read so far.
    pub fn bytes_scanned(&self) -> u64 {
        self.win.end()
    }

    /// Heap bytes the scanner holds now: the input window and the SDPs
    /// found but not yet yielded. Does not grow with the input's size; SDPs
    /// already yielded belong to the caller.
    pub fn buffer_capacity(&self) -> usize {
        self.win.capacity() + self.held
    }

    /// The most heap bytes held at once during the scan: window, the SDP
    /// being built (text and map) and SDPs not yet yielded.
    pub fn peak_buffer_capacity(&self) -> usize {
        self.peak.max(self.win.peak())
    }

    /// Runs one step of the current mode.
    fn step(&mut self) {
        match self.mode {
            Mode::Sniff => self.sniff(),
            Mode::Raw => self.step_raw(),
            Mode::Text => self.step_text(),
            Mode::Json => self.step_json(),
            Mode::Done => {}
        }
    }

    /// The input is exhausted: close what is open.
    pub(super) fn finish(&mut self) {
        self.end_sip_message();
        self.json_flush();
        self.error = self.win.take_error();
        self.mode = Mode::Done;
    }

    /// Queues a finished SDP.
    pub(super) fn emit(&mut self, sdp: ExtractedSdp<'static>) {
        self.held += sdp.heap_bytes();
        self.peak = self.peak.max(self.win.capacity() + self.held);
        self.ready.push_back(sdp);
    }

    /// Records the memory an SDP buffer took.
    pub(super) fn note_sink(&mut self, sink: &Sink) {
        self.peak = self.peak.max(self.win.capacity() + self.held + sink.capacity_bytes());
    }

    /// Chooses the mode from the first bytes that are not a BOM or blank.
    fn sniff(&mut self) {
        loop {
            self.win.ensure(keep(self.pos), self.pos + 16);
            let rest = self.win.rest(self.pos);
            let skip_bom = if self.pos == 0 && rest.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
            let body = rest.get(skip_bom..).unwrap_or_default();
            let blank = body.iter().take_while(|b| b.is_ascii_whitespace()).count();
            if body.get(blank..).is_none_or(<[u8]>::is_empty) {
                if rest.is_empty() && self.win.at_eof() {
                    self.finish();
                    return;
                }
                // All blank so far: move on and look again.
                self.pos += (skip_bom + blank) as u64;
                if self.win.rest(self.pos).is_empty() && !self.win.fill(keep(self.pos)) {
                    self.finish();
                    return;
                }
                continue;
            }
            let significant = self.pos + (skip_bom + blank) as u64;
            // Enough bytes to tell `v=0\r\no=` from `v=0` CR LF.
            self.win.ensure(keep(self.pos), significant + 16);
            let body = self.win.rest(significant);
            self.mode = match body {
                [b'{' | b'[', ..] => {
                    self.pos = significant;
                    self.json.value_start = significant;
                    Mode::Json
                }
                // `v=0\r\no=` written with escapes is an escaped string
                // (a browser's "Expect line: v=" failure), not a raw SDP.
                _ if escaped::is_escaped_start(body) => Mode::Text,
                [letter, b'=', ..] if letter.is_ascii_alphabetic() => {
                    // A raw SDP keeps its BOM and leading blank lines, as the
                    // parser has always seen them, when they are still here.
                    if self.win.start() > 0 {
                        self.pos = significant;
                    } else {
                        self.pos = 0;
                    }
                    Mode::Raw
                }
                _ => Mode::Text,
            };
            return;
        }
    }

    /// Raw mode: the SDP from `pos` to the next `v=0` line, or the end.
    fn step_raw(&mut self) {
        let start = self.pos;
        self.win.ensure(keep(start), start + 1);
        if self.win.rest(start).is_empty() {
            self.finish();
            return;
        }
        let first = self.win.position(start);
        let mut sink = Sink::new(first.0, self.cap);
        let end = self.copy_lines(start, first.1, None, &mut sink);
        self.note_sink(&sink);
        self.emit(sink.finish(first, None, Origin::Raw, None));
        self.pos = end;
        self.last_end = end;
    }

    /// Copies lines from `cur` (the content start of the first line, at
    /// column `col`) into `sink` until the block ends. `prefix` is `None`
    /// for a raw input (every line belongs, until a `v=0` line after one was
    /// seen) or the log prefix every further line must have (same length,
    /// same bytes except digits) before a `<letter>=` line. Returns the
    /// offset where the block ended (the next line's start, or the end of
    /// the input).
    pub(super) fn copy_lines(
        &mut self,
        mut cur: u64,
        mut col: u64,
        prefix: Option<&[u8]>,
        sink: &mut Sink,
    ) -> u64 {
        let mut line: u32 = 0;
        let mut seen_v = prefix.is_some();
        loop {
            if !seen_v {
                self.win.ensure_until(keep(cur), cur, cur + 8, b"\n");
                // This line only: a blank line before `v=0` must not make
                // the `v=0` line look like the start of a second SDP.
                let head = self.win.rest(cur);
                let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
                let blank = head.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
                seen_v = head.get(blank..).is_some_and(|h| h.starts_with(b"v="));
            }
            let Some(next) = self.copy_to_eol(cur, line, col, sink) else {
                return self.win.end();
            };
            match prefix {
                None => {
                    self.win.ensure_until(keep(next), next, next + 5, b"\n");
                    if seen_v && starts_v0_line(self.win.rest(next), self.win.at_eof()) {
                        return next;
                    }
                    cur = next;
                    col = 1;
                }
                Some(prefix) => {
                    let plen = prefix.len() as u64;
                    self.win.ensure_until(keep(next), next, next + plen + 5, b"\n");
                    let head = self.win.rest(next);
                    if !continues_block(prefix, head, self.win.at_eof()) {
                        return next;
                    }
                    col = crate::source::char_count(head.get(..prefix.len()).unwrap_or_default())
                        as u64
                        + 1;
                    cur = next + plen;
                }
            }
            line = line.saturating_add(1);
        }
    }

    /// Copies the rest of the line at `cur`, line ending included. Returns
    /// the next line's start, or `None` at the end of the input.
    fn copy_to_eol(&mut self, mut cur: u64, line: u32, col: u64, sink: &mut Sink) -> Option<u64> {
        loop {
            if self.win.rest(cur).is_empty() && !self.win.fill(keep(cur)) {
                return None;
            }
            let piece = self.win.rest(cur);
            if let Some(nl) = memchr(b'\n', piece) {
                sink.literal(cur, piece.get(..=nl).unwrap_or_default(), line, col);
                return Some(cur + nl as u64 + 1);
            }
            // A line longer than the window: take what is here (the builder
            // merges the pieces) and read on.
            sink.literal(cur, piece, line, col);
            cur += piece.len() as u64;
        }
    }

    /// Free-text mode: the next marker, judged.
    fn step_text(&mut self) {
        if let Some((start, delim, origin)) = self.resume.take() {
            self.escaped_one(start, delim, None, origin, false);
            return;
        }
        let pos = self.pos;
        self.win.ensure(keep(pos), pos + 8);
        let v = self.v_marker.find(&self.win, pos);
        let s = self.sip_marker.find(&self.win, pos);
        let found = match (v, s) {
            (Some(v), Some(s)) if s < v => Some(Found::Sip(s)),
            (Some(v), _) => Some(Found::Sdp(v)),
            (None, Some(s)) => Some(Found::Sip(s)),
            (None, None) => None,
        };
        match found {
            None => {
                if self.win.at_eof() {
                    self.finish();
                    return;
                }
                // Nothing here: slide on, keeping a needle's length so a
                // marker split across reads is still found.
                self.pos = self.win.end().saturating_sub(6).max(pos);
                self.win.fill(keep(self.pos));
            }
            Some(Found::Sdp(p)) => {
                if !self.try_sdp(p) {
                    self.pos = p + 1;
                }
            }
            Some(Found::Sip(p)) => {
                if !self.try_sip(p) {
                    self.pos = p + 1;
                }
            }
        }
    }

    /// True if the `v=0` at `p` does not continue a word (`lev=0`); an
    /// escaped line break (`\nv=0`) counts as a boundary.
    fn starts_word(&self, p: u64) -> bool {
        let Some(prev) = p.checked_sub(1).and_then(|i| self.win.byte(i)) else { return true };
        if !is_word(prev) {
            return true;
        }
        matches!(prev, b'n' | b'r' | b't') && p >= 2 && self.win.byte(p - 2) == Some(b'\\')
    }

    /// Judges the `v=0` at `p`; true if an SDP was taken (and `pos` moved).
    fn try_sdp(&mut self, p: u64) -> bool {
        if !self.starts_word(p) {
            return false;
        }
        self.win.ensure(keep(p), p + 24);
        let head = self.win.rest(p);
        if escaped::is_escaped_start(head) {
            self.text_escaped(p);
            return true;
        }
        if head.starts_with(b"v=0\r\n") || head.starts_with(b"v=0\n") {
            return self.text_block(p);
        }
        false
    }

    /// A JSON-escaped SDP at `p`, in free text.
    fn text_escaped(&mut self, p: u64) {
        // A single quote right before it is a JavaScript string (Chrome's
        // console prints `{type: 'offer', sdp: 'v=0\r\n...'}`).
        let delim = if p > 0 && self.win.byte(p - 1) == Some(b'\'') { b'\'' } else { b'"' };
        let lo = p.saturating_sub(ROLE_WINDOW as u64).max(self.last_end).max(self.win.start());
        let before = self.win.slice(lo, p);
        let before =
            memrchr(b'\n', before).map_or(before, |i| before.get(i + 1..).unwrap_or_default());
        let hinted = role::role_before(before).or_else(|| role::method_before(before));
        let origin = if role::is_internals_value(before) {
            Origin::WebrtcInternals
        } else {
            Origin::JsonEscaped
        };
        self.text_before.clear();
        self.text_before.extend_from_slice(before);
        self.text_session = None;
        self.escaped_one(p, delim, hinted, origin, true);
    }

    /// Takes one escaped SDP from `start`. When another SDP follows in the
    /// same string, it is left for the next step (so one string of a
    /// million tiny SDPs does not queue a million SDPs).
    fn escaped_one(
        &mut self,
        start: u64,
        delim: u8,
        hinted: Option<Role>,
        origin: Origin,
        first: bool,
    ) {
        let at = self.win.position(start);
        let mut sink = Sink::new(at.0, self.cap);
        let (end, stop) = escaped::read(&mut self.win, start, delim, at.1, &mut sink);
        // Only the string's first SDP may take the hints after the string.
        let mut role = hinted;
        if stop == Stop::Quote && first {
            // Read on only while the line goes on: live input waits for no
            // more than the rest of the line.
            self.win.ensure_until(keep(end), end, end + SESSION_AFTER, b"\n");
            let after = self.win.slice(end, end + SESSION_AFTER);
            let after =
                after.get(..memchr(b'\n', after).unwrap_or(after.len())).unwrap_or_default();
            let short = after
                .get(..after.len().min(usize::try_from(ROLE_AFTER).unwrap_or(256)))
                .unwrap_or_default();
            role = role.or_else(|| role::role_after(short));
            // The rest of the line, never into the next SDP's.
            let after = after
                .get(..memchr::memmem::find(after, b"v=0").unwrap_or(after.len()))
                .unwrap_or_default();
            self.text_session = session::key_in(&self.text_before, after);
        } else if first {
            self.text_session = session::key_in(&self.text_before, b"");
        }
        self.note_sink(&sink);
        let key = self.text_session.clone();
        self.emit(sink.finish(at, role, origin.clone(), key));
        self.pos = end;
        self.last_end = end;
        if stop == Stop::NextSdp {
            self.resume = Some((end, delim, origin));
        }
    }

    /// A raw block at `p`: SDP lines after a log prefix (possibly empty),
    /// possibly the body of the current SIP message. True if taken.
    fn text_block(&mut self, p: u64) -> bool {
        let lo = p.saturating_sub(MAX_PREFIX).max(self.win.start());
        let before = self.win.slice(lo, p);
        let line_start = match memrchr(b'\n', before) {
            Some(i) => lo + i as u64 + 1,
            None if lo == 0 => 0,
            // The line started too far back to be a prefix.
            None => return false,
        };
        let prefix = self.win.slice(line_start, p).to_vec();
        let eol = if self.win.byte(p + 3) == Some(b'\r') { 2 } else { 1 };
        let second = p + 3 + eol;
        self.win.ensure_until(keep(p), second, second + prefix.len() as u64 + 5, b"\n");
        // One SDP line is not enough to tell an SDP from prose that ends
        // in `v=0`: the next line must continue the block.
        if !continues_block(&prefix, self.win.rest(second), self.win.at_eof()) {
            return false;
        }
        let in_body = self
            .sip
            .as_ref()
            .is_some_and(|c| c.may_hold_sdp && line_start >= c.body_start && p < c.body_limit);
        let (role, origin, group) = match self.sip.as_mut().filter(|_| in_body) {
            Some(ctx) => {
                ctx.sdp_seen = true;
                let role =
                    self.calls.role_of_sdp(ctx.call_id.as_deref().unwrap_or(""), &ctx.message);
                let origin =
                    Origin::Sip { message: ctx.message.clone(), call_id: ctx.call_id.clone() };
                (role, origin, ctx.call_id.clone())
            }
            None if prefix.is_empty() => (self.heading_role(line_start), Origin::Raw, None),
            None => (None, Origin::LogPrefixed, None),
        };
        let at = self.win.position(p);
        let mut sink = Sink::new(at.0, self.cap);
        let end = self.copy_lines(p, at.1, Some(&prefix), &mut sink);
        self.note_sink(&sink);
        self.emit(sink.finish(at, role, origin, group));
        self.pos = end;
        self.last_end = end;
        true
    }

    /// The role a heading on the line before `line_start` names (Firefox's
    /// `Local SDP (Offer)`), blank lines skipped.
    fn heading_role(&self, line_start: u64) -> Option<Role> {
        let lo = line_start.saturating_sub(MAX_PREFIX).max(self.win.start()).max(self.last_end);
        let before = self.win.slice(lo, line_start).trim_ascii_end();
        let line =
            memrchr(b'\n', before).map_or(before, |i| before.get(i + 1..).unwrap_or_default());
        role::heading_role(line)
    }

    /// Judges the `SIP/2.0` at `p`: if it is in a start line, reads the
    /// headers and makes the message the current context. True if taken.
    fn try_sip(&mut self, p: u64) -> bool {
        // The headers end at a blank line: live input waits for that, not
        // for the whole reach (a prefixed log's blank line is not seen here,
        // and waits for the reach or the end of input).
        self.win.ensure_until(keep(p), p, p + MAX_SIP_HEADERS, b"\n\r\n");
        if memchr::memmem::find(self.win.rest(p), b"\n\r\n").is_none() {
            self.win.ensure_until(keep(p), p, p + MAX_SIP_HEADERS, b"\n\n");
        }
        // What follows the marker decides in O(1) whether a start line is
        // possible, before any search: `Via: SIP/2.0/UDP` (the most common
        // occurrence) and hostile runs of `SIP/2.0` cost nothing more.
        let after = self.win.slice(p + 7, p + 13);
        let status = matches!(after, [b' ', a, b, c, rest @ ..]
            if [a, b, c].iter().all(|d| d.is_ascii_digit())
                && matches!(rest.first(), None | Some(b' ' | b'\r' | b'\n')));
        let request = matches!(after, [] | [b'\r' | b'\n', ..]);
        if !status && !request {
            return false;
        }
        let lo = p.saturating_sub(MAX_START_LINE).max(self.win.start());
        let line_start = match memrchr(b'\n', self.win.slice(lo, p)) {
            Some(i) => lo + i as u64 + 1,
            None if lo == 0 => 0,
            None => return false,
        };
        // A status line's reason phrase is short; a longer line is not one.
        let rest = self.win.slice(p, p + MAX_START_LINE);
        let line_end = match memchr(b'\n', rest) {
            Some(i) => p + i as u64,
            None if self.win.at_eof() && self.win.end() <= p + MAX_START_LINE => self.win.end(),
            None => return false,
        };
        let line = self.win.slice(line_start, line_end);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let marker = usize::try_from(p - line_start).unwrap_or(usize::MAX);
        let Some((prefix_len, mut message)) = sip::parse_start_line(line, marker) else {
            return false;
        };
        let prefix = line.get(..prefix_len).unwrap_or_default().to_vec();
        let mut headers = Headers::default();
        let mut cur = line_end + 1;
        let (body_start, has_body) = loop {
            if cur - line_end > MAX_SIP_HEADERS {
                return false;
            }
            let rest = self.win.rest(cur);
            if rest.is_empty() {
                break (cur, false);
            }
            let Some(nl) = memchr(b'\n', rest).or_else(|| self.win.at_eof().then_some(rest.len()))
            else {
                return false;
            };
            let raw = rest.get(..nl).unwrap_or_default();
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            let next = cur + nl as u64 + 1;
            match strip_shape(&prefix, raw) {
                // The message ended without a blank line (a log moved on).
                None => break (cur, false),
                Some(content) if content.trim_ascii().is_empty() => break (next, true),
                // A folded header line (RFC 3261 §7.3.1).
                Some([b' ' | b'\t', ..]) => {}
                Some(content) => {
                    if !headers.add(content) {
                        break (cur, false);
                    }
                }
            }
            cur = next;
        };
        if let SipMessage::Response { method, .. } = &mut message {
            method.clone_from(&headers.cseq_method);
        }
        self.end_sip_message();
        // Content-Length counts the wire body; a prefixed or re-wrapped log
        // makes it meaningless, so it only bounds an unprefixed body.
        let reach = match headers.content_length {
            Some(n) if prefix.is_empty() => n,
            _ => SIP_BODY_REACH,
        };
        self.sip = Some(sip::Context {
            message,
            call_id: headers.call_id.clone(),
            body_start,
            body_limit: body_start.saturating_add(reach),
            may_hold_sdp: has_body && headers.may_hold_sdp(),
            sdp_seen: false,
        });
        self.pos = body_start;
        true
    }

    /// The current SIP message is over: one without SDP may make its call's
    /// next response the offer.
    fn end_sip_message(&mut self) {
        if let Some(ctx) = self.sip.take()
            && !ctx.sdp_seen
        {
            self.calls.no_sdp(ctx.call_id.as_deref().unwrap_or(""), &ctx.message);
        }
    }
}

impl<R: Read> Iterator for Extractor<R> {
    type Item = io::Result<ExtractedSdp<'static>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(sdp) = self.ready.pop_front() {
                self.held = self.held.saturating_sub(sdp.heap_bytes());
                return Some(Ok(sdp));
            }
            if self.mode == Mode::Done {
                return self.error.take().map(Err);
            }
            let before = (self.mode, self.pos, self.win.end());
            self.step();
            if self.ready.is_empty()
                && self.mode != Mode::Done
                && (self.mode, self.pos, self.win.end()) == before
            {
                // Every step moves the scan or reads; should one ever not,
                // skip a byte rather than spin.
                self.pos += 1;
            }
        }
    }
}

/// True if `head` (the bytes of a line) starts with `v=0` and a line end.
fn starts_v0_line(head: &[u8], eof: bool) -> bool {
    match head.strip_prefix(b"v=0") {
        Some([b'\r' | b'\n', ..]) => true,
        Some([]) => eof,
        _ => false,
    }
}

/// True if the line `head` continues a block whose lines carry `prefix`:
/// the same prefix shape, then `<letter>=`, and not a new `v=0`.
fn continues_block(prefix: &[u8], head: &[u8], eof: bool) -> bool {
    let Some(content) = head
        .get(..prefix.len())
        .filter(|p| same_shape(prefix, p))
        .and_then(|_| head.get(prefix.len()..))
    else {
        return false;
    };
    matches!(content, [letter, b'=', ..] if letter.is_ascii_alphabetic())
        && !starts_v0_line(content, eof)
}

/// Two log prefixes have the same shape when they are equal except that a
/// digit may stand for another digit: timestamps tick, the format stays.
fn same_shape(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| x == y || (x.is_ascii_digit() && y.is_ascii_digit()))
}

/// The content of a header line after the message's prefix; a line equal
/// to the prefix without its trailing blanks (loggers trim them) is blank.
fn strip_shape<'l>(prefix: &[u8], line: &'l [u8]) -> Option<&'l [u8]> {
    if let Some(head) = line.get(..prefix.len())
        && same_shape(prefix, head)
    {
        return line.get(prefix.len()..);
    }
    let trimmed = prefix.trim_ascii_end();
    (same_shape(trimmed, line) && !prefix.is_empty()).then_some(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_continuation() {
        assert!(continues_block(b"", b"o=- 1", false));
        assert!(continues_block(b"[10:00:01] ", b"[10:00:02] a=x", false));
        assert!(!continues_block(b"[10:00:01] ", b"[10:00:02]a=x", false));
        assert!(!continues_block(b"", b"v=0\r\n", false));
        assert!(!continues_block(b"", b"hello", false));
        assert_eq!(strip_shape(b"x.c: ", b"x.c:"), Some(&b""[..]));
        assert_eq!(strip_shape(b"", b""), Some(&b""[..]));
        assert_eq!(strip_shape(b"x.c: ", b"y.c: a"), None);
    }
}
