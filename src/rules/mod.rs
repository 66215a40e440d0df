//! The rules: one file per rule, grouped by where they look.
//!
//! - [`session`]: checks over one parsed description.
//!
//! A rule's code, name, severity and field codes live only in
//! [`crate::registry`]; rule files never spell them.

pub(crate) mod context;
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

/// True when `line` is an `a=<name>` attribute, well-formed or not. A
/// malformed line of that name still counts as present: its own finding says
/// what is wrong with it, and a second finding saying it is absent would be
/// noise (the same reasoning as `missing-connection` for `c=`).
pub(crate) fn is_attribute(line: &crate::model::Line<'_>, name: &str) -> bool {
    match &line.kind {
        crate::model::LineKind::Attribute(a) => a.name == name,
        crate::model::LineKind::Malformed { letter: b'a', value } => value
            .strip_prefix(name.as_bytes())
            .is_some_and(|rest| rest.is_empty() || rest.first() == Some(&b':')),
        _ => false,
    }
}

/// True when the description uses ICE: a candidate or ICE credentials at
/// any level (RFC 8839 §5). A trickle-ICE offer may carry credentials and
/// no candidate yet; it still traverses NATs with ICE.
pub(crate) fn uses_ice(sdp: &crate::model::SessionDescription<'_>) -> bool {
    sdp.lines().iter().any(|line| {
        ["candidate", "ice-ufrag", "ice-pwd"].iter().any(|name| is_attribute(line, name))
    })
}

/// True when the description has an `a=fingerprint` (DTLS, RFC 8122 §5) at
/// any level.
pub(crate) fn has_fingerprint(sdp: &crate::model::SessionDescription<'_>) -> bool {
    sdp.lines().iter().any(|line| is_attribute(line, "fingerprint"))
}

/// The `c=` lines that give a live media section (port not 0) its address:
/// each live section's own `c=` lines, then the session-level `c=` line if
/// some live section has none of its own (RFC 8866 §5.7). A section whose
/// `c=` line is malformed has one, so it does not fall back to the session's.
pub(crate) fn live_connections<'s, 'a>(
    sdp: &'s crate::model::SessionDescription<'a>,
) -> impl Iterator<Item = (&'s crate::model::Line<'a>, &'s crate::model::Connection<'a>)> {
    let live = move || sdp.media().filter(|m| !m.is_port_zero());
    let session_used = live().any(|m| !m.has_connection_line());
    let session = sdp.session_connection().filter(|_| session_used);
    let media = live().flat_map(|m| {
        m.lines().iter().filter_map(|line| match &line.kind {
            crate::model::LineKind::Connection(c) => Some((line, c)),
            _ => None,
        })
    });
    session.into_iter().chain(media)
}
