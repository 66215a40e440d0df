//! Lexical helpers shared by the attribute grammars.
//!
//! The primitives in [`crate::parse::grammar`] read RFC 8866 fields; these
//! add what attribute values need on top: character classes from the
//! attribute RFCs (`ice-char`, `rid-id`, `VCHAR`), a word reader that labels
//! the first bad character rather than the whole rest of the value, ranged
//! numbers, SP-separated lists, and the "optional `SP <field>`" step that
//! turns a lone trailing space into an error on that space.
//!
//! Every function returns sub-slices of its input, so error tokens and typed
//! fields keep their position in the line for free.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::model::Num;
use crate::parse::error::{FieldError, FieldErrorKind, PResult};
use crate::parse::grammar::{Decimal, decimal_value, field_len, sp, split_at};

/// A recoverable grammar error on exactly `at`.
pub(super) fn fail(at: &str, kind: FieldErrorKind) -> nom::Err<FieldError<'_>> {
    nom::Err::Error(FieldError::at(at, kind))
}

/// An `Expected(what)` error on exactly `at`.
pub(super) fn expected<'a>(at: &'a str, what: &'static str) -> nom::Err<FieldError<'a>> {
    fail(at, FieldErrorKind::Expected(what))
}

/// RFC 8839 §5.1 `ice-char = ALPHA / DIGIT / "+" / "/"`.
pub(super) fn is_ice_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '+' || c == '/'
}

/// RFC 8851 `rid-id` and RFC 4585 `rtcp-fb-id`:
/// `1*(alpha-numeric / "-" / "_")`.
pub(super) fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// RFC 5234 `VCHAR = %x21-7E`: visible ASCII, no space.
pub(super) fn is_vchar(c: char) -> bool {
    c.is_ascii_graphic()
}

/// The slice of `start` that a parser consumed to reach `rest`.
pub(super) fn consumed<'a>(start: &'a str, rest: &'a str) -> &'a str {
    start.get(..start.len().saturating_sub(rest.len())).unwrap_or(start)
}

/// A word: the run of characters up to the next space, tab or one of
/// `stops`, every one of which must satisfy `ok`.
///
/// An empty word is `Expected(what)` at the position; a bad character is
/// `Expected(what)` on that character alone, so `opus/48000` written as
/// `op"us/48000` is labelled at the `"`.
pub(super) fn word<'a>(
    // Generic rather than `fn(char) -> bool`, so the class test is inlined
    // into the byte loop instead of being an indirect call per byte.
    ok: impl Fn(char) -> bool + Copy,
    stops: &'static [char],
    what: &'static str,
) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| {
        let (rest, run) = split_at(i, field_len(i, stops));
        if run.is_empty() {
            // Label the character that stopped the word (a space, a stray
            // separator) or the end of the value.
            return Err(expected(first_char(i), what));
        }
        // ASCII bytes are checked as they are; from the first non-ASCII
        // byte on (a char boundary: all before it is ASCII), char by char.
        let Some(from) = run.bytes().position(|b| !b.is_ascii() || !ok(char::from(b))) else {
            return Ok((rest, run));
        };
        let tail = run.get(from..).unwrap_or_default();
        if let Some((at, c)) = tail.char_indices().find(|&(_, c)| !ok(c)) {
            return Err(expected(tail.get(at..at + c.len_utf8()).unwrap_or(run), what));
        }
        Ok((rest, run))
    }
}

/// `1*DIGIT` up to the next space, tab or one of `stops`, as a `T` within
/// `min..=max` (so a payload type of 128 is out of range, not wrapped).
pub(super) fn number<'a, T: Decimal>(
    what: &'static str,
    min: u64,
    max: u64,
    stops: &'static [char],
) -> impl Fn(&'a str) -> PResult<'a, Num<'a, T>> {
    move |i: &'a str| {
        let (rest, raw) = split_at(i, field_len(i, stops));
        if raw.is_empty() {
            return Err(expected(first_char(i), what));
        }
        let value = decimal_value::<T>(raw, what, min, max)?;
        Ok((rest, Num { raw, value }))
    }
}

/// The first character of `i` (empty at the end of the value): what to
/// label when a field is missing, such as a doubled space or a stray `/`.
pub(super) fn first_char(i: &str) -> &str {
    let len = i.chars().next().map_or(0, char::len_utf8);
    i.get(..len).unwrap_or(i)
}

/// An RTP payload type, `0..=127`: the PT field of the RTP header is 7 bits
/// (RFC 3550 §5.1, restated in RFC 8866 §6.6).
pub(super) fn payload_type(i: &str) -> PResult<'_, Num<'_, u8>> {
    number("payload type", 0, 127, &[])(i)
}

/// An optional `SP <next field>`: `false` when the value ends here (or the
/// next character is not a space, which the caller's end check reports).
///
/// A space with nothing after it is `Trailing` on that space, and a doubled
/// space is an error on the second one: fields are separated by exactly one
/// SP (RFC 8866 §9), and libwebrtc reads a trailing space as an empty field.
pub(super) fn more<'a>(what_next: &'static str) -> impl Fn(&'a str) -> PResult<'a, bool> {
    move |i: &'a str| {
        if !i.starts_with(' ') {
            return Ok((i, false));
        }
        let (after, space) = sp(what_next)(i)?;
        if after.is_empty() {
            return Err(fail(space, FieldErrorKind::Trailing));
        }
        Ok((after, true))
    }
}

/// `item *(SP item)`, returning the whole list as written.
pub(super) fn sp_list<'a, P>(
    what: &'static str,
    item: P,
) -> impl Fn(&'a str) -> PResult<'a, &'a str>
where
    P: Fn(&'a str) -> PResult<'a, &'a str>,
{
    move |start: &'a str| {
        let (mut i, _) = item(start)?;
        loop {
            let (next, go_on) = more(what)(i)?;
            if !go_on {
                break;
            }
            let (next, _) = item(next)?;
            i = next;
        }
        Ok((i, consumed(start, i)))
    }
}

/// `*(SP item)` after a leading field: the list as written without its
/// leading space, empty when there is none.
pub(super) fn opt_sp_list<'a, P>(
    what: &'static str,
    item: P,
) -> impl Fn(&'a str) -> PResult<'a, &'a str>
where
    P: Fn(&'a str) -> PResult<'a, &'a str>,
{
    move |i: &'a str| {
        let (after, go_on) = more(what)(i)?;
        if !go_on {
            return Ok((i, after.get(..0).unwrap_or(after)));
        }
        let list = sp_list(what, &item);
        list(after)
    }
}

/// `item *(sep item)` for a one-character separator such as `;` or `,`,
/// returning the whole list as written. The items themselves must stop at
/// `sep`.
pub(super) fn char_list<'a, P>(sep: char, item: P) -> impl Fn(&'a str) -> PResult<'a, &'a str>
where
    P: Fn(&'a str) -> PResult<'a, &'a str>,
{
    move |start: &'a str| {
        let (mut i, _) = item(start)?;
        while let Some(next) = i.strip_prefix(sep) {
            let (next, _) = item(next)?;
            i = next;
        }
        Ok((i, consumed(start, i)))
    }
}

/// RFC 8866 §9 `text` / `byte-string`: the rest of the value, which must be
/// non-empty. Trailing whitespace is left unconsumed so the caller's end
/// check labels it (the value is complete; the space is the fault). A
/// leading space is labelled here: it is a doubled field separator.
pub(super) fn text<'a>(what: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| {
        if i.starts_with([' ', '\t']) {
            return Err(expected(i.get(..1).unwrap_or(i), what));
        }
        let body = i.trim_end_matches([' ', '\t']);
        if body.is_empty() {
            return Err(expected(i, what));
        }
        let rest = i.get(body.len()..).unwrap_or_default();
        Ok((rest, body))
    }
}

/// A `connection-address` as ICE and RTCP use it: an IPv4 or IPv6 address,
/// or a host name (RFC 8866 §9 `FQDN = 4*(alpha-numeric / "-" / ".")`),
/// which covers the `<uuid>.local` mDNS names browsers put in candidates.
pub(super) fn address<'a>(what: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| {
        let (rest, addr) = word(|c| c > ' ' && c != '\x7F', &[], what)(i)?;
        if is_address(addr) { Ok((rest, addr)) } else { Err(expected(addr, what)) }
    }
}

/// Whether `addr` is an IP address or a host name. Something made only of
/// digits, dots and colons was meant as an IP address, so `999.1.1.1` is not
/// taken for a host name.
pub(super) fn is_address(addr: &str) -> bool {
    if addr.parse::<Ipv4Addr>().is_ok() || addr.parse::<Ipv6Addr>().is_ok() {
        return true;
    }
    let fqdn_chars = addr.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let numeric = addr.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b':');
    fqdn_chars && addr.len() >= 4 && !numeric
}

/// Checks `address` against an `IP4` / `IP6` address type (an extension
/// address type takes any address).
pub(super) fn check_address_type<'a>(
    addrtype: &str,
    address: &'a str,
) -> Result<(), nom::Err<FieldError<'a>>> {
    let numeric = address.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b':');
    match addrtype {
        "IP4" if address.parse::<Ipv4Addr>().is_ok() || !numeric => Ok(()),
        "IP6" if address.parse::<Ipv6Addr>().is_ok() || !numeric => Ok(()),
        "IP4" => Err(expected(address, "an IPv4 address or a host name")),
        "IP6" => Err(expected(address, "an IPv6 address or a host name")),
        _ => Ok(()),
    }
}

/// Whether `i` is ` <keyword>` followed by a space or the end, as the
/// optional `raddr` / `rport` fields of a candidate are introduced. Returns
/// the text after the keyword.
pub(super) fn sp_keyword<'a>(i: &'a str, keyword: &str) -> Option<&'a str> {
    let after = i.strip_prefix(' ')?.strip_prefix(keyword)?;
    (after.is_empty() || after.starts_with(' ')).then_some(after)
}

/// Appends `s` to the writer's buffer.
pub(super) fn put(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(s.as_bytes());
}

/// Appends `<sep><s>` when `s` is present.
pub(super) fn put_opt(out: &mut Vec<u8>, sep: u8, s: Option<&str>) {
    if let Some(s) = s {
        out.push(sep);
        put(out, s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err<T: std::fmt::Debug>(r: PResult<'_, T>) -> FieldError<'_> {
        match r {
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => e,
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn word_labels_the_first_bad_character() {
        let e = err(word(is_ice_char, &[], "ufrag")("ab!cd ef"));
        assert_eq!(e.at, "!");
        let e = err(word(is_ice_char, &[], "ufrag")(" x"));
        assert_eq!(e.at, " ");
        let e = err(word(is_ice_char, &[], "ufrag")(""));
        assert_eq!(e.at, "");
    }

    #[test]
    fn word_stops_at_separators() {
        let (rest, w) = word(is_id_char, &[';', ','], "rid")("a-1,b").unwrap();
        assert_eq!((w, rest), ("a-1", ",b"));
    }

    #[test]
    fn more_flags_a_lone_trailing_space() {
        let e = err(more("next")(" "));
        assert_eq!((e.at, e.kind), (" ", FieldErrorKind::Trailing));
        let e = err(more("next")("  x"));
        assert_eq!(e.at, " ");
        assert!(!more("next")("").unwrap().1);
        assert_eq!(more("next")(" x").unwrap(), ("x", true));
    }

    #[test]
    fn sp_list_keeps_the_raw_list() {
        let item = word(is_id_char, &[], "tag");
        assert_eq!(sp_list("tag", &item)("a b c").unwrap(), ("", "a b c"));
        let e = err(sp_list("tag", &item)("a b "));
        assert_eq!((e.at, e.kind), (" ", FieldErrorKind::Trailing));
        assert_eq!(opt_sp_list("tag", &item)("").unwrap(), ("", ""));
    }

    #[test]
    fn text_leaves_trailing_whitespace_for_the_end_check() {
        assert_eq!(text("tool")("foo V3.2  ").unwrap(), ("  ", "foo V3.2"));
        assert_eq!(err(text("tool")(" foo")).at, " ");
        assert_eq!(err(text("tool")("")).at, "");
    }

    #[test]
    fn addresses() {
        for good in ["192.0.2.1", "2001:db8::1", "::1", "host.example.com", "1f3b-22.local"] {
            assert!(is_address(good), "{good}");
        }
        for bad in ["999.1.1.1", "1.2.3", "a_b.example", "abc", "1:2:3"] {
            assert!(!is_address(bad), "{bad}");
        }
    }

    #[test]
    fn keyword_needs_a_boundary() {
        assert_eq!(sp_keyword(" raddr 1.2.3.4", "raddr"), Some(" 1.2.3.4"));
        assert_eq!(sp_keyword(" raddr", "raddr"), Some(""));
        assert_eq!(sp_keyword(" raddrx 1", "raddr"), None);
        assert_eq!(sp_keyword("raddr 1", "raddr"), None);
    }
}
