//! `multiple-fingerprints`: two `a=fingerprint` lines with the same hash
//! function at one level, so the certificate they name is ambiguous.

use crate::finding::Finding;
use crate::model::{Line, LineKind};
use crate::parse::attribute::{AttrValue, Fingerprint};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags two `a=fingerprint` lines with the same hash function at one
    /// level. A level is the session level, or one media section; hash names
    /// are compared without regard to case (`SHA-256` and `sha-256` are one
    /// function), and each repeat is reported against the first.
    ///
    /// Several fingerprints with different hash functions are allowed
    /// (RFC 8122 §5, for hash agility) and not flagged, nor is a media-level
    /// fingerprint that overrides a session-level one.
    ///
    /// ## Why is this bad?
    /// Two digests made with the same hash describe two certificates, or one
    /// of them is stale; the peer cannot tell which certificate to expect, and
    /// stacks resolve it differently:
    ///
    /// - Chrome (libwebrtc) keeps only one fingerprint per level. At session
    ///   level a second `a=fingerprint` (of any hash) fails
    ///   `setRemoteDescription` with "Can't have multiple fingerprint
    ///   attributes at the same level."; in a media section the last line
    ///   silently wins.
    /// - Firefox keeps every fingerprint and checks the certificate against
    ///   the list.
    ///
    /// So the same description can connect from one browser and fail the
    /// DTLS handshake from another when the surviving digest belongs to the
    /// wrong certificate (Telnyx 40004). A gateway that appends its own
    /// fingerprint to one copied from the other leg is the usual source.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Can't have multiple fingerprint
    ///   attributes at the same level.`
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3B:B2:57:9A:03:38:73:0D:2E:C0:39:EC
    /// a=fingerprint:sha-256 AB:59:EA:CD:C7:62:3C:03:F1:DA:45:57:A1:DC:D7:96:88:21:9B:3C:BE:C7:0D:8B:98:E0:CC:4D:CA:4E:E2:F3
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3B:B2:57:9A:03:38:73:0D:2E:C0:39:EC
    /// ```
    ///
    /// ## References
    /// - RFC 8122 §5 (several fingerprints are for several hash functions of one certificate)
    /// - RFC 8842 §5 (DTLS in SDP offer/answer)
    pub(crate) const DOCS;
}

/// Checks the session level, then each media section.
pub(crate) fn multiple_fingerprints(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    check_level(ctx, sdp.session_lines(), None);
    for media in sdp.media() {
        let kind = media.media_line().map(|m| m.media);
        check_level(ctx, media.lines(), Some(kind.unwrap_or("")));
    }
}

/// Reports repeated hash functions among the fingerprints of one level.
/// `section` is the media kind, or `None` for the session level.
fn check_level(ctx: &mut Context<'_, '_>, lines: &[Line<'_>], section: Option<&str>) {
    let fingerprints = || {
        lines.iter().filter_map(|line| match &line.kind {
            LineKind::Attribute(a) => match a.typed {
                AttrValue::Fingerprint(fp) => Some((line.span, fp)),
                _ => None,
            },
            _ => None,
        })
    };
    // One fingerprint per level is the norm: no allocation then.
    if fingerprints().nth(1).is_none() {
        return;
    }
    // Sort by case-folded hash name (stable, so each run keeps input order
    // and its head is the first occurrence): linear after the sort, however
    // many lines repeat.
    let mut sorted: Vec<(Span, Fingerprint<'_>)> = fingerprints().collect();
    sorted.sort_by(|(_, a), (_, b)| folded(a.hash_func).cmp(folded(b.hash_func)));
    let mut duplicates: Vec<(Span, Span, &str)> = Vec::new();
    for run in sorted.chunk_by(|(_, a), (_, b)| a.hash_func.eq_ignore_ascii_case(b.hash_func)) {
        let Some(((first, _), rest)) = run.split_first() else { continue };
        duplicates.extend(rest.iter().map(|(dup, fp)| (*dup, *first, fp.hash_func)));
    }
    // Report in input order, for a stable sink order whatever the hashes.
    duplicates.sort_by_key(|(dup, _, _)| *dup);
    for (dup, first, hash_func) in duplicates {
        ctx.report(multiple_fingerprints_diagnostic(dup, first, hash_func, section));
    }
}

/// The ASCII-lower-cased bytes of a hash name, compared without allocating.
fn folded(name: &str) -> impl Iterator<Item = u8> + '_ {
    name.bytes().map(|b| b.to_ascii_lowercase())
}

fn multiple_fingerprints_diagnostic(
    dup: Span,
    first: Span,
    hash_func: &str,
    section: Option<&str>,
) -> Finding {
    let hash_func = crate::rules::shown(hash_func);
    let level = match section {
        Some(kind) => format!("in media section `{}`", crate::rules::shown(kind)),
        None => "at session level".to_owned(),
    };
    Finding::new(
        RuleId::MultipleFingerprints,
        format!("Two `a=fingerprint` lines with hash function `{hash_func}` {level}"),
    )
    .with_label(dup, "duplicated here")
    .with_label(first, format!("first `{hash_func}` fingerprint here"))
    .with_help(format!(
        "keep only the `a=fingerprint:{hash_func}` line of the certificate this endpoint presents; several fingerprints must use different hash functions"
    ))
}
