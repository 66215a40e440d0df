//! Any bytes through every rule under every profile and required-codec
//! setting, through extraction as the CLI does it, and through every output
//! format: no panic, spans in bounds, machine output re-parses, no raw
//! control byte or injected workflow command (`sdpcheck_fuzz::oracle::check`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| sdpcheck_fuzz::oracle::check(data));
