//! `byte-order-mark`: the input starts with a UTF-8 byte order mark.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags the three bytes `EF BB BF` (a UTF-8 byte order mark) before `v=0`.
    ///
    /// ## Why is this bad?
    /// The first line must be exactly `v=0` (RFC 8866 §5.1). With a BOM in front,
    /// parsers see an unknown first line: libwebrtc fails with `Expect line: v=`,
    /// and SIP stacks answer `400` or `488` (Telnyx 40004, Twilio 32009). Editors
    /// on Windows add the BOM when an SDP is saved as a file. sdpcheck skips the
    /// BOM after reporting it, so the rest of the description is still checked.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Expect line: v=`
    ///
    /// ## Example
    /// ```sdp
    /// \xEF\xBB\xBFv=0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// v=0
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.1 (`v=0` comes first), RFC 3629 §6 (the UTF-8 BOM)
    pub(crate) const DOCS;
    // Attached under the SIP profile by `rules::sip::judge_syntax`.
    stacks = [crate::stacks::PJSIP_BAD_SDP, crate::stacks::BARESIP_CALL_ERROR];
}

/// The BOM at the start of the input.
pub(crate) fn byte_order_mark(span: Span) -> Finding {
    Finding::new(RuleId::ByteOrderMark, "Input starts with a UTF-8 byte order mark")
        .with_label(span, "byte order mark (EF BB BF)")
        .with_help("remove the byte order mark: the first bytes must be `v=0` (save the file as UTF-8 without BOM)")
}
