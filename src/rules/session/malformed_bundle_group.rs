//! `malformed-bundle-group`: a mid listed twice in BUNDLE groups, or a
//! BUNDLE group whose tag section is rejected.

use std::collections::HashSet;

use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::span::Span;
use crate::stacks::StackVerdict;

declare_rule! {
    /// ## What it does
    /// Flags a mid that appears twice in one `a=group:BUNDLE`, a mid that
    /// appears in two BUNDLE groups, and a BUNDLE group whose first mid (the
    /// tag, whose transport the others share) names a rejected section
    /// (port 0 without `a=bundle-only`) while the group lists others.
    ///
    /// ## Why is this bad?
    /// RFC 9143 §7.2 puts each section in at most one BUNDLE group, and
    /// §7.2.1 has the offerer's tag section carry the shared transport. The
    /// browsers differ (browser harness: probes `bundle-mid-twice`,
    /// `bundle-mid-in-two-groups`, `bundle-tag-rejected`; fixtures
    /// `SDP3030/`):
    ///
    /// - a mid in two groups: both refuse it. Chromium 156: `Failed to set
    ///   remote offer sdp: A BUNDLE group contains a MID='1' that is already
    ///   in a BUNDLE group.`; Firefox ESR 153: `mid '1' appears more than
    ///   once in a BUNDLE group`
    /// - a mid twice in one group: Firefox refuses it (`mid '0' appears more
    ///   than once in a BUNDLE group`), Chromium accepts it
    /// - a rejected tag section: Firefox refuses it (`mid specified for
    ///   bundle transport in group attribute points at a disabled
    ///   m-section. (mid=0)`), Chromium accepts it
    ///
    /// ## Example
    /// ```sdp
    /// a=group:BUNDLE 0 1 0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=group:BUNDLE 0 1
    /// ```
    ///
    /// ## References
    /// - RFC 9143 §7.2 (a section in at most one BUNDLE group), §7.2.1 (the
    ///   offerer tagged m= section)
    pub(crate) const DOCS;
}

/// Checks every BUNDLE group's mids.
pub(crate) fn malformed_bundle_group(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    let mut earlier_groups: HashSet<&str> = HashSet::new();
    for (_, attr) in sdp.session_attributes() {
        let AttrValue::Group(group) = &attr.typed else { continue };
        if group.semantics != "BUNDLE" {
            continue;
        }
        let mut this_group: HashSet<&str> = HashSet::new();
        for mid in group.mids() {
            let span = sdp.span_of(mid);
            if earlier_groups.contains(mid) {
                ctx.report(bundle_diagnostic(span, mid, Fault::TwoGroups));
            } else if !this_group.insert(mid) {
                ctx.report(bundle_diagnostic(span, mid, Fault::TwiceInGroup));
            }
        }
        if let Some(tag) = group.mids().next()
            && group.mids().nth(1).is_some()
        {
            let rejected = sdp.media().any(|m| {
                m.mid() == Some(tag)
                    && m.is_port_zero()
                    && !m.attributes().any(|(_, a)| matches!(a.typed, AttrValue::BundleOnly))
            });
            if rejected {
                ctx.report(bundle_diagnostic(sdp.span_of(tag), tag, Fault::TagRejected));
            }
        }
        earlier_groups.extend(this_group);
    }
}

/// What is wrong with a mid of a BUNDLE group.
#[derive(Debug, Clone, Copy)]
enum Fault {
    TwoGroups,
    TwiceInGroup,
    TagRejected,
}

fn bundle_diagnostic(span: Span, mid: &str, fault: Fault) -> Finding {
    let mid = shown(mid);
    let (message, help, stacks): (String, &str, &'static [StackVerdict]) = match fault {
        Fault::TwoGroups => (
            format!("mid `{mid}` is in two BUNDLE groups"),
            "list each mid in one BUNDLE group only",
            crate::registry::said::BUNDLE_MID_IN_TWO_GROUPS,
        ),
        Fault::TwiceInGroup => (
            format!(
                "mid `{mid}` appears twice in one BUNDLE group: Firefox rejects it, Chromium accepts it"
            ),
            "list each mid once",
            crate::registry::said::BUNDLE_MID_TWICE,
        ),
        Fault::TagRejected => (
            format!(
                "The BUNDLE tag section (mid `{mid}`) is rejected: Firefox rejects the group, Chromium accepts it"
            ),
            "put a live section's mid first in `a=group:BUNDLE`, or drop the rejected mid from the group",
            crate::registry::said::BUNDLE_TAG_REJECTED,
        ),
    };
    Finding::new(RuleId::MalformedBundleGroup, message)
        .with_label(span, "here")
        .with_help(help)
        .with_stacks(stacks)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{BARE_HEAD, Tester};
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn cases() {
        let two = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n";
        let ok = format!("a=group:BUNDLE 0 1\r\n{two}");
        let twice = format!("a=group:BUNDLE 0 1 0\r\n{two}");
        let two_groups = format!("a=group:BUNDLE 0 1\r\na=group:BUNDLE 1\r\n{two}");
        let tag = format!("a=group:BUNDLE 0 1\r\n{}", two.replacen("audio 9", "audio 0", 1));
        Tester::new(RuleId::MalformedBundleGroup, ProfileChoice::WebRtc)
            .head(BARE_HEAD)
            .test(&[&ok], &[&twice, &two_groups, &tag]);
    }
}
