//! Structure-aware `check`: the fuzzer's bytes build an SDP-shaped
//! description (`sdpcheck_fuzz::sdp_gen::Sdp`), so the rules past the
//! tokenizer run on every input; then the `check` and `differential`
//! invariants are asserted on its bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdpcheck_fuzz::{oracle, sdp_gen::Sdp};

fuzz_target!(|sdp: Sdp| {
    let bytes = sdp.to_bytes();
    oracle::check(&bytes);
    oracle::differential(&bytes);
});
