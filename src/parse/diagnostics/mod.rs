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
        return trailing_finding(rule, ws, &what_line, token, form);
    }
    let at_end = span.start == span_of(src, text.as_bytes()).end;
    match err.kind {
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
            number_out_of_range::number_out_of_range(span, &what_line, err.at, what, min, max)
        }
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
