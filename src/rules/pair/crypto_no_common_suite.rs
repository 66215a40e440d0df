//! `crypto-no-common-suite`: an answer whose SDES `a=crypto` does not pick
//! one of the offer's `a=crypto` lines (suite and tag).

use crate::finding::Finding;
use crate::model::{Line, Media, SessionDescription};
use crate::parse::attribute::{AttrValue, Crypto};
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::rules::helpers::has_fingerprint;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an accepted media section whose offer carries SDES keys
    /// (`a=crypto`) when the answer does not pick one of them by crypto
    /// suite and tag.
    ///
    /// Three answers are reported:
    ///
    /// - the answer's `a=crypto` lines use only crypto suites the offer did
    ///   not offer (`AES_256_CM_HMAC_SHA1_80` answering an offer of
    ///   `AES_CM_128_HMAC_SHA1_80` alone);
    /// - the answer's suite was offered, but under another tag
    ///   (`a=crypto:2 AES_CM_128_HMAC_SHA1_80` answering
    ///   `a=crypto:1 AES_CM_128_HMAC_SHA1_80`): the same rule, reported with
    ///   a message that names the tags;
    /// - the answer keeps the offer's SRTP profile (`RTP/SAVP`, `RTP/SAVPF`)
    ///   with no `a=crypto` but an `a=fingerprint`, switching to DTLS-SRTP,
    ///   while the offer has no `a=fingerprint` and so offered SDES only.
    ///
    /// One answer line that matches an offered line in suite and tag is
    /// enough; extra lines are not judged. Suites are compared without regard
    /// to case. Not reported here: an answer with no `a=crypto` and no
    /// `a=fingerprint` under `RTP/SAVP(F)` (`savp-without-crypto` reports
    /// that on the answer itself), and an answer with no `a=crypto` under
    /// plain `RTP/AVP`, which declines "best effort" SRTP offered as
    /// `RTP/AVP` with `a=crypto` lines (legal), or is a profile change that
    /// the transport rules judge. Sections the answer rejects (port 0), and
    /// offers whose `a=crypto` lines are all malformed, are skipped.
    ///
    /// ## Why is this bad?
    /// With SDES each side sends its own SRTP master key in the SDP, and the
    /// offer lists the suites it can use, one `a=crypto` line each with a
    /// tag. The answerer must pick exactly one of them and answer with the
    /// same tag and the same suite, with its own key (RFC 4568 §5.1.2,
    /// §7.1.2); the offerer matches the answer to its offer by that tag and
    /// treats a line whose tag or suite does not match as invalid (§5.1.3,
    /// §7.1.3). An answer that picks a suite the offerer never offered
    /// leaves the two sides encrypting with different ciphers, or the
    /// offerer unable to decrypt at all. An answerer that finds no common
    /// suite should reject the stream (port 0) or the offer (SIP `488 Not
    /// Acceptable Here`) instead.
    ///
    /// In SIP this shows up as a call that connects and then has no audio
    /// (SRTP authentication failures on every packet), or that the offerer
    /// tears down right after the `200 OK`:
    ///
    /// - Suite mismatches are the common case: `AES_CM_128_HMAC_SHA1_80`
    ///   (RFC 4568, what nearly every carrier and phone supports) against
    ///   `AES_256_CM_HMAC_SHA1_80` (RFC 6188) or the AEAD suites
    ///   `AEAD_AES_128_GCM` / `AEAD_AES_256_GCM` (RFC 7714) that newer PBX
    ///   and SBC builds prefer. Asterisk endpoints with
    ///   `media_encryption=sdes` offer several suites, and which ones depends
    ///   on the libsrtp it was built with; many carriers' SRTP trunks accept
    ///   `AES_CM_128_HMAC_SHA1_80` only.
    /// - Tag mismatches come from B2BUAs and SBCs that rebuild the
    ///   `a=crypto` line for their own leg (new key, new tag numbering)
    ///   instead of echoing the tag of the offered line they chose.
    /// - Browsers do not use SDES: WebRTC keys SRTP with DTLS only
    ///   (RFC 8827), so this is a SIP-side fault, usually found at the
    ///   gateway between the two.
    ///
    /// ## Example
    /// Offer:
    /// ```sdp
    /// m=audio 4000 RTP/SAVP 0 8 101
    /// a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR
    /// a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj
    /// ```
    /// Answer:
    /// ```sdp
    /// m=audio 5000 RTP/SAVP 0 101
    /// a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:<key and salt for AES-256>
    /// ```
    ///
    /// Use instead, in the answer: one of the offered suites, under its tag,
    /// with the answerer's own key:
    /// ```sdp
    /// m=audio 5000 RTP/SAVP 0 101
    /// a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj
    /// ```
    ///
    /// ## References
    /// - RFC 4568 §4.1 (the tag), §5.1.2 and §7.1.2 (the answer picks one offered line: same tag, same suite), §5.1.3 and §7.1.3 (the offerer's checks), §6.2 (the suites)
    /// - RFC 6188 (`AES_192_CM_*`, `AES_256_CM_*`), RFC 7714 §14.2 (`AEAD_AES_128_GCM`, `AEAD_AES_256_GCM`)
    /// - RFC 3264 §6 (rejecting a stream with port 0), RFC 3261 §21.4.26 (488 Not Acceptable Here)
    pub(crate) const DOCS;
}

/// Checks the answer's `a=crypto` choice in each accepted section whose
/// offer carries SDES keys.
pub(crate) fn crypto_no_common_suite(ctx: &mut PairContext<'_, '_>) {
    let (offer, answer) = (ctx.offer, ctx.answer);
    // Whether each side has a DTLS fingerprint, looked up at most once.
    let mut fingerprints: Option<(bool, bool)> = None;
    let sections = offer.media().zip(answer.media()).zip(&ctx.negotiation.media);
    for ((o, a), negotiated) in sections {
        if !negotiated.accepted {
            continue;
        }
        // The clean path: most sections carry no `a=crypto` at all.
        let Some((_, first_offered)) = cryptos(&o).next() else { continue };
        let place = Place { media: &a, mid: negotiated.mid };
        if cryptos(&a).next().is_some() {
            if let Some(finding) = judge(offer, answer, &o, &a, &place) {
                ctx.report(finding);
            }
            continue;
        }
        let (Some(om), Some(m)) = (o.media_line(), a.media_line()) else { continue };
        // A changed profile (`RTP/AVP` best-effort SRTP answered with
        // `RTP/SAVP`, ...) is `transport-mismatch`'s to judge.
        if !matches!(m.proto, "RTP/SAVP" | "RTP/SAVPF") || !om.proto.eq_ignore_ascii_case(m.proto) {
            continue;
        }
        let (offer_dtls, answer_dtls) =
            *fingerprints.get_or_insert_with(|| (has_fingerprint(offer), has_fingerprint(answer)));
        // Without a fingerprint `savp-without-crypto` reports the answer;
        // with one in the offer too, DTLS-SRTP was on offer as well.
        if answer_dtls && !offer_dtls {
            ctx.report(switched_to_dtls_diagnostic(
                &place,
                answer.span_of(m.proto),
                first_offered,
                offered_labels(offer, &o),
            ));
        }
    }
}

/// The typed `a=crypto` lines of a section, in order (malformed ones are
/// the syntax rules' to report).
fn cryptos<'s, 'a>(media: &Media<'s, 'a>) -> impl Iterator<Item = (&'s Line<'a>, Crypto<'a>)> {
    media.attributes().filter_map(|(line, a)| match a.typed {
        AttrValue::Crypto(c) => Some((line, c)),
        _ => None,
    })
}

/// How a message names a section.
struct Place<'m, 's, 'a> {
    /// The answer's section.
    media: &'m Media<'s, 'a>,
    /// Its mid, from the answer or the offer.
    mid: Option<&'m str>,
}

impl Place<'_, '_, '_> {
    /// `` `audio` section `0` `` or `` `audio` section (m-line 1) ``.
    fn name(&self) -> String {
        let kind = self.media.media_line().map_or("", |m| m.media);
        match self.mid {
            Some(mid) => format!("`{}` section `{}`", shown(kind), shown(mid)),
            None => format!("`{}` section (m-line {})", shown(kind), self.media.index() + 1),
        }
    }
}

/// What is wrong with an answer that has `a=crypto` lines, if anything.
fn judge(
    offer: &SessionDescription<'_>,
    answer: &SessionDescription<'_>,
    o: &Media<'_, '_>,
    a: &Media<'_, '_>,
    place: &Place<'_, '_, '_>,
) -> Option<Finding> {
    let same_suite = |x: &Crypto<'_>, y: &Crypto<'_>| x.suite.eq_ignore_ascii_case(y.suite);
    // RFC 4568 §5.1.2: a correct answer line has an offered line with the
    // same suite and the same tag. Sections have a handful of lines, so the
    // nested scan stays small.
    let picked = cryptos(a).any(|(_, ac)| {
        cryptos(o).any(|(_, oc)| same_suite(&oc, &ac) && oc.tag.value == ac.tag.value)
    });
    if picked {
        return None;
    }
    // An offered suite under another tag: say which tags.
    for (_, ac) in cryptos(a) {
        if let Some((_, oc)) = cryptos(o).find(|(_, oc)| same_suite(oc, &ac)) {
            // The offerer matches by tag (RFC 4568 §5.1.3), so it reads the
            // answer as choosing whatever it offered under that tag.
            let taken = cryptos(o).find(|(_, t)| t.tag.value == ac.tag.value).map(|(_, t)| t.suite);
            return Some(tag_mismatch_diagnostic(
                place,
                (answer.span_of(ac.tag.raw), ac),
                (offer.span_of(oc.tag.raw), oc),
                taken,
            ));
        }
    }
    let answered: Vec<(Span, &str)> =
        cryptos(a).map(|(_, ac)| (answer.span_of(ac.suite), ac.suite)).collect();
    Some(no_common_suite_diagnostic(place, &answered, offered_labels(offer, o)))
}

/// Each offered `a=crypto` line's suite, with its span in the offer.
fn offered_labels<'a>(offer: &SessionDescription<'a>, o: &Media<'_, 'a>) -> Vec<(Span, &'a str)> {
    cryptos(o).map(|(_, oc)| (offer.span_of(oc.suite), oc.suite)).collect()
}

/// `` `A`, `B` `` for a message.
fn listed(suites: &[(Span, &str)]) -> String {
    let mut out = String::new();
    for (i, (_, suite)) in suites.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('`');
        out.push_str(&shown(suite));
        out.push('`');
    }
    out
}

/// The answer's suites (`answered`, each with its span) are none of the
/// offer's (`offered`).
fn no_common_suite_diagnostic(
    place: &Place<'_, '_, '_>,
    answered: &[(Span, &str)],
    offered: Vec<(Span, &str)>,
) -> Finding {
    let mut finding = Finding::new(
        RuleId::CryptoNoCommonSuite,
        format!(
            "The answer keys the {} with {}, a crypto suite the offer did not offer",
            place.name(),
            listed(answered)
        ),
    );
    for (span, _) in answered {
        finding = finding.with_label(*span, "not an offered suite");
    }
    let help = format!(
        "answer with one of the offered suites ({}) under its offered tag, or reject the stream with port 0 (or the call with 488) if none is supported",
        listed(&offered)
    );
    for (span, _) in offered {
        finding = finding.with_offer_label(span, "offered here");
    }
    finding.with_help(help)
}

/// The answer's line (`answer`: its tag's span and value) uses a suite the
/// offer has under another tag (`offer`); `taken` is the suite the offer
/// gave the answer's tag, if any.
fn tag_mismatch_diagnostic(
    place: &Place<'_, '_, '_>,
    answer: (Span, Crypto<'_>),
    offer: (Span, Crypto<'_>),
    taken: Option<&str>,
) -> Finding {
    let (answer_at, ac) = answer;
    let (offer_at, oc) = offer;
    let label = match taken {
        Some(suite) => format!("the offer's tag `{}` is `{}`", shown(ac.tag.raw), shown(suite)),
        None => format!("tag `{}` was not offered", shown(ac.tag.raw)),
    };
    Finding::new(
        RuleId::CryptoNoCommonSuite,
        format!(
            "The answer's `a=crypto` in the {} picks `{}` under tag `{}`, but the offer gave that suite tag `{}`",
            place.name(),
            shown(ac.suite),
            shown(ac.tag.raw),
            shown(oc.tag.raw)
        ),
    )
    .with_label(answer_at, label)
    .with_offer_label(offer_at, format!("`{}` offered as tag `{}`", shown(oc.suite), shown(oc.tag.raw)))
    .with_help(format!(
        "answer with the offered tag: `a=crypto:{} {} inline:<answerer's key>`",
        shown(oc.tag.raw),
        shown(oc.suite)
    ))
}

/// The answer dropped `a=crypto` for DTLS (`proto` is its SRTP profile)
/// while the offer (`first` and all `offered` suites) has no fingerprint.
fn switched_to_dtls_diagnostic(
    place: &Place<'_, '_, '_>,
    proto: Span,
    first: Crypto<'_>,
    offered: Vec<(Span, &str)>,
) -> Finding {
    let mut finding = Finding::new(
        RuleId::CryptoNoCommonSuite,
        format!(
            "The answer keys the {} by DTLS (`a=fingerprint`, no `a=crypto`), but the offer offered only SDES keys",
            place.name()
        ),
    )
    .with_label(proto, "accepted with no `a=crypto` line");
    let help = format!(
        "answer with one of the offered SDES suites ({}) under its offered tag, e.g. `a=crypto:{} {} inline:<answerer's key>`",
        listed(&offered),
        shown(first.tag.raw),
        shown(first.suite)
    );
    for (span, _) in offered {
        finding = finding.with_offer_label(span, "offered here");
    }
    finding.with_help(help)
}

#[cfg(test)]
mod tests {
    /// The rule's findings for an offer and an answer audio section with
    /// the given `a=crypto` lines (`\r\n`-terminated, may be empty).
    fn findings(offer_lines: &str, answer_lines: &str) -> Vec<String> {
        let offer = format!(
            "v=0\r\no=- 1 1 IN IP4 198.51.100.1\r\ns=-\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\nm=audio 4000 RTP/SAVP 0\r\n{offer_lines}a=rtpmap:0 PCMU/8000\r\n"
        );
        let answer = format!(
            "v=0\r\no=- 2 2 IN IP4 203.0.113.1\r\ns=-\r\nc=IN IP4 203.0.113.1\r\nt=0 0\r\nm=audio 5000 RTP/SAVP 0\r\n{answer_lines}a=rtpmap:0 PCMU/8000\r\n"
        );
        let report = crate::check_pair(offer.as_bytes(), answer.as_bytes());
        report
            .findings()
            .iter()
            .filter(|f| f.name() == "crypto-no-common-suite")
            .map(|f| f.message().to_owned())
            .collect()
    }

    const KEY: &str = "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    #[test]
    fn one_matching_line_is_enough_and_case_does_not_matter() {
        let offer = format!("a=crypto:1 AES_CM_128_HMAC_SHA1_80 {KEY}\r\n");
        let extra = format!(
            "a=crypto:7 AEAD_AES_256_GCM {KEY}\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 {KEY}\r\n"
        );
        assert_eq!(findings(&offer, &extra), Vec::<String>::new());
        let lower = format!("a=crypto:1 aes_cm_128_hmac_sha1_80 {KEY}\r\n");
        assert_eq!(findings(&offer, &lower), Vec::<String>::new());
    }

    #[test]
    fn tag_of_another_offered_suite_is_named() {
        let offer = format!(
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 {KEY}\r\na=crypto:2 AES_CM_128_HMAC_SHA1_32 {KEY}\r\n"
        );
        let answer = format!("a=crypto:2 AES_CM_128_HMAC_SHA1_80 {KEY}\r\n");
        let got = findings(&offer, &answer);
        assert_eq!(got.len(), 1);
        assert!(got[0].contains("under tag `2`"), "{got:?}");
    }

    #[test]
    fn no_offered_keys_or_no_answer_keys_without_dtls_is_not_this_rule() {
        // Nothing offered: nothing to pick from.
        let answer = format!("a=crypto:1 AES_CM_128_HMAC_SHA1_80 {KEY}\r\n");
        assert_eq!(findings("", &answer), Vec::<String>::new());
        // No key at all in an `RTP/SAVP` answer: `savp-without-crypto`'s.
        let offer = format!("a=crypto:1 AES_CM_128_HMAC_SHA1_80 {KEY}\r\n");
        assert_eq!(findings(&offer, ""), Vec::<String>::new());
        // Only malformed offered lines: the syntax rules report them.
        let answer = format!("a=crypto:1 AES_256_CM_HMAC_SHA1_80 {KEY}\r\n");
        assert_eq!(
            findings("a=crypto:x AES_CM_128_HMAC_SHA1_80\r\n", &answer),
            Vec::<String>::new()
        );
    }
}
