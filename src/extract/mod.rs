//! Input extraction: every SDP in a raw file, a JSON document, a SIP trace
//! or a log, with a [`SourceMap`] back to the input's own bytes, lines and
//! columns.
//!
//! This is the first stage of the pipeline (input → **extract** → parse →
//! rules → findings → render). The CLI calls [`extract`] for an input held
//! in memory, or drives an [`Extractor`] over a reader for a log of any
//! size; each [`ExtractedSdp`] is then parsed and checked on its own, and
//! [`pairs`] says which of them form offer/answer pairs.
//!
//! What is recognised (CONTRACT.md, "An input may be any of"):
//!
//! - **Raw SDP**: the input's first non-blank line (after an optional BOM)
//!   is `<letter>=`. The whole input is the SDP, byte for byte as before
//!   extraction existed; a later line `v=0` starts a second SDP.
//! - **JSON** (the input starts with `{` or `[`): a streaming structural
//!   scan, so an `RTCSessionDescription`, an array of them, one object per
//!   line, or SDP strings nested anywhere (Chrome's webrtc-internals dump)
//!   are found with their `type`, and webrtc-internals connection ids become
//!   groups. At the first syntax error the scan falls back to free text.
//! - **Free text** (anything else): `v=0` is searched with `memchr::memmem`,
//!   and where it stands decides the shape: a JSON-escaped string
//!   (`"v=0\r\no=...`), a raw block after a log prefix, or the body of a SIP
//!   message found by its `SIP/2.0` start line.
//!
//! How the free-text shapes are told apart, conservatively (a false SDP
//! would be reported as a page of findings):
//!
//! - `v=0` must not continue a word (`lev=0`, `dev=0` are not SDPs).
//! - **Escaped**: `v=0`, an escaped line break (`\r\n` or `\n`), then
//!   `<letter>=`. The string ends at the closing quote (`'` if one stands
//!   right before `v=0`, as in Chrome's console, else `"`) or a raw line
//!   break. Its role comes from a `type` hint on the same line, before the
//!   SDP (`"type":"offer","sdp":"` or `type: offer, sdp: `) or just after
//!   it (`","type":"answer"}`), never across an object boundary.
//! - **Prefixed block**: `v=0` ends its line, and the text before it on the
//!   line is the prefix (at most 1 KiB, empty or ending in a non-word byte).
//!   Each next line belongs to the SDP while it starts with a prefix of the
//!   same shape (same length, same bytes, except that any digit may stand
//!   for any digit: timestamps tick) followed by `<letter>=`; the block ends
//!   at the first other line. The next line must belong, so one stray line
//!   ending in `v=0` is not an SDP.
//! - **SIP**: a request line (`METHOD uri SIP/2.0`) or status line
//!   (`SIP/2.0 183 ...`), possibly after a log prefix, then headers of the
//!   same prefix (full or compact names) up to a blank line. A block that
//!   starts in that body (within Content-Length when the body is
//!   unprefixed, within 64 KiB otherwise; `application/sdp`, `multipart/*`
//!   or no Content-Type) is the message's SDP: its group is the Call-ID and
//!   its role follows RFC 3264 (see [`Origin::Sip`] and [`pairs`]).
//!
//! Memory is bounded whatever the input size: a sliding window of about
//! 330 KiB, the SDP being built (at most `max_sdp_bytes + 1` bytes, so the
//! parser reports `limit-exceeded` for a larger one), at most one JSON SDP
//! waiting for its `type`, and tables capped at 4096 calls and groups.
//!
//! # Adding an input shape
//!
//! 1. An [`Origin`] variant (it is `#[non_exhaustive]`), with its
//!    `Display` text: the renderers show it next to each SDP.
//! 2. Recognition, in `scan.rs` ([`Extractor`]): a whole-input shape is
//!    chosen from the input's first bytes (as JSON is); a shape inside free
//!    text is decided where `v=0` stands. Its parsing gets its own module
//!    (`escaped.rs`, `sip.rs` are the models). Be conservative: a
//!    false SDP becomes a page of findings.
//! 3. The text handed on must map every byte back to the input: build it
//!    with a `MapBuilder` (`source_map.rs`), so findings point at the
//!    input's own lines and columns; the map's tests show the invariants.
//!    Respect the [`crate::Limits`] (HOSTILE-INPUT.md): the window is
//!    bounded, and so is every SDP.
//! 4. A sample in `fixtures/logs/` (listed in its README), a test in
//!    `tests/it/extract.rs`, and seeds for the `extract` fuzz target.
//!    Roles and pairing ([`pairs`]) come for free if the shape knows the
//!    role (`role.rs`).
//!
//! ```
//! use sdpcheck::extract::{Origin, Role, extract, pairs};
//! let log = br#"[12:00:01] got {"type":"offer","sdp":"v=0\r\no=- 42 2 IN IP4 0.0.0.0\r\n"}"#;
//! let found = extract(log, &sdpcheck::Limits::default());
//! let sdp = &found.sdps[0];
//! assert_eq!(sdp.role, Some(Role::Offer));
//! assert_eq!(sdp.origin, Origin::JsonEscaped);
//! assert_eq!(&sdp.text[..], b"v=0\r\no=- 42 2 IN IP4 0.0.0.0\r\n");
//! // The `o` of `o=` is preceded by `v=0` and the four bytes of `\r\n`.
//! let o = sdp.map.to_input(5) as usize;
//! assert_eq!(&log[o..o + 2], b"o=");
//! assert_eq!(sdp.position(5), (1, o as u64 + 1));
//! assert!(pairs(&found.sdps).is_empty());
//! ```

mod escaped;
mod json;
mod pair;
mod role;
mod scan;
mod session;
mod sip;
mod source_map;
mod window;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

pub use pair::{Pairer, Pairing, pairing, pairs};
pub use scan::Extractor;
pub use source_map::SourceMap;

use crate::Limits;
use crate::span::Span;
use source_map::MapBuilder;

/// What the extractor looks for, for the message of an input with no SDP.
pub const LOOKED_FOR: &str = "a raw SDP (a first line like `v=0`), \
an RTCSessionDescription in JSON (`{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n...\"}`, \
an array of them, one per line, or a webrtc-internals dump), \
a JSON-escaped SDP string in text (`\"v=0\\r\\no=...`), \
a SIP message with an SDP body, \
or SDP lines (`v=0`, then `o=`, `s=`, ...) after a log prefix";

/// Bytes kept behind the scan position: room for a log prefix, a SIP start
/// line and the text searched for a role hint before an SDP.
pub(crate) const LOOKBACK: u64 = 8 << 10;

/// The oldest offset a scanner at `cur` still needs.
pub(crate) fn keep(cur: u64) -> u64 {
    cur.saturating_sub(LOOKBACK)
}

/// The side of an offer/answer exchange (RFC 3264) an SDP is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The description that proposes (`type: offer`, an INVITE body).
    Offer,
    /// The description that answers (`answer`/`pranswer`, a 183/200 body).
    Answer,
}

impl Role {
    /// `offer` or `answer`, as in CONTRACT.md's JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Offer => "offer",
            Role::Answer => "answer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The SIP message an SDP body came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SipMessage {
    /// A request: `INVITE`, `UPDATE`, `ACK`, `PRACK`, ...
    Request {
        /// The method, as written.
        method: String,
    },
    /// A response.
    Response {
        /// The status code (`183`, `200`).
        status: u16,
        /// The method of its `CSeq`, when present: what it responds to.
        method: Option<String>,
    },
}

impl fmt::Display for SipMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SipMessage::Request { method } => f.write_str(method),
            SipMessage::Response { status, method: Some(m) } => write!(f, "{status} ({m})"),
            SipMessage::Response { status, method: None } => write!(f, "{status}"),
        }
    }
}

/// Where in the input an SDP was found, and in what form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Origin {
    /// The input itself is the SDP, or an unprefixed block of SDP lines.
    Raw,
    /// A string in a JSON document (an `RTCSessionDescription`'s `sdp`).
    Json,
    /// A JSON-escaped string found in free text (a console or server log).
    JsonEscaped,
    /// The body of a SIP message. Roles: an INVITE, UPDATE or PRACK body is
    /// an offer, and the 18x/2xx that follows is its answer (both the 183
    /// and the 200 are); after an INVITE without SDP, the 2xx (or a reliable
    /// 18x) is the offer and the ACK (or PRACK) the answer (RFC 3261
    /// §13.2.1). Bodies of other messages (OPTIONS answers, error
    /// responses, an ACK when the INVITE had the offer) have no role.
    Sip {
        /// The request or response that carried it.
        message: SipMessage,
        /// Its `Call-ID`.
        call_id: Option<String>,
    },
    /// SDP lines each written after the same log prefix.
    LogPrefixed,
    /// A description event of a Chrome webrtc-internals dump.
    WebrtcInternals,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Raw => f.write_str("raw SDP"),
            Origin::Json => f.write_str("JSON string"),
            Origin::JsonEscaped => f.write_str("JSON-escaped string"),
            Origin::Sip { message, .. } => write!(f, "SIP {message} body"),
            Origin::LogPrefixed => f.write_str("log lines"),
            Origin::WebrtcInternals => f.write_str("webrtc-internals event"),
        }
    }
}

/// One SDP found in an input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExtractedSdp<'a> {
    /// The description's bytes: unescaped, prefixes stripped. At most
    /// `max_sdp_bytes` + 4 bytes (see [`ExtractedSdp::truncated`]).
    pub text: Cow<'a, [u8]>,
    /// From offsets in `text` to offsets, lines and columns of the input.
    pub map: SourceMap,
    /// Offer or answer, when the input says so.
    pub role: Option<Role>,
    /// What form the SDP had in the input.
    pub origin: Origin,
    /// The session it belongs to, when the input says so: a SIP Call-ID, a
    /// webrtc-internals connection id, or the signalling keys of its record
    /// (`session_id=1/sender=2` for Janus, `pID=PA_1/transport=PUBLISHER`
    /// for `LiveKit`, `callID=...` for verto; see `session.rs`). An answer
    /// is paired only with an offer of its own session ([`pairs`]).
    pub session: Option<String>,
    /// 1-based input line of the first byte.
    pub line: u64,
    /// 1-based input column (in characters) of the first byte.
    pub column: u64,
    /// True when the SDP in the input was longer than `max_sdp_bytes`:
    /// `text` then holds only its first `max_sdp_bytes + 1` bytes (or a few
    /// more, never splitting an escape), enough for the parser to report the
    /// limit without the rest being held in memory.
    pub truncated: bool,
}

impl ExtractedSdp<'_> {
    /// Input offset of the first byte.
    pub fn offset(&self) -> u64 {
        self.map.to_input(0)
    }

    /// The input byte range behind a span of `text`.
    pub fn input_span(&self, span: Span) -> Range<u64> {
        self.map.span_to_input(span)
    }

    /// 1-based input line and column of byte `offset` of `text`.
    pub fn position(&self, offset: usize) -> (u64, u64) {
        self.map.position(&self.text, offset)
    }

    /// The `o=` line's session id, if there is one.
    pub fn session_id(&self) -> Option<&[u8]> {
        let text: &[u8] = &self.text;
        let start =
            if text.starts_with(b"o=") { 0 } else { memchr::memmem::find(text, b"\no=")? + 1 };
        let line = text.get(start + 2..)?;
        let line = line.get(..memchr::memchr2(b'\r', b'\n', line).unwrap_or(line.len()))?;
        line.split(|b| *b == b' ').nth(1).filter(|id| !id.is_empty())
    }

    /// Heap bytes of the text and the map.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.text.len() + self.map.heap_bytes()
    }

    /// The same SDP owning its text.
    pub fn into_owned(self) -> ExtractedSdp<'static> {
        ExtractedSdp {
            text: Cow::Owned(self.text.into_owned()),
            map: self.map,
            role: self.role,
            origin: self.origin,
            session: self.session,
            line: self.line,
            column: self.column,
            truncated: self.truncated,
        }
    }
}

/// Every SDP found in one input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Extraction<'a> {
    /// The SDPs, in input order.
    pub sdps: Vec<ExtractedSdp<'a>>,
    /// Input bytes read.
    pub bytes_scanned: u64,
}

impl Extraction<'_> {
    /// True when the input holds no SDP at all (the CLI's exit status 2,
    /// naming [`LOOKED_FOR`]).
    pub fn is_empty(&self) -> bool {
        self.sdps.is_empty()
    }

    /// The offer/answer pairs among the SDPs (see [`pairs`]).
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        pairs(&self.sdps)
    }
}

/// Finds every SDP in `input`.
///
/// Built on [`Extractor`]; a text that is an unchanged slice of `input`
/// (a raw SDP, an unprefixed block) borrows it rather than copying.
///
/// ```
/// let sdp = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n";
/// let found = sdpcheck::extract::extract(sdp, &sdpcheck::Limits::default());
/// assert_eq!(found.sdps.len(), 1);
/// assert!(matches!(found.sdps[0].text, std::borrow::Cow::Borrowed(_)));
/// assert_eq!(found.sdps[0].offset(), 0);
/// ```
pub fn extract<'a>(input: &'a [u8], limits: &Limits) -> Extraction<'a> {
    let mut extractor = Extractor::new(input, limits);
    let mut sdps = Vec::new();
    // Reading a slice cannot fail, so every item is Ok.
    for sdp in (&mut extractor).flatten() {
        sdps.push(borrow_from(input, sdp));
    }
    Extraction { sdps, bytes_scanned: extractor.bytes_scanned() }
}

/// Replaces an owned copy of an unchanged input slice with the slice.
fn borrow_from<'a>(input: &'a [u8], sdp: ExtractedSdp<'static>) -> ExtractedSdp<'a> {
    if sdp.map.is_contiguous() {
        let start = usize::try_from(sdp.offset()).unwrap_or(usize::MAX);
        if let Some(slice) = start.checked_add(sdp.text.len()).and_then(|end| input.get(start..end))
            && slice == &sdp.text[..]
        {
            return ExtractedSdp { text: Cow::Borrowed(slice), ..sdp };
        }
    }
    sdp
}

/// An SDP being built: its text (capped) and its map.
#[derive(Debug)]
pub(crate) struct Sink {
    text: Vec<u8>,
    map: MapBuilder,
    /// Most bytes taken: `max_sdp_bytes + 1`.
    cap: usize,
    truncated: bool,
    /// One past the last input byte appended.
    input_end: u64,
}

impl Sink {
    /// An empty SDP starting on 1-based input line `line`.
    pub(crate) fn new(line: u64, cap: usize) -> Self {
        // Most SDPs are a few hundred bytes to a few KiB: start there rather
        // than reallocate through every power of two.
        let text = Vec::with_capacity(cap.min(1024));
        Sink { text, map: MapBuilder::new(line), cap, truncated: false, input_end: 0 }
    }

    /// Appends bytes copied from `input` (line `line` relative to the
    /// first, 1-based column `col`), as far as the cap allows.
    pub(crate) fn literal(&mut self, input: u64, bytes: &[u8], line: u32, col: u64) {
        let room = self.cap.saturating_sub(self.text.len());
        let take = bytes.get(..room.min(bytes.len())).unwrap_or_default();
        if take.len() < bytes.len() {
            self.truncated = true;
        }
        if take.is_empty() {
            return;
        }
        self.grow(take.len());
        self.text.extend_from_slice(take);
        self.map.literal(input, take.len(), line, col);
        self.input_end = input + take.len() as u64;
    }

    /// Appends the output of one escape of `step_in` bytes at `input`.
    /// An escape is never split: the text may pass the cap by three bytes.
    pub(crate) fn escape(&mut self, input: u64, step_in: u8, out: &[u8], line: u32, col: u64) {
        if self.text.len() >= self.cap {
            self.truncated = true;
            return;
        }
        let Ok(step_out) = u8::try_from(out.len()) else { return };
        self.grow(out.len());
        self.text.extend_from_slice(out);
        self.map.escape(input, step_in, step_out, line, col);
        self.input_end = input + u64::from(step_in);
    }

    /// Makes room for `more` bytes, doubling as a `Vec` does but never past
    /// the cap (plus an escape's overshoot): a 1 MiB limit costs 1 MiB, not
    /// the 2 MiB a doubling would reach.
    fn grow(&mut self, more: usize) {
        let need = self.text.len() + more;
        if need > self.text.capacity() {
            let target = need.max(self.text.capacity() * 2).min(self.cap + 4).max(need);
            self.text.reserve_exact(target - self.text.len());
        }
    }

    /// Heap bytes held.
    pub(crate) fn capacity_bytes(&self) -> usize {
        self.text.capacity() + self.map.capacity_bytes()
    }

    /// The finished SDP.
    pub(crate) fn finish(
        mut self,
        start: (u64, u64),
        role: Option<Role>,
        origin: Origin,
        session: Option<String>,
    ) -> ExtractedSdp<'static> {
        // A CR ending an SDP found inside a log is what a pipeline that
        // split its events on LF (Fluent Bit, Vector, Loki multiline
        // parsers) left of a CRLF: a log artifact, not the SDP's
        // `lone-carriage-return`. A raw SDP file keeps it, and the finding.
        if origin != Origin::Raw && self.text.last() == Some(&b'\r') && !self.truncated {
            if let Some(step_in) = self.map.pop_byte() {
                self.text.pop();
                self.input_end = self.input_end.saturating_sub(u64::from(step_in));
            }
        }
        self.text.shrink_to_fit();
        ExtractedSdp {
            text: Cow::Owned(self.text),
            map: self.map.finish(self.input_end),
            role,
            origin,
            session,
            line: start.0,
            column: start.1,
            truncated: self.truncated,
        }
    }
}
