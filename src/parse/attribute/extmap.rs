//! `a=extmap` (RFC 8285 §7): maps an RTP header extension id to its URI.
//!
//! ```text
//! extmap              = mapentry SP extensionname [SP extensionattributes]
//! mapentry            = "extmap:" 1*5DIGIT ["/" direction]
//! extensionname       = URI
//! direction           = "sendonly" / "recvonly" / "sendrecv" / "inactive"
//! extensionattributes = byte-string
//! ```
//!
//! RFC 8285 §5 gives the usable ids: 1-14 for one-byte headers and 1-255
//! for two-byte headers (§4.2 reserves 15 in one-byte headers only). §7
//! also lets an offer use 4096-4351, meaning "the answerer picks the id",
//! so those parse too. Everything else (0, 256-4095, above 4351) is out of
//! range. Whether an id above 14 is usable (it needs
//! `a=extmap-allow-mixed` or two-byte headers) is a rule's call.

use super::common::{expected, fail, first_char, is_vchar, more, put, put_opt, text, word};
use super::flag::Direction;
use crate::model::Num;
use crate::parse::error::{FieldError, FieldErrorKind, PResult};
use crate::parse::grammar::{complete, decimal_value, field_len, is_token_char, sp, split_at};

/// `a=extmap:<id>[/<direction>] <URI> [<attributes>]` (RFC 8285 §7), e.g.
/// `a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extmap<'a> {
    /// The local id: 1-255, or 4096-4351 in an offer.
    pub id: Num<'a, u16>,
    /// The direction, when given.
    pub direction: Option<Direction>,
    /// The extension's URI.
    pub uri: &'a str,
    /// Extension attributes after the URI, as written.
    pub attributes: Option<&'a str>,
}

impl Extmap<'_> {
    /// Whether the id fits a one-byte header (1-14, RFC 8285 §4.2).
    pub fn is_one_byte(&self) -> bool {
        (1..=14).contains(&self.id.value)
    }

    /// Whether the id is in the offer-only 4096-4351 range (RFC 8285 §7).
    pub fn is_answerer_choice(&self) -> bool {
        (4096..=4351).contains(&self.id.value)
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.id.raw);
        put_opt(out, b'/', self.direction.map(Direction::as_str));
        out.push(b' ');
        put(out, self.uri);
        put_opt(out, b' ', self.attributes);
    }
}

/// Parses an `a=extmap` value.
pub(super) fn parse(value: &str) -> Result<Extmap<'_>, FieldError<'_>> {
    complete(value, extmap)
}

/// `a=extmap:3/sendrecv http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time`
fn extmap(i: &str) -> PResult<'_, Extmap<'_>> {
    let (i, id) = extension_id(i)?;
    let (i, direction) = match i.strip_prefix('/') {
        Some(rest) => {
            let (rest, d) = direction(rest)?;
            (rest, Some(d))
        }
        None => (i, None),
    };
    let (i, _) = sp("extension URI")(i)?;
    let (i, uri) = uri(i)?;
    let (i, has_attributes) = more("extension attributes")(i)?;
    let (i, attributes) = if has_attributes {
        let (i, a) = text("extension attributes")(i)?;
        (i, Some(a))
    } else {
        (i, None)
    };
    Ok((i, Extmap { id, direction, uri, attributes }))
}

/// `1*5DIGIT` in 1-255 or 4096-4351.
fn extension_id(i: &str) -> PResult<'_, Num<'_, u16>> {
    const WHAT: &str = "extension id";
    let (rest, raw) = split_at(i, field_len(i, &['/']));
    if raw.is_empty() {
        return Err(expected(first_char(i), WHAT));
    }
    let out_of_range = || fail(raw, FieldErrorKind::OutOfRange { what: WHAT, min: 1, max: 255 });
    let value = decimal_value::<u64>(raw, WHAT, 0, u64::MAX).map_err(|e| match e {
        nom::Err::Error(FieldError { kind: FieldErrorKind::OutOfRange { .. }, .. }) => {
            out_of_range()
        }
        other => other,
    })?;
    match u16::try_from(value) {
        Ok(id @ (1..=255 | 4096..=4351)) => Ok((rest, Num { raw, value: id })),
        _ => Err(out_of_range()),
    }
}

/// sendonly
fn direction(i: &str) -> PResult<'_, Direction> {
    const WHAT: &str = "`sendonly`, `recvonly`, `sendrecv` or `inactive`";
    let (rest, name) = word(is_token_char, &[], WHAT)(i)?;
    match Direction::from_name(name) {
        Some(d) => Ok((rest, d)),
        None => Err(expected(name, WHAT)),
    }
}

/// An absolute URI (RFC 3986 §3: `scheme ":" ...`), as extension names are
/// (`urn:ietf:params:rtp-hdrext:...`, `http://www.webrtc.org/...`).
fn uri(i: &str) -> PResult<'_, &str> {
    const WHAT: &str = "extension URI (`urn:ietf:params:rtp-hdrext:...`)";
    let (rest, uri) = word(is_vchar, &[], WHAT)(i)?;
    let scheme = uri.split_once(':').map(|(s, _)| s).unwrap_or_default();
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(expected(uri, WHAT));
    }
    if let Some(bad) = crate::parse::grammar::bad_percent(uri) {
        return Err(expected(bad, crate::parse::fields::PERCENT));
    }
    Ok((rest, uri))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::flag::Direction;
    use super::super::testing::{bad, ok};
    use super::Extmap;
    use crate::parse::error::FieldErrorKind::{Expected, NotANumber, OutOfRange, Trailing};

    const URI: &str = "extension URI (`urn:ietf:params:rtp-hdrext:...`)";
    const RANGE: crate::parse::error::FieldErrorKind =
        OutOfRange { what: "extension id", min: 1, max: 255 };

    fn extmap(value: &str) -> Extmap<'_> {
        match ok("extmap", value) {
            AttrValue::Extmap(e) => e,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn field_lines_parse() {
        let e = extmap("1 urn:ietf:params:rtp-hdrext:ssrc-audio-level");
        assert_eq!((e.id.value, e.direction, e.attributes), (1, None, None));
        assert!(e.is_one_byte());
        let e = extmap("3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
        assert_eq!(e.uri, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
        let e = extmap("2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level");
        assert_eq!(e.direction, Some(Direction::RecvOnly));
        extmap("4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
        extmap("14 urn:3gpp:video-orientation");
        let e = extmap("1 urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on");
        assert_eq!(e.attributes, Some("vad=on"));
        // Two-byte ids and the offer-only range.
        assert!(!extmap("15 urn:ietf:params:rtp-hdrext:sdes:mid").is_one_byte());
        assert_eq!(extmap("255 urn:x:y").id.value, 255);
        assert!(extmap("4096 urn:x:y").is_answerer_choice());
        assert!(extmap("4351/sendonly urn:x:y").is_answerer_choice());
    }

    #[test]
    fn ids_out_of_range() {
        for id in ["0", "256", "4095", "4352", "65536", "99999", "18446744073709551616"] {
            let value = format!("{id} urn:ietf:params:rtp-hdrext:toffset");
            assert_eq!(bad("extmap", &value), (0, id, RANGE), "{id}");
        }
        assert_eq!(bad("extmap", "x urn:a:b"), (0, "x", NotANumber("extension id")));
        assert_eq!(bad("extmap", "-1 urn:a:b"), (0, "-1", NotANumber("extension id")));
        assert_eq!(bad("extmap", ""), (0, "", Expected("extension id")));
        assert_eq!(bad("extmap", "/sendonly urn:a:b"), (0, "/", Expected("extension id")));
        assert_eq!(bad("extmap", " 1 urn:a:b"), (0, " ", Expected("extension id")));
    }

    #[test]
    fn malformed_values() {
        let dir = Expected("`sendonly`, `recvonly`, `sendrecv` or `inactive`");
        assert_eq!(bad("extmap", "1/both urn:a:b"), (2, "both", dir));
        assert_eq!(bad("extmap", "1/SENDONLY urn:a:b"), (2, "SENDONLY", dir));
        assert_eq!(bad("extmap", "1/ urn:a:b"), (2, " ", dir));
        assert_eq!(bad("extmap", "1"), (1, "", Expected("extension URI")));
        assert_eq!(bad("extmap", "1 "), (2, "", Expected(URI)));
        assert_eq!(bad("extmap", "1 audio-level"), (2, "audio-level", Expected(URI)));
        assert_eq!(bad("extmap", "1 :x"), (2, ":x", Expected(URI)));
        assert_eq!(bad("extmap", "1 urn:a:b "), (9, " ", Trailing));
        assert_eq!(bad("extmap", "1 urn:a:b x "), (11, " ", Trailing));
        assert_eq!(bad("extmap", "1  urn:a:b"), (2, " ", Expected("extension URI")));
    }
}
