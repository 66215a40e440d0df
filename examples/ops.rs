//! Runs one operation of `benches/parse.rs` N times on the same generated
//! input, for profiling it and counting its instructions under callgrind.
//!
//! On a 2-core machine shared with compiles, criterion's wall times move by
//! 30% from run to run; instruction counts do not move at all, so they show
//! what a change to sdpcheck's own code gains. They are not a way to
//! compare libraries: instructions per cycle differ from one code base to
//! another (webrtc-sdp runs 10x sdpcheck's instructions in 3-4x its time),
//! so the ratios against peers come from criterion's wall times.
//!
//! ```text
//! cargo build --release --example ops
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/ops chrome-offer peer/msf-sdp 1000
//! ```
//!
//! One operation costs `(Ir with N - Ir with N = 0) / N`; with
//! `--callgrind-out-file=cg.out` and `callgrind_annotate cg.out`, the same
//! run is a profile. Inputs:
//! `chrome-offer`, `firefox-offer`, `sip-offer`, `sip-answer` (operations
//! `floor/memchr-lines`, `peer/webrtc-sdp`, `peer/sdp-types`,
//! `peer/msf-sdp`, `peer/sdp-webrtc-rs`, `sdpcheck/parse`,
//! `sdpcheck/check-auto`, `sdpcheck/check-webrtc`, `sdpcheck/check-sip`,
//! `sdpcheck/check-own-rules`, `sdpcheck/check-webrtc-with-webrtc-sdp`), and `pair-chrome`, `pair-sip` (operations
//! `sdpcheck/parse-both`, `sdpcheck/check-pair`,
//! `sdpcheck/check-pair-own-rules`).
#![expect(clippy::print_stderr, reason = "an example program reports on the terminal")]

#[path = "../benches/corpus/mod.rs"]
#[expect(dead_code, reason = "the log generator is for benches/log.rs")]
mod corpus;

use std::hint::black_box;
use std::io::Cursor;
use std::process::ExitCode;

use corpus::Side;
use sdpcheck::{Checker, ProfileChoice};

/// The seed of the benches' corpus.
const SEED: u64 = 1;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(op)) = (args.first(), args.get(1)) else {
        eprintln!("usage: ops INPUT OPERATION [N]");
        return ExitCode::from(2);
    };
    let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let (text, answer) = match input.as_str() {
        "chrome-offer" => (corpus::chrome(SEED, Side::Offer, 4), String::new()),
        "firefox-offer" => (corpus::firefox(SEED, Side::Offer), String::new()),
        "sip-offer" => (corpus::sip(SEED, Side::Offer), String::new()),
        "sip-answer" => (corpus::sip(SEED + 1, Side::Answer), String::new()),
        "pair-chrome" => {
            (corpus::chrome(SEED, Side::Offer, 4), corpus::chrome(SEED + 1, Side::Answer, 4))
        }
        "pair-sip" => (corpus::sip(SEED, Side::Offer), corpus::sip(SEED + 1, Side::Answer)),
        other => {
            eprintln!("ops: unknown input `{other}`");
            return ExitCode::from(2);
        }
    };
    let checker = |profile| Checker::builder().profile(profile).build();
    // The default check no longer runs webrtc-sdp (SDP1004 is off by
    // default), so it is the own-rules check; `with-webrtc-sdp` is the
    // default check as it was before issue 14.
    let own = Checker::builder().build();
    let with_webrtc_sdp = Checker::builder()
        .profile(ProfileChoice::WebRtc)
        .select("ALL")
        .and_then(|b| b.select("webrtc-sdp-rejects"))
        .map(sdpcheck::CheckerBuilder::build)
        .unwrap_or_default();
    let (bytes, answer) = (text.as_bytes(), answer.as_bytes());
    let run: Box<dyn Fn() -> usize> = match op.as_str() {
        "floor/memchr-lines" => Box::new(|| memchr::memchr_iter(b'\n', black_box(bytes)).count()),
        "peer/webrtc-sdp" => {
            Box::new(|| usize::from(webrtc_sdp::parse_sdp(black_box(&text), false).is_ok()))
        }
        "peer/sdp-types" => {
            Box::new(|| usize::from(sdp_types::Session::parse(black_box(bytes)).is_ok()))
        }
        "peer/msf-sdp" => Box::new(|| {
            usize::from(black_box(&text).parse::<msf_sdp::SessionDescription>().is_ok())
        }),
        "peer/sdp-webrtc-rs" => Box::new(|| {
            let mut reader = Cursor::new(black_box(bytes));
            usize::from(
                sdp::description::session::SessionDescription::unmarshal(&mut reader).is_ok(),
            )
        }),
        "sdpcheck/parse" => Box::new(|| sdpcheck::parse(black_box(bytes)).findings().len()),
        "sdpcheck/check-auto" => {
            let c = checker(ProfileChoice::Auto);
            Box::new(move || c.check(black_box(bytes)).findings().len())
        }
        "sdpcheck/check-webrtc" => {
            let c = checker(ProfileChoice::WebRtc);
            Box::new(move || c.check(black_box(bytes)).findings().len())
        }
        "sdpcheck/check-sip" => {
            let c = checker(ProfileChoice::Sip);
            Box::new(move || c.check(black_box(bytes)).findings().len())
        }
        "sdpcheck/check-own-rules" => {
            let c = own.clone();
            Box::new(move || c.check(black_box(bytes)).findings().len())
        }
        "sdpcheck/check-webrtc-with-webrtc-sdp" => {
            let c = with_webrtc_sdp.clone();
            Box::new(move || c.check(black_box(bytes)).findings().len())
        }
        "sdpcheck/parse-both" => Box::new(|| {
            sdpcheck::parse(black_box(bytes)).findings().len()
                + sdpcheck::parse(black_box(answer)).findings().len()
        }),
        "sdpcheck/check-pair" => {
            let c = checker(ProfileChoice::Auto);
            Box::new(move || c.check_pair(black_box(bytes), black_box(answer)).findings().len())
        }
        "sdpcheck/check-pair-own-rules" => {
            let c = own.clone();
            Box::new(move || c.check_pair(black_box(bytes), black_box(answer)).findings().len())
        }
        other => {
            eprintln!("ops: unknown operation `{other}`");
            return ExitCode::from(2);
        }
    };
    let mut total = 0;
    for _ in 0..n {
        total += run();
    }
    black_box(total);
    ExitCode::SUCCESS
}
