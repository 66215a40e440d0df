//! Differential fuzzing: sdpcheck's parser against mozilla/webrtc-sdp.
//!
//! On any UTF-8 input that both parsers accept, they must read the same
//! media sections, origin and connection addresses, unless a documented
//! webrtc-sdp quirk (`sdpcheck::browser::QUIRKS`, the table in `sdpcheck
//! explain browser-acceptance`) explains the difference: the same check as
//! `tests/it/differential.rs`, on inputs nobody wrote by hand.
//!
//! Where sdpcheck accepts, `browser::rejections` (what the
//! `browser-acceptance` rule reports, found by running webrtc-sdp on pieces
//! of the description) must give webrtc-sdp's own verdict on the whole, and
//! name only lines that exist.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdpcheck::browser::{Comparison, compare, rejections_piecewise};

fuzz_target!(|data: &[u8]| {
    // webrtc-sdp reads only `&str`.
    if std::str::from_utf8(data).is_err() {
        return;
    }
    let parsed = sdpcheck::parse(data);
    let comparison = compare(&parsed);
    let pieces = rejections_piecewise(parsed.sdp());
    let lines = parsed.sdp().lines().len();
    for r in &pieces {
        if let Some(line) = r.line {
            assert!(line < lines, "{r:?} names line {line} of {lines}");
        }
    }
    match comparison {
        Comparison::BothAccept(differences) => {
            assert!(pieces.is_empty(), "webrtc-sdp accepts the whole, a piece fails: {pieces:?}");
            for d in &differences {
                assert!(
                    d.quirk().is_some(),
                    "no webrtc-sdp quirk explains {:?}: sdpcheck reads `{}`, webrtc-sdp reads `{}`",
                    d.field,
                    d.ours,
                    d.browser
                );
            }
        }
        Comparison::BrowserRejects(found) => {
            assert!(!found.is_empty(), "webrtc-sdp rejects the whole, every piece passes");
        }
        _ => {}
    }
});
