//! [`Targets`]: the real stacks a run cares about (`--target`), and the one
//! place where a finding whose only claim is "a stack refuses this" becomes
//! a warning when no targeted stack refuses it.
//!
//! Each profile is judged against its own kind of stack: browsers under
//! `webrtc`, SIP stacks under `sip`. `--target` narrows a kind to the stacks
//! named; a kind with no stack named keeps every stack of that kind (so
//! `--target firefox` narrows the browsers and leaves SIP descriptions
//! judged against pjsip and baresip). With no `--target` at all, a WebRTC
//! description is judged against every browser, a SIP one against every SIP
//! stack. A finding only names the stacks of its profile's kind
//! (`rules::context` drops the others before settling it).
//!
//! The demotion is applied as rules report (`rules::context`), never by a
//! rule, and only to an error finding that names the stacks refusing it
//! ([`Finding::stacks`]) of a rule that is not an outcome rule
//! ([`crate::RuleMeta::outcome`]: the negotiation's outcome and CONTRACT.md's
//! minimum mapping keep their severity whatever the target).

use std::fmt::Write as _;

use crate::finding::{Finding, Severity};
use crate::profile::Profile;
use crate::stacks::{Stack, StackKind};

/// The stacks named with `--target` (none: every stack of the profile's kind).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Targets {
    /// One bit per [`Stack::ALL`] entry.
    named: u8,
}

impl Targets {
    /// Targets exactly these stacks (within each kind; see the module docs).
    pub fn new(stacks: impl IntoIterator<Item = Stack>) -> Self {
        let mut targets = Targets::default();
        for stack in stacks {
            targets.add(stack);
        }
        targets
    }

    /// Adds one stack.
    pub fn add(&mut self, stack: Stack) {
        self.named |= bit(stack);
    }

    /// The stacks named, in [`Stack::ALL`] order; empty by default.
    pub fn named(self) -> impl Iterator<Item = Stack> {
        Stack::ALL.into_iter().filter(move |s| self.named & bit(*s) != 0)
    }

    /// True when `stack` is targeted for a description judged under
    /// `profile`: it is of the profile's kind, and either named or its kind
    /// has no stack named.
    pub fn targets(self, stack: Stack, profile: Profile) -> bool {
        let kind = stack_kind(profile);
        if stack.kind() != kind {
            return false;
        }
        let kind_named = self.named().any(|s| s.kind() == kind);
        !kind_named || self.named & bit(stack) != 0
    }

    /// The stacks targeted under `profile`, in [`Stack::ALL`] order.
    pub fn effective(self, profile: Profile) -> impl Iterator<Item = Stack> {
        Stack::ALL.into_iter().filter(move |s| self.targets(*s, profile))
    }

    /// `finding` as reported under `profile`: an error finding of a
    /// non-outcome rule whose refusing stacks include no targeted one
    /// becomes a warning, and its help says who refuses it and who does not.
    pub(crate) fn settle(self, finding: Finding, profile: Profile) -> Finding {
        let refusers = finding.stacks();
        if refusers.is_empty()
            || finding.severity() != Severity::Error
            || finding.rule().meta().outcome
            || refusers.iter().any(|v| self.targets(v.stack, profile))
        {
            return finding;
        }
        let mut who: Vec<Stack> = refusers.iter().map(|v| v.stack).collect();
        who.sort_unstable();
        who.dedup();
        let accept: Vec<Stack> = self.effective(profile).collect();
        let mut note = String::from("A warning, not an error, for the targeted ");
        note.push_str(if accept.len() == 1 { "stack" } else { "stacks" });
        let _ = write!(
            note,
            ": only {} {} this; {} {} it.",
            join(&who),
            if who.len() == 1 { "refuses" } else { "refuse" },
            join(&accept),
            if accept.len() == 1 { "accepts" } else { "accept" },
        );
        finding.demoted(Severity::Warning, &note)
    }
}

/// The kind of stack a profile is judged against.
pub(crate) fn stack_kind(profile: Profile) -> StackKind {
    match profile {
        Profile::WebRtc => StackKind::Browser,
        Profile::Sip => StackKind::Sip,
    }
}

fn bit(stack: Stack) -> u8 {
    let at = Stack::ALL.iter().position(|s| *s == stack).unwrap_or(0);
    1 << at
}

/// `Chromium`, `Chromium and Firefox`, `a, b and c`.
fn join(stacks: &[Stack]) -> String {
    let names: Vec<&str> = stacks.iter().map(|s| s.display_name()).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::RuleId;
    use crate::stacks::StackVerdict;

    #[test]
    fn each_profile_is_judged_against_its_own_kind() {
        let none = Targets::default();
        let web: Vec<Stack> = none.effective(Profile::WebRtc).collect();
        let sip: Vec<Stack> = none.effective(Profile::Sip).collect();
        assert_eq!(web, [Stack::Chromium, Stack::Firefox]);
        assert_eq!(sip, [Stack::Pjsip, Stack::Baresip]);

        // Naming a browser narrows the browsers only.
        let firefox = Targets::new([Stack::Firefox]);
        assert_eq!(firefox.effective(Profile::WebRtc).collect::<Vec<_>>(), [Stack::Firefox]);
        assert_eq!(firefox.effective(Profile::Sip).collect::<Vec<_>>(), sip);
        // And a SIP stack the SIP stacks only.
        let pjsip = Targets::new([Stack::Pjsip]);
        assert_eq!(pjsip.effective(Profile::WebRtc).collect::<Vec<_>>(), web);
        assert_eq!(pjsip.effective(Profile::Sip).collect::<Vec<_>>(), [Stack::Pjsip]);
        // A stack of the other kind is never targeted.
        assert!(!Targets::default().targets(Stack::Chromium, Profile::Sip));
        assert!(!Targets::new([Stack::Pjsip]).targets(Stack::Pjsip, Profile::WebRtc));
    }

    const CHROMIUM: StackVerdict = StackVerdict::browser(Stack::Chromium, "Chromium says no.");
    const FIREFOX: StackVerdict = StackVerdict::browser(Stack::Firefox, "Firefox says no.");
    const PJSIP: StackVerdict = StackVerdict::sip(Stack::Pjsip, 488, "Not Acceptable Here");

    /// An error of a rule that only claims a refusal, refused by `stacks`.
    fn refusal(stacks: &'static [StackVerdict]) -> Finding {
        Finding::new(RuleId::MissingFingerprint, "no fingerprint")
            .with_help("add one")
            .with_stacks(stacks)
    }

    #[test]
    fn a_refusal_no_targeted_stack_makes_is_a_warning_that_says_why() {
        let only_firefox =
            Targets::new([Stack::Chromium]).settle(refusal(&[FIREFOX]), Profile::WebRtc);
        assert_eq!(only_firefox.severity(), Severity::Warning);
        assert_eq!(
            only_firefox.help(),
            Some(
                "add one. A warning, not an error, for the targeted stack: only Firefox refuses this; Chromium accepts it."
            )
        );
        assert_eq!(only_firefox.stacks(), [FIREFOX], "the refusal itself is still reported");
        // Under SIP by default: a browser's refusal is no SIP stack's.
        let sip = Targets::default().settle(refusal(&[CHROMIUM, FIREFOX]), Profile::Sip);
        assert_eq!(sip.severity(), Severity::Warning);
        assert!(
            sip.help()
                .unwrap()
                .ends_with("only Chromium and Firefox refuse this; pjsip and baresip accept it."),
            "{:?}",
            sip.help()
        );
        // Without a help of its own, the note is the help.
        let bare = Finding::new(RuleId::MissingFingerprint, "x").with_stacks(&[PJSIP]);
        let bare = Targets::default().settle(bare, Profile::WebRtc);
        assert_eq!(
            bare.help(),
            Some(
                "A warning, not an error, for the targeted stacks: only pjsip refuses this; Chromium and Firefox accept it."
            )
        );
    }

    #[test]
    fn a_refusal_a_targeted_stack_makes_stays_an_error() {
        for targets in
            [Targets::default(), Targets::new([Stack::Firefox]), Targets::new([Stack::Pjsip])]
        {
            let f = targets.settle(refusal(&[CHROMIUM, FIREFOX]), Profile::WebRtc);
            assert_eq!(f.severity(), Severity::Error, "{targets:?}");
            assert_eq!(f.help(), Some("add one"));
        }
        let f =
            Targets::new([Stack::Chromium, Stack::Pjsip]).settle(refusal(&[PJSIP]), Profile::Sip);
        assert_eq!(f.severity(), Severity::Error);
    }

    #[test]
    fn outcome_rules_unclaimed_refusals_and_warnings_never_change() {
        let firefox_only = Targets::new([Stack::Firefox]);
        // No stack named: the finding claims no refusal.
        let plain = Finding::new(RuleId::MissingFingerprint, "x");
        assert_eq!(firefox_only.settle(plain.clone(), Profile::WebRtc), plain);
        // An outcome rule (no common codec: 53404) and a syntax rule (the
        // minimum mapping's first row), each refused by Chromium only.
        for rule in [RuleId::NoCommonCodec, RuleId::NoMedia, RuleId::InvalidLine] {
            assert!(rule.meta().outcome, "{rule}");
            let f = Finding::new(rule, "x").with_stacks(&[CHROMIUM]);
            assert_eq!(firefox_only.settle(f.clone(), Profile::WebRtc), f, "{rule}");
        }
        // A warning already.
        let warning = Finding::new(RuleId::MultipleFingerprints, "x").with_stacks(&[CHROMIUM]);
        assert_eq!(warning.severity(), Severity::Warning);
        assert_eq!(firefox_only.settle(warning.clone(), Profile::WebRtc), warning);
    }

    #[test]
    fn the_contract_minimum_mapping_rows_are_outcome_rules() {
        // CONTRACT.md's minimum mapping: syntax, missing c=, no m=, no common
        // codec, a codec not offered, host-only candidates, the PCMA policy.
        for rule in [
            RuleId::MissingConnection,
            RuleId::NoMedia,
            RuleId::NoCommonCodec,
            RuleId::AnswerCodecNotOffered,
            RuleId::HostOnlyCandidates,
            RuleId::RequiredCodecMissing,
            RuleId::RequiredCodecNotPreferred,
        ] {
            assert!(rule.meta().outcome, "{rule}");
        }
        for meta in crate::registry::RULES {
            if meta.kind == crate::registry::RuleKind::Syntax {
                assert!(meta.outcome, "{}", meta.name);
            }
        }
        assert!(!RuleId::MissingFingerprint.meta().outcome);
    }

    #[test]
    fn rules_report_through_the_targets() {
        // The demotion is the engine's: `Context::report` applies it.
        let parsed = crate::parse(b"v=0\r\n");
        let sdp = parsed.sdp();
        let options =
            crate::Options { targets: Targets::new([Stack::Chromium]), ..Default::default() };
        let mut sink = crate::finding::FindingSink::new(10);
        let mut ctx =
            crate::rules::context::Context::new(sdp, Profile::WebRtc, &options, &mut sink);
        ctx.report(refusal(&[FIREFOX]));
        ctx.report(refusal(&[CHROMIUM]));
        let severities: Vec<Severity> = sink.findings().iter().map(Finding::severity).collect();
        assert_eq!(severities, [Severity::Warning, Severity::Error]);
    }

    #[test]
    fn names_join_as_prose() {
        assert_eq!(join(&[Stack::Firefox]), "Firefox");
        assert_eq!(join(&[Stack::Chromium, Stack::Firefox]), "Chromium and Firefox");
        assert_eq!(
            join(&[Stack::Chromium, Stack::Pjsip, Stack::Baresip]),
            "Chromium, pjsip and baresip"
        );
    }
}
