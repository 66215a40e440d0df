//! `a=crypto` (RFC 4568 §9.1): SDES keys for SRTP.
//!
//! ```text
//! a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]
//! tag            = 1*9DIGIT
//! crypto-suite   = 1*(ALPHA / DIGIT / "_")
//! key-params     = key-param *(";" key-param)
//! key-param      = key-method ":" key-info
//! key-method     = "inline" / key-method-ext
//! key-method-ext = 1*(ALPHA / DIGIT / "_")
//! key-info       = 1*(%x21-3A / %x3C-7E)   ; visible, no ";"
//! srtp-key-info  = key-salt ["|" lifetime] ["|" mki]   ; for "inline"
//! key-salt       = 1*(base64)
//! lifetime       = ["2^"] 1*(DIGIT)
//! mki            = mki-value ":" mki-length
//! mki-value      = 1*DIGIT
//! mki-length     = 1*3DIGIT   ; 1..128
//! session-param  = 1*(VCHAR)
//! ```
//!
//! RFC 4568 separates the fields with `1*WSP`; sdpcheck asks for exactly one
//! space as for every other attribute (every stack writes one, and libwebrtc
//! splits on single spaces). The grammar puts no bound on a key, but each
//! suite fixes the length of its key and salt (RFC 4568 §6.2, RFC 6188 §7,
//! RFC 7714 §12): an `inline` key of a known suite with another length is
//! malformed. An oversized key is how sofia-sip's SDES parser overflowed.

use super::common::{
    char_list, consumed, expected, first_char, is_vchar, more, number, put, put_opt, sp_list, word,
};
use crate::model::Num;
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::{complete, decimal_value, sp};

/// `a=crypto:<tag> <suite> <key params> [<session params>]`
/// (RFC 4568 §9.1), e.g.
/// `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crypto<'a> {
    /// The tag an answer echoes to pick this line, 0-999999999.
    pub tag: Num<'a, u32>,
    /// The crypto suite (`AES_CM_128_HMAC_SHA1_80`, `AEAD_AES_256_GCM`).
    pub suite: &'a str,
    /// The `;`-separated key parameters as written.
    pub key_params: &'a str,
    /// The session parameters as written (`KDR=1 UNENCRYPTED_SRTCP`).
    pub session_params: Option<&'a str>,
}

/// One key parameter of an `a=crypto` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CryptoKey<'a> {
    /// The key method: `inline` for SRTP.
    pub method: &'a str,
    /// The text after `method:`.
    pub info: &'a str,
}

/// The parts of an `inline:` SRTP key (RFC 4568 §6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InlineKey<'a> {
    /// The base64 of the concatenated master key and salt.
    pub key_salt: &'a str,
    /// The key lifetime as written (`2^20`, `1048576`).
    pub lifetime: Option<&'a str>,
    /// The master key identifier and its length in bytes (`1:32`).
    pub mki: Option<(&'a str, &'a str)>,
}

impl<'a> Crypto<'a> {
    /// Each key parameter, in order.
    pub fn keys(&self) -> impl Iterator<Item = CryptoKey<'a>> + use<'a> {
        self.key_params.split(';').filter_map(|kp| {
            let (method, info) = kp.split_once(':')?;
            Some(CryptoKey { method, info })
        })
    }

    /// Each session parameter, in order.
    pub fn session_params(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.session_params.unwrap_or_default().split(' ').filter(|p| !p.is_empty())
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.tag.raw);
        out.push(b' ');
        put(out, self.suite);
        out.push(b' ');
        put(out, self.key_params);
        put_opt(out, b' ', self.session_params);
    }
}

impl<'a> CryptoKey<'a> {
    /// The parts of an `inline` key (checked at parse time).
    pub fn inline(&self) -> Option<InlineKey<'a>> {
        if self.method != "inline" {
            return None;
        }
        let mut parts = self.info.split('|');
        let key_salt = parts.next()?;
        let mut key = InlineKey { key_salt, lifetime: None, mki: None };
        for part in parts {
            match part.split_once(':') {
                Some(mki) => key.mki = Some(mki),
                None => key.lifetime = Some(part),
            }
        }
        Some(key)
    }
}

/// Parses an `a=crypto` value.
pub(super) fn parse(value: &str) -> Result<Crypto<'_>, FieldError<'_>> {
    complete(value, crypto)
}

/// `1*(ALPHA / DIGIT / "_")`
fn is_suite_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32`
fn crypto(i: &str) -> PResult<'_, Crypto<'_>> {
    let (i, tag) = number("tag", 0, 999_999_999, &[])(i)?;
    let (i, _) = sp("crypto suite")(i)?;
    let (i, suite) = word(is_suite_char, &[], "crypto suite (`AES_CM_128_HMAC_SHA1_80`)")(i)?;
    let (i, _) = sp("key parameters (`inline:<key>`)")(i)?;
    let (i, key_params) = char_list(';', key_param)(i)?;
    let (i, has_session) = more("session parameter")(i)?;
    let (i, session_params) = if has_session {
        let (i, params) =
            sp_list("session parameter", word(is_vchar, &[], "session parameter"))(i)?;
        (i, Some(params))
    } else {
        (i, None)
    };
    check_key_lengths(suite, key_params)?;
    Ok((i, Crypto { tag, suite, key_params, session_params }))
}

/// Each `inline` key of a known suite must decode to the suite's master key
/// plus master salt.
fn check_key_lengths<'a>(suite: &str, key_params: &'a str) -> Result<(), nom::Err<FieldError<'a>>> {
    let Some((bytes, what)) = key_salt_length(suite) else { return Ok(()) };
    for param in key_params.split(';') {
        let Some(info) = param.strip_prefix("inline:") else { continue };
        let key_salt = info.split('|').next().unwrap_or_default();
        // Six bits per base64 character; padding carries none.
        let decoded = key_salt.trim_end_matches('=').len() * 6 / 8;
        if decoded != bytes {
            return Err(expected(key_salt, what));
        }
    }
    Ok(())
}

/// Bytes of master key plus master salt of a suite, and how an error says it.
fn key_salt_length(suite: &str) -> Option<(usize, &'static str)> {
    Some(match suite {
        // RFC 4568 §6.2.1-6.2.3: 128-bit key, 112-bit salt.
        "AES_CM_128_HMAC_SHA1_80" | "AES_CM_128_HMAC_SHA1_32" | "F8_128_HMAC_SHA1_80" => {
            (30, "base64 of 30 bytes, the 16-byte key and 14-byte salt of this suite")
        }
        // RFC 6188 §7.1-7.2: 192- or 256-bit key, 112-bit salt.
        "AES_192_CM_HMAC_SHA1_80" | "AES_192_CM_HMAC_SHA1_32" => {
            (38, "base64 of 38 bytes, the 24-byte key and 14-byte salt of this suite")
        }
        "AES_256_CM_HMAC_SHA1_80" | "AES_256_CM_HMAC_SHA1_32" => {
            (46, "base64 of 46 bytes, the 32-byte key and 14-byte salt of this suite")
        }
        // RFC 7714 §12: 128- or 256-bit key, 96-bit salt.
        "AEAD_AES_128_GCM" => {
            (28, "base64 of 28 bytes, the 16-byte key and 12-byte salt of this suite")
        }
        "AEAD_AES_256_GCM" => {
            (44, "base64 of 44 bytes, the 32-byte key and 12-byte salt of this suite")
        }
        _ => return None,
    })
}

/// inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32
fn key_param(i: &str) -> PResult<'_, &str> {
    let (rest, method) = word(is_suite_char, &[':', ';'], "key method (`inline`)")(i)?;
    let Some(info_start) = rest.strip_prefix(':') else {
        return Err(expected(first_char(rest), "`:` and key info"));
    };
    let is_key_info = |c: char| c.is_ascii_graphic() && c != ';';
    let (rest, info) = word(is_key_info, &[';'], "key info")(info_start)?;
    if method == "inline" {
        check_inline(info)?;
    }
    Ok((rest, consumed(i, rest)))
}

/// `key-salt ["|" lifetime] ["|" mki]` (RFC 4568 §6.1).
fn check_inline(info: &str) -> Result<(), nom::Err<FieldError<'_>>> {
    let mut parts = info.split('|');
    let key_salt = parts.next().unwrap_or_default();
    let is_base64 = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    if key_salt.is_empty() || !key_salt.bytes().all(is_base64) {
        return Err(expected(key_salt, "base64 key and salt"));
    }
    let mut seen_lifetime = false;
    let mut seen_mki = false;
    for part in parts {
        if let Some((value, length)) = part.split_once(':') {
            if seen_mki {
                return Err(expected(part, "nothing after the MKI"));
            }
            seen_mki = true;
            decimal_value::<u64>(value, "MKI value", 0, u64::MAX)?;
            decimal_value::<u8>(length, "MKI length", 1, 128)?;
        } else {
            if seen_mki {
                return Err(expected(part, "nothing after the MKI"));
            }
            if seen_lifetime {
                return Err(expected(part, "MKI (`<value>:<length>`)"));
            }
            seen_lifetime = true;
            let digits = part.strip_prefix("2^").unwrap_or(part);
            decimal_value::<u64>(digits, "key lifetime", 0, u64::MAX)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use super::{Crypto, InlineKey};
    use crate::parse::error::FieldErrorKind::{Expected, NotANumber, OutOfRange, Trailing};

    fn crypto(value: &str) -> Crypto<'_> {
        match ok("crypto", value) {
            AttrValue::Crypto(c) => c,
            other => panic!("{other:?}"),
        }
    }

    const KEY: &str = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    #[test]
    fn field_lines_parse() {
        // RFC 4568 example, Asterisk, FreeSWITCH
        let value = format!("1 AES_CM_128_HMAC_SHA1_80 inline:{KEY}|2^20|1:32");
        let c = crypto(&value);
        assert_eq!((c.tag.value, c.suite), (1, "AES_CM_128_HMAC_SHA1_80"));
        let key = c.keys().next().and_then(|k| k.inline());
        assert_eq!(
            key,
            Some(InlineKey { key_salt: KEY, lifetime: Some("2^20"), mki: Some(("1", "32")) })
        );
        let c = crypto("1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj");
        assert_eq!(c.session_params, None);
        crypto("2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^31");
        crypto(
            "3 AES_256_CM_HMAC_SHA1_80 inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLg==|1:4",
        );
        crypto(
            "1 AEAD_AES_256_GCM inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKyw=|1048576",
        );
        // Two keys, session parameters
        let value = format!(
            "1 AES_CM_128_HMAC_SHA1_80 inline:{KEY}|2^20|1:4;inline:{KEY}|2^20|2:4 FEC_ORDER=FEC_SRTP KDR=1"
        );
        let c = crypto(&value);
        assert_eq!(c.keys().count(), 2);
        assert_eq!(c.session_params().collect::<Vec<_>>(), ["FEC_ORDER=FEC_SRTP", "KDR=1"]);
        // Other key methods keep their info unchecked.
        crypto("1 SOME_SUITE uri:http://example.com/key");
    }

    #[test]
    fn malformed_values() {
        assert_eq!(bad("crypto", ""), (0, "", Expected("tag")));
        assert_eq!(
            bad("crypto", "1234567890 AES_CM_128_HMAC_SHA1_80 inline:abc"),
            (0, "1234567890", OutOfRange { what: "tag", min: 0, max: 999_999_999 })
        );
        assert_eq!(bad("crypto", "1"), (1, "", Expected("crypto suite")));
        assert_eq!(
            bad("crypto", "1 AES-CM inline:a"),
            (5, "-", Expected("crypto suite (`AES_CM_128_HMAC_SHA1_80`)"))
        );
        assert_eq!(bad("crypto", "1 AES_CM"), (8, "", Expected("key parameters (`inline:<key>`)")));
        assert_eq!(bad("crypto", "1 AES_CM inline"), (15, "", Expected("`:` and key info")));
        assert_eq!(
            bad("crypto", "1 AES_CM inlineé:x"),
            (15, "é", Expected("key method (`inline`)"))
        );
        assert_eq!(bad("crypto", "1 AES_CM inline:"), (16, "", Expected("key info")));
        assert_eq!(
            bad("crypto", "1 AES_CM inline:ab!c"),
            (16, "ab!c", Expected("base64 key and salt"))
        );
        assert_eq!(bad("crypto", "1 AES_CM inline:abc|2^x"), (22, "x", NotANumber("key lifetime")));
        assert_eq!(
            bad("crypto", "1 AES_CM inline:abc|1:129"),
            (22, "129", OutOfRange { what: "MKI length", min: 1, max: 128 })
        );
        assert_eq!(
            bad("crypto", "1 AES_CM inline:abc|1:4|2^20"),
            (24, "2^20", Expected("nothing after the MKI"))
        );
        assert_eq!(
            bad("crypto", "1 AES_CM inline:abc|2^20|2^20"),
            (25, "2^20", Expected("MKI (`<value>:<length>`)"))
        );
        assert_eq!(
            bad("crypto", "1 AES_CM inline:abc;"),
            (20, "", Expected("key method (`inline`)"))
        );
        assert_eq!(bad("crypto", "1 AES_CM inline:abc "), (19, " ", Trailing));
        assert_eq!(bad("crypto", "1 AES_CM inline:abc KDR=1 "), (25, " ", Trailing));
        assert_eq!(bad("crypto", "1  AES_CM inline:abc"), (2, " ", Expected("crypto suite")));
        // A key of a known suite must have the suite's length (sofia-sip's
        // overflow was an oversized SDES key); unpadded base64 counts too.
        let long = "QUJD".repeat(2500);
        let value = format!("1 AES_CM_128_HMAC_SHA1_80 inline:{long}|2^20");
        let what = "base64 of 30 bytes, the 16-byte key and 14-byte salt of this suite";
        assert_eq!(bad("crypto", &value), (33, long.as_str(), Expected(what)));
        assert_eq!(
            bad("crypto", "1 AES_CM_128_HMAC_SHA1_80 inline:QUJD"),
            (33, "QUJD", Expected(what))
        );
        crypto("1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
        crypto("1 AEAD_AES_128_GCM inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHA==");
    }

    #[test]
    fn oversized_key_is_one_pass() {
        // A suite sdpcheck does not know has no fixed length: the key is
        // kept whole (known suites are checked in `malformed_values`).
        let key = "A".repeat(10_000);
        let value = format!("1 X_FUTURE_SUITE inline:{key}");
        let c = crypto(&value);
        assert_eq!(
            c.keys().next().and_then(|k| k.inline()).map(|k| k.key_salt.len()),
            Some(10_000)
        );
    }
}
