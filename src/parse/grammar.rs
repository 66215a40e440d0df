//! Grammar primitives shared by every line and attribute parser.
//!
//! These follow the RFC 8866 §9 ABNF rule names (`token`, `non-ws-string`,
//! `byte-string`, `integer`). Each takes the name of what it reads, so a
//! failure says "expected payload type" rather than nom's `TakeWhile1`.
//! Numbers are parsed into their exact target type: a non-digit token is
//! never coerced to 0 and an out-of-range value is never saturated.

use nom::Parser;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::combinator::rest;

use super::error::{FieldError, FieldErrorKind, PResult};

/// RFC 8866 §9 `token-char`: visible ASCII except the separators.
pub(crate) fn is_token_char(c: char) -> bool {
    matches!(c, '\x21' | '\x23'..='\x27' | '\x2A'..='\x2B' | '\x2D'..='\x2E'
        | '0'..='9' | 'A'..='Z' | '\x5E'..='\x7E')
}

/// RFC 8866 §9 `non-ws-string`: visible characters, any non-ASCII.
pub(crate) fn is_non_ws_char(c: char) -> bool {
    (c > ' ' && c != '\x7F') || !c.is_ascii()
}

/// `1*token-char`, named `what` in errors.
pub(crate) fn token<'a>(what: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| {
        take_while1(is_token_char)
            .parse(i)
            .map_err(|_: nom::Err<FieldError<'a>>| nom::Err::Error(FieldError::expected(i, what)))
    }
}

/// `non-ws-string`, named `what` in errors.
pub(crate) fn non_ws<'a>(what: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| {
        take_while1(is_non_ws_char)
            .parse(i)
            .map_err(|_: nom::Err<FieldError<'a>>| nom::Err::Error(FieldError::expected(i, what)))
    }
}

/// Exactly one SP. A second space, a tab or a missing separator is an error
/// on that character: SDP fields are separated by exactly one space.
pub(crate) fn sp<'a>(what_next: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| {
        let (after, space) = tag(" ").parse(i).map_err(|_: nom::Err<FieldError<'a>>| {
            nom::Err::Error(FieldError::expected(i, what_next))
        })?;
        if after.starts_with(' ') || after.starts_with('\t') {
            let doubled = after.get(..1).unwrap_or(after);
            return Err(nom::Err::Error(FieldError::at(
                doubled,
                FieldErrorKind::Expected(what_next),
            )));
        }
        Ok((after, space))
    }
}

/// A literal `c` (such as `/` or `:`), named `what` in errors.
pub(crate) fn literal<'a>(
    lit: &'static str,
    what: &'static str,
) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| {
        tag(lit)
            .parse(i)
            .map_err(|_: nom::Err<FieldError<'a>>| nom::Err::Error(FieldError::expected(i, what)))
    }
}

/// A type a decimal field parses into, with its inclusive range.
pub(crate) trait Decimal: Copy {
    /// Converts a checked value.
    fn from_u64(v: u64) -> Option<Self>;
    /// The largest value, for the out-of-range message.
    const MAX: u64;
}

macro_rules! decimal {
    ($($t:ty),*) => {$(
        impl Decimal for $t {
            fn from_u64(v: u64) -> Option<Self> { <$t>::try_from(v).ok() }
            // `as` because `u64::from` is not const; every $t is at most 64 bits.
            const MAX: u64 = <$t>::MAX as u64;
        }
    )*};
}
decimal!(u8, u16, u32, u64);

/// `1*DIGIT` read as a `T`, over the token up to the next space or one of
/// `stops` (such as `/`). Signs, hex and fullwidth digits are not digits.
pub(crate) fn decimal_until<'a, T: Decimal>(
    what: &'static str,
    stops: &'static [char],
) -> impl Fn(&'a str) -> PResult<'a, (&'a str, T)> {
    move |i: &'a str| {
        let (after, digits) =
            take_while(|c: char| c != ' ' && c != '\t' && !stops.contains(&c)).parse(i)?;
        let value = decimal_value::<T>(digits, what, 0, T::MAX).map_err(|err| match err {
            // `RTP/AVP` where a port belongs: label the whole token, not `RTP`.
            nom::Err::Error(FieldError { kind: kind @ FieldErrorKind::NotANumber(_), .. }) => {
                nom::Err::Error(FieldError::at(super::error::token_at(i), kind))
            }
            other => other,
        })?;
        Ok((after, (digits, value)))
    }
}

/// A `1*DIGIT` token up to the next space, read as a `T`.
pub(crate) fn decimal<'a, T: Decimal>(
    what: &'static str,
) -> impl Fn(&'a str) -> PResult<'a, (&'a str, T)> {
    decimal_until(what, &[])
}

/// Checks `digits` is `1*DIGIT` and within `min..=max` (and `T`).
pub(crate) fn decimal_value<'a, T: Decimal>(
    digits: &'a str,
    what: &'static str,
    min: u64,
    max: u64,
) -> Result<T, nom::Err<FieldError<'a>>> {
    if digits.is_empty() {
        return Err(nom::Err::Error(FieldError::at(digits, FieldErrorKind::Expected(what))));
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(nom::Err::Error(FieldError::at(digits, FieldErrorKind::NotANumber(what))));
    }
    let out_of_range =
        || nom::Err::Error(FieldError::at(digits, FieldErrorKind::OutOfRange { what, min, max }));
    // Accumulate with checks: 40-digit values must not wrap around.
    let mut value: u64 = 0;
    for b in digits.bytes() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
            .ok_or_else(out_of_range)?;
    }
    if value < min || value > max {
        return Err(out_of_range());
    }
    T::from_u64(value).ok_or_else(out_of_range)
}

/// Succeeds only at the end of the value; otherwise labels what is left.
pub(crate) fn end(i: &str) -> PResult<'_, ()> {
    if i.is_empty() {
        Ok((i, ()))
    } else {
        Err(nom::Err::Error(FieldError::at(i, FieldErrorKind::Trailing)))
    }
}

/// The rest of the value, which must not be empty.
pub(crate) fn rest1<'a>(what: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| {
        let (after, all) = rest.parse(i)?;
        if all.is_empty() {
            return Err(nom::Err::Error(FieldError::at(all, FieldErrorKind::Expected(what))));
        }
        Ok((after, all))
    }
}

/// Runs a whole-value parser and flattens nom's error layers.
pub(crate) fn complete<'a, O>(
    value: &'a str,
    mut parser: impl FnMut(&'a str) -> PResult<'a, O>,
) -> Result<O, FieldError<'a>> {
    match parser(value) {
        Ok((remaining, out)) => match end(remaining) {
            Ok(_) => Ok(out),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e),
            Err(nom::Err::Incomplete(_)) => {
                Err(FieldError::at(remaining, FieldErrorKind::Trailing))
            }
        },
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e),
        Err(nom::Err::Incomplete(_)) => Err(FieldError::expected(value, "a complete value")),
    }
}

/// The first malformed percent-encoding in a URI, if any: a `%` not
/// followed by two hex digits (RFC 3986 §2.1 `pct-encoded = "%" HEXDIG
/// HEXDIG`), as the `%` and what follows it of those two places. A URI
/// ending in `%` or `%4` makes a naive decoder read past its end.
pub(crate) fn bad_percent(uri: &str) -> Option<&str> {
    let bytes = uri.as_bytes();
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'%', bytes.get(from..)?).map(|i| from + i) {
        let hex = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_hexdigit);
        if !(hex(at + 1) && hex(at + 2)) {
            // The `%` and the ASCII hex digits after it, never a partial char.
            let end = if hex(at + 1) { at + 2 } else { at + 1 };
            return uri.get(at..end);
        }
        from = at + 3;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_rejects_signs_hex_and_fullwidth() {
        for bad in ["+5000", "-1", "0x1F4", "３"] {
            let err = decimal::<u16>("port")(bad).unwrap_err();
            assert!(
                matches!(
                    err,
                    nom::Err::Error(FieldError { kind: FieldErrorKind::NotANumber(_), .. })
                ),
                "{bad}: {err:?}"
            );
        }
    }

    #[test]
    fn decimal_range_is_exact() {
        assert_eq!(decimal::<u16>("port")("65535").unwrap().1.1, 65535);
        for big in
            ["65536", "99999", "18446744073709551616", "99999999999999999999999999999999999999"]
        {
            let err = decimal::<u16>("port")(big).unwrap_err();
            assert!(matches!(
                err,
                nom::Err::Error(FieldError { kind: FieldErrorKind::OutOfRange { .. }, .. })
            ));
        }
    }

    #[test]
    fn sp_rejects_doubled_space() {
        let err = sp("port")("  9").unwrap_err();
        let nom::Err::Error(e) = err else { panic!() };
        assert_eq!(e.at, " ");
    }
}
