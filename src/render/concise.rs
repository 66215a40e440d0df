//! `--format concise`: one line per finding, for grep, editors' quickfix lists
//! and `wc -l`.
//!
//! ```text
//! offer.sdp:6:9: error[number-out-of-range] Port `99999` is out of range in `m=` [40004,32009,32102]
//! ```
//!
//! `file:line:col` is where the finding's primary label starts (1-based, the
//! column in characters), in the input as the user has it. Lines are sorted by
//! input, then position. A finding that carries no field codes has no
//! `[...]` tail. There is no summary line: every line is a finding. Unsafe
//! characters in the file name and message (the message may quote the input)
//! are written in the people form of `escape.rs` (`⟨U+000D⟩`, `⟨U+200B⟩`), so
//! the input can neither split a line, drive the terminal, nor hide text.

use std::fmt::Write as _;

use crate::render::common::Diagnostic;
use crate::render::escape::visible;

/// Appends the line of one finding.
pub(crate) fn line(out: &mut String, d: &Diagnostic<'_>) {
    // Writing into a `String` cannot fail.
    let _ = write!(
        out,
        "{}:{}:{}: {}[{}] {}",
        visible(d.source),
        d.at.line,
        d.at.column,
        d.severity,
        d.rule,
        visible(d.message),
    );
    if !d.codes.is_empty() {
        out.push_str(" [");
        for (i, c) in d.codes.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{c}");
        }
        out.push(']');
    }
    out.push('\n');
}
