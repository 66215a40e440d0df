//! `transport-mismatch`: an answer `m=` line whose protocol cannot carry
//! what the offer's does (drops or adds encryption, DTLS against SDES, RTP
//! against SCTP).

use crate::finding::Finding;
use crate::model::{Media, MediaLine, SessionDescription};
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an answer protocol that changes the transport or the encryption
    /// of the offered stream.
    ///
    /// For each accepted media section whose answer protocol differs from the
    /// offered one in a way that breaks the media: the answer drops the
    /// offer's encryption (`UDP/TLS/RTP/SAVPF` or `RTP/SAVP` answered with
    /// `RTP/AVP`), adds encryption the offer did not ask for (`RTP/AVP`
    /// answered with `RTP/SAVP`), keys SRTP the other way (DTLS offered, SDES
    /// `a=crypto` answered, or the reverse), or uses another transport
    /// altogether (RTP against SCTP or `udptl`, RTP over RFC 4571 TCP framing
    /// against RTP over UDP).
    ///
    /// Differences that do not change what is on the wire, and that the field
    /// accepts, are not flagged:
    ///
    /// - feedback only: `RTP/AVP` against `RTP/AVPF`, `UDP/TLS/RTP/SAVP`
    ///   against `UDP/TLS/RTP/SAVPF` (RFC 4585 §5 makes AVPF interoperate with
    ///   AVP; pjmedia treats every RTP profile as compatible, and libwebrtc
    ///   reads the keying from the attributes, not from the profile name);
    /// - DTLS carried by another name: `RTP/SAVPF` with `a=fingerprint` (what
    ///   Chrome offered before `UDP/TLS/RTP/SAVPF`), `TCP/TLS/RTP/SAVPF`
    ///   (RFC 7850, ICE-TCP), `DTLS/SCTP` against `UDP/DTLS/SCTP`;
    /// - case: protocol names are compared without regard to case.
    ///
    /// A bare `RTP/SAVP(F)` is keyed by what its section carries: DTLS with an
    /// `a=fingerprint` and no `a=crypto`, SDES with `a=crypto` and no
    /// fingerprint, either otherwise. `a=crypto` on `RTP/AVP` is best-effort
    /// SRTP, which matches plain RTP and SDES alike. Sections the answer
    /// rejects (port 0) or the offer disables are skipped.
    ///
    /// ## Why is this bad?
    /// RFC 3264 §6 has the answerer use the offered transport for each stream
    /// it accepts; RFC 9429 (JSEP) §5.3.1 has the answer repeat the offered
    /// profile. When the answer changes the security of a stream, the two
    /// sides disagree on whether (and how) the media is encrypted, and each
    /// drops the other's packets as garbage: the call connects with no audio.
    ///
    /// - libwebrtc (Chrome, Safari) reads the keying from `a=fingerprint` (or
    ///   `a=crypto`) rather than from the protocol name. An answer that
    ///   drops DTLS (typically `RTP/AVP` with no fingerprint, from a SIP trunk
    ///   reached without a WebRTC gateway) fails `setRemoteDescription` with
    ///   "Called with SDP without DTLS fingerprint." (Twilio 32009,
    ///   Telnyx 40004).
    /// - pjmedia (Asterisk's `chan_pjsip`, pjsua) compares the two protocols:
    ///   any two RTP profiles count as the same, anything else fails with "SDP
    ///   media transport type mismatch in offer/answer". Asterisk then checks
    ///   an offered stream against the endpoint's `media_encryption` and
    ///   `use_avpf`, and declines it when its encryption, or its feedback
    ///   profile (a trailing `F` against `use_avpf`), does not match. So a
    ///   feedback-only difference passes the negotiator but not an Asterisk
    ///   endpoint configured for the other profile: that is an endpoint
    ///   setting to align, not an offer/answer fault, and this rule leaves it.
    /// - Carriers and SBCs answer an offer whose security they cannot match
    ///   with `488 Not Acceptable Here`; one that answers `RTP/AVP` to
    ///   `RTP/SAVP` anyway sets up a call whose audio is encrypted one way and
    ///   plain the other.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/sdp_offer_answer.cc`): `Called with SDP
    ///   without DTLS fingerprint.`
    ///
    /// ## Example
    /// Offer:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8
    /// ```
    /// Answer:
    /// ```sdp
    /// m=audio 30000 RTP/AVP 8
    /// ```
    ///
    /// Use instead, in the answer (with `a=fingerprint` and `a=setup:active`),
    /// or put a WebRTC gateway between the two:
    /// ```sdp
    /// m=audio 30000 UDP/TLS/RTP/SAVPF 8
    /// ```
    ///
    /// ## References
    /// - RFC 3264 §6 (the answer's `m=` line for each offered stream), §6.1
    /// - RFC 8866 §5.14 (`proto`: `RTP/AVP`, `RTP/SAVP`, `UDP/TLS/RTP/SAVPF`, ...)
    /// - RFC 3711 (SRTP, `RTP/SAVP`), RFC 4568 (SDES `a=crypto`), RFC 5763 and RFC 5764 (DTLS-SRTP, `UDP/TLS/RTP/SAVP`)
    /// - RFC 4585 §5 (`RTP/AVPF` interoperates with `RTP/AVP`), RFC 5124 (`RTP/SAVPF`)
    /// - RFC 8841 (`UDP/DTLS/SCTP`), RFC 7850 (`TCP/TLS/RTP/SAVPF`), RFC 4571 (RTP over TCP)
    /// - RFC 9429 (JSEP) §5.1.2, §5.3.1 (profiles accepted in an offer, and repeated in the answer)
    pub(crate) const DOCS;
}

/// Checks every accepted section's answer protocol against the offer's.
pub(crate) fn transport_mismatch(ctx: &mut PairContext<'_, '_>) {
    let (offer, answer) = (ctx.offer, ctx.answer);
    let sections = offer.media().zip(answer.media()).zip(&ctx.negotiation.media);
    for ((o, a), negotiated) in sections {
        if !negotiated.accepted || is_disabled(&o) {
            continue;
        }
        let (Some(om), Some(am)) = (o.media_line(), a.media_line()) else { continue };
        // The clean path: the same protocol, compared as libwebrtc and
        // pjmedia do, without regard to case.
        if om.proto.eq_ignore_ascii_case(am.proto) {
            continue;
        }
        let offered = classify(offer, &o, om.proto);
        let answered = classify(answer, &a, am.proto);
        let Some(breaks) = breaks(offered, answered) else { continue };
        let spans = (answer.span_of(am.proto), offer.span_of(om.proto));
        ctx.report(transport_mismatch_diagnostic(breaks, spans, om, am));
    }
}

/// What carries the media.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// RTP, over UDP (or ICE) or, when `framed`, over RFC 4571 TCP framing
    /// (`TCP/RTP/AVP`).
    Rtp {
        /// RFC 4571 framing on TCP.
        framed: bool,
    },
    /// SCTP over DTLS (data channels), by any of its names.
    Sctp,
    /// Anything else (`udptl`, `TCP/MSRP`, `udp`, `UDP/BFCP`, ...): only the
    /// same name matches.
    Other,
}

/// How the media is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keying {
    /// Not encrypted (`RTP/AVP`, `RTP/AVPF`).
    Plain,
    /// SRTP keyed by `a=crypto` (RFC 4568).
    Sdes,
    /// SRTP (or SCTP) keyed by DTLS (RFC 5763).
    Dtls,
    /// SRTP whose keying the description does not settle (`RTP/SAVP` with
    /// both or neither of `a=crypto` and `a=fingerprint`).
    Srtp,
    /// Best-effort SDES: `a=crypto` on a plain profile (`RTP/AVP`), which
    /// falls back to plain RTP when the other side has no SRTP (Asterisk's
    /// `media_encryption_optimistic`, many phones).
    BestEffort,
}

/// One side's transport, as far as compatibility goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Transport {
    /// What carries the media.
    family: Family,
    /// How it is protected.
    keying: Keying,
}

/// How the answer's transport breaks the offer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Breaks {
    /// Encrypted offer, plain answer.
    DropsEncryption,
    /// Plain offer, encrypted answer.
    AddsEncryption,
    /// SRTP keyed one way in the offer and the other in the answer.
    Keying { offered: Keying, answered: Keying },
    /// Another transport altogether.
    Transport,
}

/// Reads a protocol (and, for a bare `RTP/SAVP(F)`, the section's keying
/// attributes).
fn classify(sdp: &SessionDescription<'_>, media: &Media<'_, '_>, proto: &str) -> Transport {
    let has = |name: &str| proto.split('/').any(|p| p.eq_ignore_ascii_case(name));
    let other = Transport { family: Family::Other, keying: Keying::Plain };
    if has("SCTP") {
        return if has("DTLS") {
            Transport { family: Family::Sctp, keying: Keying::Dtls }
        } else {
            other
        };
    }
    if !has("RTP") {
        return other;
    }
    let profile = proto.rsplit('/').next().unwrap_or_default();
    let tls = has("TLS") || has("DTLS");
    let keying = if profile.eq_ignore_ascii_case("AVP") || profile.eq_ignore_ascii_case("AVPF") {
        // RFC 4568 §9.1: `a=crypto` is media-level only.
        if media.attributes().any(|(_, a)| matches!(a.typed, AttrValue::Crypto(_))) {
            Keying::BestEffort
        } else {
            Keying::Plain
        }
    } else if !(profile.eq_ignore_ascii_case("SAVP") || profile.eq_ignore_ascii_case("SAVPF")) {
        // An RTP profile sdpcheck does not know: only its own name matches.
        return other;
    } else if tls {
        Keying::Dtls
    } else {
        srtp_keying(sdp, media)
    };
    // `TCP/RTP/AVP` (RFC 4571) frames RTP on TCP; `TCP/TLS/RTP/SAVPF`
    // (RFC 7850) is DTLS over ICE-TCP, negotiated by ICE like UDP.
    let framed = proto.split('/').next().is_some_and(|p| p.eq_ignore_ascii_case("TCP")) && !tls;
    Transport { family: Family::Rtp { framed }, keying }
}

/// The keying of a bare `RTP/SAVP(F)` section, from its attributes.
fn srtp_keying(sdp: &SessionDescription<'_>, media: &Media<'_, '_>) -> Keying {
    let is_fingerprint =
        |a: &crate::model::Attribute<'_>| matches!(a.typed, AttrValue::Fingerprint(_));
    let fingerprint = media.attributes().any(|(_, a)| is_fingerprint(a))
        || sdp.session_attributes().any(|(_, a)| is_fingerprint(a));
    // RFC 4568 §9.1: `a=crypto` is media-level only.
    let crypto = media.attributes().any(|(_, a)| matches!(a.typed, AttrValue::Crypto(_)));
    match (fingerprint, crypto) {
        (true, false) => Keying::Dtls,
        (false, true) => Keying::Sdes,
        _ => Keying::Srtp,
    }
}

/// Whether (and how) an answered transport breaks the offered one.
fn breaks(offered: Transport, answered: Transport) -> Option<Breaks> {
    match (offered.family, answered.family) {
        // Every name of SCTP over DTLS carries the same thing.
        (Family::Sctp, Family::Sctp) => None,
        (Family::Rtp { framed: a }, Family::Rtp { framed: b }) if a == b => {
            keying_breaks(offered.keying, answered.keying)
        }
        // `Other` protocols reach here only with different names.
        _ => Some(Breaks::Transport),
    }
}

/// Whether the two keyings are incompatible; feedback differences never
/// reach here (they do not change the keying).
fn keying_breaks(offered: Keying, answered: Keying) -> Option<Breaks> {
    match (offered, answered) {
        // The same keying; an unsettled SRTP keying, which matches either
        // kind of SRTP; best-effort SDES, which works with SDES and falls
        // back to plain RTP.
        (o, a) if o == a => None,
        (Keying::Srtp, Keying::Sdes | Keying::Dtls)
        | (Keying::Sdes | Keying::Dtls, Keying::Srtp)
        | (Keying::BestEffort, Keying::Plain | Keying::Sdes | Keying::Srtp)
        | (Keying::Plain | Keying::Sdes | Keying::Srtp, Keying::BestEffort) => None,
        (_, Keying::Plain) => Some(Breaks::DropsEncryption),
        (Keying::Plain, _) => Some(Breaks::AddsEncryption),
        (offered, answered) => Some(Breaks::Keying { offered, answered }),
    }
}

/// True when the offer disables the section: port 0 without
/// `a=bundle-only` (RFC 3264 §8.2; RFC 9143 §6 makes a bundle-only port 0
/// live).
fn is_disabled(media: &Media<'_, '_>) -> bool {
    media.is_port_zero()
        && !media.attributes().any(|(_, a)| matches!(a.typed, AttrValue::BundleOnly))
}

/// SRTP keying in words, for a message.
fn keying_name(keying: Keying) -> &'static str {
    match keying {
        Keying::Plain => "no encryption",
        Keying::Sdes => "SDES (`a=crypto`)",
        Keying::Dtls => "DTLS",
        Keying::Srtp => "SRTP",
        Keying::BestEffort => "best-effort SDES (`a=crypto` on a plain profile)",
    }
}

/// `spans` are the answer's and the offer's protocol tokens.
fn transport_mismatch_diagnostic(
    breaks: Breaks,
    spans: (Span, Span),
    offered: &MediaLine<'_>,
    answered: &MediaLine<'_>,
) -> Finding {
    let (o, a) = (shown(offered.proto), shown(answered.proto));
    let (why, label) = match breaks {
        Breaks::DropsEncryption => {
            ("the answer drops the offer's encryption".to_owned(), "unencrypted")
        }
        Breaks::AddsEncryption => {
            ("the answer encrypts a stream the offer sends in the clear".to_owned(), "encrypted")
        }
        Breaks::Keying { offered, answered } => (
            format!("{} keying offered, {} answered", keying_name(offered), keying_name(answered)),
            "keyed differently",
        ),
        Breaks::Transport => ("a different transport".to_owned(), "a different transport"),
    };
    // The answer's own `m=` line with the offered protocol: the line to
    // write (long format lists are shortened).
    let fixed = format!(
        "m={} {} {} {}",
        shown(answered.media),
        answered.port.raw,
        o,
        shown(answered.formats)
    );
    Finding::new(
        RuleId::TransportMismatch,
        format!("Answer transport `{a}` does not match the offered `{o}`: {why}"),
    )
    .with_label(spans.0, format!("answered here: {label}"))
    .with_offer_label(spans.1, "offered here")
    .with_help(format!(
        "answer with the offered transport (`{fixed}`, with its keying attributes), or reject the stream with port 0"
    ))
}

#[cfg(test)]
mod tests {
    use super::Breaks::{AddsEncryption, DropsEncryption, Transport as Other};
    use super::Family::{Rtp, Sctp};
    use super::Keying::{BestEffort, Dtls, Plain, Sdes, Srtp};
    use super::{Breaks, Family, Keying, Transport, breaks};

    fn t(family: Family, keying: Keying) -> Transport {
        Transport { family, keying }
    }

    const UDP: Family = Rtp { framed: false };

    #[test]
    fn security_differences_break() {
        assert_eq!(breaks(t(UDP, Dtls), t(UDP, Plain)), Some(DropsEncryption));
        assert_eq!(breaks(t(UDP, Sdes), t(UDP, Plain)), Some(DropsEncryption));
        assert_eq!(breaks(t(UDP, Plain), t(UDP, Srtp)), Some(AddsEncryption));
        assert_eq!(
            breaks(t(UDP, Dtls), t(UDP, Sdes)),
            Some(Breaks::Keying { offered: Dtls, answered: Sdes })
        );
    }

    #[test]
    fn tolerated_differences() {
        // Feedback-only and legacy names classify alike.
        assert_eq!(breaks(t(UDP, Plain), t(UDP, Plain)), None);
        assert_eq!(breaks(t(UDP, Dtls), t(UDP, Srtp)), None);
        assert_eq!(breaks(t(UDP, Srtp), t(UDP, Sdes)), None);
        assert_eq!(breaks(t(Sctp, Dtls), t(Sctp, Dtls)), None);
        assert_eq!(breaks(t(UDP, BestEffort), t(UDP, Plain)), None);
        assert_eq!(breaks(t(UDP, Sdes), t(UDP, BestEffort)), None);
        assert_eq!(
            breaks(t(UDP, BestEffort), t(UDP, Dtls)),
            Some(Breaks::Keying { offered: BestEffort, answered: Dtls })
        );
    }

    #[test]
    fn other_transports_break() {
        assert_eq!(breaks(t(UDP, Plain), t(Rtp { framed: true }, Plain)), Some(Other));
        assert_eq!(breaks(t(UDP, Dtls), t(Sctp, Dtls)), Some(Other));
        assert_eq!(breaks(t(Family::Other, Plain), t(UDP, Plain)), Some(Other));
    }
}
