//! The parser's own nom error type.
//!
//! A [`FieldError`] says which token broke the grammar and what was expected
//! there. It borrows the offending token from the input, so the caller turns
//! it into a [`crate::Finding`] with an exact span by pointer offset, and no
//! error allocates. Parsers in `parse::*` return it; `parse::mod` hands it to
//! `parse::diagnostics::field_error`, which turns it into the finding of the
//! matching code (`malformed-field`, `malformed-number`, ...).

use nom::error::{ErrorKind, ParseError};

/// What went wrong at a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldErrorKind {
    /// The token does not have the expected shape; names what belongs there.
    Expected(&'static str),
    /// A number was expected and the token is not `1*DIGIT`.
    NotANumber(&'static str),
    /// The token is a number but outside the range of what it names.
    OutOfRange { what: &'static str, min: u64, max: u64 },
    /// The value was complete but more text follows it.
    Trailing,
    /// A count passed one of sdpcheck's [`crate::Limits`].
    Limit { what: &'static str, max: usize },
}

/// A grammar violation at one token of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FieldError<'a> {
    /// The offending token: a sub-slice of the line, possibly empty (a value
    /// that ends too early points at the end of the line).
    pub(crate) at: &'a str,
    /// What is wrong with it.
    pub(crate) kind: FieldErrorKind,
}

impl<'a> FieldError<'a> {
    /// An `Expected` error whose token runs from `rest` to the next space.
    pub(crate) fn expected(rest: &'a str, what: &'static str) -> Self {
        FieldError { at: token_at(rest), kind: FieldErrorKind::Expected(what) }
    }

    /// An error on exactly `token`.
    pub(crate) fn at(token: &'a str, kind: FieldErrorKind) -> Self {
        FieldError { at: token, kind }
    }
}

/// The token starting at `rest`: up to the next space, or one space if
/// `rest` starts with a space (so a doubled separator is itself labelled).
pub(crate) fn token_at(rest: &str) -> &str {
    if rest.starts_with(' ') || rest.starts_with('\t') {
        return rest.get(..1).unwrap_or(rest);
    }
    let end = rest.find([' ', '\t']).unwrap_or(rest.len());
    rest.get(..end).unwrap_or(rest)
}

impl<'a> ParseError<&'a str> for FieldError<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        // Primitive nom failures only say "something else was expected here";
        // the grammar functions wrap them with `what` before they escape.
        FieldError::expected(input, "a different token")
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

/// The result type of every grammar function.
pub(crate) type PResult<'a, O> = nom::IResult<&'a str, O, FieldError<'a>>;
