//! `unsupported-version`: `v=` other than 0.

use crate::finding::Finding;
use crate::finding::shown;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a `v=` line whose version is not `0`.
    ///
    /// ## Why is this bad?
    /// Version 0 is the only SDP version (RFC 8866 §5.1). Firefox's parser
    /// (sipcc) checks it first and refuses the whole description (Telnyx 40004,
    /// Twilio 32009). libwebrtc checks only that the first line is a `v=` line,
    /// not its value, so the same description can pass in Chrome and fail in
    /// Firefox.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Firefox (sipcc, `sdp_token.c`): `Invalid version (1) found, parse
    ///   failed.`
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
    // Attached under the SIP profile by `rules::sip::judge_syntax`.
    stacks = [crate::stacks::PJSIP_BAD_SDP, crate::stacks::BARESIP_CALL_ERROR];
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
