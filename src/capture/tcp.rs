//! TCP stream reassembly, per direction, in sequence order.
//!
//! Each direction (source → destination) keeps the sequence number it
//! expects next. A segment at it is handed to the framer; one before it is
//! a retransmission (dropped, or trimmed where it overlaps and carries new
//! bytes); one after it waits, ordered by position, until the hole fills.
//! A hole that never fills (bytes the capture lost) is skipped once the
//! waiting bytes reach the stream's cap, or at FIN / the end of the capture,
//! with a notice. Sequence numbers wrap (RFC 9293 3.4): positions are
//! computed from signed 32-bit differences, so a stream of any length works.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;

use etherparse::TcpSlice;

use super::ip::Packet;
use super::stream::{Found, Framer, Now};
use super::{CaptureLimits, Frame, NoticeKind, Piece, Sink};

type Key = (SocketAddr, SocketAddr);

/// `seq + n` in sequence space (mod 2^32, RFC 9293 3.4).
#[expect(clippy::cast_possible_truncation, reason = "sequence numbers wrap mod 2^32")]
fn seq_add(seq: u32, n: u64) -> u32 {
    seq.wrapping_add(n as u32)
}

/// How far `seq` is past `next` (negative: before it), for segments
/// within 2 GiB of the expected one.
#[expect(clippy::cast_possible_wrap, reason = "the difference is signed mod 2^32")]
fn seq_delta(seq: u32, next: u32) -> i64 {
    i64::from(seq.wrapping_sub(next) as i32)
}

/// A segment waiting for the bytes before it.
struct Waiting {
    data: Vec<u8>,
    pieces: Vec<Piece>,
}

struct Direction {
    /// The sequence number expected next.
    next_seq: u32,
    /// Stream position of `next_seq`.
    pos: u64,
    waiting: BTreeMap<u64, Waiting>,
    waiting_bytes: usize,
    framer: Framer,
    /// The last frame seen in this direction.
    last: Now,
}

/// What a waiting segment costs beyond its bytes (map node, vectors), so
/// that one-byte segments are counted at their real weight.
const WAITING_OVERHEAD: usize = 96;

impl Direction {
    fn buffered(&self) -> usize {
        self.waiting_bytes + self.framer.buffered()
    }
}

fn waiting_cost(w: &Waiting) -> usize {
    w.data.len() + w.pieces.len() * size_of::<Piece>() + WAITING_OVERHEAD
}

/// Every direction being followed.
pub(crate) struct Tcp {
    streams: HashMap<Key, Direction>,
    /// Connections (lower address first) already reported as encrypted.
    encrypted: HashSet<Key>,
    total: usize,
    limits: CaptureLimits,
}

fn normalized(a: SocketAddr, b: SocketAddr) -> Key {
    if a <= b { (a, b) } else { (b, a) }
}

impl Tcp {
    pub(crate) fn new(limits: &CaptureLimits) -> Self {
        Self { streams: HashMap::new(), encrypted: HashSet::new(), total: 0, limits: *limits }
    }

    pub(crate) fn segment(&mut self, frame: &Frame<'_>, packet: &Packet<'_>, sink: &mut Sink) {
        let Ok(tcp) = TcpSlice::from_slice(&packet.payload) else { return };
        let src = SocketAddr::new(packet.src, tcp.source_port());
        let dst = SocketAddr::new(packet.dst, tcp.destination_port());
        let key = (src, dst);
        let now = Now { frame: frame.number, time: frame.time };
        if tcp.rst() {
            self.close(key, sink);
            self.close((dst, src), sink);
            return;
        }
        let payload = tcp.payload();
        let seq = tcp.sequence_number();
        if tcp.syn() {
            // A new connection (or its SYN retransmitted): start afresh,
            // data begins at ISN + 1.
            self.close(key, sink);
            self.open(key, seq.wrapping_add(1), now, sink);
            return;
        }
        if !self.streams.contains_key(&key) {
            if payload.is_empty() {
                return;
            }
            // A connection whose handshake the capture did not see.
            self.open(key, seq, now, sink);
        }
        let Some(header_len) = super::ip::offset_in(&packet.payload, payload) else { return };
        let pieces = packet.pieces_for(header_len, payload.len());
        if packet.cut {
            let interesting = self.streams.get(&key).is_some_and(|d| !d.framer.ignored());
            if interesting {
                frame.cut_notice(sink);
            }
        }
        if !payload.is_empty() {
            self.data(key, seq, payload, pieces, frame, sink);
        }
        if tcp.fin() {
            self.close(key, sink);
        }
    }

    fn open(&mut self, key: Key, next_seq: u32, now: Now, sink: &mut Sink) {
        if self.streams.len() >= self.limits.max_streams.max(2) {
            self.evict_half(sink);
        }
        self.streams.insert(
            key,
            Direction {
                next_seq,
                pos: 0,
                waiting: BTreeMap::new(),
                waiting_bytes: 0,
                framer: Framer::new(key.0, key.1, 0, self.limits.max_message),
                last: now,
            },
        );
    }

    /// Drops the least recently active half of the directions.
    fn evict_half(&mut self, sink: &mut Sink) {
        let mut frames: Vec<u64> = self.streams.values().map(|d| d.last.frame).collect();
        frames.sort_unstable();
        let Some(&cutoff) = frames.get(frames.len() / 2) else { return };
        let before = self.streams.len();
        let mut freed = 0;
        self.streams.retain(|_, d| {
            let keep = d.last.frame > cutoff;
            if !keep {
                freed += d.buffered();
            }
            keep
        });
        self.total -= freed;
        sink.notice(None, NoticeKind::StreamLimit { dropped: before - self.streams.len() });
        if self.encrypted.len() > self.limits.max_streams {
            self.encrypted.clear();
        }
    }

    fn data(
        &mut self,
        key: Key,
        seq: u32,
        payload: &[u8],
        pieces: Vec<Piece>,
        frame: &Frame<'_>,
        sink: &mut Sink,
    ) {
        let Some(d) = self.streams.get_mut(&key) else { return };
        let now = Now { frame: frame.number, time: frame.time };
        d.last = now;
        if d.framer.ignored() {
            // Nothing is kept for an ignored stream; only follow its
            // position so nothing waits.
            d.next_seq = seq_add(seq, payload.len() as u64);
            return;
        }
        let before = d.buffered();
        let pos = i128::from(d.pos);
        let seg_pos = pos + i128::from(seq_delta(seq, d.next_seq));
        let seg_end = seg_pos + i128::from(payload.len() as u64);
        let mut found = Found::Nothing;
        if seg_end <= pos {
            // A retransmission of bytes already read.
        } else if seg_pos <= pos {
            let trim = usize::try_from(pos - seg_pos).unwrap_or(0);
            let pieces = super::ip::clip(&pieces, trim, payload.len() - trim);
            found = deliver(d, &payload[trim..], &pieces, now, sink);
            found = drain(d, now, sink, found);
        } else if let Ok(at) = u64::try_from(seg_pos) {
            // Ahead of a hole: wait. The first copy of a position is kept;
            // a longer retransmission replaces a shorter one.
            let keep = d.waiting.get(&at).is_none_or(|w| w.data.len() < payload.len());
            if keep {
                let w = Waiting { data: payload.to_vec(), pieces };
                d.waiting_bytes += waiting_cost(&w);
                if let Some(old) = d.waiting.insert(at, w) {
                    d.waiting_bytes -= waiting_cost(&old);
                }
            }
            if d.buffered() > self.limits.max_stream_buffer {
                found = skip_hole(d, now, sink, found);
            }
        }
        let after = d.buffered();
        self.total = self.total + after - before;
        if found == Found::Tls {
            let (src, dst) = key;
            if self.encrypted.insert(normalized(src, dst)) {
                sink.notice(Some(frame.number), NoticeKind::Encrypted { src, dst });
            }
        }
        if self.total > self.limits.max_total_stream_buffer
            || self.streams.get(&key).is_some_and(|d| d.buffered() > self.limits.max_stream_buffer)
        {
            self.overflow(key, frame.number, sink);
        }
    }

    /// A cap was reached with `key` growing: its buffered bytes go.
    fn overflow(&mut self, key: Key, frame: u64, sink: &mut Sink) {
        let Some(d) = self.streams.get_mut(&key) else { return };
        let freed = d.buffered();
        let end = d.waiting.last_key_value().map_or(d.pos, |(at, w)| at + w.data.len() as u64);
        let pos = d.pos.max(end);
        d.next_seq = seq_add(d.next_seq, pos - d.pos);
        d.pos = pos;
        d.waiting.clear();
        d.waiting_bytes = 0;
        d.framer.drop_buffered(pos);
        self.total -= freed;
        sink.notice(Some(frame), NoticeKind::ReassemblyLimit { src: key.0, dst: key.1 });
    }

    /// The direction ended: what waits behind a hole is read after a gap
    /// notice, then the framer is told.
    fn close(&mut self, key: Key, sink: &mut Sink) {
        let Some(mut d) = self.streams.remove(&key) else { return };
        let before = d.buffered();
        let mut found = Found::Nothing;
        let now = d.last;
        while !d.waiting.is_empty() {
            found = skip_hole(&mut d, now, sink, found);
        }
        d.framer.finish(sink);
        self.total -= before.min(self.total);
        if found == Found::Tls && self.encrypted.insert(normalized(key.0, key.1)) {
            sink.notice(None, NoticeKind::Encrypted { src: key.0, dst: key.1 });
        }
    }

    /// The end of the capture: every direction closes.
    pub(crate) fn finish(&mut self, sink: &mut Sink) {
        let mut keys: Vec<Key> = self.streams.keys().copied().collect();
        // Deterministic notice order.
        keys.sort_unstable();
        for key in keys {
            self.close(key, sink);
        }
    }
}

fn deliver(d: &mut Direction, data: &[u8], pieces: &[Piece], now: Now, sink: &mut Sink) -> Found {
    d.pos += data.len() as u64;
    d.next_seq = seq_add(d.next_seq, data.len() as u64);
    d.framer.push(data, pieces, now, sink)
}

/// Hands on the waiting segments that have become contiguous.
fn drain(d: &mut Direction, now: Now, sink: &mut Sink, mut found: Found) -> Found {
    while let Some(entry) = d.waiting.first_entry() {
        let at = *entry.key();
        if at > d.pos {
            break;
        }
        let w = entry.remove();
        d.waiting_bytes -= waiting_cost(&w);
        let end = at + w.data.len() as u64;
        if end <= d.pos {
            continue;
        }
        let trim = usize::try_from(d.pos - at).unwrap_or(0);
        let pieces = super::ip::clip(&w.pieces, trim, w.data.len() - trim);
        if deliver(d, &w.data[trim..], &pieces, now, sink) == Found::Tls {
            found = Found::Tls;
        }
    }
    found
}

/// Jumps over the hole before the first waiting segment (a gap notice),
/// then reads on.
fn skip_hole(d: &mut Direction, now: Now, sink: &mut Sink, found: Found) -> Found {
    let Some((&at, _)) = d.waiting.first_key_value() else { return found };
    if at > d.pos {
        let missing = at - d.pos;
        // Only a stream that is (or may be) signalling is worth a notice.
        if d.framer.is_signalling() || (!d.framer.ignored() && d.framer.buffered() > 0) {
            let (src, dst) = d.framer.endpoints();
            sink.notice(None, NoticeKind::TcpGap { src, dst, missing });
        }
        d.next_seq = seq_add(d.next_seq, missing);
        d.pos = at;
        d.framer.drop_buffered(at);
    }
    drain(d, now, sink, found)
}
