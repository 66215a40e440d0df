//! sdpcheck side by side with other Rust SDP parsers, in one run.
//!
//! `cargo bench --bench parse`. One criterion group per generated
//! description (`benches/corpus/mod.rs`): a Chrome-like offer (5.4 KB), a
//! Firefox-like offer (3.1 KB), a SIP offer and a SIP answer (276 bytes
//! each). In each
//! group, with `Throughput::Bytes` so criterion prints MB/s too:
//!
//! - `floor/memchr-lines`: counting the lines with memchr, what any
//!   line-oriented parser must at least do;
//! - `peer/*`: parsing alone with webrtc-sdp (Firefox's parser), sdp-types,
//!   msf-sdp and webrtc-rs's `sdp`;
//! - `sdpcheck/parse`: the model with its spans, plus syntax findings;
//! - `sdpcheck/check-*`: parse plus every single-description rule, under
//!   each profile (`auto` decides from the description). `check-auto` runs
//!   `webrtc-sdp-rejects`, which is one webrtc-sdp parse by design;
//!   `check-own-rules` is the same without it: what sdpcheck's own code
//!   costs. Forcing the other world's profile (`check-sip` on a Chrome
//!   offer, `check-webrtc` on a SIP answer) gives findings: that figure is
//!   the reporting path, the others the clean path.
//!
//! The `pair` group checks a Chrome offer/answer and a SIP offer/answer
//! (both sides, each on its own, then the 14 offer/answer rules) next to
//! parsing the two.
//!
//! Every figure is measured in the same run as its peers, so ratios hold
//! even on a busy machine. The setup asserts that sdpcheck reports nothing
//! on the corpus and that every peer accepts it: the clean path is measured.

#[path = "corpus/mod.rs"]
#[expect(dead_code, reason = "the log generator is for benches/log.rs")]
mod corpus;

use std::hint::black_box;
use std::io::Cursor;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use sdpcheck::{Checker, ProfileChoice};

use corpus::Side;

/// The seed of the corpus (the same as `examples/gen_corpus.rs`).
const SEED: u64 = 1;

/// The checkers measured: one per profile, and one without the rule that
/// runs webrtc-sdp.
fn checkers() -> [(&'static str, Checker); 4] {
    let profile = |p| Checker::builder().profile(p).build();
    let own = Checker::builder()
        .ignore("webrtc-sdp-rejects")
        .map(sdpcheck::CheckerBuilder::build)
        .unwrap_or_default();
    [
        ("check-auto", profile(ProfileChoice::Auto)),
        ("check-webrtc", profile(ProfileChoice::WebRtc)),
        ("check-sip", profile(ProfileChoice::Sip)),
        ("check-own-rules", own),
    ]
}

/// Stops the run if a checker reports anything on the corpus: a finding
/// would put the bench on the reporting path.
fn assert_clean(name: &str, sdp: &[u8], checker: &Checker, profile: &str) {
    let report = checker.check(sdp);
    let found: Vec<String> = report
        .findings()
        .iter()
        .map(|f| format!("{} {}: {}", f.code(), f.name(), f.message()))
        .collect();
    assert!(found.is_empty(), "{name} under {profile} is not clean: {found:#?}");
}

/// Stops the run if a peer refuses the corpus: its error path would be
/// measured instead of its parse.
fn assert_peers_accept(name: &str, text: &str) {
    if let Err(e) = webrtc_sdp::parse_sdp(text, false) {
        panic!("webrtc-sdp refuses {name}: {e}");
    }
    if let Err(e) = sdp_types::Session::parse(text.as_bytes()) {
        panic!("sdp-types refuses {name}: {e}");
    }
    if let Err(e) = text.parse::<msf_sdp::SessionDescription>() {
        panic!("msf-sdp refuses {name}: {e}");
    }
    if let Err(e) = sdp::description::session::SessionDescription::unmarshal(&mut Cursor::new(text))
    {
        panic!("sdp (webrtc-rs) refuses {name}: {e}");
    }
}

/// The floor and the peers: parse alone.
fn peers(group: &mut BenchmarkGroup<'_, WallTime>, text: &str) {
    let bytes = text.as_bytes();
    group.bench_function("floor/memchr-lines", |b| {
        b.iter(|| memchr::memchr_iter(b'\n', black_box(bytes)).count());
    });
    group.bench_function("peer/webrtc-sdp", |b| {
        b.iter(|| webrtc_sdp::parse_sdp(black_box(text), false).is_ok());
    });
    group.bench_function("peer/sdp-types", |b| {
        b.iter(|| sdp_types::Session::parse(black_box(bytes)).is_ok());
    });
    group.bench_function("peer/msf-sdp", |b| {
        b.iter(|| black_box(text).parse::<msf_sdp::SessionDescription>().is_ok());
    });
    group.bench_function("peer/sdp-webrtc-rs", |b| {
        b.iter(|| {
            sdp::description::session::SessionDescription::unmarshal(&mut Cursor::new(black_box(
                text,
            )))
            .is_ok()
        });
    });
}

fn single(c: &mut Criterion) {
    // Each description with the forced profile it belongs to; under the
    // other one it has findings, and that run measures the reporting path.
    let corpus = [
        ("chrome-offer", "check-sip", corpus::chrome(SEED, Side::Offer, 4)),
        ("firefox-offer", "check-sip", corpus::firefox(SEED, Side::Offer)),
        ("sip-offer", "check-webrtc", corpus::sip(SEED, Side::Offer)),
        ("sip-answer", "check-webrtc", corpus::sip(SEED + 1, Side::Answer)),
    ];
    let checkers = checkers();
    for (name, foreign, text) in &corpus {
        let bytes = text.as_bytes();
        assert_peers_accept(name, text);
        for (profile, checker) in checkers.iter().filter(|(p, _)| p != foreign) {
            assert_clean(name, bytes, checker, profile);
        }
        let mut group = c.benchmark_group(*name);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        peers(&mut group, text);
        group.bench_function("sdpcheck/parse", |b| {
            b.iter(|| sdpcheck::parse(black_box(bytes)).findings().len());
        });
        for (profile, checker) in &checkers {
            group.bench_function(format!("sdpcheck/{profile}"), |b| {
                b.iter(|| checker.check(black_box(bytes)).findings().len());
            });
        }
        group.finish();
    }
}

fn pair(c: &mut Criterion) {
    let pairs = [
        (
            "pair-chrome",
            corpus::chrome(SEED, Side::Offer, 4),
            corpus::chrome(SEED + 1, Side::Answer, 4),
        ),
        ("pair-sip", corpus::sip(SEED, Side::Offer), corpus::sip(SEED + 1, Side::Answer)),
    ];
    let [(_, auto), _, _, (_, own)] = checkers();
    for (name, offer, answer) in &pairs {
        let (offer, answer) = (offer.as_bytes(), answer.as_bytes());
        let report = auto.check_pair(offer, answer);
        assert!(
            !report.has_errors() && report.findings().is_empty(),
            "{name} is not clean: {:#?}",
            report.findings()
        );
        for side in [offer, answer] {
            assert_clean(name, side, &auto, "auto");
        }
        let mut group = c.benchmark_group(*name);
        group.throughput(Throughput::Bytes((offer.len() + answer.len()) as u64));
        group.bench_function("sdpcheck/parse-both", |b| {
            b.iter(|| {
                sdpcheck::parse(black_box(offer)).findings().len()
                    + sdpcheck::parse(black_box(answer)).findings().len()
            });
        });
        group.bench_function("sdpcheck/check-both", |b| {
            b.iter(|| {
                auto.check(black_box(offer)).findings().len()
                    + auto.check(black_box(answer)).findings().len()
            });
        });
        group.bench_function("sdpcheck/check-pair", |b| {
            b.iter(|| auto.check_pair(black_box(offer), black_box(answer)).findings().len());
        });
        group.bench_function("sdpcheck/check-pair-own-rules", |b| {
            b.iter(|| own.check_pair(black_box(offer), black_box(answer)).findings().len());
        });
        group.finish();
    }
}

/// Short runs: the whole bench finishes in a few minutes on two cores.
fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(40)
}

criterion_group! { name = benches; config = config(); targets = single, pair }
criterion_main!(benches);
