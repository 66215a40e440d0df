//! Integration tests, linked as one binary (faster to build than one per file).

#[cfg(feature = "capture")]
mod capture;
mod cli;
mod common;
#[cfg(feature = "cli")]
mod conformance;
mod corpus;
#[cfg(feature = "browser-check")]
mod differential;
mod explain;
mod extract;
mod formats;
mod fuzz_regressions;
mod hostile;
#[cfg(feature = "cli")]
mod json_schema;
mod layers;
mod negotiate;
mod parse_fixtures;
mod readme;
mod references;
mod render;
mod rules;
mod sessions;
mod sip_answers;
mod stacks;
mod stream;
