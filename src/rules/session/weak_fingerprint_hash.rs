//! `weak-fingerprint-hash`: a DTLS fingerprint made with SHA-1, MD5 or MD2,
//! or whose length does not match its hash function.

use crate::finding::Finding;
use crate::model::LineKind;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `a=fingerprint` made with a weak hash, or whose length does not
    /// fit its hash. The weak hashes are `sha-1`, `md5` and `md2`, in any
    /// case; the lengths are `sha-1` 20 octets, `sha-224` 28, `sha-256` 32,
    /// `sha-384` 48, `sha-512` 64, `md5` and `md2` 16.
    ///
    /// Unregistered hash names are left alone: their length is unknown.
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

/// The octet count of a digest, for the registered hash functions
/// (RFC 8122 §5), matched case-insensitively as hash names are.
fn digest_octets(hash_func: &str) -> Option<usize> {
    const TABLE: [(&str, usize); 7] = [
        ("sha-1", 20),
        ("sha-224", 28),
        ("sha-256", 32),
        ("sha-384", 48),
        ("sha-512", 64),
        ("md5", 16),
        ("md2", 16),
    ];
    TABLE.iter().find(|(name, _)| name.eq_ignore_ascii_case(hash_func)).map(|&(_, n)| n)
}

/// True for the hash functions RFC 8122 and RFC 8827 no longer allow.
fn is_weak(hash_func: &str) -> bool {
    ["sha-1", "md5", "md2"].iter().any(|weak| weak.eq_ignore_ascii_case(hash_func))
}

/// Checks every `a=fingerprint`, at any level.
pub(crate) fn weak_fingerprint_hash(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for line in sdp.lines() {
        let LineKind::Attribute(attr) = &line.kind else { continue };
        let AttrValue::Fingerprint(fp) = attr.typed else { continue };
        if is_weak(fp.hash_func) {
            ctx.report(weak_hash_diagnostic(sdp.span_of(fp.hash_func), fp.hash_func));
        }
        if let Some(expected) = digest_octets(fp.hash_func) {
            let actual = fp.octet_count();
            if actual != expected {
                ctx.report(length_mismatch_diagnostic(
                    sdp.span_of(fp.fingerprint),
                    fp.hash_func,
                    expected,
                    actual,
                ));
            }
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

fn length_mismatch_diagnostic(
    span: Span,
    hash_func: &str,
    expected: usize,
    actual: usize,
) -> Finding {
    let hash_func = crate::rules::shown(hash_func);
    // Name the hash the digest's length does fit, when one does: the usual
    // mistake is a digest made with another hash than the one named.
    let fits = ["sha-1", "sha-224", "sha-256", "sha-384", "sha-512"]
        .into_iter()
        .find(|name| digest_octets(name) == Some(actual));
    let help = match fits {
        Some(other) => format!(
            "{actual} octets is a `{other}` digest: name the hash that made it (`a=fingerprint:{other} ...`), or recompute the `{hash_func}` digest of the certificate ({expected} octets)"
        ),
        None => format!(
            "recompute the `{hash_func}` digest of the DTLS certificate: {expected} octets, written `AB:CD:...`"
        ),
    };
    Finding::new(
        RuleId::WeakFingerprintHash,
        format!(
            "`a=fingerprint` has {actual} octets, but a `{hash_func}` fingerprint has {expected}"
        ),
    )
    .with_label(span, format!("{actual} octets, not {expected}"))
    .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::{digest_octets, is_weak};

    #[test]
    fn hash_table() {
        assert_eq!(digest_octets("SHA-256"), Some(32));
        assert_eq!(digest_octets("sha-384"), Some(48));
        assert_eq!(digest_octets("md5"), Some(16));
        assert_eq!(digest_octets("sha3-256"), None);
        assert!(is_weak("SHA-1") && is_weak("md5") && is_weak("MD2"));
        assert!(!is_weak("sha-256") && !is_weak("sha-1x"));
    }
}
