//! `a=msid` (RFC 8830 §2) and `a=msid-semantic` (draft-ietf-mmusic-msid,
//! still sent by Chrome and Firefox).
//!
//! ```text
//! msid-value         = msid-id [ SP msid-appdata ]
//! msid-id            = 1*64token-char
//! msid-appdata       = 1*64token-char
//! msid-semantic-attr = "msid-semantic:" msid-semantic msid-list
//! msid-semantic      = token
//! msid-list          = *(" " msid-id) / " *"
//! ```
//!
//! Chrome writes `a=msid-semantic: WMS` with a space after the colon, which
//! the draft grammar does not allow; it is what the most common sender
//! writes, every receiver reads it, and it is accepted and remembered for
//! the round trip ([`MsidSemantic::space`]). `*` is a token character, so
//! the `" *"` form needs no special case.

use super::common::{expected, more, opt_sp_list, put, put_opt, word};
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::{complete, is_token_char};

/// `a=msid:<stream id> [<track id>]` (RFC 8830 §2), e.g.
/// `a=msid:- 7d0b4d5e-5a1f-4b6e-9e3c-2c7f4e0b1a2d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msid<'a> {
    /// The media stream id (`-` when the track has no stream).
    pub id: &'a str,
    /// The application data: in WebRTC, the track id.
    pub appdata: Option<&'a str>,
}

impl Msid<'_> {
    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.id);
        put_opt(out, b' ', self.appdata);
    }
}

/// `a=msid-semantic:<semantic> [<id> ...]`, e.g. `a=msid-semantic:WMS *`
/// or Chrome's `a=msid-semantic: WMS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MsidSemantic<'a> {
    /// The value began with a space (`a=msid-semantic: WMS`, as Chrome
    /// writes it).
    pub space: bool,
    /// `WMS` (WebRTC Media Stream) or another token.
    pub semantic: &'a str,
    /// The stream ids (or `*`) as written, separated by one space; empty if
    /// none.
    pub ids: &'a str,
}

impl<'a> MsidSemantic<'a> {
    /// Each stream id (or `*`), in order.
    pub fn ids(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.ids.split(' ').filter(|id| !id.is_empty())
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        if self.space {
            out.push(b' ');
        }
        put(out, self.semantic);
        if !self.ids.is_empty() {
            out.push(b' ');
            put(out, self.ids);
        }
    }
}

/// Parses an `a=msid` value.
pub(super) fn parse_msid(value: &str) -> Result<Msid<'_>, FieldError<'_>> {
    complete(value, msid)
}

/// Parses an `a=msid-semantic` value.
pub(super) fn parse_semantic(value: &str) -> Result<MsidSemantic<'_>, FieldError<'_>> {
    complete(value, msid_semantic)
}

/// `1*64token-char`, named `what`.
fn msid_id<'a>(what: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| {
        let (rest, id) = word(is_token_char, &[], what)(i)?;
        if id.len() > 64 {
            return Err(expected(id, what));
        }
        Ok((rest, id))
    }
}

/// a=msid:- 7d0b4d5e-5a1f-4b6e-9e3c-2c7f4e0b1a2d
fn msid(i: &str) -> PResult<'_, Msid<'_>> {
    let (i, id) = msid_id("stream id (1 to 64 token characters)")(i)?;
    let (i, has_appdata) = more("track id")(i)?;
    let (i, appdata) = if has_appdata {
        let (i, appdata) = msid_id("track id (1 to 64 token characters)")(i)?;
        (i, Some(appdata))
    } else {
        (i, None)
    };
    Ok((i, Msid { id, appdata }))
}

/// a=msid-semantic: WMS
fn msid_semantic(i: &str) -> PResult<'_, MsidSemantic<'_>> {
    let (i, space) = match i.strip_prefix(' ') {
        Some(rest) => (rest, true),
        None => (i, false),
    };
    let (i, semantic) = word(is_token_char, &[], "msid semantic (`WMS`)")(i)?;
    let (i, ids) = opt_sp_list("stream id", msid_id("stream id (1 to 64 token characters)"))(i)?;
    Ok((i, MsidSemantic { space, semantic, ids }))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use crate::parse::error::FieldErrorKind::{Expected, Trailing};

    #[test]
    fn msid_lines() {
        let AttrValue::Msid(m) = ok("msid", "- 7d0b4d5e-5a1f-4b6e-9e3c-2c7f4e0b1a2d") else {
            panic!()
        };
        assert_eq!((m.id, m.appdata), ("-", Some("7d0b4d5e-5a1f-4b6e-9e3c-2c7f4e0b1a2d")));
        // Firefox braces its UUIDs.
        ok("msid", "{5b3a9c0e-2b1d-4f7a-8e6c-9d0f1a2b3c4d} {1c2d3e4f-5a6b-7c8d-9e0f-a1b2c3d4e5f6}");
        let AttrValue::Msid(m) = ok("msid", "stream") else { panic!() };
        assert_eq!(m.appdata, None);
        ok("msid", &"s".repeat(64));
    }

    #[test]
    fn bad_msid_lines() {
        let id = Expected("stream id (1 to 64 token characters)");
        assert_eq!(bad("msid", ""), (0, "", id));
        let long = "s".repeat(65);
        assert_eq!(bad("msid", &long), (0, long.as_str(), id));
        assert_eq!(bad("msid", "a b "), (3, " ", Trailing));
        assert_eq!(bad("msid", "a b c"), (3, " c", Trailing));
        assert_eq!(bad("msid", "a  b"), (2, " ", Expected("track id")));
        assert_eq!(
            bad("msid", "a \"b\""),
            (2, "\"", Expected("track id (1 to 64 token characters)"))
        );
    }

    #[test]
    fn msid_semantic_lines() {
        // Chrome: a space after the colon.
        let AttrValue::MsidSemantic(m) = ok("msid-semantic", " WMS") else { panic!() };
        assert!(m.space);
        assert_eq!((m.semantic, m.ids().count()), ("WMS", 0));
        let AttrValue::MsidSemantic(m) = ok("msid-semantic", " WMS stream-1 stream-2") else {
            panic!()
        };
        assert_eq!(m.ids().collect::<Vec<_>>(), ["stream-1", "stream-2"]);
        // Firefox
        let AttrValue::MsidSemantic(m) = ok("msid-semantic", "WMS *") else { panic!() };
        assert!(!m.space);
        assert_eq!(m.ids().collect::<Vec<_>>(), ["*"]);
        ok("msid-semantic", "WMS");
    }

    #[test]
    fn bad_msid_semantic_lines() {
        assert_eq!(bad("msid-semantic", ""), (0, "", Expected("msid semantic (`WMS`)")));
        assert_eq!(bad("msid-semantic", "  WMS"), (1, " ", Expected("msid semantic (`WMS`)")));
        assert_eq!(bad("msid-semantic", " WMS "), (4, " ", Trailing));
        assert_eq!(bad("msid-semantic", "WMS a  b"), (6, " ", Expected("stream id")));
    }
}
