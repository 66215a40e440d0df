//! JSON mode: a streaming structural scan of a JSON text (or a sequence of
//! them, one per line), keeping only what gives an SDP string its meaning.
//!
//! No `serde_json::Value` is built: a 200 MB webrtc-internals dump would
//! cost gigabytes, and a DOM has no byte offsets. Instead the scan keeps a
//! stack of open containers, with each object's current key and the role
//! its `type` key named, skips strings with `memchr`, and hands any string
//! holding an escaped SDP to the same unescaper free text uses, so the
//! source map is exact through every escape. An SDP whose object names its
//! `type` only after the `sdp` key waits (one at a time) until the `type`
//! arrives or the object closes. At the first syntax error the scan falls
//! back to free text, which still finds escaped SDPs line by line.

use std::io::Read;

use memchr::memchr3;

use super::escaped::{self, Stop};
use super::role::{self, is_word};
use super::scan::{Extractor, JSON_PEEK, Mode};
use super::session;
use super::{ExtractedSdp, Origin, Role, Sink, keep};

/// Deepest nesting tracked; deeper input is treated as not JSON.
const MAX_DEPTH: usize = 64;
/// Longest key remembered (`PeerConnections`, `type`, connection ids).
const MAX_KEY: usize = 128;
/// Most bytes looked at after an SDP string for its session's keys.
const SESSION_AFTER: u64 = 4096;

/// What the scan expects next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Expect {
    /// A value (also between top-level values).
    #[default]
    Value,
    /// A value or `]` (just after `[`).
    ValueOrEnd,
    /// A key or `}` (just after `{`).
    KeyOrEnd,
    /// A key (after `,` in an object).
    Key,
    /// `:` after a key.
    Colon,
    /// `,` or the container's end.
    CommaOrEnd,
}

/// One open object or array.
#[derive(Debug, Clone, Default)]
struct Frame {
    object: bool,
    /// The object's current key (the one whose value is being read);
    /// `None` when it was too long to keep.
    key: Option<Vec<u8>>,
    /// The role its `type` key named, if seen.
    role: Option<Role>,
    /// Session keys among its members so far (`session_id`, `callID`...).
    keys: Vec<(&'static str, Vec<u8>)>,
}

/// An SDP waiting for its object's `type`.
#[derive(Debug)]
struct Pending {
    sdp: ExtractedSdp<'static>,
    /// Stack index of the object it belongs to.
    depth: usize,
}

/// Where to go on inside a string that holds more than one SDP: each is
/// taken in its own step, so the queue of found SDPs stays short whatever
/// the string holds.
#[derive(Debug, Clone)]
struct Resume {
    start: u64,
    role: Option<Role>,
    origin: Origin,
    session: Option<String>,
    depth: Option<usize>,
}

/// The JSON scan's state.
#[derive(Debug, Default)]
pub(crate) struct JsonState {
    stack: Vec<Frame>,
    expect: Expect,
    pending: Option<Pending>,
    resume: Option<Resume>,
    /// Where the current top-level value began (free text resumes there,
    /// or after the last SDP, if the value turns out not to be JSON).
    pub(crate) value_start: u64,
    /// Stack depth of the current record: the top-level object, or an
    /// object directly in a top-level array (one log record of a list).
    record_depth: usize,
}

/// Session keys kept per object (far more than any record names).
const MAX_KEYS: usize = 8;

impl JsonState {
    /// The session key named by the members of the enclosing objects read
    /// so far, innermost first.
    fn session(&self) -> Option<String> {
        session::build(|names| {
            self.stack.iter().rev().find_map(|f| {
                names.iter().find_map(|n| {
                    f.keys.iter().find(|(k, _)| k == n).map(|(k, v)| (*k, v.as_slice()))
                })
            })
        })
    }

    /// Records the value of the current member if its key names a session.
    fn note_value(&mut self, value: &[u8]) {
        let Some(top) = self.stack.last_mut().filter(|f| f.object) else { return };
        let Some(name) = top.key.as_deref().and_then(session::key_name) else { return };
        if session::usable_value(value) && top.keys.len() < MAX_KEYS {
            top.keys.push((name, value.to_vec()));
        }
    }

    /// The webrtc-internals connection id: the key under `PeerConnections`.
    fn group(&self) -> Option<String> {
        let at = self
            .stack
            .iter()
            .position(|f| f.object && f.key.as_deref() == Some(b"PeerConnections"))?;
        let id = self.stack.get(at + 1).filter(|f| f.object)?.key.as_deref()?;
        Some(String::from_utf8_lossy(id).into_owned())
    }
}

/// What a look at the first [`JSON_PEEK`] bytes of a string found.
struct Peek {
    /// The closing quote, if within the peek.
    close: Option<u64>,
    /// Where a scan for the closing quote may resume (not inside an escape).
    resume: u64,
    /// The start of an escaped SDP (`v=0\r\n...`), if one is in the peek.
    sdp: Option<u64>,
    /// A raw line break came before the closing quote: not JSON.
    broken: bool,
}

impl<R: Read> Extractor<R> {
    /// Reads JSON tokens until an SDP is ready, the mode changes, or the
    /// input ends.
    pub(super) fn step_json(&mut self) {
        while self.ready.is_empty() && self.mode == Mode::Json {
            if let Some(resume) = self.json.resume.take() {
                match self.json_sdp_at(resume) {
                    Ok(true) => self.json_after_value(),
                    Ok(false) => {}
                    Err(()) => {
                        self.json_to_text();
                        return;
                    }
                }
                continue;
            }
            self.win.ensure(keep(self.pos), self.pos + 1);
            let rest = self.win.rest(self.pos);
            let blank =
                rest.iter().take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')).count();
            if blank > 0 {
                self.pos += blank as u64;
                continue;
            }
            let Some(&b) = rest.first() else {
                // Whatever is still open, the input is over.
                self.finish();
                return;
            };
            if self.json_token(b).is_err() {
                self.json_to_text();
                return;
            }
        }
    }

    /// Consumes the token starting with `b` at `pos`.
    fn json_token(&mut self, b: u8) -> Result<(), ()> {
        let top_object = self.json.stack.last().map(|f| f.object);
        match (self.json.expect, b) {
            (Expect::Value | Expect::ValueOrEnd, b'{' | b'[') => {
                if self.json.stack.is_empty() {
                    self.json.value_start = self.pos;
                }
                if self.json.stack.len() >= MAX_DEPTH {
                    return Err(());
                }
                let object = b == b'{';
                let depth = self.json.stack.len();
                if object && (depth == 0 || (depth == 1 && top_object == Some(false))) {
                    self.json.record_depth = depth;
                }
                self.json.stack.push(Frame { object, ..Frame::default() });
                self.json.expect = if object { Expect::KeyOrEnd } else { Expect::ValueOrEnd };
                self.pos += 1;
            }
            (Expect::ValueOrEnd | Expect::CommaOrEnd, b']') if top_object == Some(false) => {
                self.json_close();
            }
            (Expect::KeyOrEnd | Expect::CommaOrEnd, b'}') if top_object == Some(true) => {
                self.json_close();
            }
            (Expect::Value | Expect::ValueOrEnd, b'"') => {
                if self.json.stack.is_empty() {
                    self.json.value_start = self.pos;
                }
                if self.json_string_value()? {
                    self.json_after_value();
                }
            }
            (Expect::Value | Expect::ValueOrEnd, _) => {
                if self.json.stack.is_empty() {
                    self.json.value_start = self.pos;
                }
                self.json_literal()?;
                self.json_after_value();
            }
            (Expect::KeyOrEnd | Expect::Key, b'"') => {
                self.json_key()?;
                self.json.expect = Expect::Colon;
            }
            (Expect::Colon, b':') => {
                self.json.expect = Expect::Value;
                self.pos += 1;
            }
            (Expect::CommaOrEnd, b',') => {
                self.json.expect =
                    if top_object == Some(true) { Expect::Key } else { Expect::Value };
                self.pos += 1;
            }
            _ => return Err(()),
        }
        Ok(())
    }

    /// After a complete value: a sibling, the container's end, or (at the
    /// top level) the next value of a sequence.
    fn json_after_value(&mut self) {
        self.json.expect =
            if self.json.stack.is_empty() { Expect::Value } else { Expect::CommaOrEnd };
    }

    /// Closes the innermost container; its waiting SDP, if any, goes out.
    fn json_close(&mut self) {
        let depth = self.json.stack.len().saturating_sub(1);
        self.json.stack.pop();
        if self.json.pending.as_ref().is_some_and(|p| p.depth >= depth)
            && let Some(p) = self.json_take_pending()
        {
            self.emit(p.sdp);
        }
        self.pos += 1;
        self.json_after_value();
    }

    /// `true`, `false`, `null` or a number (RFC 8259 §3, §6).
    fn json_literal(&mut self) -> Result<(), ()> {
        self.win.ensure(keep(self.pos), self.pos + 8);
        let rest = self.win.rest(self.pos);
        for word in [&b"true"[..], b"false", b"null"] {
            if rest.starts_with(word) && !rest.get(word.len()).copied().is_some_and(is_word) {
                self.pos += word.len() as u64;
                return Ok(());
            }
        }
        if !matches!(rest.first(), Some(b'-' | b'0'..=b'9')) {
            return Err(());
        }
        // Numbers are short; one that runs past the window is not JSON.
        let len = rest
            .iter()
            .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            .count();
        if len == rest.len() && !self.win.at_eof() {
            return Err(());
        }
        let number = rest.get(..len).unwrap_or_default().to_vec();
        self.json.note_value(&number);
        self.pos += len as u64;
        Ok(())
    }

    /// An object key: remembered (short ones) for roles and groups.
    fn json_key(&mut self) -> Result<(), ()> {
        let open = self.pos;
        let peek = self.json_peek(open, false);
        if peek.broken {
            return Err(());
        }
        let key = peek
            .close
            .filter(|c| c - open - 1 <= MAX_KEY as u64)
            .map(|c| self.win.slice(open + 1, c).to_vec());
        if let Some(top) = self.json.stack.last_mut() {
            top.key = key;
        }
        self.pos = match peek.close {
            Some(close) => close + 1,
            None => self.json_skip_string(peek.resume)?,
        };
        Ok(())
    }

    /// A string value: an SDP, a `type`, or something to skip. Returns
    /// false when the string holds more SDPs still to take.
    fn json_string_value(&mut self) -> Result<bool, ()> {
        let open = self.pos;
        let peek = self.json_peek(open, true);
        if peek.broken {
            return Err(());
        }
        if let Some(start) = peek.sdp {
            return self.json_sdp(open, start);
        }
        let Some(close) = peek.close else {
            self.pos = self.json_skip_string(peek.resume)?;
            return Ok(true);
        };
        let value = self.win.slice(open + 1, close);
        if close - open <= 129 {
            let value = value.to_vec();
            self.json.note_value(&value);
        }
        let value = self.win.slice(open + 1, close);
        if let Some(role) = role::role_of_method(value)
            && let Some(top) = self.json.stack.last_mut()
            && top.object
            && top.key.as_deref() == Some(b"method")
        {
            // verto/Telnyx: the method names the role of the SDP in `params`.
            top.role = Some(role);
        }
        if let Some(role) = role::role_of_type_value(value)
            && let Some(depth) = self.json.stack.len().checked_sub(1)
            && let Some(top) = self.json.stack.last_mut()
            && top.object
            && top.key.as_deref() == Some(b"type")
        {
            top.role = Some(role);
            // The SDP of this object that waited for its type can go.
            if self.json.pending.as_ref().is_some_and(|p| p.depth == depth)
                && let Some(mut p) = self.json_take_pending()
            {
                p.sdp.role = Some(role);
                self.emit(p.sdp);
            }
        }
        self.pos = close + 1;
        Ok(true)
    }

    /// Looks at the first [`JSON_PEEK`] bytes of the string opening at
    /// `open`: its end, and (for values) where an escaped SDP starts.
    fn json_peek(&mut self, open: u64, find_sdp: bool) -> Peek {
        // A string cannot hold a raw line break: its line is all it needs.
        self.win.ensure_until(keep(open), open + 1, open + 1 + JSON_PEEK, b"\n");
        let content = self.win.slice(open + 1, open + 1 + JSON_PEEK);
        let mut i = 0;
        let mut close = None;
        let mut broken = false;
        while let Some(j) = content.get(i..).and_then(|c| memchr3(b'"', b'\\', b'\n', c)) {
            match content.get(i + j) {
                Some(b'"') => {
                    close = Some(i + j);
                    break;
                }
                Some(b'\\') => i += j + 2,
                _ => {
                    broken = true;
                    break;
                }
            }
        }
        // Past the peek, the scan for the closing quote resumes at its end,
        // or at the backslash of an escape that straddles it.
        let resume_rel = if i > content.len() { i - 2 } else { content.len() };
        let resume = open + 1 + close.unwrap_or(resume_rel) as u64;
        let searched = content.get(..close.unwrap_or(content.len())).unwrap_or_default();
        let sdp = if find_sdp && !broken {
            memchr::memmem::find_iter(searched, b"v=0")
                .find(|&j| {
                    let boundary = match j.checked_sub(1).and_then(|k| searched.get(k)) {
                        None => true,
                        Some(&prev) => {
                            !is_word(prev)
                                || (matches!(prev, b'n' | b'r' | b't')
                                    && j >= 2
                                    && searched.get(j - 2) == Some(&b'\\'))
                        }
                    };
                    boundary && escaped::is_escaped_start(content.get(j..).unwrap_or_default())
                })
                .map(|j| open + 1 + j as u64)
        } else {
            None
        };
        Peek { close: close.map(|c| open + 1 + c as u64), resume, sdp, broken }
    }

    /// Skips to just past the closing quote of a string, from `from` (not
    /// inside an escape). Errors at a raw line break or the input's end.
    fn json_skip_string(&mut self, mut cur: u64) -> Result<u64, ()> {
        loop {
            self.win.ensure(keep(cur), cur + 2);
            let rest = self.win.rest(cur);
            if rest.is_empty() {
                return Err(());
            }
            match memchr3(b'"', b'\\', b'\n', rest) {
                Some(j) => match rest.get(j) {
                    Some(b'"') => return Ok(cur + j as u64 + 1),
                    Some(b'\\') => cur += j as u64 + 2,
                    _ => return Err(()),
                },
                None => cur += rest.len() as u64,
            }
        }
    }

    /// The first escaped SDP starting at `start` in the string opened at
    /// `open`, with its role from the string, its key or its object.
    fn json_sdp(&mut self, open: u64, start: u64) -> Result<bool, ()> {
        let before = self.win.slice(open + 1, start);
        let in_string = role::role_before(before);
        let internals = role::is_internals_value(before);
        let depth = self.json.stack.len().checked_sub(1);
        let top = self.json.stack.last();
        let by_key =
            top.filter(|f| f.object).and_then(|f| f.key.as_deref()).and_then(role::role_of_key);
        // The object's own `type`, else the nearest enclosing one that
        // states a role (Twilio's `{"type":"invite","payload":{"sdp":...}}`,
        // verto's `{"method":"verto.invite","params":{"sdp":...}}`).
        let by_type = top
            .filter(|f| f.object)
            .and_then(|f| f.role)
            .or_else(|| self.json.stack.iter().rev().find_map(|f| f.role));
        let group = self.json.group();
        let origin =
            if internals || group.is_some() { Origin::WebrtcInternals } else { Origin::Json };
        let role = in_string.or(by_key).or(by_type);
        let session = group.or_else(|| self.json.session());
        self.json_sdp_at(Resume { start, role, origin, session, depth })
    }

    /// Takes one SDP of a string. Ok(true) when the string ended with it,
    /// Ok(false) when another SDP follows in the same string (taken at the
    /// next step), Err when the string never closes (not JSON).
    fn json_sdp_at(&mut self, at: Resume) -> Result<bool, ()> {
        let pos = self.win.position(at.start);
        let mut sink = Sink::new(pos.0, self.cap);
        let (end, stop) = escaped::read(&mut self.win, at.start, b'"', pos.1, &mut sink);
        self.note_sink(&sink);
        let mut at = at;
        if at.session.is_none() && stop == Stop::Quote {
            at.session = self.json_session_after(end);
        }
        let sdp = sink.finish(pos, at.role, at.origin.clone(), at.session.clone());
        self.json_emit(sdp, at.depth);
        self.pos = end;
        self.last_end = end;
        match stop {
            Stop::Quote => Ok(true),
            Stop::NextSdp => {
                // A second SDP in one string has no hint of its own but its
                // object's `type`.
                let role = at
                    .depth
                    .and_then(|d| self.json.stack.get(d))
                    .filter(|f| f.object)
                    .and_then(|f| f.role);
                self.json.resume = Some(Resume { start: end, role, ..at });
                Ok(false)
            }
            Stop::LineEnd | Stop::Eof => Err(()),
        }
    }

    /// The session key named after an SDP string ending at `end`, in the
    /// rest of its record (Janus requests add `session_id` and `handle_id`
    /// after the `jsep`).
    fn json_session_after(&mut self, end: u64) -> Option<String> {
        let open = self.json.stack.len().saturating_sub(self.json.record_depth);
        // A one-line record (NDJSON) ends on its line: live input waits
        // for no more. A pretty-printed one is read on to the reach.
        self.win.ensure_until(keep(end), end, end + SESSION_AFTER, b"\n");
        if session::record_rest(self.win.slice(end, end + SESSION_AFTER), open).is_none() {
            self.win.ensure(keep(end), end + SESSION_AFTER);
        }
        // A record that goes on past the reach: its keys are not known here.
        let rest = session::record_rest(self.win.slice(end, end + SESSION_AFTER), open)?;
        session::key_in(b"", rest)
    }

    /// Queues an SDP, or lets it wait for its object's `type` when no role
    /// is known yet. Order is kept: a waiting SDP goes out before any later
    /// one, with whatever role it has by then.
    fn json_emit(&mut self, sdp: ExtractedSdp<'static>, depth: Option<usize>) {
        if let Some(p) = self.json_take_pending() {
            self.emit(p.sdp);
        }
        let in_object = depth.and_then(|d| self.json.stack.get(d)).is_some_and(|f| f.object);
        match depth {
            Some(depth) if sdp.role.is_none() && in_object => {
                self.held += sdp.heap_bytes();
                self.json.pending = Some(Pending { sdp, depth });
            }
            _ => self.emit(sdp),
        }
    }

    /// Takes the waiting SDP out of the held count (it is then emitted).
    fn json_take_pending(&mut self) -> Option<Pending> {
        let p = self.json.pending.take()?;
        self.held = self.held.saturating_sub(p.sdp.heap_bytes());
        Some(p)
    }

    /// Lets a waiting SDP go (end of input, or leaving JSON mode).
    pub(super) fn json_flush(&mut self) {
        if let Some(p) = self.json_take_pending() {
            self.emit(p.sdp);
        }
    }

    /// The input is not (or no longer) JSON: scan it as free text from the
    /// start of the broken value, but never before an SDP already taken.
    fn json_to_text(&mut self) {
        self.json_flush();
        self.json.stack.clear();
        self.json.resume = None;
        self.pos = self.json.value_start.max(self.last_end).max(self.win.start());
        self.mode = Mode::Text;
    }
}
