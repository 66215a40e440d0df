//! Integration tests, linked as one binary (faster to build than one per file).

mod cli;
mod common;
mod corpus;
mod negotiate;
mod parse_fixtures;
mod readme;
mod render;
mod rules;
