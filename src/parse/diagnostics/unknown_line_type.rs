//! `unknown-line-type`: a line whose type letter SDP does not define.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a line whose type letter is not one of `v o s i u e p c b t r z k a m`.
    ///
    /// ## Why is this bad?
    /// RFC 8866 §5 says a parser must ignore the *whole description* when it meets
    /// a type letter it does not understand, so a strict peer refuses the call
    /// (SIP 488, Telnyx 40004) while a lenient one silently drops the line.
    /// Extensions belong in `a=` attributes, which unknown parsers skip safely.
    ///
    /// ## Example
    /// ```sdp
    /// x=custom-data
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=x-custom:custom-data
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5 ("ignore any session description that contains a type letter that it does not understand")
    pub(crate) const DOCS;
}

/// The finding for an unknown type letter.
pub(crate) fn unknown_line_type(letter_span: Span, letter: u8) -> Finding {
    Finding::new(RuleId::UnknownLineType, format!("Unknown line type `{}=`", char::from(letter)))
        .with_label(letter_span, "not an SDP line type")
        .with_help("remove the line, or carry the data in an attribute (`a=x-name:value`); SDP defines only v o s i u e p c b t r z k a m")
}
