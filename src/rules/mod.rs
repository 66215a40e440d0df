//! The rules: one file per rule, grouped by where they look.
//!
//! - [`session`]: checks over one parsed description.
//!
//! A rule's code, name, severity and field codes live only in
//! [`crate::registry`]; rule files never spell them.

pub(crate) mod context;
pub(crate) mod helpers;
pub(crate) mod pair;
pub(crate) mod session;
#[cfg(test)]
pub(crate) mod tester;

pub(crate) use crate::finding::shown;

use crate::profile::Profile;
use std::sync::OnceLock;

use crate::registry::{Check, RULES, RuleKind, RuleMeta};
use crate::select::Selection;
use context::{Context, PairContext};

/// What the engine needs from a rule context: which rules apply, and how to
/// call one.
pub(crate) trait Engine {
    /// The kind of rule this context runs.
    const KIND: RuleKind;
    /// The profile the rules run under.
    fn profile(&self) -> Profile;
    /// The rules the user selected.
    fn selection(&self) -> &Selection;
    /// Calls one rule's check function.
    fn call(&mut self, check: Check);
}

/// The one dispatch loop, for session and pair rules alike: every rule of
/// the context's kind that applies under its profile and is selected runs
/// once, in code order, except that a rule which reads the findings made
/// before it (`reads_earlier` in its registry row) runs after all the others. The
/// selection is checked here, once per rule; rules report without asking.
pub(crate) fn run<E: Engine>(ctx: &mut E) {
    for meta in order(E::KIND) {
        if meta.profiles.contains(ctx.profile()) && ctx.selection().is_enabled(meta.id) {
            ctx.call(meta.check);
        }
    }
}

/// The rules of one kind in the order they run, worked out once per
/// process: a check then walks only its kind's rows.
fn order(kind: RuleKind) -> &'static [&'static RuleMeta] {
    static ORDER: OnceLock<[Vec<&'static RuleMeta>; 2]> = OnceLock::new();
    let [session, pair] = ORDER.get_or_init(|| {
        let of = |kind: RuleKind| -> Vec<&'static RuleMeta> {
            let first = RULES.iter().filter(|m| m.kind == kind && !m.reads_earlier);
            first.chain(RULES.iter().filter(|m| m.kind == kind && m.reads_earlier)).collect()
        };
        [of(RuleKind::Session), of(RuleKind::Pair)]
    });
    match kind {
        RuleKind::Session => session,
        RuleKind::Pair => pair,
        RuleKind::Syntax => &[],
    }
}

impl Engine for Context<'_, '_> {
    const KIND: RuleKind = RuleKind::Session;

    fn profile(&self) -> Profile {
        self.profile
    }

    fn selection(&self) -> &Selection {
        &self.options.selection
    }

    fn call(&mut self, check: Check) {
        if let Check::Session(check) = check {
            check(self);
        }
    }
}

impl Engine for PairContext<'_, '_> {
    const KIND: RuleKind = RuleKind::Pair;

    fn profile(&self) -> Profile {
        self.profile
    }

    fn selection(&self) -> &Selection {
        &self.options.selection
    }

    fn call(&mut self, check: Check) {
        if let Check::Pair(check) = check {
            check(self);
        }
    }
}
