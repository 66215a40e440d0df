//! Linear cost on hostile shapes (HOSTILE-INPUT.md): parse + check of
//! generated descriptions of 10k, 100k and 1M lines of each worst shape.
//!
//! `cargo bench --bench hostile`. The default limits stop most of these
//! early (that is their job), so every run raises them: the whole input is
//! processed and the time per byte must stay flat from 10k to 1M, i.e. each
//! 10x step in size costs about 10x in time. `Throughput::Bytes` makes
//! criterion print MB/s, which should read the same across sizes.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sdpcheck::{Limits, Options};

/// A valid session level: c= at session level keeps rules quiet per m= line.
const HEAD: &str = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";

/// Sizes, in lines (formats for the one-m=-line shape).
const SIZES: [(usize, &str); 3] = [(10_000, "10k"), (100_000, "100k"), (1_000_000, "1M")];

/// Limits far above every input here.
fn unlimited() -> Options {
    let mut limits = Limits::default();
    limits.max_sdp_bytes = usize::MAX;
    limits.max_line_bytes = usize::MAX;
    limits.max_lines = usize::MAX;
    limits.max_media = usize::MAX;
    limits.max_formats = usize::MAX;
    limits.max_candidates = usize::MAX;
    let mut options = Options::default();
    options.limits = limits;
    options
}

/// Each worst shape's name and input, at one size.
type Shapes = Vec<(&'static str, Vec<u8>)>;

/// The worst shapes, each `n` units long.
fn shapes(n: usize) -> Shapes {
    let mut out = Vec::new();
    // Janus timed out on ~1 MB of repeated session-level a= lines.
    let mut s = HEAD.to_owned();
    s.push_str(&"a=ice-options:trickle\r\n".repeat(n));
    s.push_str("m=audio 9 RTP/AVP 0\r\n");
    out.push(("session-a-lines", s.into_bytes()));
    // ICE candidates in one section (Asterisk: "defaults too low for WebRTC").
    let mut s = format!("{HEAD}m=audio 9 RTP/AVP 0\r\n");
    for i in 0..n {
        s.push_str("a=candidate:");
        s.push_str(&i.to_string());
        s.push_str(" 1 udp 2122260223 192.0.2.7 ");
        s.push_str(&(10_000 + i % 50_000).to_string());
        s.push_str(" typ host\r\n");
    }
    out.push(("candidates", s.into_bytes()));
    // m= lines: one media section each.
    let mut s = HEAD.to_owned();
    s.push_str(&"m=audio 9 RTP/AVP 0\r\n".repeat(n));
    out.push(("m-lines", s.into_bytes()));
    // One m= line with n formats, every payload type repeated (each repeat
    // is a finding: the cap on findings keeps memory flat, not the work).
    let mut s = format!("{HEAD}m=audio 9 RTP/AVP");
    for i in 0..n {
        s.push(' ');
        s.push_str(&(i % 128).to_string());
    }
    s.push_str("\r\n");
    out.push(("formats-on-one-m-line", s.into_bytes()));
    out
}

fn bench(c: &mut Criterion) {
    let options = unlimited();
    let inputs: Vec<(&str, Shapes)> = SIZES.iter().map(|&(n, label)| (label, shapes(n))).collect();
    for shape in ["session-a-lines", "candidates", "m-lines", "formats-on-one-m-line"] {
        let mut group = c.benchmark_group(shape);
        // Few samples: the 1M inputs take a good fraction of a second each,
        // and what matters is the ratio between sizes, not 1% precision.
        group
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4));
        for (label, per_size) in &inputs {
            let Some((_, bytes)) = per_size.iter().find(|(name, _)| *name == shape) else {
                continue;
            };
            group.throughput(Throughput::Bytes(bytes.len() as u64));
            group.bench_with_input(BenchmarkId::new("parse+check", label), bytes, |b, bytes| {
                b.iter(|| sdpcheck::check_with(black_box(bytes), &options).findings().len());
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
