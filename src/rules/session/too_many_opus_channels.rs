//! `too-many-opus-channels`: a `multiopus` codec with more than 16 channels.

use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::span::Span;

/// The most channels libwebrtc's multi-channel Opus takes.
const MAX_CHANNELS: u8 = 16;

declare_rule! {
    /// ## What it does
    /// Flags an `a=rtpmap` for `multiopus` with more than 16 channels.
    ///
    /// ## Why is this bad?
    /// `multiopus` is libwebrtc's multi-channel Opus (surround sound, up to
    /// 255 channels in Opus itself, RFC 7845 §5.1.1). libwebrtc refuses the
    /// description past 16 channels; Firefox ESR 153 does not know the codec
    /// and ignores it (browser harness: probes `multiopus-*`, fixtures
    /// `SDP3028/`). Chromium 156 says: `Failed to parse SessionDescription.
    /// a=rtpmap:100 multiopus/48000/17 At most 16 channels are supported.`
    ///
    /// ## Example
    /// ```sdp
    /// a=rtpmap:100 multiopus/48000/24
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=rtpmap:100 multiopus/48000/8
    /// ```
    ///
    /// ## References
    /// - RFC 7845 §5.1.1 (Opus channel mapping families)
    pub(crate) const DOCS;
}

/// Checks every `multiopus` rtpmap's channel count.
pub(crate) fn too_many_opus_channels(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for media in sdp.media() {
        for (_, attr) in media.attributes() {
            let AttrValue::Rtpmap(r) = &attr.typed else { continue };
            if !r.encoding.eq_ignore_ascii_case("multiopus") {
                continue;
            }
            if let Some(channels) = r.channels.filter(|c| c.value > MAX_CHANNELS) {
                ctx.report(too_many_opus_channels_diagnostic(
                    sdp.span_of(channels.raw),
                    channels.value,
                ));
            }
        }
    }
}

fn too_many_opus_channels_diagnostic(span: Span, channels: u8) -> Finding {
    Finding::new(
        RuleId::TooManyOpusChannels,
        format!("`multiopus` with {channels} channels: Chromium takes at most {MAX_CHANNELS}"),
    )
    .with_label(span, format!("more than {MAX_CHANNELS} channels"))
    .with_help("send at most 16 channels of multi-channel Opus")
    .with_stacks(crate::registry::said::MULTIOPUS_CHANNELS)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn sixteen_is_the_limit() {
        let audio = "m=audio 9 UDP/TLS/RTP/SAVPF 100\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n";
        let ok = format!("{audio}a=rtpmap:100 multiopus/48000/16\r\n");
        let many = format!("{audio}a=rtpmap:100 multiopus/48000/17\r\n");
        Tester::new(RuleId::TooManyOpusChannels, ProfileChoice::WebRtc).test(&[&ok], &[&many]);
    }
}
