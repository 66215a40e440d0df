//! `answer-codec-not-offered`: an answer whose preferred media codec was never offered.

use crate::finding::Finding;
use crate::negotiate::{Mismatch, SectionCodec, direction};
use crate::parse::attribute::Direction;
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::rules::pair::codecs::{
    codec_text, format_list_span, format_span, mismatch_text, rtpmap_span,
};
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an accepted answer section whose first media codec, the one the
    /// answerer prefers, was not offered while a later one was.
    ///
    /// Codecs match as in `no-common-codec`: by name, clock rate and channel
    /// count, never by payload type number, plus H.264's
    /// `packetization-mode` and profile. Only media codecs count: a
    /// `telephone-event` or `CN` listed first is not a preference. Extra
    /// formats after a shared one are allowed (RFC 3264 §6.1: the answer "MAY
    /// indicate additional media formats, not listed in the corresponding
    /// stream in the offer") and are not reported.
    ///
    /// One fault gives one finding: when the answer shares no media codec at
    /// all, `no-common-codec` reports it; when the first codec differs from
    /// an offered one of the same name only by its clock rate,
    /// `codec-clock-rate-mismatch` does. Not checked: rejected sections,
    /// sections the answerer will not send on (`a=recvonly`,
    /// `a=inactive`: its preference then picks nothing), and the sections
    /// `no-common-codec` skips.
    ///
    /// ## Why is this bad?
    /// RFC 3264 §6.1 lets the answer list formats the offer did not have,
    /// but the answerer "will not be able to send them at this time, since
    /// it was not listed in the offer": the offerer never agreed to receive
    /// them. An answer that puts such a codec first is the mark of an
    /// answerer that answers with its own configuration rather than
    /// intersecting it with the offer, and such answerers tend to send what
    /// they list first:
    ///
    /// - a SIP trunk or SBC answering `G729` ahead of the offered `PCMU`
    ///   sends G.729 to a phone that never offered it; the phone drops the
    ///   packets (an unknown payload type), giving one-way audio or a
    ///   `488 Not Acceptable Here` on the next re-INVITE;
    /// - browsers never answer this way (libwebrtc and Firefox answer with
    ///   the intersection of the offer and their own codecs), so such an
    ///   answer comes from a SIP trunk, an SBC or an SFU that writes its
    ///   answers by hand, toward a peer that may not decode it.
    ///
    /// When it breaks, it breaks as a failed negotiation does: SIP 488,
    /// Twilio 32009.
    ///
    /// ## Example
    /// Offer `m=audio 49170 RTP/AVP 0 8 101` (PCMU, PCMA, events), answer:
    /// ```sdp
    /// m=audio 30000 RTP/AVP 18 0 101
    /// a=rtpmap:18 G729/8000
    /// a=rtpmap:0 PCMU/8000
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// Use instead (an offered codec first; G.729 may follow, or go):
    /// ```sdp
    /// m=audio 30000 RTP/AVP 0 101
    /// a=rtpmap:0 PCMU/8000
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// ## References
    /// - RFC 3264 §6.1 (the answer's formats, and why unoffered ones cannot be sent) and §5.1 (format lists are in preference order)
    /// - RFC 6184 §8.2.2 (H.264 `packetization-mode` and profile in offer/answer)
    /// - RFC 9429 §5.3.1 (how a JSEP answer picks its codecs)
    pub(crate) const DOCS;
}

/// Checks that the preferred media codec of each accepted answer section
/// was offered.
pub(crate) fn answer_codec_not_offered(ctx: &mut PairContext<'_, '_>) {
    let (offer, answer) = (ctx.offer, ctx.answer);
    for pair in ctx.codec_pairs() {
        if !pair.accepted {
            continue;
        }
        // The answerer's preference matters only if it sends.
        if matches!(direction(answer, &pair.answer), Direction::RecvOnly | Direction::Inactive) {
            continue;
        }
        let Some(first) = pair.answered.iter().find(|c| c.is_media()) else { continue };
        // Offered: nothing to say. Nothing shared: `no-common-codec`'s.
        if pair.is_offered(first) || !pair.shares_media_codec() {
            continue;
        }
        let nearest = pair.nearest_offered(first);
        if nearest.is_some_and(|(_, why)| why == Mismatch::ClockRate) {
            // `codec-clock-rate-mismatch` explains this one.
            continue;
        }
        let Some(shared) = pair.answered.iter().find(|c| c.is_media() && pair.is_offered(c)) else {
            continue;
        };
        let pt = first.codec.payload_type;
        let Some(pt_span) = format_span(answer, &pair.answer, pt) else { continue };
        let spans = Spans {
            pt: pt_span,
            rtpmap: rtpmap_span(&pair.answer, pt),
            offered: format_list_span(offer, &pair.offer),
        };
        let cause = nearest.map(|(o, why)| mismatch_text(first, o, why));
        ctx.report(answer_codec_not_offered_diagnostic(&spans, first, shared, cause));
    }
}

/// Where an `answer-codec-not-offered` finding points.
struct Spans {
    /// The codec's payload type on the answer's `m=` line (primary).
    pt: Span,
    /// The codec's `a=rtpmap` line, unless it is a static payload type
    /// used without one.
    rtpmap: Option<Span>,
    /// The offer's format list.
    offered: Span,
}

fn answer_codec_not_offered_diagnostic(
    spans: &Spans,
    first: &SectionCodec<'_>,
    shared: &SectionCodec<'_>,
    cause: Option<String>,
) -> Finding {
    let name = codec_text(first);
    let shared_name = codec_text(shared);
    let (pt, shared_pt) = (first.codec.payload_type, shared.codec.payload_type);
    let fix = format!(
        "put an offered codec first: move `{shared_pt}` (`{shared_name}`) to the front of the \
         `m=` line, ahead of `{pt}`, or remove `{pt}`"
    );
    let help = match cause {
        Some(cause) => format!("{cause}; {fix}"),
        None => fix,
    };
    let mut finding = Finding::new(
        RuleId::AnswerCodecNotOffered,
        format!("Answer prefers `{name}`, which the offer does not have"),
    )
    .with_label(spans.pt, "preferred codec, never offered");
    if let Some(rtpmap) = spans.rtpmap {
        finding =
            finding.with_label(rtpmap, format!("`{pt}` is `{}`", shown(&first.codec.to_string())));
    }
    finding.with_offer_label(spans.offered, "offered codecs").with_help(help)
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    use crate::rules::tester::HEAD;

    /// The rule names of the codec findings of a pair.
    fn names(offer_media: &str, answer_media: &str) -> Vec<&'static str> {
        let offer = format!("{HEAD}{offer_media}");
        let answer = format!("{HEAD}{answer_media}");
        crate::check_pair(offer.as_bytes(), answer.as_bytes())
            .findings()
            .iter()
            .filter(|f| {
                matches!(
                    f.rule(),
                    RuleId::AnswerCodecNotOffered
                        | RuleId::NoCommonCodec
                        | RuleId::CodecClockRateMismatch
                )
            })
            .map(crate::Finding::name)
            .collect()
    }

    const OFFER: &str = "m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";

    #[test]
    fn extra_formats_after_a_shared_one_are_allowed() {
        assert!(names(OFFER, "m=audio 5000 RTP/AVP 0 18 101\r\n").is_empty());
        // A helper listed first is not a preference.
        assert!(names(OFFER, "m=audio 5000 RTP/AVP 13 0\r\n").is_empty());
    }

    #[test]
    fn one_fault_one_finding() {
        assert_eq!(names(OFFER, "m=audio 5000 RTP/AVP 18 0\r\n"), ["answer-codec-not-offered"]);
        assert_eq!(names(OFFER, "m=audio 5000 RTP/AVP 18\r\n"), ["no-common-codec"]);
        let clock = "m=audio 5000 RTP/AVP 96 0\r\na=rtpmap:96 PCMA/16000\r\n";
        assert_eq!(names(OFFER, clock), ["codec-clock-rate-mismatch"]);
    }

    #[test]
    fn a_receive_only_answer_sends_nothing() {
        assert!(names(OFFER, "m=audio 5000 RTP/AVP 18 0\r\na=recvonly\r\n").is_empty());
    }
}
