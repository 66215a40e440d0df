//! `invalid-line`: a line that is not `<type>=<value>`.

use crate::finding::Finding;
use crate::finding::shown;
use crate::registry::RuleId;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a line that does not have the shape `<type>=<value>`: one lower-case
    /// letter, then `=`, then the value, with no whitespace around the `=`.
    ///
    /// ## Why is this bad?
    /// RFC 8866 §5 defines every SDP line as `<type>=<value>` and says there
    /// must be no whitespace on either side of the `=`. Browsers refuse the whole
    /// description (Chrome: `Failed to parse SessionDescription. ... Invalid SDP line.`),
    /// so `setRemoteDescription` fails (Telnyx 40004, Twilio 32009/32102), and SIP
    /// stacks answer `488` or drop the call. Common causes: an SDP pasted with
    /// leading indentation, a type letter in upper case, or a copy from a log
    /// or JSON string that still holds escaped `\r\n` sequences.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Invalid SDP line.`; `Expects m
    ///   line.`
    ///
    /// ## Example
    /// ```sdp
    ///  v=0
    /// V=0
    /// a =sendrecv
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// v=0
    /// a=sendrecv
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5 (SDP specification: line format)
    /// - RFC 8866 §9 (ABNF grammar)
    pub(crate) const DOCS;
    // Attached under the SIP profile by `rules::sip::judge_syntax`.
    stacks = [crate::stacks::PJSIP_BAD_SDP, crate::stacks::BARESIP_CALL_ERROR];
}

/// The finding for a line whose first two bytes are not `<letter>=`.
pub(crate) fn invalid_line(content: &[u8], start: usize) -> Finding {
    let whole = Span::new(start, start + content.len());
    let first = content.first().copied().unwrap_or(b' ');
    let second = content.get(1).copied();
    let finding = |message: String, span: Span, label: &'static str, help: String| {
        Finding::new(RuleId::InvalidLine, message).with_label(span, label).with_help(help)
    };
    if first == b' ' || first == b'\t' {
        let n = content.iter().take_while(|b| **b == b' ' || **b == b'\t').count();
        return finding(
            "Line starts with whitespace".into(),
            Span::new(start, start + n),
            "leading whitespace",
            "remove the leading whitespace: every SDP line starts with its type letter, as in `v=0`".into(),
        );
    }
    if first.is_ascii_uppercase() && second == Some(b'=') {
        let lower = char::from(first.to_ascii_lowercase());
        return finding(
            format!("Line type `{}` is upper case", char::from(first)),
            Span::new(start, start + 1),
            "upper-case type letter",
            format!("write `{lower}=`: SDP type letters are lower case"),
        );
    }
    if first.is_ascii_alphabetic() && matches!(second, Some(b' ' | b'\t')) {
        let n = content.iter().skip(1).take_while(|b| **b == b' ' || **b == b'\t').count();
        return finding(
            "Whitespace between the type letter and `=`".into(),
            Span::new(start + 1, start + 1 + n),
            "whitespace here",
            format!(
                "remove it: write `{}=...`; RFC 8866 §5 allows no whitespace around `=`",
                char::from(first)
            ),
        );
    }
    if first == b'=' {
        return finding(
            "Line has no type letter before `=`".into(),
            Span::new(start, start + 1),
            "type letter missing",
            "start the line with its type letter, as in `a=sendrecv`".into(),
        );
    }
    if let Some(eq) = content.iter().position(|b| *b == b'=') {
        let letters = content.get(..eq).unwrap_or_default();
        if letters.len() > 1 && letters.iter().all(u8::is_ascii_alphabetic) {
            let name = String::from_utf8_lossy(letters);
            return finding(
                format!("Line type `{}` is more than one letter", shown(&name)),
                Span::new(start, start + eq),
                "one letter expected",
                "SDP line types are a single letter (v o s i u e p c b t r z k a m); attributes go in `a=<name>:<value>`".into(),
            );
        }
    }
    finding(
        "Line is not of the form `<type>=<value>`".into(),
        whole,
        "not an SDP line",
        "every SDP line is one lower-case letter, `=`, and a value, as in `v=0`".into(),
    )
}
