//! Snippet layout: the few lines of input one finding shows, windowed,
//! escaped, with its labels remapped into them, and the [`Diagnostic`] that
//! miette draws from it (see the parent module on why miette never sees the
//! input itself).

use std::fmt::{self, Write as _};

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::Input;
use super::columns::Columns;
use crate::finding::Finding;
use crate::render::escape::{Charset, escape_str, push_unit, unit_at, unit_before, unit_width};

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

// ---------------------------------------------------------------------------
// The diagnostic miette draws.
// ---------------------------------------------------------------------------

/// A [`Finding`] as miette sees it: escaped texts, and labels pointing into
/// the finding's own [`Snippet`] instead of into the input.
#[derive(Debug)]
pub(super) struct Shown<'f> {
    finding: &'f Finding,
    /// A note quoting the other side of a pair: no code, advice severity.
    pub(super) note: bool,
    pub(super) message: String,
    pub(super) help: Option<String>,
    labels: Vec<LabeledSpan>,
    snippet: Snippet,
}

impl<'f> Shown<'f> {
    pub(super) fn new(finding: &'f Finding, input: &Input<'_>, columns: &mut Columns) -> Self {
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
    pub(super) fn render_plain(&self, out: &mut String) -> fmt::Result {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::human::tests::input;
    use crate::render::testing::XorShift;
    use crate::source::LineIndex;

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
        assert!(out.ends_with("\n  Bad `⟨U+001B⟩`\n  at t:2:3\n  help: Fix it\n"), "{out}");
    }
}
