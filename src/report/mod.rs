//! Renderers: human (miette), JSON. One file per format.

pub mod human;
pub mod json;
