//! The rules: one file per rule, grouped by where they look.
//!
//! - [`syntax`]: faults the parser meets while reading lines; each file holds
//!   the rule's documentation and the constructors of its findings.
//! - [`session`]: checks over one parsed description.
//!
//! A rule's code, name, severity and field codes live only in
//! [`crate::registry`]; rule files never spell them.

/// Declares a rule's documentation: the doc comment becomes both the rustdoc
/// of `DOCS` and its value, so `sdpcheck explain` and the API docs are one text.
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])+ $vis:vis const DOCS;) => {
        $(#[doc = $doc])+
        $vis const DOCS: &str = concat!($($doc, "\n"),+);
    };
}

pub(crate) mod session;
pub(crate) mod syntax;

use crate::diagnostic::FindingSink;
use crate::model::SessionDescription;

/// Runs every single-description rule over a parsed description.
pub(crate) fn check_session(sdp: &SessionDescription<'_>, sink: &mut FindingSink) {
    session::no_media::no_media(sdp, sink);
    session::missing_connection::missing_connection(sdp, sink);
}

/// Shows a token from the input inside a message: at most 40 characters, so
/// a 1 MiB token does not become a 1 MiB message.
pub(crate) fn shown(token: &str) -> String {
    const MAX: usize = 40;
    match token.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", token.get(..cut).unwrap_or(token)),
        None => token.to_owned(),
    }
}

/// `what` with its first letter in upper case, to open a message.
pub(crate) fn capitalized(what: &str) -> String {
    let mut chars = what.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
