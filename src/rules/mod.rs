//! The rules: one file per rule, grouped by what they look at, run by one
//! engine loop ([`run`]).
//!
//! - [`session`]: checks over one parsed description ([`context::Context`]).
//! - [`pair`]: checks over an offer and its answer
//!   ([`context::PairContext`]); findings sit on the answer, with labels
//!   into the offer.
//! - Shared code, never a rule: [`helpers`] (model queries: live sections,
//!   bundled mids, ICE, DTLS, attribute lookup), [`pair::codecs`] (codec
//!   pairing, same stream, spans and codec lists), [`session::required_codec`]
//!   (the `--require-codec` policy's sections). Message text helpers
//!   (`shown`, `capitalized`) live in [`crate::finding`], since the parser's
//!   diagnostics use them too.
//! - The syntax codes (`SDP0xxx`) are not here: the parser reports them, and
//!   their files live in `crate::parse::diagnostics`.
//!
//! A rule's code, name, severity, profiles and field codes live only in its
//! registry row ([`crate::registry`]); rule files never spell them.
//!
//! # Adding a rule
//!
//! Touch exactly these:
//!
//! 1. `src/rules/{session,pair}/<name>.rs`, named for the problem
//!    (`duplicate_mid`, read as "allow duplicate-mid"): `declare_rule!` with
//!    the doc sections `## What it does`, `## Why is this bad?`,
//!    `## Example`, `## References`; a `<name>_diagnostic` constructor; the
//!    check function `pub(crate) fn <name>(ctx: &mut Context)` (or
//!    `PairContext`) that calls `ctx.report`. Import shared code from
//!    `helpers`, `pair::codecs` or `session::required_codec` (move it there
//!    if a second rule needs it), never from another rule file. Inline edge
//!    cases use `rules::tester` (`Tester::new(..).test(pass, fail)`).
//!    If real stacks refuse what it flags (verified by the harnesses in
//!    `conformance/`): one `const` per verdict in the rule file
//!    (`StackVerdict::browser(Stack::Chromium, "<exact text>")`,
//!    `StackVerdict::sip(Stack::Pjsip, 488, "<reason>")`), listed after
//!    `const DOCS;` in `declare_rule!` as `stacks = [A, B];`, and attached to
//!    each finding with `.with_stacks(&[A])` (only the stacks that refuse
//!    that finding's case). `ctx.report` applies `--target` itself.
//! 2. `pub(crate) mod <name>;` in `session/mod.rs` or `pair/mod.rs`.
//! 3. One row in `src/registry.rs`, in code order:
//!    `NameInCamelCase "SDPnnnn" "name-in-kebab-case" Severity PROFILES &[codes] => session::<name>;`.
//!    A rule that reads the findings made before it (`ctx.earlier()`) adds
//!    `reads_earlier`, so the engine runs it after all the others. A rule
//!    about the negotiation's outcome (no common codec, an unusable codec,
//!    no media, keys or roles that cannot agree) or a row of CONTRACT.md's
//!    minimum mapping adds `outcome`: `--target` never changes its severity.
//! 4. `fixtures/rules/<CODE>/fail_*.sdp` and `pass_*.sdp` (pair rules:
//!    `fail_*.offer.sdp` + `fail_*.answer.sdp`), then accept the new
//!    snapshots (`cargo insta review`; never hand-edit a `.snap`).
//! 5. A line in CHANGELOG.md; regenerate README.md's rule table with
//!    `UPDATE_README=1 cargo test readme`.
//!
//! What the tests enforce: the build fails if the row's id, name and file
//! disagree or the file lacks `DOCS` or the check function (`registry!`);
//! the registry self-tests fail on a missing doc section, a code out of
//! order or reused, a banned name shape, or a missing `fail_`/`pass_`
//! fixture; `tests/it/stacks.rs` fails if a finding attaches a verdict its
//! rule does not declare, or a declared verdict is attached on no fixture; `tests/it/rules.rs` fails if a `fail_` fixture gives no finding
//! of the rule or a `pass_` fixture gives one, and on any snapshot change;
//! `tests/it/layers.rs` fails if the file imports another rule file or a
//! module above the rules' layer; `tests/it/readme.rs` fails while README's
//! rule table is stale.

pub(crate) mod context;
pub(crate) mod helpers;
pub(crate) mod pair;
pub(crate) mod session;
pub(crate) mod sip;
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
