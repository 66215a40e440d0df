//! [`Context`]: what a rule sees, and where it reports.
//!
//! Rules call [`Context::report`]; only selected rules run (the engine loop,
//! `rules::run`, checks the selection once per rule), so reporting asks
//! nothing. Codes and severities come from the registry through the
//! finding's `RuleId` (oxc's `LintContext::add_diagnostic`). A rule that
//! needs what was already found reads [`Context::earlier`]: the parser's
//! findings and those of the rules that ran before it.

use std::cell::OnceCell;

use crate::finding::{Finding, FindingSink};
use crate::model::SessionDescription;
use crate::negotiate::Negotiation;
use crate::options::Options;
use crate::profile::Profile;
use crate::rules::pair::codecs::{CodecPair, codec_pairs};
use crate::targets::stack_kind;

/// One description being checked.
pub(crate) struct Context<'c, 'a> {
    /// The description.
    pub(crate) sdp: &'c SessionDescription<'a>,
    /// The profile it is judged under.
    pub(crate) profile: Profile,
    /// The run's options (required codecs, ...).
    pub(crate) options: &'c Options,
    sink: &'c mut FindingSink,
}

impl<'c, 'a> Context<'c, 'a> {
    pub(crate) fn new(
        sdp: &'c SessionDescription<'a>,
        profile: Profile,
        options: &'c Options,
        sink: &'c mut FindingSink,
    ) -> Self {
        Context { sdp, profile, options, sink }
    }

    /// Records a finding, naming only the refusing stacks of the profile's
    /// kind, at the severity `--target` leaves it ([`crate::Targets`]:
    /// decided here, for every rule alike).
    pub(crate) fn report(&mut self, finding: Finding) {
        let finding = finding.keep_stacks_of(stack_kind(self.profile));
        self.sink.push(self.options.targets.settle(finding, self.profile));
    }

    /// Whether the description is an offer or an answer, where known
    /// ([`Options::role`]): answer-only checks run on a known answer only.
    #[expect(dead_code, reason = "for the answer-only rules (issue 14, part 6)")]
    pub(crate) fn role(&self) -> crate::options::Role {
        self.options.role
    }

    /// The findings made on this description before the running rule: the
    /// parser's, then those of the rules that ran before it (a rule marked
    /// `reads_earlier` in the registry runs after all the others). Those
    /// past [`crate::Limits::max_findings`] are not kept.
    #[cfg_attr(
        not(feature = "browser-check"),
        expect(dead_code, reason = "only browser-acceptance reads earlier findings today")
    )]
    pub(crate) fn earlier(&self) -> &[Finding] {
        self.sink.findings()
    }
}

/// The signature of a single-description rule.
pub(crate) type CheckFn = fn(&mut Context<'_, '_>);

/// The codec pairs of an offer and its answer, worked out once for all the
/// pair rules that read them (on the first call) rather than once each.
pub(crate) type CodecPairCache<'c, 'a> = OnceCell<Vec<CodecPair<'c, 'a>>>;

/// An offer and its answer being checked together.
pub(crate) struct PairContext<'c, 'a> {
    /// The offer.
    pub(crate) offer: &'c SessionDescription<'a>,
    /// The answer; pair findings are reported on it.
    pub(crate) answer: &'c SessionDescription<'a>,
    /// What the two agreed on, per m= line.
    pub(crate) negotiation: &'c Negotiation<'a>,
    /// The answer's profile.
    pub(crate) profile: Profile,
    /// The run's options.
    pub(crate) options: &'c Options,
    /// Filled by [`PairContext::codec_pairs`].
    codec_pairs: &'c CodecPairCache<'c, 'a>,
    sink: &'c mut FindingSink,
}

impl<'c, 'a> PairContext<'c, 'a> {
    pub(crate) fn new(
        offer: &'c SessionDescription<'a>,
        answer: &'c SessionDescription<'a>,
        negotiation: &'c Negotiation<'a>,
        profile: Profile,
        options: &'c Options,
        codec_pairs: &'c CodecPairCache<'c, 'a>,
        sink: &'c mut FindingSink,
    ) -> Self {
        PairContext { offer, answer, negotiation, profile, options, codec_pairs, sink }
    }

    /// The live RTP sections both sides have, with their codecs
    /// ([`codec_pairs`]). The slice outlives this borrow of the context,
    /// so a rule can report while it walks it.
    pub(crate) fn codec_pairs(&self) -> &'c [CodecPair<'c, 'a>] {
        self.codec_pairs.get_or_init(|| codec_pairs(self.offer, self.answer).collect())
    }

    /// Records a finding (on the answer, with offer labels), at the
    /// severity `--target` leaves it ([`crate::Targets`]), naming only the
    /// refusing stacks of the profile's kind.
    pub(crate) fn report(&mut self, finding: Finding) {
        let finding = finding.keep_stacks_of(stack_kind(self.profile));
        self.sink.push(self.options.targets.settle(finding, self.profile));
    }
}

/// The signature of an offer/answer rule.
pub(crate) type PairCheckFn = fn(&mut PairContext<'_, '_>);
