//! `bundle-not-subset`: an answer BUNDLE group that names a mid the offer
//! did not bundle, or that exists although the offer had no BUNDLE group.

use smallvec::SmallVec;

use crate::finding::Finding;
use crate::model::{Line, SessionDescription};
use crate::parse::attribute::{AttrValue, Group};
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an answer BUNDLE group that is not a subset of an offered one.
    ///
    /// That is: a mid the offer did not bundle, a mid taken from another
    /// offered BUNDLE group, or a BUNDLE group in an answer to an offer that
    /// had none.
    ///
    /// Removing mids is not flagged: the answerer may leave a section out of
    /// the group (RFC 9143 §7.3.2, §7.3.3), normally by rejecting it with
    /// port 0. (libwebrtc refuses a renegotiation answer that drops a section
    /// from an established group without rejecting it; that needs the earlier
    /// exchange, which one pair does not show.) Mids are compared exactly, as `a=mid` values are
    /// case-sensitive tokens; only groups whose semantics is `BUNDLE` count,
    /// as libwebrtc and Firefox read it. Whether each mid names a section is
    /// `bundle-unknown-mid`'s concern.
    ///
    /// ## Why is this bad?
    /// BUNDLE is negotiated: the offerer proposes which sections share one
    /// transport, and the answerer accepts the group or shrinks it
    /// (RFC 9143 §7.3). An answer that adds a section the offerer meant to
    /// run on its own transport, or bundles sections the offer never
    /// grouped, describes transports the offerer never set up; ICE and DTLS
    /// then run on a different set of ports on each side.
    ///
    /// libwebrtc (Chrome, Safari, native apps) checks exactly this when it
    /// applies a remote answer, and fails `setRemoteDescription` with "A
    /// BUNDLE group in answer contains a MID='2' that was not in the offered
    /// group." (a mid added to the group), "A BUNDLE group was added in the
    /// answer that did not exist in the offer." (a group whose first mid the
    /// offer did not bundle, or any group when the offer had none), or "A MID
    /// in the answer has changed group." (two answer groups made from one
    /// offered group). Twilio reports it as 53402 or 32009, Telnyx as 40004.
    /// The usual source is a server (an SFU, a SIP-to-WebRTC gateway) that
    /// writes its BUNDLE group from its own list of transceivers or from a
    /// template instead of from the offer, for instance still listing a
    /// transceiver the browser has stopped offering.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/jsep_transport_controller.cc`): `A
    ///   BUNDLE group in answer contains a MID='2' that was not in the offered
    ///   group.`; `A BUNDLE group was added in the answer that did not exist in
    ///   the offer.`; `A MID in the answer has changed group.`
    ///
    /// ## Example
    /// Offer:
    /// ```sdp
    /// a=group:BUNDLE 0 1
    /// ```
    /// Answer, whose third section the offer did not bundle:
    /// ```sdp
    /// a=group:BUNDLE 0 1 2
    /// ```
    ///
    /// Use instead, in the answer:
    /// ```sdp
    /// a=group:BUNDLE 0 1
    /// ```
    ///
    /// ## References
    /// - RFC 9143 §7.3 (the answerer accepts the offered BUNDLE group or removes mids from it; it never adds one), §7.3.2 (moving a section out of the group)
    /// - RFC 5888 §5, §9.2 (`a=group` in offers and answers: an answer only groups what the offer grouped)
    /// - RFC 9429 (JSEP) §5.3.1 (the answer's BUNDLE group)
    pub(crate) const DOCS;
}

/// Checks each answer BUNDLE group against the offer's BUNDLE groups.
pub(crate) fn bundle_not_subset(ctx: &mut PairContext<'_, '_>) {
    let (offer, answer) = (ctx.offer, ctx.answer);
    // The offer's groups are built only when the answer bundles at all (not
    // in a SIP answer), and a usual WebRTC offer's fit inline: no
    // allocation either way.
    let mut offered: Option<Offered<'_, '_>> = None;
    for (line, attr) in answer.session_attributes() {
        let Some(group) = bundle(&attr.typed) else { continue };
        let offered = offered.get_or_insert_with(|| Offered::new(offer));
        if offered.groups.is_empty() {
            // An empty group bundles nothing: harmless, and not a subset
            // question.
            if group.mids().next().is_some() {
                let span = attr.value.map_or(line.span, |v| answer.span_of(v));
                let offer_first = offer.lines().first().map_or(Span::empty(0), |l| l.span);
                ctx.report(no_offered_group_diagnostic(span, offer_first));
            }
            continue;
        }
        // The offered group this answer group shrinks: the one holding its
        // first mid that the offer bundled at all.
        let target = group.mids().find_map(|mid| offered.group_of(mid));
        // The corrected line, built once per group (at the first wrong mid),
        // so a group of 10,000 wrong mids stays linear.
        let mut fixed: Option<Option<String>> = None;
        for mid in group.mids() {
            let wrong = match offered.group_of(mid) {
                None => Wrong::NotBundled,
                Some(g) if Some(g) != target => Wrong::OtherGroup,
                Some(_) => continue,
            };
            let shown_in = target.or(Some(0)).and_then(|g| offered.groups.get(g));
            let offer_at = shown_in.map(|(l, _)| l.span);
            let fixed =
                fixed.get_or_insert_with(|| fixed_group(group, |m| offered.group_of(m) == target));
            ctx.report(bundle_not_subset_diagnostic(
                wrong,
                answer.span_of(mid),
                mid,
                offer_at,
                fixed.as_deref(),
            ));
        }
    }
}

/// The offer's BUNDLE groups, and which group each bundled mid is in.
struct Offered<'s, 'a> {
    /// Each group with its line, in order.
    groups: SmallVec<[(&'s Line<'a>, Group<'a>); 2]>,
    /// (mid, index into `groups`), sorted: a mid is found by binary search,
    /// so 10,000 mids stay O(n log n). Only looked up, never iterated into
    /// output, so the findings stay in input order.
    index: SmallVec<[(&'a str, usize); 8]>,
}

impl<'s, 'a> Offered<'s, 'a> {
    fn new(offer: &'s SessionDescription<'a>) -> Self {
        let groups: SmallVec<[_; 2]> = offer
            .session_attributes()
            .filter_map(|(line, attr)| bundle(&attr.typed).map(|g| (line, g)))
            .collect();
        let mut index: SmallVec<[_; 8]> = groups
            .iter()
            .enumerate()
            .flat_map(|(i, (_, group))| group.mids().map(move |mid| (mid, i)))
            .collect();
        index.sort_unstable();
        Offered { groups, index }
    }

    /// The offered group that bundles `mid`, if any; a mid listed in two
    /// groups counts in its first.
    fn group_of(&self, mid: &str) -> Option<usize> {
        let at = self.index.partition_point(|(m, _)| *m < mid);
        self.index.get(at).filter(|(m, _)| *m == mid).map(|(_, g)| *g)
    }
}

/// The group, if `a` is an `a=group:BUNDLE` (semantics matched exactly,
/// as libwebrtc and Firefox do).
fn bundle<'a>(a: &AttrValue<'a>) -> Option<Group<'a>> {
    match a {
        AttrValue::Group(g) if g.semantics == "BUNDLE" => Some(*g),
        _ => None,
    }
}

/// The answer's group with only the mids `keep` accepts, as a line to
/// write; `None` when it would be long (a 1,000-mid group is not a help
/// line).
fn fixed_group(group: Group<'_>, keep: impl Fn(&str) -> bool) -> Option<String> {
    const MAX: usize = 80;
    let mut line = String::from("a=group:BUNDLE");
    for mid in group.mids().filter(|m| keep(m)) {
        line.push(' ');
        line.push_str(mid);
        if line.len() > MAX {
            return None;
        }
    }
    Some(line)
}

/// Why a mid of the answer's group is not allowed there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wrong {
    /// No offered BUNDLE group lists it.
    NotBundled,
    /// Another offered BUNDLE group lists it.
    OtherGroup,
}

/// `mid` at `span` in the answer; `offer_at` the offered group's line;
/// `fixed` the answer's group line without the wrong mids.
fn bundle_not_subset_diagnostic(
    wrong: Wrong,
    span: Span,
    mid: &str,
    offer_at: Option<Span>,
    fixed: Option<&str>,
) -> Finding {
    let mid = shown(mid);
    let (message, label, offer_label) = match wrong {
        Wrong::NotBundled => (
            format!("Answer BUNDLE group names mid `{mid}`, which the offer did not bundle"),
            "not in the offered BUNDLE group",
            "offered BUNDLE group",
        ),
        Wrong::OtherGroup => (
            format!("Answer BUNDLE group takes mid `{mid}` from another offered BUNDLE group"),
            "offered in a different BUNDLE group",
            "the offered group this answer group shrinks",
        ),
    };
    let help = match fixed {
        Some(line) => format!(
            "remove `{mid}` from the answer's group (`{line}`): an answer may only keep or drop the mids the offer bundled"
        ),
        None => format!(
            "remove `{mid}` from the answer's `a=group:BUNDLE`: an answer may only keep or drop the mids the offer bundled"
        ),
    };
    let finding =
        Finding::new(RuleId::BundleNotSubset, message).with_label(span, label).with_help(help);
    match offer_at {
        Some(at) => finding.with_offer_label(at, offer_label),
        None => finding,
    }
}

/// The answer's group at `span`; `offer_first` the offer's first line.
fn no_offered_group_diagnostic(span: Span, offer_first: Span) -> Finding {
    Finding::new(RuleId::BundleNotSubset, "Answer has a BUNDLE group, but the offer has none")
        .with_label(span, "bundles sections the offer gave their own transports")
        .with_offer_label(offer_first, "no `a=group:BUNDLE` in this offer")
        .with_help(
            "remove `a=group:BUNDLE` from the answer: only the offerer can propose a BUNDLE group",
        )
}

#[cfg(test)]
mod tests {
    use crate::RuleId;

    /// A WebRTC description with a session-level `groups` line block and
    /// three sections, mids `a`, `v` and `d`.
    fn sdp(groups: &str) -> String {
        format!(
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n{groups}\
             m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 192.0.2.1\r\na=mid:a\r\na=rtpmap:111 opus/48000/2\r\n\
             m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 192.0.2.1\r\na=mid:v\r\na=rtpmap:96 VP8/90000\r\n\
             m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 192.0.2.1\r\na=mid:d\r\n"
        )
    }

    /// The messages of this rule's findings on the pair.
    fn hits(offer_groups: &str, answer_groups: &str) -> Vec<String> {
        let (offer, answer) = (sdp(offer_groups), sdp(answer_groups));
        crate::rules::tester::pair(RuleId::BundleNotSubset, &offer, &answer)
            .iter()
            .map(|f| f.message().to_owned())
            .collect()
    }

    #[test]
    fn two_offered_groups() {
        let offer = "a=group:BUNDLE a v\r\na=group:BUNDLE d\r\n";
        // Each answer group shrinks one offered group: fine.
        assert!(hits(offer, "a=group:BUNDLE v a\r\na=group:BUNDLE d\r\n").is_empty());
        assert!(hits(offer, "a=group:BUNDLE a\r\n").is_empty());
        // `d` moved into the other group.
        assert_eq!(
            hits(offer, "a=group:BUNDLE a v d\r\n"),
            ["Answer BUNDLE group takes mid `d` from another offered BUNDLE group"]
        );
    }

    #[test]
    fn exact_mids_and_semantics() {
        let offer = "a=group:BUNDLE a v\r\n";
        // Mids are case-sensitive.
        assert_eq!(
            hits(offer, "a=group:BUNDLE a V\r\n"),
            ["Answer BUNDLE group names mid `V`, which the offer did not bundle"]
        );
        // A lower-case `bundle` is no BUNDLE group to libwebrtc or Firefox.
        assert!(hits("", "a=group:bundle a v\r\n").is_empty());
        // An empty group bundles nothing.
        assert!(hits("", "a=group:BUNDLE\r\n").is_empty());
    }
}
