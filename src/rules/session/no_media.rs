//! `no-media`: a description with no `m=` line.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::sip;
use crate::span::Span;
use crate::stacks::{Stack, StackVerdict};

declare_rule! {
    /// ## What it does
    /// Flags a description that has no `m=` line at all.
    ///
    /// ## Why is this bad?
    /// RFC 8866 allows a session with no media, but an offer or answer for a call
    /// must describe at least one stream (RFC 3264 §5). With no `m=` line there is
    /// nothing to negotiate: Twilio reports 32009, SIP peers answer `488`, and
    /// libwebrtc creates a connection that never carries media. It usually means
    /// the SDP was cut short (a truncated log line, a UDP packet over the MTU).
    ///
    /// No browser refuses it: Chromium 156 and Firefox ESR 153 both apply an
    /// offer with no `m=` line (browser harness: `fixtures/parse/no-media.sdp`,
    /// probe `no-m-line`), and pjsua answers it with `400`. It stays an error for
    /// the negotiation's outcome (32009: a call without media), and its findings
    /// name no browser.
    ///
    /// ## Example
    /// ```sdp
    /// v=0
    /// o=- 20518 0 IN IP4 203.0.113.1
    /// s=-
    /// t=0 0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// v=0
    /// o=- 20518 0 IN IP4 203.0.113.1
    /// s=-
    /// c=IN IP4 203.0.113.1
    /// t=0 0
    /// m=audio 49170 RTP/AVP 0
    /// ```
    ///
    /// ## References
    /// - RFC 3264 §5 (an offer describes the media streams)
    /// - RFC 8866 §5.14 (media descriptions)
    pub(crate) const DOCS;
    // What `conformance/sip/` saw; attached under the SIP profile only.
    stacks = [PJSIP_MISSING_MEDIA, sip::BARESIP_NOT_ACCEPTABLE_HERE];
}

/// Checks that there is at least one media section.
pub(crate) fn no_media(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    if sdp.media().len() > 0 {
        return;
    }
    // Anchor on the v= line (or the first line) rather than at end-of-input,
    // where miette would drop the label (zkat/miette#465).
    let anchor = sdp
        .lines()
        .iter()
        .find(|l| l.kind.letter() == Some(b'v'))
        .or_else(|| sdp.lines().iter().find(|l| l.kind.letter().is_some()));
    let Some(anchor) = anchor else { return };
    ctx.report(no_media_diagnostic(anchor.span));
}

fn no_media_diagnostic(span: Span) -> Finding {
    Finding::new(RuleId::NoMedia, "Description has no `m=` line")
        .with_label(span, "description starts here")
        .with_help("add a media section, such as `m=audio 49170 RTP/AVP 0 8 101`; if the SDP came from a log, check it was not cut short")
        .with_stacks(NO_MEDIA_REFUSED)
}

/// pjsip answers `400 Missing media in SDP`, baresip `488` (measured by
/// `conformance/sip/`, probe `no-m-line`).
const NO_MEDIA_REFUSED: &[StackVerdict] = &[PJSIP_MISSING_MEDIA, sip::BARESIP_NOT_ACCEPTABLE_HERE];

/// pjsip's own reason phrase for a body without `m=`.
const PJSIP_MISSING_MEDIA: StackVerdict =
    StackVerdict::sip(Stack::Pjsip, 400, "Missing media in SDP");

#[cfg(test)]
mod tests {
    use crate::rules::tester::{BARE_HEAD, Tester};
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn pass_and_fail() {
        let audio = "m=audio 49170 RTP/AVP 0\r\nc=IN IP4 192.0.2.1\r\n";
        let tester = Tester::new(RuleId::NoMedia, ProfileChoice::Sip).head(BARE_HEAD);
        tester.test(&[audio], &["", "a=sendrecv\r\n"]);
    }
}
