//! `nul-byte`: a NUL byte in the description.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a NUL byte (`\0`) anywhere in a line.
    ///
    /// ## Why is this bad?
    /// No SDP field may hold NUL (RFC 8866 §9 `byte-string` excludes it). C-based
    /// stacks (pjsip, sofia-sip, Asterisk) end the string there and see a
    /// truncated description, while others see the whole: the peers disagree,
    /// or the SDP is refused (Telnyx 40004, Twilio 32009). It usually comes from
    /// a fixed-size buffer sent whole, or a UTF-16 file read as bytes.
    ///
    /// ## Example
    /// ```sdp
    /// a=fmtp\0:101 0-16
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=fmtp:101 0-16
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §9 (`byte-string = 1*(%x01-09/%x0B-0C/%x0E-FF)`)
    pub(crate) const DOCS;
    // Attached under the SIP profile by `rules::sip::judge_syntax`.
    stacks = [crate::stacks::PJSIP_BAD_SDP, crate::stacks::BARESIP_CALL_ERROR];
}

/// The first NUL of a line.
pub(crate) fn nul_byte(span: Span) -> Finding {
    Finding::new(RuleId::NulByte, "NUL byte in the description")
        .with_label(span, "NUL")
        .with_help("remove the NUL byte: no SDP value may hold one (was a buffer sent whole, or the file saved as UTF-16?)")
}
