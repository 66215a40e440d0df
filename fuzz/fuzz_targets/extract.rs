//! Any bytes through the log extractor, in memory and streamed in small
//! chunks: no panic, source maps inside the input, both ways agree
//! (`sdpcheck_fuzz::oracle::extract`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| sdpcheck_fuzz::oracle::extract(data));
