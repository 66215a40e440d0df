//! `a=fingerprint` (RFC 8122 §5) and `a=setup` (RFC 4145 §4): the DTLS
//! certificate hash and connection role.
//!
//! ```text
//! fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
//! hash-func             = "sha-1" / "sha-224" / "sha-256" / "sha-384"
//!                       / "sha-512" / "md5" / "md2" / token
//! fingerprint           = 2UHEX *(":" 2UHEX)
//! setup-attr            = "a=setup:" role
//! role                  = "active" / "passive" / "actpass" / "holdconn"
//! ```
//!
//! RFC 8122 writes the hex digits in upper case (`UHEX`), and browsers do;
//! libwebrtc and Firefox also read lower case, so lower case is accepted
//! here and left to a rule. Whether the length matches the hash function
//! is a rule's call too ([`Fingerprint::octet_count`]). The `setup` role is
//! read as a token with the four registered roles typed, so a rule can say
//! what is wrong with an unknown one.

use super::common::{expected, put, word};
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::{complete, is_token_char, sp};

/// `a=fingerprint:<hash function> <fingerprint>` (RFC 8122 §5), e.g.
/// `a=fingerprint:sha-256 AB:CD:...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint<'a> {
    /// `sha-256`, `sha-1`, ... as written. Hash names are case-insensitive
    /// (RFC 8122 §5: the IANA "Hash Function Textual Names"); Chrome writes
    /// lower case, some SIP stacks `SHA-256`.
    pub hash_func: &'a str,
    /// The hex octets separated by `:`, as written.
    pub fingerprint: &'a str,
}

impl<'a> Fingerprint<'a> {
    /// The number of octets (32 for SHA-256).
    pub fn octet_count(&self) -> usize {
        self.fingerprint.len().div_ceil(3)
    }

    /// The octets.
    pub fn octets(&self) -> impl Iterator<Item = u8> + use<'a> {
        self.fingerprint.split(':').filter_map(|pair| u8::from_str_radix(pair, 16).ok())
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.hash_func);
        out.push(b' ');
        put(out, self.fingerprint);
    }
}

/// The DTLS connection role (RFC 4145 §4, RFC 5763 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup<'a> {
    /// `active`: this side opens the connection (DTLS client).
    Active,
    /// `passive`: this side accepts the connection (DTLS server).
    Passive,
    /// `actpass`: either; what an offer must say (RFC 5763 §5).
    ActPass,
    /// `holdconn`: no connection for now.
    HoldConn,
    /// Another token, as written (not a valid role; a rule says so).
    Other(&'a str),
}

impl<'a> Setup<'a> {
    /// The role as written in SDP.
    pub fn as_str(&self) -> &'a str {
        match *self {
            Setup::Active => "active",
            Setup::Passive => "passive",
            Setup::ActPass => "actpass",
            Setup::HoldConn => "holdconn",
            Setup::Other(s) => s,
        }
    }
}

/// Parses an `a=fingerprint` value.
pub(super) fn parse_fingerprint(value: &str) -> Result<Fingerprint<'_>, FieldError<'_>> {
    complete(value, fingerprint)
}

/// Parses an `a=setup` value.
pub(super) fn parse_setup(value: &str) -> Result<Setup<'_>, FieldError<'_>> {
    let role = complete(value, word(is_token_char, &[], "`actpass`, `active` or `passive`"))?;
    Ok(match role {
        "active" => Setup::Active,
        "passive" => Setup::Passive,
        "actpass" => Setup::ActPass,
        "holdconn" => Setup::HoldConn,
        other => Setup::Other(other),
    })
}

/// a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3B:B2:57:9A:03:38:73:0D:2E:C0:39:EC
fn fingerprint(i: &str) -> PResult<'_, Fingerprint<'_>> {
    let (i, hash_func) = word(is_token_char, &[], "hash function")(i)?;
    let (i, _) = sp("fingerprint")(i)?;
    let (i, fingerprint) = hex_pairs(i)?;
    Ok((i, Fingerprint { hash_func, fingerprint }))
}

/// `2HEXDIG *(":" 2HEXDIG)`, labelling the first pair that is not two hex
/// digits (an empty pair is labelled on the `:` after it). One pass over
/// the text however long it is.
fn hex_pairs(i: &str) -> PResult<'_, &str> {
    const WHAT: &str = "two hex digits (`AB:CD:...`)";
    let end = i.find([' ', '\t']).unwrap_or(i.len());
    let (all, rest) = (i.get(..end).unwrap_or(i), i.get(end..).unwrap_or_default());
    // The clean path in one byte loop: `HH` then `:HH` for each next pair.
    // Anything else takes the pair-by-pair walk below, which labels it.
    let well_formed = all.len() % 3 == 2
        && all.as_bytes().chunks(3).all(|c| match c {
            [a, b, b':'] | [a, b] => a.is_ascii_hexdigit() && b.is_ascii_hexdigit(),
            _ => false,
        });
    if well_formed {
        return Ok((rest, all));
    }
    let mut offset = 0;
    for pair in all.split(':') {
        let ok = pair.len() == 2 && pair.bytes().all(|b| b.is_ascii_hexdigit());
        if !ok {
            let at = if pair.is_empty() { all.get(offset..=offset).unwrap_or(pair) } else { pair };
            return Err(expected(at, WHAT));
        }
        offset += pair.len() + 1;
    }
    Ok((rest, all))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use super::Setup;
    use crate::parse::error::FieldErrorKind::{Expected, Trailing};

    const CHROME: &str = "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3B:B2:57:9A:03:38:73:0D:2E:C0:39:EC";
    const PAIR: &str = "two hex digits (`AB:CD:...`)";

    #[test]
    fn fingerprints() {
        let AttrValue::Fingerprint(f) = ok("fingerprint", CHROME) else { panic!() };
        assert_eq!(f.hash_func, "sha-256");
        assert_eq!(f.octet_count(), 32);
        assert_eq!(f.octets().count(), 32);
        assert_eq!(f.octets().next(), Some(0x4A));
        let AttrValue::Fingerprint(f) =
            ok("fingerprint", "sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB")
        else {
            panic!()
        };
        assert_eq!(f.octet_count(), 20);
        // Upper-case hash name (some SIP stacks), lower-case hex (pion, some SBCs).
        assert!(matches!(ok("fingerprint", "SHA-256 4a:ad"), AttrValue::Fingerprint(_)));
        assert!(matches!(ok("fingerprint", "sha-512 00"), AttrValue::Fingerprint(_)));
    }

    #[test]
    fn bad_fingerprints() {
        assert_eq!(bad("fingerprint", "sha-256"), (7, "", Expected("fingerprint")));
        assert_eq!(bad("fingerprint", "sha-256 "), (8, "", Expected(PAIR)));
        assert_eq!(bad("fingerprint", "sha-256 AB:CD "), (13, " ", Trailing));
        assert_eq!(bad("fingerprint", "sha-256 AB:C"), (11, "C", Expected(PAIR)));
        assert_eq!(bad("fingerprint", "sha-256 AB:CDE"), (11, "CDE", Expected(PAIR)));
        assert_eq!(bad("fingerprint", "sha-256 AB:GG"), (11, "GG", Expected(PAIR)));
        assert_eq!(bad("fingerprint", "sha-256 AB::CD"), (11, ":", Expected(PAIR)));
        assert_eq!(bad("fingerprint", "sha-256 AB:"), (11, "", Expected(PAIR)));
        assert_eq!(bad("fingerprint", "sha-256 ABCD"), (8, "ABCD", Expected(PAIR)));
        assert_eq!(bad("fingerprint", "sha-256 AB-CD"), (8, "AB-CD", Expected(PAIR)));
        assert_eq!(bad("fingerprint", "sha:256 AB"), (3, ":", Expected("hash function")));
    }

    #[test]
    fn ten_kilobyte_fingerprint_is_one_pass() {
        let hex = vec!["AB"; 3400].join(":");
        let value = format!("sha-256 {hex}");
        let AttrValue::Fingerprint(f) = ok("fingerprint", &value) else { panic!() };
        assert_eq!(f.octet_count(), 3400);
        let broken = format!("sha-256 {hex}:X");
        assert_eq!(bad("fingerprint", &broken).1, "X");
    }

    #[test]
    fn setup_roles() {
        assert_eq!(ok("setup", "actpass"), AttrValue::Setup(Setup::ActPass));
        assert_eq!(ok("setup", "active"), AttrValue::Setup(Setup::Active));
        assert_eq!(ok("setup", "passive"), AttrValue::Setup(Setup::Passive));
        assert_eq!(ok("setup", "holdconn"), AttrValue::Setup(Setup::HoldConn));
        assert_eq!(ok("setup", "ACTPASS"), AttrValue::Setup(Setup::Other("ACTPASS")));
        assert_eq!(ok("setup", "client"), AttrValue::Setup(Setup::Other("client")));
        assert_eq!(bad("setup", ""), (0, "", Expected("`actpass`, `active` or `passive`")));
        assert_eq!(bad("setup", "actpass "), (7, " ", Trailing));
        assert_eq!(bad("setup", "act pass"), (3, " pass", Trailing));
    }
}
