//! `duplicate-mid`: two media sections with the same `a=mid` value.

use smallvec::SmallVec;

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a media section whose `a=mid` value an earlier media section
    /// already uses.
    ///
    /// ## Why is this bad?
    /// The mid names one media section: BUNDLE groups, ICE candidates
    /// (`sdpMid`), the RTP MID header extension and every later offer or
    /// answer refer to sections by it, so RFC 5888 §4 requires it to be unique
    /// within the description. With two sections of the same mid, media and
    /// candidates meant for one land on the other.
    ///
    /// libwebrtc (Chrome, Safari, native apps) refuses the description:
    /// `Failed to set remote offer sdp: Duplicate a=mid value '1'.` (Twilio
    /// 53402 / 32009, Telnyx 40004). Mozilla's Rust SDP parser
    /// (mozilla/webrtc-sdp) is looser: it does not check that mids are
    /// unique, so a description it accepts can still fail in Chrome. Mids are
    /// compared byte for byte: `audio` and `Audio` are different mids.
    ///
    /// It usually comes from SDP assembled by a media server or by hand, for
    /// example by copying a media section to add a second video stream
    /// without renaming its mid. The check applies to SIP descriptions too:
    /// RFC 5888 is not WebRTC-specific.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/sdp_offer_answer.cc`): `Duplicate a=mid
    ///   value '1'.`
    ///
    /// Measured with the browser harness: Chromium 156 refuses it (`Failed to
    /// set remote offer sdp: Duplicate a=mid value '1'.`); Firefox ESR 153
    /// accepts it. The finding names Chromium only.
    ///
    /// ## Example
    /// ```sdp
    /// m=video 9 UDP/TLS/RTP/SAVPF 96
    /// a=mid:1
    /// m=video 9 UDP/TLS/RTP/SAVPF 96
    /// a=mid:1
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=video 9 UDP/TLS/RTP/SAVPF 96
    /// a=mid:1
    /// m=video 9 UDP/TLS/RTP/SAVPF 96
    /// a=mid:2
    /// ```
    ///
    /// ## References
    /// - RFC 5888 §4 (the identification tag is unique within the session description)
    /// - RFC 9143 §7 (BUNDLE groups name sections by mid)
    /// - RFC 9429 §5.2.1 (JSEP gives each m= section its own mid)
    pub(crate) const DOCS;
}

/// Checks that no two media sections share a mid.
pub(crate) fn duplicate_mid(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    // (mid, m-line index): sorted, equal mids become neighbours in m-line
    // order, so the first of each run is the first definition. O(n log n)
    // with no hashing, and eight sections fit inline without allocating.
    let mut mids: SmallVec<[(&str, usize); 8]> =
        sdp.media().filter_map(|m| Some((m.mid()?, m.index()))).collect();
    if mids.len() < 2 {
        return;
    }
    mids.sort_unstable();
    if mids.windows(2).all(|w| matches!(w, [a, b] if a.0 != b.0)) {
        return;
    }
    let mut free = FreeMids { taken: &mids, next: 0 };
    for run in mids.chunk_by(|a, b| a.0 == b.0) {
        let [(first, _), rest @ ..] = run else { continue };
        for &(dup, _) in rest {
            let suggestion = free.next_free();
            ctx.report(duplicate_mid_diagnostic(
                sdp.span_of(first),
                sdp.span_of(dup),
                dup,
                &suggestion,
            ));
        }
    }
}

/// Numeric mids that no section uses, for the help line: a fresh one per
/// duplicate, so that following every help line leaves the mids unique.
struct FreeMids<'m, 'a> {
    /// Every section's mid, sorted.
    taken: &'m [(&'a str, usize)],
    /// The next number to try. Only counting up, all the suggestions
    /// together try at most sections + duplicates numbers.
    next: usize,
}

impl FreeMids<'_, '_> {
    fn next_free(&mut self) -> String {
        loop {
            let candidate = self.next.to_string();
            self.next += 1;
            let at = self.taken.partition_point(|&(mid, _)| mid < candidate.as_str());
            if self.taken.get(at).is_none_or(|&(mid, _)| mid != candidate) {
                return candidate;
            }
        }
    }
}

fn duplicate_mid_diagnostic(first: Span, dup: Span, mid: &str, suggestion: &str) -> Finding {
    Finding::new(RuleId::DuplicateMid, format!("Media section has duplicate `a=mid:{}`", shown(mid)))
        .with_label(dup, "duplicated here")
        .with_label(first, "first defined here")
        .with_help(format!(
            "give each `m=` section its own mid: change this one to `a=mid:{suggestion}`, and update `a=group:BUNDLE` if it lists the section"
        ))
}

#[cfg(test)]
mod tests {
    use crate::{ProfileChoice, RuleId};

    /// The rule's findings: (primary label text, secondary label text, help).
    fn hits(sdp: &str) -> Vec<(String, String, String)> {
        crate::rules::tester::session(RuleId::DuplicateMid, ProfileChoice::Sip, sdp)
            .iter()
            .map(|f| {
                let line = |i: usize| {
                    f.labels()
                        .get(i)
                        .map_or(0, |l| sdp[..l.span.start as usize].matches('\n').count() + 1)
                };
                (line(0).to_string(), line(1).to_string(), f.help().unwrap_or_default().to_owned())
            })
            .collect()
    }

    fn section(mid: &str) -> String {
        format!("m=audio 49170 RTP/AVP 0\r\nc=IN IP4 203.0.113.1\r\na=mid:{mid}\r\n")
    }

    const HEAD: &str = "v=0\r\no=- 1 2 IN IP4 203.0.113.1\r\ns=-\r\nt=0 0\r\n";

    #[test]
    fn a_triple_reports_twice_against_the_first() {
        let sdp = format!("{HEAD}{}{}{}", section("a"), section("a"), section("a"));
        let found = hits(&sdp);
        // Sections start on lines 5, 8, 11; the mid is the third line of each.
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].0.as_str(), found[0].1.as_str()), ("10", "7"));
        assert_eq!((found[1].0.as_str(), found[1].1.as_str()), ("13", "7"));
        // Each duplicate gets its own free mid.
        assert!(found[0].2.contains("`a=mid:0`"), "{}", found[0].2);
        assert!(found[1].2.contains("`a=mid:1`"), "{}", found[1].2);
    }

    #[test]
    fn suggestions_skip_numbers_in_use() {
        let sdp = format!("{HEAD}{}{}{}", section("0"), section("1"), section("0"));
        let found = hits(&sdp);
        assert_eq!(found.len(), 1);
        assert!(found[0].2.contains("`a=mid:2`"), "{}", found[0].2);
    }

    #[test]
    fn case_differs_and_sections_without_mid_are_fine() {
        let plain = "m=audio 49172 RTP/AVP 0\r\nc=IN IP4 203.0.113.1\r\n";
        let sdp = format!("{HEAD}{}{}{plain}{plain}", section("audio"), section("Audio"));
        assert!(hits(&sdp).is_empty());
    }
}
