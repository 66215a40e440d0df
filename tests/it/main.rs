//! Integration tests, linked as one binary (faster to build than one per file).

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
mod layers;
mod negotiate;
mod parse_fixtures;
mod readme;
mod render;
mod rules;
mod stacks;
mod stream;
