//! `telephone-event-dropped`: an answer that drops the offered DTMF events.

use smallvec::SmallVec;

use crate::finding::Finding;
use crate::negotiate::{SectionCodec, direction};
use crate::parse::attribute::Direction;
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::rules::pair::codecs::{codec_span, format_list_span, is_telephone_event};
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an answer that drops the `telephone-event` offered for the codec
    /// the call will use, so DTMF key presses (RFC 4733) are not sent.
    ///
    /// It fires when an accepted answer section has no `telephone-event` at
    /// all and the offer had one at the clock rate of a negotiated media
    /// codec.
    ///
    /// The negotiated codecs are the answer's media codecs that match an
    /// offered one (as in `no-common-codec`). An answer that keeps a
    /// `telephone-event` at another rate is not reported here: libwebrtc
    /// then sends events with the lowest-rate one it has, PBXs that only
    /// implement 8 kHz events answer Opus offers that way, a rate the
    /// answer's own codecs do not use is `telephone-event-rate-mismatch`'s,
    /// and a rate the offer did not have is `codec-clock-rate-mismatch`'s.
    /// Only two-way sections are checked (the answer's direction is
    /// `sendrecv`): a key press answers a prompt someone heard, so a one-way
    /// stream (a browser publishing to an SFU, which answers `recvonly`
    /// with Opus alone; a call on hold; music on hold) loses nothing. Not
    /// checked either: rejected sections, sections with no codec in common
    /// (`no-common-codec`), and the sections `no-common-codec` skips.
    ///
    /// ## Why is this bad?
    /// RFC 4733 events travel only if both sides list `telephone-event`
    /// (RFC 3264 §6.1: a side sends only formats the other listed). Without
    /// it the call connects and sounds fine, and breaks when someone presses
    /// a key: IVR menus, voicemail PINs and conference codes stop working.
    ///
    /// - Browsers: `RTCDTMFSender.canInsertDTMF` is false and `insertDTMF()`
    ///   throws `InvalidStateError`.
    /// - Asterisk sends nothing for a key press unless its `dtmf_mode` lets
    ///   it fall back (`auto` to in-band tones, `auto_info` to SIP INFO);
    ///   `FreeSWITCH` only if it is configured for INFO or in-band DTMF.
    ///   In-band tones do not survive compressed codecs (Opus, G.729) well.
    /// - Carriers and contact-center platforms expect RFC 4733 on G.711
    ///   trunks; digits go missing.
    ///
    /// ## Example
    /// Offer `m=audio 12020 RTP/AVP 0 8 101` with `telephone-event/8000` at
    /// 101, answer:
    /// ```sdp
    /// m=audio 17236 RTP/AVP 0
    /// a=rtpmap:0 PCMU/8000
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 17236 RTP/AVP 0 101
    /// a=rtpmap:0 PCMU/8000
    /// a=rtpmap:101 telephone-event/8000
    /// a=fmtp:101 0-16
    /// ```
    ///
    /// ## References
    /// - RFC 4733 §2.1 and §7.1.1 (`telephone-event` and its rate)
    /// - RFC 3264 §6.1 (each side sends only formats the other listed)
    /// - W3C WebRTC 1.0 §7 (`RTCDTMFSender`, `canInsertDTMF`)
    pub(crate) const DOCS;
}

/// Checks that each accepted answer section keeps the offered DTMF events.
pub(crate) fn telephone_event_dropped(ctx: &mut PairContext<'_, '_>) {
    let (offer, answer) = (ctx.offer, ctx.answer);
    for pair in ctx.codec_pairs() {
        if !pair.accepted || pair.answered.iter().any(is_telephone_event) {
            continue;
        }
        // DTMF answers a prompt: it matters in a two-way call, not on a
        // one-way stream (a publish to an SFU, hold, music on hold).
        if direction(answer, &pair.answer) != Direction::SendRecv {
            continue;
        }
        // The clock rates of the negotiated media codecs (a handful).
        let rates: SmallVec<[u32; 4]> = pair
            .answered
            .iter()
            .filter(|c| c.is_media() && pair.is_offered(c))
            .map(|c| c.codec.clock_rate)
            .collect();
        let Some(events) = pair
            .offered
            .iter()
            .find(|c| is_telephone_event(c) && rates.contains(&c.codec.clock_rate))
        else {
            continue;
        };
        let answer_span = format_list_span(answer, &pair.answer);
        let offer_span = codec_span(offer, &pair.offer, events.codec.payload_type);
        ctx.report(telephone_event_dropped_diagnostic(answer_span, offer_span, events));
    }
}

fn telephone_event_dropped_diagnostic(
    answer: Span,
    offer: Span,
    events: &SectionCodec<'_>,
) -> Finding {
    let (pt, rate) = (events.codec.payload_type, events.codec.clock_rate);
    let fmtp = events
        .fmtp
        .map(|params| format!(" and `a=fmtp:{pt} {}`", shown(params)))
        .unwrap_or_default();
    Finding::new(
        RuleId::TelephoneEventDropped,
        format!(
            "Answer drops the offered `telephone-event/{rate}`: DTMF key presses (RFC 4733) \
             will not be sent"
        ),
    )
    .with_label(answer, "no `telephone-event` here")
    .with_offer_label(offer, "DTMF events offered here")
    .with_help(format!(
        "add `a=rtpmap:{pt} telephone-event/{rate}`{fmtp} to the answer, with `{pt}` on the \
         `m=` line; without it DTMF needs in-band tones or SIP INFO, set up on both sides"
    ))
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    use crate::rules::tester::HEAD;

    fn count(offer_media: &str, answer_media: &str) -> usize {
        let offer = format!("{HEAD}{offer_media}");
        let answer = format!("{HEAD}{answer_media}");
        crate::rules::tester::pair(RuleId::TelephoneEventDropped, &offer, &answer).len()
    }

    const CHROME: &str = "m=audio 9 RTP/AVP 111 0 110 126\r\na=rtpmap:111 opus/48000/2\r\n\
                          a=rtpmap:110 telephone-event/48000\r\na=rtpmap:126 telephone-event/8000\r\n";

    #[test]
    fn events_at_the_negotiated_rate_are_needed() {
        assert_eq!(count(CHROME, "m=audio 5000 RTP/AVP 0\r\n"), 1);
        assert_eq!(count(CHROME, "m=audio 5000 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n"), 1);
        assert_eq!(
            count(CHROME, "m=audio 5000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n"),
            0
        );
    }

    #[test]
    fn events_at_another_rate_or_on_hold_are_not_reported() {
        let opus_8k_events = "m=audio 5000 RTP/AVP 111 101\r\na=rtpmap:111 opus/48000/2\r\n\
                              a=rtpmap:101 telephone-event/8000\r\n";
        assert_eq!(count(CHROME, opus_8k_events), 0);
        assert_eq!(count(CHROME, "m=audio 5000 RTP/AVP 0\r\na=inactive\r\n"), 0);
        assert_eq!(count(CHROME, "m=audio 5000 RTP/AVP 0\r\na=recvonly\r\n"), 0);
    }

    #[test]
    fn events_for_a_codec_not_negotiated_are_not_needed() {
        // Events offered only at 48 kHz, and the call runs PCMU at 8 kHz.
        let offer = "m=audio 9 RTP/AVP 111 0 110\r\na=rtpmap:111 opus/48000/2\r\n\
                     a=rtpmap:110 telephone-event/48000\r\n";
        assert_eq!(count(offer, "m=audio 5000 RTP/AVP 0\r\n"), 0);
    }
}
