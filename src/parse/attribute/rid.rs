//! `a=rid` (RFC 8851 §10): an RTP stream id and its restrictions.
//!
//! ```text
//! rid-syntax        = %s"a=rid:" rid-id SP rid-dir
//!                     [ rid-pt-param-list / rid-param-list ]
//! rid-id            = 1*(alpha-numeric / "-" / "_")
//! rid-dir           = %s"send" / %s"recv"
//! rid-pt-param-list = SP rid-fmt-list *( ";" rid-param )
//! rid-param-list    = SP rid-param *( ";" rid-param )
//! rid-fmt-list      = %s"pt=" fmt *( "," fmt )
//! rid-param         = rid-width-param / ... / rid-depend-param
//!                   / rid-param-other
//! rid-width-param   = %s"max-width" [ "=" int-param-val ]   (and height,
//!                     fps, fs, br, pps likewise)
//! rid-bpp-param     = %s"max-bpp" [ "=" float-param-val ]
//! rid-depend-param  = %s"depend=" rid-list
//! rid-param-other   = 1*(alpha-numeric / "-") [ "=" param-val ]
//! int-param-val     = 1*DIGIT
//! float-param-val   = 1*DIGIT "." 1*DIGIT
//! param-val         = *( %x20-58 / %x60-7E )
//!                     ; Any printable character except semicolon
//! ```
//!
//! The `param-val` ranges as printed exclude `Y` to `_` (0x59-0x5F) while
//! the comment says "any printable character except semicolon"; the
//! comment's intent is implemented (0x20-0x7E but `;`).

use super::common::{char_list, expected, fail, is_id_char, more, number, put, put_opt, word};
use crate::parse::error::{FieldError, FieldErrorKind, PResult};
use crate::parse::grammar::{complete, is_token_char, sp};

/// The direction of an RTP stream id or simulcast stream list
/// (RFC 8851 `rid-dir`, RFC 8853 `sc-send` / `sc-recv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RidDirection {
    /// `send`: the describing side sends the stream.
    Send,
    /// `recv`: the describing side receives it.
    Recv,
}

impl RidDirection {
    /// The direction as written (`send` / `recv`).
    pub fn as_str(self) -> &'static str {
        match self {
            RidDirection::Send => "send",
            RidDirection::Recv => "recv",
        }
    }

    /// `send` or `recv` (case-sensitive, `%s` in the grammar).
    pub(super) fn from_name(s: &str) -> Option<Self> {
        match s {
            "send" => Some(RidDirection::Send),
            "recv" => Some(RidDirection::Recv),
            _ => None,
        }
    }
}

/// `a=rid:<rid-id> <send|recv> [<restrictions>]` (RFC 8851 §10), e.g.
/// `a=rid:hi send pt=96;max-width=1280;max-height=720`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rid<'a> {
    /// The stream id (`hi`, `q`, `1`).
    pub id: &'a str,
    /// Send or receive.
    pub direction: RidDirection,
    /// The `;`-separated restrictions as written, if any.
    pub params: Option<&'a str>,
}

/// One restriction of an `a=rid` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RidParam<'a> {
    /// `pt`, `max-width`, `max-fps`, `depend`, ...
    pub name: &'a str,
    /// The text after `=`, if any.
    pub value: Option<&'a str>,
}

impl<'a> Rid<'a> {
    /// The restrictions, in order (the `pt=` list first when present).
    pub fn params(&self) -> impl Iterator<Item = RidParam<'a>> + use<'a> {
        self.params.unwrap_or_default().split(';').filter(|p| !p.is_empty()).map(|p| {
            match p.split_once('=') {
                Some((name, value)) => RidParam { name, value: Some(value) },
                None => RidParam { name: p, value: None },
            }
        })
    }

    /// The payload types of the leading `pt=` restriction, if any.
    pub fn formats(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.params()
            .next()
            .filter(|p| p.name == "pt")
            .and_then(|p| p.value)
            .unwrap_or_default()
            .split(',')
            .filter(|f| !f.is_empty())
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.id);
        out.push(b' ');
        put(out, self.direction.as_str());
        put_opt(out, b' ', self.params);
    }
}

/// Parses an `a=rid` value.
pub(super) fn parse(value: &str) -> Result<Rid<'_>, FieldError<'_>> {
    complete(value, rid)
}

/// `rid-id = 1*(alpha-numeric / "-" / "_")`, stopping at the list
/// separators of `a=simulcast` and `depend=`.
pub(super) fn rid_id(i: &str) -> PResult<'_, &str> {
    word(is_id_char, &[';', ','], "RTP stream id (letters, digits, `-`, `_`)")(i)
}

/// a=rid:hi send pt=96;max-width=1280;max-height=720
fn rid(i: &str) -> PResult<'_, Rid<'_>> {
    let (i, id) = rid_id(i)?;
    let (i, _) = sp("`send` or `recv`")(i)?;
    let (i, name) = word(is_token_char, &[], "`send` or `recv`")(i)?;
    let Some(direction) = RidDirection::from_name(name) else {
        return Err(expected(name, "`send` or `recv`"));
    };
    let (i, has_params) = more("restrictions")(i)?;
    if !has_params {
        return Ok((i, Rid { id, direction, params: None }));
    }
    let (i, params) = char_list(';', param)(i)?;
    Ok((i, Rid { id, direction, params: Some(params) }))
}

/// max-width=1280
fn param(i: &str) -> PResult<'_, &str> {
    let (rest, name) =
        word(|c| c.is_ascii_alphanumeric() || c == '-', &[';', '='], "restriction name")(i)?;
    let Some(after_eq) = rest.strip_prefix('=') else {
        if name == "pt" || name == "depend" {
            return Err(expected(rest.get(..0).unwrap_or(rest), "`=` and a value"));
        }
        return Ok((rest, name));
    };
    // The value runs to the next `;`; trailing whitespace of the whole
    // value is left for the end check, so `max-fps=30 ` is a trailing space.
    let end = after_eq.find(';').unwrap_or(after_eq.len());
    let raw = after_eq.get(..end).unwrap_or(after_eq);
    let value = if end == after_eq.len() { raw.trim_end_matches([' ', '\t']) } else { raw };
    let rest = after_eq.get(value.len()..).unwrap_or_default();
    check_value(name, value)?;
    Ok((rest, name))
}

/// The typed restrictions of RFC 8851 §5: `pt` lists formats, the `max-*`
/// limits are integers (`max-bpp` a decimal), `depend` lists stream ids.
fn check_value<'a>(name: &str, value: &'a str) -> Result<(), nom::Err<FieldError<'a>>> {
    match name {
        "pt" => char_list(',', word(is_token_char, &[','], "payload type"))(value).and_then(at_end),
        "depend" => char_list(',', rid_id)(value).and_then(at_end),
        "max-width" | "max-height" | "max-fps" | "max-fs" | "max-br" | "max-pps" => {
            number::<u64>("integer", 0, u64::MAX, &[])(value).map(|_| ())
        }
        "max-bpp" => {
            let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if digits(whole) && digits(fraction) {
                Ok(())
            } else {
                Err(expected(value, "decimal (`1.5`)"))
            }
        }
        _ => match value.char_indices().find(|&(_, c)| !(' '..='~').contains(&c)) {
            Some((at, c)) => {
                Err(expected(value.get(at..at + c.len_utf8()).unwrap_or(value), "printable ASCII"))
            }
            None => Ok(()),
        },
    }
}

/// Succeeds when a list consumed the whole restriction value.
fn at_end<O>((rest, _): (&str, O)) -> Result<(), nom::Err<FieldError<'_>>> {
    if rest.is_empty() { Ok(()) } else { Err(fail(rest, FieldErrorKind::Trailing)) }
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use super::{Rid, RidDirection};
    use crate::parse::error::FieldErrorKind::{Expected, NotANumber, Trailing};

    fn rid(value: &str) -> Rid<'_> {
        match ok("rid", value) {
            AttrValue::Rid(r) => r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn field_lines_parse() {
        // Chrome / Firefox simulcast offers
        let r = rid("hi send");
        assert_eq!((r.id, r.direction, r.params), ("hi", RidDirection::Send, None));
        assert_eq!(rid("q recv").direction, RidDirection::Recv);
        rid("1 send");
        rid("a_b-c send");
        let r = rid("hi send pt=96,97;max-width=1280;max-height=720");
        assert_eq!(r.formats().collect::<Vec<_>>(), ["96", "97"]);
        assert_eq!(r.params().count(), 3);
        let r = rid("lo send max-width=320;max-height=180;max-fps=15");
        assert_eq!(r.formats().count(), 0);
        assert_eq!(r.params().nth(2).and_then(|p| p.value), Some("15"));
        rid("hi send max-bpp=1.5;depend=lo,mid");
        rid("x recv custom=some value;flag");
        rid("x recv max-width");
    }

    #[test]
    fn malformed_values() {
        let id = Expected("RTP stream id (letters, digits, `-`, `_`)");
        assert_eq!(bad("rid", ""), (0, "", id));
        assert_eq!(bad("rid", "h.i send"), (1, ".", id));
        assert_eq!(bad("rid", "hi"), (2, "", Expected("`send` or `recv`")));
        assert_eq!(bad("rid", "hi sendonly"), (3, "sendonly", Expected("`send` or `recv`")));
        assert_eq!(bad("rid", "hi SEND"), (3, "SEND", Expected("`send` or `recv`")));
        assert_eq!(bad("rid", "hi send "), (7, " ", Trailing));
        assert_eq!(bad("rid", "hi send max-width=1280 "), (22, " ", Trailing));
        assert_eq!(bad("rid", "hi send max-width=wide"), (18, "wide", NotANumber("integer")));
        assert_eq!(bad("rid", "hi send max-bpp=2"), (16, "2", Expected("decimal (`1.5`)")));
        assert_eq!(bad("rid", "hi send pt=96,"), (14, "", Expected("payload type")));
        assert_eq!(bad("rid", "hi send pt"), (10, "", Expected("`=` and a value")));
        assert_eq!(bad("rid", "hi send depend=a b"), (16, " b", Trailing));
        assert_eq!(bad("rid", "hi send ;max-fps=30"), (8, ";", Expected("restriction name")));
        assert_eq!(bad("rid", "hi send max_fps=30"), (11, "_", Expected("restriction name")));
        assert_eq!(bad("rid", "hi send x=é"), (10, "é", Expected("printable ASCII")));
    }
}
