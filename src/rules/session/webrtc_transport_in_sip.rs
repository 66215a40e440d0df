//! `webrtc-transport-in-sip`: a DTLS transport offered to a plain SIP peer.

use crate::finding::Finding;
use crate::model::MediaLine;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a live media section whose transport runs over DTLS or TLS
    /// (`UDP/TLS/RTP/SAVPF`, `UDP/TLS/RTP/SAVP`, `UDP/DTLS/SCTP`, ...) in a
    /// description judged as SIP.
    ///
    /// Such a description is what a browser sends. sdpcheck judges it as SIP
    /// only under `--profile sip`: on its own a DTLS transport makes it
    /// WebRTC. Use that profile to check what a SIP trunk or PBX will make of
    /// a browser's offer passed through unchanged.
    ///
    /// ## Why is this bad?
    /// A plain SIP trunk speaks `RTP/AVP`, or at most SDES-SRTP over
    /// `RTP/SAVP` (RFC 4568); it has no DTLS-SRTP handshake and no ICE agent.
    /// It cannot use a `UDP/TLS/...` stream, so it rejects the offer with
    /// `488 Not Acceptable Here` (RFC 3261 §21.4.26) or answers with the
    /// stream's port set to 0; when no stream is left the call fails (Twilio
    /// 32009). A trunk-facing SBC translates between DTLS-SRTP and plain RTP
    /// only when it is set up as a WebRTC gateway.
    /// An Asterisk PJSIP endpoint without `webrtc=yes` (or
    /// `media_encryption=dtls`) declines such streams the same way.
    ///
    /// RFC 3264 lets an answerer decline any transport it does not support;
    /// the failure is a capability mismatch, not a syntax error.
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8
    /// c=IN IP4 0.0.0.0
    /// a=fingerprint:sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2
    /// a=setup:actpass
    /// ```
    ///
    /// Use instead (what a WebRTC gateway sends on to the trunk):
    /// ```sdp
    /// m=audio 40376 RTP/AVP 0 8 101
    /// c=IN IP4 198.51.100.20
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// ## References
    /// - RFC 3264 §6 (an answerer rejects a stream it cannot use with port 0)
    /// - RFC 3261 §21.4.26 (488 Not Acceptable Here)
    /// - RFC 5764 §8, RFC 8842 (`UDP/TLS/RTP/SAVP(F)`: DTLS-SRTP)
    /// - RFC 8841 (`UDP/DTLS/SCTP` data channels)
    /// - RFC 4568 (SDES-SRTP, the encryption SIP trunks do support)
    pub(crate) const DOCS;
}

/// Reports each live section whose transport is layered on (D)TLS.
pub(crate) fn webrtc_transport_in_sip(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for media in sdp.media() {
        let Some(line) = media.media_line() else { continue };
        // A section already rejected with port 0 asks nothing of the peer.
        if line.port.value == 0 || !is_dtls(line.proto) {
            continue;
        }
        ctx.report(webrtc_transport_in_sip_diagnostic(sdp.span_of(line.proto), line));
    }
}

/// True when a protocol identifier has a `TLS` or `DTLS` layer: the
/// `UDP/TLS/RTP/SAVP(F)` and `TCP/TLS/RTP/SAVP(F)` profiles of RFC 5764 and
/// RFC 7850, and the SCTP data channel transports of RFC 8841.
///
/// Only media transports count: `TCP/TLS/MRCPv2` (RFC 6787) and
/// `TCP/TLS/BFCP` are SIP's own TLS uses.
fn is_dtls(proto: &str) -> bool {
    proto.split('/').any(|layer| layer == "TLS" || layer == "DTLS")
        && proto.split('/').any(|layer| layer == "RTP" || layer == "SCTP")
}

fn webrtc_transport_in_sip_diagnostic(proto: Span, line: &MediaLine<'_>) -> Finding {
    let suggestion = if line.is_rtp() {
        format!(
            "bridge the call through a WebRTC gateway that offers the trunk `m={} <port> RTP/AVP {}`, or enable DTLS-SRTP on the SIP side (Asterisk: `webrtc=yes`)",
            shown(line.media),
            shown(line.formats)
        )
    } else {
        "remove this section before the offer reaches the SIP peer, or reject it with port 0"
            .to_owned()
    };
    Finding::new(
        RuleId::WebrtcTransportInSip,
        format!(
            "Media section `{}` uses the WebRTC transport `{}` in a SIP description",
            shown(line.media),
            shown(line.proto)
        ),
    )
    .with_label(proto, "DTLS transport: a plain SIP peer answers 488")
    .with_help(suggestion)
}
