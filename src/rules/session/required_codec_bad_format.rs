//! `required-codec-bad-format`: the codec `--require-codec` asks for is
//! mapped with the wrong clock rate or channel count.

use crate::finding::Finding;
use crate::options::RequiredCodec;
use crate::parse::attribute::{AttrValue, Rtpmap};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::session::required_codec::policy_sections;
use crate::rules::shown;
use crate::rules::sip;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `a=rtpmap` line of a live audio section that maps a codec
    /// named with `--require-codec` with a clock rate or channel count other
    /// than the codec's fixed one, such as `PCMA/16000` or `PCMA/8000/2`.
    ///
    /// The rule is off unless `--require-codec` is given, and checks only
    /// codecs whose format is fixed: PCMA, PCMU, G.722 and G.729 are
    /// `8000` Hz mono (G.722 samples at 16 kHz but keeps the 8000 Hz RTP
    /// clock of RFC 3551 §4.5.2), and Opus is always `opus/48000/2`
    /// (RFC 7587 §7). Only payload types listed on the `m=` line are checked.
    ///
    /// ## Why is this bad?
    /// libwebrtc and Asterisk match a codec on its name and clock rate
    /// together (libwebrtc on the channel count too), so a `PCMA/16000`
    /// matches neither's PCMA, and the section is
    /// treated as if it did not offer PCMA at all: a PCMA-only trunk answers
    /// `488 Not Acceptable Here` or `415 Unsupported Media Type`. A peer
    /// that matches on the name alone is worse off: it sends 8000 Hz audio
    /// stamped as 16000 Hz, which plays at the wrong speed or not at all.
    /// RFC 3551 fixes G.711 at 8000 Hz mono; there is no wideband PCMA.
    ///
    /// Measured with `conformance/sip/` (configuration `pcma-trunk`): pjsip
    /// and baresip answer `488 Not Acceptable Here` to PCMA mapped on a
    /// dynamic payload type at another rate or channel count, and the
    /// finding names them; on static payload type 8 both ignore the rtpmap
    /// and answer PCMA/8000, so that finding names no stack.
    ///
    /// ## Example
    /// With `--require-codec pcma`:
    /// ```sdp
    /// m=audio 4000 RTP/AVP 8 101
    /// a=rtpmap:8 PCMA/16000
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 4000 RTP/AVP 8 101
    /// a=rtpmap:8 PCMA/8000
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// ## References
    /// - RFC 3551 §4.5.14 and §6 (PCMA and PCMU: 8000 Hz, one channel)
    /// - RFC 3551 §4.5.2 (G.722's 8000 Hz RTP clock)
    /// - RFC 7587 §7 (Opus is `opus/48000/2`)
    /// - RFC 8866 §6.6 (`a=rtpmap` clock rate and channels)
    pub(crate) const DOCS;
    // What `conformance/sip/` saw; attached under the SIP profile only.
    stacks = [sip::PJSIP_NOT_ACCEPTABLE_HERE, sip::BARESIP_NOT_ACCEPTABLE_HERE];
}

/// Reports each mis-stated rtpmap of a required codec.
pub(crate) fn required_codec_bad_format(ctx: &mut Context<'_, '_>) {
    let required = &ctx.options.required_codecs;
    if required.is_empty() {
        return;
    }
    let sdp = ctx.sdp;
    for section in policy_sections(sdp) {
        // A payload type listed twice has one rtpmap: report it once.
        let mut reported = [false; 128];
        for format in section.formats() {
            let Some(attr) = format.rtpmap else { continue };
            let (AttrValue::Rtpmap(rtpmap), Some(value)) = (&attr.typed, attr.value) else {
                continue;
            };
            let Some(codec) = required.iter().find(|c| format.is(c)) else { continue };
            let Some(fault) = fault(rtpmap, codec) else { continue };
            let Some(seen) = reported.get_mut(usize::from(rtpmap.payload_type.value)) else {
                continue;
            };
            if !*seen {
                *seen = true;
                let finding =
                    required_codec_bad_format_diagnostic(sdp.span_of(value), rtpmap, codec, fault);
                // pjsip and baresip as a PCMA-only trunk read static payload
                // type 8 as PCMA/8000 whatever its rtpmap says, and answer
                // with it; a dynamic payload type mapped as PCMA at another
                // rate or channel count gets 488 (conformance/sip/).
                let refused = codec.name.eq_ignore_ascii_case("PCMA")
                    && codec.static_payload_type != Some(rtpmap.payload_type.value);
                ctx.report(if refused {
                    finding.with_stacks(sip::BOTH_NOT_ACCEPTABLE_HERE)
                } else {
                    finding
                });
            }
        }
    }
}

/// What is wrong with a required codec's rtpmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// The clock rate is not the codec's.
    Rate(u32),
    /// The channel count is not the codec's.
    Channels(u8),
}

fn fault(rtpmap: &Rtpmap<'_>, codec: &RequiredCodec) -> Option<Fault> {
    if let Some(rate) = codec.clock_rate
        && rtpmap.clock_rate.value != rate
    {
        return Some(Fault::Rate(rate));
    }
    // An absent channel count means one (RFC 8866 §6.6).
    if let Some(channels) = codec.channels
        && rtpmap.channel_count() != channels
    {
        return Some(Fault::Channels(channels));
    }
    None
}

fn required_codec_bad_format_diagnostic(
    span: Span,
    rtpmap: &Rtpmap<'_>,
    codec: &RequiredCodec,
    fault: Fault,
) -> Finding {
    let name = shown(&codec.name);
    let label = match fault {
        Fault::Rate(rate) => {
            format!("clock rate {}: {name} is always {rate} Hz", rtpmap.clock_rate.value)
        }
        Fault::Channels(1) => format!("{} channels: {name} is mono", rtpmap.channel_count()),
        Fault::Channels(n) => format!("{} channel(s): {name} has {n}", rtpmap.channel_count()),
    };
    Finding::new(
        RuleId::RequiredCodecBadFormat,
        format!(
            "Required codec `{name}` is mapped as `{}/{}{}`, not `{codec}`",
            shown(rtpmap.encoding),
            rtpmap.clock_rate.value,
            rtpmap.channels.map(|c| format!("/{}", c.value)).unwrap_or_default()
        ),
    )
    .with_label(span, label)
    .with_help(format!("write `a=rtpmap:{} {codec}`", rtpmap.payload_type.value))
}
