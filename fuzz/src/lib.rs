//! Shared code of the fuzz targets: the invariants ([`oracle`]) and the
//! SDP-shaped input generator ([`sdp_gen`]). Each target in
//! `fuzz_targets/` is a few lines that feed its input to one oracle.

pub mod oracle;
pub mod sdp_gen;
