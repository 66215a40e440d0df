//! `orphan-format-attribute`: an `a=rtpmap`, `a=fmtp` or `a=rtcp-fb` for a payload type the `m=` line does not list.

use crate::codec::PayloadTypeSet;
use crate::finding::Finding;
use crate::parse::attribute::{AttrValue, FeedbackPayload};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::rtp_sections;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `a=rtpmap`, `a=fmtp` or `a=rtcp-fb` line whose payload type is
    /// not on its media section's `m=` line.
    ///
    /// `a=rtcp-fb:*` applies to every payload type and is never an orphan.
    /// Payload types compare by value (`a=fmtp:08` names 8); an `a=fmtp`
    /// whose format is not a number at all is an orphan in an RTP section.
    /// Rejected sections (port 0) are checked too: libwebrtc parses them in
    /// full. Non-RTP sections (data channels) have no payload types and are
    /// not checked.
    ///
    /// ## Why is this bad?
    /// These attributes only describe formats that the `m=` line offers
    /// (RFC 8866 §6.6 and §6.15, RFC 4585 §4.2). An orphan is almost always
    /// the trace of SDP munging that removed a codec from the `m=` line but
    /// left its attributes behind, and peers handle it differently:
    ///
    /// - libwebrtc (Chrome, Edge, Safari's WebRTC) ignores an orphan
    ///   `a=rtpmap` (it logs `Ignore rtpmap line that did not appear in the
    ///   <fmt> of the m-line`). An orphan `a=fmtp` or `a=rtcp-fb` is worse:
    ///   libwebrtc creates a codec for its payload type, finds no name for it
    ///   (the matching `a=rtpmap`, if any, was ignored), and rejects the whole
    ///   description with `Failed to parse audio codecs correctly.` (or `video
    ///   codecs`; Twilio 32009,
    ///   Telnyx 40004).
    /// - Strict SIP stacks treat the description as malformed and may answer
    ///   `488 Not Acceptable Here`; lenient ones ignore the line.
    ///
    /// Either way the attribute has no effect: if the codec was meant to be
    /// offered, it is missing from the `m=` line.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Failed to parse audio codecs
    ///   correctly.`; `Failed to parse video codecs correctly.`
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111 0
    /// a=rtpmap:111 opus/48000/2
    /// a=fmtp:111 minptime=10;useinbandfec=1
    /// a=rtpmap:63 red/48000/2
    /// a=fmtp:63 111/111
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111 63 0
    /// a=rtpmap:111 opus/48000/2
    /// a=fmtp:111 minptime=10;useinbandfec=1
    /// a=rtpmap:63 red/48000/2
    /// a=fmtp:63 111/111
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.14 (the `m=` format list), §6.6 (`a=rtpmap`) and §6.15 (`a=fmtp`)
    /// - RFC 4585 §4.2 (`a=rtcp-fb` and its `*` wildcard)
    /// - RFC 3264 §5.1 (the formats an offer lists)
    pub(crate) const DOCS;
}

/// Checks each payload-type attribute of every RTP section against its `m=` line.
pub(crate) fn orphan_format_attribute(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for (media, m) in rtp_sections(sdp) {
        let listed = PayloadTypeSet::of_media_line(m);
        for (_, attr) in media.attributes() {
            // The payload type as written (for the span) and as a number, if
            // it is one.
            let (token, pt) = match &attr.typed {
                AttrValue::Rtpmap(r) => (r.payload_type.raw, Some(r.payload_type.value)),
                AttrValue::Fmtp(f) => (f.format, f.payload_type()),
                AttrValue::RtcpFb(fb) => match fb.payload {
                    FeedbackPayload::Type(pt) => (pt.raw, Some(pt.value)),
                    FeedbackPayload::All => continue,
                },
                _ => continue,
            };
            if pt.is_some_and(|pt| listed.contains(pt)) {
                continue;
            }
            ctx.report(orphan_format_attribute_diagnostic(
                sdp.span_of(token),
                sdp.span_of(m.formats),
                attr.name,
                token,
                m.media,
            ));
        }
    }
}

fn orphan_format_attribute_diagnostic(
    token: Span,
    formats: Span,
    name: &str,
    pt: &str,
    kind: &str,
) -> Finding {
    let pt = shown(pt);
    Finding::new(
        RuleId::OrphanFormatAttribute,
        format!("`a={name}:{pt}` is for a payload type the `m={}` line does not list", shown(kind)),
    )
    .with_label(token, "not on the `m=` line")
    .with_label(formats, "the payload types this section offers")
    .with_help(format!(
        "remove this `a={name}` line, or add `{pt}` to the `m=` line if the codec is meant to be offered"
    ))
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    /// The attribute tokens `orphan-format-attribute` reports in `media`.
    fn reported(media: &str) -> Vec<String> {
        let sdp = format!(
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n{media}"
        );
        crate::rules::tester::session(
            RuleId::OrphanFormatAttribute,
            crate::ProfileChoice::Auto,
            &sdp,
        )
        .iter()
        .filter_map(crate::finding::Finding::primary_span)
        .map(|s| String::from_utf8_lossy(&sdp.as_bytes()[s.range()]).into_owned())
        .collect()
    }

    #[test]
    fn wildcard_feedback_and_listed_payload_types_are_fine() {
        let media = "m=video 9 RTP/AVPF 96\r\na=rtpmap:96 VP8/90000\r\na=rtcp-fb:* nack\r\n\
                     a=rtcp-fb:96 nack pli\r\na=fmtp:96 max-fs=12288\r\n";
        assert!(reported(media).is_empty());
    }

    #[test]
    fn payload_types_compare_by_value() {
        assert!(reported("m=audio 4000 RTP/AVP 8\r\na=fmtp:08 x=1\r\n").is_empty());
    }

    #[test]
    fn each_kind_of_orphan() {
        let media = "m=video 9 RTP/AVPF 96\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:97 rtx/90000\r\n\
                     a=fmtp:97 apt=96\r\na=rtcp-fb:98 nack\r\na=fmtp:abc x=1\r\n";
        assert_eq!(reported(media), ["97", "97", "98", "abc"]);
    }

    #[test]
    fn data_channels_are_not_checked() {
        let media = "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n\
                     a=fmtp:webrtc-datachannel max-message-size=65536\r\n";
        assert!(reported(media).is_empty());
    }
}
