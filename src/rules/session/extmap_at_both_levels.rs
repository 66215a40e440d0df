//! `extmap-at-both-levels`: `a=extmap` lines at session level and in a media
//! section.

use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags `a=extmap` lines at session level in a description that also
    /// has `a=extmap` lines in a media section.
    ///
    /// ## Why is this bad?
    /// RFC 8285 §8 allows header extensions at either level, with the media
    /// level adding to the session level. libwebrtc takes them from one
    /// level only and refuses a description that mixes the two; Firefox ESR
    /// 153 accepts it (browser harness: probes `extmap-session-and-media`,
    /// `extmap-session-level-only`, fixtures `SDP3022/`). Chromium 156 says:
    /// `Failed to parse SessionDescription.  The a=extmap MUST be either all
    /// session level or all media level.`
    ///
    /// ## Example
    /// ```sdp
    /// a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
    /// a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
    /// ```
    ///
    /// ## References
    /// - RFC 8285 §8 (`a=extmap` at session and media level)
    pub(crate) const DOCS;
}

/// Reports each session-level `a=extmap` when a media section has one too.
pub(crate) fn extmap_at_both_levels(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    let is_extmap = |attr: &crate::model::Attribute<'_>| matches!(attr.typed, AttrValue::Extmap(_));
    if !sdp.session_attributes().any(|(_, a)| is_extmap(a)) {
        return;
    }
    let Some(media_level) = sdp
        .media()
        .find_map(|m| m.attributes().find(|(_, a)| is_extmap(a)).map(|(line, _)| line.span))
    else {
        return;
    };
    for (line, attr) in sdp.session_attributes() {
        if is_extmap(attr) {
            ctx.report(extmap_at_both_levels_diagnostic(line.span, media_level));
        }
    }
}

fn extmap_at_both_levels_diagnostic(span: Span, media_level: Span) -> Finding {
    Finding::new(
        RuleId::ExtmapAtBothLevels,
        "`a=extmap` at session level and in a media section: Chromium rejects the mix, Firefox accepts it",
    )
    .with_label(span, "session level")
    .with_label(media_level, "media level")
    .with_help("move the session-level `a=extmap` lines into every media section that uses them")
    .with_stacks(crate::registry::said::EXTMAP_BOTH_LEVELS)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{BARE_HEAD, Tester};
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn cases() {
        let audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n";
        let ext = "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n";
        let session_only = format!("{ext}{audio}");
        let media_only = format!("{audio}{ext}");
        let both = format!("{ext}{audio}a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n");
        Tester::new(RuleId::ExtmapAtBothLevels, ProfileChoice::WebRtc)
            .head(BARE_HEAD)
            .test(&[&session_only, &media_only], &[&both]);
    }
}
