//! [`Context`]: what a rule sees, and where it reports.
//!
//! Rules call [`Context::report`]; the context drops findings of rules the
//! user did not select (oxc's `LintContext::add_diagnostic`). Codes and
//! severities come from the registry through the finding's `RuleId`.

use crate::diagnostic::{Finding, FindingSink};
use crate::model::SessionDescription;
use crate::negotiate::Negotiation;
use crate::options::Options;
use crate::profile::Profile;

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

    /// Records a finding, unless its rule is not selected.
    pub(crate) fn report(&mut self, finding: Finding) {
        if self.options.selection.is_enabled(finding.rule()) {
            self.sink.push(finding);
        }
    }
}

/// The signature of a single-description rule.
pub(crate) type CheckFn = fn(&mut Context<'_, '_>);

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
    sink: &'c mut FindingSink,
}

impl<'c, 'a> PairContext<'c, 'a> {
    pub(crate) fn new(
        offer: &'c SessionDescription<'a>,
        answer: &'c SessionDescription<'a>,
        negotiation: &'c Negotiation<'a>,
        profile: Profile,
        options: &'c Options,
        sink: &'c mut FindingSink,
    ) -> Self {
        PairContext { offer, answer, negotiation, profile, options, sink }
    }

    /// Records a finding (on the answer, with offer labels), unless its
    /// rule is not selected.
    pub(crate) fn report(&mut self, finding: Finding) {
        if self.options.selection.is_enabled(finding.rule()) {
            self.sink.push(finding);
        }
    }
}

/// The signature of an offer/answer rule.
pub(crate) type PairCheckFn = fn(&mut PairContext<'_, '_>);
