//! `missing-ice-credentials`: a media section with no ICE username fragment
//! or password to use.
//!
//! Which sections are live or bundled, and whether an attribute line is
//! present, come from [`crate::rules::helpers`].

use std::collections::HashSet;

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::{bundled_mids, find_attribute_line, is_live};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a live media section with no `a=ice-ufrag` or no `a=ice-pwd`, in
    /// the section or at session level.
    ///
    /// A section is live when its port is not 0, or when it is bundled with
    /// `a=bundle-only` (port 0 on purpose, RFC 9143 §6). A section that a
    /// `BUNDLE` group lists after its first mid is exempt: it is bundled into
    /// the group's tagged section and uses that section's ICE credentials
    /// (RFC 9143 §7.1.3, §8.1), exactly as libwebrtc exempts it.
    ///
    /// ## Why is this bad?
    /// Every ICE connectivity check is authenticated with the peer's
    /// username fragment and password (RFC 8445 §7.2.2): without them no check
    /// can succeed and the call never connects. Browsers refuse the
    /// description outright:
    ///
    /// - Chrome (libwebrtc) fails `setRemoteDescription` with
    ///   "Called with SDP without ice-ufrag and ice-pwd."
    /// - Firefox fails it with "Invalid description, no ice-ufrag attribute
    ///   at level N" (or "no ice-pwd attribute").
    ///
    /// Platforms report the failure as Telnyx 40004
    /// (`SDP_SET_REMOTE_DESCRIPTION_FAILED`), Twilio 53402 or 32009. A SIP
    /// gateway that builds WebRTC SDP from a plain RTP offer without enabling
    /// ICE is the usual cause.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/sdp_offer_answer.cc`): `Called with SDP
    ///   without ice-ufrag and ice-pwd.`
    /// - Firefox (`dom/media/webrtc/sdp/SdpHelper.cpp`): `Invalid description,
    ///   no ice-ufrag attribute at level 0`; `Invalid description, no ice-pwd
    ///   attribute at level 0`
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// c=IN IP4 0.0.0.0
    /// a=mid:0
    /// a=ice-pwd:asd88fgpdd777uzjYhagZg
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// c=IN IP4 0.0.0.0
    /// a=mid:0
    /// a=ice-ufrag:8hhY
    /// a=ice-pwd:asd88fgpdd777uzjYhagZg
    /// ```
    ///
    /// ## References
    /// - RFC 8839 §5.4 (`ice-ufrag` and `ice-pwd`, at session or media level)
    /// - RFC 8445 §5.3 (the credentials every agent exchanges)
    /// - RFC 9429 (JSEP) §5.2.1 (each m= section carries `a=ice-ufrag` and `a=ice-pwd`)
    /// - RFC 9143 §7.1.3, §8.1 (TRANSPORT attributes only in the tagged m= section)
    pub(crate) const DOCS;
}

/// Checks each live section that owns its transport for ICE credentials.
pub(crate) fn missing_ice_credentials(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    let session = sdp.session_lines();
    let session_ufrag = find_attribute_line(session, "ice-ufrag");
    let session_pwd = find_attribute_line(session, "ice-pwd");
    if session_ufrag.is_some() && session_pwd.is_some() {
        return;
    }
    // Built only once a section lacks credentials, so a clean description
    // allocates nothing.
    let mut bundled: Option<HashSet<&str>> = None;
    for media in sdp.media() {
        if media.media_line().is_none() || !is_live(&media) {
            continue;
        }
        let ufrag = find_attribute_line(media.lines(), "ice-ufrag").or(session_ufrag);
        let pwd = find_attribute_line(media.lines(), "ice-pwd").or(session_pwd);
        let missing = match (ufrag, pwd) {
            (Some(_), Some(_)) => continue,
            (None, None) => Missing::Both,
            (None, Some(pwd)) => Missing::Ufrag { pwd: pwd.span },
            (Some(ufrag), None) => Missing::Pwd { ufrag: ufrag.span },
        };
        let bundled = bundled.get_or_insert_with(|| bundled_mids(sdp));
        let Some(header) = media.header() else { continue };
        let kind = media.media_line().map_or("", |m| m.media);
        let finding = missing_ice_credentials_diagnostic(header.span, kind, missing);
        // A BUNDLE'd section may lean on the tag section's credentials
        // (RFC 9143 §7.1.3), and libwebrtc lets it; Firefox 153 does not.
        if media.mid().is_some_and(|mid| bundled.contains(mid)) {
            ctx.report(bundled_without_own(finding));
            continue;
        }
        ctx.report(finding);
    }
}

/// Which credential a section lacks, with the span of the one it has.
#[derive(Debug, Clone, Copy)]
enum Missing {
    /// Neither `a=ice-ufrag` nor `a=ice-pwd`.
    Both,
    /// No `a=ice-ufrag`; the `a=ice-pwd` line in force is at `pwd`.
    Ufrag {
        /// The password line the section has.
        pwd: Span,
    },
    /// No `a=ice-pwd`; the `a=ice-ufrag` line in force is at `ufrag`.
    Pwd {
        /// The username fragment line the section has.
        ufrag: Span,
    },
}

/// The finding for a BUNDLE'd section: only Firefox refuses it.
fn bundled_without_own(finding: Finding) -> Finding {
    let message = format!(
        "{} (BUNDLE'd: Chromium takes the tag section's, Firefox rejects it)",
        finding.message()
    );
    finding
        .with_message(message)
        .with_stacks(crate::registry::said::NO_ICE_IN_BUNDLED)
        .with_help("repeat the tag section's `a=ice-ufrag` and `a=ice-pwd` in this section (or move them to session level): Firefox wants them in every BUNDLE'd section")
}

fn missing_ice_credentials_diagnostic(header: Span, kind: &str, missing: Missing) -> Finding {
    let kind = crate::rules::shown(kind);
    match missing {
        Missing::Both => Finding::new(
            RuleId::MissingIceCredentials,
            format!(
                "Media section `{kind}` has no `a=ice-ufrag` and no `a=ice-pwd`, in the section or at session level"
            ),
        )
        .with_label(header, "no ICE credentials for this section")
        .with_help(
            "add the ICE agent's credentials after this `m=` line (or once at session level): `a=ice-ufrag:<4 to 256 ICE characters>` and `a=ice-pwd:<22 to 256 ICE characters>`, e.g. `a=ice-ufrag:8hhY` and `a=ice-pwd:asd88fgpdd777uzjYhagZg`",
        ),
        Missing::Ufrag { pwd } => Finding::new(
            RuleId::MissingIceCredentials,
            format!(
                "Media section `{kind}` has no `a=ice-ufrag`, in the section or at session level"
            ),
        )
        .with_label(header, "no ICE username fragment for this section")
        .with_label(pwd, "the password has no username fragment to go with it")
        .with_help(
            "add the agent's username fragment next to its `a=ice-pwd`: `a=ice-ufrag:<4 to 256 ICE characters>`, e.g. `a=ice-ufrag:8hhY`",
        ),
        Missing::Pwd { ufrag } => Finding::new(
            RuleId::MissingIceCredentials,
            format!("Media section `{kind}` has no `a=ice-pwd`, in the section or at session level"),
        )
        .with_label(header, "no ICE password for this section")
        .with_label(ufrag, "the username fragment has no password to go with it")
        .with_help(
            "add the agent's password next to its `a=ice-ufrag`: `a=ice-pwd:<22 to 256 ICE characters>`, e.g. `a=ice-pwd:asd88fgpdd777uzjYhagZg`",
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    /// The rule's findings on `sdp`, as (line number, message).
    fn findings(sdp: &str) -> Vec<(usize, String)> {
        crate::rules::tester::session(
            RuleId::MissingIceCredentials,
            crate::ProfileChoice::WebRtc,
            sdp,
        )
        .iter()
        .map(|f| {
            let start = f.primary_span().map_or(0, |s| s.start as usize);
            (sdp[..start].matches('\n').count() + 1, f.message().to_owned())
        })
        .collect()
    }

    use crate::rules::tester::BARE_HEAD as HEAD;
    const FP: &str = "a=fingerprint:sha-256 AB:59:EA:CD:C7:62:3C:03:F1:DA:45:57:A1:DC:D7:96:88:21:9B:3C:BE:C7:0D:8B:98:E0:CC:4D:CA:4E:E2:F3\r\n";

    #[test]
    fn rejected_sections_need_no_credentials() {
        let sdp = format!(
            "{HEAD}{FP}m=audio 0 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n"
        );
        assert_eq!(findings(&sdp), []);
    }

    #[test]
    fn bundle_only_section_outside_any_group_is_live() {
        let sdp = format!(
            "{HEAD}{FP}m=audio 0 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=bundle-only\r\na=rtpmap:111 opus/48000/2\r\n"
        );
        assert_eq!(findings(&sdp).len(), 1);
    }

    #[test]
    fn a_malformed_ufrag_counts_as_present() {
        // `_` is not an ICE character: the parser reports the line; this
        // rule must not add "no a=ice-ufrag" on top.
        let sdp = format!(
            "{HEAD}{FP}m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=ice-ufrag:ab_cd\r\na=ice-pwd:asd88fgpdd777uzjYhagZg\r\na=rtpmap:111 opus/48000/2\r\n"
        );
        assert_eq!(findings(&sdp), []);
    }

    #[test]
    fn the_bundle_tag_itself_is_not_exempt() {
        let sdp = format!(
            "{HEAD}a=group:BUNDLE 0 1\r\n{FP}m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=rtpmap:96 VP8/90000\r\n"
        );
        let found = findings(&sdp);
        // The tag (line 7), and the bundled section, which only Firefox
        // refuses (line 11).
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, 7);
        assert_eq!(found[1].0, 11);
        assert!(found[1].1.contains("Firefox rejects it"), "{found:?}");
    }
}
