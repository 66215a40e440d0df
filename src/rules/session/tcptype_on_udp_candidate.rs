//! `tcptype-on-udp-candidate`: a UDP ICE candidate with a `tcptype`.

use crate::finding::Finding;
use crate::model::LineKind;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `a=candidate` whose transport is UDP and which carries a
    /// `tcptype` extension.
    ///
    /// ## Why is this bad?
    /// `tcptype` (RFC 6544 §4.5) says how a TCP candidate connects; a UDP
    /// candidate has none. libwebrtc refuses the whole description; Firefox
    /// ESR 153 accepts it (browser harness: probe `candidate-tcptype-on-udp`,
    /// fixtures `SDP3026/`). Chromium 156 says: `Failed to parse
    /// SessionDescription. a=candidate:2372012757 1 udp 2122260223
    /// 198.51.100.73 49822 typ host tcptype active Invalid non-TCP
    /// candidate`.
    ///
    /// ## Example
    /// ```sdp
    /// a=candidate:1 1 udp 2122260223 198.51.100.73 49822 typ host tcptype active
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=candidate:1 1 udp 2122260223 198.51.100.73 49822 typ host
    /// ```
    ///
    /// ## References
    /// - RFC 6544 §4.5 (`tcptype`, for TCP candidates)
    /// - RFC 8839 §5.1 (`a=candidate`)
    pub(crate) const DOCS;
}

/// Checks every candidate's transport against a `tcptype`.
pub(crate) fn tcptype_on_udp_candidate(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for line in sdp.lines() {
        let LineKind::Attribute(attr) = &line.kind else { continue };
        let AttrValue::Candidate(c) = &attr.typed else { continue };
        if !c.transport.eq_ignore_ascii_case("udp") {
            continue;
        }
        if let Some((_, value)) = c.extensions().find(|(k, _)| *k == "tcptype") {
            ctx.report(tcptype_on_udp_candidate_diagnostic(sdp.span_of(value)));
        }
    }
}

fn tcptype_on_udp_candidate_diagnostic(span: Span) -> Finding {
    Finding::new(
        RuleId::TcptypeOnUdpCandidate,
        "UDP candidate with a `tcptype`: Chromium rejects it, Firefox accepts it",
    )
    .with_label(span, "`tcptype` is for TCP candidates only")
    .with_help("drop `tcptype ...` from UDP candidates, or make the candidate's transport `tcp`")
    .with_stacks(crate::registry::said::TCPTYPE_ON_UDP)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn cases() {
        let audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n";
        let tcp = format!(
            "{audio}a=candidate:1 1 tcp 2122260223 198.51.100.7 9 typ host tcptype active\r\n"
        );
        let udp = format!(
            "{audio}a=candidate:1 1 udp 2122260223 198.51.100.7 9 typ host tcptype active\r\n"
        );
        Tester::new(RuleId::TcptypeOnUdpCandidate, ProfileChoice::WebRtc).test(&[&tcp], &[&udp]);
    }
}
