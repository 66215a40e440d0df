//! `unusable-fingerprint`: an `a=fingerprint` libwebrtc cannot use (an MD5
//! or MD2 digest, a digest of the wrong length, two at session level).

use crate::finding::Finding;
use crate::model::LineKind;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::digest_octets;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `a=fingerprint` that Chromium refuses: one made with MD5 or
    /// MD2, one whose digest length does not match its hash function, and a
    /// second `a=fingerprint` at session level.
    ///
    /// ## Why is this bad?
    /// RFC 8122 §5 lets a description carry several fingerprints and any
    /// registered hash, and RFC 8827 §6.5 forbids only the weak ones for
    /// WebRTC. libwebrtc is narrower: it cannot build a fingerprint from an
    /// MD5 or MD2 digest, it fails the DTLS transport when the digest's
    /// length is not its hash's, and it keeps one fingerprint per level.
    /// Firefox ESR 153 accepts all three. Measured with the browser harness
    /// (Chromium 156; fixtures `SDP3021/`, probes `fingerprint-md5`,
    /// `fingerprint-case-variant-duplicate-session`), Chromium says:
    ///
    /// - MD5: `Failed to parse SessionDescription. a=fingerprint:MD5
    ///   7F:C5:...:5E Failed to create fingerprint from the digest.`
    /// - wrong length: `Failed to set local answer sdp: Failed to apply the
    ///   description for m= section with mid='0': Failed to apply remote
    ///   fingerprint.`
    /// - two at session level: `Failed to parse SessionDescription.
    ///   a=fingerprint:SHA-256 ED:03:... Can't have multiple fingerprint
    ///   attributes at the same level.`
    ///
    /// Two fingerprints in one media section are accepted by both browsers;
    /// `multiple-fingerprints` (SDP3007) covers them.
    ///
    /// ## Example
    /// ```sdp
    /// a=fingerprint:MD5 7F:C5:CB:6D:E3:55:24:CB:CC:11:58:28:32:62:24:5E
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=fingerprint:sha-256 0C:BA:F4:26:3F:C0:1E:33:55:1A:59:2C:0B:63:E9:CB:51:0E:6D:9F:5A:9E:48:94:26:0F:A8:0F:2A:B0:C9:8C
    /// ```
    ///
    /// ## References
    /// - RFC 8122 §5 (`a=fingerprint`, hash function names)
    /// - RFC 8827 §6.5 (WebRTC: SHA-256 or stronger)
    pub(crate) const DOCS;
}

/// Checks every `a=fingerprint`, and counts those at session level.
pub(crate) fn unusable_fingerprint(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for line in sdp.lines() {
        let LineKind::Attribute(attr) = &line.kind else { continue };
        let AttrValue::Fingerprint(fp) = attr.typed else { continue };
        let span = sdp.span_of(fp.fingerprint);
        if ["md5", "md2"].iter().any(|h| h.eq_ignore_ascii_case(fp.hash_func)) {
            ctx.report(weak_digest_diagnostic(sdp.span_of(fp.hash_func), fp.hash_func));
        } else if let Some(expected) = digest_octets(fp.hash_func)
            && fp.octet_count() != expected
        {
            ctx.report(length_diagnostic(span, fp.hash_func, expected, fp.octet_count()));
        }
    }
    let mut session = sdp.session_attributes().filter_map(|(line, attr)| match attr.typed {
        AttrValue::Fingerprint(_) => Some(line.span),
        _ => None,
    });
    if let Some(first) = session.next() {
        for second in session {
            ctx.report(second_at_session_diagnostic(second, first));
        }
    }
}

fn weak_digest_diagnostic(span: Span, hash_func: &str) -> Finding {
    Finding::new(
        RuleId::UnusableFingerprint,
        format!(
            "`a=fingerprint` uses `{}`: Chromium cannot build a fingerprint from it and rejects the description; Firefox accepts it",
            shown(hash_func)
        ),
    )
    .with_label(span, "Chromium: no fingerprint from this digest")
    .with_help("hash the DTLS certificate with SHA-256: `a=fingerprint:sha-256 <32 hex octets AB:CD:...>`")
    .with_stacks(crate::registry::said::FINGERPRINT_MD5)
}

fn length_diagnostic(span: Span, hash_func: &str, expected: usize, actual: usize) -> Finding {
    let hash_func = shown(hash_func);
    Finding::new(
        RuleId::UnusableFingerprint,
        format!(
            "`a=fingerprint` has {actual} octets, but a `{hash_func}` digest has {expected}: Chromium rejects it, Firefox accepts it"
        ),
    )
    .with_label(span, format!("{actual} octets, not {expected}"))
    .with_help(format!(
        "write the `{hash_func}` digest of the DTLS certificate ({expected} octets), or name the hash that made this one"
    ))
    .with_stacks(crate::registry::said::FINGERPRINT_LENGTH)
}

fn second_at_session_diagnostic(span: Span, first: Span) -> Finding {
    Finding::new(
        RuleId::UnusableFingerprint,
        "A second `a=fingerprint` at session level: Chromium rejects it, Firefox accepts it",
    )
    .with_label(span, "Chromium keeps one fingerprint per level")
    .with_label(first, "the first one")
    .with_help(
        "keep one `a=fingerprint` at session level, or move the others into the media sections",
    )
    .with_stacks(crate::registry::said::FINGERPRINT_TWO_AT_SESSION)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;
    use crate::{ProfileChoice, RuleId};

    const FP: &str = "0C:BA:F4:26:3F:C0:1E:33:55:1A:59:2C:0B:63:E9:CB:51:0E:6D:9F:5A:9E:48:94:26:0F:A8:0F:2A:B0:C9:8C";

    #[test]
    fn cases() {
        let one = format!("a=fingerprint:sha-256 {FP}\r\n");
        let two = format!("{one}a=fingerprint:SHA-256 {FP}\r\n");
        let md5 = "a=fingerprint:md5 7F:C5:CB:6D:E3:55:24:CB:CC:11:58:28:32:62:24:5E\r\n";
        let short = "a=fingerprint:sha-256 7F:C5\r\n";
        Tester::new(RuleId::UnusableFingerprint, ProfileChoice::WebRtc)
            .head(crate::rules::tester::BARE_HEAD)
            .test(&[&one], &[&two, md5, short]);
    }
}
