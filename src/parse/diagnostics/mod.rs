//! The parser's diagnostics: faults in the shape, order or grammar of lines,
//! reported by the parser (`crate::parse`) as it reads. One file per syntax
//! code (`SDP0xxx`): its documentation (`DOCS`, shown by `sdpcheck explain`)
//! and the constructors of its findings. The registry lists these codes with
//! `RuleKind::Syntax`; no engine runs them.

pub(crate) mod blank_line;
pub(crate) mod byte_order_mark;
pub(crate) mod duplicate_line;
pub(crate) mod empty_session_name;
pub(crate) mod invalid_line;
pub(crate) mod invalid_utf8;
pub(crate) mod limit_exceeded;
pub(crate) mod line_out_of_order;
pub(crate) mod lone_carriage_return;
pub(crate) mod malformed_attribute;
pub(crate) mod malformed_field;
pub(crate) mod malformed_number;
pub(crate) mod missing_required_line;
pub(crate) mod nul_byte;
pub(crate) mod number_out_of_range;
pub(crate) mod unknown_line_type;
pub(crate) mod unsupported_version;

/// `` `m=` `` for a line letter, for messages.
pub(crate) fn line_name(letter: u8) -> String {
    format!("`{}=`", char::from(letter))
}

use crate::finding::Finding;
use crate::parse::attribute;
use crate::parse::error::{FieldError, FieldErrorKind};
use crate::registry::RuleId;
use crate::span::{Span, span_of};

/// Turns a grammar error on one line into the finding of the matching rule.
///
/// `letter` is the line type, `attr` the attribute name for `a=` lines, and
/// `text` the line's value (from which `err.at` is borrowed).
pub(crate) fn field_error(
    src: &[u8],
    letter: u8,
    attr: Option<&str>,
    text: &str,
    err: FieldError<'_>,
) -> Finding {
    let span = span_of(src, err.at.as_bytes());
    let form = attr.and_then(attribute::form).unwrap_or_else(|| crate::parse::line_form(letter));
    let what_line = match attr {
        Some(name) => format!("`a={}`", crate::finding::shown(name)),
        None => line_name(letter),
    };
    if let Some(escape) = text.find("\\r\\n").or_else(|| text.find("\\n")) {
        let at = span_of(src, text.get(escape..escape + 2).unwrap_or_default().as_bytes());
        return malformed_field::escaped_line_breaks(at);
    }
    // A value that ends in whitespace fails on the empty field after it;
    // name the real fault, the trailing whitespace.
    let trimmed = text.trim_end_matches([' ', '\t']);
    if err.at.is_empty()
        && trimmed.len() < text.len()
        && span.start as usize == span_of(src, text.as_bytes()).end as usize
    {
        let ws = span_of(src, text.get(trimmed.len()..).unwrap_or_default().as_bytes());
        let token = text.get(trimmed.len()..).unwrap_or_default();
        let rule = if letter == b'a' { RuleId::MalformedAttribute } else { RuleId::MalformedField };
        let finding = trailing_finding(rule, ws, &what_line, token, form);
        // RFC 8866 values are byte-strings, so a trailing space is part of
        // the value; what matters is whether the value still reads. Firefox
        // trims it; libwebrtc refuses it where the value is a token it
        // checks (probes `trailing-space-setup`, `-ice-pwd`, `-mid`).
        return match attr {
            Some("setup" | "ice-pwd" | "ice-ufrag" | "mid") => {
                finding.with_stacks(crate::registry::said::TRAILING_SPACE_CHROMIUM)
            }
            Some(_) => finding.with_stacks(&[]),
            None => finding,
        };
    }
    let at_end = span.start == span_of(src, text.as_bytes()).end;
    // `c=` with a `/ttl` or `/count` on a unicast address: libwebrtc refuses
    // any suffix, SIPCC ignores it (probe `c-ipv4-unicast-ttl`).
    let suffix = letter == b'c'
        && matches!(err.kind, FieldErrorKind::Expected(what) if what.contains("`/` suffix"));
    let finding = match err.kind {
        FieldErrorKind::Expected(what) if letter == b'a' => {
            malformed_attribute::malformed_attribute(span, &what_line, err.at, what, form, at_end)
        }
        FieldErrorKind::Expected(what) => {
            malformed_field::malformed_field(span, &what_line, err.at, what, form, at_end)
        }
        FieldErrorKind::Trailing if letter == b'a' => {
            malformed_attribute::trailing(span, &what_line, err.at, form)
        }
        FieldErrorKind::Trailing => malformed_field::trailing(span, &what_line, err.at, form),
        FieldErrorKind::NotANumber(what) => {
            malformed_number::malformed_number(span, &what_line, err.at, what, form)
        }
        FieldErrorKind::Limit { what, max } => limit_exceeded::count_limit(span, what, max),
        FieldErrorKind::OutOfRange { what, min, max } => {
            let finding =
                number_out_of_range::number_out_of_range(span, &what_line, err.at, what, min, max);
            // Both browsers ignore an `a=rtpmap` they cannot use (`/0`
            // channels: fixture `parse/rtpmap-channels-zero.sdp`); the
            // payload type is then unmapped, which they also accept.
            if attr == Some("rtpmap") && what == "channels" {
                finding.with_stacks(&[])
            } else {
                finding
            }
        }
    };
    // Firefox is lenient where libwebrtc is not: it leaves a malformed
    // candidate to the ICE agent, and reads a port the C way (`0x1F4`).
    let hex = err.at.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x"));
    match (letter, attr) {
        (b'a', Some("candidate")) => finding.with_stacks(crate::registry::said::CANDIDATE_CHROMIUM),
        (b'm', _) if hex => finding.with_stacks(crate::registry::said::PORT_HEX_CHROMIUM),
        (b'c', _) if suffix => finding.with_stacks(crate::registry::said::ADDRESS_SUFFIX),
        _ => finding,
    }
}

/// "the form is `<form>`", keeping an ", e.g. `<example>`" tail outside the
/// backticks.
pub(crate) fn form_help(form: &str) -> String {
    match form.split_once(", e.g. ") {
        Some((shape, example)) => format!("the form is `{shape}`, e.g. {example}"),
        None => format!("the form is `{form}`"),
    }
}

/// Shared by `malformed-field` and `malformed-attribute`.
pub(crate) fn trailing_finding(
    rule: RuleId,
    span: Span,
    line: &str,
    token: &str,
    form: &str,
) -> Finding {
    if token.trim().is_empty() {
        Finding::new(rule, format!("Trailing whitespace after the {line} value"))
            .with_label(span, "trailing whitespace")
            .with_help("remove the trailing whitespace: strict parsers read it as an empty field")
    } else {
        Finding::new(
            rule,
            format!("Unexpected `{}` after the {line} value", crate::finding::shown(token)),
        )
        .with_label(span, "unexpected text")
        .with_help(form_help(form))
    }
}
