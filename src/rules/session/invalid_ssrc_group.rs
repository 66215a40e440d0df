//! `invalid-ssrc-group`: an `a=ssrc-group` with a repeated SSRC, or an FID
//! group without exactly two SSRCs.

use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::span::Span;
use crate::stacks::StackVerdict;

declare_rule! {
    /// ## What it does
    /// Flags an `a=ssrc-group` that lists one SSRC twice, and an
    /// `a=ssrc-group:FID` that does not list exactly two SSRCs (the media
    /// stream and its retransmission stream).
    ///
    /// ## Why is this bad?
    /// RFC 5576 §4.2 groups distinct sources, and an FID group for RTX
    /// (RFC 4588 §8.2) pairs one original stream with one retransmission
    /// stream. libwebrtc refuses both shapes; Firefox ESR 153 accepts them
    /// (browser harness: probes `ssrc-group-*`, fixtures `SDP3032/`).
    /// Chromium 156 says:
    ///
    /// - `Failed to parse SessionDescription. a=ssrc-group:FID 1767862311
    ///   1767862311 Duplicate SSRC in ssrc-group`
    /// - `Failed to set remote offer sdp: The media section with MID='1' has
    ///   a ssrc-group with semantics FID and an unexpected number of SSRCs.`
    ///
    /// ## Example
    /// ```sdp
    /// a=ssrc-group:FID 1767862311
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=ssrc-group:FID 1767862311 2919135271
    /// ```
    ///
    /// ## References
    /// - RFC 5576 §4.2 (`a=ssrc-group`)
    /// - RFC 4588 §8.2 (an FID group pairs a stream with its retransmissions)
    pub(crate) const DOCS;
}

/// Checks every `a=ssrc-group` in the media sections.
pub(crate) fn invalid_ssrc_group(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for media in sdp.media() {
        for (line, attr) in media.attributes() {
            let AttrValue::SsrcGroup(group) = &attr.typed else { continue };
            let ssrcs: Vec<u32> = group.ssrcs().map(|n| n.value).collect();
            let repeated = ssrcs.iter().enumerate().any(|(i, s)| ssrcs[..i].contains(s));
            if repeated {
                ctx.report(diagnostic(
                    line.span,
                    "lists one SSRC twice",
                    crate::registry::said::SSRC_GROUP_DUPLICATE,
                ));
            } else if group.semantics == "FID" && ssrcs.len() != 2 {
                let what = format!("is an FID group of {} SSRCs, not 2", ssrcs.len());
                ctx.report(diagnostic(
                    line.span,
                    &what,
                    crate::registry::said::SSRC_GROUP_FID_COUNT,
                ));
            }
        }
    }
}

fn diagnostic(span: Span, what: &str, stacks: &'static [StackVerdict]) -> Finding {
    Finding::new(
        RuleId::InvalidSsrcGroup,
        format!("`a=ssrc-group` {what}: Chromium rejects it, Firefox accepts it"),
    )
    .with_label(span, "this group")
    .with_help("list each SSRC once; an FID group names the media SSRC and its RTX SSRC")
    .with_stacks(stacks)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn cases() {
        let video = "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n";
        let ok = format!("{video}a=ssrc-group:FID 1 2\r\n");
        let one = format!("{video}a=ssrc-group:FID 1\r\n");
        let dup = format!("{video}a=ssrc-group:FID 1 1\r\n");
        Tester::new(RuleId::InvalidSsrcGroup, ProfileChoice::WebRtc).test(&[&ok], &[&one, &dup]);
    }
}
