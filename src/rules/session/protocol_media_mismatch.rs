//! `protocol-media-mismatch`: an audio or video section over a data-channel
//! protocol.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `m=audio` or `m=video` line whose protocol is an SCTP data
    /// channel transport (`UDP/DTLS/SCTP`, `TCP/DTLS/SCTP`, `DTLS/SCTP`).
    ///
    /// ## Why is this bad?
    /// SCTP carries data channels (RFC 8841), in `m=application` sections;
    /// audio and video travel over RTP. Both browsers refuse the description
    /// (browser harness: probes `audio-with-sctp-proto`,
    /// `video-with-sctp-proto`; fixtures `SDP3029/`):
    ///
    /// - Chromium 156: `Failed to parse SessionDescription. m=audio 9
    ///   UDP/DTLS/SCTP webrtc-datachannel Unsupported protocol for media
    ///   type`
    /// - Firefox ESR 153: `SIPCC Failed to parse SDP: SDP Parse Error on
    ///   line 9:  No webrtc-datachannel token in m= media line, parse
    ///   failed.`
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 UDP/DTLS/SCTP webrtc-datachannel
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=application 9 UDP/DTLS/SCTP webrtc-datachannel
    /// ```
    ///
    /// ## References
    /// - RFC 8841 §4 (the SCTP protocol identifiers, `m=application`)
    /// - RFC 9429 §5.1.2 (the protocols JSEP uses for each media type)
    pub(crate) const DOCS;
}

/// Checks every audio and video section's protocol.
pub(crate) fn protocol_media_mismatch(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for media in sdp.media() {
        let Some(m) = media.media_line() else { continue };
        if matches!(m.media, "audio" | "video") && m.proto.split('/').any(|l| l == "SCTP") {
            ctx.report(protocol_media_mismatch_diagnostic(sdp.span_of(m.proto), m.media, m.proto));
        }
    }
}

fn protocol_media_mismatch_diagnostic(span: Span, kind: &str, proto: &str) -> Finding {
    Finding::new(
        RuleId::ProtocolMediaMismatch,
        format!("`m={}` over `{}`, a data-channel protocol", shown(kind), shown(proto)),
    )
    .with_label(span, "SCTP carries data channels, not audio or video")
    .with_help("use `m=application` for a data channel, or `UDP/TLS/RTP/SAVPF` for audio and video")
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn cases() {
        let data =
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n";
        let audio = "m=audio 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n";
        Tester::new(RuleId::ProtocolMediaMismatch, ProfileChoice::WebRtc).test(&[data], &[audio]);
    }
}
