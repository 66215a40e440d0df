//! IPv4 / IPv6 (etherparse) and the reassembly of IP fragments.
//!
//! A SIP message over UDP larger than the path MTU arrives as fragments
//! (RFC 791 for IPv4; RFC 8200 4.5, the Fragment header, for IPv6). They
//! are kept per datagram (source, destination, protocol, identification)
//! until the datagram is whole, within caps on datagrams and bytes; the
//! oldest half is dropped when a cap is reached, with a notice.

use std::borrow::Cow;
use std::collections::HashMap;
use std::net::IpAddr;

use etherparse::{IpNumber, Ipv6ExtensionSlice, LaxIpSlice};

use super::{CaptureLimits, Frame, NoticeKind, Piece, Sink};

/// The transports read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Protocol {
    Udp,
    Tcp,
}

/// An IP payload (a UDP or TCP header and data), whole.
pub(crate) struct Packet<'a> {
    pub(crate) src: IpAddr,
    pub(crate) dst: IpAddr,
    pub(crate) protocol: Protocol,
    pub(crate) payload: Cow<'a, [u8]>,
    /// The frame was cut by the snap length inside this payload.
    pub(crate) cut: bool,
    /// Where `payload`'s bytes lie in the capture file.
    origin: Origin,
}

enum Origin {
    /// One frame: `payload[0]` is at this file offset.
    Direct { offset: u64, frame: u64 },
    /// Reassembled: runs with `at` relative to `payload`.
    Reassembled(Vec<Piece>),
}

/// Most runs recorded for a message (see [`super::Message::pieces`]).
pub(crate) const MAX_PIECES: usize = 4096;

impl Packet<'_> {
    /// The file runs of `payload[at..at + len]`, with `at` relative to
    /// `at` (so they start at 0).
    pub(crate) fn pieces_for(&self, at: usize, len: usize) -> Vec<Piece> {
        match &self.origin {
            Origin::Direct { offset, frame } => {
                vec![Piece { at: 0, file_offset: offset + at as u64, len, frame: *frame }]
            }
            Origin::Reassembled(pieces) => clip(pieces, at, len),
        }
    }
}

/// Where `inner`, a slice that etherparse cut from `outer`, starts in it;
/// `None` if it is not inside (an empty payload may be a static slice).
pub(crate) fn offset_in(outer: &[u8], inner: &[u8]) -> Option<usize> {
    let at = (inner.as_ptr() as usize).checked_sub(outer.as_ptr() as usize)?;
    (at.checked_add(inner.len())? <= outer.len()).then_some(at)
}

/// The runs of `pieces` that cover `[at, at + len)`, rebased to start at 0.
pub(crate) fn clip(pieces: &[Piece], at: usize, len: usize) -> Vec<Piece> {
    let end = at + len;
    let first = pieces.partition_point(|p| p.at + p.len <= at);
    let mut out = Vec::new();
    for p in &pieces[first..] {
        if p.at >= end || out.len() >= MAX_PIECES {
            break;
        }
        let start = p.at.max(at);
        let stop = (p.at + p.len).min(end);
        out.push(Piece {
            at: start - at,
            file_offset: p.file_offset + (start - p.at) as u64,
            len: stop - start,
            frame: p.frame,
        });
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct DatagramId {
    src: IpAddr,
    dst: IpAddr,
    protocol: u8,
    id: u32,
}

struct Fragment {
    offset: usize,
    data: Vec<u8>,
    file_offset: u64,
    frame: u64,
}

#[derive(Default)]
struct Pending {
    fragments: Vec<Fragment>,
    /// The datagram's length, known once the last fragment arrived.
    total: Option<usize>,
    bytes: usize,
    last_frame: u64,
}

/// Fragments of one datagram beyond this are hostile (a 65535-byte
/// datagram over a 576-byte MTU is 119 fragments).
const MAX_FRAGMENTS_PER_DATAGRAM: usize = 256;
/// The largest IP payload: 16-bit length fields (no jumbograms).
const MAX_DATAGRAM: usize = 65_535;

/// Fragment reassembly state.
pub(crate) struct Ip {
    pending: HashMap<DatagramId, Pending>,
    bytes: usize,
    max_datagrams: usize,
    max_bytes: usize,
}

impl Ip {
    pub(crate) fn new(limits: &CaptureLimits) -> Self {
        Self {
            pending: HashMap::new(),
            bytes: 0,
            max_datagrams: limits.max_fragmented_datagrams.max(1),
            max_bytes: limits.max_fragment_bytes,
        }
    }

    /// The UDP or TCP payload of the frame's IP packet, once whole.
    pub(crate) fn packet<'a>(
        &mut self,
        frame: &Frame<'a>,
        ip_start: usize,
        sink: &mut Sink,
    ) -> Option<Packet<'a>> {
        let bytes = frame.data.get(ip_start..)?;
        let (ip, _) = LaxIpSlice::from_slice(bytes).ok()?;
        let payload = ip.payload();
        let protocol = match payload.ip_number {
            IpNumber::UDP => Protocol::Udp,
            IpNumber::TCP => Protocol::Tcp,
            _ => return None,
        };
        let (src, dst) = (ip.source_addr(), ip.destination_addr());
        let data = payload.payload;
        let at = offset_in(frame.data, data)?;
        let offset = frame.offset + at as u64;
        let cut = payload.incomplete;
        if !payload.fragmented {
            return Some(Packet {
                src,
                dst,
                protocol,
                payload: Cow::Borrowed(data),
                cut,
                origin: Origin::Direct { offset, frame: frame.number },
            });
        }
        let (id, frag_offset, more) = match &ip {
            LaxIpSlice::Ipv4(v4) => {
                let h = v4.header();
                (
                    u32::from(h.identification()),
                    usize::from(h.fragments_offset().byte_offset()),
                    h.more_fragments(),
                )
            }
            LaxIpSlice::Ipv6(v6) => {
                let fragment = v6.extensions().clone().into_iter().find_map(|e| match e {
                    Ipv6ExtensionSlice::Fragment(f) => Some(f),
                    _ => None,
                })?;
                (
                    fragment.identification(),
                    usize::from(fragment.fragment_offset().byte_offset()),
                    fragment.more_fragments(),
                )
            }
        };
        if cut {
            // A cut fragment leaves a hole the datagram never fills.
            frame.cut_notice(sink);
            return None;
        }
        let key = DatagramId { src, dst, protocol: payload.ip_number.0, id };
        let whole = self.add(key, frag_offset, more, data, offset, frame.number, sink)?;
        Some(Packet {
            src,
            dst,
            protocol,
            payload: Cow::Owned(whole.0),
            cut: false,
            origin: Origin::Reassembled(whole.1),
        })
    }

    #[expect(clippy::too_many_arguments, reason = "one fragment's facts")]
    fn add(
        &mut self,
        key: DatagramId,
        offset: usize,
        more: bool,
        data: &[u8],
        file_offset: u64,
        frame: u64,
        sink: &mut Sink,
    ) -> Option<(Vec<u8>, Vec<Piece>)> {
        if offset + data.len() > MAX_DATAGRAM {
            return None;
        }
        if !self.pending.contains_key(&key) && self.pending.len() >= self.max_datagrams {
            self.evict_half(sink);
        }
        while self.bytes + data.len() > self.max_bytes && !self.pending.is_empty() {
            self.evict_half(sink);
        }
        if data.len() > self.max_bytes {
            return None;
        }
        let entry = self.pending.entry(key).or_default();
        if entry.fragments.len() >= MAX_FRAGMENTS_PER_DATAGRAM {
            let dropped = self.pending.remove(&key).map_or(0, |p| p.bytes);
            self.bytes -= dropped;
            sink.notice(Some(frame), NoticeKind::FragmentsDropped { datagrams: 1 });
            return None;
        }
        entry.fragments.push(Fragment { offset, data: data.to_vec(), file_offset, frame });
        entry.bytes += data.len();
        entry.last_frame = frame;
        self.bytes += data.len();
        if !more {
            entry.total = Some(offset + data.len());
        }
        let total = entry.total?;
        // Whole when the fragments, in offset order, leave no hole up to
        // the end. Overlaps (retransmitted fragments) keep the first copy.
        entry.fragments.sort_by_key(|f| f.offset);
        let mut covered = 0;
        for f in &entry.fragments {
            if f.offset > covered {
                return None;
            }
            covered = covered.max(f.offset + f.data.len());
        }
        if covered < total {
            return None;
        }
        let done = self.pending.remove(&key)?;
        self.bytes -= done.bytes;
        let mut whole = Vec::with_capacity(total);
        let mut pieces = Vec::new();
        for f in done.fragments {
            let end = (f.offset + f.data.len()).min(total);
            if end <= whole.len() {
                continue;
            }
            let skip = whole.len() - f.offset;
            pieces.push(Piece {
                at: whole.len(),
                file_offset: f.file_offset + skip as u64,
                len: end - whole.len(),
                frame: f.frame,
            });
            whole.extend_from_slice(&f.data[skip..end - f.offset]);
        }
        Some((whole, pieces))
    }

    /// Drops the least recently completed-to half of the pending datagrams.
    fn evict_half(&mut self, sink: &mut Sink) {
        let mut frames: Vec<u64> = self.pending.values().map(|p| p.last_frame).collect();
        frames.sort_unstable();
        let Some(&cutoff) = frames.get(frames.len() / 2) else { return };
        let before = self.pending.len();
        let mut freed = 0;
        self.pending.retain(|_, p| {
            let keep = p.last_frame > cutoff;
            if !keep {
                freed += p.bytes;
            }
            keep
        });
        self.bytes -= freed;
        sink.notice(None, NoticeKind::FragmentsDropped { datagrams: before - self.pending.len() });
    }

    /// At the end: the datagrams that never became whole.
    pub(crate) fn finish(&mut self, sink: &mut Sink) {
        if !self.pending.is_empty() {
            sink.notice(None, NoticeKind::FragmentsDropped { datagrams: self.pending.len() });
            self.pending.clear();
            self.bytes = 0;
        }
    }
}
