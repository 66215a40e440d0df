//! `malformed-attribute`: an `a=` line whose value breaks its attribute's grammar.

use crate::finding::Finding;
use crate::finding::shown;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an attribute that sdpcheck knows (rtpmap, fmtp, rtcp-fb, candidate,
    /// fingerprint, group, mid, ssrc, extmap, crypto, ...) whose value does not
    /// follow the grammar of its RFC, and an `a=` line with no attribute name or
    /// with whitespace after `a=`. Unknown attributes are never flagged: RFC 8866
    /// §5.13 says to ignore them.
    ///
    /// ## Why is this bad?
    /// Browsers parse these attributes strictly and refuse the description:
    /// libwebrtc fails with messages such as `Failed to parse SessionDescription.
    /// a=rtpmap:... Invalid value:` or `Expects at least 2 fields.` The remote
    /// description is not applied (Telnyx 40004, Twilio 32009) and SIP peers
    /// answer `488`.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Expects at least 2 fields.`;
    ///   `Invalid value: <value>.`; `Failed to get the value of attribute:
    ///   <name>`; `Expected format "<encoding name>/<clock
    ///   rate>[/<encodingparameters>]".`; `Illegal character found in the value
    ///   of mid`
    /// - Chrome, Safari (libwebrtc, `p2p/base/transport_description.cc`): `ICE
    ///   ufrag must contain only alphanumeric characters, '+', and '/'.`; `ICE
    ///   pwd must contain only alphanumeric characters, '+', and '/'.`
    ///
    /// ## Example
    /// ```sdp
    /// a=rtpmap:111 opus 48000/2
    /// a= sendrecv
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=rtpmap:111 opus/48000/2
    /// a=sendrecv
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.13 and §6 (attributes), RFC 8839 §5.1 (candidate),
    ///   RFC 8122 §5 (fingerprint), RFC 5888 (group, mid), RFC 5576 (ssrc),
    ///   RFC 8285 (extmap), RFC 4585 (rtcp-fb), RFC 4568 (crypto)
    pub(crate) const DOCS;
    // Attached under the SIP profile by `rules::sip::judge_syntax`.
    stacks = [crate::stacks::PJSIP_BAD_SDP, crate::stacks::BARESIP_CALL_ERROR];
}

/// A token that is not what the attribute's grammar expects.
pub(crate) fn malformed_attribute(
    span: Span,
    attr: &str,
    token: &str,
    what: &str,
    form: &str,
    at_end: bool,
) -> Finding {
    let message = if attr == "`a=`" || what == "attribute name" {
        if token.trim().is_empty() && !token.is_empty() {
            "Whitespace after `a=`".to_owned()
        } else if token.is_empty() {
            "Attribute has no name".to_owned()
        } else {
            format!("Attribute name `{}` has characters a token cannot hold", shown(token))
        }
    } else if token.is_empty() && !at_end {
        format!("Missing {what} in {attr}")
    } else if token.is_empty() {
        format!("{attr} value ends early: expected {what}")
    } else if token.trim().is_empty() {
        format!("Unexpected whitespace in {attr}: expected {what}")
    } else {
        format!("Malformed {attr} value: expected {what}, found `{}`", shown(token))
    };
    let help = if what == "attribute name" {
        "write `a=<name>` or `a=<name>:<value>` with no whitespace after `a=`".to_owned()
    } else {
        super::form_help(form)
    };
    // Firefox takes `a= sendrecv` (space after `=`); libwebrtc does not.
    let stacks = if message == "Whitespace after `a=`" {
        crate::registry::said::SYNTAX_CHROMIUM
    } else {
        crate::registry::default_stacks(RuleId::MalformedAttribute)
    };
    Finding::new(RuleId::MalformedAttribute, message)
        .with_label(span, format!("expected {what}"))
        .with_help(help)
        .with_stacks(stacks)
}

/// Text after a complete attribute value.
pub(crate) fn trailing(span: Span, attr: &str, token: &str, form: &str) -> Finding {
    super::trailing_finding(RuleId::MalformedAttribute, span, attr, token, form)
}
