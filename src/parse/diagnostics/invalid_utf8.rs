//! `invalid-utf8`: bytes that are not UTF-8 where UTF-8 is required.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags bytes that are not valid UTF-8: anywhere in a line other than `s=`
    /// and `i=`, and in `s=`/`i=` unless the session declares another charset
    /// with `a=charset` (RFC 8866 §6.10).
    ///
    /// ## Why is this bad?
    /// Tokens in SDP are ASCII, and text fields are UTF-8 unless `a=charset` says
    /// otherwise. A JavaScript `RTCSessionDescription` cannot even hold such bytes,
    /// so they are mangled before they reach the browser; SIP stacks refuse
    /// or truncate the line (Telnyx 40004, Twilio 32009).
    ///
    /// ## Example
    /// ```sdp
    /// s=Caf\xE9
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// s=Café
    /// ```
    ///
    /// (or declare `a=charset:ISO-8859-1` at session level)
    ///
    /// ## References
    /// - RFC 8866 §6.10 (`a=charset`), §9 (`byte-string`, `token`)
    pub(crate) const DOCS;
}

/// The first invalid sequence of a line.
pub(crate) fn invalid_utf8(span: Span) -> Finding {
    Finding::new(RuleId::InvalidUtf8, "Bytes that are not valid UTF-8")
        .with_label(span, "invalid UTF-8")
        .with_help("re-encode the text as UTF-8; for `s=`/`i=` in another charset, declare it with `a=charset:<name>`")
}
