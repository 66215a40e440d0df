//! `sctp-port-missing`: an accepted data channel section where one side
//! gives its SCTP port and the other does not.

use crate::finding::Finding;
use crate::model::{Line, Media, SessionDescription};
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::rules::helpers::is_attribute;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an accepted SCTP data channel section where one side gives its
    /// SCTP port and the other gives none.
    ///
    /// A data channel section is an `m=application` line with an
    /// SCTP-over-DTLS protocol on both sides: `UDP/DTLS/SCTP` or
    /// `TCP/DTLS/SCTP` (RFC 8841), or the legacy `DTLS/SCTP`. A side gives
    /// its port with `a=sctp-port:<port>` (RFC 8841 §5), or in the legacy
    /// form of draft-ietf-mmusic-sctp-sdp-05 with `a=sctpmap:<port> ...` or a
    /// numeric format on a `DTLS/SCTP` `m=` line (`m=application 9 DTLS/SCTP
    /// 5000`); a malformed `a=sctp-port` line still counts as given (its own
    /// finding says what is wrong with it). A section the answer rejects
    /// (port 0) is skipped, and so is a pair where neither side gives a port:
    /// both then assume the same default.
    ///
    /// ## Why is this bad?
    /// Each side's `a=sctp-port` is the port its SCTP stack listens on; the
    /// peer sends its SCTP `INIT` to that port over the DTLS connection.
    /// RFC 8841 §10 has the offerer and the answerer each include the
    /// attribute. A side that omits it leaves the peer to guess: libwebrtc
    /// (Chrome, Safari, Edge, most native apps) falls back to 5000, the
    /// default of the old drafts. When the silent side actually listens on
    /// another port, or the peer does not guess, the `INIT` goes unanswered
    /// or is aborted: ICE and DTLS connect, but every `RTCDataChannel`
    /// stays `connecting` and then closes, so the call "works" with no data
    /// (Twilio 32009, Telnyx 40004 when the description is refused). Servers
    /// and SIP-to-WebRTC gateways that build the answer by hand are the
    /// usual source.
    ///
    /// The legacy form is its own interop trap. Older Chrome and Firefox
    /// releases wrote `m=application 9 DTLS/SCTP 5000` with
    /// `a=sctpmap:5000 webrtc-datachannel 1024`; RFC 8841 replaced it with
    /// `m=application 9 UDP/DTLS/SCTP webrtc-datachannel` and
    /// `a=sctp-port:5000`. This rule counts a legacy side as giving its
    /// port, so it does not flag a mixed pair, but the two forms do not mix:
    /// libwebrtc answers a legacy offer in the legacy form, ignores
    /// `a=sctpmap` in the modern form, and refuses a legacy `m=` line that
    /// also carries `a=sctp-port` with "sctp-port attribute can't be used
    /// with sctpmap." Answer in the form the offer used.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `sctp-port attribute can't be used
    ///   with sctpmap.`
    ///
    /// ## Example
    /// Offer:
    /// ```sdp
    /// m=application 9 UDP/DTLS/SCTP webrtc-datachannel
    /// a=sctp-port:5000
    /// a=max-message-size:262144
    /// ```
    /// Answer:
    /// ```sdp
    /// m=application 9 UDP/DTLS/SCTP webrtc-datachannel
    /// a=max-message-size:262144
    /// ```
    ///
    /// Use instead, in the answer:
    /// ```sdp
    /// m=application 9 UDP/DTLS/SCTP webrtc-datachannel
    /// a=sctp-port:5000
    /// a=max-message-size:262144
    /// ```
    ///
    /// ## References
    /// - RFC 8841 §4 (the `UDP/DTLS/SCTP` and `TCP/DTLS/SCTP` protocols), §5 (`a=sctp-port`), §10 (offer/answer procedures)
    /// - RFC 8832 / RFC 8831 (WebRTC data channels over that association)
    /// - draft-ietf-mmusic-sctp-sdp-05 §4 (the legacy `DTLS/SCTP` form with `a=sctpmap`)
    pub(crate) const DOCS;
}

/// Checks each accepted data channel section for a port on one side only.
pub(crate) fn sctp_port_missing(ctx: &mut PairContext<'_, '_>) {
    let (offer, answer) = (ctx.offer, ctx.answer);
    let sections = offer.media().zip(answer.media()).zip(&ctx.negotiation.media);
    for ((o, a), negotiated) in sections {
        if !negotiated.accepted || !is_data_channel(&o) || !is_data_channel(&a) {
            continue;
        }
        let finding = match (port_of(&o), port_of(&a)) {
            (Some(given), None) => sctp_port_missing_diagnostic(
                Side::Answer { legacy: !matches!(given, Port::Attribute(_)) },
                header_span(&a),
                &given.describe(offer),
                given.span(offer),
                &a,
                negotiated.mid,
            ),
            (None, Some(given)) => sctp_port_missing_diagnostic(
                Side::Offer,
                given.span(answer),
                &given.describe(answer),
                header_span(&o),
                &a,
                negotiated.mid,
            ),
            _ => continue,
        };
        ctx.report(finding);
    }
}

/// True for an `m=application` section over SCTP over DTLS, modern or
/// legacy.
fn is_data_channel(media: &Media<'_, '_>) -> bool {
    media.media_line().is_some_and(|m| {
        m.media == "application"
            && matches!(m.proto, "UDP/DTLS/SCTP" | "TCP/DTLS/SCTP" | "DTLS/SCTP")
    })
}

/// Where a side gives its SCTP port.
#[derive(Debug, Clone, Copy)]
enum Port<'s, 'a> {
    /// `a=sctp-port:5000` (RFC 8841), well-formed or not.
    Attribute(&'s Line<'a>),
    /// `a=sctpmap:5000 webrtc-datachannel 1024` (legacy).
    Sctpmap(&'s Line<'a>),
    /// The numeric format of a legacy `m=application 9 DTLS/SCTP 5000`.
    Format(&'a str),
}

impl Port<'_, '_> {
    /// The span to label in `sdp`.
    fn span(self, sdp: &SessionDescription<'_>) -> Span {
        match self {
            Port::Attribute(line) | Port::Sctpmap(line) => line.span,
            Port::Format(format) => sdp.span_of(format),
        }
    }

    /// The port as the message quotes it: the line as written, or the
    /// legacy `m=` line's format.
    fn describe(self, sdp: &SessionDescription<'_>) -> String {
        match self {
            Port::Attribute(line) | Port::Sctpmap(line) => {
                shown(&String::from_utf8_lossy(sdp.text(line.span)))
            }
            Port::Format(format) => format!("DTLS/SCTP {}", shown(format)),
        }
    }
}

/// Where the section gives its SCTP port, if it does: `a=sctp-port` first,
/// then the legacy `a=sctpmap`, then a legacy numeric format.
fn port_of<'s, 'a>(media: &Media<'s, 'a>) -> Option<Port<'s, 'a>> {
    let lines = media.lines();
    if let Some(line) = lines.iter().find(|l| is_attribute(l, "sctp-port")) {
        return Some(Port::Attribute(line));
    }
    if let Some((line, _)) =
        media.attributes().find(|(_, a)| matches!(a.typed, AttrValue::Sctpmap(_)))
    {
        return Some(Port::Sctpmap(line));
    }
    let m = media.media_line()?;
    // draft-ietf-mmusic-sctp-sdp-05: the format of a `DTLS/SCTP` line is
    // the SCTP port itself.
    if m.proto != "DTLS/SCTP" {
        return None;
    }
    m.formats().find(|f| f.parse::<u16>().is_ok()).map(Port::Format)
}

/// The span of the section's `m=` line.
fn header_span(media: &Media<'_, '_>) -> Span {
    media.header().map_or(Span::empty(0), |h| h.span)
}

/// The side that gives no port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// The offer gave a port, the answer none; `legacy` when the offer gave
    /// it in the legacy `a=sctpmap` form, which the answer should follow.
    Answer { legacy: bool },
    /// The answer gave a port, the offer none.
    Offer,
}

/// `answer_at` is labelled in the answer and `offer_at` in the offer: the
/// port one side gives and the `m=` line of the side that gives none.
/// `given` quotes the port that was given.
fn sctp_port_missing_diagnostic(
    missing: Side,
    answer_at: Span,
    given: &str,
    offer_at: Span,
    section: &Media<'_, '_>,
    mid: Option<&str>,
) -> Finding {
    let place = match mid {
        Some(mid) => format!("data channel section `{}`", shown(mid)),
        None => format!("data channel section (m-line {})", section.index() + 1),
    };
    match missing {
        Side::Answer { legacy } => Finding::new(
            RuleId::SctpPortMissing,
            format!("The answer gives no SCTP port in the {place}; the offer gives `{given}`"),
        )
        .with_label(answer_at, "no `a=sctp-port` in this section")
        .with_offer_label(offer_at, "the offer's SCTP port")
        .with_help(if legacy {
            "answer the legacy offer in its own form: `m=application 9 DTLS/SCTP 5000` with `a=sctpmap:5000 webrtc-datachannel 1024`"
        } else {
            "add `a=sctp-port:5000` (the port the answerer's SCTP stack listens on) after this `m=` line"
        }),
        Side::Offer => Finding::new(
            RuleId::SctpPortMissing,
            format!("The offer gives no SCTP port in the {place}; the answer gives `{given}`"),
        )
        .with_label(answer_at, "the answer's SCTP port")
        .with_offer_label(offer_at, "no `a=sctp-port` offered in this section")
        .with_help(
            "add `a=sctp-port:5000` (the port the offerer's SCTP stack listens on) after the offer's `m=application` line",
        ),
    }
}

#[cfg(test)]
mod tests {
    /// Whether the rule fires for a data channel offer and answer whose
    /// `m=` lines and SCTP lines are given.
    fn fires(offer: (&str, &str), answer: (&str, &str)) -> bool {
        let sdp = |(m, lines): (&str, &str)| {
            format!(
                "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n{m}\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n{lines}"
            )
        };
        let (offer, answer) = (sdp(offer), sdp(answer));
        let report = crate::check_pair(offer.as_bytes(), answer.as_bytes());
        report.findings().iter().any(|f| f.name() == "sctp-port-missing")
    }

    const MODERN: &str = "m=application 9 UDP/DTLS/SCTP webrtc-datachannel";
    const LEGACY: &str = "m=application 9 DTLS/SCTP 5000";

    #[test]
    fn legacy_format_counts_as_a_port() {
        assert!(!fires((LEGACY, ""), (MODERN, "a=sctp-port:5000\r\n")));
        assert!(fires((MODERN, "a=sctp-port:5000\r\n"), (MODERN, "")));
    }

    #[test]
    fn malformed_port_counts_as_given_and_neither_side_is_not_reported() {
        assert!(!fires((MODERN, "a=sctp-port:5000\r\n"), (MODERN, "a=sctp-port:x\r\n")));
        assert!(!fires((MODERN, ""), (MODERN, "")));
    }

    #[test]
    fn other_transports_are_not_data_channels() {
        let rtp = "m=application 9 RTP/AVP 96";
        assert!(!fires((rtp, "a=sctp-port:5000\r\n"), (rtp, "")));
    }
}
