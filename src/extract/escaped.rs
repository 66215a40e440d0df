//! JSON-escaped SDP strings: `"v=0\r\no=- ...\r\n"` as it appears in JSON
//! documents, browser console logs and server logs.
//!
//! The string is unescaped while it streams through the window, so an SDP
//! of any length costs at most its own (capped) text, and every output byte
//! is recorded in the [`super::source_map::MapBuilder`] against the escape
//! sequence that produced it. Escapes follow JSON (RFC 8259 §7) plus `\'`,
//! which JavaScript console output uses inside single-quoted strings.

use std::io::Read;

use memchr::{memchr, memchr3};

use super::Sink;
use super::window::Window;

/// Bytes an escape may need: `\uD83D\uDE00` is twelve.
const MAX_ESCAPE: u64 = 12;

/// Why an escaped SDP ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// At the closing quote; `end` is just past it.
    Quote,
    /// At a raw line break or CR inside the string (not valid JSON, but
    /// logs print unquoted escaped SDPs); `end` is the break.
    LineEnd,
    /// A second SDP starts inside the same string at `end`.
    NextSdp,
    /// The input ended inside the string.
    Eof,
}

/// True if `bytes` start an escaped SDP: `v=0`, an escaped line break, and
/// a second line of the form `<letter>=`. Requiring the second line keeps
/// prose like `v=0\n` in a log message from counting as an SDP.
pub(crate) fn is_escaped_start(bytes: &[u8]) -> bool {
    let Some(rest) = bytes.strip_prefix(b"v=0") else { return false };
    let rest = match rest.strip_prefix(b"\\r\\n") {
        Some(r) => r,
        None => match rest.strip_prefix(b"\\n") {
            Some(r) => r,
            None => return false,
        },
    };
    matches!(rest, [letter, b'=', ..] if letter.is_ascii_alphabetic())
}

/// Decodes the escape at the start of `bytes` (a backslash) into `out`.
/// Returns (input length, output length), or `None` when the backslash does
/// not start a known escape (it is then kept as a literal byte, and the
/// parser reports it).
fn decode(bytes: &[u8], out: &mut [u8; 4]) -> Option<(u8, u8)> {
    let simple = match bytes.get(1)? {
        b'"' => b'"',
        b'\\' => b'\\',
        b'/' => b'/',
        b'\'' => b'\'',
        b'b' => 0x08,
        b'f' => 0x0C,
        b'n' => b'\n',
        b'r' => b'\r',
        b't' => b'\t',
        b'u' => return decode_unicode(bytes, out),
        _ => return None,
    };
    out[0] = simple;
    Some((2, 1))
}

/// `\uXXXX`, combining a surrogate pair; a lone surrogate becomes U+FFFD
/// (what `JSON.parse` followed by UTF-8 encoding produces).
fn decode_unicode(bytes: &[u8], out: &mut [u8; 4]) -> Option<(u8, u8)> {
    let unit = hex4(bytes.get(2..6)?)?;
    let (scalar, len) = if (0xD800..0xDC00).contains(&unit) {
        let low = bytes
            .get(6..8)
            .filter(|p| *p == b"\\u")
            .and_then(|_| hex4(bytes.get(8..12)?))
            .filter(|low| (0xDC00..0xE000).contains(low));
        match low {
            Some(low) => (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), 12),
            None => (0xFFFD, 6),
        }
    } else if (0xDC00..0xE000).contains(&unit) {
        (0xFFFD, 6)
    } else {
        (unit, 6)
    };
    let c = char::from_u32(scalar).unwrap_or(char::REPLACEMENT_CHARACTER);
    let n = c.encode_utf8(out).len();
    Some((len, u8::try_from(n).unwrap_or(4)))
}

/// Four hex digits.
fn hex4(digits: &[u8]) -> Option<u32> {
    if digits.len() != 4 {
        return None;
    }
    digits.iter().try_fold(0u32, |acc, d| Some(acc * 16 + char::from(*d).to_digit(16)?))
}

/// Unescapes the string from `start` (the `v` of `v=0`) up to the closing
/// `delim`, into `sink`, at 1-based input column `col`. Returns where it
/// stopped and why.
pub(crate) fn read<R: Read>(
    win: &mut Window<R>,
    start: u64,
    delim: u8,
    mut col: u64,
    sink: &mut Sink,
) -> (u64, Stop) {
    let mut cur = start;
    loop {
        // No escape spans a line break: on live input the rest of the line
        // is all an escape may need.
        win.ensure_until(super::keep(cur), cur, cur + MAX_ESCAPE, b"\n");
        let piece = win.rest(cur);
        if piece.is_empty() {
            return (cur, Stop::Eof);
        }
        let hit = memchr3(delim, b'\\', b'\n', piece);
        let lit = piece.get(..hit.unwrap_or(piece.len())).unwrap_or_default();
        // A raw CR cannot be inside a JSON string: the string has ended
        // (an unquoted escaped SDP at the end of a CRLF log line).
        if let Some(cr) = memchr(b'\r', lit) {
            let lit = lit.get(..cr).unwrap_or_default();
            sink.literal(cur, lit, 0, col);
            return (cur + cr as u64, Stop::LineEnd);
        }
        sink.literal(cur, lit, 0, col);
        col += crate::source::char_count(lit) as u64;
        cur += lit.len() as u64;
        let Some(at) = hit else { continue };
        let special = piece.get(at..).unwrap_or_default();
        match special.first() {
            Some(&b) if b == delim => return (cur + 1, Stop::Quote),
            Some(b'\n') => return (cur, Stop::LineEnd),
            _ => {}
        }
        if (special.len() as u64) < MAX_ESCAPE && !win.at_eof() && memchr(b'\n', special).is_none()
        {
            // The escape may straddle the window's end: load it whole.
            continue;
        }
        let mut out = [0u8; 4];
        if let Some((n_in, n_out)) = decode(special, &mut out) {
            let produced = out.get(..usize::from(n_out)).unwrap_or_default();
            let newline = produced == b"\n";
            sink.escape(cur, n_in, produced, 0, col);
            col += u64::from(n_in);
            cur += u64::from(n_in);
            if newline {
                win.ensure_until(super::keep(cur), cur, cur + 16, b"\n");
                if is_escaped_start(win.rest(cur)) {
                    return (cur, Stop::NextSdp);
                }
            }
        } else {
            sink.literal(cur, b"\\", 0, col);
            col += 1;
            cur += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unescape(s: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < s.len() {
            let mut buf = [0u8; 4];
            if s[i] == b'\\'
                && let Some((n_in, n_out)) = decode(&s[i..], &mut buf)
            {
                out.extend_from_slice(&buf[..n_out as usize]);
                i += n_in as usize;
            } else {
                out.push(s[i]);
                i += 1;
            }
        }
        out
    }

    #[test]
    fn escapes_decode_like_json_parse() {
        let all = br#"a\r\n\"\\\/\t\u00e9\ud83d\ude00"#;
        assert_eq!(unescape(all), "a\r\n\"\\/\té😀".as_bytes());
        assert_eq!(unescape(br"\ud83d x"), "\u{FFFD} x".as_bytes());
        assert_eq!(unescape(br"\udc00"), "\u{FFFD}".as_bytes());
        assert_eq!(unescape(br"\x41\u12"), br"\x41\u12");
        assert!(is_escaped_start(br"v=0\r\no=- 1"));
        assert!(is_escaped_start(br"v=0\ns=-"));
        assert!(!is_escaped_start(br"v=0\r\n\r\n"));
        assert!(!is_escaped_start(b"v=0\r\no=-"));
    }
}
