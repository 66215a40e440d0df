//! `missing-fingerprint`: a live DTLS media section with no certificate
//! fingerprint to check the handshake against.

use std::collections::HashSet;

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::{bundled_mids, find_attribute_line, is_live, uses_dtls};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a live DTLS media section with no `a=fingerprint`, in the section
    /// or at session level. DTLS sections are those whose protocol runs over
    /// DTLS or TLS: `UDP/TLS/RTP/SAVPF`, `UDP/TLS/RTP/SAVP`, `UDP/DTLS/SCTP`,
    /// `DTLS/SCTP`, `TCP/DTLS/SCTP`, `TCP/TLS/RTP/SAVPF`.
    ///
    /// A section is live when its port is not 0 or it is `a=bundle-only`. A
    /// section that a `BUNDLE` group lists after its first mid is exempt: it
    /// uses the tagged section's DTLS association (RFC 9143 §8.1), as
    /// libwebrtc's check does.
    ///
    /// ## Why is this bad?
    /// The fingerprint is the only thing that binds the DTLS certificate the
    /// peer presents to the signalling (RFC 8122 §5, RFC 5763 §5): without it
    /// the handshake cannot be authenticated, so WebRTC endpoints refuse the
    /// description before any media flows.
    ///
    /// - Chrome (libwebrtc) fails `setRemoteDescription` with
    ///   "Called with SDP without DTLS fingerprint."
    /// - Firefox fails it with "Invalid description, no fingerprint attribute
    ///   at level N".
    ///
    /// Platforms report it as Telnyx 40004 (`SDP_SET_REMOTE_DESCRIPTION_FAILED`),
    /// Twilio 53402 or 32009. The usual cause is a gateway that copies the
    /// `UDP/TLS/RTP/SAVPF` protocol but drops the security attributes, or that
    /// only writes `a=crypto` (SDES), which browsers do not support.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/sdp_offer_answer.cc`): `Called with SDP
    ///   without DTLS fingerprint.`
    /// - Firefox (`dom/media/webrtc/sdp/SdpHelper.cpp`): `Invalid description,
    ///   no fingerprint attribute at level 0`
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// c=IN IP4 0.0.0.0
    /// a=setup:actpass
    /// a=mid:0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// c=IN IP4 0.0.0.0
    /// a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3B:B2:57:9A:03:38:73:0D:2E:C0:39:EC
    /// a=setup:actpass
    /// a=mid:0
    /// ```
    ///
    /// ## References
    /// - RFC 8122 §5 (`a=fingerprint`, at session or media level)
    /// - RFC 5763 §5 (DTLS-SRTP: the offer and answer MUST carry a fingerprint)
    /// - RFC 8842 §5 (DTLS in SDP offer/answer)
    /// - RFC 9429 (JSEP) §5.2.1 (each m= section carries `a=fingerprint`)
    /// - RFC 9143 §8.1 (TRANSPORT attributes only in the tagged m= section)
    pub(crate) const DOCS;
}

/// Checks each live DTLS section that owns its transport for a fingerprint.
pub(crate) fn missing_fingerprint(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    // A session-level fingerprint covers every section (RFC 8122 §5).
    if find_attribute_line(sdp.session_lines(), "fingerprint").is_some() {
        return;
    }
    // Built only when a section lacks a fingerprint: nothing is allocated on
    // the clean path.
    let mut bundled: Option<HashSet<&str>> = None;
    for media in sdp.media() {
        let Some(m) = media.media_line() else { continue };
        // SDES-keyed SRTP (`RTP/SAVPF` with `a=crypto`) has no DTLS, and
        // both browsers refuse it for want of a fingerprint (fixture
        // `fail_sdes_rtp_savpf.sdp`): WebRTC keys SRTP only with DTLS.
        let srtp = m.is_rtp() && (m.proto.ends_with("SAVP") || m.proto.ends_with("SAVPF"));
        if !(uses_dtls(m.proto) || srtp && ctx.profile == crate::profile::Profile::WebRtc)
            || !is_live(&media)
            || find_attribute_line(media.lines(), "fingerprint").is_some()
        {
            continue;
        }
        let bundled = bundled.get_or_insert_with(|| bundled_mids(sdp));
        let finding = missing_fingerprint_diagnostic(sdp.span_of(m.proto), m.media, m.proto);
        // A BUNDLE'd section may lean on the tag section's fingerprint
        // (RFC 9143 §7.1.3), and libwebrtc lets it; Firefox 153 does not.
        if media.mid().is_some_and(|mid| bundled.contains(mid)) {
            let message = format!(
                "{} (BUNDLE'd: Chromium takes the tag section's, Firefox rejects it)",
                finding.message()
            );
            ctx.report(
                finding
                    .with_message(message)
                    .with_stacks(crate::registry::said::NO_FINGERPRINT_IN_BUNDLED)
                    .with_help("repeat the tag section's `a=fingerprint` in this section (or move it to session level): Firefox wants it in every BUNDLE'd section"),
            );
            continue;
        }
        ctx.report(finding);
    }
}

fn missing_fingerprint_diagnostic(proto_span: Span, kind: &str, proto: &str) -> Finding {
    Finding::new(
        RuleId::MissingFingerprint,
        format!(
            "Media section `{}` uses `{}` but has no `a=fingerprint`, and the session has none",
            crate::rules::shown(kind),
            crate::rules::shown(proto)
        ),
    )
    .with_label(proto_span, "DTLS with no certificate fingerprint to check")
    .with_help(
        "add the fingerprint of the DTLS certificate after this `m=` line (or once at session level): `a=fingerprint:sha-256 <32 hex octets AB:CD:...>`",
    )
}
