//! Native timing of what `check()` runs inside the wasm module: the check
//! and the `--format json` rendering (`api::check`), on the Chrome offer and
//! the log that `bench/node.mjs` times in Node. Their ratio is the README's
//! wasm/native figure.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use sdpcheck_wasm::api;

fn fixture(path: &str) -> Vec<u8> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/");
    std::fs::read(format!("{root}{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn native(c: &mut Criterion) {
    let settings = api::settings("").unwrap_or_else(|e| panic!("{e}"));
    let offer = fixture("valid/chrome/audio-video-data.offer.sdp");
    let answer = fixture("valid/chrome/audio-video-data.answer.sdp");
    let log = fixture("logs/browser-console.log");
    c.bench_function("check/chrome-offer", |b| b.iter(|| api::check(black_box(&offer), &settings)));
    c.bench_function("check_pair/chrome", |b| {
        b.iter(|| api::check_pair(black_box(&offer), black_box(&answer), &settings));
    });
    c.bench_function("extract/browser-console-log", |b| {
        b.iter(|| api::extract(black_box(&log), &settings));
    });
}

criterion_group!(benches, native);
criterion_main!(benches);
