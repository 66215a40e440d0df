//! `ice-lite-both-sides`: offer and answer both declare `a=ice-lite`, so
//! neither side will send ICE connectivity checks.

use crate::finding::Finding;
use crate::model::{Line, SessionDescription};
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an offer and an answer that both declare `a=ice-lite`, so that
    /// neither side sends ICE connectivity checks.
    ///
    /// The pair is reported once, on the answer's `a=ice-lite` line.
    /// `a=ice-lite` is a session-level attribute (RFC 8839 §5.3), and only
    /// there is it read, as libwebrtc (which parses it with the session's
    /// transport attributes) and the `host-only-candidates` rule do. A pair
    /// in which the answer rejects every section (port 0) sets up no ICE at
    /// all and is not reported.
    ///
    /// ## Why is this bad?
    /// A lite agent (RFC 8445 §2.5) only answers connectivity checks: it
    /// never sends one. With one full and one lite agent, the full agent
    /// takes the controlling role, sends the checks and nominates the pair
    /// (RFC 8445 §6.1.1). With two lite agents nobody sends a check.
    ///
    /// RFC 8445 §6.1.1 does define a "both lite" case: no checks are sent,
    /// and each agent pairs its candidates with the peer's straight from
    /// the SDP. The field is stricter than the RFC here. Lite agents are
    /// media servers, SFUs and SBCs (mediasoup is always lite; Janus with
    /// `ice_lite`, pion with `SetLite(true)`), and they typically learn
    /// where to send media from the first valid check they receive, so two
    /// of them wait for each other: ICE never completes, DTLS never starts,
    /// and the call is set up with no media. pion tracks the both-lite
    /// controlling path as a rare, unhandled case (pion/ice#96). Twilio
    /// reports such failures as 32009. Browsers (libwebrtc, Firefox) are
    /// always full agents, so the pair is usually two servers wired to each
    /// other: SFU cascading, or an SBC in front of a media server.
    ///
    /// ## Example
    /// Offer (an SFU):
    /// ```sdp
    /// a=ice-lite
    /// m=audio 40000 UDP/TLS/RTP/SAVPF 111
    /// ```
    /// Answer (another SFU):
    /// ```sdp
    /// a=ice-lite
    /// m=audio 42000 UDP/TLS/RTP/SAVPF 111
    /// ```
    ///
    /// Use instead: run one side as a full ICE agent and drop its
    /// `a=ice-lite`, or connect the two servers without ICE (mediasoup's
    /// `PipeTransport`, plain RTP):
    /// ```sdp
    /// m=audio 42000 UDP/TLS/RTP/SAVPF 111
    /// ```
    ///
    /// ## References
    /// - RFC 8445 §2.5 (lite implementations), §6.1.1 (roles: a full agent controls a lite one; the "both lite" case)
    /// - RFC 8839 §5.3 (`a=ice-lite`, session level)
    pub(crate) const DOCS;
}

/// Reports once per pair when both descriptions are ICE lite.
pub(crate) fn ice_lite_both_sides(ctx: &mut PairContext<'_, '_>) {
    let Some(answered) = ice_lite(ctx.answer) else { return };
    let Some(offered) = ice_lite(ctx.offer) else { return };
    // No accepted section, no ICE to run.
    if !ctx.negotiation.media.iter().any(|m| m.accepted) {
        return;
    }
    ctx.report(ice_lite_both_sides_diagnostic(answered.span, offered.span));
}

/// The session-level `a=ice-lite` line, if the description has one.
fn ice_lite<'s, 'a>(sdp: &'s SessionDescription<'a>) -> Option<&'s Line<'a>> {
    sdp.session_attributes().find(|(_, a)| matches!(a.typed, AttrValue::IceLite)).map(|(l, _)| l)
}

fn ice_lite_both_sides_diagnostic(answer: Span, offer: Span) -> Finding {
    Finding::new(
        RuleId::IceLiteBothSides,
        "Both offer and answer are ICE lite: neither side will send connectivity checks",
    )
    .with_label(answer, "the answerer is a lite agent")
    .with_offer_label(offer, "and so is the offerer")
    .with_help(
        "run one side as a full ICE agent and remove its `a=ice-lite`, or connect the two servers without ICE",
    )
}
