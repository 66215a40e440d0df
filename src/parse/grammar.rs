//! Grammar primitives shared by every line and attribute parser.
//!
//! These follow the RFC 8866 §9 ABNF rule names (`token`, `non-ws-string`,
//! `byte-string`, `integer`). Each takes the name of what it reads, so a
//! failure says "expected payload type" rather than nom's `TakeWhile1`.
//! Numbers are parsed into their exact target type: a non-digit token is
//! never coerced to 0 and an out-of-range value is never saturated.

use nom::Parser;
use nom::bytes::complete::tag;
use nom::combinator::rest;

use super::error::{FieldError, FieldErrorKind, PResult};

/// RFC 8866 §9 `token-char`: visible ASCII except the separators.
pub(crate) fn is_token_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(is_token_byte)
}

/// [`is_token_char`]'s set as a table built at compile time: the class test runs on nearly
/// every byte of every line, and a table lookup is one load where the
/// chain of ranges was a dozen compares.
const TOKEN_TABLE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b: usize = 0;
    while b < 256 {
        table[b] = matches!(b, 0x21 | 0x23..=0x27 | 0x2A..=0x2B | 0x2D..=0x2E
            | 0x30..=0x39 | 0x41..=0x5A | 0x5E..=0x7E);
        b += 1;
    }
    table
};

/// RFC 8866 §9 `non-ws-string`: visible characters, any non-ASCII.
pub(crate) fn is_non_ws_char(c: char) -> bool {
    (c > ' ' && c != '\x7F') || !c.is_ascii()
}

/// [`is_token_char`] on a byte. Every token character is ASCII, so a
/// non-ASCII byte (any byte of a multi-byte character) is not one.
pub(crate) fn is_token_byte(b: u8) -> bool {
    TOKEN_TABLE[usize::from(b)]
}

/// [`is_non_ws_char`] on a byte: every byte of a non-ASCII character is
/// `>= 0x80`, so it passes as its character does.
fn is_non_ws_byte(b: u8) -> bool {
    b > b' ' && b != 0x7F
}

/// Splits `i` after its first `len` bytes. `len` always ends at an ASCII
/// byte or at the end (the scans below stop only there), so it is a char
/// boundary; the fallback keeps the library panic-free all the same.
#[inline]
pub(crate) fn split_at(i: &str, len: usize) -> (&str, &str) {
    match (i.get(..len), i.get(len..)) {
        (Some(head), Some(tail)) => (tail, head),
        _ => (i.get(i.len()..).unwrap_or(i), i),
    }
}

/// The length of the run of bytes of `i` that pass `keep`.
///
/// The grammar primitives scan bytes rather than `char`s: nom's
/// `take_while` on `&str` decodes each character, which made these scans
/// the bulk of the parse (most SDP text is ASCII). A predicate that fails
/// on every byte `>= 0x80`, or passes all of them, stops only at ASCII,
/// so the length is a char boundary.
#[inline]
pub(crate) fn run_len(i: &str, keep: impl Fn(u8) -> bool) -> usize {
    i.bytes().position(|b| !keep(b)).unwrap_or(i.len())
}

/// The length of the field at the start of `i`: up to the first space,
/// tab or one of `stops`. Every grammar's stops are ASCII (`/`, `;`, ...);
/// a non-ASCII stop would be searched char by char.
#[inline]
pub(crate) fn field_len(i: &str, stops: &[char]) -> usize {
    // Most fields stop at a space only, some at one more byte (`/`, `;`):
    // those loops compare bytes directly.
    match stops {
        [] => return run_len(i, |b| b != b' ' && b != b'\t'),
        [stop] if stop.is_ascii() => {
            let stop = u8::try_from(*stop).unwrap_or(b' ');
            return run_len(i, |b| b != b' ' && b != b'\t' && b != stop);
        }
        _ => {}
    }
    if stops.iter().all(char::is_ascii) {
        // The stop bytes as a 128-bit set, built once per field: a byte is
        // then tested with a shift instead of a walk over `stops`.
        let set = stops.iter().fold((1u128 << b' ') | (1u128 << b'\t'), |set, &s| {
            set | (1u128 << (u32::from(s) & 127))
        });
        run_len(i, |b| b >= 0x80 || (set >> b) & 1 == 0)
    } else {
        i.char_indices()
            .find(|&(_, c)| c == ' ' || c == '\t' || stops.contains(&c))
            .map_or(i.len(), |(at, _)| at)
    }
}

/// `1*token-char`, named `what` in errors.
pub(crate) fn token<'a>(what: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| match run_len(i, is_token_byte) {
        0 => Err(nom::Err::Error(FieldError::expected(i, what))),
        n => Ok(split_at(i, n)),
    }
}

/// `non-ws-string`, named `what` in errors.
pub(crate) fn non_ws<'a>(what: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| match run_len(i, is_non_ws_byte) {
        0 => Err(nom::Err::Error(FieldError::expected(i, what))),
        n => Ok(split_at(i, n)),
    }
}

/// Exactly one SP. A second space, a tab or a missing separator is an error
/// on that character: SDP fields are separated by exactly one space.
pub(crate) fn sp<'a>(what_next: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    // Byte tests rather than nom's `tag`: this runs between every two
    // fields of every line.
    move |i: &'a str| match i.as_bytes() {
        [b' ', b' ' | b'\t', ..] => {
            let doubled = i.get(1..2).unwrap_or(i);
            Err(nom::Err::Error(FieldError::at(doubled, FieldErrorKind::Expected(what_next))))
        }
        [b' ', ..] => Ok(split_at(i, 1)),
        _ => Err(nom::Err::Error(FieldError::expected(i, what_next))),
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
        let (after, digits) = split_at(i, field_len(i, stops));
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
