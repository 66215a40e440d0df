//! Renderers: human (miette), JSON, and the machine formats (concise,
//! JSON lines, SARIF, GitHub annotations). One file per format.

//!
//! The machine formats need the `serde` feature, the human one `miette`
//! (both on with the default `cli` feature).

#[cfg(feature = "serde")]
mod common;
#[cfg(feature = "serde")]
pub mod concise;
mod entry;
mod escape;
#[cfg(feature = "serde")]
pub mod github;
#[cfg(feature = "miette")]
pub mod human;
#[cfg(feature = "serde")]
pub mod json;
#[cfg(feature = "serde")]
pub mod json_lines;
#[cfg(feature = "serde")]
pub mod sarif;
#[cfg(test)]
mod testing;

pub use entry::{Entry, PairEntry};
