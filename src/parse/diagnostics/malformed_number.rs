//! `malformed-number`: a token that should be a decimal number and is not.

use crate::finding::Finding;
use crate::finding::shown;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a field that must be `1*DIGIT` (port, payload type, clock rate, session
    /// id, time, bandwidth, ...) but holds a sign, hex, a fraction, full-width
    /// digits or another token. sdpcheck never reads such a token as 0.
    ///
    /// ## Why is this bad?
    /// SDP numbers are plain decimal digits (RFC 8866 §9). Parsers that use
    /// `atoi` read `-1` or `0x1F4` as garbage or 0 and then send media to port 0,
    /// while strict ones (libwebrtc, Firefox) refuse the description (Telnyx 40004,
    /// Twilio 32009); SIP trunks answer `488`. A token where a number belongs
    /// often means a field is missing, as in `m=audio RTP/AVP 0` (no port).
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Invalid value: <value>.`; `The
    ///   port number is invalid`
    ///
    /// ## Example
    /// ```sdp
    /// m=audio +5000 RTP/AVP 0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 5000 RTP/AVP 0
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §9 (`integer`, `port`, `sess-id`, `time`)
    /// - RFC 3551 §6 (payload types are 0–127)
    pub(crate) const DOCS;
    // Attached under the SIP profile by `rules::sip::judge_syntax`.
    stacks = [crate::stacks::PJSIP_BAD_SDP, crate::stacks::BARESIP_CALL_ERROR, crate::stacks::BARESIP_NOT_ACCEPTABLE_HERE];
}

/// A non-decimal token where a number belongs.
pub(crate) fn malformed_number(
    span: Span,
    line: &str,
    token: &str,
    what: &str,
    form: &str,
) -> Finding {
    let wordlike = token.contains('/') && !token.bytes().any(|b| b.is_ascii_digit());
    if wordlike {
        // `m=audio RTP/AVP 0`: the number is missing, not misspelt.
        return Finding::new(
            RuleId::MalformedNumber,
            format!("{line} expects {what}, found `{}`: is the {what} missing?", shown(token)),
        )
        .with_label(span, format!("expected {what}"))
        .with_help(format!("add the {what}; {}", super::form_help(form)));
    }
    Finding::new(
        RuleId::MalformedNumber,
        format!("`{}` is not a number: {line} expects {what}", shown(token)),
    )
    .with_label(span, format!("expected {what}"))
    .with_help(format!(
        "write {what} as decimal digits only (no sign, hex or fraction); {}",
        super::form_help(form)
    ))
}
