//! What the machine renderers share: every finding of a run resolved to
//! positions in the input the user has, in one deterministic order, and the
//! escaping that keeps input bytes from reaching a terminal or a parser raw.
//!
//! Called by `concise`, `json_lines`, `sarif` and `github`. It does for all of
//! them what `json.rs`'s `push_diagnostic` does for the JSON document (pair
//! findings sit on the answer; offer-side labels map into the offer's input),
//! and its [`Diagnostic`] serialises to the same fields as a diagnostic of
//! `--format json` (CONTRACT.md), so `json.rs` can call [`diagnostics`] too.

use std::collections::HashMap;
use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::Finding;
use crate::finding::{LabelSource, Severity};
use crate::registry::FieldCode;
use crate::render::{Entry, PairEntry};
use crate::span::Span;
use crate::stacks::StackVerdict;

/// Where a span sits in its input: the start as line/column (both 1-based,
/// column in characters) and byte offset/length, plus the end (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Position {
    /// 1-based line of the first byte.
    pub(crate) line: usize,
    /// 1-based column, in characters, of the first byte.
    pub(crate) column: usize,
    /// Byte offset in the input.
    pub(crate) offset: usize,
    /// Length in bytes.
    pub(crate) length: usize,
    /// 1-based line of the end (the position just past the last byte).
    #[serde(skip)]
    pub(crate) end_line: usize,
    /// 1-based column of the end: the character after the span.
    #[serde(skip)]
    pub(crate) end_column: usize,
}

impl Position {
    /// The position of `span` (already a span of the input) in `entry`'s input.
    fn of(entry: &Entry<'_, '_>, span: Span) -> Self {
        let span = span.clamp_to(entry.text.len());
        let (line, column) = entry.index.position(entry.text, span.start as usize);
        let (end_line, end_column) = entry.index.position(entry.text, span.end as usize);
        Position {
            line,
            column,
            offset: entry.base.saturating_add(span.start as usize),
            length: span.len(),
            end_line,
            end_column,
        }
    }
}

/// One label of a finding, located in the input its description came from.
#[derive(Debug, Serialize)]
pub(crate) struct LocatedLabel<'r> {
    /// Lower-case narration.
    pub(crate) text: &'r str,
    /// Index of the description (entry) it points into.
    pub(crate) sdp: usize,
    /// Where it points.
    #[serde(flatten)]
    pub(crate) at: Position,
    /// The name of the input it points into.
    #[serde(skip)]
    pub(crate) source: &'r str,
    /// True for a label on the description the finding is reported on;
    /// false for an offer-side label of a pair finding.
    #[serde(skip)]
    pub(crate) on_this: bool,
}

/// One finding, located. Serialises exactly as a diagnostic of the JSON
/// document (CONTRACT.md), in the same field order.
#[derive(Debug, Serialize)]
pub(crate) struct Diagnostic<'r> {
    /// The finding itself.
    #[serde(skip)]
    pub(crate) finding: &'r Finding,
    /// Rule name, `number-out-of-range`.
    pub(crate) rule: &'static str,
    /// Rule code, `SDP0009`.
    pub(crate) code: &'static str,
    /// Severity after the user's overrides.
    pub(crate) severity: Severity,
    /// Field error codes.
    pub(crate) codes: &'static [FieldCode],
    /// The problem statement.
    pub(crate) message: &'r str,
    /// The fix, if the rule knows one.
    pub(crate) help: Option<&'r str>,
    /// Index of the description (entry) it is reported on.
    pub(crate) sdp: usize,
    /// Name of the input it is reported in.
    pub(crate) source: &'r str,
    /// The primary position: the first label on this description, or the
    /// start of the description when it has none.
    #[serde(flatten)]
    pub(crate) at: Position,
    /// Every label, primary first, offer-side ones pointing into the offer.
    pub(crate) labels: Vec<LocatedLabel<'r>>,
    /// The real stacks that refuse the fault, with what each said; absent
    /// when the finding claims no refusal.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) stacks: Vec<StackRow>,
    /// Index in `labels` of the primary label, if there is one.
    #[serde(skip)]
    pub(crate) primary: Option<usize>,
    /// Rank of its input among the run's inputs, for sorting.
    #[serde(skip)]
    input: usize,
}

impl<'r> Diagnostic<'r> {
    /// The labels other than the primary one.
    pub(crate) fn secondary_labels(&self) -> impl Iterator<Item = &LocatedLabel<'r>> {
        let primary = self.primary;
        self.labels.iter().enumerate().filter(move |(i, _)| Some(*i) != primary).map(|(_, l)| l)
    }
}

/// One real stack's refusal, as the machine formats write it:
/// `{"stack":"pjsip","version":"2.15.1","response":488,"message":"Not Acceptable Here"}`.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct StackRow {
    /// `chromium`, `firefox`, `pjsip`, `baresip` (as `--target` takes them).
    pub(crate) stack: &'static str,
    /// The version the verdict was observed with.
    pub(crate) version: &'static str,
    /// A SIP stack's final response code; absent for a browser.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) response: Option<u16>,
    /// The browser's exact error text, or the SIP reason phrase.
    pub(crate) message: &'static str,
}

impl StackRow {
    /// The rows of `verdicts`, in their order.
    pub(crate) fn of(verdicts: &[StackVerdict]) -> Vec<StackRow> {
        verdicts
            .iter()
            .map(|v| StackRow {
                stack: v.stack.name(),
                version: v.stack.verified_version(),
                response: v.response,
                message: v.message,
            })
            .collect()
    }
}

/// Every finding of the run, located, sorted by input (in the order the
/// inputs were given), then byte offset, then rule code. A pair finding is
/// reported on its answer, with offer-side labels pointing into the offer.
pub(crate) fn diagnostics<'r>(
    entries: &[Entry<'r, '_>],
    pairs: &[PairEntry<'r, '_>],
) -> Vec<Diagnostic<'r>> {
    // Several descriptions can come from one input (a log); they share its
    // name, and sort as one input.
    let mut ranks: HashMap<&str, usize> = HashMap::new();
    let rank_of: Vec<usize> = entries
        .iter()
        .map(|e| {
            let next = ranks.len();
            *ranks.entry(e.source).or_insert(next)
        })
        .collect();
    let rank = |i: usize| rank_of.get(i).copied().unwrap_or(usize::MAX);

    let mut out = Vec::new();
    for (position, entry) in entries.iter().enumerate().filter(|(_, e)| !e.quoted) {
        for finding in entry.report.findings() {
            out.push(locate(finding, (entry.number, entry), None, rank(position)));
        }
    }
    for pair in pairs {
        let (Some((_, offer)), Some((position, answer))) =
            (find(entries, pair.offer), find(entries, pair.answer))
        else {
            continue;
        };
        for finding in pair.report.findings() {
            out.push(locate(
                finding,
                (pair.answer, answer),
                Some((pair.offer, offer)),
                rank(position),
            ));
        }
    }
    out.sort_by(|a, b| (a.input, a.at.offset, a.code).cmp(&(b.input, b.at.offset, b.code)));
    out
}

/// The entry whose [`Entry::number`] is `number`, and its position in
/// `entries` (where it usually is: numbers are positions in a whole run).
pub(crate) fn find<'e, 'r, 'a>(
    entries: &'e [Entry<'r, 'a>],
    number: usize,
) -> Option<(usize, &'e Entry<'r, 'a>)> {
    match entries.get(number) {
        Some(e) if e.number == number => Some((number, e)),
        _ => entries.iter().enumerate().find(|(_, e)| e.number == number),
    }
}

/// Locates one finding reported on `this`; offer-side labels map into `offer`
/// (and are dropped when there is no offer, as the JSON document does).
pub(crate) fn locate<'r>(
    finding: &'r Finding,
    this: (usize, &Entry<'r, '_>),
    offer: Option<(usize, &Entry<'r, '_>)>,
    input: usize,
) -> Diagnostic<'r> {
    let (index, entry) = this;
    let labels: Vec<LocatedLabel<'r>> = finding
        .labels()
        .iter()
        .filter_map(|l| {
            let (sdp, side) = match l.source {
                LabelSource::This => (index, entry),
                LabelSource::Offer => offer?,
            };
            Some(LocatedLabel {
                text: &l.text,
                sdp,
                at: Position::of(side, side.to_input(l.span)),
                source: side.source,
                on_this: l.source == LabelSource::This,
            })
        })
        .collect();
    let primary = labels.iter().position(|l| l.on_this);
    let at = primary
        .and_then(|i| labels.get(i))
        .map_or_else(|| Position::of(entry, Span::empty(entry.offset)), |l| l.at);
    Diagnostic {
        finding,
        rule: finding.name(),
        code: finding.code(),
        severity: finding.severity(),
        codes: finding.field_codes(),
        message: finding.message(),
        help: finding.help(),
        sdp: index,
        source: entry.source,
        at,
        labels,
        stacks: StackRow::of(finding.stacks()),
        primary,
        input,
    }
}

/// Serialises `value` as JSON, pretty or compact. Beyond what `serde_json`
/// escapes (`"`, `\` and U+0000..U+001F), every other unsafe character of
/// `escape.rs` (DEL, C1, bidi, zero-width, tags, ...) is written as `\uXXXX`
/// too (a surrogate pair above U+FFFF), so nothing unsafe reaches the output
/// raw and the decoded string is exactly the original.
pub(crate) fn to_json<T: Serialize + ?Sized>(
    value: &T,
    pretty: bool,
) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(256);
    if pretty {
        let mut ser =
            serde_json::Serializer::with_formatter(&mut out, SafeFormatter(PrettyFormatter::new()));
        value.serialize(&mut ser)?;
    } else {
        let mut ser =
            serde_json::Serializer::with_formatter(&mut out, SafeFormatter(CompactFormatter));
        value.serialize(&mut ser)?;
    }
    // The serializer writes only valid UTF-8 (it serialises `str`s).
    String::from_utf8(out).map_err(|e| serde_json::Error::io(io::Error::other(e)))
}

/// A `serde_json` formatter that escapes the characters `serde_json` leaves
/// raw, and otherwise defers to the formatter it wraps.
struct SafeFormatter<F>(F);

impl<F: Formatter> Formatter for SafeFormatter<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if crate::render::escape::is_unsafe(c) {
                writer.write_all(fragment.get(start..i).unwrap_or_default().as_bytes())?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(fragment.get(start..).unwrap_or_default().as_bytes())
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_what_serde_json_leaves_raw() {
        let s = "a\u{7f}b\u{9b}c\u{2028}d\x1be\"é";
        let json = to_json(s, false).unwrap();
        assert_eq!(json, "\"a\\u007fb\\u009bc\\u2028d\\u001be\\\"é\"");
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), s);
        let s = "z\u{200b}t\u{e0041}\u{202e}";
        let json = to_json(s, false).unwrap();
        assert_eq!(json, "\"z\\u200bt\\udb40\\udc41\\u202e\"");
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), s);
        let pretty = to_json(&serde_json::json!({"k": [1, "\u{85}"]}), true).unwrap();
        assert_eq!(pretty, "{\n  \"k\": [\n    1,\n    \"\\u0085\"\n  ]\n}");
    }
}
