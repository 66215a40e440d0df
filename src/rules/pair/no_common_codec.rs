//! `no-common-codec`: an offered RTP section and its answer with no media codec in common.
//!
//! The section pairs it compares, and the spans and codec lists it shows,
//! come from [`crate::rules::pair::codecs`], shared with the other codec
//! rules of a pair.

use crate::finding::Finding;
use crate::negotiate::{Mismatch, SectionCodec};
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::rules::pair::codecs::{
    cause_span, codec_list, codec_text, format_list_span, media_list, mismatch_text, offered_form,
};
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an offered RTP section left with no media codec in common,
    /// whether the answer accepts it or rejects it.
    ///
    /// An accepted section (port not 0) is reported when the answer lists
    /// none of the offered media codecs; a rejected one (port 0) when the
    /// two sides' media codecs do not intersect, which is then the likely
    /// reason for the rejection.
    ///
    /// Codecs match by encoding name (in any case), clock rate and channel
    /// count, never by payload type number: dynamic payload types may differ
    /// between the sides (RFC 3264 §6.1). H.264 also needs the same
    /// `packetization-mode` and profile (RFC 6184 §8.2.2); when that, a clock
    /// rate or a channel count is why a codec of the same name did not match,
    /// the help says so. Only media codecs count: `telephone-event`, `CN`,
    /// `red`, `rtx` and the FEC formats ride along with a media codec, so a
    /// section whose only shared format is one of them has no common codec.
    ///
    /// Not checked: sections the offer disabled (port 0 without
    /// `a=bundle-only`), non-RTP sections (data channels), sections
    /// `media-section-mismatch` reports, answers whose formats cannot be
    /// identified (a dynamic payload type without `a=rtpmap` is
    /// `missing-rtpmap`'s), and a rejection when the sides do share a codec
    /// (an answerer may decline a stream for any reason). A rejected
    /// section's format list means nothing by itself (RFC 3264 §6), so a
    /// rejection that lists only a placeholder is not judged: Firefox writes
    /// `0` (`PCMU/8000`) for a rejected audio section and `120`
    /// (`VP8/90000`) for video, other stacks the reserved payload type `19`.
    ///
    /// ## Why is this bad?
    /// RFC 3264 §6.1: an accepted `sendrecv` stream "MUST contain at least one
    /// codec the answerer is willing to both send and receive, from amongst
    /// those listed in the offer". Without one, no media can flow:
    ///
    /// - libwebrtc (Chrome, Edge, Safari) refuses an answer it cannot send
    ///   with: `Failed to set remote answer sdp: Failed to set remote video
    ///   description send parameters for m-section with mid='1'.` (`audio`
    ///   for an audio section). An H.264 answer with a profile the browser
    ///   did not offer is the classic cause.
    /// - Asterisk (pjmedia) as offerer fails the negotiation with `No common
    ///   SDP media payload in answer`; as answerer it logs `No joint
    ///   capabilities for 'audio' media stream between our
    ///   configuration(...) and incoming SDP(...)` and sends `488 Not
    ///   Acceptable Here`.
    /// - `FreeSWITCH` hangs up with cause `INCOMPATIBLE_DESTINATION` (SIP 488).
    /// - Carriers: a G.711 A-law only trunk answers `488` to an offer without
    ///   PCMA, Twilio reports 53404 (no supported codec) or 32009; some SBCs
    ///   answer with their codec anyway and the call connects in silence.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/channel.cc`): `Failed to set send
    ///   parameters for m-section with mid='1'.`
    ///
    /// ## Example
    /// Offer `m=audio 24680 RTP/AVP 9 0 101` (G.722, PCMU, events), answer:
    /// ```sdp
    /// m=audio 30000 RTP/AVP 8 101
    /// a=rtpmap:8 PCMA/8000
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// Use instead (answer with an offered codec, or offer PCMA):
    /// ```sdp
    /// m=audio 30000 RTP/AVP 0 101
    /// a=rtpmap:0 PCMU/8000
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// ## References
    /// - RFC 3264 §6 (a rejected stream's formats "are ignored") and §6.1 (the answer lists at least one offered codec)
    /// - RFC 3551 §6 (static payload types) and RFC 8866 §6.6 (`a=rtpmap`)
    /// - RFC 6184 §8.2.2 (H.264 offer/answer: `packetization-mode` and profile)
    /// - RFC 4733 §2.1 (`telephone-event` accompanies an audio codec)
    /// - RFC 9429 §5.3.1 (JSEP answers use the offered codecs)
    pub(crate) const DOCS;
}

/// Checks each live offered RTP section for a media codec the answer shares.
pub(crate) fn no_common_codec(ctx: &mut PairContext<'_, '_>) {
    let (offer, answer) = (ctx.offer, ctx.answer);
    for pair in ctx.codec_pairs() {
        let Some(first_offered) = pair.offered.iter().find(|c| c.is_media()) else {
            // Nothing offered to match (an events-only offer, or payload
            // types without rtpmap): the offer's own rules say why.
            continue;
        };
        if pair.answered.is_empty() || pair.shares_media_codec() {
            continue;
        }
        let answered_media = pair.answered.iter().find(|c| c.is_media());
        if !pair.accepted && (answered_media.is_none() || pair.is_placeholder()) {
            continue;
        }
        // A codec of an offered name that failed on its clock rate, channels
        // or H.264 parameters is the likely cause: the help names it.
        let cause = pair
            .answered
            .iter()
            .filter(|c| c.is_media())
            .find_map(|c| pair.nearest_offered(c).map(|n| (c, n)));
        let facts = Facts {
            kind: pair.answer.media_line().map_or("", |m| m.media),
            offer_list: media_list(&pair.offered),
            answer_list: if answered_media.is_some() {
                media_list(&pair.answered)
            } else {
                codec_list(pair.answered.iter())
            },
            first_offered: *first_offered,
            first_answered: answered_media.copied(),
            accepted: pair.accepted,
        };
        let spans = Spans {
            answer: format_list_span(answer, &pair.answer),
            offer: format_list_span(offer, &pair.offer),
        };
        let cause = cause.map(|(a, (o, why))| Cause {
            why,
            answer: *a,
            offer: *o,
            answer_span: cause_span(answer, &pair.answer, a, why),
            offer_span: cause_span(offer, &pair.offer, o, why),
        });
        ctx.report(no_common_codec_diagnostic(&facts, &spans, cause.as_ref()));
    }
}

/// The values a `no-common-codec` finding states.
struct Facts<'k, 'a> {
    /// The section's media kind.
    kind: &'k str,
    /// The offer's media codecs, listed.
    offer_list: String,
    /// The answer's media codecs (or, with none, all its codecs), listed.
    answer_list: String,
    /// The offer's preferred media codec, suggested for the answer.
    first_offered: SectionCodec<'a>,
    /// The answer's preferred media codec, suggested for the offer.
    first_answered: Option<SectionCodec<'a>>,
    /// False for a rejected section.
    accepted: bool,
}

/// The two format lists a `no-common-codec` finding points at.
struct Spans {
    /// The answer's format list (the primary label).
    answer: Span,
    /// The offer's format list.
    offer: Span,
}

/// A codec of the same name on both sides that failed to match.
struct Cause<'a> {
    /// Why it failed.
    why: Mismatch,
    /// The answer's codec.
    answer: SectionCodec<'a>,
    /// The offer's codec.
    offer: SectionCodec<'a>,
    /// Where the answer writes what differs.
    answer_span: Span,
    /// Where the offer writes what differs.
    offer_span: Span,
}

fn no_common_codec_diagnostic(
    facts: &Facts<'_, '_>,
    spans: &Spans,
    cause: Option<&Cause<'_>>,
) -> Finding {
    let kind = shown(facts.kind);
    let (answer_list, offer_list) = (&facts.answer_list, &facts.offer_list);
    let message = if facts.accepted {
        format!(
            "No codec in common for `{kind}`: the answer has `{answer_list}`, the offer has `{offer_list}`"
        )
    } else {
        format!(
            "Answer rejects `{kind}`, likely because no codec is in common: the answer has `{answer_list}`, the offer has `{offer_list}`"
        )
    };
    let offered = &facts.first_offered.codec;
    let pt = offered.payload_type;
    // A codec with fmtp parameters (H.264's profile, ...) needs them too.
    let fmtp = if facts.first_offered.fmtp.is_some() {
        format!(" and the offered `a=fmtp:{pt}`")
    } else {
        String::new()
    };
    let suggestion = format!(
        "`{}` (`a=rtpmap:{pt} {}`{fmtp} with `{pt}` on the `m=` line)",
        codec_text(&facts.first_offered),
        shown(&offered.to_string()),
    );
    let fix = match facts.first_answered {
        Some(a) if !facts.accepted => format!(
            "to take the stream, answer it with a port and an offered codec, e.g. {suggestion}, \
             or offer `{}`",
            codec_text(&a)
        ),
        Some(a) => format!(
            "add an offered codec to the answer, e.g. {suggestion}, or offer `{}`",
            codec_text(&a)
        ),
        None => format!(
            "add an offered codec to the answer, e.g. {suggestion}: `telephone-event`, `CN`, `red` and the like carry no media on their own"
        ),
    };
    let help = match cause {
        Some(c) => format!(
            "{}; {}, or offer `{}`",
            mismatch_text(&c.answer, &c.offer, c.why),
            offered_form(&c.answer, &c.offer, c.why),
            codec_text(&c.answer)
        ),
        None => fix,
    };
    let answer_label = if facts.accepted {
        "no offered media codec here"
    } else {
        "rejected, with no offered media codec"
    };
    let mut finding = Finding::new(RuleId::NoCommonCodec, message)
        .with_label(spans.answer, answer_label)
        .with_offer_label(spans.offer, "offered codecs")
        .with_help(help);
    if let Some(c) = cause {
        let (answer_text, offer_text) = match c.why {
            Mismatch::Name => ("another codec", "offered codec"),
            Mismatch::ClockRate => ("another clock rate", "offered clock rate"),
            Mismatch::Channels => ("another channel count", "offered channel count"),
            Mismatch::PacketizationMode => {
                ("another `packetization-mode`", "offered `packetization-mode`")
            }
            Mismatch::H264Profile => ("another H.264 profile", "offered H.264 profile"),
        };
        finding = finding
            .with_label(c.answer_span, answer_text)
            .with_offer_label(c.offer_span, offer_text);
    }
    finding
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    use crate::rules::tester::HEAD;

    /// The (message, help) of each `no-common-codec` finding of a pair.
    fn findings(offer_media: &str, answer_media: &str) -> Vec<(String, String)> {
        let offer = format!("{HEAD}{offer_media}");
        let answer = format!("{HEAD}{answer_media}");
        crate::rules::tester::pair(RuleId::NoCommonCodec, &offer, &answer)
            .iter()
            .map(|f| (f.message().to_owned(), f.help().unwrap_or_default().to_owned()))
            .collect()
    }

    #[test]
    fn events_alone_are_no_common_codec() {
        let offer = "m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";
        let answer = "m=audio 5000 RTP/AVP 101\r\na=rtpmap:101 telephone-event/8000\r\n";
        let found = findings(offer, answer);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].0,
            "No codec in common for `audio`: the answer has `telephone-event/8000`, the offer has `PCMU/8000`"
        );
    }

    #[test]
    fn payload_type_numbers_and_case_do_not_matter() {
        let offer = "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 OPUS/48000/2\r\n";
        let answer = "m=audio 5000 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n";
        assert!(findings(offer, answer).is_empty());
    }

    #[test]
    fn a_rejection_sharing_a_codec_or_with_a_placeholder_is_not_judged() {
        let offer = "m=video 4000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n";
        assert!(findings(offer, "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n").is_empty());
        assert!(findings(offer, "m=video 0 RTP/AVP 120\r\na=rtpmap:120 VP8/90000\r\n").is_empty());
        assert!(findings(offer, "m=video 0 RTP/AVP 19\r\n").is_empty());
        let rejected = findings(offer, "m=video 0 RTP/AVP 34 31\r\n");
        assert_eq!(rejected.len(), 1);
        assert!(rejected[0].0.starts_with("Answer rejects `video`, likely"), "{}", rejected[0].0);
    }

    #[test]
    fn a_disabled_offer_section_is_not_checked() {
        let offer = "m=audio 0 RTP/AVP 0\r\n";
        assert!(findings(offer, "m=audio 0 RTP/AVP 8\r\n").is_empty());
    }

    #[test]
    fn the_help_names_a_clock_rate_cause() {
        let offer = "m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 G722/16000\r\n";
        let answer = "m=audio 5000 RTP/AVP 9\r\n";
        let found = findings(offer, answer);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].1.starts_with("the answer's `G722/8000` runs at another clock rate"),
            "{}",
            found[0].1
        );
    }
}
