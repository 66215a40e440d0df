//! `a=mid` and `a=group` (RFC 5888 §4, §5; BUNDLE in RFC 9143).
//!
//! ```text
//! mid-attribute      = "a=mid:" identification-tag
//! identification-tag = token
//! group-attribute    = "a=group:" semantics *(SP identification-tag)
//! semantics          = "LS" / "FID" / semantics-extension
//! semantics-extension = token
//! ```
//!
//! The group's tag list is kept as written and iterated on demand, so a
//! `BUNDLE` naming 10,000 mids allocates nothing.

use super::common::{opt_sp_list, put, word};
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::{complete, is_token_char};

/// `a=group:<semantics> <mid> ...` (RFC 5888 §5), e.g.
/// `a=group:BUNDLE 0 1 2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group<'a> {
    /// `BUNDLE`, `LS`, `FID`, or an extension token; case as written
    /// (RFC 5888 and RFC 9143 register them in upper case).
    pub semantics: &'a str,
    /// The identification tags as written, separated by one space; empty
    /// when the group names none (the grammar allows `*`).
    pub mids: &'a str,
}

impl<'a> Group<'a> {
    /// Each identification tag (`a=mid` value) in the group, in order.
    pub fn mids(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.mids.split(' ').filter(|m| !m.is_empty())
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.semantics);
        if !self.mids.is_empty() {
            out.push(b' ');
            put(out, self.mids);
        }
    }
}

/// Parses an `a=mid` value: one token.
pub(super) fn parse_mid(value: &str) -> Result<&str, FieldError<'_>> {
    complete(value, word(is_token_char, &[], "identification tag"))
}

/// Parses an `a=group` value.
pub(super) fn parse_group(value: &str) -> Result<Group<'_>, FieldError<'_>> {
    complete(value, group)
}

/// a=group:BUNDLE 0 1 2
fn group(i: &str) -> PResult<'_, Group<'_>> {
    let (i, semantics) = word(is_token_char, &[], "group semantics")(i)?;
    let (i, mids) =
        opt_sp_list("identification tag", word(is_token_char, &[], "identification tag"))(i)?;
    Ok((i, Group { semantics, mids }))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use crate::parse::error::FieldErrorKind::{Expected, Trailing};

    #[test]
    fn mids() {
        for mid in ["0", "audio", "sdparta_0", "video-1", "{abc}"] {
            assert_eq!(ok("mid", mid), AttrValue::Mid(mid));
        }
        assert_eq!(bad("mid", ""), (0, "", Expected("identification tag")));
        assert_eq!(bad("mid", "0 "), (1, " ", Trailing));
        assert_eq!(bad("mid", "a b"), (1, " b", Trailing));
        assert_eq!(bad("mid", "a/b"), (1, "/", Expected("identification tag")));
        assert_eq!(bad("mid", " 0"), (0, " ", Expected("identification tag")));
    }

    #[test]
    fn groups() {
        let AttrValue::Group(g) = ok("group", "BUNDLE 0 1 2") else { panic!() };
        assert_eq!(g.semantics, "BUNDLE");
        assert_eq!(g.mids().collect::<Vec<_>>(), ["0", "1", "2"]);
        let AttrValue::Group(g) = ok("group", "BUNDLE audio video data") else { panic!() };
        assert_eq!(g.mids().count(), 3);
        let AttrValue::Group(g) = ok("group", "BUNDLE") else { panic!() };
        assert_eq!(g.mids().count(), 0);
        assert!(matches!(ok("group", "LS 1 2"), AttrValue::Group(_)));
        assert!(matches!(ok("group", "FID 1 2"), AttrValue::Group(_)));
        assert!(matches!(ok("group", "ANAT 1 2"), AttrValue::Group(_)));
    }

    #[test]
    fn bad_groups() {
        assert_eq!(bad("group", ""), (0, "", Expected("group semantics")));
        assert_eq!(bad("group", "BUNDLE "), (6, " ", Trailing));
        assert_eq!(bad("group", "BUNDLE 0 1 "), (10, " ", Trailing));
        assert_eq!(bad("group", "BUNDLE 0  1"), (9, " ", Expected("identification tag")));
        assert_eq!(bad("group", "BUNDLE 0,1"), (8, ",", Expected("identification tag")));
        assert_eq!(bad("group", "BUNDLE\t0"), (6, "\t0", Trailing));
    }

    #[test]
    fn ten_thousand_mids() {
        let mut value = String::from("BUNDLE");
        for n in 0..10_000 {
            value.push(' ');
            value.push_str(&n.to_string());
        }
        let AttrValue::Group(g) = ok("group", &value) else { panic!() };
        assert_eq!(g.mids().count(), 10_000);
    }
}
