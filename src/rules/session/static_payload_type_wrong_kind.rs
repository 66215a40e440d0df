//! `static-payload-type-wrong-kind`: a static audio payload type on an
//! `m=video` line, or a static video one on `m=audio`.

use crate::codec::{PayloadTypeSet, static_codec};
use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::rtp_sections;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a static payload type of one media kind on the `m=` line of
    /// another: an audio encoding of RFC 3551 §6 (payload types 0-18, such
    /// as `0` PCMU or `8` PCMA) on `m=video`, or a video one (25, 26, 28,
    /// 31, 32, 34) on `m=audio`, with no `a=rtpmap` that maps the number to
    /// something else (`static-payload-type-remapped` covers that).
    ///
    /// ## Why is this bad?
    /// A static payload type names one encoding of one kind (RFC 3551 §6,
    /// Tables 4 and 5); a video stream cannot carry PCMU. Measured with
    /// `conformance/sip/` (probes `video-static-audio-pt`,
    /// `video-only-static-audio-pt`): pjsip and baresip both answer 200
    /// and reject that stream with port 0 when an audio stream goes with
    /// it, and answer `488 Not Acceptable Here` when it is the only stream.
    /// So this is a warning: the stream is lost, the call may go on. The
    /// usual cause is a gateway that copied the audio format list into a
    /// video line.
    ///
    /// ## Example
    /// ```sdp
    /// m=video 49172 RTP/AVP 0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=video 49172 RTP/AVP 96
    /// a=rtpmap:96 H264/90000
    /// ```
    ///
    /// ## References
    /// - RFC 3551 §6 (Table 4: audio encodings, Table 5: video encodings)
    /// - RFC 8866 §5.14 (the `m=` format list)
    /// - RFC 3264 §6 (rejecting a stream with port 0)
    pub(crate) const DOCS;
}

/// The media kind of a static payload type (RFC 3551 §6), if it has one
/// kind: `MP2T` (33) carries both.
fn kind_of(pt: u8) -> Option<&'static str> {
    match pt {
        0..=18 => Some("audio"),
        25 | 26 | 28 | 31 | 32 | 34 => Some("video"),
        _ => None,
    }
}

/// Reports each static payload type of the other kind, per section.
pub(crate) fn static_payload_type_wrong_kind(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for (media, m) in rtp_sections(sdp) {
        if !matches!(m.media, "audio" | "video") {
            continue;
        }
        // A payload type listed twice on the m= line is reported once.
        let mut reported = PayloadTypeSet::default();
        for format in m.formats() {
            let Ok(pt) = format.parse::<u8>() else { continue };
            let Some(kind) = kind_of(pt).filter(|k| *k != m.media) else { continue };
            if !reported.insert(pt) {
                continue;
            }
            let mapped = media.attributes().any(
                |(_, a)| matches!(&a.typed, AttrValue::Rtpmap(r) if r.payload_type.value == pt),
            );
            if mapped {
                continue;
            }
            let name = static_codec(pt).map_or("?", |c| c.name);
            ctx.report(static_payload_type_wrong_kind_diagnostic(
                sdp.span_of(format),
                m.media,
                pt,
                name,
                kind,
            ));
        }
    }
}

fn static_payload_type_wrong_kind_diagnostic(
    span: Span,
    media: &str,
    pt: u8,
    name: &str,
    kind: &str,
) -> Finding {
    Finding::new(
        RuleId::StaticPayloadTypeWrongKind,
        format!("Payload type `{pt}` is {kind} ({name}, RFC 3551) but sits on an `m={media}` line"),
    )
    .with_label(span, format!("a static {kind} payload type"))
    .with_help(format!(
        "list the {media} codecs this stream carries (a dynamic payload type with `a=rtpmap` for most video codecs), and keep `{pt}` on the {kind} line"
    ))
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{HEAD, Tester};
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn pass_and_fail() {
        let tester = Tester::new(RuleId::StaticPayloadTypeWrongKind, ProfileChoice::Sip).head(HEAD);
        tester.test(
            &[
                "m=audio 4000 RTP/AVP 0 8\r\nm=video 4002 RTP/AVP 31 34\r\n",
                "m=video 4002 RTP/AVP 0\r\na=rtpmap:0 H264/90000\r\n",
                "m=video 4002 RTP/AVP 33\r\n",
            ],
            &[
                "m=audio 4000 RTP/AVP 0\r\nm=video 4002 RTP/AVP 0\r\n",
                "m=audio 4000 RTP/AVP 0 34\r\n",
            ],
        );
    }
}
