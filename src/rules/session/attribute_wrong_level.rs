//! `attribute-wrong-level`: a media-level attribute written at session
//! level.

use crate::finding::Finding;
use crate::model::LineKind;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a session-level `a=` line whose attribute the IANA SDP
    /// attribute registry lists with usage level `media` only: `rtcp-mux`,
    /// `mid`, `msid`, `ssrc`, `ssrc-group`, `rtpmap`, `fmtp`, `rtcp-fb`,
    /// `rtcp`, `rid`, `simulcast`, `candidate`, `label`.
    ///
    /// ## Why is this bad?
    /// Each attribute is defined at the levels its RFC gives (the registry's
    /// "usage level"); at another level it means nothing, and a peer that
    /// follows the RFC ignores it: an `a=rtcp-mux` at session level does not
    /// turn on RTP/RTCP multiplexing for any stream. Measured with
    /// `conformance/sip/` (probes `session-level-rtcp-mux`, `-mid`, `-msid`,
    /// `-ssrc-group`): pjsip and baresip both accept such a description
    /// (200), so this is a warning and claims no refusal. `a=ptime` and
    /// `a=maxptime` (media level in the registry) are left out: session-level
    /// `a=ptime` is common in SIP and both stacks accept it. `a=crypto` at
    /// session level is shown by `savp-without-crypto`.
    ///
    /// ## Example
    /// ```sdp
    /// t=0 0
    /// a=rtcp-mux
    /// m=audio 49170 RTP/AVP 0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// t=0 0
    /// m=audio 49170 RTP/AVP 0
    /// a=rtcp-mux
    /// ```
    ///
    /// ## References
    /// - IANA "Session Description Protocol (SDP) Parameters", att-field
    ///   registry, usage levels (RFC 8866 §8.2.4)
    /// - RFC 5761 §5.1.1 (`rtcp-mux`), RFC 5888 §4 (`mid`), RFC 8830 §2
    ///   (`msid`), RFC 5576 §4 (`ssrc`, `ssrc-group`), RFC 8866 §6.6 and §6.15
    ///   (`rtpmap`, `fmtp`)
    pub(crate) const DOCS;
}

/// Attributes registered with usage level `media` only.
const MEDIA_ONLY: [&str; 13] = [
    "rtcp-mux",
    "mid",
    "msid",
    "ssrc",
    "ssrc-group",
    "rtpmap",
    "fmtp",
    "rtcp-fb",
    "rtcp",
    "rid",
    "simulcast",
    "candidate",
    "label",
];

/// Reports each media-only attribute at session level.
pub(crate) fn attribute_wrong_level(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for line in sdp.session_lines() {
        let LineKind::Attribute(attr) = &line.kind else { continue };
        if MEDIA_ONLY.contains(&attr.name) {
            ctx.report(attribute_wrong_level_diagnostic(line.span, attr.name));
        }
    }
}

fn attribute_wrong_level_diagnostic(span: Span, name: &str) -> Finding {
    let name = shown(name);
    Finding::new(
        RuleId::AttributeWrongLevel,
        format!(
            "`a={name}` is a media-level attribute (IANA usage level) but sits at session level"
        ),
    )
    .with_label(span, "ignored here by RFC-following peers")
    .with_help(format!(
        "move `a={name}` into each media section it applies to, after the `m=` line"
    ))
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{HEAD, Tester};
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn pass_and_fail() {
        let tester = Tester::new(RuleId::AttributeWrongLevel, ProfileChoice::Sip).head(HEAD);
        let m = "m=audio 4000 RTP/AVP 0\r\n";
        tester.test(
            &[
                &format!("{m}a=rtcp-mux\r\n"),
                &format!("a=ptime:20\r\n{m}"),
                &format!("a=sendrecv\r\n{m}"),
            ],
            &[&format!("a=rtcp-mux\r\n{m}"), &format!("a=mid:0\r\n{m}")],
        );
    }
}
