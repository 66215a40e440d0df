//! `--format github`: GitHub Actions workflow commands, one per finding, so
//! each finding shows as an annotation on the file in the pull request.
//!
//! ```text
//! ::error file=offer.sdp,line=6,col=9,endLine=6,endColumn=14,title=number-out-of-range [40004%2C32009%2C32102]::Port `99999` is out of range in `m=`
//! ```
//!
//! `error`, `warning` and `advice` become `::error`, `::warning` and
//! `::notice`. Columns are 1-based characters; `endColumn` is the column just
//! past the span (as in SARIF).
//!
//! **Injection.** The runner reads any stdout line that starts with `::` as a
//! command, and the message may quote the input. Values are escaped the way
//! `@actions/core` does (`toCommandProperties` / `escapeData`): in properties
//! `%` `\r` `\n` `:` `,` become `%25` `%0D` `%0A` `%3A` `%2C`; in the message
//! `%` `\r` `\n` (the runner decodes them back, so `file=` names the real
//! file). Every other unsafe character (`escape.rs`) is written in the
//! people form (`⟨U+001B⟩`). So a command is always exactly one line, its
//! properties end at the first `::`, and whatever the input holds (`::`
//! included) stays inside the message of its own finding.

use std::fmt::Write as _;

use crate::finding::Severity;
use crate::render::common::Diagnostic;
use crate::render::escape::{Charset, is_unsafe, push_code_point};

/// Appends the command of one finding.
pub(crate) fn line(out: &mut String, d: &Diagnostic<'_>) {
    let name = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "notice",
    };
    let mut title = String::from(d.rule);
    if !d.codes.is_empty() {
        title.push_str(" [");
        for (i, c) in d.codes.iter().enumerate() {
            if i > 0 {
                title.push(',');
            }
            let _ = write!(title, "{c}");
        }
        title.push(']');
    }
    // Writing into a `String` cannot fail.
    let _ = writeln!(
        out,
        "::{name} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(d.source),
        d.at.line,
        d.at.column,
        d.at.end_line,
        d.at.end_column,
        escape_property(&title),
        escape_data(d.message),
    );
}

/// A command's message: `%`, CR and LF escaped (`@actions/core` `escapeData`),
/// every other unsafe character in its people form.
pub(crate) fn escape_data(text: &str) -> String {
    escape(text, false)
}

/// A command's property value: as [`escape_data`], and `:` and `,` too
/// (`@actions/core` `escapeProperty`), so a value cannot end the property
/// list or start another property.
pub(crate) fn escape_property(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if is_unsafe(c) => push_code_point(&mut out, c, Charset::Unicode),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_actions_core() {
        assert_eq!(escape_data("100% a\r\nb::c,d"), "100%25 a%0D%0Ab::c,d");
        assert_eq!(escape_property("a:b,c%d"), "a%3Ab%2Cc%25d");
        assert_eq!(escape_property("x\r\n::error::y"), "x%0D%0A%3A%3Aerror%3A%3Ay");
        assert_eq!(escape_data("\u{1b}[31m\u{200b}\u{85}"), "⟨U+001B⟩[31m⟨U+200B⟩⟨U+0085⟩");
    }
}
