//! `ptime-mismatch`: offer and answer ask for different audio packet times.

use crate::finding::Finding;
use crate::model::{Line, Media};
use crate::parse::attribute::{AttrValue, Real};
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an accepted audio section where the offer and the answer both
    /// carry `a=ptime` and the two values differ (`a=ptime:20` offered,
    /// `a=ptime:30` answered).
    ///
    /// Values are compared as numbers, so `20` and `20.0` are the same. Only
    /// media-level `a=ptime` is read (RFC 8866 §6.4 defines it there), a
    /// section with no `a=ptime` on either side is not compared, and a
    /// section the answer rejects (port 0) is skipped. `a=maxptime` is not
    /// considered.
    ///
    /// ## Why is this bad?
    /// It is not an error. `a=ptime` is a receive preference: each side
    /// states the packet time it would like to *receive* (RFC 3264 §5.1 for
    /// the offer, §6.1 for the answer), so the two directions may use
    /// different packet times and a different value in the answer is legal.
    /// It is worth knowing because the field is less relaxed than the RFC:
    ///
    /// - Many SIP carriers and SBCs expect 20 ms G.711 and either repacketize
    ///   or transcode other packet times, which costs CPU and adds delay;
    ///   a few reject or mishandle them.
    /// - G.729 trunks are often provisioned for 20 ms on one side and 30 ms
    ///   or more on the other; a device that ignores the peer's `a=ptime`
    ///   sends packets the other end's jitter buffer was not sized for,
    ///   which is heard as choppy or clipped audio.
    /// - PBXs set the packet time per codec (`allow=ulaw:30` framing in
    ///   Asterisk, `PCMU@30i` codec strings in `FreeSWITCH`); a bridged leg
    ///   that answers with its own framing instead of the offer's is one way
    ///   the mismatch appears.
    ///
    /// When audio quality differs by direction, a mismatch here is the first
    /// thing to rule out.
    ///
    /// ## Example
    /// Offer:
    /// ```sdp
    /// m=audio 22450 RTP/AVP 0 8 101
    /// a=ptime:20
    /// ```
    /// Answer:
    /// ```sdp
    /// m=audio 30000 RTP/AVP 0 101
    /// a=ptime:30
    /// ```
    ///
    /// Use instead, in the answer, where the peer expects one packet time:
    /// ```sdp
    /// m=audio 30000 RTP/AVP 0 101
    /// a=ptime:20
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §6.4 (`a=ptime`: the length of time represented by the media in a packet; a media-level attribute)
    /// - RFC 3264 §5.1, §6.1 (the packet time each side would like to receive)
    /// - RFC 3551 §4.5 (default packet times of the static audio payload types)
    pub(crate) const DOCS;
}

/// Compares the offer's and the answer's `a=ptime` in each accepted audio
/// section.
pub(crate) fn ptime_mismatch(ctx: &mut PairContext<'_, '_>) {
    let sections = ctx.offer.media().zip(ctx.answer.media()).zip(&ctx.negotiation.media);
    for ((o, a), negotiated) in sections {
        let audio = a.media_line().is_some_and(|m| m.media == "audio");
        if !negotiated.accepted || !audio {
            continue;
        }
        let (Some((offer_line, offered)), Some((answer_line, answered))) = (ptime(&o), ptime(&a))
        else {
            continue;
        };
        if same_value(offered, answered) {
            continue;
        }
        let place = section_name(&a, negotiated.mid);
        ctx.report(ptime_mismatch_diagnostic(
            &place,
            (answer_line.span, answered),
            (offer_line.span, offered),
        ));
    }
}

/// The section's first media-level `a=ptime` and its value.
fn ptime<'s, 'a>(media: &Media<'s, 'a>) -> Option<(&'s Line<'a>, Real<'a>)> {
    media.attributes().find_map(|(line, a)| match a.typed {
        AttrValue::Ptime(value) => Some((line, value)),
        _ => None,
    })
}

/// True when two decimals denote the same number: `20`, `20.0` and `020`
/// are equal. Compared digit by digit, not as floats, so the answer is exact.
fn same_value(x: Real<'_>, y: Real<'_>) -> bool {
    fn fraction(r: Real<'_>) -> &str {
        r.fraction.unwrap_or_default().trim_end_matches('0')
    }
    x.whole.value == y.whole.value && fraction(x) == fraction(y)
}

/// How a message names a section: by its mid, else by its 1-based m-line
/// number (SIP descriptions rarely carry mids).
fn section_name(media: &Media<'_, '_>, mid: Option<&str>) -> String {
    match mid {
        Some(mid) => format!("`audio` section `{}`", shown(mid)),
        None => format!("`audio` section (m-line {})", media.index() + 1),
    }
}

/// The value as the user wrote it, for messages (`20`, `20.5`).
fn written(value: Real<'_>) -> String {
    match value.fraction {
        Some(fraction) => format!("{}.{}", value.whole.raw, fraction),
        None => value.whole.raw.to_owned(),
    }
}

/// `answer` and `offer` are each side's `a=ptime` line and value.
fn ptime_mismatch_diagnostic(
    place: &str,
    answer: (Span, Real<'_>),
    offer: (Span, Real<'_>),
) -> Finding {
    let (answered, offered) = (written(answer.1), written(offer.1));
    Finding::new(
        RuleId::PtimeMismatch,
        format!(
            "The answer asks for `a=ptime:{}` in the {place}, the offer for `a=ptime:{}`",
            shown(&answered),
            shown(&offered)
        ),
    )
    .with_label(answer.0, format!("the answerer wants {} ms packets", shown(&answered)))
    .with_offer_label(offer.0, format!("the offerer wants {} ms packets", shown(&offered)))
    .with_help(format!(
        "if the peer insists on one packet time, answer with the offer's `a=ptime:{}`; otherwise nothing needs to change (each side sends at the other's packet time)",
        shown(&offered)
    ))
}

#[cfg(test)]
mod tests {
    use super::same_value;
    use crate::parse::attribute::{AttrValue, Real};

    /// Parses `value` as an `a=ptime` value.
    fn real(value: &str) -> Real<'_> {
        match crate::parse::attribute::parse_value("ptime", Some(value)) {
            Ok(AttrValue::Ptime(r)) => r,
            other => panic!("a=ptime:{value}: {other:?}"),
        }
    }

    #[test]
    fn values_compare_as_numbers() {
        assert!(same_value(real("20"), real("20.0")));
        assert!(same_value(real("20"), real("020")));
        assert!(same_value(real("2.50"), real("2.5")));
        assert!(!same_value(real("20"), real("30")));
        assert!(!same_value(real("20"), real("20.5")));
        assert!(!same_value(real("2.5"), real("2.05")));
    }
}
