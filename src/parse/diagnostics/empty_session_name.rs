//! `empty-session-name`: `s=` with nothing after it.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `s=` line with an empty value.
    ///
    /// ## Why is this bad?
    /// RFC 8866 §5.3 requires at least one character and says to use `s=-` (or a
    /// single space) when the session has no name. libwebrtc refuses `s=` alone
    /// (`Expect line: s=`), although Firefox's parser accepts it, so a call works
    /// in one browser and fails in another (Telnyx 40004, Twilio 32009).
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Expect line: s=`
    ///
    /// ## Example
    /// ```sdp
    /// s=
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// s=-
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.3 ("If a session has no meaningful name, then "s= " or "s=-" ... is RECOMMENDED")
    pub(crate) const DOCS;
    // Attached under the SIP profile by `rules::sip::judge_syntax`.
    stacks = [crate::stacks::PJSIP_BAD_SDP];
}

/// `s=` with no text.
pub(crate) fn empty_session_name(span: Span) -> Finding {
    Finding::new(RuleId::EmptySessionName, "Session name `s=` is empty")
        .with_label(span, "empty session name")
        .with_help("write `s=-` when the session has no name")
}
