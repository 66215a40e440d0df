//! `direction-mismatch`: an answer direction that RFC 3264 §6.1 does not
//! allow for the offered one (`sendrecv` answering a `sendonly` hold).

use crate::finding::Finding;
use crate::model::{Line, Media, SessionDescription};
use crate::negotiate::direction;
use crate::parse::attribute::{AttrValue, Direction};
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an accepted media section whose answer direction does not fit
    /// the offered one. RFC 3264 §6.1 allows: `sendonly` answered with
    /// `recvonly` or `inactive`; `recvonly` answered with `sendonly` or
    /// `inactive`; `inactive` answered only with `inactive`; `sendrecv`
    /// answered with anything.
    ///
    /// Each side's direction is its section's direction attribute, else the
    /// session-level one, else `sendrecv` (RFC 8866 §6.7). Sections the answer
    /// rejects (port 0), and sections the offer disables (port 0 without
    /// `a=bundle-only`), are skipped: no media flows on them.
    ///
    /// ## Why is this bad?
    /// The direction is a promise about who sends. An answer that says it
    /// will send where the offerer said it will not receive (or expects to
    /// receive what the offerer will not send) describes a stream that cannot
    /// exist, and the two sides end up with different ideas of the call:
    ///
    /// - Firefox refuses the answer with "Answer tried to set send when offer
    ///   did not set recv" or "Answer tried to set recv when offer did not set
    ///   send" (`setRemoteDescription` fails; Telnyx 40004, Twilio 32009).
    /// - SIP hold is where this shows up most: phones, and `FreeSWITCH` when
    ///   it holds a call, send a re-INVITE carrying `a=sendonly` (RFC 6337
    ///   §5.3), and the answer must say `a=recvonly` (or `a=inactive`), as
    ///   Asterisk does before it starts music on hold. A gateway or SBC that
    ///   answers `a=sendrecv` keeps sending media that nobody plays, and the
    ///   two sides' ideas of who is held diverge: the usual reports are music
    ///   on hold that never starts, or one-way audio after the call is
    ///   resumed. SIP gives the offerer no way to refuse an answer (it arrives
    ///   in the `200 OK`, which is acknowledged): the offerer can only send a
    ///   new re-INVITE or hang up.
    /// - An `inactive` offer answered `sendrecv` (or a `recvonly` offer
    ///   answered `recvonly`) leaves both sides waiting for media that the
    ///   other never sends.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Firefox (`dom/media/webrtc/jsep/JsepSessionImpl.cpp`): `Answer tried
    ///   to set send when offer did not set recv`; `Answer tried to set recv
    ///   when offer did not set send`
    ///
    /// ## Example
    /// Offer (hold):
    /// ```sdp
    /// m=audio 12020 RTP/AVP 0 8 101
    /// a=sendonly
    /// ```
    /// Answer:
    /// ```sdp
    /// m=audio 17236 RTP/AVP 8 101
    /// a=sendrecv
    /// ```
    ///
    /// Use instead, in the answer:
    /// ```sdp
    /// m=audio 17236 RTP/AVP 8 101
    /// a=recvonly
    /// ```
    ///
    /// ## References
    /// - RFC 3264 §6.1 (the answer's direction for each offered direction), §8.4 (putting a stream on hold)
    /// - RFC 8866 §6.7 (`sendrecv`, `sendonly`, `recvonly`, `inactive`; `sendrecv` is the default)
    /// - RFC 6337 §5.3 (hold and resume in SIP offer/answer)
    /// - RFC 9429 (JSEP) §5.3.1 (an answer's direction is the offered one reversed, intersected with the answerer's)
    pub(crate) const DOCS;
}

/// Checks every accepted section's answer direction against the offer's.
pub(crate) fn direction_mismatch(ctx: &mut PairContext<'_, '_>) {
    let (offer, answer) = (ctx.offer, ctx.answer);
    let sections = offer.media().zip(answer.media()).zip(&ctx.negotiation.media);
    for ((o, a), negotiated) in sections {
        if !negotiated.accepted || is_disabled(&o) {
            continue;
        }
        let (offered, answered) = (direction(offer, &o), direction(answer, &a));
        if allowed(offered, answered) {
            continue;
        }
        let kind = a.media_line().map_or("", |m| m.media);
        let answer_at = match direction_line(answer, &a) {
            Some(line) => (line.span, true),
            // No attribute anywhere: the implicit `sendrecv` is the
            // section's, so it is told on the `m=` line.
            None => (a.header().map_or(Span::empty(0), |h| h.span), false),
        };
        let offer_at = direction_line(offer, &o).map(|line| line.span);
        ctx.report(direction_mismatch_diagnostic(kind, offered, answered, answer_at, offer_at));
    }
}

/// RFC 3264 §6.1: what an answer may say to each offered direction.
fn allowed(offered: Direction, answered: Direction) -> bool {
    match offered {
        Direction::SendRecv => true,
        Direction::SendOnly => matches!(answered, Direction::RecvOnly | Direction::Inactive),
        Direction::RecvOnly => matches!(answered, Direction::SendOnly | Direction::Inactive),
        Direction::Inactive => answered == Direction::Inactive,
    }
}

/// True when the offer disables the section: port 0 without
/// `a=bundle-only` (RFC 3264 §8.2; RFC 9143 §6 makes a bundle-only port 0
/// live).
fn is_disabled(media: &Media<'_, '_>) -> bool {
    media.is_port_zero()
        && !media.attributes().any(|(_, a)| matches!(a.typed, AttrValue::BundleOnly))
}

/// The line that gives the section its direction, found the way
/// [`direction`] finds the value: the section's first direction attribute,
/// else the session's.
fn direction_line<'s, 'a>(
    sdp: &'s SessionDescription<'a>,
    media: &Media<'s, 'a>,
) -> Option<&'s Line<'a>> {
    let is_direction = |(_, a): &(&Line<'a>, &crate::model::Attribute<'a>)| {
        matches!(a.typed, AttrValue::Direction(_))
    };
    media
        .attributes()
        .find(is_direction)
        .or_else(|| sdp.session_attributes().find(is_direction))
        .map(|(line, _)| line)
}

/// The directions the answer could have used instead, as attribute lines.
fn fits(offered: Direction) -> &'static str {
    match offered {
        Direction::SendRecv => "any direction",
        Direction::SendOnly => "`a=recvonly` (or `a=inactive`)",
        Direction::RecvOnly => "`a=sendonly` (or `a=inactive`)",
        Direction::Inactive => "`a=inactive`",
    }
}

/// `answer_at` is the answer's direction line and whether it is explicit
/// (false: the `m=` line of a section with no direction attribute at all);
/// `offer_at` the offer's direction line.
fn direction_mismatch_diagnostic(
    kind: &str,
    offered: Direction,
    answered: Direction,
    answer_at: (Span, bool),
    offer_at: Option<Span>,
) -> Finding {
    let (offered_s, answered_s) = (offered.as_str(), answered.as_str());
    let answer_label = if answer_at.1 {
        format!("answered `{answered_s}` here")
    } else {
        "no direction attribute: `sendrecv` by default".to_owned()
    };
    let finding = Finding::new(
        RuleId::DirectionMismatch,
        format!(
            "Answer direction `{answered_s}` is not allowed for an offered `{offered_s}` {} stream",
            shown(kind)
        ),
    )
    .with_label(answer_at.0, answer_label)
    .with_help(format!("answer {} to the offered `{offered_s}`", fits(offered)));
    match offer_at {
        Some(span) => finding.with_offer_label(span, format!("offered `{offered_s}` here")),
        None => finding,
    }
}

#[cfg(test)]
mod tests {
    use super::allowed;
    use crate::parse::attribute::Direction::{Inactive, RecvOnly, SendOnly, SendRecv};

    /// The RFC 3264 §6.1 table, every cell.
    #[test]
    fn rfc_3264_table() {
        let all = [SendRecv, SendOnly, RecvOnly, Inactive];
        for answered in all {
            assert!(allowed(SendRecv, answered));
        }
        assert!(allowed(SendOnly, RecvOnly) && allowed(SendOnly, Inactive));
        assert!(!allowed(SendOnly, SendRecv) && !allowed(SendOnly, SendOnly));
        assert!(allowed(RecvOnly, SendOnly) && allowed(RecvOnly, Inactive));
        assert!(!allowed(RecvOnly, SendRecv) && !allowed(RecvOnly, RecvOnly));
        assert!(allowed(Inactive, Inactive));
        assert!(!allowed(Inactive, SendRecv) && !allowed(Inactive, SendOnly));
        assert!(!allowed(Inactive, RecvOnly));
    }
}
