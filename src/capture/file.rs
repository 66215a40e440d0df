//! pcap and pcapng records → frames (number, time, link type, file offset).
//!
//! pcap-parser does the record parsing over a bounded buffer; this layer
//! counts frames as Wireshark does (every packet record, 1-based), keeps
//! each pcapng interface's link type and time resolution, and turns the
//! reader's errors into notices (a truncated file, a corrupt record) rather
//! than failures: everything read before the damage is still reported.

use std::io::{self, Read};

use pcap_parser::pcapng::Block;
use pcap_parser::traits::PcapReaderIterator;
use pcap_parser::{LegacyPcapReader, PcapBlockOwned, PcapError, PcapNGReader};

use super::{CaptureError, Frame, NoticeKind, Sink, Timestamp};

/// The container format of a capture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// libpcap's classic format (either byte order, micro- or nanosecond).
    Pcap,
    /// pcapng (IETF draft-ietf-opsawg-pcapng).
    Pcapng,
}

/// The format whose magic number `prefix` starts with.
pub(crate) fn sniff(prefix: &[u8]) -> Option<Format> {
    let magic: [u8; 4] = prefix.get(..4)?.try_into().ok()?;
    match magic {
        // Microsecond, nanosecond (a1b23c4d) and Kuznetzov's modified
        // format (a1b2cd34), each in both byte orders.
        [0xa1, 0xb2, 0xc3, 0xd4]
        | [0xd4, 0xc3, 0xb2, 0xa1]
        | [0xa1, 0xb2, 0x3c, 0x4d]
        | [0x4d, 0x3c, 0xb2, 0xa1]
        | [0xa1, 0xb2, 0xcd, 0x34]
        | [0x34, 0xcd, 0xb2, 0xa1] => Some(Format::Pcap),
        // The Section Header Block type, the same in both byte orders.
        [0x0a, 0x0d, 0x0d, 0x0a] => Some(Format::Pcapng),
        _ => None,
    }
}

/// Makes every `read` fill the buffer unless the input ends: pcap-parser
/// takes a short read (a pipe) for the end of its current fill, and reads
/// the file header from a single `read`.
struct ReadFull<R>(R);

impl<R: Read> Read for ReadFull<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut filled = 0;
        while filled < buf.len() {
            match self.0.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    if filled == 0 {
                        return Err(e);
                    }
                    break;
                }
            }
        }
        Ok(filled)
    }
}

type Input<R> = ReadFull<io::Chain<io::Cursor<Vec<u8>>, R>>;

enum Reader<R: Read> {
    Legacy(LegacyPcapReader<Input<R>>),
    Ng(PcapNGReader<Input<R>>),
}

/// A pcapng interface: its link type and clock.
#[derive(Clone, Copy)]
struct Interface {
    linktype: i32,
    /// Timestamp units per second.
    resolution: u64,
    /// Seconds added to every timestamp (`if_tsoffset`).
    offset: i64,
}

/// The initial record buffer; it grows up to the record limit.
const INITIAL_BUFFER: usize = 256 << 10;

/// Record headers before the packet bytes: pcap record 16 (24 in
/// Kuznetzov's modified format, which adds interface index, protocol and
/// packet type), Enhanced Packet Block 28, Simple Packet Block 12.
const LEGACY_HEADER: u64 = 16;
const MODIFIED_LEGACY_HEADER: u64 = 24;
const EPB_HEADER: u64 = 28;
const SPB_HEADER: u64 = 12;

/// The records of a capture, read one at a time.
pub(crate) struct Records<R: Read> {
    reader: Reader<R>,
    format: Format,
    /// The legacy file's link type and whether its fractions are nanoseconds.
    legacy_linktype: i32,
    legacy_nanos: bool,
    legacy_big_endian: bool,
    legacy_header: u64,
    interfaces: Vec<Interface>,
    frames: u64,
    buffer_size: usize,
    max_record: usize,
    /// Consecutive refills that brought no complete record (a guard: the
    /// parser never asks for more than the buffer holds, but a bound costs
    /// nothing).
    stalls: u32,
}

impl<R: Read> Records<R> {
    pub(crate) fn open(mut input: R, max_record: usize) -> Result<Self, CaptureError> {
        let mut magic = vec![0; 4];
        let got = ReadFull(&mut input).read(&mut magic)?;
        let format = sniff(&magic[..got]).ok_or(CaptureError::NotACapture)?;
        let chained = ReadFull(io::Cursor::new(magic).chain(input));
        let buffer_size = INITIAL_BUFFER.min(max_record.max(4096));
        let (reader, legacy_linktype, legacy_nanos) = match format {
            Format::Pcap => {
                let r = LegacyPcapReader::new(buffer_size, chained)
                    .map_err(|_| CaptureError::BadHeader)?;
                (Reader::Legacy(r), 0, false)
            }
            Format::Pcapng => {
                let r =
                    PcapNGReader::new(buffer_size, chained).map_err(|_| CaptureError::BadHeader)?;
                (Reader::Ng(r), 0, false)
            }
        };
        Ok(Self {
            reader,
            format,
            legacy_linktype,
            legacy_nanos,
            legacy_big_endian: false,
            legacy_header: LEGACY_HEADER,
            interfaces: Vec::new(),
            frames: 0,
            buffer_size,
            max_record: max_record.max(buffer_size),
            stalls: 0,
        })
    }

    pub(crate) fn format(&self) -> Format {
        self.format
    }

    pub(crate) fn frames(&self) -> u64 {
        self.frames
    }

    pub(crate) fn consumed(&self) -> u64 {
        match &self.reader {
            Reader::Legacy(r) => r.consumed() as u64,
            Reader::Ng(r) => r.consumed() as u64,
        }
    }

    /// Reads records until one frame was handed to `on_frame` or the
    /// capture ended. Returns false at the end (after any notice on why).
    pub(crate) fn next_frame(
        &mut self,
        sink: &mut Sink,
        mut on_frame: impl FnMut(&Frame<'_>, &mut Sink),
    ) -> bool {
        loop {
            let offset = self.consumed();
            let reader: &mut dyn PcapReaderIterator = match &mut self.reader {
                Reader::Legacy(r) => r,
                Reader::Ng(r) => r,
            };
            // A pcap record header that declares more bytes than any record
            // may hold is garbage, not a record cut short: say so before
            // waiting for (or growing the buffer to) its length.
            let declared = match self.format {
                Format::Pcap => reader.data().get(8..12).map(|b| {
                    let b = [b[0], b[1], b[2], b[3]];
                    if self.legacy_big_endian {
                        u32::from_be_bytes(b)
                    } else {
                        u32::from_le_bytes(b)
                    }
                }),
                Format::Pcapng => None,
            };
            let implausible =
                offset >= 24 && declared.is_some_and(|n| n as usize > self.max_record);
            match reader.next() {
                Ok((len, block)) => {
                    self.stalls = 0;
                    let frame = match block {
                        PcapBlockOwned::LegacyHeader(h) => {
                            self.legacy_linktype = h.network.0;
                            self.legacy_nanos = h.is_nanosecond_precision();
                            self.legacy_big_endian = h.is_bigendian();
                            if h.is_modified_format() {
                                self.legacy_header = MODIFIED_LEGACY_HEADER;
                            }
                            None
                        }
                        PcapBlockOwned::Legacy(b) => {
                            self.frames += 1;
                            let nanos = if self.legacy_nanos {
                                b.ts_usec
                            } else {
                                b.ts_usec.saturating_mul(1000)
                            };
                            // A record longer than its snap length is
                            // corrupt; take what is there.
                            let data = b.data.get(..b.caplen as usize).unwrap_or(b.data);
                            Some(Frame {
                                number: self.frames,
                                time: Timestamp {
                                    secs: i64::from(b.ts_sec),
                                    // A corrupt fraction past one second is
                                    // clamped rather than carried.
                                    nanos: nanos.min(999_999_999),
                                },
                                linktype: self.legacy_linktype,
                                data,
                                offset: offset + self.legacy_header,
                                original: b.origlen,
                            })
                        }
                        PcapBlockOwned::NG(block) => {
                            ng_block(block, offset, &mut self.interfaces, &mut self.frames)
                        }
                    };
                    if let Some(frame) = frame {
                        on_frame(&frame, sink);
                        reader.consume(len);
                        return true;
                    }
                    reader.consume(len);
                    continue;
                }
                Err(PcapError::Eof) => return false,
                Err(_) if implausible => {
                    sink.notice(None, NoticeKind::RecordTooLarge { offset });
                    return false;
                }
                Err(PcapError::Incomplete(_)) => {
                    self.stalls += 1;
                    if self.stalls > 3 {
                        sink.notice(None, NoticeKind::TruncatedCapture { offset });
                        return false;
                    }
                }
                Err(PcapError::BufferTooSmall) => {
                    let bigger = (self.buffer_size * 2).min(self.max_record);
                    if bigger <= self.buffer_size || !reader.grow(bigger) {
                        sink.notice(None, NoticeKind::RecordTooLarge { offset });
                        return false;
                    }
                    self.buffer_size = bigger;
                }
                Err(PcapError::UnexpectedEof) => {
                    sink.notice(None, NoticeKind::TruncatedCapture { offset });
                    return false;
                }
                Err(PcapError::ReadError) => {
                    read_failed(sink);
                    return false;
                }
                Err(_) => {
                    sink.notice(None, NoticeKind::CorruptRecord { offset });
                    return false;
                }
            }
            // More bytes are needed (the buffer may just have grown).
            if reader.refill().is_err() {
                read_failed(sink);
                return false;
            }
        }
    }
}

/// pcap-parser's `ReadError` carries no `io::Error` to quote.
fn read_failed(sink: &mut Sink) {
    sink.notice(None, NoticeKind::ReadError { message: "the input could not be read".into() });
}

/// One pcapng block: interfaces are remembered, packets become frames.
fn ng_block<'a>(
    block: Block<'a>,
    offset: u64,
    interfaces: &mut Vec<Interface>,
    frames: &mut u64,
) -> Option<Frame<'a>> {
    match block {
        // A new section starts its own interface numbering.
        Block::SectionHeader(_) => {
            interfaces.clear();
            None
        }
        Block::InterfaceDescription(idb) => {
            // Bounded: an interface is 12 bytes here, and a section holding
            // more than 65536 of them is hostile.
            if interfaces.len() < 65_536 {
                interfaces.push(Interface {
                    linktype: idb.linktype.0,
                    resolution: ts_resolution(idb.if_tsresol),
                    offset: idb.ts_offset(),
                });
            }
            None
        }
        Block::EnhancedPacket(epb) => {
            *frames += 1;
            let iface = interfaces.get(epb.if_id as usize).copied();
            let data = epb.data.get(..epb.caplen as usize).unwrap_or(epb.data);
            let ticks = (u64::from(epb.ts_high) << 32) | u64::from(epb.ts_low);
            let (linktype, time) = match iface {
                Some(i) => (i.linktype, ticks_to_time(ticks, i.resolution, i.offset)),
                // A packet on an undeclared interface: counted, not decoded.
                None => (-1, Timestamp::default()),
            };
            Some(Frame {
                number: *frames,
                time,
                linktype,
                data,
                offset: offset + EPB_HEADER,
                original: epb.origlen,
            })
        }
        Block::SimplePacket(spb) => {
            *frames += 1;
            // RFC draft: the packet is the block's data cut to the original
            // length (the rest is padding) and to interface 0's snap length.
            let iface = interfaces.first().copied();
            let data = spb.data.get(..spb.origlen as usize).unwrap_or(spb.data);
            Some(Frame {
                number: *frames,
                time: Timestamp::default(),
                linktype: iface.map_or(-1, |i| i.linktype),
                data,
                offset: offset + SPB_HEADER,
                original: spb.origlen,
            })
        }
        // The obsolete Packet Block (type 2) is a frame in Wireshark's
        // numbering; its contents are not decoded.
        Block::Unknown(b) if b.block_type == 2 => {
            *frames += 1;
            None
        }
        _ => None,
    }
}

/// Timestamp units per second from `if_tsresol`: 10^n, or 2^n when the
/// high bit is set (pcapng 4.2). pcap-parser's `ts_resolution` refuses
/// every 2^n value (it tests the exponent with the flag bit still set), so
/// this is done here. Out of range: microseconds, the default.
fn ts_resolution(tsresol: u8) -> u64 {
    let n = u32::from(tsresol & 0x7f);
    let unit = if tsresol & 0x80 == 0 { 10u64.checked_pow(n) } else { 1u64.checked_shl(n) };
    unit.filter(|&u| u > 0).unwrap_or(1_000_000)
}

/// pcapng ticks (units of 1/resolution s) to a time.
fn ticks_to_time(ticks: u64, resolution: u64, offset: i64) -> Timestamp {
    let secs = ticks / resolution;
    let frac = ticks % resolution;
    let nanos = u128::from(frac) * 1_000_000_000 / u128::from(resolution);
    Timestamp {
        secs: i64::try_from(secs).unwrap_or(i64::MAX).saturating_add(offset),
        nanos: u32::try_from(nanos).unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_every_magic() {
        assert_eq!(sniff(&[0xd4, 0xc3, 0xb2, 0xa1, 2, 0]), Some(Format::Pcap));
        assert_eq!(sniff(&[0xa1, 0xb2, 0x3c, 0x4d]), Some(Format::Pcap));
        assert_eq!(sniff(&[0x0a, 0x0d, 0x0d, 0x0a]), Some(Format::Pcapng));
        assert_eq!(sniff(b"v=0\r\n"), None);
        assert_eq!(sniff(&[0xd4, 0xc3]), None);
    }

    #[test]
    fn ticks_use_the_interface_resolution() {
        let t = ticks_to_time(1_700_000_000_123_456_789, 1_000_000_000, 0);
        assert_eq!((t.secs, t.nanos), (1_700_000_000, 123_456_789));
        let t = ticks_to_time(3_000_001, 1_000_000, -1);
        assert_eq!((t.secs, t.nanos), (2, 1000));
    }
}
