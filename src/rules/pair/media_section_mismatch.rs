//! `media-section-mismatch`: an answer `m=` line whose media kind or mid differs from the offer's at the same position.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::rules::pair::codecs::{StreamMismatch, stream_mismatch};
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an answer `m=` line whose media kind or `a=mid` differs from the
    /// offer's at the same position.
    ///
    /// The mid is compared when both sections have one.
    ///
    /// Sections are paired by position only, as RFC 3264 does. Kinds
    /// (`audio`, `video`, `application`, ...) compare case-insensitively. A
    /// section without `a=mid` on either side (SIP answers usually have none)
    /// is compared by kind alone. When the kind differs, the mid is not
    /// reported as well. Sections past the end of the shorter description
    /// are `m-line-count-mismatch`'s. The codec rules (`no-common-codec`,
    /// ...) skip a section this rule reports: its codecs were never meant to
    /// be compared.
    ///
    /// ## Why is this bad?
    /// RFC 3264 §6 matches streams by order, and §6.1 says "The media type of
    /// the stream in the answer MUST match that of the offer". With BUNDLE
    /// and JSEP the `a=mid` names the stream too, and the answer must repeat
    /// the offered value (RFC 5888 §9.1). A different kind or mid at the same
    /// position means the answer was built for another offer (a stale one,
    /// or one with its sections in another order), or that the answerer
    /// reordered its sections:
    ///
    /// - libwebrtc (Chrome, Edge, Safari) refuses the answer:
    ///   `Failed to set remote answer sdp: The order of m-lines in answer
    ///   doesn't match order in offer. Rejecting answer.`
    /// - Firefox refuses it: `Answer and offer have different media types at
    ///   m-line 1`, or `Answer changes mid for level, was '1', now '0'`.
    /// - pjmedia (Asterisk's `chan_pjsip`, many SIP phones) fails the
    ///   negotiation with `SDP media type mismatch in offer/answer`.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/sdp_offer_answer.cc`): `The order of
    ///   m-lines in answer doesn't match order in offer. Rejecting answer.`
    /// - Firefox (`dom/media/webrtc/jsep/JsepSessionImpl.cpp`): `Answer and
    ///   offer have different media types at m-line 1`; `Answer changes mid for
    ///   level, was '1', now '0'`
    ///
    /// ## Example
    /// The offer has `m=audio` (`a=mid:0`) then `m=video` (`a=mid:1`):
    /// ```sdp
    /// m=video 9 UDP/TLS/RTP/SAVPF 96
    /// a=mid:1
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=mid:0
    /// ```
    ///
    /// Use instead (the offer's order and mids):
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=mid:0
    /// m=video 9 UDP/TLS/RTP/SAVPF 96
    /// a=mid:1
    /// ```
    ///
    /// ## References
    /// - RFC 3264 §6 (streams are matched by order) and §6.1 ("The media type of the stream in the answer MUST match that of the offer")
    /// - RFC 5888 §9.1 (the answer uses the offered mid values)
    /// - RFC 9429 §5.3.1 and §5.10 (JSEP answers and their validation)
    pub(crate) const DOCS;
}

/// Compares the kind and mid of each pair of sections at the same position.
pub(crate) fn media_section_mismatch(ctx: &mut PairContext<'_, '_>) {
    let (offer, answer) = (ctx.offer, ctx.answer);
    for (o, a) in offer.media().zip(answer.media()) {
        let finding = match stream_mismatch(&o, &a) {
            Some(StreamMismatch::Kind { offer: ok, answer: ak }) => {
                kind_diagnostic(a.index(), (answer.span_of(ak), ak), (offer.span_of(ok), ok))
            }
            Some(StreamMismatch::Mid { offer: om, answer: am }) => {
                mid_diagnostic(a.index(), (answer.span_of(am), am), (offer.span_of(om), om))
            }
            None => continue,
        };
        ctx.report(finding);
    }
}

/// `1st`, `2nd`, `3rd`, `11th`, `22nd`: an m-line's position as people
/// count it (the negotiation table numbers from 0, so a bare number would
/// be ambiguous).
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn kind_diagnostic(index: usize, answer: (Span, &str), offer: (Span, &str)) -> Finding {
    let (a, o) = (shown(answer.1), shown(offer.1));
    Finding::new(
        RuleId::MediaSectionMismatch,
        format!("Answer's {} `m=` line is `{a}`, the offer's is `{o}`", ordinal(index + 1)),
    )
    .with_label(answer.0, format!("`{a}` here"))
    .with_offer_label(offer.0, format!("the offer has `{o}` at this position"))
    .with_help(format!(
        "answer the offer's `m=` lines in the offer's order: this one must be `m={o}` (port 0 \
         rejects it)"
    ))
}

fn mid_diagnostic(index: usize, answer: (Span, &str), offer: (Span, &str)) -> Finding {
    let (a, o) = (shown(answer.1), shown(offer.1));
    Finding::new(
        RuleId::MediaSectionMismatch,
        format!(
            "Answer's {} `m=` line has `a=mid:{a}`, the offer's has `a=mid:{o}`",
            ordinal(index + 1)
        ),
    )
    .with_label(answer.0, "mid differs from the offer's")
    .with_offer_label(offer.0, "offered mid")
    .with_help(format!(
        "write `a=mid:{o}` in this section, and keep the answer's sections in the offer's order"
    ))
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    #[test]
    fn ordinals() {
        let got = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(super::ordinal);
        assert_eq!(
            got,
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]
        );
    }

    use crate::rules::tester::HEAD;

    fn messages(offer_media: &str, answer_media: &str) -> Vec<String> {
        let offer = format!("{HEAD}{offer_media}");
        let answer = format!("{HEAD}{answer_media}");
        crate::rules::tester::pair(RuleId::MediaSectionMismatch, &offer, &answer)
            .iter()
            .map(|f| f.message().to_owned())
            .collect()
    }

    #[test]
    fn a_missing_mid_is_not_a_mismatch() {
        let offer = "m=audio 4000 RTP/AVP 0\r\na=mid:0\r\n";
        assert!(messages(offer, "m=audio 5000 RTP/AVP 0\r\n").is_empty());
        assert!(messages(offer, "m=AUDIO 5000 RTP/AVP 0\r\na=mid:0\r\n").is_empty());
    }

    #[test]
    fn a_kind_mismatch_is_reported_once() {
        let offer = "m=audio 4000 RTP/AVP 0\r\na=mid:0\r\n";
        let answer = "m=video 5000 RTP/AVP 31\r\na=mid:1\r\n";
        assert_eq!(
            messages(offer, answer),
            ["Answer's 1st `m=` line is `video`, the offer's is `audio`"]
        );
    }
}
