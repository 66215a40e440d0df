//! `duplicate-rtpmap`: one payload type mapped by two `a=rtpmap` lines in a section.

use crate::codec::{Codec, PayloadTypeSet};
use crate::finding::Finding;
use crate::model::Media;
use crate::parse::attribute::{AttrValue, Rtpmap};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::rtp_sections;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `a=rtpmap` line for a payload type that an earlier `a=rtpmap`
    /// in the same media section already maps, even to the same codec.
    ///
    /// Each later mapping is reported against the first one. Every RTP section
    /// is checked, rejected ones (port 0) included. The same payload type in
    /// two different sections is not a duplicate (each section has its own
    /// payload type space, apart from BUNDLE's extra rules).
    ///
    /// ## Why is this bad?
    /// A payload type is the only thing an RTP packet says about its codec,
    /// so within a section each payload type stands for exactly one encoding
    /// (RFC 3550 §5.1), and RFC 8866 §6.6 allows at most one `a=rtpmap` per
    /// media format. With two mappings the peer must guess.
    ///
    /// - libwebrtc (Chrome, Edge, Safari's WebRTC) refuses the whole
    ///   description when the two mappings name different codecs (for video,
    ///   also different clock rates): `Duplicate statically assigned payload
    ///   type with conflicting codec name or clock rate.` for payload types
    ///   below 35, and the same message without "statically assigned" above
    ///   (Twilio 32009, Telnyx 40004). Identical repeats are accepted there:
    ///   the later line wins.
    /// - SIP stacks differ: some take the first mapping, some the last, some
    ///   answer `488 Not Acceptable Here`. When they pick different codecs,
    ///   the call connects with garbled or silent media.
    ///
    /// An identical repeat is harmless to the browsers but is still invalid,
    /// and is usually the trace of SDP munging that appended a codec block
    /// twice.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Duplicate statically assigned
    ///   payload type with conflicting codec name or clock rate.`; `Duplicate
    ///   payload type with conflicting codec name or clock rate.`
    ///
    /// Measured with the browser harness: both browsers accept the same mapping
    /// twice; libwebrtc refuses a static payload type mapped to two codecs
    /// (`Duplicate statically assigned payload type with conflicting codec name
    /// or clock rate.`), Firefox keeps one. Only that case names a browser
    /// (Chromium).
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 49170 RTP/AVP 0 101
    /// a=rtpmap:0 PCMU/8000
    /// a=rtpmap:101 telephone-event/8000
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 49170 RTP/AVP 0 101
    /// a=rtpmap:0 PCMU/8000
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §6.6 (`a=rtpmap`)
    /// - RFC 3550 §5.1 (the payload type field identifies the format)
    pub(crate) const DOCS;
}

/// Checks every RTP section for a payload type mapped twice.
pub(crate) fn duplicate_rtpmap(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for (media, _) in rtp_sections(sdp) {
        // The clean path needs only a 128-bit set; the first mappings' lines
        // are looked up again only when a duplicate exists.
        let mut seen = PayloadTypeSet::default();
        let has_duplicate = media.attributes().any(|(_, attr)| {
            matches!(&attr.typed, AttrValue::Rtpmap(r) if !seen.insert(r.payload_type.value))
        });
        if has_duplicate {
            report_duplicates(ctx, &media);
        }
    }
}

/// Reports every mapping after the first, each against the first.
#[cold]
fn report_duplicates(ctx: &mut Context<'_, '_>, media: &Media<'_, '_>) {
    let sdp = ctx.sdp;
    // Payload types are 0-127 (the parser enforces it), so a fixed table
    // indexed by payload type keeps this linear.
    let mut first: [Option<&Rtpmap<'_>>; 128] = [None; 128];
    for (_, attr) in media.attributes() {
        let AttrValue::Rtpmap(r) = &attr.typed else { continue };
        let Some(slot) = first.get_mut(usize::from(r.payload_type.value)) else { continue };
        match slot {
            None => *slot = Some(r),
            Some(earlier) => ctx.report(duplicate_rtpmap_diagnostic(
                sdp.span_of(r.payload_type.raw),
                sdp.span_of(earlier.payload_type.raw),
                earlier,
                r,
            )),
        }
    }
}

fn duplicate_rtpmap_diagnostic(
    duplicate: Span,
    first: Span,
    earlier: &Rtpmap<'_>,
    again: &Rtpmap<'_>,
) -> Finding {
    let pt = again.payload_type.value;
    let (was, now) = (Codec::from_rtpmap(earlier), Codec::from_rtpmap(again));
    let same = was.name.eq_ignore_ascii_case(now.name)
        && was.clock_rate == now.clock_rate
        && earlier.channel_count() == again.channel_count();
    let (was, now) = (shown(&was.to_string()), shown(&now.to_string()));
    let finding = if same {
        Finding::new(
            RuleId::DuplicateRtpmap,
            format!("Payload type `{pt}` is mapped twice to `{was}`"),
        )
        .with_help(format!("remove the second `a=rtpmap:{pt}` line"))
    } else {
        Finding::new(
            RuleId::DuplicateRtpmap,
            format!("Payload type `{pt}` is mapped to both `{was}` and `{now}`"),
        )
        .with_help(format!(
            "keep one `a=rtpmap:{pt}`; give the other codec an unused payload type \
             (96-127) and list it on the `m=` line, or drop it"
        ))
    };
    // libwebrtc refuses a static payload type mapped to two codecs ("Duplicate
    // statically assigned payload type with conflicting codec name or clock
    // rate"); both browsers take an identical mapping twice, and Firefox
    // keeps one of two conflicting ones (probes `rtpmap-duplicate-*`).
    let stacks: &'static [crate::stacks::StackVerdict] =
        if !same && pt < 35 { crate::registry::said::CONFLICTING_RTPMAP } else { &[] };
    finding
        .with_label(duplicate, "mapped again here")
        .with_label(first, "first mapped here")
        .with_stacks(stacks)
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    /// The messages `duplicate-rtpmap` reports in `media`.
    fn messages(media: &str) -> Vec<String> {
        let sdp = format!(
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n{media}"
        );
        crate::rules::tester::session(RuleId::DuplicateRtpmap, crate::ProfileChoice::Auto, &sdp)
            .iter()
            .map(|f| f.message().to_owned())
            .collect()
    }

    #[test]
    fn every_later_mapping_is_reported_against_the_first() {
        let media = "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n\
                     a=rtpmap:96 OPUS/48000/2\r\na=rtpmap:96 PCMU/8000\r\n";
        assert_eq!(
            messages(media),
            [
                "Payload type `96` is mapped twice to `opus/48000/2`",
                "Payload type `96` is mapped to both `opus/48000/2` and `PCMU/8000`",
            ]
        );
    }

    #[test]
    fn sections_do_not_share_payload_types() {
        let media = "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n\
                     m=video 4002 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n";
        assert!(messages(media).is_empty());
    }
}
