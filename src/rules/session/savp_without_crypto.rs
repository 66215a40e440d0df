//! `savp-without-crypto`: an SRTP profile with no keys, by SDES or by DTLS.

use crate::finding::Finding;
use crate::model::{Line, MediaLine};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::{has_fingerprint, is_attribute};
use crate::rules::shown;
use crate::rules::sip;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a live `RTP/SAVP` or `RTP/SAVPF` media section that has no
    /// `a=crypto` line and no `a=fingerprint` at either level.
    ///
    /// `UDP/TLS/RTP/SAVP(F)` is DTLS-SRTP by definition and is left to the
    /// DTLS rules. An `RTP/SAVP(F)` section keyed by DTLS (an `a=fingerprint`
    /// at session or media level: old browsers wrote that) is not reported.
    ///
    /// ## Why is this bad?
    /// The `SAVP` profiles are SRTP (RFC 3711): every packet is encrypted
    /// and authenticated, and the description must say how the keys are
    /// agreed. Over SIP that is SDES, one `a=crypto` line per offered suite
    /// in the media section (RFC 4568); in WebRTC it is DTLS-SRTP, announced
    /// by `a=fingerprint` (RFC 5763). With neither, the peer has no key
    /// and cannot accept the stream: SIP peers answer `488 Not Acceptable
    /// Here` or reject the stream with port 0, and a peer that falls back to
    /// plain RTP breaks what `SAVP` promised. The
    /// usual cause is an SBC or B2BUA that rewrote the profile but stripped
    /// the `a=crypto` lines, or an `a=crypto` placed at session level, where
    /// RFC 4568 does not define it.
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 49170 RTP/SAVP 0 8 101
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 49170 RTP/SAVP 0 8 101
    /// a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    /// Or offer plain `RTP/AVP` if the stream is not meant to be encrypted.
    ///
    /// ## References
    /// - RFC 3711 (SRTP and `RTP/SAVP`), RFC 5124 (`RTP/SAVPF`)
    /// - RFC 4568 §9.1 (`a=crypto` is a media-level attribute)
    /// - RFC 5763 §5, RFC 8122 §5 (DTLS-SRTP keying with `a=fingerprint`)
    /// - RFC 3261 §21.4.26 (488 Not Acceptable Here)
    pub(crate) const DOCS;
    // What `conformance/sip/` saw; attached under the SIP profile only.
    stacks = [sip::PJSIP_NOT_ACCEPTABLE];
}

/// Reports each live SRTP section with no way to agree on keys.
pub(crate) fn savp_without_crypto(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    let mut dtls: Option<bool> = None;
    for media in sdp.media() {
        let Some(line) = media.media_line() else { continue };
        if line.port.value == 0 || !matches!(line.proto, "RTP/SAVP" | "RTP/SAVPF") {
            continue;
        }
        if media.lines().iter().any(|l| is_attribute(l, "crypto")) {
            continue;
        }
        // A fingerprint anywhere keys the section by DTLS; looked up once.
        if *dtls.get_or_insert_with(|| has_fingerprint(sdp)) {
            return;
        }
        // RFC 4568 defines a=crypto at media level only; one at session
        // level is the likely cause, so it is shown.
        let misplaced = sdp.session_lines().iter().find(|l| is_attribute(l, "crypto"));
        ctx.report(savp_without_crypto_diagnostic(sdp.span_of(line.proto), line, misplaced));
    }
}

fn savp_without_crypto_diagnostic(
    proto: Span,
    line: &MediaLine<'_>,
    misplaced: Option<&Line<'_>>,
) -> Finding {
    let finding = Finding::new(
        RuleId::SavpWithoutCrypto,
        format!(
            "Media section `{}` uses `{}` but has no `a=crypto` line and no `a=fingerprint`",
            shown(line.media),
            shown(line.proto)
        ),
    )
    .with_label(proto, "SRTP profile with no keys")
    // pjsip refuses it (406); baresip answers in the clear (conformance/sip/).
    .with_stacks(sip::PJSIP_REFUSES_CRYPTO);
    match misplaced {
        Some(crypto) => finding
            .with_label(crypto.span, "session-level `a=crypto` applies to no section")
            .with_help("move the `a=crypto` line into each media section after its `m=` line"),
        None => finding.with_help(format!(
            "add an SDES key after the `m=` line, such as `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:<base64 key and salt>`, or offer plain `m={} {} RTP/AVP {}`",
            shown(line.media),
            line.port.raw,
            shown(line.formats)
        )),
    }
}
