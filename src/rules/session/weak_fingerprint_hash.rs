//! `weak-fingerprint-hash`: a DTLS fingerprint made with SHA-1.

use crate::finding::Finding;
use crate::model::LineKind;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `a=fingerprint` made with SHA-1 (in any case), which both
    /// browsers still accept. MD5, MD2 and a digest whose length does not
    /// fit its hash are errors of their own, since Chromium refuses them:
    /// `unusable-fingerprint` (SDP3021).
    ///
    /// ## Why is this bad?
    /// The fingerprint is the only binding between the signalling and the
    /// DTLS certificate (RFC 8122 §6): a hash with practical collisions (MD5,
    /// and SHA-1 since 2017) lets an attacker present another certificate
    /// with the same digest. RFC 8122 §5 makes SHA-256 the hash every
    /// implementation must support, and every browser generates `sha-256`.
    /// In the field:
    ///
    /// - `md5` and `md2`: Chrome (libwebrtc) accepts only the FIPS 180 hashes
    ///   (SHA-1 to SHA-512) and fails `setRemoteDescription` with "Failed to
    ///   create fingerprint from the digest."; Firefox ignores a fingerprint
    ///   with an unsupported hash, and with no other fingerprint refuses the
    ///   description for want of a usable one.
    /// - `sha-1`: still read by Chrome and Firefox, but refused by stacks
    ///   that allow only SHA-256 and stronger, and a weak binding everywhere.
    /// - A length that does not fit the hash: Firefox's SDP parser rejects
    ///   the line ("fingerprint has N bytes but should have M bytes");
    ///   libwebrtc accepts it, and the DTLS handshake then fails because no
    ///   certificate digest can match, so the call never gets media.
    ///
    /// Platforms report these as Telnyx 40004 or Twilio 32009. Old SIP/WebRTC
    /// gateways configured with a SHA-1 certificate digest are the usual
    /// source of `sha-1`; a length mismatch comes from pasting a digest made
    /// with another hash than the one named.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Failed to create fingerprint from
    ///   the digest.`
    /// - Firefox (`dom/media/webrtc/sdp/SdpHelper.cpp`): `Invalid description,
    ///   no supported fingerprint algorithms present at level 0`
    /// - Firefox's Rust parser (mozilla/webrtc-sdp, `src/attribute_type.rs`):
    ///   `fingerprint has 20 bytes but should have 32 bytes`
    ///
    /// ## Example
    /// ```sdp
    /// a=fingerprint:sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3B:B2:57:9A:03:38:73:0D:2E:C0:39:EC
    /// ```
    ///
    /// ## References
    /// - RFC 8122 §5 (hash functions; SHA-256 MUST be supported), §6 (security)
    /// - RFC 8827 §6.5 (WebRTC communications security: DTLS-SRTP)
    /// - RFC 5763 §5 (DTLS-SRTP fingerprint in SDP)
    pub(crate) const DOCS;
}

/// Checks every `a=fingerprint`, at any level.
pub(crate) fn weak_fingerprint_hash(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for line in sdp.lines() {
        let LineKind::Attribute(attr) = &line.kind else { continue };
        let AttrValue::Fingerprint(fp) = attr.typed else { continue };
        // MD5, MD2 and wrong lengths are `unusable-fingerprint`'s.
        if fp.hash_func.eq_ignore_ascii_case("sha-1") && fp.octet_count() == 20 {
            ctx.report(weak_hash_diagnostic(sdp.span_of(fp.hash_func), fp.hash_func));
        }
    }
}

fn weak_hash_diagnostic(span: Span, hash_func: &str) -> Finding {
    Finding::new(
        RuleId::WeakFingerprintHash,
        format!(
            "`a=fingerprint` uses the weak hash function `{}`",
            crate::rules::shown(hash_func)
        ),
    )
    .with_label(span, "weak hash: use SHA-256 or stronger")
    .with_help(
        "hash the DTLS certificate with SHA-256 and write `a=fingerprint:sha-256 <32 hex octets AB:CD:...>`, as browsers do",
    )
}
