//! `a=ice-ufrag`, `a=ice-pwd` and `a=ice-options` (RFC 8839 §5.4, §5.6).
//!
//! ```text
//! ice-pwd-att    = "ice-pwd:" password
//! ice-ufrag-att  = "ice-ufrag:" ufrag
//! password       = 22*256ice-char
//! ufrag          = 4*256ice-char
//! ice-options    = "ice-options:" ice-option-tag *(SP ice-option-tag)
//! ice-option-tag = 1*ice-char
//! ice-char       = ALPHA / DIGIT / "+" / "/"
//! ```
//!
//! Only the character set is checked here, and it takes `-` and `_` besides
//! the ice-chars: both browsers accept them (Chrome's own reference SDPs
//! have `_` in a ufrag, and `google-ice` was sent for years), so the rule
//! `lenient-ice-characters` warns about them instead of the grammar
//! refusing the line. The length bounds (4-256 and
//! 22-256) are left to a rule, which can say "too short" with the numbers
//! rather than a generic grammar error. `a=ice-lite` takes no value and is
//! a property attribute (see `flag`).

use super::common::{is_ice_char, put, sp_list, word};
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::complete;

/// `a=ice-options:<tag> ...` (RFC 8839 §5.6), e.g.
/// `a=ice-options:trickle renomination`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IceOptions<'a> {
    /// The option tags as written, separated by one space.
    pub tags: &'a str,
}

impl<'a> IceOptions<'a> {
    /// Each option tag (`trickle`, `ice2`, `renomination`), in order.
    pub fn tags(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.tags.split(' ')
    }

    /// Whether the options include `tag`.
    pub fn has(&self, tag: &str) -> bool {
        self.tags().any(|t| t == tag)
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.tags);
    }
}

/// Parses an `a=ice-ufrag` value: `1*ice-char` (length left to a rule).
pub(super) fn parse_ufrag(value: &str) -> Result<&str, FieldError<'_>> {
    complete(value, ice_chars("ICE username fragment (ALPHA / DIGIT / `+` / `/`)"))
}

/// Parses an `a=ice-pwd` value: `1*ice-char` (length left to a rule).
pub(super) fn parse_pwd(value: &str) -> Result<&str, FieldError<'_>> {
    complete(value, ice_chars("ICE password (ALPHA / DIGIT / `+` / `/`)"))
}

/// Parses an `a=ice-options` value.
pub(super) fn parse_options(value: &str) -> Result<IceOptions<'_>, FieldError<'_>> {
    complete(value, ice_options)
}

/// `1*ice-char`, with `-` and `_` let through (see the module docs), named
/// `what`.
fn ice_chars<'a>(what: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    word(|c| is_ice_char(c) || c == '-' || c == '_', &[], what)
}

/// a=ice-options:trickle
fn ice_options(i: &str) -> PResult<'_, IceOptions<'_>> {
    let (i, tags) = sp_list("ICE option", ice_chars("ICE option"))(i)?;
    Ok((i, IceOptions { tags }))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use crate::parse::error::FieldErrorKind::{Expected, Trailing};

    const UFRAG: &str = "ICE username fragment (ALPHA / DIGIT / `+` / `/`)";
    const PWD: &str = "ICE password (ALPHA / DIGIT / `+` / `/`)";

    #[test]
    fn credentials() {
        // Chrome, Firefox, pjnath / Asterisk, FreeSWITCH
        assert_eq!(ok("ice-ufrag", "8hhY"), AttrValue::IceUfrag("8hhY"));
        assert_eq!(ok("ice-ufrag", "3e1d9c5f"), AttrValue::IceUfrag("3e1d9c5f"));
        assert_eq!(ok("ice-ufrag", "a+/b"), AttrValue::IceUfrag("a+/b"));
        assert_eq!(
            ok("ice-pwd", "asd88fgpdd777uzjYhagZg"),
            AttrValue::IcePwd("asd88fgpdd777uzjYhagZg")
        );
        assert_eq!(
            ok("ice-pwd", "4b5a0e3c8d5e1f2a7b6c9d0e1f2a3b4c"),
            AttrValue::IcePwd("4b5a0e3c8d5e1f2a7b6c9d0e1f2a3b4c")
        );
        // Too short for RFC 8839, but that is a rule's call, not the grammar's.
        assert_eq!(ok("ice-ufrag", "a"), AttrValue::IceUfrag("a"));
        assert_eq!(ok("ice-pwd", "short"), AttrValue::IcePwd("short"));
    }

    #[test]
    fn bad_credentials() {
        assert_eq!(bad("ice-ufrag", ""), (0, "", Expected(UFRAG)));
        assert_eq!(bad("ice-ufrag", "ab.cd"), (2, ".", Expected(UFRAG)));
        assert_eq!(ok("ice-ufrag", "ab-c_d"), AttrValue::IceUfrag("ab-c_d"));
        assert_eq!(bad("ice-ufrag", "abcd "), (4, " ", Trailing));
        assert_eq!(bad("ice-pwd", "abc=def"), (3, "=", Expected(PWD)));
        assert_eq!(bad("ice-pwd", "abcé"), (3, "é", Expected(PWD)));
    }

    #[test]
    fn options() {
        let AttrValue::IceOptions(o) = ok("ice-options", "trickle") else { panic!() };
        assert!(o.has("trickle"));
        let AttrValue::IceOptions(o) = ok("ice-options", "trickle renomination") else { panic!() };
        assert_eq!(o.tags().collect::<Vec<_>>(), ["trickle", "renomination"]);
        assert!(matches!(ok("ice-options", "ice2"), AttrValue::IceOptions(_)));
        assert_eq!(bad("ice-options", ""), (0, "", Expected("ICE option")));
        assert_eq!(bad("ice-options", "trickle "), (7, " ", Trailing));
        assert_eq!(bad("ice-options", "trickle  ice2"), (8, " ", Expected("ICE option")));
        // `google-ice` (Chrome before 2014) has a `-`, which is not an
        // ice-char but which browsers accept: a rule warns about it.
        assert!(matches!(ok("ice-options", "google-ice"), AttrValue::IceOptions(_)));
        assert_eq!(bad("ice-options", "trickle!"), (7, "!", Expected("ICE option")));
    }
}
