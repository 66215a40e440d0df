//! Linear cost on hostile shapes (HOSTILE-INPUT.md): parse + check of
//! generated descriptions of 10k, 100k and 1M lines of each worst shape.
//!
//! `cargo bench --bench hostile`. The default limits stop most of these
//! early (that is their job), so every run raises them: the whole input is
//! processed and the time per byte must stay flat from 10k to 1M, i.e. each
//! 10x step in size costs about 10x in time. `Throughput::Bytes` makes
//! criterion print MB/s, which should read the same across sizes.
//!
//! Two shapes of issue 15 run beside them, each printing its growth ratio
//! (time at 10x the input over time at 1x; linear reads about 10):
//! `bundle` (a BUNDLE group naming every mid of n media sections, library)
//! and `sdps-on-one-line` (n tiny SDPs in one minified JSON array, through
//! the binary: the CLI's per-SDP snippet work).

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

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

/// A BUNDLE group naming the mids of all `n` sections, and every section's
/// `a=mid`: the BUNDLE checks must stay linear in mids + sections.
fn bundle(n: usize) -> Vec<u8> {
    let mut s = HEAD.to_owned();
    s.push_str("a=group:BUNDLE");
    for i in 0..n {
        let _ = write!(s, " m{i}");
    }
    s.push_str("\r\n");
    for i in 0..n {
        let _ = write!(s, "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:m{i}\r\n");
    }
    s.into_bytes()
}

/// `n` tiny SDPs as one minified JSON array: one line of input.
fn sdps_on_one_line(n: usize) -> Vec<u8> {
    let one = r#""v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n""#;
    let mut s = String::from("[");
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str(one);
    }
    s.push(']');
    s.into_bytes()
}

/// The best of a few runs of `f`.
fn best(mut f: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Prints `name`'s time at 1x and 10x and their ratio.
#[expect(clippy::print_stdout, reason = "the growth ratio is this bench's report")]
fn ratio(name: &str, small: Duration, large: Duration) {
    let r = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
    println!("growth {name}: {small:?} -> {large:?} at 10x the input: ratio {r:.1}");
}

fn issue_15_shapes(c: &mut Criterion) {
    // sdpcheck's own BUNDLE checks: the browser parser's check
    // (browser-acceptance, webrtc-sdp) grows as mids x sections on this
    // shape (1k -> 10k: 0.1 s -> 10 s) and leaves the default path in the
    // browser-truth work.
    let mut options = unlimited();
    let ignore: Vec<sdpcheck::Selector> =
        "browser-acceptance".parse().map(|s| vec![s]).unwrap_or_default();
    options.selection = sdpcheck::Selection::new(&[], &ignore);
    let mut group = c.benchmark_group("bundle");
    group.sample_size(10).measurement_time(Duration::from_secs(4));
    let sizes = [(1_000, "1k"), (10_000, "10k")];
    let inputs: Vec<_> = sizes.iter().map(|&(n, l)| (l, bundle(n))).collect();
    for (label, bytes) in &inputs {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse+check", label), bytes, |b, bytes| {
            b.iter(|| sdpcheck::check_with(black_box(bytes), &options).findings().len());
        });
    }
    group.finish();
    let t: Vec<Duration> = inputs
        .iter()
        .map(|(_, bytes)| best(|| drop(black_box(sdpcheck::check_with(bytes, &options)))))
        .collect();
    ratio("bundle (1k -> 10k sections)", t[0], t[1]);

    // Through the binary, on a file: 2,000 and 20,000 SDPs on one line.
    let dir = std::env::temp_dir();
    let t: Vec<Duration> = [2_000, 20_000]
        .iter()
        .map(|&n| {
            let path = dir.join(format!("sdpcheck-bench-one-line-{}-{n}.json", std::process::id()));
            std::fs::write(&path, sdps_on_one_line(n)).unwrap_or_default();
            let took = best(|| {
                let _ = std::process::Command::new(env!("CARGO_BIN_EXE_sdpcheck"))
                    .args(["--isolated", "--format", "json"])
                    .arg(&path)
                    .stdout(std::process::Stdio::null())
                    .status();
            });
            let _ = std::fs::remove_file(&path);
            took
        })
        .collect();
    ratio("sdps-on-one-line (2k -> 20k SDPs, binary)", t[0], t[1]);
}

criterion_group!(benches, bench, issue_15_shapes);
criterion_main!(benches);
