//! `missing-connection`: a live media section with no `c=` line to use.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::sip;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a media section whose port is not 0 when neither the section nor the
    /// session level has a `c=` line.
    ///
    /// ## Why is this bad?
    /// RFC 8866 §5.7 requires a `c=` line at session level or in every media
    /// section: without it the peer has no address to send media to. libwebrtc
    /// refuses the description, and SIP peers answer `488` or set up a call with
    /// no audio (Twilio 32009, Telnyx 40004). A section with port 0 is rejected
    /// or disabled and needs no address.
    ///
    /// ## Example
    /// ```sdp
    /// t=0 0
    /// m=audio 49170 RTP/AVP 0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// t=0 0
    /// m=audio 49170 RTP/AVP 0
    /// c=IN IP4 203.0.113.1
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.7 ("A session description MUST contain either at least one "c=" line in each media description or a single "c=" line at the session level")
    /// - RFC 3264 §6 (port 0 rejects a stream)
    pub(crate) const DOCS;
    // What `conformance/sip/` saw; attached under the SIP profile only.
    stacks = [sip::PJSIP_BAD_SDP];
}

/// Checks each live media section for an address.
pub(crate) fn missing_connection(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    // A malformed session c= line still counts as present: its own finding
    // says what is wrong with it, and a second one here would be noise.
    let session_has_c =
        sdp.session_lines().iter().any(|l| l.kind.structural_letter() == Some(b'c'));
    if session_has_c {
        return;
    }
    for media in sdp.media() {
        let Some(m) = media.media_line() else { continue };
        if media.has_connection_line() {
            continue;
        }
        let header = media.header().map_or(Span::empty(0), |h| h.span);
        if m.port.value == 0 {
            // A rejected section carries no media and RFC 3264 §6 needs no
            // address for it; SIP stacks and libwebrtc agree, but Firefox
            // (SIPCC) wants `c=` in every section (probe
            // `rejected-section-without-c`).
            if ctx.profile == crate::profile::Profile::WebRtc {
                let finding = missing_connection_diagnostic(header, m.media);
                let message = format!(
                    "{} (a rejected section: Firefox rejects it, Chromium accepts it)",
                    finding.message()
                );
                ctx.report(finding.with_message(message));
            }
            continue;
        }
        let finding = missing_connection_diagnostic(header, m.media);
        // pjsip refuses it (400); baresip answers 200 (conformance/sip/).
        // Under WebRTC the finding keeps the browsers' verdicts.
        if ctx.profile == crate::profile::Profile::Sip {
            ctx.report(finding.with_stacks(sip::PJSIP_REFUSES_SYNTAX));
        } else {
            ctx.report(finding);
        }
    }
}

fn missing_connection_diagnostic(span: Span, kind: &str) -> Finding {
    Finding::new(RuleId::MissingConnection, format!("Media section `{}` has no `c=` line, and the session has none", crate::rules::shown(kind)))
        .with_label(span, "no address for this media")
        .with_help("add `c=IN IP4 <address>` after this `m=` line, or one `c=` line at session level before `t=`")
}
