//! `number-out-of-range`: a decimal number outside what its field allows.

use crate::finding::Finding;
use crate::finding::shown;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a number outside its field's range: a port above 65535, a port count
    /// of 0 or one that runs past 65535, an RTP payload type above 127, a clock
    /// rate or channel count of 0, a time beyond 64 bits. Numbers are read into
    /// their exact type; nothing is truncated or wrapped.
    ///
    /// ## Why is this bad?
    /// Out-of-range values are silently truncated by some stacks (port 99999
    /// becomes 34463) and refused by others, so the two peers disagree about where
    /// media goes. RTP has 7 bits of payload type (RFC 3550 §5.1): libwebrtc refuses
    /// an `m=` line with a payload type above 127 (the reason after the line is
    /// empty) or a port above 65535, and SIP trunks answer `488` (Telnyx 40004,
    /// Twilio 32009).
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `The port number is invalid`;
    ///   `Invalid port number.`
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 99999 RTP/AVP 0 128
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 49170 RTP/AVP 0 96
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.14 (`m=` port and port count), RFC 3550 §5.1 (payload type is 7 bits)
    /// - RFC 3551 §6 (static payload types), RFC 8866 §9 (`time`, `integer`)
    pub(crate) const DOCS;
    // Attached under the SIP profile by `rules::sip::judge_syntax`.
    stacks = [crate::stacks::PJSIP_BAD_SDP, crate::stacks::BARESIP_NOT_ACCEPTABLE_HERE];
}

/// A number outside `min..=max`.
pub(crate) fn number_out_of_range(
    span: Span,
    line: &str,
    token: &str,
    what: &str,
    min: u64,
    max: u64,
) -> Finding {
    let range = if max == u64::MAX { format!("at least {min}") } else { format!("{min}–{max}") };
    Finding::new(
        RuleId::NumberOutOfRange,
        format!(
            "{} `{}` is out of range in {line}",
            crate::finding::capitalized(what),
            shown(token)
        ),
    )
    .with_label(span, format!("must be {range}"))
    .with_help(format!("use {what} in the range {range}"))
}
