//! `static-payload-type-remapped`: an `a=rtpmap` giving a static payload type another codec.

use crate::codec::{Codec, PayloadTypeSet, canonical_format, static_codec};
use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::rtp_sections;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `a=rtpmap` on a static payload type (0-34 with an RFC 3551
    /// assignment) that names another encoding or another clock rate, such
    /// as `a=rtpmap:0 opus/48000/2` or `a=rtpmap:8 PCMU/8000`.
    ///
    /// Names compare case-insensitively (`a=rtpmap:0 pcmu/8000` is fine) and
    /// the channel count is not compared (`/1` is fine). Only payload types
    /// on the `m=` line are checked: an `a=rtpmap` for one that is not there
    /// is `orphan-format-attribute`. The right encoding at the wrong clock
    /// rate (`a=rtpmap:9 G722/16000`) is `codec-parameters-mismatch` when
    /// that rule knows the codec, so one fault gives one finding. The
    /// reserved payload types 1 and 2 and the unassigned 19-24, 27, 29 and
    /// 30 have no static meaning and are not checked.
    ///
    /// ## Why is this bad?
    /// RFC 3551 §6 fixes what these numbers mean. A static payload type may
    /// be listed with no `a=rtpmap` at all, so many peers go by the table
    /// and never read the mapping:
    ///
    /// - libwebrtc (Chrome, Edge, Safari's WebRTC) pre-loads the static audio
    ///   table for the payload types 0-18 an audio `m=` line lists, and
    ///   rejects an `a=rtpmap` that names another encoding for one of them: `Duplicate statically
    ///   assigned payload type with conflicting codec name or clock rate.`
    ///   (Twilio 32009). It no longer compares audio clock rates. The same
    ///   table also marks 1 and 2 as reserved, so the old `a=rtpmap:2
    ///   G726-32/8000` of some PBXes is refused too.
    /// - SIP endpoints and gateways that go by the static table decode the
    ///   packets as the wrong codec (loud noise or silence), or answer `488
    ///   Not Acceptable Here` because the codec they see does not match the
    ///   one they expected.
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 49170 RTP/AVP 0 8
    /// a=rtpmap:0 opus/48000/2
    /// a=rtpmap:8 PCMA/8000
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 49170 RTP/AVP 111 8
    /// a=rtpmap:111 opus/48000/2
    /// a=rtpmap:8 PCMA/8000
    /// ```
    ///
    /// ## References
    /// - RFC 3551 §6, Tables 4 and 5 (the static payload types)
    /// - RFC 8866 §6.6 (`a=rtpmap`)
    /// - RFC 3264 §5.1 (static payload types in an offer)
    pub(crate) const DOCS;
}

/// Checks every `a=rtpmap` of a listed static payload type against RFC 3551.
pub(crate) fn static_payload_type_remapped(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for (media, m) in rtp_sections(sdp) {
        let listed = PayloadTypeSet::of_media_line(m);
        for (_, attr) in media.attributes() {
            let AttrValue::Rtpmap(r) = &attr.typed else { continue };
            let pt = r.payload_type.value;
            let Some(assigned) = static_codec(pt) else { continue };
            if !listed.contains(pt) {
                continue;
            }
            let same_name = r.encoding.eq_ignore_ascii_case(assigned.name);
            // Same encoding at another rate: `codec-parameters-mismatch`
            // reports it for the codecs it knows (PCMU, PCMA, G722, G729).
            if same_name
                && (r.clock_rate.value == assigned.clock_rate
                    || canonical_format(r.encoding).is_some())
            {
                continue;
            }
            let span = sdp.span_of(r.encoding).cover(sdp.span_of(r.clock_rate.raw));
            ctx.report(static_payload_type_remapped_diagnostic(
                span,
                &Codec::from_rtpmap(r),
                &assigned,
            ));
        }
    }
}

fn static_payload_type_remapped_diagnostic(
    span: Span,
    written: &Codec<'_>,
    assigned: &Codec<'_>,
) -> Finding {
    let pt = written.payload_type;
    let written = shown(&written.to_string());
    Finding::new(
        RuleId::StaticPayloadTypeRemapped,
        format!("Static payload type `{pt}` is remapped to `{written}`"),
    )
    .with_label(span, format!("RFC 3551 assigns {pt} to `{assigned}`"))
    .with_help(format!(
        "move `{written}` to an unused dynamic payload type (96-127) on both the `m=` line \
         and this `a=rtpmap`, or write `a=rtpmap:{pt} {assigned}`"
    ))
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    /// The rule codes reported for `media`, in order.
    fn names(media: &str) -> Vec<&'static str> {
        let sdp = format!(
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n{media}"
        );
        crate::check(sdp.as_bytes())
            .findings()
            .iter()
            .filter(|f| {
                matches!(
                    f.rule(),
                    RuleId::StaticPayloadTypeRemapped | RuleId::CodecParametersMismatch
                )
            })
            .map(crate::finding::Finding::name)
            .collect()
    }

    #[test]
    fn case_and_mono_channel_are_fine() {
        assert!(names("m=audio 4000 RTP/AVP 0 8 9\r\na=rtpmap:0 pcmu/8000\r\na=rtpmap:8 PCMA/8000/1\r\na=rtpmap:9 G722/8000\r\n").is_empty());
        assert!(names("m=audio 4000 RTP/AVP 10\r\na=rtpmap:10 L16/44100/2\r\n").is_empty());
    }

    #[test]
    fn another_encoding_or_rate() {
        assert_eq!(
            names("m=audio 4000 RTP/AVP 8\r\na=rtpmap:8 PCMU/8000\r\n"),
            ["static-payload-type-remapped"]
        );
        assert_eq!(
            names("m=audio 4000 RTP/AVP 3\r\na=rtpmap:3 GSM/16000\r\n"),
            ["static-payload-type-remapped"]
        );
    }

    #[test]
    fn a_known_codec_at_the_wrong_rate_is_one_finding() {
        assert_eq!(
            names("m=audio 4000 RTP/AVP 9\r\na=rtpmap:9 G722/16000\r\n"),
            ["codec-parameters-mismatch"]
        );
    }

    #[test]
    fn unassigned_and_unlisted_payload_types_are_not_checked() {
        assert!(names("m=audio 4000 RTP/AVP 2\r\na=rtpmap:2 G726-32/8000\r\n").is_empty());
        let names =
            names("m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 opus/48000/2\r\n");
        assert!(names.is_empty(), "{names:?}");
    }
}
