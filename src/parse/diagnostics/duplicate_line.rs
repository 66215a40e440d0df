//! `duplicate-line`: a second instance of a line allowed only once.

use crate::finding::Finding;
use crate::model::Line;
use crate::registry::RuleId;

declare_rule! {
    /// ## What it does
    /// Flags a second `v= o= s= i= u= c= z= k=` line at session level, or a
    /// second `i=` or `k=` line in one media section.
    ///
    /// ## Why is this bad?
    /// The grammar allows these lines once per level (RFC 8866 §9). Parsers
    /// disagree on which copy wins (first, last, or refusal), so the two peers
    /// may act on different values; strict ones reject the description
    /// (Telnyx 40004, Twilio 32009). Two `s=` or `o=` lines usually mean two
    /// SDPs were concatenated.
    ///
    /// ## Example
    /// ```sdp
    /// s=-
    /// s=call
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// s=call
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5 and §9 (which lines are optional, which repeat)
    pub(crate) const DOCS;
}

/// `line` repeats `first`.
pub(crate) fn duplicate_line(
    line: &Line<'_>,
    first: &Line<'_>,
    letter: u8,
    in_media: bool,
) -> Finding {
    let l = char::from(letter);
    let level = if in_media { "a media section" } else { "the session level" };
    Finding::new(RuleId::DuplicateLine, format!("Second `{l}=` line at {level}"))
        .with_label(line.span, "duplicate")
        .with_label(first.span, "first defined here")
        .with_help(format!("keep one `{l}=` line: {level} allows only one"))
}
