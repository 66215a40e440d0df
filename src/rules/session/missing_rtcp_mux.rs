//! `missing-rtcp-mux`: a live RTP section of a WebRTC description without `a=rtcp-mux`.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::is_attribute;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a live RTP media section (port not 0) of a WebRTC description
    /// that has no `a=rtcp-mux`.
    ///
    /// ## Why is this bad?
    /// Browsers send RTP and RTCP on one port: the W3C `rtcpMuxPolicy`
    /// defaults to `"require"`.
    /// JSEP puts `a=rtcp-mux` in every RTP section of an offer (RFC 9429
    /// §5.2.1), and BUNDLE requires it on every bundled RTP section (RFC 9143
    /// §9.3). Without it libwebrtc (Chrome, Safari, native apps) refuses the
    /// description: `The m= section with mid='0' is invalid. RTCP-MUX is not
    /// enabled when it is required.` (Twilio 53402 / 32009, Telnyx 40004).
    ///
    /// libwebrtc checks the section that owns the transport: an unbundled
    /// section, or the first section of a BUNDLE group. Later sections of the
    /// group ride on that transport and pass without the attribute, but RFC
    /// 9143 still requires it there, and other stacks may check each section.
    ///
    /// The usual source is a SIP endpoint or gateway answering a browser: RFC
    /// 3264 peers that send RTCP on port + 1 (`a=rtcp:` alone, or nothing).
    /// Asterisk's PJSIP offers and accepts `a=rtcp-mux` only with
    /// `rtcp_mux=yes` on the endpoint (which `webrtc=yes` turns on).
    ///
    /// Data channel sections (`UDP/DTLS/SCTP`) carry no RTP and are not
    /// flagged; neither are sections with port 0, which are rejected or
    /// disabled (RFC 3264 §6) or bundle-only.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/jsep_transport_controller.cc`): `The m=
    ///   section with mid='0' is invalid. RTCP-MUX is not enabled when it is
    ///   required.`
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=mid:0
    /// a=rtcp:9 IN IP4 0.0.0.0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=mid:0
    /// a=rtcp:9 IN IP4 0.0.0.0
    /// a=rtcp-mux
    /// ```
    ///
    /// ## References
    /// - RFC 5761 §5.1.1 (`a=rtcp-mux`)
    /// - RFC 9429 §5.2.1 (an `a=rtcp-mux` line in every RTP m= section of an offer)
    /// - RFC 9143 §9.3 (RTP/RTCP multiplexing in a BUNDLE group)
    /// - RFC 8858 (`a=rtcp-mux-only`, which comes with `a=rtcp-mux`)
    /// - W3C WebRTC 1.0, `RTCRtcpMuxPolicy` (`"require"`)
    pub(crate) const DOCS;
}

/// Checks each live RTP section for `a=rtcp-mux`.
pub(crate) fn missing_rtcp_mux(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for media in sdp.media() {
        // A malformed m= line has its own finding; its protocol is unknown.
        let Some(m) = media.media_line() else { continue };
        // Port 0: rejected, disabled or bundle-only; nothing flows on it.
        // Non-RTP (data channels over SCTP): there is no RTCP to multiplex.
        if m.port.value == 0 || !m.is_rtp() {
            continue;
        }
        // A malformed `a=rtcp-mux:...` counts as present (see `is_attribute`).
        if media.lines().iter().any(|line| is_attribute(line, "rtcp-mux")) {
            continue;
        }
        let header = media.header().map_or(Span::empty(0), |h| h.span);
        // Firefox always requires it (rtcpMuxPolicy `require`); libwebrtc
        // only in a BUNDLE'd section (probes `application-with-rtp-proto`,
        // `pt-opus-72-no-rtcp-mux`).
        let in_bundle = media.mid().is_some_and(|mid| in_bundle_group(sdp, mid));
        let stacks = if in_bundle {
            crate::registry::said::NO_RTCP_MUX_BUNDLED
        } else {
            crate::registry::said::NO_RTCP_MUX
        };
        ctx.report(missing_rtcp_mux_diagnostic(header, m.media, media.mid()).with_stacks(stacks));
    }
}

/// True when a `BUNDLE` group lists `mid`.
fn in_bundle_group(sdp: &crate::model::SessionDescription<'_>, mid: &str) -> bool {
    sdp.session_attributes().any(|(_, a)| {
        matches!(&a.typed, crate::parse::attribute::AttrValue::Group(g) if g.semantics == "BUNDLE" && g.mids().any(|m| m == mid))
    })
}

fn missing_rtcp_mux_diagnostic(span: Span, kind: &str, mid: Option<&str>) -> Finding {
    // libwebrtc's error names the section by mid; name it the same way.
    let message = match mid {
        Some(mid) => {
            format!("Media section `{}` (mid `{}`) has no `a=rtcp-mux`", shown(kind), shown(mid))
        }
        None => format!("Media section `{}` has no `a=rtcp-mux`", shown(kind)),
    };
    Finding::new(RuleId::MissingRtcpMux, message)
        .with_label(span, "RTP without `a=rtcp-mux`")
        .with_help("add `a=rtcp-mux` to this section: browsers send RTP and RTCP on one port and refuse sections that do not")
}

#[cfg(test)]
mod tests {
    use crate::{ProfileChoice, RuleId};

    fn count(sdp: &str) -> usize {
        crate::rules::tester::session(RuleId::MissingRtcpMux, ProfileChoice::WebRtc, sdp).len()
    }

    use crate::rules::tester::BARE_HEAD as HEAD;

    #[test]
    fn data_channels_and_rejected_sections_are_exempt() {
        let sdp = format!(
            "{HEAD}m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sctp-port:5000\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n"
        );
        assert_eq!(count(&sdp), 0);
    }

    #[test]
    fn mux_only_without_mux_is_flagged() {
        // RFC 8858: `a=rtcp-mux-only` comes with `a=rtcp-mux`; libwebrtc
        // reads only the latter.
        let sdp = format!(
            "{HEAD}m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtcp-mux-only\r\n"
        );
        assert_eq!(count(&sdp), 1);
    }
}
