//! `--format human`: each finding drawn by miette's graphical handler.
//!
//! The CLI calls [`render`] once per input with that input's findings. A
//! typical finding renders like this (Unicode theme, no colour, width 100):
//!
//! ```text
//! number-out-of-range [40004, 32009, 32102]
//!
//!   × Port `99999` is out of range in `m=`
//!    ╭─[offer.sdp:5:9]
//!  4 │ t=0 0
//!  5 │ m=audio 99999 RTP/AVP 0
//!    ·         ──┬──
//!    ·           ╰── must be 0–65535
//!    ╰────
//!   help: use port in the range 0–65535
//! ```
//!
//! (The exact wording comes from the rule; the frame is miette's.)
//!
//! # Why miette never sees the input itself
//!
//! Handing miette the raw input (as a `NamedSource`) works for a friendly
//! file and fails on a hostile one. miette 7.6, as we probed it:
//!
//! 1. panics or misrenders a label that starts past column 65535;
//! 2. copies control bytes (ESC, OSC-8 hyperlinks, C1, bidi overrides,
//!    zero-width and tag characters, lone CR) to the terminal untouched;
//! 3. rescans the source from the start for every label, so N findings on one
//!    input cost N full scans (20,000 findings took 37 s);
//! 4. drops a label at exactly end-of-input and panics one past it;
//! 5. draws all single-line labels of a line on one underline row, pushing
//!    each past the previous one's end, so overlapping labels point at the
//!    wrong bytes (zkat/miette#268).
//!
//! So miette only ever sees a small *snippet* per finding, built here:
//!
//! - only the lines its labels touch, plus context lines, each cut to a
//!   window of about 120 characters around the label, `…` marking a cut (1);
//! - escaped: C0 controls and DEL become control pictures (`␛`, `␀`, `␍`),
//!   C1, bidi, zero-width and tag characters become `\u{..}`, bytes that are
//!   not UTF-8 become `\xFF`; messages, labels, help and the input's name go
//!   through the same escaping, since they quote input (2);
//! - labels remapped into the snippet, while its [`SourceCode`] reports the
//!   true line and column, so the `[name:line:col]` header and the line
//!   numbers match the JSON output; built from the input's [`LineIndex`],
//!   a snippet costs O(window + log lines) (3);
//! - spans clamped to the input, a label at end of input drawn on the empty
//!   last line, or one past the last character (4);
//! - labels sorted by position; a label overlapping an earlier one on the
//!   same line is drawn in a snippet of its own (5).

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::finding::{Finding, LabelSource};
use crate::source::LineIndex;

/// How many characters (after escaping) of one line are shown at most.
///
/// SDP lines are short, so this only bites on hostile or broken input (a
/// 1 MiB `a=` line). Lines that fit are shown whole.
const WINDOW: usize = 120;

/// How much of the window a label may take, so that some text on either
/// side of it stays visible; a longer label is cut at the window's edge.
const FOCUS_CAP: usize = 80;

/// A label covering more lines than this is shortened to its first line (its
/// text then says where it ends), so one finding never draws a whole input.
const MAX_LABEL_LINES: usize = 8;

/// Spacing, in bytes, of the character-count checkpoints kept for long lines
/// (see [`Columns`]).
const STRIDE: usize = 4096;

/// How many long lines [`Columns`] keeps checkpoints for.
const CACHED_LINES: usize = 4;

/// Options decided once by the CLI (colour from `--color`/`NO_COLOR`, width
/// from the terminal). The library never probes the terminal itself.
#[derive(Debug, Clone)]
pub struct HumanOptions {
    /// Emit ANSI colours. When false the output holds no ESC byte at all.
    pub color: bool,
    /// Draw with Unicode box characters and show control characters as
    /// Unicode control pictures (`␛`); when false, everything is ASCII and
    /// every non-ASCII character of the input is shown as `\u{..}`.
    pub unicode: bool,
    /// Width that messages and help texts are wrapped to.
    pub width: usize,
    /// Lines of context shown above and below each label.
    pub context_lines: usize,
    /// Findings drawn per call of [`render`] or [`render_pair`]; the rest
    /// are only counted, in one closing line. A person does not read past a
    /// few hundred snippets, and a hostile input can yield a thousand.
    pub max_shown: usize,
}

/// [`HumanOptions::max_shown`] by default (HOSTILE-INPUT.md: "rendered: the
/// first 200, then a count").
pub const DEFAULT_MAX_SHOWN: usize = 200;

impl Default for HumanOptions {
    /// No colour, Unicode, width 100, one context line, 200 findings shown.
    fn default() -> Self {
        HumanOptions {
            color: false,
            unicode: true,
            width: 100,
            context_lines: 1,
            max_shown: DEFAULT_MAX_SHOWN,
        }
    }
}

/// The closing line for findings past [`HumanOptions::max_shown`].
fn write_not_shown(out: &mut impl fmt::Write, total: usize, shown: usize) -> fmt::Result {
    if total > shown {
        let more = total - shown;
        let what = if more == 1 { "finding" } else { "findings" };
        writeln!(
            out,
            "\n... and {more} more {what} not shown (the first {shown} are; JSON output lists all)"
        )?;
    }
    Ok(())
}

/// Renders each finding of one input, in the order given, separated by one
/// blank line, into `out`.
///
/// `name` is shown in each snippet's header, `text` is the whole input
/// (any bytes), `index` must be `LineIndex::new(text)`, and the findings'
/// spans are byte offsets into `text`. Spans past the end are clamped. No
/// input makes this panic, and no control character of the input, its name
/// or a finding's texts reaches `out` (see the module docs).
///
/// ```
/// use sdpcheck::render::human::{HumanOptions, render};
/// use sdpcheck::source::LineIndex;
///
/// let sdp = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 99999 RTP/AVP 0\r\n";
/// let report = sdpcheck::check(sdp);
/// let mut out = String::new();
/// render(&mut out, "offer.sdp", sdp, &LineIndex::new(sdp), report.findings(), &HumanOptions::default())?;
/// assert!(out.contains("number-out-of-range"));
/// assert!(out.contains("[offer.sdp:5:9]"));
/// # Ok::<(), std::fmt::Error>(())
/// ```
///
/// # Errors
///
/// Only if `out` fails.
pub fn render(
    out: &mut impl fmt::Write,
    name: &str,
    text: &[u8],
    index: &LineIndex,
    findings: &[Finding],
    opts: &HumanOptions,
) -> fmt::Result {
    let handler = handler(opts);
    let charset = if opts.unicode { Charset::Unicode } else { Charset::Ascii };
    let input = Input {
        name: escape_line(name, charset).into_owned(),
        text,
        index,
        charset,
        context_lines: opts.context_lines,
    };
    // Shared across findings: findings on one long line then cost one scan
    // of that line in total, not one each.
    let mut columns = Columns::default();
    for (i, finding) in findings.iter().take(opts.max_shown).enumerate() {
        if i > 0 {
            out.write_char('\n')?;
        }
        let shown = Shown::new(finding, &input, &mut columns);
        render_one(out, &handler, &shown)?;
    }
    write_not_shown(out, findings.len(), opts.max_shown)
}

/// Renders one prepared finding.
fn render_one(
    out: &mut impl fmt::Write,
    handler: &GraphicalReportHandler,
    shown: &Shown<'_>,
) -> fmt::Result {
    let mut buf = String::new();
    // miette gives up on a report only when its source cannot be read,
    // which a snippet never refuses for a label's own span. Should it
    // happen anyway, one finding still gets its essentials rather than
    // the whole output being lost.
    if handler.render_report(&mut buf, shown).is_err() {
        buf.clear();
        shown.render_plain(&mut buf)?;
    }
    out.write_str(&buf)
}

/// The renderer's input for one side of a pair.
fn input_of(side: Side<'_>, charset: Charset, context_lines: usize) -> Input<'_> {
    Input {
        name: escape_line(side.name, charset).into_owned(),
        text: side.text,
        index: side.index,
        charset,
        context_lines,
    }
}

/// One side of an offer/answer pair, for [`render_pair`].
#[derive(Debug, Clone, Copy)]
pub struct Side<'s> {
    /// The input's name.
    pub name: &'s str,
    /// The input's bytes.
    pub text: &'s [u8],
    /// Its line index.
    pub index: &'s LineIndex,
}

/// Renders offer/answer findings: each on the answer, followed by a note
/// that quotes the offer where the finding has labels there.
///
/// # Errors
///
/// Only if `out` fails.
pub fn render_pair(
    out: &mut impl fmt::Write,
    offer: Side<'_>,
    answer: Side<'_>,
    findings: &[Finding],
    opts: &HumanOptions,
) -> fmt::Result {
    let handler = handler(opts);
    let charset = if opts.unicode { Charset::Unicode } else { Charset::Ascii };
    let offer_input = input_of(offer, charset, opts.context_lines);
    let answer_input = input_of(answer, charset, opts.context_lines);
    let (mut offer_columns, mut answer_columns) = (Columns::default(), Columns::default());
    for (i, finding) in findings.iter().take(opts.max_shown).enumerate() {
        if i > 0 {
            out.write_char('\n')?;
        }
        let main = finding.only_labels_in(LabelSource::This);
        let shown = Shown::new(&main, &answer_input, &mut answer_columns);
        render_one(out, &handler, &shown)?;
        let quoted = finding.only_labels_in(LabelSource::Offer);
        if !quoted.labels().is_empty() {
            let mut note = Shown::new(&quoted, &offer_input, &mut offer_columns);
            note.note = true;
            note.message = format!("in the offer ({})", offer_input.name);
            note.help = None;
            render_one(out, &handler, &note)?;
        }
    }
    write_not_shown(out, findings.len(), opts.max_shown)
}

/// [`render`] into a new `String`.
pub fn render_to_string(
    name: &str,
    text: &[u8],
    index: &LineIndex,
    findings: &[Finding],
    opts: &HumanOptions,
) -> String {
    let mut out = String::new();
    // `render` fails only when its writer does, and a String never does.
    let _ = render(&mut out, name, text, index, findings, opts);
    out
}

/// The handler, themed and sized from the options only: nothing here looks
/// at the environment, so tests are deterministic.
fn handler(opts: &HumanOptions) -> GraphicalReportHandler {
    let theme = match (opts.unicode, opts.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => GraphicalTheme::ascii(),
        (false, false) => GraphicalTheme::none(),
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(false)
        .with_context_lines(opts.context_lines)
        .without_syntax_highlighting()
}

/// What every finding of one input shares.
struct Input<'t> {
    /// The input's name, escaped.
    name: String,
    text: &'t [u8],
    index: &'t LineIndex,
    charset: Charset,
    context_lines: usize,
}

impl Input<'_> {
    /// Byte range of line `line`'s content: without its `\n`, and without
    /// the `\r` of a CRLF ending (a CR anywhere else is content, and shown).
    fn content(&self, line: usize) -> (usize, usize) {
        let len = self.text.len();
        let start = self.index.line_start(line).min(len);
        if line + 1 >= self.index.line_count() {
            return (start, len);
        }
        // The next line starts just past this line's `\n`.
        let mut end = self.index.line_start(line + 1).min(len).saturating_sub(1).max(start);
        if end > start && self.text.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end)
    }

    /// The last line (0-based) worth showing as context: the empty "line"
    /// after a final line ending holds nothing, so it only appears when a
    /// label sits on it (a finding at end of input).
    fn last_context_line(&self) -> usize {
        let last = self.index.line_count().saturating_sub(1);
        if last > 0 && self.index.line_start(last) >= self.text.len() { last - 1 } else { last }
    }
}

// ---------------------------------------------------------------------------
// The diagnostic miette draws.
// ---------------------------------------------------------------------------

/// A [`Finding`] as miette sees it: escaped texts, and labels pointing into
/// the finding's own [`Snippet`] instead of into the input.
#[derive(Debug)]
struct Shown<'f> {
    finding: &'f Finding,
    /// A note quoting the other side of a pair: no code, advice severity.
    note: bool,
    message: String,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    snippet: Snippet,
}

impl<'f> Shown<'f> {
    fn new(finding: &'f Finding, input: &Input<'_>, columns: &mut Columns) -> Self {
        let (snippet, labels) = Snippet::build(finding, input, columns);
        Shown {
            finding,
            note: false,
            message: escape_str(finding.message(), input.charset).into_owned(),
            help: finding.help().map(|h| escape_str(h, input.charset).into_owned()),
            labels,
            snippet,
        }
    }
}

impl Shown<'_> {
    /// The fallback for a report miette refused: code, message, position.
    fn render_plain(&self, out: &mut String) -> fmt::Result {
        if let Some(code) = Diagnostic::code(self) {
            writeln!(out, "{code}")?;
        }
        writeln!(out, "  {}", self.message)?;
        if let Some((line, column)) = self.snippet.primary {
            writeln!(out, "  at {}:{line}:{column}", self.snippet.name)?;
        }
        if let Some(help) = &self.help {
            writeln!(out, "  help: {help}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        // Rule name and field codes come from the registry, never from the
        // input, so they need no escaping.
        if self.note { None } else { Diagnostic::code(self.finding) }
    }

    fn severity(&self) -> Option<miette::Severity> {
        if self.note { Some(miette::Severity::Advice) } else { Diagnostic::severity(self.finding) }
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_deref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.snippet)
    }
}

// ---------------------------------------------------------------------------
// The snippet: the few lines one finding shows, windowed and escaped.
// ---------------------------------------------------------------------------

/// The text miette draws for one finding, and how it maps to the input.
///
/// `text` is a run of *groups*; a group is consecutive input lines, each
/// shown (windowed, escaped) and ended by `\n`. Labels that are near each
/// other share a group; labels far apart, or on one long line but too far
/// apart for one window, get groups of their own. miette merges two labels'
/// contexts when their line numbers touch; [`SourceCode::read_span`] refuses
/// a span across two groups, which keeps them apart.
#[derive(Debug)]
struct Snippet {
    /// The input's name, escaped.
    name: String,
    /// Shown lines, each followed by `\n`.
    text: String,
    /// The shown lines, in order of `start`.
    lines: Vec<ShownLine>,
    /// Label starts in `text`, with the true 0-based column there.
    columns: Vec<(usize, usize)>,
    /// True 1-based line and column of the primary label.
    primary: Option<(usize, usize)>,
    /// Input line number of the text's line 0 (see [`LineIndex::with_origin`]).
    line_base: usize,
}

/// One input line as shown in a [`Snippet`].
#[derive(Debug)]
struct ShownLine {
    /// 0-based line in the input.
    line: usize,
    /// Which group of the snippet it belongs to.
    group: usize,
    /// Offset of its first character in [`Snippet::text`].
    start: usize,
    /// Offset of its `\n` in [`Snippet::text`].
    end: usize,
    /// How input offsets map into it.
    map: LineMap,
}

/// A label of a finding, clamped and placed on lines.
struct Placed {
    start: usize,
    end: usize,
    first_line: usize,
    last_line: usize,
    text: Option<String>,
    primary: bool,
}

/// Consecutive lines shown together, with the part of each long line that
/// must stay visible (the labels on it).
struct Group {
    first: usize,
    last: usize,
    /// `(line, focus start, focus end)`, at most one entry per line.
    focus: Vec<(usize, usize, usize)>,
    /// `(line, start, end)` of its single-line labels, empty ones widened
    /// to one byte as miette draws them.
    single: Vec<(usize, usize, usize)>,
}

impl Group {
    fn focus_of(&self, line: usize) -> Option<(usize, usize)> {
        self.focus.iter().find(|f| f.0 == line).map(|f| (f.1, f.2))
    }
}

impl Snippet {
    /// The snippet for `finding`, and its labels remapped into it.
    fn build(
        finding: &Finding,
        input: &Input<'_>,
        columns: &mut Columns,
    ) -> (Snippet, Vec<LabeledSpan>) {
        let placed = place_labels(finding, input);
        let (groups, assigned) = group_labels(&placed, input);

        let mut snippet = Snippet {
            name: input.name.clone(),
            text: String::new(),
            lines: Vec::new(),
            columns: Vec::new(),
            primary: None,
            line_base: input.index.input_line(0),
        };
        for (g, group) in groups.iter().enumerate() {
            for line in group.first..=group.last {
                let map = LineMap::new(input, line, group.focus_of(line));
                let start = snippet.text.len();
                snippet.text.push_str(&map.shown);
                let end = snippet.text.len();
                snippet.text.push('\n');
                snippet.lines.push(ShownLine { line, group: g, start, end, map });
            }
        }

        let mut labels = Vec::with_capacity(placed.len());
        for (label, g) in placed.into_iter().zip(assigned) {
            let Some((vstart, vend)) = snippet.locate(&label, g) else { continue };
            let column = columns.column(input, label.start).saturating_sub(1);
            snippet.columns.push((vstart, column));
            if label.primary {
                snippet.primary = Some((input.index.input_line(label.first_line) + 1, column + 1));
            }
            let span = SourceSpan::new(vstart.into(), vend.saturating_sub(vstart));
            labels.push(if label.primary {
                LabeledSpan::new_primary_with_span(label.text, span)
            } else {
                LabeledSpan::new_with_span(label.text, span)
            });
        }
        (snippet, labels)
    }

    /// Where `label`, drawn in group `g`, lies in [`Snippet::text`].
    fn locate(&self, label: &Placed, g: usize) -> Option<(usize, usize)> {
        let first = self.lines.iter().find(|l| l.group == g && l.line == label.first_line)?;
        let last = self.lines.iter().find(|l| l.group == g && l.line == label.last_line)?;
        let vstart = first.start + first.map.to_shown(label.start, false);
        let vend = if label.end == label.start {
            vstart
        } else {
            (last.start + last.map.to_shown(label.end, true)).max(vstart)
        };
        Some((vstart, vend))
    }

    /// Index in `lines` of the shown line holding `offset` of `text` (its
    /// `\n` included).
    fn line_at(&self, offset: usize) -> Option<usize> {
        let i = self.lines.partition_point(|l| l.start <= offset).checked_sub(1)?;
        self.lines.get(i).filter(|l| offset <= l.end).map(|_| i)
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start.saturating_add(span.len());
        let first = self.line_at(start).ok_or(MietteError::OutOfBounds)?;
        // A span ending right after a `\n` ends on that `\n`'s line.
        let last = if end > start { self.line_at(end - 1) } else { Some(first) };
        let last = last.ok_or(MietteError::OutOfBounds)?;
        let (Some(a), Some(b)) = (self.lines.get(first), self.lines.get(last)) else {
            return Err(MietteError::OutOfBounds);
        };
        // Two groups are not adjacent in the input; refusing the span makes
        // miette draw them as separate snippets instead of merging them.
        if a.group != b.group {
            return Err(MietteError::OutOfBounds);
        }
        let group = a.group;
        let mut first = first;
        for _ in 0..context_lines_before {
            match first.checked_sub(1).and_then(|i| self.lines.get(i).map(|l| (i, l))) {
                Some((i, l)) if l.group == group => first = i,
                _ => break,
            }
        }
        let mut last = last;
        for _ in 0..context_lines_after {
            match self.lines.get(last + 1) {
                Some(l) if l.group == group => last += 1,
                _ => break,
            }
        }
        let (Some(a), Some(b)) = (self.lines.get(first), self.lines.get(last)) else {
            return Err(MietteError::OutOfBounds);
        };
        // `b.end` is the `\n`; include it, as miette's own sources do.
        let data = self.text.get(a.start..=b.end).ok_or(MietteError::OutOfBounds)?;
        // miette shows `column + 1` in the header for the primary label; any
        // other read only needs the line.
        let column = self.columns.iter().find(|c| c.0 == start).map_or(0, |c| c.1);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data.as_bytes(),
            SourceSpan::new(a.start.into(), data.len()),
            self.line_base + a.line,
            column,
            last - first + 1,
        )))
    }
}

/// Clamps the finding's labels to the input, puts them in input order, and
/// finds their lines.
fn place_labels(finding: &Finding, input: &Input<'_>) -> Vec<Placed> {
    let len = input.text.len();
    let mut placed: Vec<Placed> = finding
        .labels()
        .iter()
        .enumerate()
        .map(|(i, label)| {
            // Clamp: a span past the end would make miette panic, one at the
            // end would be dropped; here it lands on the last line.
            let start = (label.span.start as usize).min(len);
            let end = (label.span.end as usize).clamp(start, len);
            let first_line = input.index.line_of(start);
            let mut last_line = if end > start { input.index.line_of(end - 1) } else { first_line };
            let mut text = escape_str(&label.text, input.charset).into_owned();
            let mut end = end;
            if last_line - first_line >= MAX_LABEL_LINES {
                // Too tall to draw: keep its first line and say where it ends.
                let _ = write!(text, " (through line {})", input.index.input_line(last_line) + 1);
                end = input.content(first_line).1.max(start);
                last_line = first_line;
            }
            // An empty text would draw a dangling `╰──`; miette draws a
            // bare underline for no text.
            let text = (!text.is_empty()).then_some(text);
            Placed { start, end, first_line, last_line, text, primary: i == 0 }
        })
        .collect();
    // Input order, shorter first at equal starts: `group_labels` relies on
    // it, miette draws a line's labels in this order (zkat/miette#268), and
    // a stable sort keeps the output deterministic.
    placed.sort_by_key(|p| (p.start, p.end));
    placed
}

/// Splits the labels into groups of consecutive lines (see [`Snippet`]);
/// returns the groups and the group of each label.
fn group_labels(placed: &[Placed], input: &Input<'_>) -> (Vec<Group>, Vec<usize>) {
    let ctx = input.context_lines;
    let mut groups: Vec<Group> = Vec::new();
    let mut assigned = Vec::with_capacity(placed.len());
    for label in placed {
        let first = label.first_line.saturating_sub(ctx);
        let last =
            label.last_line.saturating_add(ctx).min(input.last_context_line()).max(label.last_line);
        // The part of each of its lines the label needs visible.
        let mut focus = Vec::with_capacity(2);
        for line in [label.first_line, label.last_line] {
            if focus.iter().any(|f: &(usize, usize, usize)| f.0 == line) {
                continue;
            }
            let (ls, le) = input.content(line);
            let s = if line == label.first_line { label.start } else { ls };
            let e = if line == label.last_line { label.end } else { le };
            focus.push((line, s.clamp(ls, le), e.clamp(ls, le).max(s.clamp(ls, le))));
        }
        // miette draws all single-line labels of a line on one underline
        // row, pushing a label right past the previous one's end; two that
        // overlap would point at the wrong bytes (zkat/miette#268), so the
        // later one is drawn in a snippet of its own.
        let single = (label.first_line == label.last_line).then_some((
            label.first_line,
            label.start,
            label.end.max(label.start + 1),
        ));
        let overlaps = |group: &Group| {
            single.is_some_and(|(line, s, e)| {
                group.single.iter().any(|o| o.0 == line && o.1 < e && s < o.2)
            })
        };
        if let Some(group) = groups.last_mut()
            && first <= group.last.saturating_add(1)
            && !overlaps(group)
            && let Some(merged) = merge_focus(&group.focus, &focus, input)
        {
            group.last = group.last.max(last);
            group.focus = merged;
            group.single.extend(single);
            assigned.push(groups.len() - 1);
            continue;
        }
        assigned.push(groups.len());
        groups.push(Group { first, last, focus, single: single.into_iter().collect() });
    }
    (groups, assigned)
}

/// The focus of a group with `new` added, or `None` when some long line
/// would need two windows (the label then gets a group of its own).
fn merge_focus(
    old: &[(usize, usize, usize)],
    new: &[(usize, usize, usize)],
    input: &Input<'_>,
) -> Option<Vec<(usize, usize, usize)>> {
    let mut merged = old.to_vec();
    for &(line, s, e) in new {
        match merged.iter_mut().find(|f| f.0 == line) {
            None => merged.push((line, s, e)),
            Some(f) => {
                let (s, e) = (f.1.min(s), f.2.max(e));
                let (ls, le) = input.content(line);
                let line_bytes = input.text.get(..le).unwrap_or_default();
                let fits_whole = walk_right(line_bytes, ls, le, WINDOW, input.charset).0 == le;
                let fits_focus = walk_right(line_bytes, s, e, FOCUS_CAP, input.charset).0 == e;
                if !fits_whole && !fits_focus {
                    return None;
                }
                *f = (line, s, e);
            }
        }
    }
    Some(merged)
}

// ---------------------------------------------------------------------------
// Windowing and escaping one line.
// ---------------------------------------------------------------------------

/// One line's window, escaped, and the map from input offsets into it.
#[derive(Debug)]
struct LineMap {
    /// The window, escaped, with `…` where the line was cut.
    shown: String,
    /// Window in the input: `win_start..win_end`.
    win_start: usize,
    win_end: usize,
    /// `(input offset, offset in shown)` at the start of each unit of the
    /// window, then `(win_end, end of the window's text)`.
    marks: Vec<(usize, usize)>,
}

impl LineMap {
    /// Shows line `line`; on a long line, the window keeps `focus` visible.
    fn new(input: &Input<'_>, line: usize, focus: Option<(usize, usize)>) -> Self {
        let (ls, le) = input.content(line);
        let bytes = input.text.get(..le).unwrap_or_default();
        let (win_start, win_end) = window(bytes, ls, le, focus, input.charset);
        let ellipsis = match input.charset {
            Charset::Unicode => "…",
            Charset::Ascii => "...",
        };
        let mut shown = String::new();
        let mut marks = Vec::new();
        if win_start > ls {
            shown.push_str(ellipsis);
        }
        let window = bytes.get(..win_end).unwrap_or_default();
        let mut at = win_start;
        while let Some((unit, len)) = unit_at(window, at) {
            marks.push((at, shown.len()));
            push_unit(&mut shown, unit, input.charset);
            at += len;
        }
        marks.push((win_end, shown.len()));
        if win_end < le {
            shown.push_str(ellipsis);
        }
        LineMap { shown, win_start, win_end, marks }
    }

    /// Where input `offset` (on this line) falls in `shown`. Offsets cut off
    /// by the window land on the `…` marker, so a label running off the
    /// window visibly covers it. An offset inside a unit rounds outwards
    /// (`is_end` picks the unit's end).
    fn to_shown(&self, offset: usize, is_end: bool) -> usize {
        if offset < self.win_start {
            return 0;
        }
        if offset > self.win_end {
            return self.shown.len();
        }
        match self.marks.binary_search_by_key(&offset, |m| m.0) {
            Ok(i) => self.marks.get(i).map_or(0, |m| m.1),
            Err(i) => {
                let i = if is_end { i } else { i.saturating_sub(1) };
                self.marks.get(i).map_or(self.shown.len(), |m| m.1)
            }
        }
    }
}

/// The window `start..end` of the line content `ls..le` to show.
///
/// A line whose escaped text fits in [`WINDOW`] characters is shown whole.
/// Otherwise the window holds the focus (cut at [`FOCUS_CAP`]) and fills the
/// rest with text on both sides, half each when both sides have enough.
/// Every walk is bounded by the window size, never by the line length.
fn window(
    line: &[u8],
    ls: usize,
    le: usize,
    focus: Option<(usize, usize)>,
    charset: Charset,
) -> (usize, usize) {
    // Most SDP lines are short printable ASCII: no walk needed.
    let content = line.get(ls..le).unwrap_or_default();
    if content.len() <= WINDOW && content.iter().all(|b| (b' '..=b'~').contains(b)) {
        return (ls, le);
    }
    if walk_right(line, ls, le, WINDOW, charset).0 == le {
        return (ls, le);
    }
    let (fs, fe) = focus.unwrap_or((ls, ls));
    let fs = fs.clamp(ls, le);
    let fe = fe.clamp(fs, le);
    let (fe, used) = walk_right(line, fs, fe, FOCUS_CAP, charset);
    let rest = WINDOW.saturating_sub(used);
    let left_avail = walk_left(line, fs, ls, rest, charset).1;
    let right_avail = walk_right(line, fe, le, rest, charset).1;
    let left_take = left_avail.min(rest - right_avail.min(rest / 2));
    let (start, left_used) = walk_left(line, fs, ls, left_take, charset);
    let (end, _) = walk_right(line, fe, le, rest - left_used, charset);
    (start, end)
}

/// Walks units right from `from` towards `to` while their escaped width fits
/// in `budget`; returns where it stopped and the width used.
fn walk_right(
    line: &[u8],
    from: usize,
    to: usize,
    budget: usize,
    charset: Charset,
) -> (usize, usize) {
    let (mut at, mut used) = (from, 0);
    let line = line.get(..to).unwrap_or(line);
    while let Some((unit, len)) = unit_at(line, at) {
        let w = unit_width(unit, charset);
        if used + w > budget {
            break;
        }
        used += w;
        at += len;
    }
    (at, used)
}

/// Walks units left from `from` down to `floor` while their escaped width
/// fits in `budget`; returns where it stopped and the width used.
fn walk_left(
    line: &[u8],
    from: usize,
    floor: usize,
    budget: usize,
    charset: Charset,
) -> (usize, usize) {
    let (mut at, mut used) = (from, 0);
    while let Some((unit, start)) = unit_before(line, at, floor) {
        let w = unit_width(unit, charset);
        if used + w > budget {
            break;
        }
        used += w;
        at = start;
    }
    (at, used)
}

/// One decoded piece of input: a valid UTF-8 character, or one byte that
/// does not start one (shown as `\xNN`).
#[derive(Debug, Clone, Copy)]
enum Unit {
    Char(char),
    Byte(u8),
}

/// Decodes the unit at `at`, and its length in bytes.
///
/// Invalid UTF-8 is consumed one byte at a time, so decoding forwards and
/// backwards ([`unit_before`]) agree and a window may start at any unit.
fn unit_at(bytes: &[u8], at: usize) -> Option<(Unit, usize)> {
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
fn unit_before(bytes: &[u8], at: usize, floor: usize) -> Option<(Unit, usize)> {
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
enum Charset {
    /// Printable Unicode; C0 controls become control pictures (`␛`).
    Unicode,
    /// Printable ASCII only; everything else becomes `\xNN` or `\u{..}`.
    Ascii,
}

/// Appends `unit` as printable text.
fn push_unit(out: &mut String, unit: Unit, charset: Charset) {
    match unit {
        Unit::Byte(b) => {
            let _ = write!(out, "\\x{b:02X}");
        }
        Unit::Char(c) => push_char(out, c, charset),
    }
}

/// Appends `c`, or a printable stand-in when a terminal would act on it
/// rather than show it.
fn push_char(out: &mut String, c: char, charset: Charset) {
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
        ('\0'..='\x1F' | '\x7F', Charset::Ascii) => {
            let _ = write!(out, "\\x{:02X}", u32::from(c));
        }
        _ if is_hidden(c) || (charset == Charset::Ascii && !c.is_ascii()) => {
            let _ = write!(out, "\\u{{{:X}}}", u32::from(c));
        }
        _ => out.push(c),
    }
}

/// How many characters [`push_unit`] writes for `unit`: the window budget's
/// measure. (Wide CJK characters count as one; close enough for a window.)
fn unit_width(unit: Unit, charset: Charset) -> usize {
    match unit {
        Unit::Byte(_) => 4,
        Unit::Char(c) => match (c, charset) {
            // Printable ASCII, or a control picture.
            (' '..='~', _) | ('\0'..='\x08' | '\x0A'..='\x1F' | '\x7F', Charset::Unicode) => 1,
            // A tab (miette expands it to up to 4 columns), or `\xNN`.
            ('\0'..='\x1F' | '\x7F', _) => 4,
            _ if is_hidden(c) || (charset == Charset::Ascii && !c.is_ascii()) => {
                // `\u{` + hex digits + `}`
                let digits = (32 - u32::from(c).leading_zeros()).div_ceil(4).max(1);
                4 + digits as usize
            }
            _ => 1,
        },
    }
}

/// True for characters that a terminal acts on or draws as nothing: C1
/// controls, bidi controls, zero-width and other format characters, line and
/// paragraph separators, variation selectors, tag characters. Shown as
/// `\u{..}` so that a reader sees they are there (Trojan Source, CVE-2021-42574).
fn is_hidden(c: char) -> bool {
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
fn escape_str(s: &str, charset: Charset) -> Cow<'_, str> {
    escape(s, charset, true)
}

/// [`escape_str`] for a one-line text (the input's name, which sits in the
/// `[name:line:col]` header): newlines are escaped too.
fn escape_line(s: &str, charset: Charset) -> Cow<'_, str> {
    escape(s, charset, false)
}

fn escape(s: &str, charset: Charset, keep_newlines: bool) -> Cow<'_, str> {
    let plain = |c: char| {
        (keep_newlines && c == '\n')
            || (c.is_ascii() && !c.is_ascii_control())
            || (charset == Charset::Unicode && !c.is_ascii() && !is_hidden(c))
    };
    if s.chars().all(plain) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if keep_newlines && c == '\n' {
            out.push(c);
        } else if c == '\t' {
            // miette expands tabs in source lines only: in a message, label
            // or name a tab would reach the terminal raw, and a quoted
            // token that starts with one would look like a space.
            out.push_str(match charset {
                Charset::Unicode => "\u{2409}",
                Charset::Ascii => "\\x09",
            });
        } else {
            push_char(&mut out, c, charset);
        }
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------
// True columns, without rescanning long lines.
// ---------------------------------------------------------------------------

/// Computes 1-based columns exactly as [`LineIndex::position`] does, but
/// keeps character-count checkpoints every [`STRIDE`] bytes of the few long
/// lines last asked about, so that many findings on one 1 MiB line cost one
/// scan of it, not one scan each.
#[derive(Debug, Default)]
struct Columns {
    /// `(line start, checkpoints)`: `checkpoints[k]` is the number of
    /// characters in the first `k * STRIDE` bytes of the line.
    lines: Vec<(usize, Vec<usize>)>,
}

impl Columns {
    /// 1-based column of `offset` in `input`, counted in characters.
    fn column(&mut self, input: &Input<'_>, offset: usize) -> usize {
        let line = input.index.line_of(offset.min(input.text.len()));
        input.index.column_base(line) + self.column_in_text(input, offset)
    }

    /// [`Columns::column`] counted from the start of the text's line.
    fn column_in_text(&mut self, input: &Input<'_>, offset: usize) -> usize {
        let text = input.text;
        let offset = offset.min(text.len());
        let start = input.index.line_start(input.index.line_of(offset)).min(offset);
        if offset - start <= STRIDE {
            return char_count(text.get(start..offset).unwrap_or_default()) + 1;
        }
        let slot = if let Some(slot) = self.lines.iter().position(|l| l.0 == start) {
            slot
        } else {
            if self.lines.len() >= CACHED_LINES {
                self.lines.remove(0);
            }
            self.lines.push((start, vec![0]));
            self.lines.len() - 1
        };
        let Some((_, checkpoints)) = self.lines.get_mut(slot) else { return 1 };
        let k = (offset - start) / STRIDE;
        // Extend the checkpoints lazily, only as far as asked.
        while checkpoints.len() <= k {
            let i = checkpoints.len();
            let from = start + (i - 1) * STRIDE;
            let chunk = text.get(from..from + STRIDE).unwrap_or_default();
            let before = checkpoints.last().copied().unwrap_or(0);
            checkpoints.push(before + char_count(chunk));
        }
        let base = checkpoints.get(k).copied().unwrap_or(0);
        let from = start + k * STRIDE;
        base + char_count(text.get(from..offset).unwrap_or_default()) + 1
    }
}

/// Counts characters as [`LineIndex`] does: bytes that are not UTF-8
/// continuation bytes. Additive over any split, which the checkpoints use.
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

/// How many distinct codecs a row of the negotiation table lists.
const TABLE_CODECS: usize = 6;

/// The negotiated result of a pair as a compact table, one row per m= line.
///
/// ```text
///   #  kind   mid  result    codecs                       offer     answer    transport
///   0  audio  0    accepted  opus/48000/2, PCMU/8000      sendrecv  sendrecv  UDP/TLS/RTP/SAVPF
///   1  video  1    rejected  -                            sendrecv  inactive  UDP/TLS/RTP/SAVPF
/// ```
pub fn negotiation_table(
    negotiation: &crate::negotiate::Negotiation<'_>,
    opts: &HumanOptions,
) -> String {
    let charset = if opts.unicode { Charset::Unicode } else { Charset::Ascii };
    let rows: Vec<[String; 8]> = negotiation
        .media
        .iter()
        .map(|m| {
            // Distinct codecs in answer order (rtx/red repeat once per
            // codec they protect), cut to keep the table readable.
            let mut codecs: Vec<String> = Vec::new();
            for c in &m.codecs {
                let c = c.to_string();
                if !codecs.contains(&c) {
                    codecs.push(c);
                }
            }
            if codecs.len() > TABLE_CODECS {
                let more = codecs.len() - TABLE_CODECS;
                codecs.truncate(TABLE_CODECS);
                codecs.push(format!("+{more} more"));
            }
            [
                m.index.to_string(),
                escape_line(m.kind, charset).into_owned(),
                escape_line(m.mid.unwrap_or("-"), charset).into_owned(),
                if m.accepted { "accepted" } else { "rejected" }.to_owned(),
                if codecs.is_empty() {
                    "-".to_owned()
                } else {
                    escape_line(&codecs.join(", "), charset).into_owned()
                },
                m.offer_direction.as_str().to_owned(),
                m.answer_direction.as_str().to_owned(),
                escape_line(m.transport, charset).into_owned(),
            ]
        })
        .collect();
    let header =
        ["#", "kind", "mid", "result", "codecs", "offer", "answer", "transport"].map(str::to_owned);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        out.push(' ');
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            out.push(' ');
            out.push_str(cell);
            if i + 1 < row.len() {
                out.extend(std::iter::repeat_n(' ', w - cell.chars().count() + 1));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the property tests need no crate.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n as u64).unwrap()
        }

        /// Bytes mixing ASCII, line endings, multi-byte UTF-8 and junk.
        fn bytes(&mut self, len: usize) -> Vec<u8> {
            let pieces: [&[u8]; 10] = [
                b"a",
                b"=",
                b"\r\n",
                b"\n",
                b"\r",
                "é".as_bytes(),
                "€".as_bytes(),
                "😀".as_bytes(),
                b"\xff",
                b"\x80",
            ];
            let mut out = Vec::with_capacity(len);
            while out.len() < len {
                let piece = pieces[self.below(pieces.len())];
                // Long runs now and then, so that some lines exceed STRIDE.
                let times = if self.below(50) == 0 { 3000 } else { 1 };
                for _ in 0..times {
                    out.extend_from_slice(piece);
                }
            }
            out
        }
    }

    fn input<'t>(text: &'t [u8], index: &'t LineIndex) -> Input<'t> {
        Input { name: "t".into(), text, index, charset: Charset::Unicode, context_lines: 1 }
    }

    #[test]
    fn columns_agree_with_line_index_in_any_order() {
        let mut rng = XorShift(0x5DEE_CE66);
        for _ in 0..20 {
            let text = rng.bytes(40_000);
            let index = LineIndex::new(&text);
            let input = input(&text, &index);
            let mut columns = Columns::default();
            for _ in 0..300 {
                let offset = rng.below(text.len() + 10);
                assert_eq!(
                    columns.column(&input, offset),
                    index.position(&text, offset).1,
                    "offset {offset}"
                );
            }
        }
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
    fn windows_stay_small_and_keep_the_focus() {
        let mut rng = XorShift(7);
        for _ in 0..200 {
            let text = rng.bytes(5_000);
            let index = LineIndex::new(&text);
            let input = input(&text, &index);
            let line = rng.below(index.line_count());
            let (ls, le) = input.content(line);
            let fs = ls + rng.below(le - ls + 1);
            let fe = fs + rng.below(le - fs + 1).min(30);
            let map = LineMap::new(&input, line, Some((fs, fe)));
            // Window plus two markers; `\u{..}` escapes may overshoot by one.
            assert!(map.shown.chars().count() <= WINDOW + 2 + 9, "{}", map.shown);
            assert!(map.shown.chars().all(|c| c == '\t' || !c.is_control()), "{:?}", map.shown);
            let fe = fe.min(walk_right(&text[..le], fs, fe, FOCUS_CAP, Charset::Unicode).0);
            assert!(map.win_start <= fs && fe <= map.win_end, "focus {fs}..{fe} outside {map:?}");
            // The map is monotonic, so carets keep the input's order.
            let mut last = 0;
            for offset in ls..=le {
                let to = map.to_shown(offset, false);
                assert!(to >= last && to <= map.shown.len());
                last = to;
            }
        }
    }

    #[test]
    fn escaping_leaves_plain_text_alone() {
        assert!(matches!(
            escape_str("Port `99999` is out of range – é", Charset::Unicode),
            Cow::Borrowed(_)
        ));
        assert_eq!(escape_str("a\x1bb\u{202e}c\nd\re", Charset::Unicode), "a␛b\\u{202E}c\nd␍e");
        assert_eq!(escape_str("é\x1b", Charset::Ascii), "\\u{E9}\\x1B");
        assert_eq!(escape_line("a\nb.sdp", Charset::Unicode), "a␊b.sdp");
        // Found by the `check` fuzz target: a quoted token starting with a tab.
        assert_eq!(escape_str("Unexpected `\t03`", Charset::Unicode), "Unexpected `␉03`");
        assert_eq!(escape_str("a\tb", Charset::Ascii), "a\\x09b");
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

    #[test]
    fn plain_fallback_has_the_essentials() {
        let text = b"v=0\r\ns=\x1b\r\n";
        let index = LineIndex::new(text);
        let input = input(text, &index);
        let finding = Finding::new(crate::RuleId::InvalidLine, "Bad `\x1b`")
            .with_label(crate::Span::new(7, 8), "here")
            .with_help("Fix it");
        let shown = Shown::new(&finding, &input, &mut Columns::default());
        let mut out = String::new();
        shown.render_plain(&mut out).unwrap();
        assert!(out.ends_with("\n  Bad `␛`\n  at t:2:3\n  help: Fix it\n"), "{out}");
    }
}
