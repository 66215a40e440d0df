//! Rules over one parsed description. One file per rule; each exposes
//! `DOCS` and a check function `fn <name>(sdp, sink)`.

pub(crate) mod missing_connection;
pub(crate) mod no_media;
