//! Any bytes through the parser: no panic, every span inside the input (and
//! on a char boundary when the input is UTF-8), and a parse without
//! findings writes back byte for byte (`sdpcheck_fuzz::oracle::parse`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| sdpcheck_fuzz::oracle::parse(data));
