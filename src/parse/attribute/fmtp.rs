//! `a=fmtp` (RFC 8866 §6.15): format-specific parameters.
//!
//! ```text
//! fmtp-value             = fmt SP format-specific-params
//! format-specific-params = byte-string
//! ```
//!
//! SDP does not define the parameters' inner syntax: each media type does
//! (RFC 8866 §6.15 note). In practice they are `;`-separated `key=value`
//! pairs (`minptime=10;useinbandfec=1`) or bare items (`0-15` for
//! telephone-event), and some stacks write `; ` between them. The value is
//! validated as a byte-string and kept whole; [`Fmtp::params`] splits it
//! lazily, so a value with 10,000 parameters costs one pass.

use super::common::{put, text, word};
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::{complete, is_token_char, sp};

/// `a=fmtp:<format> <format specific parameters>` (RFC 8866 §6.15), e.g.
/// `a=fmtp:111 minptime=10;useinbandfec=1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fmtp<'a> {
    /// The media format the parameters apply to: for RTP, the payload type
    /// as written (see [`Fmtp::payload_type`]).
    pub format: &'a str,
    /// The parameters as written, non-empty.
    pub params: &'a str,
}

/// One `;`-separated item of an `a=fmtp` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FmtpParam<'a> {
    /// The text before the first `=` (the whole item when there is none).
    pub name: &'a str,
    /// The text after the first `=`, if any.
    pub value: Option<&'a str>,
}

impl<'a> Fmtp<'a> {
    /// The format as an RTP payload type, if it is one (`0..=127`). The
    /// grammar's `fmt` is a token, so non-RTP media (`webrtc-datachannel`)
    /// parse too; a rule decides whether the format fits the `m=` line.
    pub fn payload_type(&self) -> Option<u8> {
        if !self.format.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.format.parse::<u8>().ok().filter(|pt| *pt <= 127)
    }

    /// The `;`-separated parameters, in order. A single space after a `;`
    /// is skipped (some stacks write `; `); empty items (a trailing `;`)
    /// are skipped.
    pub fn params(&self) -> impl Iterator<Item = FmtpParam<'a>> + use<'a> {
        self.params
            .split(';')
            .map(|item| item.strip_prefix(' ').unwrap_or(item))
            .filter(|item| !item.is_empty())
            .map(|item| match item.split_once('=') {
                Some((name, value)) => FmtpParam { name, value: Some(value) },
                None => FmtpParam { name: item, value: None },
            })
    }

    /// The value of the first parameter named `name` (compared
    /// case-insensitively, as media type parameter names are: RFC 6838
    /// §4.3).
    pub fn param(&self, name: &str) -> Option<&'a str> {
        self.params().find(|p| p.name.eq_ignore_ascii_case(name)).and_then(|p| p.value)
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.format);
        out.push(b' ');
        put(out, self.params);
    }
}

/// Parses an `a=fmtp` value.
pub(super) fn parse(value: &str) -> Result<Fmtp<'_>, FieldError<'_>> {
    complete(value, fmtp)
}

/// a=fmtp:111 minptime=10;useinbandfec=1
fn fmtp(i: &str) -> PResult<'_, Fmtp<'_>> {
    let (i, format) = word(is_token_char, &[], "format")(i)?;
    let (i, _) = sp("format parameters")(i)?;
    let (i, params) = text("format parameters")(i)?;
    Ok((i, Fmtp { format, params }))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use super::{Fmtp, FmtpParam};
    use crate::parse::error::FieldErrorKind::{Expected, Trailing};
    use std::fmt::Write as _;

    fn fmtp(value: &str) -> Fmtp<'_> {
        match ok("fmtp", value) {
            AttrValue::Fmtp(f) => f,
            other => panic!("{other:?}"),
        }
    }

    fn pairs<'a>(f: &Fmtp<'a>) -> Vec<(&'a str, Option<&'a str>)> {
        f.params().map(|FmtpParam { name, value }| (name, value)).collect()
    }

    #[test]
    fn field_lines_parse() {
        let f = fmtp("111 minptime=10;useinbandfec=1");
        assert_eq!(f.payload_type(), Some(111));
        assert_eq!(pairs(&f), [("minptime", Some("10")), ("useinbandfec", Some("1"))]);
        assert_eq!(f.param("USEINBANDFEC"), Some("1"));
        let f = fmtp("102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f");
        assert_eq!(f.param("profile-level-id"), Some("42001f"));
        // telephone-event: a bare item
        let f = fmtp("101 0-15");
        assert_eq!(pairs(&f), [("0-15", None)]);
        // `; ` separators (FreeSWITCH, some SBCs) and a trailing `;`
        let f = fmtp("96 profile-level-id=42e01f; packetization-mode=1;");
        assert_eq!(
            pairs(&f),
            [("profile-level-id", Some("42e01f")), ("packetization-mode", Some("1"))]
        );
        // a value holding `=` (H.264 parameter sets are base64)
        let f = fmtp("97 sprop-parameter-sets=Z0IACpZTBYmI,aMljiA==");
        assert_eq!(f.param("sprop-parameter-sets"), Some("Z0IACpZTBYmI,aMljiA=="));
        fmtp("97 apt=96");
        fmtp("18 annexb=no");
        // non-RTP formats are tokens
        let f = fmtp("webrtc-datachannel max-message-size=65536");
        assert_eq!(f.payload_type(), None);
        assert_eq!(fmtp("128 x=1").payload_type(), None);
        // spaces inside the byte-string are allowed
        fmtp("96 a=1 b=2");
    }

    #[test]
    fn missing_or_padded_parameters() {
        assert_eq!(bad("fmtp", "101"), (3, "", Expected("format parameters")));
        assert_eq!(bad("fmtp", "101 "), (4, "", Expected("format parameters")));
        assert_eq!(bad("fmtp", "101  0-15"), (4, " ", Expected("format parameters")));
        assert_eq!(bad("fmtp", "101 0-15 "), (8, " ", Trailing));
        assert_eq!(bad("fmtp", "101 0-15 \t "), (8, " \t ", Trailing));
        assert_eq!(bad("fmtp", ""), (0, "", Expected("format")));
        assert_eq!(bad("fmtp", "1\"1 x=1"), (1, "\"", Expected("format")));
    }

    #[test]
    fn ten_thousand_params_are_linear() {
        let mut value = String::from("101 ");
        for n in 0..10_000 {
            write!(value, "p{n}={n};").unwrap();
        }
        let f = fmtp(&value);
        assert_eq!(f.params().count(), 10_000);
        let only_semicolons = format!("101 {}", ";".repeat(10_000));
        assert_eq!(fmtp(&only_semicolons).params().count(), 0);
    }
}
