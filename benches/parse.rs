//! Parse and check throughput on the fixture corpus.
//!
//! `cargo bench --bench parse`. One group per fixture, `Throughput::Bytes`,
//! so criterion reports MB/s next to the time per description.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid");
    let mut out = Vec::new();
    for source in ["chrome", "asterisk"] {
        let Ok(dir) = std::fs::read_dir(root.join(source)) else { continue };
        let mut files: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        if let Some(path) = files.into_iter().find(|p| p.extension().is_some_and(|e| e == "sdp")) {
            let name = format!(
                "{source}/{}",
                path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
            );
            if let Ok(bytes) = std::fs::read(&path) {
                out.push((name, bytes));
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    for (name, bytes) in fixtures() {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("memchr-lines (floor)", |b| {
            b.iter(|| memchr::memchr_iter(b'\n', black_box(&bytes)).count());
        });
        group.bench_function("parse", |b| {
            b.iter(|| sdpcheck::parse(black_box(&bytes)).findings().len());
        });
        group.bench_function("parse+check", |b| {
            b.iter(|| sdpcheck::check(black_box(&bytes)).findings().len());
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
