//! What one direction of a TCP connection carries, and its framing.
//!
//! The first bytes decide: a SIP start line (any port), an HTTP request
//! that upgrades to WebSocket (RFC 6455 4; RFC 7118 for SIP), the `101`
//! answer to one, or a TLS record (SIPS, WSS: unreadable, reported once).
//! Anything else is ignored. SIP on a stream is framed by `Content-Length`
//! (RFC 3261 18.3); WebSocket by its frames, joined across continuations.
//!
//! Bytes arrive in order (the `tcp` layer reorders them). The framer keeps
//! the unconsumed bytes and, for each run of them, where it lies in the
//! capture file, so a message knows its frames and file offsets.

use std::collections::VecDeque;
use std::net::SocketAddr;

use super::ip::MAX_PIECES;
use super::{Message, MessageKind, NoticeKind, Piece, Sink, Timestamp, Transport, sip, ws};

/// A run of stream bytes and where it came from.
#[derive(Clone, Copy)]
struct Run {
    /// Stream position of the run's first byte.
    pos: u64,
    file_offset: u64,
    len: usize,
    frame: u64,
}

/// The frame being read: a message completed by it is numbered by it, as
/// Wireshark numbers a reassembled message by the frame that completed it
/// (not always the one carrying its last byte, when segments came out of
/// order).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Now {
    pub(crate) frame: u64,
    pub(crate) time: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Not yet known.
    Detect,
    Sip,
    /// Inside an HTTP request or response header that switches to WebSocket
    /// once it ends (`true`) or not (`false`: the stream is then ignored).
    Http,
    Ws,
    /// Unreadable or not signalling: bytes are dropped as they come.
    Ignore,
}

/// The longest HTTP or SIP header waited for.
const MAX_HEADER: usize = 64 << 10;
/// The allocation an idle stream may keep.
const IDLE_CAPACITY: usize = 4096;
/// How far into an unknown stream a SIP start line is looked for.
const MAX_DETECT: usize = 64 << 10;

/// A WebSocket message being joined from its frames.
#[derive(Default)]
struct WsMessage {
    opcode: u8,
    bytes: Vec<u8>,
    pieces: Vec<Piece>,
    first_frame: u64,
    /// Set when a frame of it was dropped (over the size limit): the rest
    /// is skipped up to its final frame.
    broken: bool,
    active: bool,
}

/// What a push found that the `tcp` layer acts on.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Found {
    Nothing,
    /// The stream is TLS.
    Tls,
}

/// One direction's framer.
pub(crate) struct Framer {
    src: SocketAddr,
    dst: SocketAddr,
    mode: Mode,
    buf: Vec<u8>,
    /// Consumed prefix of `buf`.
    start: usize,
    /// Stream position of `buf[0]`.
    base: u64,
    runs: VecDeque<Run>,
    /// Where the blank-line search resumes (relative to `start`).
    scan: usize,
    /// The header length and total length of the SIP message at `start`,
    /// once known (so a long body arriving in many segments costs nothing
    /// more per segment).
    framing: Option<(usize, usize)>,
    /// Bytes still to drop (the rest of an oversized message or frame).
    skip: u64,
    /// After a gap: the next SIP message must be found, not assumed.
    resync: bool,
    compressed_noticed: bool,
    now: Now,
    ws: WsMessage,
    max_message: usize,
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.get(..needle.len()).is_some_and(|h| h.eq_ignore_ascii_case(needle))
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

/// Whether an HTTP header switches the connection to WebSocket: a request
/// with `Upgrade: websocket`, or a `101` response.
fn http_upgrades(header: &[u8]) -> bool {
    if starts_with_ci(header, b"HTTP/1.") {
        return header.get(9..12) == Some(b"101");
    }
    header
        .split(|&b| b == b'\n')
        .any(|l| starts_with_ci(l, b"upgrade:") && contains_ci(l, b"websocket"))
}

impl Framer {
    pub(crate) fn new(src: SocketAddr, dst: SocketAddr, base: u64, max_message: usize) -> Self {
        Self {
            src,
            dst,
            mode: Mode::Detect,
            buf: Vec::new(),
            start: 0,
            base,
            runs: VecDeque::new(),
            scan: 0,
            framing: None,
            skip: 0,
            resync: false,
            compressed_noticed: false,
            now: Now { frame: 0, time: Timestamp::default() },
            ws: WsMessage::default(),
            max_message,
        }
    }

    /// Sender and receiver.
    pub(crate) fn endpoints(&self) -> (SocketAddr, SocketAddr) {
        (self.src, self.dst)
    }

    /// Memory held, in bytes (for the reassembly caps): allocations, not
    /// lengths, and the position runs too, so that one-byte segments cannot
    /// hide 30 bytes of bookkeeping behind each byte.
    pub(crate) fn buffered(&self) -> usize {
        self.buf.capacity()
            + self.ws.bytes.capacity()
            + (self.runs.capacity() + self.ws.pieces.capacity()) * size_of::<Run>()
    }

    /// Whether the stream is being dropped anyway.
    pub(crate) fn ignored(&self) -> bool {
        self.mode == Mode::Ignore
    }

    /// Whether the stream has shown it carries signalling.
    pub(crate) fn is_signalling(&self) -> bool {
        matches!(self.mode, Mode::Sip | Mode::Ws | Mode::Http)
    }

    /// Drops everything held (a cap was reached) and waits for the next
    /// message start.
    pub(crate) fn drop_buffered(&mut self, skipped_to: u64) {
        self.buf = Vec::new();
        self.start = 0;
        self.base = skipped_to;
        self.runs = VecDeque::new();
        self.scan = 0;
        self.framing = None;
        self.skip = 0;
        self.ws = WsMessage::default();
        match self.mode {
            Mode::Sip => self.resync = true,
            // Frames cannot be found again mid-stream.
            Mode::Ws | Mode::Http => self.mode = Mode::Ignore,
            Mode::Detect | Mode::Ignore => {}
        }
    }

    /// Appends in-order bytes (`pieces` rebased to `data`) and frames what
    /// is complete.
    pub(crate) fn push(
        &mut self,
        mut data: &[u8],
        pieces: &[Piece],
        now: Now,
        sink: &mut Sink,
    ) -> Found {
        self.now = now;
        let mut pos = self.base + self.buf.len() as u64;
        if self.mode == Mode::Ignore {
            self.base += data.len() as u64;
            return Found::Nothing;
        }
        let mut pieces_skip = 0;
        if self.skip > 0 {
            let n = usize::try_from(self.skip).unwrap_or(usize::MAX).min(data.len());
            self.skip -= n as u64;
            data = &data[n..];
            pieces_skip = n;
            if self.buf.len() == self.start {
                self.buf.clear();
                self.start = 0;
                self.base = pos + n as u64;
                pos = self.base;
            }
        }
        if data.is_empty() {
            return Found::Nothing;
        }
        // Dropped bytes before `buf`'s end would break positions: `skip`
        // is only set when `buf` is fully consumed, so `pos` is right.
        for p in pieces {
            let end = p.at + p.len;
            if end <= pieces_skip {
                continue;
            }
            let from = p.at.max(pieces_skip);
            self.runs.push_back(Run {
                pos: pos + (from - pieces_skip) as u64,
                file_offset: p.file_offset + (from - p.at) as u64,
                len: end - from,
                frame: p.frame,
            });
        }
        self.buf.extend_from_slice(data);
        let found = self.frame_all(sink);
        self.compact();
        found
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
        self.scan = 0;
        self.framing = None;
    }

    /// Frees consumed bytes: cheaply, so that the work stays linear.
    fn compact(&mut self) {
        if self.start == self.buf.len() {
            self.base += self.buf.len() as u64;
            self.start = 0;
            // An idle stream keeps no large allocation: thousands of idle
            // streams must not hold the memory a busy one needs.
            if self.buf.capacity() > IDLE_CAPACITY {
                self.buf = Vec::new();
            } else {
                self.buf.clear();
            }
            if self.runs.capacity() > IDLE_CAPACITY / size_of::<Run>() {
                self.runs = VecDeque::new();
            }
        } else if self.start > 64 << 10 && self.start * 2 > self.buf.len() {
            self.buf.drain(..self.start);
            self.base += self.start as u64;
            self.start = 0;
        }
        let consumed_to = self.base + self.start as u64;
        while self.runs.front().is_some_and(|r| r.pos + r.len as u64 <= consumed_to) {
            self.runs.pop_front();
        }
    }

    /// The file runs of stream bytes `[pos, pos + len)`, rebased to 0.
    fn runs_of(&self, pos: u64, len: usize) -> Vec<Piece> {
        let end = pos + len as u64;
        let first = self.runs.partition_point(|r| r.pos + r.len as u64 <= pos);
        let mut out = Vec::new();
        for r in self.runs.iter().skip(first) {
            if r.pos >= end || out.len() >= MAX_PIECES {
                break;
            }
            {
                let from = r.pos.max(pos);
                let to = (r.pos + r.len as u64).min(end);
                out.push(Piece {
                    at: usize::try_from(from - pos).unwrap_or(usize::MAX),
                    file_offset: r.file_offset + (from - r.pos),
                    len: usize::try_from(to - from).unwrap_or(0),
                    frame: r.frame,
                });
            }
        }
        out
    }

    fn frame_all(&mut self, sink: &mut Sink) -> Found {
        loop {
            let progressed = match self.mode {
                Mode::Detect => match self.detect() {
                    Some(found @ Found::Tls) => {
                        self.mode = Mode::Ignore;
                        self.drop_rest();
                        return found;
                    }
                    Some(Found::Nothing) => true,
                    None => false,
                },
                Mode::Sip => self.sip(sink),
                Mode::Http => self.http(),
                Mode::Ws => self.ws(sink),
                Mode::Ignore => {
                    self.drop_rest();
                    false
                }
            };
            if !progressed {
                return Found::Nothing;
            }
        }
    }

    fn drop_rest(&mut self) {
        self.start = self.buf.len();
    }

    fn rest(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    /// Decides the mode. `None`: wait for more bytes.
    fn detect(&mut self) -> Option<Found> {
        let skip = self.rest().iter().take_while(|b| b.is_ascii_whitespace()).count();
        self.consume(skip);
        let rest = self.rest();
        let (&b0, b1) = (rest.first()?, rest.get(1));
        // A TLS record: handshake (22) or application data (23, a capture
        // that began mid-connection), version 3.x (RFC 8446 5.1).
        if (b0 == 0x16 || b0 == 0x17) && b1 == Some(&0x03) {
            return Some(Found::Tls);
        }
        if starts_with_ci(rest, b"GET ") || starts_with_ci(rest, b"HTTP/1.") {
            self.mode = Mode::Http;
            return Some(Found::Nothing);
        }
        match sip::first_line(rest) {
            Some(line) if sip::start_line(line).is_some() => {
                self.mode = Mode::Sip;
                return Some(Found::Nothing);
            }
            None if rest.len() < MAX_DETECT => return None,
            _ => {}
        }
        // A capture that began mid-stream: look for a start line at a later
        // line start.
        if self.find_start_line() {
            self.mode = Mode::Sip;
            return Some(Found::Nothing);
        }
        if self.buf.len() - self.start > MAX_DETECT {
            self.mode = Mode::Ignore;
            return Some(Found::Nothing);
        }
        None
    }

    /// Moves `start` to the next line that is a SIP start line (true), or
    /// past every complete line (false).
    fn find_start_line(&mut self) -> bool {
        let rest = &self.buf[self.start..];
        let mut at = 0;
        while let Some(i) = memchr::memchr(b'\n', &rest[at..]) {
            let line_start = at + i + 1;
            let next = &rest[line_start..];
            if sip::message_start(next).is_some() {
                self.consume(line_start);
                return true;
            }
            // An incomplete last line may still become a start line.
            if sip::first_line(next).is_none() {
                self.consume(line_start);
                return false;
            }
            at = line_start;
        }
        // No start line in the complete lines: drop them, keep the last
        // (incomplete) one unless it is already too long to be one.
        let drop = if rest.len() - at > MAX_HEADER { rest.len() } else { at };
        self.consume(drop);
        false
    }

    /// Waits for the end of an HTTP header, then switches to WebSocket or
    /// ignores the stream.
    fn http(&mut self) -> bool {
        let rest = self.rest();
        let Some(end) = sip::header_end_from(rest, self.scan) else {
            if rest.len() > MAX_HEADER {
                self.mode = Mode::Ignore;
                return true;
            }
            self.scan = rest.len().saturating_sub(3);
            return false;
        };
        self.mode = if http_upgrades(&rest[..end]) { Mode::Ws } else { Mode::Ignore };
        self.consume(end);
        true
    }

    /// Frames one SIP message; false when more bytes are needed.
    fn sip(&mut self, sink: &mut Sink) -> bool {
        if let Some((header_len, total)) = self.framing {
            if self.rest().len() < total {
                return false;
            }
            self.emit_sip(header_len, total, sink);
            return true;
        }
        let blank = self.rest().iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        if blank > 0 {
            self.consume(blank);
        }
        if self.rest().is_empty() {
            return false;
        }
        let is_start = match sip::first_line(self.rest()) {
            Some(line) => sip::start_line(line).is_some(),
            None if self.rest().len() <= MAX_HEADER => return false,
            None => false,
        };
        if !is_start {
            let before = self.start;
            let found = self.find_start_line();
            let skipped = (self.start - before) as u64;
            // After a gap the skipped bytes are the lost message's rest,
            // already reported by the gap notice.
            if skipped > 0 && !self.resync {
                sink.notice(None, NoticeKind::Garbage { src: self.src, dst: self.dst, skipped });
            }
            if found {
                self.resync = false;
            }
            return found;
        }
        self.resync = false;
        let rest = self.rest();
        let Some(header_len) = sip::header_end_from(rest, self.scan) else {
            if rest.len() > MAX_HEADER {
                sink.notice(
                    None,
                    NoticeKind::MessageTooLarge {
                        src: self.src,
                        dst: self.dst,
                        size: rest.len() as u64,
                    },
                );
                self.resync = true;
                self.consume(1);
                return true;
            }
            self.scan = rest.len().saturating_sub(3);
            return false;
        };
        // A stream message without Content-Length is malformed (RFC 3261
        // 18.3 requires it); taking it as 0 frames the next message right.
        let body_len = sip::content_length(&rest[..header_len]).unwrap_or(0);
        let total = header_len.saturating_add(body_len);
        if total > self.max_message {
            sink.notice(
                None,
                NoticeKind::MessageTooLarge { src: self.src, dst: self.dst, size: total as u64 },
            );
            let have = rest.len();
            self.skip = (total - have.min(total)) as u64;
            self.consume(have.min(total));
            return true;
        }
        if rest.len() < total {
            self.framing = Some((header_len, total));
            return false;
        }
        self.emit_sip(header_len, total, sink);
        true
    }

    fn emit_sip(&mut self, header_len: usize, total: usize, sink: &mut Sink) {
        let rest = self.rest();
        let bytes = rest[..total].to_vec();
        let pos = self.base + self.start as u64;
        let pieces = self.runs_of(pos, total);
        let facts = sip::facts(&bytes[..header_len]);
        sink.message(Message {
            frame: self.now.frame,
            first_frame: pieces.first().map_or(self.now.frame, |p| p.frame),
            time: self.now.time,
            src: self.src,
            dst: self.dst,
            transport: Transport::Tcp,
            kind: MessageKind::Sip,
            bytes,
            body_offset: header_len,
            pieces,
            sip: Some(facts),
        });
        self.consume(total);
    }

    /// Reads one WebSocket frame; false when more bytes are needed.
    fn ws(&mut self, sink: &mut Sink) -> bool {
        let Some(h) = ws::frame_header(self.rest()) else { return false };
        let payload_len = usize::try_from(h.payload_len).unwrap_or(usize::MAX);
        let data =
            h.opcode == ws::OP_TEXT || h.opcode == ws::OP_BINARY || h.opcode == ws::OP_CONTINUATION;
        if h.opcode & 0x08 == 0 && !data {
            // A reserved data opcode (3-7): not a stream we can follow.
            self.mode = Mode::Ignore;
            return true;
        }
        let too_large = payload_len.saturating_add(self.ws.bytes.len()) > self.max_message;
        if too_large || (data && h.compressed) || (data && self.ws.broken && h.opcode == 0) {
            if too_large && !self.ws.broken {
                sink.notice(
                    None,
                    NoticeKind::MessageTooLarge {
                        src: self.src,
                        dst: self.dst,
                        size: (payload_len as u64).saturating_add(self.ws.bytes.len() as u64),
                    },
                );
            }
            if h.compressed && !self.compressed_noticed {
                self.compressed_noticed = true;
                sink.notice(None, NoticeKind::Compressed { src: self.src, dst: self.dst });
            }
            // Drop this frame and the message it belongs to.
            let fin = h.fin;
            self.ws = WsMessage { broken: !fin, ..WsMessage::default() };
            let have = self.rest().len() - h.len;
            let n = payload_len.min(have);
            self.skip = h.payload_len - n as u64;
            self.consume(h.len + n);
            return true;
        }
        if self.rest().len() - h.len < payload_len {
            return false;
        }
        let pos = self.base + (self.start + h.len) as u64;
        let payload = &self.buf[self.start + h.len..self.start + h.len + payload_len];
        match h.opcode {
            ws::OP_TEXT | ws::OP_BINARY => {
                // A new message; one left unfinished is dropped (RFC 6455
                // 5.4 forbids interleaving data messages).
                self.ws = WsMessage { opcode: h.opcode, active: true, ..WsMessage::default() };
            }
            ws::OP_CONTINUATION if !self.ws.active => {
                self.consume(h.len + payload_len);
                return true;
            }
            ws::OP_CLOSE => {
                self.consume(h.len + payload_len);
                self.mode = Mode::Ignore;
                return true;
            }
            ws::OP_CONTINUATION => {}
            // Ping, pong, reserved control frames.
            _ => {
                self.consume(h.len + payload_len);
                return true;
            }
        }
        let at = self.ws.bytes.len();
        ws::unmask_into(&mut self.ws.bytes, payload, h.mask);
        let pieces = self.runs_of(pos, payload_len);
        if self.ws.first_frame == 0 {
            // The frame that carried the message's first frame header.
            let header = self.runs_of(pos - h.len as u64, 1);
            self.ws.first_frame = header.first().map_or(self.now.frame, |p| p.frame);
        }
        for p in pieces {
            if self.ws.pieces.len() < MAX_PIECES {
                self.ws.pieces.push(Piece { at: at + p.at, ..p });
            }
        }
        self.consume(h.len + payload_len);
        if h.fin {
            let done = std::mem::take(&mut self.ws);
            self.ws_message(done, sink);
        }
        true
    }

    fn ws_message(&self, m: WsMessage, sink: &mut Sink) {
        let (kind, body_offset, facts) = match sip::message_start(&m.bytes) {
            // RFC 7118 5: one SIP message per WebSocket message (text or
            // binary); leading CRLFs are keep-alives.
            Some(0) => {
                let body = sip::header_end(&m.bytes).unwrap_or(m.bytes.len());
                (MessageKind::Sip, body, Some(sip::facts(&m.bytes[..body])))
            }
            // A keep-alive of only whitespace is no message.
            _ if m.opcode == ws::OP_TEXT && !m.bytes.iter().all(u8::is_ascii_whitespace) => {
                (MessageKind::WebSocketText, 0, None)
            }
            _ => return,
        };
        sink.message(Message {
            frame: self.now.frame,
            first_frame: m.first_frame,
            time: self.now.time,
            src: self.src,
            dst: self.dst,
            transport: Transport::Ws,
            kind,
            bytes: m.bytes,
            body_offset,
            pieces: m.pieces,
            sip: facts,
        });
    }

    /// The stream ended (FIN, RST, or the end of the capture).
    pub(crate) fn finish(&mut self, sink: &mut Sink) {
        let partial = match self.mode {
            Mode::Sip => self.rest().iter().any(|b| !b.is_ascii_whitespace()),
            Mode::Ws => self.ws.active || !self.rest().is_empty(),
            _ => false,
        };
        if partial || self.skip > 0 {
            sink.notice(None, NoticeKind::IncompleteMessage { src: self.src, dst: self.dst });
        }
        self.drop_rest();
        self.compact();
    }
}
