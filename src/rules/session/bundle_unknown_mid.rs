//! `bundle-unknown-mid`: an `a=group:BUNDLE` naming a mid no media section has.

use smallvec::SmallVec;

use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a mid listed in `a=group:BUNDLE` that no media section declares
    /// with `a=mid`.
    ///
    /// ## Why is this bad?
    /// A BUNDLE group lists the `a=mid` values of the media sections that share
    /// one transport (RFC 5888 §5, RFC 9143). A mid that matches no section
    /// leaves the browser unable to tell which section the group means, and it
    /// refuses the whole description: libwebrtc (Chrome, Safari, native apps)
    /// fails `setRemoteDescription` with `A BUNDLE group contains a MID='1'
    /// matching no m= section.` (older versions: `The BUNDLE group contains
    /// MID='1' matching no m= section.`). Firefox rejects it when the unknown
    /// mid is the first of the group, the one whose transport the bundle uses:
    /// `mid specified for bundle transport in group attribute does not exist in
    /// the SDP. (mid=1)`. Twilio reports this as 53402 or 32009, Telnyx as
    /// 40004.
    ///
    /// It nearly always comes from an SDP built or edited by hand: sections
    /// renamed (`a=mid:audio` while the group still says `0`), a section
    /// removed without updating the group, or a media server that numbers its
    /// mids differently from the group it writes.
    ///
    /// A group that names no mid at all (`a=group:BUNDLE` alone) is not flagged:
    /// the RFC 5888 grammar allows it, and libwebrtc accepts it.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/jsep_transport_controller.cc`): `A
    ///   BUNDLE group contains a MID='1' matching no m= section.`
    /// - Firefox (`dom/media/webrtc/sdp/SdpHelper.cpp`): `mid specified for
    ///   bundle transport in group attribute does not exist in the SDP.
    ///   (mid=1)`
    ///
    /// ## Example
    /// ```sdp
    /// a=group:BUNDLE 0 1
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=mid:audio
    /// m=video 9 UDP/TLS/RTP/SAVPF 96
    /// a=mid:video
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=group:BUNDLE audio video
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=mid:audio
    /// m=video 9 UDP/TLS/RTP/SAVPF 96
    /// a=mid:video
    /// ```
    ///
    /// ## References
    /// - RFC 5888 §4 (`a=mid`), §5 (`a=group` lists identification tags of media lines)
    /// - RFC 9143 §7 (BUNDLE offer/answer procedures)
    /// - RFC 9429 §5.2.1 (a JSEP offer bundles its sections by mid)
    pub(crate) const DOCS;
}

/// Checks every mid of every session-level BUNDLE group against the
/// sections' mids.
pub(crate) fn bundle_unknown_mid(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    // The sections' mids, sorted, built at the first BUNDLE group: a mid is
    // then found by binary search, so a group of 10,000 mids over 10,000
    // sections stays O(n log n). Eight mids fit inline, so the usual
    // description allocates nothing.
    let mut known: Option<SmallVec<[&str; 8]>> = None;
    // `a=group` is a session-level attribute (RFC 5888 §5).
    for (_, attr) in sdp.session_attributes() {
        let AttrValue::Group(group) = &attr.typed else { continue };
        // libwebrtc and Firefox match the semantics exactly; a `bundle` in
        // lower case is no BUNDLE group to them, so it is none here either.
        if group.semantics != "BUNDLE" {
            continue;
        }
        let known = known.get_or_insert_with(|| {
            let mut mids: SmallVec<[&str; 8]> = sdp.media().filter_map(|m| m.mid()).collect();
            mids.sort_unstable();
            mids
        });
        for mid in group.mids() {
            if known.binary_search(&mid).is_err() {
                ctx.report(bundle_unknown_mid_diagnostic(sdp.span_of(mid), mid));
            }
        }
    }
}

fn bundle_unknown_mid_diagnostic(span: Span, mid: &str) -> Finding {
    let mid = shown(mid);
    Finding::new(
        RuleId::BundleUnknownMid,
        format!("BUNDLE group names mid `{mid}`, but no media section has `a=mid:{mid}`"),
    )
    .with_label(span, "no `m=` section has this mid")
    .with_help(format!(
        "add `a=mid:{mid}` to the media section this group means, or remove `{mid}` from `a=group:BUNDLE`"
    ))
}

#[cfg(test)]
mod tests {
    use crate::{ProfileChoice, RuleId};

    /// The `bundle-unknown-mid` findings of a WebRTC description, as
    /// (start, end) byte ranges of their primary labels.
    fn hits(sdp: &str) -> Vec<(usize, usize)> {
        crate::rules::tester::session(RuleId::BundleUnknownMid, ProfileChoice::WebRtc, sdp)
            .iter()
            .filter_map(crate::finding::Finding::primary_span)
            .map(|s| (s.start as usize, s.end as usize))
            .collect()
    }

    use crate::rules::tester::BARE_HEAD as HEAD;
    const AUDIO: &str = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n";

    #[test]
    fn out_of_order_and_rejected_mids_are_known() {
        // Order does not matter, and a port-0 section still has its mid.
        let sdp = format!(
            "{HEAD}a=group:BUNDLE b a\r\n{AUDIO}a=mid:a\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:b\r\n"
        );
        assert!(hits(&sdp).is_empty());
    }

    #[test]
    fn each_unknown_mid_is_reported_on_its_token() {
        let sdp = format!("{HEAD}a=group:BUNDLE 0 x 1\r\n{AUDIO}a=mid:0\r\n");
        let found = hits(&sdp);
        let texts: Vec<&str> = found.iter().map(|&(s, e)| &sdp[s..e]).collect();
        assert_eq!(texts, ["x", "1"]);
    }

    #[test]
    fn empty_and_other_groups_are_ignored() {
        let sdp = format!("{HEAD}a=group:BUNDLE\r\na=group:LS 7\r\n{AUDIO}a=mid:0\r\n");
        assert!(hits(&sdp).is_empty());
    }
}
