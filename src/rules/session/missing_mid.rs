//! `missing-mid`: a live media section of a WebRTC description without `a=mid`.

use smallvec::SmallVec;

use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::is_attribute;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a live media section (port not 0) of a WebRTC description that
    /// has no `a=mid`.
    ///
    /// ## Why is this bad?
    /// JSEP (RFC 9429 §5.2.1, §5.3.1) gives every `m=` section an `a=mid`:
    /// BUNDLE groups, ICE candidates (`sdpMid`) and transceivers are all tied
    /// to sections by it. A section without one cannot be bundled, so it needs
    /// its own ICE and DTLS transport, and a browser answering with
    /// `bundlePolicy: "max-bundle"` rejects every section outside the first
    /// BUNDLE group (RFC 9429 §5.3.1).
    ///
    /// How hard this fails depends on the stack. libwebrtc (Chrome, Safari)
    /// tolerates it in a remote description, filling in a mid of its own for
    /// "legacy end points that do not supply a=mid lines", but refuses a local
    /// description without one (SDP munged before `setLocalDescription`) with
    /// `A media section is missing a MID attribute.` Pion, the Go stack under
    /// many SFUs and gateways, refuses the remote description with
    /// `remoteDescription contained media section without mid value`. Firefox
    /// accepts remote descriptions without mids but requires them in local
    /// ones (`Local descriptions must have a=mid attributes.`). The usual
    /// source is a SIP gateway or an old endpoint answering a browser with
    /// RFC 3264 SDP that predates mids.
    ///
    /// A section with port 0 is not flagged (it is rejected or disabled, RFC
    /// 3264 §6, and an answerer that rejects a section commonly strips its
    /// attributes), unless the mid libwebrtc fills in for it collides.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/sdp_offer_answer.cc`): `A media section
    ///   is missing a MID attribute.` (a local description); `Duplicate a=mid
    ///   value '0'.` (a filled-in mid that collides)
    /// - Firefox (`dom/media/webrtc/jsep/JsepSessionImpl.cpp`): `Local
    ///   descriptions must have a=mid attributes.`
    ///
    /// Measured with the browser harness (Chromium 156, Firefox ESR 153): both
    /// browsers fill in a missing mid, so the finding names no browser, except
    /// where libwebrtc's filled-in mid (the k-th section without one gets `k`,
    /// rejected sections included) collides with a written mid: Chromium then
    /// refuses the description with `Failed to set remote offer sdp: Duplicate
    /// a=mid value '0'.`, and the finding says so (Firefox accepts it). RFC 9429
    /// §5.2.1 still has every JSEP section carry a mid.
    ///
    /// ## Example
    /// ```sdp
    /// a=group:BUNDLE 0
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=rtcp-mux
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=group:BUNDLE 0
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=mid:0
    /// a=rtcp-mux
    /// ```
    ///
    /// ## References
    /// - RFC 9429 §5.2.1 (offers: an `a=mid` line in every m= section), §5.3.1 (answers)
    /// - RFC 5888 §4 (`a=mid`)
    /// - RFC 9143 §7 (BUNDLE groups name sections by mid)
    /// - RFC 3264 §6 (port 0 rejects a stream)
    pub(crate) const DOCS;
}

/// Checks each live media section for an `a=mid` line.
pub(crate) fn missing_mid(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    // The mids in use, sorted, and whether the session bundles; built at
    // the first finding only, to suggest a mid that is free and say where
    // else it goes.
    let mut context: Option<(SmallVec<[&str; 8]>, bool)> = None;
    // libwebrtc fills in the k-th section without a mid (rejected ones
    // too, counting from 0) with the mid `k`, and refuses the description
    // when that collides with a written mid ("Duplicate a=mid value");
    // Firefox fills in mids that never collide (probes
    // `mid-missing-collision`, `mid-missing-collision-1`).
    let mut unnamed = 0usize;
    for media in sdp.media() {
        // A malformed m= line has its own finding; its port is unknown.
        let Some(m) = media.media_line() else { continue };
        // A malformed `a=mid` line counts as present (see `is_attribute`).
        if media.lines().iter().any(|line| is_attribute(line, "mid")) {
            continue;
        }
        let filled_in = unnamed.to_string();
        unnamed += 1;
        let collides = sdp.media().any(|other| other.mid() == Some(filled_in.as_str()));
        if m.port.value == 0 && !collides {
            continue;
        }
        let (taken, bundles) = context.get_or_insert_with(|| {
            let mut mids: SmallVec<[&str; 8]> = sdp.media().filter_map(|m| m.mid()).collect();
            mids.sort_unstable();
            let bundles = sdp
                .session_attributes()
                .any(|(_, a)| matches!(&a.typed, AttrValue::Group(g) if g.semantics == "BUNDLE"));
            (mids, bundles)
        });
        // The m-line index is what JSEP implementations usually pick; if it
        // is taken, `m<index>` is a token no browser generates.
        let index = media.index().to_string();
        let suggestion =
            if taken.binary_search(&index.as_str()).is_err() { index } else { format!("m{index}") };
        let header = media.header().map_or(Span::empty(0), |h| h.span);
        let finding = missing_mid_diagnostic(header, m.media, &suggestion, *bundles);
        ctx.report(if collides {
            let message = format!(
                "{}: Chromium fills in `{}`, which another section uses, and rejects it; Firefox accepts it",
                finding.message(),
                shown(&filled_in)
            );
            finding.with_message(message).with_stacks(crate::registry::said::FILLED_IN_MID_COLLIDES)
        } else {
            finding.with_stacks(&[])
        });
    }
}

fn missing_mid_diagnostic(span: Span, kind: &str, suggestion: &str, bundles: bool) -> Finding {
    let help = if bundles {
        format!(
            "add `a=mid:{suggestion}` to this section (a mid no other section uses), and list `{suggestion}` in `a=group:BUNDLE`"
        )
    } else {
        format!("add `a=mid:{suggestion}` to this section (a mid no other section uses)")
    };
    Finding::new(RuleId::MissingMid, format!("Media section `{}` has no `a=mid`", shown(kind)))
        .with_label(span, "no `a=mid` in this section")
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use crate::{ProfileChoice, RuleId};

    /// The rule's findings as (line of the primary label, help).
    fn hits(sdp: &str) -> Vec<(usize, String)> {
        crate::rules::tester::session(RuleId::MissingMid, ProfileChoice::WebRtc, sdp)
            .iter()
            .map(|f| {
                let at = f.primary_span().map_or(0, |s| s.start as usize);
                (sdp[..at].matches('\n').count() + 1, f.help().unwrap_or_default().to_owned())
            })
            .collect()
    }

    use crate::rules::tester::BARE_HEAD as HEAD;
    const AUDIO: &str = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n";

    #[test]
    fn malformed_mid_counts_as_present() {
        // `a/b` is no token: the parser reports the line, this rule stays quiet.
        let sdp = format!("{HEAD}{AUDIO}a=mid:a/b\r\n");
        assert_eq!(hits(&sdp), []);
    }

    #[test]
    fn port_zero_is_exempt_and_the_suggestion_avoids_taken_mids() {
        let sdp = format!(
            "{HEAD}m=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n{AUDIO}m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n"
        );
        let found = hits(&sdp);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 7);
        assert!(found[0].1.contains("`a=mid:m1`"), "{}", found[0].1);
    }
}
