//! The simple RFC 8866 §6 attributes (`cat`, `keywds`, `tool`, `type`,
//! `charset`, `sdplang`, `lang`, `orient`) and `a=label` (RFC 4574 §4).
//!
//! ```text
//! cat-value     = category            ; non-ws-string
//! keywds-value  = keywords            ; text
//! tool-value    = tool-name-and-version ; text
//! orient-value  = portrait / landscape / seascape   ; case-sensitive
//! type-value    = broadcast / meeting / moderated / test / H332
//!                                     ; case-sensitive
//! charset-value = <defined in RFC 2978> ; mime-charset
//! sdplang-value = Language-Tag        ; RFC 5646
//! lang-value    = Language-Tag
//! label-attribute = "a=label:" pointer ; pointer = token
//! ```
//!
//! RFC 8866 lists `orient` and `type` values with `%s` (case-sensitive)
//! and no extension production, so other values are grammar errors. The
//! language tag check is the RFC 5646 shape (`1*8ALPHA *("-" 1*8alphanum)`),
//! not a registry lookup.

use super::common::{char_list, expected, text, word};
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::{complete, is_non_ws_char, is_token_char};

/// `a=orient` (RFC 8866 §6.8): the workspace orientation of a whiteboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// `portrait`
    Portrait,
    /// `landscape`
    Landscape,
    /// `seascape` (upside-down landscape)
    Seascape,
}

impl Orientation {
    /// The value as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Orientation::Portrait => "portrait",
            Orientation::Landscape => "landscape",
            Orientation::Seascape => "seascape",
        }
    }
}

/// `a=type` (RFC 8866 §6.9): the conference type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConferenceType {
    /// `broadcast`
    Broadcast,
    /// `meeting`
    Meeting,
    /// `moderated`
    Moderated,
    /// `test`
    Test,
    /// `H332` (part of an ITU H.332 session)
    H332,
}

impl ConferenceType {
    /// The value as written.
    pub fn as_str(self) -> &'static str {
        match self {
            ConferenceType::Broadcast => "broadcast",
            ConferenceType::Meeting => "meeting",
            ConferenceType::Moderated => "moderated",
            ConferenceType::Test => "test",
            ConferenceType::H332 => "H332",
        }
    }
}

/// Parses an `a=cat` value: a `non-ws-string`.
pub(super) fn parse_cat(value: &str) -> Result<&str, FieldError<'_>> {
    complete(value, word(is_non_ws_char, &[], "category (`foo.bar`)"))
}

/// Parses an `a=keywds` or `a=tool` value: `text`, named `what`.
pub(super) fn parse_text<'a>(
    value: &'a str,
    what: &'static str,
) -> Result<&'a str, FieldError<'a>> {
    complete(value, text(what))
}

/// Parses an `a=label` value: a token.
pub(super) fn parse_label(value: &str) -> Result<&str, FieldError<'_>> {
    complete(value, word(is_token_char, &[], "label (a token)"))
}

/// Parses an `a=charset` value: an RFC 2978 `mime-charset`.
pub(super) fn parse_charset(value: &str) -> Result<&str, FieldError<'_>> {
    let is_charset_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'+-^_`{}~".contains(c);
    complete(value, word(is_charset_char, &[], "character set name (`ISO-8859-1`)"))
}

/// Parses an `a=sdplang` or `a=lang` value: an RFC 5646 language tag.
pub(super) fn parse_language(value: &str) -> Result<&str, FieldError<'_>> {
    complete(value, language_tag)
}

/// Parses an `a=orient` value.
pub(super) fn parse_orient(value: &str) -> Result<Orientation, FieldError<'_>> {
    const WHAT: &str = "`portrait`, `landscape` or `seascape`";
    let name = complete(value, word(is_token_char, &[], WHAT))?;
    let orient = match name {
        "portrait" => Orientation::Portrait,
        "landscape" => Orientation::Landscape,
        "seascape" => Orientation::Seascape,
        _ => return Err(error(name, WHAT)),
    };
    Ok(orient)
}

/// Parses an `a=type` value.
pub(super) fn parse_type(value: &str) -> Result<ConferenceType, FieldError<'_>> {
    const WHAT: &str = "`broadcast`, `meeting`, `moderated`, `test` or `H332`";
    let name = complete(value, word(is_token_char, &[], WHAT))?;
    Ok(match name {
        "broadcast" => ConferenceType::Broadcast,
        "meeting" => ConferenceType::Meeting,
        "moderated" => ConferenceType::Moderated,
        "test" => ConferenceType::Test,
        "H332" => ConferenceType::H332,
        _ => return Err(error(name, WHAT)),
    })
}

/// An `Expected` error as a plain [`FieldError`].
fn error<'a>(at: &'a str, what: &'static str) -> FieldError<'a> {
    FieldError::at(at, crate::parse::error::FieldErrorKind::Expected(what))
}

/// a=lang:en-US
fn language_tag(i: &str) -> PResult<'_, &str> {
    const WHAT: &str = "language tag (`en`, `de-CH`)";
    let (rest, tag) = char_list('-', word(|c| c.is_ascii_alphanumeric(), &['-'], WHAT))(i)?;
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or_default();
    if !primary.bytes().all(|b| b.is_ascii_alphabetic()) || primary.len() > 8 {
        return Err(expected(primary, WHAT));
    }
    if let Some(long) = subtags.find(|s| s.len() > 8) {
        return Err(expected(long, WHAT));
    }
    Ok((rest, tag))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use super::{ConferenceType, Orientation};
    use crate::parse::error::FieldErrorKind::{Expected, Trailing};

    #[test]
    fn text_attributes() {
        assert_eq!(ok("cat", "foo.bar"), AttrValue::Cat("foo.bar"));
        assert_eq!(
            ok("keywds", "SDP session description protocol"),
            AttrValue::Keywds("SDP session description protocol")
        );
        assert_eq!(ok("tool", "foobar V3.2"), AttrValue::Tool("foobar V3.2"));
        assert_eq!(ok("tool", "libavformat 58.29.100"), AttrValue::Tool("libavformat 58.29.100"));
        assert_eq!(ok("tool", "Ünïcödé"), AttrValue::Tool("Ünïcödé"));
        assert_eq!(ok("label", "1"), AttrValue::Label("1"));
        assert_eq!(ok("label", "main-audio"), AttrValue::Label("main-audio"));
        assert_eq!(bad("cat", "foo bar"), (3, " bar", Trailing));
        assert_eq!(bad("tool", "foobar "), (6, " ", Trailing));
        assert_eq!(bad("tool", ""), (0, "", Expected("tool name and version")));
        assert_eq!(bad("keywds", " a"), (0, " ", Expected("keywords")));
        assert_eq!(bad("label", "a:b"), (1, ":", Expected("label (a token)")));
    }

    #[test]
    fn charsets_and_languages() {
        assert_eq!(ok("charset", "ISO-8859-1"), AttrValue::Charset("ISO-8859-1"));
        assert_eq!(ok("charset", "UTF-8"), AttrValue::Charset("UTF-8"));
        assert_eq!(bad("charset", "ISO 8859-1"), (3, " 8859-1", Trailing));
        assert_eq!(
            bad("charset", "utf/8"),
            (3, "/", Expected("character set name (`ISO-8859-1`)"))
        );
        for tag in ["fr", "en-US", "de-CH-1996", "zh-Hant-TW", "i-klingon", "x-private"] {
            assert_eq!(ok("lang", tag), AttrValue::Lang(tag));
            assert_eq!(ok("sdplang", tag), AttrValue::SdpLang(tag));
        }
        let what = Expected("language tag (`en`, `de-CH`)");
        assert_eq!(bad("lang", ""), (0, "", what));
        assert_eq!(bad("lang", "en_US"), (2, "_", what));
        assert_eq!(bad("lang", "en-"), (3, "", what));
        assert_eq!(bad("lang", "1en"), (0, "1en", what));
        assert_eq!(bad("lang", "en-abcdefghi"), (3, "abcdefghi", what));
    }

    #[test]
    fn enumerated_values() {
        assert_eq!(ok("orient", "portrait"), AttrValue::Orient(Orientation::Portrait));
        assert_eq!(ok("orient", "seascape"), AttrValue::Orient(Orientation::Seascape));
        assert_eq!(ok("type", "moderated"), AttrValue::Type(ConferenceType::Moderated));
        assert_eq!(ok("type", "H332"), AttrValue::Type(ConferenceType::H332));
        assert_eq!(
            bad("orient", "Portrait"),
            (0, "Portrait", Expected("`portrait`, `landscape` or `seascape`"))
        );
        assert_eq!(bad("type", "h332").1, "h332");
        assert_eq!(bad("type", "meeting "), (7, " ", Trailing));
    }
}
