//! `unsupported-version`: `v=` other than 0.

use crate::diagnostic::Finding;
use crate::registry::RuleId;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a `v=` line whose version is not `0`.
    ///
    /// ## Why is this bad?
    /// Version 0 is the only SDP version (RFC 8866 §5.1). Every parser checks it
    /// first; libwebrtc fails with `Expect line: v=0`, and the whole description
    /// is refused (Telnyx 40004, Twilio 32009).
    ///
    /// ## Example
    /// ```sdp
    /// v=1
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// v=0
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.1
    pub(crate) const DOCS;
}

/// A version that is a number but not 0.
pub(crate) fn unsupported_version(span: Span, raw: &str) -> Finding {
    Finding::new(
        RuleId::UnsupportedVersion,
        format!("SDP version `{}` is not supported", shown(raw)),
    )
    .with_label(span, "only 0 exists")
    .with_help("write `v=0`: it is the only SDP version")
}
