//! Renderers: human (miette), JSON, and the machine formats (concise,
//! JSON lines, SARIF, GitHub annotations). One file per format.

mod common;
pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod json_lines;
pub mod sarif;
