//! `missing-rtpmap`: a payload type on the `m=` line that nothing maps to a codec.

use crate::codec::{PayloadTypeSet, static_codec};
use crate::finding::Finding;
use crate::parse::attribute::{AttrValue, FeedbackPayload};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::rtp_sections;
use crate::rules::shown;
use crate::rules::sip;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a payload type on an RTP `m=` line that has neither an `a=rtpmap`
    /// in its media section nor a static assignment in RFC 3551.
    ///
    /// Only the still-assigned static payload types (0 PCMU, 8 PCMA, 9 G722,
    /// 18 G729, ...) may go without an `a=rtpmap`. Everything else needs one:
    /// the dynamic range 96-127, the unassigned 35-95 that Chrome also uses
    /// dynamically (AV1 on 45, its RTX on 46), and the reserved or unassigned
    /// low numbers (1, 2, 19-24, ...).
    ///
    /// A rejected section (port 0 without `a=bundle-only`) is exempt, unless
    /// an `a=fmtp` or `a=rtcp-fb` line names the payload type: RFC 3264 §6
    /// says the formats of a rejected stream are ignored, and answerers
    /// commonly copy the offered format list without its attributes. A
    /// section with port 0 and `a=bundle-only` (RFC 9143) is live and is
    /// checked. An `a=fmtp` with no parameters is a syntax error
    /// (`malformed-attribute`), not this rule.
    ///
    /// ## Why is this bad?
    /// A dynamic payload type means nothing on its own: without
    /// `a=rtpmap:<pt> <encoding>/<clock rate>` the peer cannot know which
    /// codec the number stands for (RFC 8866 §6.6, RFC 3551 §3), so it cannot
    /// decode the packets or negotiate the codec.
    ///
    /// - libwebrtc (Chrome, Edge, Safari's WebRTC) silently drops a payload
    ///   type that has no `a=rtpmap` and no other attribute; if it was the
    ///   only codec, nothing is left to negotiate. If an `a=fmtp` or
    ///   `a=rtcp-fb` line names it, libwebrtc builds a codec with no name and
    ///   refuses the whole description: `Failed to parse audio codecs
    ///   correctly.` (or `video codecs`)
    ///   (Twilio 32009, Telnyx 40004).
    /// - PJSIP-based stacks reject the body outright for payload types 96-127
    ///   in a section whose port is not 0: `Missing SDP rtpmap for dynamic
    ///   payload type` (`PJMEDIA_SDP_EMISSINGRTPMAP`). They let 35-95 through,
    ///   which is looser than RFC 3551 (those numbers are unassigned, not
    ///   static).
    /// - SIP peers that cannot map the payload type answer `488 Not
    ///   Acceptable Here` or `415 Unsupported Media Type` when it was the only
    ///   codec.
    ///
    /// The usual causes are SDP munging that rewrote the `m=` line without
    /// adding the matching `a=rtpmap`, and gateways that strip "unknown"
    /// attributes.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Failed to parse audio codecs
    ///   correctly.`; `Failed to parse video codecs correctly.`
    ///
    /// Measured with the browser harness: both browsers ignore a dynamic payload
    /// type without `a=rtpmap` (probe `rtpmap-missing-dynamic`); libwebrtc
    /// refuses one that `a=fmtp` or `a=rtcp-fb` lines describe (`Failed to parse
    /// SessionDescription.  Failed to parse codecs correctly.`), and only that
    /// case names a browser (Chromium).
    ///
    /// ## Example
    /// ```sdp
    /// m=video 9 UDP/TLS/RTP/SAVPF 96 45
    /// a=rtpmap:96 VP8/90000
    /// a=fmtp:45 level-idx=5;profile=0;tier=0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=video 9 UDP/TLS/RTP/SAVPF 96 45
    /// a=rtpmap:96 VP8/90000
    /// a=rtpmap:45 AV1/90000
    /// a=fmtp:45 level-idx=5;profile=0;tier=0
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §6.6 (`a=rtpmap`) and §5.14 (the `m=` format list)
    /// - RFC 3551 §3 and §6 (dynamic and static payload types)
    /// - RFC 3264 §5.1 (the offer's formats) and §6 (the formats of a rejected stream are ignored)
    /// - RFC 9143 §6 (`a=bundle-only` with port 0)
    pub(crate) const DOCS;
    // What `conformance/sip/` saw; attached under the SIP profile only.
    stacks = [sip::PJSIP_BAD_SDP];
}

/// Checks every payload type of every RTP section for a codec mapping.
pub(crate) fn missing_rtpmap(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for (media, m) in rtp_sections(sdp) {
        // One pass over the attributes: which payload types have an rtpmap,
        // which are named by fmtp / rtcp-fb (what makes libwebrtc fail), and
        // whether a port-0 section is really bundled rather than rejected.
        let mut mapped = PayloadTypeSet::default();
        let mut described = PayloadTypeSet::default();
        let mut bundle_only = false;
        for (_, attr) in media.attributes() {
            match &attr.typed {
                AttrValue::Rtpmap(r) => {
                    mapped.insert(r.payload_type.value);
                }
                AttrValue::Fmtp(f) => {
                    if let Some(pt) = f.payload_type() {
                        described.insert(pt);
                    }
                }
                AttrValue::RtcpFb(fb) => {
                    if let FeedbackPayload::Type(pt) = fb.payload {
                        described.insert(pt.value);
                    }
                }
                AttrValue::BundleOnly => bundle_only = true,
                _ => {}
            }
        }
        let rejected = m.port.value == 0 && !bundle_only;
        // A payload type listed twice on the m= line is reported once.
        let mut reported = PayloadTypeSet::default();
        for format in m.formats() {
            let Ok(pt) = format.parse::<u8>() else { continue };
            if mapped.contains(pt) || static_codec(pt).is_some() {
                continue;
            }
            if rejected && !described.contains(pt) {
                continue;
            }
            if reported.insert(pt) {
                // Both browsers ignore a bare payload type without a codec;
                // libwebrtc refuses one that `a=fmtp` or `a=rtcp-fb` lines
                // describe (probe `rtpmap-missing-dynamic`, fixture
                // `fail_chrome_av1_rtpmap_removed.sdp`).
                // An `a=rtpmap` for it that did not parse (`/0` channels)
                // is ignored by both browsers, with its fmtp.
                let broken_rtpmap = media.lines().iter().any(|line| {
                    crate::rules::helpers::attribute_name(line) == Some(b"rtpmap".as_slice())
                        && sdp
                            .text(line.span)
                            .strip_prefix(b"a=rtpmap:")
                            .is_some_and(|rest| rest.starts_with(format!("{pt} ").as_bytes()))
                });
                let stacks: &'static [crate::stacks::StackVerdict] =
                    if ctx.profile == crate::profile::Profile::Sip {
                        // pjsip refuses it (400); baresip answers
                        // (conformance/sip/).
                        sip::PJSIP_REFUSES_SYNTAX
                    } else if described.contains(pt) && !broken_rtpmap {
                        crate::registry::said::CODECS_UNPARSED
                    } else {
                        &[]
                    };
                ctx.report(
                    missing_rtpmap_diagnostic(sdp.span_of(format), m.media, format)
                        .with_stacks(stacks),
                );
            }
        }
    }
}

fn missing_rtpmap_diagnostic(span: Span, kind: &str, pt: &str) -> Finding {
    Finding::new(
        RuleId::MissingRtpmap,
        format!("Payload type `{pt}` on the `m={}` line has no `a=rtpmap`", shown(kind)),
    )
    .with_label(span, "nothing says which codec this payload type carries")
    .with_help(format!(
        "add `a=rtpmap:{pt} <encoding name>/<clock rate>` for the codec it carries \
         (e.g. `a=rtpmap:{pt} telephone-event/8000`) to this media section, \
         or remove `{pt}` from the `m=` line"
    ))
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    /// The payload types `missing-rtpmap` reports in `media`, a list of
    /// media-level lines after a minimal session.
    fn reported(media: &str) -> Vec<String> {
        let sdp = format!(
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n{media}"
        );
        crate::rules::tester::session(RuleId::MissingRtpmap, crate::ProfileChoice::Auto, &sdp)
            .iter()
            .filter_map(crate::finding::Finding::primary_span)
            .map(|s| String::from_utf8_lossy(&sdp.as_bytes()[s.range()]).into_owned())
            .collect()
    }

    #[test]
    fn static_payload_types_need_no_rtpmap() {
        assert!(reported("m=audio 4000 RTP/AVP 0 8 9 18 13\r\n").is_empty());
    }

    #[test]
    fn unassigned_low_and_middle_payload_types_need_one() {
        assert_eq!(reported("m=audio 4000 RTP/AVP 0 2 45 101\r\n"), ["2", "45", "101"]);
    }

    #[test]
    fn a_payload_type_listed_twice_is_reported_once() {
        assert_eq!(reported("m=audio 4000 RTP/AVP 96 96\r\n"), ["96"]);
    }

    #[test]
    fn rejected_sections_only_when_attributes_name_the_payload_type() {
        assert!(reported("m=video 0 RTP/AVP 96\r\n").is_empty());
        assert_eq!(reported("m=video 0 RTP/AVP 96\r\na=rtcp-fb:96 nack\r\n"), ["96"]);
        assert_eq!(reported("m=video 0 RTP/AVP 96\r\na=bundle-only\r\n"), ["96"]);
    }

    #[test]
    fn non_rtp_sections_have_no_payload_types() {
        assert!(reported("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n").is_empty());
    }
}
