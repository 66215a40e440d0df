//! `lone-carriage-return`: a CR that is not part of a CRLF line ending.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a carriage return (`\r`) that is not immediately followed by `\n`:
    /// inside a line, or doubled before the line ending (`\r\r\n`).
    ///
    /// ## Why is this bad?
    /// SDP lines end with CRLF, or LF alone (RFC 8866 §5); a lone CR is neither a
    /// line break nor allowed in a value (`byte-string` excludes CR). Some parsers
    /// split on it and others keep it inside the value, so the two peers read
    /// different descriptions; a CR inside a value is also the classic way to
    /// inject a line into logs and SIP messages. Usually a CRLF conversion ran
    /// twice (`\r\r\n`).
    ///
    /// ## Example
    /// ```sdp
    /// s=call\r\r\n
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// s=call\r\n
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5 (line endings), §9 (`byte-string` excludes CR and LF)
    pub(crate) const DOCS;
    // Attached under the SIP profile by `rules::sip::judge_syntax`.
    stacks = [crate::stacks::PJSIP_BAD_SDP];
}

/// A CR at `span`; `at_end` when it stands just before the line's LF.
pub(crate) fn lone_cr(span: Span, at_end: bool) -> Finding {
    let (message, help) = if at_end {
        (
            "Line ends with `\\r\\r\\n`",
            "end each line with one CRLF (`\\r\\n`) or a bare LF: the CRLF conversion probably ran twice",
        )
    } else {
        (
            "Carriage return inside a line",
            "remove the `\\r`: a lone CR is not a line break in SDP and no value may hold one",
        )
    };
    Finding::new(RuleId::LoneCarriageReturn, message).with_label(span, "lone CR").with_help(help)
}
