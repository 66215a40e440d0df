//! `m-line-count-mismatch`: an answer with more or fewer `m=` lines than its offer.

use crate::finding::Finding;
use crate::model::SessionDescription;
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an answer whose number of `m=` lines differs from its offer's.
    ///
    /// Every `m=` line counts, rejected ones (port 0) included: a rejected
    /// stream is still answered, with port 0, and keeps its place. A line
    /// that starts with `m=` but is malformed still counts, so one bad
    /// line does not also report a missing section.
    ///
    /// ## Why is this bad?
    /// RFC 3264 §6 pairs the streams of an offer and its answer by their
    /// order: "The answer MUST contain exactly the same number of "m=" lines
    /// as the offer". An answerer that does not want a stream rejects it with
    /// port 0; it never drops the line, and it cannot add a stream in an
    /// answer (that takes a new offer). A different count usually means the
    /// answer was built for another offer (a stale one, or the previous
    /// renegotiation's), or that a middlebox dropped a section it did not
    /// understand (data channels, a second video).
    ///
    /// - libwebrtc (Chrome, Edge, Safari) refuses the answer:
    ///   `Failed to set remote answer sdp: The order of m-lines in answer
    ///   doesn't match order in offer. Rejecting answer.`
    /// - Firefox refuses it: `Offer and answer have different number of
    ///   m-lines (3 vs 2)`.
    /// - pjmedia (Asterisk's `chan_pjsip`, many SIP phones) is looser than the
    ///   RFC: it treats offered streams missing from the end of the answer as
    ///   rejected, so the call connects without them. Other SIP stacks fail
    ///   the call with `488 Not Acceptable Here`.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/sdp_offer_answer.cc`): `The order of
    ///   m-lines in answer doesn't match order in offer. Rejecting answer.`
    /// - Firefox (`dom/media/webrtc/jsep/JsepSessionImpl.cpp`): `Offer and
    ///   answer have different number of m-lines (3 vs 2)`
    ///
    /// ## Example
    /// The offer has `m=audio` and `m=video`; the answer drops the video:
    /// ```sdp
    /// m=audio 30000 RTP/AVP 0
    /// a=rtpmap:0 PCMU/8000
    /// ```
    ///
    /// Use instead (reject the video with port 0, keeping its place):
    /// ```sdp
    /// m=audio 30000 RTP/AVP 0
    /// a=rtpmap:0 PCMU/8000
    /// m=video 0 RTP/AVP 96
    /// ```
    ///
    /// ## References
    /// - RFC 3264 §6 ("The answer MUST contain exactly the same number of "m=" lines as the offer") and §8.2 (removing a stream)
    /// - RFC 9429 §5.3.1 (JSEP answers: one m= section per offered m= section, in order)
    pub(crate) const DOCS;
}

/// Compares the number of `m=` lines of the offer and the answer.
pub(crate) fn m_line_count_mismatch(ctx: &mut PairContext<'_, '_>) {
    let (offer, answer) = (ctx.offer, ctx.answer);
    let (offered, answered) = (offer.media().len(), answer.media().len());
    if offered == answered {
        return;
    }
    let finding = if answered > offered {
        // The first answer m= line that has no offered counterpart.
        let extra = header_span(answer, offered).unwrap_or_else(|| first_line(answer));
        let last_offered = offered.checked_sub(1).and_then(|i| header_span(offer, i));
        too_many_diagnostic(offered, answered, extra, last_offered)
    } else {
        // The answer's last m= line (or, with none, its first line) and the
        // first offered m= line left unanswered.
        let last = answered
            .checked_sub(1)
            .and_then(|i| header_span(answer, i))
            .unwrap_or_else(|| first_line(answer));
        let unanswered = header_span(offer, answered);
        too_few_diagnostic(offered, answered, last, unanswered)
    };
    ctx.report(finding);
}

/// The span of the `index`-th section's `m=` line.
fn header_span(sdp: &SessionDescription<'_>, index: usize) -> Option<Span> {
    sdp.media().nth(index).and_then(|m| m.header().map(|h| h.span))
}

/// The span of the description's first line, where a finding about the
/// whole description sits when there is no `m=` line to point at.
fn first_line(sdp: &SessionDescription<'_>) -> Span {
    sdp.lines().first().map_or(Span::empty(0), |l| l.span)
}

/// `1 m= line`, `3 m= lines`.
fn count(n: usize) -> String {
    if n == 1 { "1 `m=` line".to_owned() } else { format!("{n} `m=` lines") }
}

fn too_many_diagnostic(
    offered: usize,
    answered: usize,
    extra: Span,
    last_offered: Option<Span>,
) -> Finding {
    let finding = Finding::new(
        RuleId::MLineCountMismatch,
        format!("Answer has {}, the offer has {}", count(answered), count(offered)),
    )
    .with_label(extra, "the offer has no `m=` line for this one")
    .with_help(
        "answer exactly the offered `m=` lines, in the offer's order, and remove the others; \
         to add a stream, send a new offer",
    );
    match last_offered {
        Some(span) => finding.with_offer_label(span, "the offer's last `m=` line"),
        None => finding,
    }
}

fn too_few_diagnostic(
    offered: usize,
    answered: usize,
    last: Span,
    unanswered: Option<Span>,
) -> Finding {
    let label = if answered == 0 { "the answer has no `m=` line" } else { "the answer ends here" };
    let finding = Finding::new(
        RuleId::MLineCountMismatch,
        format!("Answer has {}, the offer has {}", count(answered), count(offered)),
    )
    .with_label(last, label)
    .with_help(
        "answer every offered `m=` line, in the offer's order; reject a stream you do not want \
         with port 0 (`m=video 0 RTP/AVP 96`) instead of leaving it out",
    );
    match unanswered {
        Some(span) => finding.with_offer_label(span, "not answered"),
        None => finding,
    }
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    use crate::rules::tester::HEAD;

    /// The messages of the `m-line-count-mismatch` findings of a pair.
    fn messages(offer_media: &str, answer_media: &str) -> Vec<String> {
        let offer = format!("{HEAD}{offer_media}");
        let answer = format!("{HEAD}{answer_media}");
        crate::rules::tester::pair(RuleId::MLineCountMismatch, &offer, &answer)
            .iter()
            .map(|f| f.message().to_owned())
            .collect()
    }

    #[test]
    fn rejected_sections_count() {
        let offer = "m=audio 4000 RTP/AVP 0\r\nm=video 4002 RTP/AVP 31\r\n";
        let answer = "m=audio 5000 RTP/AVP 0\r\nm=video 0 RTP/AVP 31\r\n";
        assert!(messages(offer, answer).is_empty());
    }

    #[test]
    fn an_answer_without_media_is_reported() {
        let offer = "m=audio 4000 RTP/AVP 0\r\n";
        assert_eq!(messages(offer, ""), ["Answer has 0 `m=` lines, the offer has 1 `m=` line"]);
    }

    #[test]
    fn extra_answer_sections_are_reported() {
        let offer = "m=audio 4000 RTP/AVP 0\r\n";
        let answer = "m=audio 5000 RTP/AVP 0\r\nm=video 5002 RTP/AVP 31\r\n";
        assert_eq!(messages(offer, answer), ["Answer has 2 `m=` lines, the offer has 1 `m=` line"]);
    }

    #[test]
    fn pass_and_fail() {
        let audio = "m=audio 49170 RTP/AVP 0\r\n";
        let both = "m=audio 49170 RTP/AVP 0\r\nm=audio 49172 RTP/AVP 8\r\n";
        crate::rules::tester::Tester::new(RuleId::MLineCountMismatch, crate::ProfileChoice::Sip)
            .test_pairs(&[(audio, audio), (both, both)], &[(both, audio), (audio, both)]);
    }
}
