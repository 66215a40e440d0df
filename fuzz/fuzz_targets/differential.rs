//! Differential fuzzing: sdpcheck's parser against mozilla/webrtc-sdp.
//!
//! On any UTF-8 input that both parsers accept, they must read the same
//! media sections, origin and connection addresses, unless a documented
//! webrtc-sdp quirk (`sdpcheck::browser::QUIRKS`, the table in `sdpcheck
//! explain webrtc-sdp-rejects`) explains the difference: the same check as
//! `tests/it/differential.rs`, on inputs nobody wrote by hand.
//!
//! Where sdpcheck accepts, `browser::rejections` (what the
//! `webrtc-sdp-rejects` rule reports, found by running webrtc-sdp on pieces
//! of the description) must give webrtc-sdp's own verdict on the whole, and
//! name only lines that exist. The assertions live in
//! `sdpcheck_fuzz::oracle::differential`, shared with the regression tests.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| sdpcheck_fuzz::oracle::differential(data));
