//! `answer-without-sctp-port`: a data-channel section of an answer with no
//! `a=sctp-port`.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::find_attribute_line;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags, in a description known to be an answer (`Options::role`), a
    /// live `UDP/DTLS/SCTP` or `TCP/DTLS/SCTP` data-channel section with no
    /// `a=sctp-port` (and no legacy `a=sctpmap`).
    ///
    /// ## Why is this bad?
    /// RFC 8841 §5 has both sides of a data channel name their SCTP port
    /// with `a=sctp-port`. Firefox refuses an answer without it; Chromium
    /// takes the default port 5000 (browser harness: fixtures
    /// `SDP5012/fail_*.answer.sdp`, `SDP5015/`). Firefox ESR 153 says:
    /// `Answer had no codecs in common with offer in m-section 0`. Checking
    /// the offer and the answer together, `sctp-port-missing` (SDP5012) says
    /// the same with both sides in view.
    ///
    /// ## Example
    /// ```sdp
    /// m=application 50000 UDP/DTLS/SCTP webrtc-datachannel
    /// a=setup:active
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=application 50000 UDP/DTLS/SCTP webrtc-datachannel
    /// a=setup:active
    /// a=sctp-port:5000
    /// ```
    ///
    /// ## References
    /// - RFC 8841 §5 (`a=sctp-port`), §6 (offer/answer procedures)
    pub(crate) const DOCS;
}

/// Checks the data-channel sections of an answer.
pub(crate) fn answer_without_sctp_port(ctx: &mut Context<'_, '_>) {
    if ctx.options.role != crate::options::Role::Answer {
        return;
    }
    let sdp = ctx.sdp;
    for media in sdp.media() {
        let Some(m) = media.media_line() else { continue };
        let modern = matches!(m.proto, "UDP/DTLS/SCTP" | "TCP/DTLS/SCTP");
        if !modern || m.port.value == 0 {
            continue;
        }
        let lines = media.lines();
        if find_attribute_line(lines, "sctp-port").is_none()
            && find_attribute_line(lines, "sctpmap").is_none()
        {
            ctx.report(answer_without_sctp_port_diagnostic(sdp.span_of(m.proto)));
        }
    }
}

fn answer_without_sctp_port_diagnostic(span: Span) -> Finding {
    Finding::new(
        RuleId::AnswerWithoutSctpPort,
        "Data-channel answer without `a=sctp-port`: Firefox rejects it, Chromium assumes port 5000",
    )
    .with_label(span, "no `a=sctp-port` in this section")
    .with_help("add `a=sctp-port:5000` (the SCTP port the answerer listens on)")
    .with_stacks(crate::registry::said::ANSWER_WITHOUT_SCTP_PORT)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{BARE_HEAD, session};
    use crate::{Options, ProfileChoice, Role, RuleId};

    #[test]
    fn only_answers() {
        let sdp = format!(
            "{BARE_HEAD}m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
        );
        assert!(session(RuleId::AnswerWithoutSctpPort, ProfileChoice::WebRtc, &sdp).is_empty());
        let options =
            Options { profile: ProfileChoice::WebRtc, role: Role::Answer, ..Options::default() };
        let report = crate::check_with(sdp.as_bytes(), &options);
        let hits = report.findings().iter().filter(|f| f.rule() == RuleId::AnswerWithoutSctpPort);
        assert_eq!(hits.count(), 1);
        let with = sdp.replace("a=mid:0\r\n", "a=mid:0\r\na=sctp-port:5000\r\n");
        let report = crate::check_with(with.as_bytes(), &options);
        assert!(!report.findings().iter().any(|f| f.rule() == RuleId::AnswerWithoutSctpPort));
    }
}
