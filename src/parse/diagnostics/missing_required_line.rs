//! `missing-required-line`: no `v=`, `o=`, `s=` or `t=` line.

use crate::finding::Finding;
use crate::model::Line;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a description without one of the four lines every SDP must have:
    /// `v=` (first), `o=`, `s=` and at least one `t=`.
    ///
    /// ## Why is this bad?
    /// They are mandatory in RFC 8866 §5. libwebrtc fails with `Expect line: o=`
    /// (or `s=`, `t=`) and the remote description is not applied (Telnyx 40004,
    /// Twilio 32009); SIP stacks answer `400` or `488`. Hand-built SDPs often
    /// drop `t=0 0`, which WebRTC never uses but still requires.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Expect line: v=`; `Expect line:
    ///   o=`; `Expect line: s=`; `Expect line: t=`
    ///
    /// ## Example
    /// ```sdp
    /// v=0
    /// o=- 20518 0 IN IP4 203.0.113.1
    /// s=-
    /// m=audio 49170 RTP/AVP 0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// v=0
    /// o=- 20518 0 IN IP4 203.0.113.1
    /// s=-
    /// t=0 0
    /// m=audio 49170 RTP/AVP 0
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.1 (`v=`), §5.2 (`o=`), §5.3 (`s=`), §5.9 (`t=`)
    pub(crate) const DOCS;
    // Attached under the SIP profile by `rules::sip::judge_syntax`.
    stacks = [crate::stacks::PJSIP_BAD_SDP];
}

/// The line to add, as help.
fn example(letter: u8) -> &'static str {
    match letter {
        b'v' => "add `v=0` as the first line",
        b'o' => {
            "add an origin line after `v=0`, such as `o=- 4611731400430051336 2 IN IP4 127.0.0.1`"
        }
        b's' => "add `s=-` after the `o=` line",
        _ => "add `t=0 0` after the `s=` line (and any `i= u= e= p= c= b=` lines)",
    }
}

/// The required line `letter` is absent; anchored where it should stand.
pub(crate) fn missing(letter: u8, anchor: Option<&Line<'_>>) -> Finding {
    let l = char::from(letter);
    let span = anchor.map_or(Span::empty(0), |a| a.span);
    let label =
        if letter == b'v' { "the description starts here" } else { "expected before this line" };
    Finding::new(RuleId::MissingRequiredLine, format!("Missing `{l}=` line"))
        .with_label(span, label)
        .with_help(example(letter))
}

/// The input holds no line at all.
pub(crate) fn empty_description(first: Option<&Line<'_>>) -> Finding {
    Finding::new(RuleId::MissingRequiredLine, "The description is empty")
        .with_label(first.map_or(Span::empty(0), |l| l.span), "no SDP lines")
        .with_help("an SDP starts with `v=0`, then `o=`, `s=` and `t=` lines")
}
