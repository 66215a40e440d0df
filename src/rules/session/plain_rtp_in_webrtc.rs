//! `plain-rtp-in-webrtc`: unencrypted `RTP/AVP` media handed to a browser.

use crate::finding::Finding;
use crate::model::MediaLine;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::has_fingerprint;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags plain `RTP/AVP` or `RTP/AVPF` media in a description judged as
    /// WebRTC that has no DTLS fingerprint and no ICE.
    ///
    /// Such a description is an ordinary SIP offer or answer (a PBX, a trunk,
    /// a softphone) that reached a browser without a WebRTC gateway in
    /// between. sdpcheck judges it as WebRTC only under `--profile webrtc`: on
    /// its own it looks like SIP, where it is perfectly normal.
    ///
    /// ## Why is this bad?
    /// Browsers send and receive media only over ICE and DTLS-SRTP
    /// (RFC 8827 §6.5, RFC 9429 §5.1.2); they have no plain RTP path at all.
    /// Chrome and Safari (libwebrtc) refuse the description in
    /// `setRemoteDescription` with `Called with SDP without DTLS fingerprint.`,
    /// the first check every unrejected section must pass; Firefox refuses it
    /// with `Invalid description, no ice-ufrag attribute at level 0` (and,
    /// once ICE is added, `... no fingerprint attribute ...`). The call never
    /// gets media: Twilio reports 53402 or 32009, Telnyx 40004. The fix is
    /// not in the SDP text: the far end must actually speak ICE and DTLS-SRTP,
    /// or a gateway must bridge the two worlds.
    ///
    /// RFC 8866 itself allows any transport; the restriction is WebRTC's.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/sdp_offer_answer.cc`): `Called with SDP
    ///   without DTLS fingerprint.`
    /// - Firefox (`dom/media/webrtc/sdp/SdpHelper.cpp`): `Invalid description,
    ///   no ice-ufrag attribute at level 0`; `Invalid description, no
    ///   fingerprint attribute at level 0`
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 40376 RTP/AVP 0 8 101
    /// c=IN IP4 198.51.100.20
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 0 8 101
    /// c=IN IP4 0.0.0.0
    /// a=ice-ufrag:F7gI
    /// a=ice-pwd:x9cml/YzichV2+XlhiMu8gjR8a
    /// a=fingerprint:sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2
    /// a=setup:actpass
    /// a=mid:0
    /// a=rtcp-mux
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    /// In Asterisk that is what `webrtc=yes` on the PJSIP endpoint produces.
    ///
    /// ## References
    /// - RFC 8827 §6.5 (WebRTC media MUST be DTLS-SRTP; no plain RTP)
    /// - RFC 8834 §4.2, RFC 9429 §5.1.2 (`UDP/TLS/RTP/SAVPF` is the profile JSEP uses)
    /// - RFC 5763, RFC 5764 (DTLS-SRTP keying), RFC 8842 (`a=fingerprint`, `a=setup`)
    /// - RFC 8839 §5.4 (`a=ice-ufrag`, `a=ice-pwd`)
    /// - RFC 3551, RFC 4585 (`RTP/AVP`, `RTP/AVPF`)
    pub(crate) const DOCS;
}

/// Reports each live plain-RTP section of a description with no DTLS and no ICE.
pub(crate) fn plain_rtp_in_webrtc(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    // Cheap test first: a WebRTC-shaped description never has a plain
    // profile, so most descriptions stop here after one scan of m= lines.
    let any_plain =
        sdp.media().any(|m| m.media_line().is_some_and(|l| is_plain(l) && l.port.value != 0));
    // ICE alone does not help: both browsers still want DTLS ("Called with
    // SDP without DTLS fingerprint.", fixture SDP2002/pass_ice.sdp).
    if !any_plain || has_fingerprint(sdp) {
        return;
    }
    for media in sdp.media() {
        let Some(line) = media.media_line() else { continue };
        // A rejected section (port 0) is skipped by browsers' checks too.
        if line.port.value == 0 || !is_plain(line) {
            continue;
        }
        ctx.report(plain_rtp_in_webrtc_diagnostic(sdp.span_of(line.proto), line));
    }
}

/// True for the unencrypted RTP profiles: `RTP/AVP`, `RTP/AVPF` and their
/// RFC 4571 framed forms `TCP/RTP/AVP(F)`.
fn is_plain(line: &MediaLine<'_>) -> bool {
    line.is_rtp() && matches!(line.proto.rsplit('/').next(), Some("AVP" | "AVPF"))
}

fn plain_rtp_in_webrtc_diagnostic(proto: Span, line: &MediaLine<'_>) -> Finding {
    Finding::new(
        RuleId::PlainRtpInWebrtc,
        format!(
            "Media section `{}` uses plain `{}` with no DTLS fingerprint and no ICE",
            shown(line.media),
            shown(line.proto)
        ),
    )
    .with_label(proto, "unencrypted RTP: browsers accept only ICE with DTLS-SRTP")
    .with_help(format!(
        "send this description through a WebRTC gateway, or make the far end offer `m={} 9 UDP/TLS/RTP/SAVPF {}` with `a=ice-ufrag`, `a=ice-pwd`, `a=fingerprint` and `a=setup:actpass` (Asterisk: `webrtc=yes`)",
        shown(line.media),
        shown(line.formats)
    ))
}

#[cfg(test)]
mod tests {
    use crate::{Options, ProfileChoice, RuleId};

    fn count(proto: &str) -> usize {
        let options = Options { profile: ProfileChoice::WebRtc, ..Options::default() };
        let sdp = format!(
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 {proto} 0\r\n"
        );
        crate::check_with(sdp.as_bytes(), &options)
            .findings()
            .iter()
            .filter(|f| f.rule() == RuleId::PlainRtpInWebrtc)
            .count()
    }

    #[test]
    fn only_unencrypted_rtp_profiles_are_plain() {
        for plain in ["RTP/AVP", "RTP/AVPF", "TCP/RTP/AVP"] {
            assert_eq!(count(plain), 1, "{plain}");
        }
        for other in ["RTP/SAVP", "RTP/SAVPF", "UDP/TLS/RTP/SAVPF", "udp"] {
            assert_eq!(count(other), 0, "{other}");
        }
    }
}
