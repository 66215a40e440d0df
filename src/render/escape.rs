//! Escaping: what of the input may reach the output, and how the rest is
//! shown. Every renderer, and the CLI for its messages, escapes through this
//! module.
//!
//! **One definition** of an unsafe character ([`is_unsafe`]): C0 and C1
//! controls, DEL, the bidi marks, embeddings, overrides and isolates
//! (Trojan Source, CVE-2021-42574), zero-width and the other invisible
//! format characters, tag characters, variation selectors, U+2028/U+2029 and
//! the BOM. None of them reaches any output raw, in any format, on stdout or
//! stderr. Each output writes them in its own escape:
//!
//! - **for people** (human, concise, help, error messages): `⟨U+200B⟩`
//!   ([`push_code_point`], [`visible`]); `<U+200B>` in ASCII mode. The
//!   human snippets' source lines show C0 controls and DEL as control
//!   pictures (`␛`) instead, one column each so that carets stay aligned;
//!   bytes that are not UTF-8 are `\xFF`;
//! - **JSON, JSON lines, SARIF text**: `\uXXXX` (a surrogate pair above the
//!   BMP), so the decoded string is exactly the original (`common.rs`);
//! - **GitHub annotations**: the `%`-escapes of the workflow command rules
//!   for `%`, CR, LF (and `:` `,` in properties), which the runner decodes,
//!   and the people form for the rest (`github.rs`);
//! - **SARIF artifact URIs**: percent-encoding of the name's raw bytes
//!   (RFC 3986 §2.1, `sarif.rs`).

#![cfg_attr(not(all(feature = "serde", feature = "miette")), allow(dead_code))]

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for every character that must not reach an output raw: it drives a
/// terminal or a line-oriented reader (controls, DEL, LS/PS), or it changes
/// or hides what a person reads (bidi, zero-width, format, tag characters,
/// variation selectors, BOM).
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control() || is_hidden(c)
}

/// Appends the people form of `c`: `⟨U+200B⟩`, or `<U+200B>` in ASCII.
pub(crate) fn push_code_point(out: &mut String, c: char, charset: Charset) {
    // Writing into a `String` cannot fail.
    let _ = match charset {
        Charset::Unicode => write!(out, "⟨U+{:04X}⟩", u32::from(c)),
        Charset::Ascii => write!(out, "<U+{:04X}>", u32::from(c)),
    };
}

/// How many characters [`push_code_point`] writes.
fn code_point_width(c: char) -> usize {
    let digits = (32 - u32::from(c).leading_zeros()).div_ceil(4).max(4);
    4 + digits as usize
}

/// `text` on one line for people: every unsafe character (`is_unsafe`),
/// newlines included, in its people form. What the CLI prints on stderr and
/// the concise format use.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape(text, Charset::Unicode, false)
}

// ---------------------------------------------------------------------------
// Human output: decoding input into printable units.
// ---------------------------------------------------------------------------

/// One decoded piece of input: a valid UTF-8 character, or one byte that
/// does not start one (shown as `\xNN`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Unit {
    Char(char),
    Byte(u8),
}

/// Decodes the unit at `at`, and its length in bytes.
///
/// Invalid UTF-8 is consumed one byte at a time, so decoding forwards and
/// backwards ([`unit_before`]) agree and a window may start at any unit.
pub(crate) fn unit_at(bytes: &[u8], at: usize) -> Option<(Unit, usize)> {
    let lead = *bytes.get(at)?;
    let len = match lead {
        0x00..=0x7F => return Some((Unit::Char(char::from(lead)), 1)),
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return Some((Unit::Byte(lead), 1)),
    };
    let c = bytes
        .get(at..at.saturating_add(len))
        .and_then(|b| std::str::from_utf8(b).ok())
        .and_then(|s| s.chars().next());
    Some(c.map_or((Unit::Byte(lead), 1), |c| (Unit::Char(c), len)))
}

/// The unit ending at `at` (not before `floor`), and where it starts.
pub(crate) fn unit_before(bytes: &[u8], at: usize, floor: usize) -> Option<(Unit, usize)> {
    if at <= floor {
        return None;
    }
    // Decoding must not run past `at`.
    let bytes = bytes.get(..at)?;
    for len in (2..=4).rev() {
        let Some(start) = at.checked_sub(len).filter(|s| *s >= floor) else { continue };
        if let Some((unit @ Unit::Char(_), l)) = unit_at(bytes, start)
            && l == len
        {
            return Some((unit, start));
        }
    }
    let start = at - 1;
    unit_at(bytes, start).map(|(unit, _)| (unit, start))
}

/// Which characters the output may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Charset {
    /// Printable Unicode; C0 controls become control pictures (`␛`).
    Unicode,
    /// Printable ASCII only; everything else becomes `\xNN` or `\u{..}`.
    Ascii,
}

/// Appends `unit` as printable text.
pub(crate) fn push_unit(out: &mut String, unit: Unit, charset: Charset) {
    match unit {
        Unit::Byte(b) => {
            let _ = write!(out, "\\x{b:02X}");
        }
        Unit::Char(c) => push_char(out, c, charset),
    }
}

/// Appends `c`, or a printable stand-in when it is [unsafe](is_unsafe) (or
/// not ASCII, in ASCII mode). For source lines: C0 controls and DEL become
/// one-column control pictures in Unicode mode.
pub(crate) fn push_char(out: &mut String, c: char, charset: Charset) {
    match (c, charset) {
        // The common case first: printable ASCII is itself.
        (' '..='~', _) => out.push(c),
        // miette expands tabs itself, keeping carets aligned.
        ('\t', _) => out.push('\t'),
        // U+2400..U+241F are the pictures of C0 controls, in order (`␀`,
        // `␛` for ESC); U+2421 is `␡`.
        ('\0'..='\x1F', Charset::Unicode) => {
            out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}'));
        }
        ('\x7F', Charset::Unicode) => out.push('\u{2421}'),
        _ if is_unsafe(c) || (charset == Charset::Ascii && !c.is_ascii()) => {
            push_code_point(out, c, charset);
        }
        _ => out.push(c),
    }
}

/// How many characters [`push_unit`] writes for `unit`: the window budget's
/// measure. (Wide CJK characters count as one; close enough for a window.)
pub(crate) fn unit_width(unit: Unit, charset: Charset) -> usize {
    match unit {
        Unit::Byte(_) => 4,
        Unit::Char(c) => match (c, charset) {
            // Printable ASCII, or a control picture.
            (' '..='~', _) | ('\0'..='\x08' | '\x0A'..='\x1F' | '\x7F', Charset::Unicode) => 1,
            // A tab: miette expands it to up to 4 columns.
            ('\t', _) => 4,
            _ if is_unsafe(c) || (charset == Charset::Ascii && !c.is_ascii()) => {
                code_point_width(c)
            }
            _ => 1,
        },
    }
}

/// True for characters that a terminal acts on or draws as nothing: C1
/// controls, bidi controls, zero-width and other format characters, line and
/// paragraph separators, variation selectors, tag characters. Shown as
/// `\u{..}` so that a reader sees they are there (Trojan Source, CVE-2021-42574).
pub(crate) fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{80}'..='\u{9F}'          // C1 controls (U+009B is a one-byte CSI)
        | '\u{AD}'                   // soft hyphen
        | '\u{34F}'                  // combining grapheme joiner
        | '\u{600}'..='\u{605}' | '\u{61C}' | '\u{6DD}' | '\u{70F}' | '\u{890}'..='\u{891}' | '\u{8E2}'
        | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}' | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'    // zero-width space/joiners, LRM, RLM
        | '\u{2028}'..='\u{202E}'    // line/paragraph separators, bidi embeddings and overrides
        | '\u{2060}'..='\u{206F}'    // word joiner, invisible operators, bidi isolates
        | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}'
        | '\u{110BD}' | '\u{110CD}' | '\u{13430}'..='\u{1345F}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}'  // tags, variation selectors supplement
    )
}

/// `s` with every character a terminal would act on replaced (see
/// [`push_char`]). Messages, labels and help quote input tokens, so they
/// need this too; their newlines stay, since miette lays out multi-line
/// texts.
pub(crate) fn escape_str(s: &str, charset: Charset) -> Cow<'_, str> {
    escape(s, charset, true)
}

/// [`escape_str`] for a one-line text (the input's name, which sits in the
/// `[name:line:col]` header): newlines are escaped too.
pub(crate) fn escape_line(s: &str, charset: Charset) -> Cow<'_, str> {
    escape(s, charset, false)
}

fn escape(s: &str, charset: Charset, keep_newlines: bool) -> Cow<'_, str> {
    let plain = |c: char| {
        (keep_newlines && c == '\n')
            || (c.is_ascii() && !c.is_ascii_control())
            || (charset == Charset::Unicode && !c.is_ascii() && !is_unsafe(c))
    };
    if s.chars().all(plain) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if plain(c) {
            out.push(c);
        } else {
            // Tabs too: miette expands tabs in source lines only, and a
            // quoted token that starts with one would look like a space.
            push_code_point(&mut out, c, charset);
        }
    }
    Cow::Owned(out)
}

/// Counts characters as [`LineIndex`](crate::source::LineIndex) does: bytes that are not UTF-8
/// continuation bytes. Additive over any split, which the checkpoints use.
pub(crate) fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::testing::XorShift;

    #[test]
    fn one_definition_covers_every_class() {
        for c in [
            '\0',
            '\n',
            '\r',
            '\x1b',
            '\x7f',
            '\u{85}',
            '\u{9b}',
            '\u{AD}',
            '\u{200B}',
            '\u{200D}',
            '\u{200E}',
            '\u{202E}',
            '\u{2066}',
            '\u{2028}',
            '\u{2029}',
            '\u{2060}',
            '\u{FE0F}',
            '\u{FEFF}',
            '\u{E0001}',
            '\u{E0041}',
            '\u{E0100}',
            '\u{180E}',
            '\u{61C}',
        ] {
            assert!(is_unsafe(c), "{c:?}");
        }
        for c in ['a', ' ', 'é', '中', '⟨', '\u{1F600}'] {
            assert!(!is_unsafe(c), "{c:?}");
        }
    }

    #[test]
    fn people_form_is_visible_and_plain_text_is_borrowed() {
        assert!(matches!(visible("Port `99999` is out of range – é"), Cow::Borrowed(_)));
        assert_eq!(visible("a\r\n::error::b\x1b"), "a⟨U+000D⟩⟨U+000A⟩::error::b⟨U+001B⟩");
        assert_eq!(visible("x\u{202E}y\u{200B}z\u{E0041}"), "x⟨U+202E⟩y⟨U+200B⟩z⟨U+E0041⟩");
        assert_eq!(visible("C:\\path\tx"), "C:\\path⟨U+0009⟩x");
    }

    #[test]
    fn decoding_backwards_finds_the_forward_boundaries() {
        let mut rng = XorShift(42);
        for _ in 0..200 {
            let text = rng.bytes(200);
            let mut forward = vec![0];
            let mut at = 0;
            while let Some((_, len)) = unit_at(&text, at) {
                at += len;
                forward.push(at);
            }
            let mut backward = vec![text.len()];
            let mut at = text.len();
            while let Some((_, start)) = unit_before(&text, at, 0) {
                at = start;
                backward.push(at);
            }
            backward.reverse();
            assert_eq!(forward, backward, "{text:?}");
        }
    }

    #[test]
    fn escaping_leaves_plain_text_alone() {
        assert!(matches!(
            escape_str("Port `99999` is out of range – é", Charset::Unicode),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            escape_str("a\x1bb\u{202e}c\nd\re", Charset::Unicode),
            "a⟨U+001B⟩b⟨U+202E⟩c\nd⟨U+000D⟩e"
        );
        assert_eq!(escape_str("é\x1b", Charset::Ascii), "<U+00E9><U+001B>");
        assert_eq!(escape_line("a\nb.sdp", Charset::Unicode), "a⟨U+000A⟩b.sdp");
        // Found by the `check` fuzz target: a quoted token starting with a tab.
        assert_eq!(escape_str("Unexpected `\t03`", Charset::Unicode), "Unexpected `⟨U+0009⟩03`");
        assert_eq!(escape_str("a\tb", Charset::Ascii), "a<U+0009>b");
    }

    #[test]
    fn unit_width_matches_what_is_written() {
        for c in
            ['a', 'é', '\0', '\x1b', '\x7f', '\u{9b}', '\u{202e}', '\u{e0041}', '\u{FEFF}', '中']
        {
            for charset in [Charset::Unicode, Charset::Ascii] {
                let mut out = String::new();
                push_unit(&mut out, Unit::Char(c), charset);
                assert_eq!(
                    unit_width(Unit::Char(c), charset),
                    out.chars().count(),
                    "{c:?} {charset:?}"
                );
            }
        }
    }
}
