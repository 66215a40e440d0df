//! [`Context`]: what a rule sees, and where it reports.
//!
//! Rules call [`Context::report`]; the context drops findings of rules the
//! user did not select (oxc's `LintContext::add_diagnostic`). Codes and
//! severities come from the registry through the finding's `RuleId`.

use crate::diagnostic::{Finding, FindingSink};
use crate::model::SessionDescription;
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
