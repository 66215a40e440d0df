//! `all-streams-disabled`: an offer whose every `m=` line has port 0.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::sip;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a description that has `m=` lines, all of them with port 0
    /// (none with `a=bundle-only`).
    ///
    /// ## Why is this bad?
    /// Port 0 disables a stream (RFC 3264 §5.1, §6): with every stream
    /// disabled there is no media to set up, and an answerer has nothing to
    /// accept. Measured with `conformance/sip/` (fixtures
    /// `SDP1002/pass_rejected_avp`, `SDP2001/pass_port_zero`): baresip
    /// answers `488 Not Acceptable Here`; pjsip answers `488` or, for a
    /// single stream without `c=`, aborts (pjmedia `sdp_neg.c` assertion)
    /// and sends nothing. A description with no `m=` line at all is
    /// `no-media`. The usual cause is a B2BUA that copied a rejected answer
    /// into a new offer, or a re-INVITE meant to hold the call (use
    /// `a=sendonly` or `a=inactive` for that).
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 0 RTP/AVP 0 8 101
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 49170 RTP/AVP 0 8 101
    /// a=inactive
    /// ```
    ///
    /// ## References
    /// - RFC 3264 §5.1 (port 0 in an offer), §6 (rejecting a stream), §8.4 (hold)
    /// - RFC 9143 §6 (`a=bundle-only` with port 0 is not disabled)
    /// - RFC 3261 §21.4.26 (488 Not Acceptable Here)
    pub(crate) const DOCS;
    // What `conformance/sip/` saw; attached under the SIP profile only.
    stacks = [sip::PJSIP_NOT_ACCEPTABLE_HERE, sip::BARESIP_NOT_ACCEPTABLE_HERE];
}

/// Reports once, on the first `m=` line, when every section is disabled.
pub(crate) fn all_streams_disabled(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    let mut first = None;
    for media in sdp.media() {
        let Some(line) = media.media_line() else { return };
        let bundle_only = media.attributes().any(|(_, a)| a.name == "bundle-only");
        if line.port.value != 0 || bundle_only {
            return;
        }
        first.get_or_insert(sdp.span_of(line.port.raw));
    }
    if let Some(span) = first {
        ctx.report(all_streams_disabled_diagnostic(span, sdp.media().len()));
    }
}

fn all_streams_disabled_diagnostic(span: Span, count: usize) -> Finding {
    let what = match count {
        1 => "The only `m=` line has port 0".to_owned(),
        n => format!("All {n} `m=` lines have port 0"),
    };
    Finding::new(RuleId::AllStreamsDisabled, format!("{what}: no stream is left to answer"))
        .with_label(span, "port 0 disables the stream")
        .with_help("give the stream a real port; to hold a call, keep the port and write `a=inactive` or `a=sendonly`")
        .with_stacks(sip::BOTH_NOT_ACCEPTABLE_HERE)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{HEAD, Tester};
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn pass_and_fail() {
        let tester = Tester::new(RuleId::AllStreamsDisabled, ProfileChoice::Sip).head(HEAD);
        tester.test(
            &[
                "m=audio 4000 RTP/AVP 0\r\n",
                "m=audio 0 RTP/AVP 0\r\nm=audio 4002 RTP/AVP 8\r\n",
                "m=audio 0 RTP/AVP 0\r\na=bundle-only\r\n",
                "",
            ],
            &["m=audio 0 RTP/AVP 0\r\n", "m=audio 0 RTP/AVP 0\r\nm=video 0 RTP/AVP 31\r\n"],
        );
    }
}
