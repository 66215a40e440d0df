/*!
Signalling read out of packet captures: SIP over UDP, TCP and WebSocket, and
the text messages of any WebSocket (a WebRTC app's JSON offers and answers).

A capture is streamed: [`CaptureReader`] reads pcap or pcapng (recognised by
the magic number, never by the file name) from any [`Read`], one record at a
time, and yields [`Event`]s: a [`Message`] for every SIP message or
WebSocket text message found, with the frame, time and addresses it came
from and where its first byte sits in the capture file, and a [`Notice`] for
everything that stopped a message from being read (a truncated capture, a
packet cut by the snap length, a gap in a TCP stream, a limit reached, an
encrypted connection). Nothing here panics or grows without bound: every
buffer has a cap in [`CaptureLimits`], and reaching one is a notice.

The layers, each in its own file:

- `file`: pcap / pcapng records (pcap-parser) → frames with time and offset;
- `link`: Ethernet (VLAN), Linux cooked (SLL, SLL2), raw IP, loopback → IP;
- `ip`: IPv4/IPv6 (etherparse), fragments reassembled (bounded);
- `tcp`: per-direction stream reassembly in sequence order;
- `stream`: what a TCP stream carries (SIP, an HTTP upgrade to WebSocket,
  TLS) and the framing of each;
- `ws`: WebSocket frames (RFC 6455), unmasked and joined;
- `sip`: the SIP start line, `Content-Length` framing and the dialog facts
  (Call-ID, `CSeq`, tags) that pairing needs.

```
# fn main() -> Result<(), Box<dyn std::error::Error>> {
use sdpcheck::capture::{CaptureReader, Event};
let file = std::fs::File::open("fixtures/captures/udp-488.pcap")?;
for event in CaptureReader::new(file)? {
    match event {
        Event::Message(m) => {
            let sip = m.sip.as_ref().expect("a SIP message");
            println!("frame {} {} -> {} {}", m.frame, m.src, m.dst, sip.start);
        }
        Event::Notice(n) => println!("{n}"),
    }
}
# Ok(())
# }
```
*/

mod file;
mod ip;
mod link;
mod sip;
mod stream;
mod tcp;
mod ws;

use std::collections::VecDeque;
use std::fmt;
use std::io::Read;
use std::net::SocketAddr;

pub use file::Format;
pub use sip::{CSeq, SipFacts, StartLine};

/// Caps on everything the reader buffers. With the defaults the buffers
/// stay under about 24 MiB whatever the capture (measured peak RSS of the
/// whole `capture_scan` example: 28 MB on a capture built to fill every
/// reassembly buffer, 2.4 MB on 1.1 GB of real calls).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaptureLimits {
    /// The largest SIP or WebSocket message kept, in bytes (header and
    /// body). Larger ones are skipped with a notice.
    pub max_message: usize,
    /// The most bytes one TCP direction may hold (data out of order plus a
    /// message not yet complete).
    pub max_stream_buffer: usize,
    /// The most bytes all TCP directions together may hold.
    pub max_total_stream_buffer: usize,
    /// The most TCP directions tracked at once; past it the least recently
    /// active half is dropped.
    pub max_streams: usize,
    /// The most IP datagrams awaiting their missing fragments.
    pub max_fragmented_datagrams: usize,
    /// The most bytes held in fragments awaiting reassembly.
    pub max_fragment_bytes: usize,
    /// The largest capture record (pcap record or pcapng block) read.
    pub max_record: usize,
    /// The most notices of one kind yielded; the rest are counted and
    /// summed up in one notice at the end.
    pub max_notices_per_kind: usize,
}

impl Default for CaptureLimits {
    fn default() -> Self {
        Self {
            max_message: 2 << 20,
            max_stream_buffer: 4 << 20,
            max_total_stream_buffer: 16 << 20,
            max_streams: 4096,
            max_fragmented_datagrams: 1024,
            max_fragment_bytes: 4 << 20,
            max_record: 4 << 20,
            max_notices_per_kind: 100,
        }
    }
}

/// A capture time: seconds and nanoseconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it).
    pub secs: i64,
    /// Nanoseconds within the second, `0..1_000_000_000`.
    pub nanos: u32,
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC, with microseconds (nanoseconds when the capture has
    /// them): `2026-12-07T22:08:01.123456Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(f, "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", rem / 3600, rem / 60 % 60, rem % 60)?;
        if self.nanos % 1000 == 0 {
            write!(f, ".{:06}Z", self.nanos / 1000)
        } else {
            write!(f, ".{:09}Z", self.nanos)
        }
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `civil_from_days`, public-domain algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // Both are small by construction (1..=31, 1..=12).
    (y, u32::try_from(m).unwrap_or(1), u32::try_from(d).unwrap_or(1))
}

/// How a message travelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Transport {
    /// One UDP datagram (after IP reassembly).
    Udp,
    /// A TCP stream, framed by `Content-Length`.
    Tcp,
    /// A WebSocket message (RFC 6455) over a TCP stream.
    Ws,
}

impl Transport {
    /// `udp`, `tcp` or `ws`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Udp => "udp",
            Self::Tcp => "tcp",
            Self::Ws => "ws",
        }
    }
}

/// What a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// A SIP request or response (RFC 3261); [`Message::sip`] holds its facts.
    Sip,
    /// A WebSocket text message that is not SIP (JSON signalling, mostly):
    /// the log extractor reads it.
    WebSocketText,
}

impl MessageKind {
    /// `sip` or `websocket-text`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sip => "sip",
            Self::WebSocketText => "websocket-text",
        }
    }
}

/// Where a run of a message's bytes lies in the capture file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Offset of the run in [`Message::bytes`].
    pub at: usize,
    /// Offset of the run's first byte in the capture file. For a masked
    /// WebSocket frame these are the masked bytes.
    pub file_offset: u64,
    /// Length of the run.
    pub len: usize,
    /// The frame (1-based) that carried the run.
    pub frame: u64,
}

/// One message found in a capture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The frame that completed the message (1-based, as Wireshark numbers
    /// frames and shows a reassembled message).
    pub frame: u64,
    /// The frame that carried the message's first byte.
    pub first_frame: u64,
    /// The time of [`Message::frame`].
    pub time: Timestamp,
    /// Sender.
    pub src: SocketAddr,
    /// Receiver.
    pub dst: SocketAddr,
    /// How it travelled.
    pub transport: Transport,
    /// SIP or another WebSocket text message.
    pub kind: MessageKind,
    /// The whole message: for SIP the start line, headers and body.
    pub bytes: Vec<u8>,
    /// Where the body starts in `bytes` (after the blank line); `bytes.len()`
    /// when there is none. 0 for a WebSocket text message.
    pub body_offset: usize,
    /// Where runs of `bytes` lie in the capture file, in order (at most
    /// 4096 runs are recorded; later bytes then have no position).
    pub pieces: Vec<Piece>,
    /// The dialog facts of a SIP message.
    pub sip: Option<SipFacts>,
}

impl Message {
    /// The body (SDP, JSON, ...): `bytes[body_offset..]`.
    pub fn body(&self) -> &[u8] {
        self.bytes.get(self.body_offset..).unwrap_or_default()
    }

    /// Offset in the capture file of the message's first byte (SARIF
    /// `region.byteOffset`).
    pub fn file_offset(&self) -> Option<u64> {
        self.pieces.first().map(|p| p.file_offset)
    }

    /// Length of the first contiguous run of the message in the capture
    /// file (SARIF `region.byteLength`).
    pub fn file_length(&self) -> usize {
        self.pieces.first().map_or(0, |p| p.len)
    }

    /// The position in the capture file of the byte at `offset` in
    /// [`Message::bytes`], with the frame that carried it.
    pub fn locate(&self, offset: usize) -> Option<(u64, u64)> {
        let i = self.pieces.partition_point(|p| p.at + p.len <= offset);
        let p = self.pieces.get(i)?;
        let delta = offset.checked_sub(p.at)?;
        (delta < p.len).then(|| (p.file_offset + delta as u64, p.frame))
    }
}

/// Something that kept a message from being read, or a fact the user must
/// know to trust the result (an encrypted connection nobody can read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The frame it concerns, when one does.
    pub frame: Option<u64>,
    /// What happened.
    pub kind: NoticeKind,
}

/// What a [`Notice`] reports.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoticeKind {
    /// The file ends inside a record: the capture was cut short (a capture
    /// still being written, or copied before it was closed).
    TruncatedCapture {
        /// Offset of the incomplete record.
        offset: u64,
    },
    /// A record that is not valid pcap/pcapng: reading stops there.
    CorruptRecord {
        /// Offset of the record.
        offset: u64,
    },
    /// A record longer than [`CaptureLimits::max_record`]: reading stops.
    RecordTooLarge {
        /// Offset of the record.
        offset: u64,
    },
    /// Reading the input failed.
    ReadError {
        /// The I/O error's text.
        message: String,
    },
    /// A packet carrying signalling was cut by the capture's snap length.
    SnapLengthCut {
        /// Bytes captured.
        captured: u32,
        /// Bytes on the wire.
        original: u32,
    },
    /// A link type the reader does not decode (once per interface).
    UnsupportedLinkType {
        /// The pcap LINKTYPE_ value.
        linktype: i32,
    },
    /// Bytes of a TCP stream never seen (lost by the capture): the message
    /// they belonged to is dropped, reading resumes at the next message.
    TcpGap {
        /// Sender.
        src: SocketAddr,
        /// Receiver.
        dst: SocketAddr,
        /// How many bytes are missing.
        missing: u64,
    },
    /// A TCP direction held more than a reassembly cap allows: its
    /// buffered bytes were dropped.
    ReassemblyLimit {
        /// Sender.
        src: SocketAddr,
        /// Receiver.
        dst: SocketAddr,
    },
    /// More TCP directions than [`CaptureLimits::max_streams`]: the least
    /// recently active ones were dropped (the count).
    StreamLimit {
        /// How many directions were dropped.
        dropped: usize,
    },
    /// Fragments dropped: too many datagrams or bytes awaiting reassembly,
    /// or (at the end) datagrams whose fragments never all arrived.
    FragmentsDropped {
        /// How many datagrams.
        datagrams: usize,
    },
    /// A message larger than [`CaptureLimits::max_message`] was skipped.
    MessageTooLarge {
        /// Sender.
        src: SocketAddr,
        /// Receiver.
        dst: SocketAddr,
        /// Its size (as declared, or as far as it was read).
        size: u64,
    },
    /// A TCP stream that was SIP stopped mid-message (the connection closed
    /// or the capture ended).
    IncompleteMessage {
        /// Sender.
        src: SocketAddr,
        /// Receiver.
        dst: SocketAddr,
    },
    /// Bytes in a SIP stream that are not a SIP message were skipped up to
    /// the next start line.
    Garbage {
        /// Sender.
        src: SocketAddr,
        /// Receiver.
        dst: SocketAddr,
        /// How many bytes were skipped.
        skipped: u64,
    },
    /// A TLS connection (SIP over TLS, WSS): it cannot be read without its
    /// keys and was skipped (once per connection).
    Encrypted {
        /// The side that sent the first TLS record seen.
        src: SocketAddr,
        /// The other side.
        dst: SocketAddr,
    },
    /// A WebSocket connection compresses its messages (permessage-deflate,
    /// RFC 7692), which the reader does not inflate: its compressed
    /// messages were skipped (once per direction).
    Compressed {
        /// Sender.
        src: SocketAddr,
        /// Receiver.
        dst: SocketAddr,
    },
    /// More notices of one kind than [`CaptureLimits::max_notices_per_kind`].
    Suppressed {
        /// The kind's name ([`NoticeKind::name`]).
        kind: &'static str,
        /// How many were not yielded.
        count: u64,
    },
}

impl NoticeKind {
    /// A stable kebab-case name for the kind.
    pub fn name(&self) -> &'static str {
        match self {
            Self::TruncatedCapture { .. } => "truncated-capture",
            Self::CorruptRecord { .. } => "corrupt-record",
            Self::RecordTooLarge { .. } => "record-too-large",
            Self::ReadError { .. } => "read-error",
            Self::SnapLengthCut { .. } => "snap-length-cut",
            Self::UnsupportedLinkType { .. } => "unsupported-link-type",
            Self::TcpGap { .. } => "tcp-gap",
            Self::ReassemblyLimit { .. } => "reassembly-limit",
            Self::StreamLimit { .. } => "stream-limit",
            Self::FragmentsDropped { .. } => "fragments-dropped",
            Self::MessageTooLarge { .. } => "message-too-large",
            Self::IncompleteMessage { .. } => "incomplete-message",
            Self::Garbage { .. } => "garbage",
            Self::Encrypted { .. } => "encrypted",
            Self::Compressed { .. } => "compressed",
            Self::Suppressed { .. } => "suppressed",
        }
    }

    fn index(&self) -> usize {
        match self {
            Self::TruncatedCapture { .. } => 0,
            Self::CorruptRecord { .. } => 1,
            Self::RecordTooLarge { .. } => 2,
            Self::ReadError { .. } => 3,
            Self::SnapLengthCut { .. } => 4,
            Self::UnsupportedLinkType { .. } => 5,
            Self::TcpGap { .. } => 6,
            Self::ReassemblyLimit { .. } => 7,
            Self::StreamLimit { .. } => 8,
            Self::FragmentsDropped { .. } => 9,
            Self::MessageTooLarge { .. } => 10,
            Self::IncompleteMessage { .. } => 11,
            Self::Garbage { .. } => 12,
            Self::Encrypted { .. } => 13,
            Self::Compressed { .. } => 14,
            Self::Suppressed { .. } => 15,
        }
    }
}

/// The number of [`NoticeKind`] variants (for the per-kind counters).
const NOTICE_KINDS: usize = 16;

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(frame) = self.frame {
            write!(f, "frame {frame}: ")?;
        }
        fmt::Display::fmt(&self.kind, f)
    }
}

impl fmt::Display for NoticeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TruncatedCapture { offset } => {
                write!(f, "the capture is truncated: it ends inside the record at byte {offset}")
            }
            Self::CorruptRecord { offset } => {
                write!(f, "not a valid capture record at byte {offset}; reading stopped there")
            }
            Self::RecordTooLarge { offset } => {
                write!(f, "the capture record at byte {offset} is too large; reading stopped there")
            }
            Self::ReadError { message } => write!(f, "reading the capture failed: {message}"),
            Self::SnapLengthCut { captured, original } => write!(
                f,
                "packet cut by the snap length ({captured} of {original} bytes captured); \
                 its signalling could not be read (capture with -s 0)"
            ),
            Self::UnsupportedLinkType { linktype } => {
                write!(f, "link type {linktype} is not decoded; its packets were skipped")
            }
            Self::TcpGap { src, dst, missing } => write!(
                f,
                "{missing} bytes of the TCP stream {src} -> {dst} were not captured; \
                 the message they belonged to was skipped"
            ),
            Self::ReassemblyLimit { src, dst } => write!(
                f,
                "the TCP stream {src} -> {dst} outgrew the reassembly buffer; its buffered bytes were dropped"
            ),
            Self::StreamLimit { dropped } => write!(
                f,
                "too many TCP streams at once: {dropped} least recently active were dropped"
            ),
            Self::FragmentsDropped { datagrams } => write!(
                f,
                "{datagrams} fragmented IP datagrams could not be reassembled (fragments missing or over the limit)"
            ),
            Self::MessageTooLarge { src, dst, size } => {
                write!(
                    f,
                    "a message of {size} bytes from {src} to {dst} is over the size limit; skipped"
                )
            }
            Self::IncompleteMessage { src, dst } => {
                write!(f, "the TCP stream {src} -> {dst} ends inside a SIP message; it was skipped")
            }
            Self::Garbage { src, dst, skipped } => write!(
                f,
                "{skipped} bytes that are not SIP were skipped in the stream {src} -> {dst}"
            ),
            Self::Encrypted { src, dst } => write!(
                f,
                "the connection {src} <-> {dst} is encrypted (TLS: SIPS or WSS); it was skipped"
            ),
            Self::Compressed { src, dst } => write!(
                f,
                "the WebSocket stream {src} -> {dst} is compressed (permessage-deflate); its messages were skipped"
            ),
            Self::Suppressed { kind, count } => {
                write!(f, "{count} more `{kind}` notices were not shown")
            }
        }
    }
}

/// What the reader yields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A message found (boxed: a message is several times a notice's size).
    Message(Box<Message>),
    /// Something to know about the capture.
    Notice(Notice),
}

/// The input is not a capture the reader can open.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CaptureError {
    /// The first bytes are not a pcap or pcapng magic number.
    #[error("not a pcap or pcapng capture (unknown magic number)")]
    NotACapture,
    /// The file header is cut short or invalid.
    #[error("the capture's file header is truncated or invalid")]
    BadHeader,
    /// Reading failed.
    #[error("reading the capture failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Counters of what was read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CaptureStats {
    /// Frames (packet records) read.
    pub frames: u64,
    /// Bytes of the capture consumed.
    pub bytes: u64,
    /// Messages yielded.
    pub messages: u64,
}

/// Whether `prefix` (the first bytes of an input) starts like a capture.
pub fn sniff(prefix: &[u8]) -> Option<Format> {
    file::sniff(prefix)
}

/// Queues events and applies the per-kind notice cap.
pub(crate) struct Sink {
    events: VecDeque<Event>,
    counts: [u64; NOTICE_KINDS],
    max_per_kind: u64,
    messages: u64,
}

impl Sink {
    fn new(max_per_kind: usize) -> Self {
        Self {
            events: VecDeque::new(),
            counts: [0; NOTICE_KINDS],
            max_per_kind: max_per_kind as u64,
            messages: 0,
        }
    }

    pub(crate) fn notice(&mut self, frame: Option<u64>, kind: NoticeKind) {
        let count = &mut self.counts[kind.index()];
        *count += 1;
        if *count <= self.max_per_kind {
            self.events.push_back(Event::Notice(Notice { frame, kind }));
        }
    }

    pub(crate) fn message(&mut self, message: Message) {
        self.messages += 1;
        self.events.push_back(Event::Message(Box::new(message)));
    }

    /// The "n more were not shown" notices, once at the end.
    fn summarize(&mut self) {
        const NAMES: [&str; NOTICE_KINDS] = [
            "truncated-capture",
            "corrupt-record",
            "record-too-large",
            "read-error",
            "snap-length-cut",
            "unsupported-link-type",
            "tcp-gap",
            "reassembly-limit",
            "stream-limit",
            "fragments-dropped",
            "message-too-large",
            "incomplete-message",
            "garbage",
            "encrypted",
            "compressed",
            "suppressed",
        ];
        for (i, &count) in self.counts.iter().enumerate() {
            if count > self.max_per_kind {
                self.events.push_back(Event::Notice(Notice {
                    frame: None,
                    kind: NoticeKind::Suppressed {
                        kind: NAMES[i],
                        count: count - self.max_per_kind,
                    },
                }));
            }
        }
    }
}

impl Frame<'_> {
    /// The notice for a frame cut by the snap length.
    pub(crate) fn cut_notice(&self, sink: &mut Sink) {
        sink.notice(
            Some(self.number),
            NoticeKind::SnapLengthCut {
                captured: u32::try_from(self.data.len()).unwrap_or(u32::MAX),
                original: self.original,
            },
        );
    }
}

/// A frame as the link layer hands it on.
pub(crate) struct Frame<'a> {
    pub(crate) number: u64,
    pub(crate) time: Timestamp,
    pub(crate) linktype: i32,
    pub(crate) data: &'a [u8],
    /// Offset of `data[0]` in the capture file.
    pub(crate) offset: u64,
    /// Length on the wire.
    pub(crate) original: u32,
}

/// A streaming reader of signalling in a pcap or pcapng capture; an
/// iterator of [`Event`]s. See the [module docs](self).
pub struct CaptureReader<R: Read> {
    file: file::Records<R>,
    decoder: Decoder,
    sink: Sink,
    finished: bool,
}

/// Everything past the file format: link, IP, transport state.
struct Decoder {
    ip: ip::Ip,
    tcp: tcp::Tcp,
    unsupported_links: Vec<i32>,
}

impl<R: Read> CaptureReader<R> {
    /// Opens a capture with the default [`CaptureLimits`].
    ///
    /// # Errors
    /// When the input is not pcap or pcapng, or its header cannot be read.
    pub fn new(input: R) -> Result<Self, CaptureError> {
        Self::with_limits(input, CaptureLimits::default())
    }

    /// Opens a capture with the given limits.
    ///
    /// # Errors
    /// When the input is not pcap or pcapng, or its header cannot be read.
    pub fn with_limits(input: R, limits: CaptureLimits) -> Result<Self, CaptureError> {
        let file = file::Records::open(input, limits.max_record)?;
        Ok(Self {
            file,
            decoder: Decoder {
                ip: ip::Ip::new(&limits),
                tcp: tcp::Tcp::new(&limits),
                unsupported_links: Vec::new(),
            },
            sink: Sink::new(limits.max_notices_per_kind),
            finished: false,
        })
    }

    /// The capture's format.
    pub fn format(&self) -> Format {
        self.file.format()
    }

    /// What was read so far.
    pub fn stats(&self) -> CaptureStats {
        CaptureStats {
            frames: self.file.frames(),
            bytes: self.file.consumed(),
            messages: self.sink.messages,
        }
    }
}

impl Decoder {
    fn frame(&mut self, frame: &Frame<'_>, sink: &mut Sink) {
        let ip_start = match link::ip_start(frame.linktype, frame.data) {
            Ok(start) => start,
            Err(link::Skip::NotIp) => return,
            Err(link::Skip::Unsupported) => {
                if !self.unsupported_links.contains(&frame.linktype)
                    && self.unsupported_links.len() < 64
                {
                    self.unsupported_links.push(frame.linktype);
                    sink.notice(
                        Some(frame.number),
                        NoticeKind::UnsupportedLinkType { linktype: frame.linktype },
                    );
                }
                return;
            }
        };
        let Some(packet) = self.ip.packet(frame, ip_start, sink) else { return };
        match packet.protocol {
            ip::Protocol::Udp => udp(frame, &packet, sink),
            ip::Protocol::Tcp => self.tcp.segment(frame, &packet, sink),
        }
    }

    fn finish(&mut self, sink: &mut Sink) {
        self.tcp.finish(sink);
        self.ip.finish(sink);
    }
}

/// A UDP datagram: one SIP message at most (RFC 3261 18.3: the datagram
/// is the message; bytes past `Content-Length` are discarded).
fn udp(frame: &Frame<'_>, packet: &ip::Packet<'_>, sink: &mut Sink) {
    let Ok(udp) = etherparse::UdpSlice::from_slice_lax(&packet.payload) else { return };
    let payload = udp.payload();
    let Some(start) = sip::message_start(payload) else { return };
    if packet.cut {
        frame.cut_notice(sink);
        return;
    }
    // Where the UDP payload starts in the IP payload (the header's 8 bytes;
    // taken from the slices themselves, which etherparse cuts from it).
    let Some(payload_at) = ip::offset_in(&packet.payload, payload) else { return };
    let bytes = &payload[start..];
    let (len, body_offset) = match sip::header_end(bytes) {
        Some(body) => {
            let facts_len = sip::content_length(&bytes[..body]).unwrap_or(bytes.len() - body);
            ((body + facts_len).min(bytes.len()), body)
        }
        None => (bytes.len(), bytes.len()),
    };
    let bytes = bytes[..len].to_vec();
    let pieces = packet.pieces_for(payload_at + start, len);
    let facts = sip::facts(&bytes[..body_offset]);
    sink.message(Message {
        frame: frame.number,
        first_frame: pieces.first().map_or(frame.number, |p| p.frame),
        time: frame.time,
        src: SocketAddr::new(packet.src, udp.source_port()),
        dst: SocketAddr::new(packet.dst, udp.destination_port()),
        transport: Transport::Udp,
        kind: MessageKind::Sip,
        bytes,
        body_offset,
        pieces,
        sip: Some(facts),
    });
}

impl<R: Read> Iterator for CaptureReader<R> {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(event) = self.sink.events.pop_front() {
                return Some(event);
            }
            if self.finished {
                return None;
            }
            let Self { file, decoder, sink, .. } = self;
            let more = file.next_frame(sink, |frame, sink| decoder.frame(frame, sink));
            if !more {
                decoder.finish(sink);
                sink.summarize();
                self.finished = true;
            }
        }
    }
}
