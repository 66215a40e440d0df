//! `--format json-lines`: one JSON object per finding, one per line (NDJSON).
//!
//! Each object has the fields of a diagnostic of `--format json`
//! (CONTRACT.md): `rule`, `code`, `severity`, `codes`, `message`, `help`,
//! `sdp`, `source`, `line`, `column`, `offset`, `length`, `labels`. Objects
//! come sorted by input, then position. Nothing else is written: no header,
//! no summary, and no output at all when there is no finding, so the stream
//! concatenates and `jq -c` / `wc -l` work on it directly.
//!
//! Strings are escaped by `serde_json`, plus DEL, C1 controls and
//! U+2028/U+2029 as `\uXXXX`, so a line never holds a raw control byte and
//! an input's CR or LF can never split an object over two lines.

use crate::render::common::{self, Diagnostic};

/// Appends the JSON object of one finding, and its newline.
pub(crate) fn line(out: &mut String, d: &Diagnostic<'_>) {
    // Serialising strings and numbers cannot fail; a line that somehow
    // did would be dropped rather than written half-formed.
    if let Ok(line) = common::to_json(d, false) {
        out.push_str(&line);
        out.push('\n');
    }
}
