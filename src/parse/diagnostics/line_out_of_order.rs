//! `line-out-of-order`: a line where RFC 8866 §5's order does not allow it.

use crate::finding::Finding;
use crate::model::Line;
use crate::registry::RuleId;

declare_rule! {
    /// ## What it does
    /// Flags a line that breaks the order RFC 8866 §5 fixes: at session level
    /// `v o s i u e p c b t r z k a`, then the media sections, each
    /// `m i c b k a`. Also flags `v=` anywhere but first, `r=` not following a
    /// `t=`, and session-only lines (`o s u e p t r z`) inside a media section.
    ///
    /// ## Why is this bad?
    /// The order is part of the grammar, and parsers rely on it: libwebrtc reads
    /// the session lines in sequence and fails with `Expect line: s=` when one is
    /// out of place; a `t=` after the first `m=` is read as part of that media
    /// section. The call fails to set up (Telnyx 40004, Twilio 32009).
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Expect line: o=`; `Expect line:
    ///   s=`; `Expect line: t=`; `Expects m line.`
    ///
    /// ## Example
    /// ```sdp
    /// v=0
    /// s=-
    /// o=- 20518 0 IN IP4 203.0.113.1
    /// t=0 0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// v=0
    /// o=- 20518 0 IN IP4 203.0.113.1
    /// s=-
    /// t=0 0
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5 (the order of lines)
    /// - RFC 8866 §9 (`session-description` and `media-description` grammar)
    pub(crate) const DOCS;
}

fn name(letter: u8) -> char {
    char::from(letter)
}

/// A line placed after a line that must follow it.
pub(crate) fn out_of_order(
    line: &Line<'_>,
    letter: u8,
    later: Option<&Line<'_>>,
    in_media: bool,
) -> Finding {
    let l = name(letter);
    let (message, help) = match later.and_then(|x| x.kind.letter()) {
        Some(after) => (
            format!("`{l}=` line is out of order: it must come before `{}=`", name(after)),
            if in_media {
                format!(
                    "move `{l}=` up: inside a media section the order is m i c b k a (RFC 8866 §5)"
                )
            } else {
                format!(
                    "move `{l}=` up: the session-level order is {} (RFC 8866 §5)",
                    crate::parse::session_order()
                )
            },
        ),
        None => {
            (format!("`{l}=` line is out of order"), "follow the order of RFC 8866 §5".to_owned())
        }
    };
    let mut f = Finding::new(RuleId::LineOutOfOrder, message)
        .with_label(line.span, "out of order")
        .with_help(help);
    if let Some(later) = later {
        f = f.with_label(later.span, format!("`{l}=` belongs before this line"));
    }
    f
}

/// A session-level line inside a media section.
pub(crate) fn session_line_in_media(
    line: &Line<'_>,
    letter: u8,
    m_line: Option<&Line<'_>>,
) -> Finding {
    let l = name(letter);
    let mut f = Finding::new(RuleId::LineOutOfOrder, format!("`{l}=` line inside a media section"))
        .with_label(line.span, "session-level line")
        .with_help(format!(
            "move `{l}=` above the first `m=` line: it belongs to the session level"
        ));
    if let Some(m) = m_line {
        f = f.with_label(m.span, "media section starts here");
    }
    f
}

/// `v=` that is not the first line.
pub(crate) fn version_not_first(line: &Line<'_>, first: Option<&Line<'_>>) -> Finding {
    let mut f = Finding::new(RuleId::LineOutOfOrder, "`v=` is not the first line")
        .with_label(line.span, "`v=` here")
        .with_help("put `v=0` first: every SDP starts with it (RFC 8866 §5.1)");
    if let Some(first) = first.filter(|f| f.span != line.span) {
        f = f.with_label(first.span, "the description starts here");
    }
    f
}

/// `r=` that does not follow `t=` or another `r=`.
pub(crate) fn repeat_without_timing(line: &Line<'_>) -> Finding {
    Finding::new(RuleId::LineOutOfOrder, "`r=` line does not follow a `t=` line")
        .with_label(line.span, "`r=` here")
        .with_help("put each `r=` line right after the `t=` line it repeats (RFC 8866 §5.10)")
}
