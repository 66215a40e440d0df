//! `a=ssrc` and `a=ssrc-group` (RFC 5576 §4.1, §4.2).
//!
//! ```text
//! ssrc-attr       = "ssrc:" ssrc-id SP attribute
//!                   ; attribute as in RFC 8866: att-field [":" att-value]
//! ssrc-group-attr = "ssrc-group:" semantics *(SP ssrc-id)
//! semantics       = "FEC" / "FID" / token
//! ssrc-id         = integer ; 0 .. 2**32 - 1
//! ```
//!
//! The source-level attribute inside `a=ssrc` (`cname:...`, `msid:...`,
//! `mslabel:...`) is kept as name and raw value; its own grammar is not
//! interpreted. The SSRC list of a group is validated once and kept as
//! written, so 10,000 SSRCs cost one pass and no allocation.

use super::common::{number, opt_sp_list, put, put_opt, text, word};
use crate::model::Num;
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::{complete, is_token_char, sp};

/// `a=ssrc:<ssrc-id> <attribute>[:<value>]` (RFC 5576 §4.1), e.g.
/// `a=ssrc:3735928559 cname:4TOk42mSjXCkVIa6`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ssrc<'a> {
    /// The synchronization source identifier.
    pub ssrc: Num<'a, u32>,
    /// The source attribute's name (`cname`, `msid`, `mslabel`, `label`).
    pub attribute: &'a str,
    /// The source attribute's value, if it has one (may hold spaces:
    /// `msid:stream track`).
    pub value: Option<&'a str>,
}

impl Ssrc<'_> {
    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.ssrc.raw);
        out.push(b' ');
        put(out, self.attribute);
        put_opt(out, b':', self.value);
    }
}

/// `a=ssrc-group:<semantics> <ssrc-id> ...` (RFC 5576 §4.2), e.g.
/// `a=ssrc-group:FID 2231627014 632943048`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SsrcGroup<'a> {
    /// `FID`, `FEC`, `SIM` (simulcast, libwebrtc) or another token.
    pub semantics: &'a str,
    /// The SSRCs as written, separated by one space; empty if none.
    pub ssrcs: &'a str,
}

impl<'a> SsrcGroup<'a> {
    /// Each SSRC in the group, in order (all checked to fit 32 bits).
    pub fn ssrcs(&self) -> impl Iterator<Item = Num<'a, u32>> + use<'a> {
        self.ssrcs
            .split(' ')
            .filter_map(|raw| raw.parse::<u32>().ok().map(|value| Num { raw, value }))
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.semantics);
        if !self.ssrcs.is_empty() {
            out.push(b' ');
            put(out, self.ssrcs);
        }
    }
}

/// Parses an `a=ssrc` value.
pub(super) fn parse_ssrc(value: &str) -> Result<Ssrc<'_>, FieldError<'_>> {
    complete(value, ssrc)
}

/// Parses an `a=ssrc-group` value.
pub(super) fn parse_group(value: &str) -> Result<SsrcGroup<'_>, FieldError<'_>> {
    complete(value, ssrc_group)
}

/// An SSRC: a 32-bit unsigned decimal.
fn ssrc_id(i: &str) -> PResult<'_, Num<'_, u32>> {
    number("SSRC", 0, u64::from(u32::MAX), &[])(i)
}

/// a=ssrc:3735928559 cname:4TOk42mSjXCkVIa6
fn ssrc(i: &str) -> PResult<'_, Ssrc<'_>> {
    let (i, ssrc) = ssrc_id(i)?;
    let (i, _) = sp("source attribute (`cname:...`)")(i)?;
    let (i, attribute) = word(is_token_char, &[':'], "source attribute (`cname:...`)")(i)?;
    let (i, value) = match i.strip_prefix(':') {
        Some(rest) => {
            let (rest, value) = text("source attribute value")(rest)?;
            (rest, Some(value))
        }
        None => (i, None),
    };
    Ok((i, Ssrc { ssrc, attribute, value }))
}

/// a=ssrc-group:FID 2231627014 632943048
fn ssrc_group(i: &str) -> PResult<'_, SsrcGroup<'_>> {
    let (i, semantics) = word(is_token_char, &[], "group semantics")(i)?;
    let (i, ssrcs) = opt_sp_list("SSRC", |i| ssrc_id(i).map(|(rest, n)| (rest, n.raw)))(i)?;
    Ok((i, SsrcGroup { semantics, ssrcs }))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use crate::parse::error::FieldErrorKind::{Expected, NotANumber, OutOfRange, Trailing};

    #[test]
    fn ssrc_lines() {
        let AttrValue::Ssrc(s) = ok("ssrc", "3735928559 cname:4TOk42mSjXCkVIa6") else { panic!() };
        assert_eq!(
            (s.ssrc.value, s.attribute, s.value),
            (3_735_928_559, "cname", Some("4TOk42mSjXCkVIa6"))
        );
        let AttrValue::Ssrc(s) = ok("ssrc", "1001 msid:stream track-1") else { panic!() };
        assert_eq!(s.value, Some("stream track-1"));
        ok("ssrc", "1001 mslabel:janus");
        ok("ssrc", "1001 label:janusa0");
        ok("ssrc", "4294967295 cname:x+/=");
        let AttrValue::Ssrc(s) = ok("ssrc", "1 foo") else { panic!() };
        assert_eq!(s.value, None);
    }

    #[test]
    fn bad_ssrc_lines() {
        let range = OutOfRange { what: "SSRC", min: 0, max: 4_294_967_295 };
        assert_eq!(bad("ssrc", "4294967296 cname:x"), (0, "4294967296", range));
        assert_eq!(bad("ssrc", "-1 cname:x"), (0, "-1", NotANumber("SSRC")));
        assert_eq!(bad("ssrc", "1"), (1, "", Expected("source attribute (`cname:...`)")));
        assert_eq!(bad("ssrc", "1 cname:"), (8, "", Expected("source attribute value")));
        assert_eq!(bad("ssrc", "1 cname:x "), (9, " ", Trailing));
        assert_eq!(bad("ssrc", "1 :x"), (2, ":", Expected("source attribute (`cname:...`)")));
    }

    #[test]
    fn ssrc_groups() {
        let AttrValue::SsrcGroup(g) = ok("ssrc-group", "FID 2231627014 632943048") else {
            panic!()
        };
        assert_eq!(g.semantics, "FID");
        assert_eq!(g.ssrcs().map(|n| n.value).collect::<Vec<_>>(), [2_231_627_014, 632_943_048]);
        let AttrValue::SsrcGroup(g) = ok("ssrc-group", "SIM 1 2 3") else { panic!() };
        assert_eq!(g.ssrcs().count(), 3);
        let AttrValue::SsrcGroup(g) = ok("ssrc-group", "FEC") else { panic!() };
        assert_eq!(g.ssrcs().count(), 0);
        assert_eq!(bad("ssrc-group", "FID 1 x").1, "x");
        assert_eq!(
            bad("ssrc-group", "FID 1 99999999999").2,
            OutOfRange { what: "SSRC", min: 0, max: 4_294_967_295 }
        );
        assert_eq!(bad("ssrc-group", "FID 1 "), (5, " ", Trailing));
        assert_eq!(bad("ssrc-group", ""), (0, "", Expected("group semantics")));
    }

    #[test]
    fn ten_thousand_ssrcs() {
        let ids: Vec<String> = (0..10_000u32).map(|n| n.to_string()).collect();
        let value = format!("SIM {}", ids.join(" "));
        let AttrValue::SsrcGroup(g) = ok("ssrc-group", &value) else { panic!() };
        assert_eq!(g.ssrcs().count(), 10_000);
    }
}
