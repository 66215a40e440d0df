//! Any bytes, split into an offer and an answer (at the first 0xFF byte, or
//! by the first byte as a ratio), checked as a pair: no panic, spans in
//! bounds on each side, negotiated codecs offered and answered, every
//! format renders (`sdpcheck_fuzz::oracle::pair`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdpcheck_fuzz::oracle;

fuzz_target!(|data: &[u8]| {
    let (offer, answer) = oracle::split_pair(data);
    oracle::pair(offer, answer);
});
