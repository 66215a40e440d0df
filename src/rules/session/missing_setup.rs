//! `missing-setup`: a DTLS section of an offer with no `a=setup`.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::{find_attribute_line, is_live, uses_dtls};
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a live DTLS media section with no `a=setup`, in the section or
    /// at session level, in a description that is not known to be an
    /// answer.
    ///
    /// ## Why is this bad?
    /// RFC 8842 §5.2 has the offerer write `a=setup:actpass` in every DTLS
    /// section; an answer without it defaults to `active` (RFC 4145 §4), so
    /// answers are not flagged. Firefox refuses an offer without it; Chromium
    /// 156 accepts it (browser harness: probe `offer-without-setup`;
    /// fixtures `SDP3031/`). Firefox ESR 153 says: `Invalid offer, no setup
    /// attribute at level 0`.
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=fingerprint:sha-256 0C:BA:...
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=fingerprint:sha-256 0C:BA:...
    /// a=setup:actpass
    /// ```
    ///
    /// ## References
    /// - RFC 8842 §5.2 (the offerer's `a=setup:actpass`)
    /// - RFC 4145 §4 (`a=setup`, `active` by default)
    pub(crate) const DOCS;
}

/// Checks each live DTLS section of a description that may be an offer.
pub(crate) fn missing_setup(ctx: &mut Context<'_, '_>) {
    if ctx.options.role == crate::options::Role::Answer {
        return;
    }
    let sdp = ctx.sdp;
    if find_attribute_line(sdp.session_lines(), "setup").is_some() {
        return;
    }
    for media in sdp.media() {
        let Some(m) = media.media_line() else { continue };
        if !uses_dtls(m.proto) || !is_live(&media) {
            continue;
        }
        if find_attribute_line(media.lines(), "setup").is_none() {
            let header = media.header().map_or(Span::empty(0), |h| h.span);
            ctx.report(missing_setup_diagnostic(header, m.media));
        }
    }
}

fn missing_setup_diagnostic(span: Span, kind: &str) -> Finding {
    Finding::new(
        RuleId::MissingSetup,
        format!(
            "Media section `{}` has no `a=setup`: Firefox rejects such an offer, Chromium accepts it",
            shown(kind)
        ),
    )
    .with_label(span, "no DTLS role")
    .with_help("add `a=setup:actpass` to an offer (an answer picks `active` or `passive`)")
    .with_stacks(crate::registry::said::OFFER_WITHOUT_SETUP)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn cases() {
        let audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n";
        let with = format!("{audio}a=setup:actpass\r\n");
        Tester::new(RuleId::MissingSetup, ProfileChoice::WebRtc).test(&[&with], &[audio]);
    }
}
