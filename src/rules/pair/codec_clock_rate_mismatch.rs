//! `codec-clock-rate-mismatch`: an answered codec the offer has only at another clock rate.

use crate::finding::Finding;
use crate::negotiate::{Mismatch, SectionCodec};
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::rules::pair::codecs::{codec_span, is_telephone_event};
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an answered codec that the offer has only at another clock rate,
    /// such as `G722/16000` answered to `G722/8000`.
    ///
    /// The same name at another rate is another payload format, so the codec
    /// is not negotiated: `telephone-event/48000` answered to an offer with
    /// only `telephone-event/8000` loses DTMF.
    ///
    /// Names compare case-insensitively. A codec that the offer also has at
    /// the answered rate (with another channel count, or other H.264
    /// parameters) is not a clock-rate fault and is not reported here.
    ///
    /// One fault gives one finding: this rule speaks only when the section
    /// still has a media codec in common, so the call connects and the
    /// warning says what was lost. When nothing else is shared,
    /// `no-common-codec` reports the section as an error and its help names
    /// the clock rate as the cause. Not checked: rejected sections and the
    /// sections `no-common-codec` skips.
    ///
    /// ## Why is this bad?
    /// An RTP payload format is identified by its name and clock rate
    /// together (RFC 8866 §6.6, RFC 3264 §6.1): `G722/16000` is not the
    /// `G722/8000` of RFC 3551 §4.5.2, whose RTP clock is 8000 although it
    /// samples at 16 kHz (the best-known trap: stacks that write the sampling
    /// rate instead). Peers that match codecs strictly (libwebrtc, pjmedia in
    /// Asterisk, `FreeSWITCH`) drop the codec and fall back to the next shared
    /// one, which is usually G.711: the wideband call is silently narrowband.
    /// A peer that matches by name alone may play the media against the
    /// wrong clock, with pitch and timing off. For `telephone-event` the
    /// events are not negotiated (or are mistimed), so DTMF fails while the
    /// call itself works.
    ///
    /// ## Example
    /// Offer `a=rtpmap:9 G722/8000` and `a=rtpmap:0 PCMU/8000`, answer:
    /// ```sdp
    /// m=audio 30000 RTP/AVP 96 0
    /// a=rtpmap:96 G722/16000
    /// a=rtpmap:0 PCMU/8000
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 30000 RTP/AVP 9 0
    /// a=rtpmap:9 G722/8000
    /// a=rtpmap:0 PCMU/8000
    /// ```
    ///
    /// ## References
    /// - RFC 3551 §4.5.2 (G.722's RTP clock rate is 8000) and §6 (static payload types)
    /// - RFC 8866 §6.6 (`a=rtpmap:<payload type> <encoding name>/<clock rate>`)
    /// - RFC 3264 §6.1 (the answer's codecs come from the offer)
    /// - RFC 4733 §7.1.1 (the `telephone-event` rate)
    pub(crate) const DOCS;
}

/// Checks each answered codec of an accepted section for an offered codec
/// of the same name at another clock rate.
pub(crate) fn codec_clock_rate_mismatch(ctx: &mut PairContext<'_, '_>) {
    let (offer, answer) = (ctx.offer, ctx.answer);
    for pair in ctx.codec_pairs() {
        if !pair.accepted || !pair.shares_media_codec() {
            continue;
        }
        for codec in &pair.answered {
            // `nearest_offered` ranks a clock-rate failure last, so this is
            // a clock-rate fault only when no offered codec of the name has
            // the answered rate.
            let Some((offered, Mismatch::ClockRate)) = pair.nearest_offered(codec) else {
                continue;
            };
            let answer_span = codec_span(answer, &pair.answer, codec.codec.payload_type);
            let offer_span = codec_span(offer, &pair.offer, offered.codec.payload_type);
            ctx.report(codec_clock_rate_mismatch_diagnostic(
                answer_span,
                offer_span,
                codec,
                offered,
            ));
        }
    }
}

fn codec_clock_rate_mismatch_diagnostic(
    answer_span: Span,
    offer_span: Span,
    answered: &SectionCodec<'_>,
    offered: &SectionCodec<'_>,
) -> Finding {
    let (a, o) = (shown(&answered.codec.to_string()), shown(&offered.codec.to_string()));
    let name = shown(answered.codec.name);
    let (pt, rate) = (answered.codec.payload_type, offered.codec.clock_rate);
    let lost = if is_telephone_event(answered) {
        "DTMF events are not negotiated"
    } else {
        "the codec is not negotiated"
    };
    Finding::new(
        RuleId::CodecClockRateMismatch,
        format!("Answer has `{a}`, the offer has it only as `{o}`: {lost}"),
    )
    .with_label(answer_span, format!("`{name}` at another clock rate"))
    .with_offer_label(offer_span, "offered clock rate")
    .with_help(format!(
        "answer with the offered rate: `a=rtpmap:{pt} {name}/{rate}`, or remove `{pt}` from the \
         answer"
    ))
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    use crate::rules::tester::HEAD;

    fn messages(offer_media: &str, answer_media: &str) -> Vec<String> {
        let offer = format!("{HEAD}{offer_media}");
        let answer = format!("{HEAD}{answer_media}");
        crate::rules::tester::pair(RuleId::CodecClockRateMismatch, &offer, &answer)
            .iter()
            .map(|f| f.message().to_owned())
            .collect()
    }

    const OFFER: &str = "m=audio 4000 RTP/AVP 111 0 101\r\na=rtpmap:111 opus/48000/2\r\n\
                         a=rtpmap:101 telephone-event/8000\r\n";

    #[test]
    fn events_at_an_unoffered_rate() {
        let answer = "m=audio 5000 RTP/AVP 111 110\r\na=rtpmap:111 opus/48000/2\r\n\
                      a=rtpmap:110 telephone-event/48000\r\n";
        assert_eq!(
            messages(OFFER, answer),
            ["Answer has `telephone-event/48000`, the offer has it only as \
              `telephone-event/8000`: DTMF events are not negotiated"]
        );
    }

    #[test]
    fn other_channels_at_the_same_rate_are_not_a_clock_fault() {
        let answer = "m=audio 5000 RTP/AVP 111 0\r\na=rtpmap:111 opus/48000/1\r\n";
        assert!(messages(OFFER, answer).is_empty());
    }

    #[test]
    fn nothing_shared_is_no_common_codec_alone() {
        let answer = "m=audio 5000 RTP/AVP 96\r\na=rtpmap:96 opus/16000/2\r\n";
        assert!(messages(OFFER, answer).is_empty());
    }
}
