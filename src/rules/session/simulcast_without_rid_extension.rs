//! `simulcast-without-rid-extension`: `a=simulcast` without the RID header
//! extension.

use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::span::Span;

/// The RTP header extension that carries the RID (RFC 8852 §3.1).
const RID_URI: &str = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

declare_rule! {
    /// ## What it does
    /// Flags a media section with `a=simulcast` when neither it nor the
    /// session level has `a=extmap` for the RID header extension
    /// (`urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id`).
    ///
    /// ## Why is this bad?
    /// The simulcast streams are told apart by the RID each packet carries
    /// in that header extension (RFC 8853 §5.2, RFC 8852). libwebrtc refuses
    /// a section that negotiates simulcast without it; Firefox ESR 153
    /// accepts it (browser harness: probes `simulcast-*-rid-extension`,
    /// fixtures `SDP3027/`). Chromium 156 says: `Failed to set remote offer
    /// sdp: The media section with MID='1' negotiates simulcast but does
    /// not negotiate the RID RTP header extension.`
    ///
    /// ## Example
    /// ```sdp
    /// a=rid:h send
    /// a=rid:l send
    /// a=simulcast:send h;l
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
    /// a=rid:h send
    /// a=rid:l send
    /// a=simulcast:send h;l
    /// ```
    ///
    /// ## References
    /// - RFC 8853 §5.2 (simulcast streams identified by RID)
    /// - RFC 8852 §3.1 (the RID header extension)
    pub(crate) const DOCS;
}

/// Checks each section with `a=simulcast` for the RID header extension.
pub(crate) fn simulcast_without_rid_extension(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    let is_rid_ext = |a: &crate::model::Attribute<'_>| matches!(&a.typed, AttrValue::Extmap(e) if e.uri.eq_ignore_ascii_case(RID_URI));
    if sdp.session_attributes().any(|(_, a)| is_rid_ext(a)) {
        return;
    }
    for media in sdp.media() {
        let Some((line, _)) =
            media.attributes().find(|(_, a)| matches!(a.typed, AttrValue::Simulcast(_)))
        else {
            continue;
        };
        if !media.attributes().any(|(_, a)| is_rid_ext(a)) {
            ctx.report(simulcast_without_rid_extension_diagnostic(line.span));
        }
    }
}

fn simulcast_without_rid_extension_diagnostic(span: Span) -> Finding {
    Finding::new(
        RuleId::SimulcastWithoutRidExtension,
        "`a=simulcast` without the RID header extension: Chromium rejects it, Firefox accepts it",
    )
    .with_label(span, "no `a=extmap:<id> urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id`")
    .with_help(format!("add `a=extmap:<free id> {RID_URI}` to this section"))
    .with_stacks(crate::registry::said::SIMULCAST_WITHOUT_RID_EXTENSION)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn cases() {
        let video = "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=rid:h send\r\na=rid:l send\r\na=simulcast:send h;l\r\n";
        let with = format!("{video}a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n");
        Tester::new(RuleId::SimulcastWithoutRidExtension, ProfileChoice::WebRtc)
            .test(&[&with], &[video]);
    }
}
