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

pub(crate) use crate::finding::shown;

use crate::registry::{RULES, RuleKind};
use context::{Context, PairContext};

/// Runs every selected single-description rule that applies under the
/// context's profile.
pub(crate) fn check_session(ctx: &mut Context<'_, '_>) {
    for meta in RULES {
        if meta.kind != RuleKind::Session
            || !meta.profiles.contains(ctx.profile)
            || !ctx.options.selection.is_enabled(meta.id)
        {
            continue;
        }
        if let crate::registry::Check::Session(check) = meta.check {
            check(ctx);
        }
    }
}

/// Runs every selected offer/answer rule.
pub(crate) fn check_pair(ctx: &mut PairContext<'_, '_>) {
    for meta in RULES {
        if meta.kind != RuleKind::Pair
            || !meta.profiles.contains(ctx.profile)
            || !ctx.options.selection.is_enabled(meta.id)
        {
            continue;
        }
        if let crate::registry::Check::Pair(check) = meta.check {
            check(ctx);
        }
    }
}
