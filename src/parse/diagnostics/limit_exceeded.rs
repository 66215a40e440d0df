//! `limit-exceeded`: the input passes one of sdpcheck's [`crate::Limits`].

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a description that crosses one of sdpcheck's limits: total size
    /// (1 MiB), line length (64 KiB), number of lines (100,000), media sections
    /// (1,024), formats on one `m=` line (1,024), `a=candidate` lines in one
    /// section (4,096), findings (1,000). The finding
    /// points at where the limit was crossed; what follows is not checked, and
    /// the finding says what was skipped. Every limit is configurable.
    ///
    /// ## Why is this bad?
    /// Real descriptions stay far below these limits (a large SFU offer is about
    /// 100 KB). Stacks in the field are much stricter: pjsip caps an m= line at
    /// 32 formats and 16 m-lines, a SIP packet at 4,000 bytes by default, and
    /// anything over about 1,300 bytes needs TCP (RFC 3261 §18.1.1). An SDP this
    /// large is refused or truncated by the peer (Twilio 32009).
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 RTP/AVP 0 8 0 8 0 8 ... (2,000 formats)
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 RTP/AVP 0 8 101
    /// ```
    ///
    /// ## References
    /// - RFC 3261 §18.1.1 (message size and transport)
    /// - pjmedia `PJMEDIA_MAX_SDP_FMT`, `PJMEDIA_MAX_SDP_MEDIA` (limits in the field)
    pub(crate) const DOCS;
}

/// The whole input is larger than `max` bytes.
pub(crate) fn sdp_too_large(max: usize) -> Finding {
    Finding::new(RuleId::LimitExceeded, format!("Description is larger than the limit of {max} bytes"))
        .with_label(Span::new(max, max + 1), "limit crossed here")
        .with_help("nothing was checked; split the input, or raise the limit if a description this large is expected")
}

/// A line longer than `max` bytes.
pub(crate) fn line_too_long(span: Span, len: usize, max: usize) -> Finding {
    Finding::new(
        RuleId::LimitExceeded,
        format!("Line is {len} bytes long, over the limit of {max}"),
    )
    .with_label(span, "limit crossed here")
    .with_help("this line was not checked; real SDP lines are far shorter")
}

/// More than `max` lines; `remaining` were skipped.
pub(crate) fn too_many_lines(span: Span, max: usize, remaining: usize) -> Finding {
    Finding::new(
        RuleId::LimitExceeded,
        format!("More than {max} lines; {} not checked", the_last(remaining, "line")),
    )
    .with_label(span, "limit crossed here")
    .with_help("split the input, or raise the line limit if this is expected")
}

/// More than `max` media sections: the one at `span` and the `sections - 1`
/// after it (`lines` lines in all, from `span` on) were skipped.
pub(crate) fn too_many_media(span: Span, max: usize, sections: usize, lines: usize) -> Finding {
    Finding::new(
        RuleId::LimitExceeded,
        format!(
            "More than {max} media sections; {} (from here, {}) {} not checked",
            the_last_of(sections, "section"),
            count(lines, "line"),
            if sections == 1 { "was" } else { "were" }
        ),
    )
    .with_label(span, "limit crossed here")
    .with_help(
        "real peers cap media sections far lower (pjsip: 16); raise the limit if this is expected",
    )
}

/// More than `max` `a=candidate` lines in one media section (or at the
/// session level, when `in_media` is false); `skipped` of them, from `span`
/// on, were not checked.
pub(crate) fn too_many_candidates(
    span: Span,
    max: usize,
    skipped: usize,
    in_media: bool,
) -> Finding {
    let place = if in_media { "in one media section" } else { "at the session level" };
    Finding::new(
        RuleId::LimitExceeded,
        format!(
            "More than {max} `a=candidate` lines {place}; {} not checked",
            the_last(skipped, "candidate")
        ),
    )
    .with_label(span, "limit crossed here")
    .with_help("real ICE agents gather a few dozen candidates (pjnath: 32); raise the limit if this is expected")
}

/// Findings past the cap were dropped; anchored at the start of the input.
pub(crate) fn findings_dropped(dropped: usize, max: usize) -> Finding {
    Finding::new(
        RuleId::LimitExceeded,
        if dropped == 1 {
            format!("1 more finding was not reported (limit {max})")
        } else {
            format!("{dropped} more findings were not reported (limit {max})")
        },
    )
    .with_label(Span::empty(0), "findings limit reached")
    .with_help("fix the findings above first; the rest are likely the same faults repeated")
}

/// A count within one line (such as formats on an `m=` line) over `max`.
pub(crate) fn count_limit(span: Span, what: &str, max: usize) -> Finding {
    Finding::new(RuleId::LimitExceeded, format!("More than {max} {what}"))
        .with_label(span, "limit crossed here")
        .with_help("the rest of this line was not checked; real peers accept far fewer (pjsip: 32 formats per m= line)")
}

/// `the last 5 lines were` / `the last line was`.
fn the_last(n: usize, noun: &str) -> String {
    format!("{} {}", the_last_of(n, noun), if n == 1 { "was" } else { "were" })
}

/// `the last 5 lines` / `the last line`.
fn the_last_of(n: usize, noun: &str) -> String {
    if n == 1 { format!("the last {noun}") } else { format!("the last {n} {noun}s") }
}

/// `5 lines` / `1 line`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
