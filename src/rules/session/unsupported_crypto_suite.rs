//! `unsupported-crypto-suite`: a live SRTP section none of whose `a=crypto`
//! lines names a suite SIP stacks implement.

use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::rules::sip;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a live media section whose `a=crypto` lines all name an SRTP
    /// crypto suite outside the ones libsrtp implements: AES counter mode
    /// with HMAC-SHA1 (`AES_CM_128_HMAC_SHA1_80`/`_32`, RFC 4568 §6.2;
    /// `AES_192_CM_…` and `AES_256_CM_…`, RFC 6188) and AES-GCM
    /// (`AEAD_AES_128_GCM`, `AEAD_AES_256_GCM`, RFC 7714). One supported
    /// suite among unknown ones is enough.
    ///
    /// ## Why is this bad?
    /// The answerer must pick one of the offered suites or refuse the
    /// stream. `F8_128_HMAC_SHA1_80` is registered (RFC 4568 §6.2.3) but
    /// libsrtp, which pjsip and baresip use, does not implement it, and a
    /// misspelt suite is unknown to everyone. Measured with
    /// `conformance/sip/` (probes `crypto-unknown-suite`, `crypto-f8-suite`,
    /// `crypto-unknown-and-known`): pjsip answers `406 Not Acceptable`;
    /// baresip answers 200 with its own suite; both accept an unknown suite
    /// offered beside a known one.
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 49170 RTP/SAVP 0
    /// a=crypto:1 F8_128_HMAC_SHA1_80 inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 49170 RTP/SAVP 0
    /// a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e
    /// ```
    ///
    /// ## References
    /// - RFC 4568 §6.2 (the SDES suites), §7.1.1 (the answerer picks one)
    /// - RFC 6188 (AES-192/256 suites), RFC 7714 §12 (AES-GCM suites)
    pub(crate) const DOCS;
    // What `conformance/sip/` saw; attached under the SIP profile only.
    stacks = [sip::PJSIP_NOT_ACCEPTABLE];
}

/// The suites libsrtp implements (and pjsip and baresip accept).
const SUPPORTED: [&str; 8] = [
    "AES_CM_128_HMAC_SHA1_80",
    "AES_CM_128_HMAC_SHA1_32",
    "AES_192_CM_HMAC_SHA1_80",
    "AES_192_CM_HMAC_SHA1_32",
    "AES_256_CM_HMAC_SHA1_80",
    "AES_256_CM_HMAC_SHA1_32",
    "AEAD_AES_128_GCM",
    "AEAD_AES_256_GCM",
];

/// Reports the first crypto line of each live section that offers no
/// supported suite.
pub(crate) fn unsupported_crypto_suite(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for media in sdp.media() {
        let Some(line) = media.media_line() else { continue };
        if line.port.value == 0 {
            continue;
        }
        let mut suites = media.attributes().filter_map(|(_, a)| match &a.typed {
            AttrValue::Crypto(c) => Some(c.suite),
            _ => None,
        });
        let Some(first) = suites.next() else { continue };
        if std::iter::once(first).chain(suites).any(|s| SUPPORTED.contains(&s)) {
            continue;
        }
        ctx.report(unsupported_crypto_suite_diagnostic(sdp.span_of(first), first));
    }
}

fn unsupported_crypto_suite_diagnostic(span: Span, suite: &str) -> Finding {
    Finding::new(
        RuleId::UnsupportedCryptoSuite,
        format!("No `a=crypto` line of this section offers a suite SIP stacks implement (first: `{}`)", shown(suite)),
    )
    .with_label(span, "not implemented by libsrtp")
    .with_help("offer `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:<base64 of 30 bytes>` (every SDES peer implements it)")
    .with_stacks(sip::PJSIP_REFUSES_CRYPTO)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{HEAD, Tester, crypto};
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn pass_and_fail() {
        let tester = Tester::new(RuleId::UnsupportedCryptoSuite, ProfileChoice::Sip).head(HEAD);
        let m = "m=audio 4000 RTP/SAVP 0\r\n";
        let f8 = crypto("1", "F8_128_HMAC_SHA1_80");
        tester.test(
            &[
                &format!("{m}{}", crypto("1", "AES_CM_128_HMAC_SHA1_80")),
                // One known suite beside an unknown one is enough.
                &format!("{m}{}{}", crypto("1", "FOO_BAR"), crypto("2", "AES_CM_128_HMAC_SHA1_32")),
                &format!("m=audio 0 RTP/SAVP 0\r\n{f8}"),
                m,
            ],
            &[&format!("{m}{f8}"), &format!("{m}{}", crypto("1", "FOO_BAR"))],
        );
    }
}
