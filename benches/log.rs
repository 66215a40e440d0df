//! Library-level log scanning: extraction, then a check of every SDP found.
//!
//! `cargo bench --bench log`. The log is generated in memory by
//! `benches/corpus/mod.rs` (16 MiB by default; `SDPCHECK_BENCH_LOG_MB`
//! changes it): noise lines around JSON-escaped Chrome/Firefox offers and
//! answers, SIP INVITE/200 dialogs with SDP bodies, and prefixed SDP blocks.
//! Throughput is in input bytes, so the MB/s figures hold for a log of any
//! size; `cargo run --release --example gen_corpus -- log 200` writes the
//! same kind of log for timing the CLI.
//!
//! - `floor/memchr-lines` and `floor/memmem-v0`: what reading every line,
//!   or finding every `v=0`, costs at least;
//! - `extract`: the streaming [`sdpcheck::extract::Extractor`] alone;
//! - `extract+check`: plus `check` on each SDP (default options, the
//!   `webrtc-sdp-rejects` rule and its webrtc-sdp parse included);
//! - `extract+check-own-rules`: the same without `webrtc-sdp-rejects`.
//!
//! The setup asserts that every generated SDP is found, and found clean.

#[path = "corpus/mod.rs"]
mod corpus;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sdpcheck::extract::Extractor;
use sdpcheck::{Checker, Limits};

/// Extracts every SDP of `log` and checks each one; returns the number of
/// SDPs and of findings.
fn scan(log: &[u8], checker: Option<&Checker>) -> (usize, usize) {
    let mut sdps = 0;
    let mut findings = 0;
    for sdp in Extractor::new(log, &Limits::default()).flatten() {
        sdps += 1;
        if let Some(checker) = checker {
            findings += checker.check(&sdp.text).findings().len();
        }
    }
    (sdps, findings)
}

fn log(c: &mut Criterion) {
    let mb: u64 =
        std::env::var("SDPCHECK_BENCH_LOG_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(16);
    let (log, stats) = corpus::log(mb << 20, 1);
    let auto = Checker::new();
    let own = Checker::builder()
        .ignore("webrtc-sdp-rejects")
        .map(sdpcheck::CheckerBuilder::build)
        .unwrap_or_default();
    let expected = usize::try_from(stats.sdps()).unwrap_or(usize::MAX);
    assert_eq!(scan(&log, Some(&auto)), (expected, 0), "the log's SDPs are not all found clean");
    // The log interleaves Janus handles and SIP calls: every answer pairs
    // with its own session's offer, never another's.
    let found = sdpcheck::extract::extract(&log, &Limits::default());
    let paired = sdpcheck::extract::pairing(&found.sdps);
    assert!(paired.unpaired.is_empty(), "every answer of the log has its offer");
    assert!(
        paired.pairs.iter().all(|&(o, a)| {
            found.sdps[o].session.is_some() && found.sdps[o].session == found.sdps[a].session
        }),
        "a pair crosses sessions"
    );

    let mut group = c.benchmark_group(format!("log-{mb}MiB"));
    group.throughput(Throughput::Bytes(log.len() as u64));
    group.bench_function("floor/memchr-lines", |b| {
        b.iter(|| memchr::memchr_iter(b'\n', black_box(&log)).count());
    });
    let finder = memchr::memmem::Finder::new(b"v=0");
    group.bench_function("floor/memmem-v0", |b| {
        b.iter(|| finder.find_iter(black_box(&log)).count());
    });
    group.bench_function("extract", |b| b.iter(|| scan(black_box(&log), None)));
    group.bench_function("extract+check", |b| b.iter(|| scan(black_box(&log), Some(&auto))));
    group.bench_function("extract+check-own-rules", |b| {
        b.iter(|| scan(black_box(&log), Some(&own)));
    });
    group.finish();
}

/// A pass over the log takes tens to hundreds of milliseconds: ten
/// samples keep the group under a minute.
fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
        .sample_size(10)
}

criterion_group! { name = benches; config = config(); targets = log }
criterion_main!(benches);
