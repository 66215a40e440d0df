//! The capture reader's throughput: `cargo bench --bench capture`.
//!
//! The input is built in memory from two fixture captures (SIP over UDP,
//! and an HTTP upgrade to WebSocket carrying SIP over TCP) whose packets are
//! repeated until it holds about 16 MiB; throughput is in capture bytes.
//! `cargo run --release --example capture_scan -- --synth` writes the same
//! kind of capture, of any size, for timing from a file with RSS.
//!
//! - `read`: every event, message bytes and dialog facts included;
//! - `floor/records`: pcap-parser alone walking the records, what reading
//!   the file costs at least.
//!
//! The setup asserts the number of messages, so a reader that silently
//! stops finding them cannot look fast.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pcap_parser::traits::PcapReaderIterator;
use sdpcheck::capture::{CaptureReader, Event};

/// The records (16-byte header and data) of a little-endian Ethernet pcap.
fn records(name: &str) -> (Vec<u8>, Vec<Vec<u8>>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/captures").join(name);
    let data = std::fs::read(path).unwrap();
    let mut out = Vec::new();
    let mut at = 24;
    while at + 16 <= data.len() {
        let caplen = u32::from_le_bytes(data[at + 8..at + 12].try_into().unwrap()) as usize;
        out.push(data[at..at + 16 + caplen].to_vec());
        at += 16 + caplen;
    }
    (data[..24].to_vec(), out)
}

fn capture() -> (Vec<u8>, usize) {
    let (header, mut recs) = records("udp-invite.pcap");
    recs.extend(records("ws-sip.pcap").1);
    let mut out = header;
    let mut rounds = 0;
    while out.len() < 16 << 20 {
        for r in &recs {
            out.extend(r);
        }
        rounds += 1;
    }
    (out, rounds)
}

fn bench(c: &mut Criterion) {
    let (input, rounds) = capture();
    let messages =
        CaptureReader::new(&input[..]).unwrap().filter(|e| matches!(e, Event::Message(_))).count();
    // udp-invite: 6 messages; ws-sip: 6.
    assert_eq!(messages, rounds * 12);
    let mut group = c.benchmark_group("capture");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.sample_size(20);
    group.bench_function("read", |b| {
        b.iter(|| CaptureReader::new(black_box(&input[..])).unwrap().count());
    });
    group.bench_function("floor/records", |b| {
        b.iter(|| {
            let mut reader =
                pcap_parser::LegacyPcapReader::new(1 << 18, black_box(&input[..])).unwrap();
            let mut n = 0;
            loop {
                match reader.next() {
                    Ok((len, _)) => {
                        n += 1;
                        reader.consume(len);
                    }
                    Err(pcap_parser::PcapError::Incomplete(_)) => reader.refill().unwrap(),
                    Err(_) => break n,
                }
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
