//! `malformed-field`: a known line whose value breaks its grammar.

use crate::finding::Finding;
use crate::finding::shown;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `o= c= m= t= r= z= b= k= u= e= p=` line whose value does not follow
    /// its grammar: a missing field, a wrong token, two spaces where one belongs,
    /// trailing whitespace, an IPv4 address that is not one. The label sits on the
    /// exact token; the help quotes the line's form. Also flags an SDP that still
    /// holds escaped `\r\n` sequences (copied from JSON or a log unescaped).
    ///
    /// ## Why is this bad?
    /// Fields are separated by exactly one space (RFC 8866 §5, §9). libwebrtc
    /// splits on single spaces and fails with `Failed to parse SessionDescription.
    /// ... Invalid value:`, the remote description is refused (Telnyx 40004,
    /// Twilio 32009 / 32102), and SIP trunks answer `488` or `400 Bad SDP`.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Expects 6 fields.`; `Invalid
    ///   value: <value>.`
    ///
    /// ## Example
    /// ```sdp
    /// c=IN IP4 300.1.2.3
    /// m=audio  49170 RTP/AVP 0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// c=IN IP4 203.0.113.3
    /// m=audio 49170 RTP/AVP 0
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.2–§5.14 (each line's fields)
    /// - RFC 8866 §9 (ABNF grammar)
    pub(crate) const DOCS;
    // Attached under the SIP profile by `rules::sip::judge_syntax`.
    stacks = [crate::stacks::PJSIP_BAD_SDP, crate::stacks::PJSIP_NOT_ACCEPTABLE_HERE, crate::stacks::BARESIP_NOT_ACCEPTABLE_HERE];
}

/// A token that is not what the grammar expects.
pub(crate) fn malformed_field(
    span: Span,
    line: &str,
    token: &str,
    what: &str,
    form: &str,
    at_end: bool,
) -> Finding {
    let message = if token.is_empty() && !at_end {
        format!("Missing {what} in {line} line")
    } else if token.is_empty() {
        format!("{line} line ends early: expected {what}")
    } else if token.trim().is_empty() {
        format!("Unexpected whitespace in {line} line: expected {what}")
    } else {
        format!("Malformed {line} line: expected {what}, found `{}`", shown(token))
    };
    let label = if token.is_empty() && at_end {
        format!("expected {what}; the value ends here")
    } else {
        format!("expected {what}")
    };
    Finding::new(RuleId::MalformedField, message)
        .with_label(span, label)
        .with_help(super::form_help(form))
}

/// Text after a complete value.
pub(crate) fn trailing(span: Span, line: &str, token: &str, form: &str) -> Finding {
    super::trailing_finding(RuleId::MalformedField, span, line, token, form)
}

/// The value holds `\r\n` as escaped text, not as line breaks.
pub(crate) fn escaped_line_breaks(span: Span) -> Finding {
    Finding::new(RuleId::MalformedField, "The SDP still holds escaped line breaks (`\\r\\n` as text)")
        .with_label(span, "escaped line break")
        .with_help("unescape the SDP (it was copied from JSON or a log): each `\\r\\n` must be a real CR LF; browsers fail with `Expect line: v=`")
}
