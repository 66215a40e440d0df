//! `reserved-payload-type`: a payload type browsers do not take (1, 2, 19,
//! or 64-95, the RTCP range).

use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::{is_attribute, rtp_sections};
use crate::rules::shown;
use crate::span::Span;
use crate::stacks::StackVerdict;

declare_rule! {
    /// ## What it does
    /// Flags an audio or video payload type of 1, 2 or 19 (reserved or
    /// withdrawn in RFC 3551 §6), or of 64 to 95, whose second byte would
    /// read as an RTCP packet type (72-76) when RTP and RTCP share a port
    /// (RFC 5761 §4).
    ///
    /// ## Why is this bad?
    /// Firefox refuses every one of them; Chromium refuses 1 and 2 when an
    /// `a=rtpmap` gives them a codec (they clash with its static table), and
    /// 64-95 when the section has `a=rtcp-mux`. Browser harness: probes
    /// `pt-opus-*`, fixtures `SDP3024/`. Firefox ESR 153 says `Illegal
    /// audio/video payload type "64" at level 0`; Chromium 156 says `Failed
    /// to set remote offer sdp: The media section with MID='0' used an
    /// invalid payload type 64 for codec 'opus, rtcp-mux:enabled` and, for 1
    /// and 2, `Failed to parse SessionDescription. a=rtpmap:1 opus/48000/2
    /// Duplicate statically assigned payload type with conflicting codec
    /// name or clock rate.`
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 72
    /// a=rtcp-mux
    /// a=rtpmap:72 opus/48000/2
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=rtcp-mux
    /// a=rtpmap:111 opus/48000/2
    /// ```
    ///
    /// ## References
    /// - RFC 3551 §6 (payload types 1, 2 and 19)
    /// - RFC 5761 §4 (payload types 64-95 with RTP/RTCP multiplexing)
    pub(crate) const DOCS;
}

/// Checks the payload types of every live audio and video section.
pub(crate) fn reserved_payload_type(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for (media, m) in rtp_sections(sdp) {
        if m.port.value == 0 || !matches!(m.media, "audio" | "video") {
            continue;
        }
        let muxed = media.lines().iter().any(|line| is_attribute(line, "rtcp-mux"));
        for format in m.formats() {
            let Ok(pt) = format.parse::<u8>() else { continue };
            let stacks: &'static [StackVerdict] = match pt {
                1 | 2 => {
                    let mapped = media.attributes().any(
                        |(_, a)| matches!(&a.typed, AttrValue::Rtpmap(r) if r.payload_type.value == pt),
                    );
                    if mapped {
                        crate::registry::said::PT_RESERVED_BOTH
                    } else {
                        crate::registry::said::PT_RESERVED_FIREFOX
                    }
                }
                19 => crate::registry::said::PT_RESERVED_FIREFOX,
                64..=95 if muxed => crate::registry::said::PT_RTCP_RANGE_BOTH,
                64..=95 => crate::registry::said::PT_RTCP_RANGE_FIREFOX,
                _ => continue,
            };
            ctx.report(reserved_payload_type_diagnostic(sdp.span_of(format), format, stacks));
        }
    }
}

fn reserved_payload_type_diagnostic(
    span: Span,
    pt: &str,
    stacks: &'static [StackVerdict],
) -> Finding {
    let who = if stacks.len() > 1 {
        "both browsers reject it"
    } else {
        "Firefox rejects it, Chromium accepts it"
    };
    let why = if matches!(pt, "1" | "2" | "19") {
        "reserved in RFC 3551"
    } else {
        "in the RTCP range 64-95"
    };
    Finding::new(
        RuleId::ReservedPayloadType,
        format!("Payload type `{}` is {why}: {who}", shown(pt)),
    )
    .with_label(span, why)
    .with_help("use a dynamic payload type from 96 to 127 (or 35 to 63 when those run out)")
    .with_stacks(stacks)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn cases() {
        let section = |pt: u8, mux: bool| {
            format!(
                "m=audio 9 UDP/TLS/RTP/SAVPF {pt}\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n{}a=rtpmap:{pt} opus/48000/2\r\n",
                if mux { "a=rtcp-mux\r\n" } else { "" }
            )
        };
        let (ok, low, high) = (section(111, true), section(63, true), section(96, false));
        let (rtcp, rtcp_plain, one, nineteen) =
            (section(72, true), section(72, false), section(1, true), section(19, true));
        Tester::new(RuleId::ReservedPayloadType, ProfileChoice::WebRtc)
            .test(&[&ok, &low, &high], &[&rtcp, &rtcp_plain, &one, &nineteen]);
    }
}
