//! Structure-aware `pair`: an SDP-shaped offer and the answerer's edits
//! that turn it into its answer (`sdpcheck_fuzz::sdp_gen::PairPlan`), so
//! the pair rules and the negotiation meet aligned sections; then the
//! `pair` invariants are asserted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdpcheck_fuzz::{oracle, sdp_gen::PairPlan};

fuzz_target!(|plan: PairPlan| {
    let (offer, answer) = plan.to_bytes();
    oracle::pair(&offer, &answer);
});
