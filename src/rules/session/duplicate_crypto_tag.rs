//! `duplicate-crypto-tag`: two `a=crypto` lines of one media section with
//! the same tag.

use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::sip;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `a=crypto` line whose tag an earlier `a=crypto` line of the
    /// same media section already uses.
    ///
    /// ## Why is this bad?
    /// The answerer picks one of the offered SDES crypto lines by echoing
    /// its tag; RFC 4568 §9.1 requires each tag to be unique among the
    /// section's crypto attributes, so a repeated tag makes the choice
    /// ambiguous. Measured with `conformance/sip/` (probe
    /// `crypto-duplicate-tag`): pjsip answers `406 Not Acceptable`; baresip
    /// answers 200 with its own key.
    ///
    /// ## Example
    /// ```sdp
    /// a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e
    /// a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e
    /// a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e
    /// ```
    ///
    /// ## References
    /// - RFC 4568 §9.1 (the tag is unique within the media section) and §5.1
    ///   (the answer echoes the tag it accepts)
    pub(crate) const DOCS;
    // What `conformance/sip/` saw; attached under the SIP profile only.
    stacks = [sip::PJSIP_NOT_ACCEPTABLE];
}

/// Reports each repeated tag once per repetition, pointing at the first use.
pub(crate) fn duplicate_crypto_tag(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for media in sdp.media() {
        let mut seen: Vec<(u32, Span)> = Vec::new();
        for (_, attr) in media.attributes() {
            let AttrValue::Crypto(crypto) = &attr.typed else { continue };
            let span = sdp.span_of(crypto.tag.raw);
            match seen.iter().find(|(tag, _)| *tag == crypto.tag.value) {
                Some(&(_, first)) => {
                    ctx.report(duplicate_crypto_tag_diagnostic(span, first, crypto.tag.raw));
                }
                None => seen.push((crypto.tag.value, span)),
            }
        }
    }
}

fn duplicate_crypto_tag_diagnostic(span: Span, first: Span, tag: &str) -> Finding {
    Finding::new(
        RuleId::DuplicateCryptoTag,
        format!("Crypto tag `{}` is used twice in this media section", crate::rules::shown(tag)),
    )
    .with_label(span, "repeated tag")
    .with_label(first, "first used here")
    .with_help("give each `a=crypto` line of the section its own tag (1, 2, 3...)")
    .with_stacks(sip::PJSIP_REFUSES_CRYPTO)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{HEAD, Tester, crypto};
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn pass_and_fail() {
        let tester = Tester::new(RuleId::DuplicateCryptoTag, ProfileChoice::Sip).head(HEAD);
        let m = "m=audio 4000 RTP/SAVP 0\r\n";
        let (one, two) =
            (crypto("1", "AES_CM_128_HMAC_SHA1_80"), crypto("2", "AES_CM_128_HMAC_SHA1_32"));
        tester.test(
            // Tags are per section.
            &[&format!("{m}{one}{two}"), &format!("{m}{one}{m}{one}")],
            // `01` is tag 1 again.
            &[&format!("{m}{one}{}", crypto("01", "AES_CM_128_HMAC_SHA1_32"))],
        );
    }
}
