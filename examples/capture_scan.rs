//! Streams a packet capture through `sdpcheck::capture` and prints what it
//! finds, or generates a large synthetic capture to measure the reader.
//!
//! ```text
//! cargo run --release --example capture_scan -- FILE          # one line per event
//! cargo run --release --example capture_scan -- --count FILE  # counts and MB/s only
//! cargo run --release --example capture_scan -- --synth OUT BYTES SEED...
//! cargo run --release --example capture_scan -- --hostile OUT SEGMENTS
//! ```
//!
//! `--hostile` writes SEGMENTS TCP segments, each opening its own
//! connection with 1400 bytes of a SIP header that never ends: the shape
//! that fills every stream slot. With CONNS, the segments go round-robin
//! to CONNS connections, each an INVITE announcing a 2 MB body that keeps
//! coming: the shape that fills the reassembly buffers (the memory caps'
//! worst case).
//!
//! `--synth` repeats the packets of the pcaps SEED... (fixtures) until OUT
//! holds BYTES bytes, giving each repetition its own ephemeral ports and
//! Call-IDs (rewritten in place, same lengths: loopback captures carry no
//! checksums that matter), so that every repetition is a distinct dialog
//! and a distinct TCP connection.
#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss,
    reason = "a command-line example: prints, and MB/s needs no 64-bit precision"
)]

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::time::Instant;

use sdpcheck::capture::{CaptureReader, Event};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["--synth", out, bytes, seeds @ ..] if !seeds.is_empty() => {
            synth(seeds, out, bytes.parse()?)
        }
        ["--hostile", out, count] => hostile(out, count.parse()?, None),
        ["--hostile", out, count, conns] => hostile(out, count.parse()?, Some(conns.parse()?)),
        ["--count", file] => scan(file, true),
        [file] => scan(file, false),
        _ => Err("usage: capture_scan [--count] FILE | --synth OUT BYTES SEED... | --hostile OUT SEGMENTS".into()),
    }
}

fn scan(path: &str, count_only: bool) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let mut reader = CaptureReader::new(BufReader::with_capacity(1 << 16, File::open(path)?))?;
    let (mut messages, mut notices, mut sdps) = (0u64, 0u64, 0u64);
    for event in reader.by_ref() {
        match event {
            Event::Message(m) => {
                messages += 1;
                if m.body().starts_with(b"v=0") {
                    sdps += 1;
                }
                if !count_only {
                    let sip = m.sip.as_ref();
                    println!(
                        "frame {} ({}) {} {} -> {} {} {} call-id={} cseq={} from-tag={} to-tag={} body@{} file@{:?}+{}",
                        m.frame,
                        m.first_frame,
                        m.time,
                        m.src,
                        m.dst,
                        m.transport.as_str(),
                        sip.map_or_else(|| m.kind.as_str().to_owned(), |s| s.start.to_string()),
                        sip.and_then(|s| s.call_id.as_deref()).unwrap_or("-"),
                        sip.and_then(|s| s.cseq.as_ref())
                            .map_or_else(|| "-".into(), |c| format!("{} {}", c.number, c.method)),
                        sip.and_then(|s| s.from_tag.as_deref()).unwrap_or("-"),
                        sip.and_then(|s| s.to_tag.as_deref()).unwrap_or("-"),
                        m.body_offset,
                        m.file_offset(),
                        m.file_length(),
                    );
                }
            }
            Event::Notice(n) => {
                notices += 1;
                if !count_only {
                    println!("notice: {n}");
                }
            }
        }
    }
    let stats = reader.stats();
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} frames, {} bytes, {messages} messages ({sdps} with SDP), {notices} notices in {secs:.2} s: {:.0} MB/s",
        stats.frames,
        stats.bytes,
        stats.bytes as f64 / 1e6 / secs
    );
    Ok(())
}

/// Rewrites the digits right after `Call-ID: ` with the repetition number
/// (same width), and shifts the ephemeral UDP/TCP ports.
fn synth(seeds: &[&str], out: &str, target: u64) -> Result<(), Box<dyn std::error::Error>> {
    let mut header = Vec::new();
    let mut records = Vec::new();
    for seed in seeds {
        let mut data = Vec::new();
        File::open(seed)?.read_to_end(&mut data)?;
        // Classic little-endian microsecond pcap of Ethernet frames only:
        // a 24-byte header, 16-byte record headers.
        if data.get(..4) != Some(&[0xd4, 0xc3, 0xb2, 0xa1])
            || data.get(20..24) != Some(&[1, 0, 0, 0])
        {
            return Err(format!("{seed}: not a little-endian microsecond Ethernet pcap").into());
        }
        header = data[..24].to_vec();
        let mut at = 24;
        while at + 16 <= data.len() {
            let caplen = u32::from_le_bytes(data[at + 8..at + 12].try_into()?) as usize;
            records.push(data[at..at + 16 + caplen].to_vec());
            at += 16 + caplen;
        }
    }
    let data = header;
    let mut w = BufWriter::with_capacity(1 << 20, File::create(out)?);
    w.write_all(&data[..24])?;
    let mut written = 24u64;
    let mut round = 0u64;
    while written < target {
        for rec in &records {
            let mut rec = rec.clone();
            personalise(&mut rec, round);
            w.write_all(&rec)?;
            written += rec.len() as u64;
        }
        round += 1;
    }
    w.flush()?;
    eprintln!("{out}: {written} bytes, {round} repetitions of {} records", records.len());
    Ok(())
}

fn personalise(rec: &mut [u8], round: u64) {
    // Ethernet (14) + IPv4 (IHL) + ports: shift both ports into a range
    // keyed by the round so every repetition is its own connection.
    let ip = 16 + 14;
    if rec.len() < ip + 20 || rec[ip] >> 4 != 4 {
        return;
    }
    let ihl = usize::from(rec[ip] & 0x0f) * 4;
    let l4 = ip + ihl;
    if rec.len() < l4 + 4 {
        return;
    }
    let shift = u16::try_from(round % 20_000).unwrap_or(0);
    for p in [l4, l4 + 2] {
        let port = u16::from_be_bytes([rec[p], rec[p + 1]]);
        // Keep the SIP port (the seed's lowest) so SIP is still SIP to
        // tshark; shift the ephemeral side.
        if port > 10_000 {
            let new = 10_001 + (port - 10_001).wrapping_add(shift) % 50_000;
            rec[p..p + 2].copy_from_slice(&new.to_be_bytes());
        }
    }
    let needle = b"Call-ID: ";
    let mut i = 0;
    while let Some(pos) = rec[i..].windows(needle.len()).position(|w| w == needle) {
        let start = i + pos + needle.len();
        // sipp's Call-IDs start `<call>-<pid>@`: the whole run of digits
        // and dashes becomes the repetition number, zero-padded.
        let digits = rec[start..].iter().take_while(|b| b.is_ascii_digit() || **b == b'-').count();
        let text = format!("{round:0digits$}");
        if text.len() == digits {
            rec[start..start + digits].copy_from_slice(text.as_bytes());
        }
        i = start;
    }
}

fn hostile(out: &str, count: u32, conns: Option<u32>) -> Result<(), Box<dyn std::error::Error>> {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(out)?);
    let mut header = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0];
    header.extend([0; 8]);
    header.extend(262_144u32.to_le_bytes());
    header.extend(1u32.to_le_bytes());
    w.write_all(&header)?;
    let mut payload = b"INVITE sip:x SIP/2.0\r\n".to_vec();
    while payload.len() < 1400 {
        payload.extend(b"X-Filler: never ends\r\n");
    }
    let mut body_start = b"INVITE sip:x SIP/2.0\r\nContent-Length: 2000000\r\n\r\n".to_vec();
    body_start.resize(1400, b'a');
    let filler = vec![b'a'; 1400];
    for i in 0..count {
        let (conn, round) = conns.map_or((i, 0), |n| (i % n, i / n));
        // Connection n: source 10.n1.n2.1, source port n3n4.
        let n = conn.to_be_bytes();
        let mut tcp = vec![n[2], n[3], 0x13, 0xc4];
        tcp.extend((1 + round * 1400).to_be_bytes());
        tcp.extend([0, 0, 0, 0, 0x50, 0x10, 0xff, 0xff, 0, 0, 0, 0]);
        tcp.extend(match (conns, round) {
            (None, _) => &payload,
            (Some(_), 0) => &body_start,
            _ => &filler,
        });
        let total = u16::try_from(20 + tcp.len())?;
        let mut frame = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00, 0x45, 0];
        frame.extend(total.to_be_bytes());
        frame.extend([0, 0, 0x40, 0, 64, 6, 0, 0, 10, n[0], n[1], 1, 192, 0, 2, 2]);
        frame.extend(tcp);
        let len = u32::try_from(frame.len())?;
        w.write_all(&i.to_le_bytes())?;
        w.write_all(&0u32.to_le_bytes())?;
        w.write_all(&len.to_le_bytes())?;
        w.write_all(&len.to_le_bytes())?;
        w.write_all(&frame)?;
    }
    w.flush()?;
    Ok(())
}
