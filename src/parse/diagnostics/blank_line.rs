//! `blank-line`: an empty line before the end of the description.

use crate::finding::Finding;
use crate::model::LineEnding;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an empty line that is followed by more SDP lines. Blank lines at the
    /// very end of the input are allowed.
    ///
    /// ## Why is this bad?
    /// SDP has no blank lines (RFC 8866 §9): every line is `<type>=<value>`. In
    /// SIP, a blank line ends the headers, so an SDP body with a blank line in it
    /// is cut short by anything that re-parses the message; libwebrtc refuses the
    /// line (`Invalid SDP line.`), and the description fails to apply (Telnyx
    /// 40004, Twilio 32009).
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Invalid SDP line.`; `Expects m
    ///   line.`
    ///
    /// ## Example
    /// ```sdp
    /// t=0 0
    ///
    /// m=audio 49170 RTP/AVP 0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// t=0 0
    /// m=audio 49170 RTP/AVP 0
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5, §9
    pub(crate) const DOCS;
    // Attached under the SIP profile by `rules::sip::judge_syntax`.
    stacks = [crate::stacks::PJSIP_BAD_SDP];
}

/// An empty line; the span is empty, so the label covers its line ending.
pub(crate) fn blank_line(span: Span, ending: LineEnding) -> Finding {
    let span = Span::new(span.start as usize, span.start as usize + ending.as_bytes().len());
    Finding::new(RuleId::BlankLine, "Empty line inside the description")
        .with_label(span, "empty line")
        .with_help("remove the empty line: SDP lines are never empty")
}
