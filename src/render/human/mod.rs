//! `--format human`: each finding drawn by miette's graphical handler.
//!
//! The module's parts: `sink.rs`, the [`Renderer`](crate::render::Renderer)
//! of a whole run (each description's findings and profile line, a pair's
//! findings and negotiated table after its answer, a summary line);
//! [`render`], which draws the findings of one input; `snippet.rs`, the
//! snippet layout that keeps miette away from the raw input (below);
//! `columns.rs`, true columns on long lines; `table.rs`, the negotiation
//! table. Escaping is the render layer's `escape.rs`.
//!
//! A typical finding renders like this (Unicode theme, no colour, width 100):
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
//! (The exact wording comes from the rule; the frame is miette's.) A finding
//! that names the real stacks refusing it ends with one more line,
//! `  refused by: Chromium 156 ("..."), pjsip 2.15.1 (488 Not Acceptable Here)`.
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
//! - labels remapped into the snippet, while its [`SourceCode`](miette::SourceCode) reports the
//!   true line and column, so the `[name:line:col]` header and the line
//!   numbers match the JSON output; built from the input's [`LineIndex`],
//!   a snippet costs O(window + log lines) (3);
//! - spans clamped to the input, a label at end of input drawn on the empty
//!   last line, or one past the last character (4);
//! - labels sorted by position; a label overlapping an earlier one on the
//!   same line is drawn in a snippet of its own (5).

mod columns;
mod sink;
mod snippet;
mod table;

use std::fmt::{self, Write as _};

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::finding::{Finding, LabelSource};
use crate::render::escape::{Charset, escape_line, escape_str};
use crate::source::LineIndex;
use crate::stacks::StackKind;
use columns::Columns;
pub(crate) use sink::Human;
use snippet::Shown;
#[doc(hidden)] // As `render_pair`: for the snapshot tests only.
pub use table::negotiation_table;

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
        write_stacks(out, finding, charset, opts.width)?;
    }
    write_not_shown(out, findings.len(), opts.max_shown)
}

/// The line under a finding naming the real stacks that refuse it, wrapped
/// as miette wraps `help:`:
/// `  refused by: Chromium 156 ("Called with SDP without DTLS fingerprint."), pjsip 2.15.1 (488 Not Acceptable Here)`.
/// Browser messages lose only Chrome's `Failed to execute
/// 'setRemoteDescription' on 'RTCPeerConnection': ` wrapper; JSON output and
/// `sdpcheck explain` give them whole.
fn write_stacks(
    out: &mut impl fmt::Write,
    finding: &Finding,
    charset: Charset,
    width: usize,
) -> fmt::Result {
    let stacks = finding.stacks();
    if stacks.is_empty() {
        return Ok(());
    }
    let mut text = String::new();
    for (i, v) in stacks.iter().enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        let version = v.stack.verified_version();
        // A browser by its major version, as people name them.
        let version = match v.stack.kind() {
            StackKind::Browser => version.split('.').next().unwrap_or(version),
            StackKind::Sip => version,
        };
        let message = escape_str(short_message(v.message), charset);
        match v.response {
            Some(code) => write!(text, "{} {version} ({code} {message})", v.stack)?,
            None => write!(text, "{} {version} (\"{message}\")", v.stack)?,
        }
    }
    let initial = "  refused by: ";
    let indent = " ".repeat(initial.len());
    let mut line = String::from(initial);
    let mut fresh = true;
    for word in text.split(' ') {
        let used = line.chars().count();
        if !fresh && used + 1 + word.chars().count() > width.max(40) {
            writeln!(out, "{line}")?;
            line.clone_from(&indent);
            fresh = true;
        }
        if !fresh {
            line.push(' ');
        }
        line.push_str(word);
        fresh = false;
    }
    writeln!(out, "{line}")
}

/// A browser error without Chrome's wrapper around every
/// `setRemoteDescription` failure.
fn short_message(message: &str) -> &str {
    const WRAPPER: &str = "' on 'RTCPeerConnection': ";
    match message.find(WRAPPER) {
        Some(at) if message.starts_with("Failed to execute '") => &message[at + WRAPPER.len()..],
        _ => message,
    }
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
#[doc(hidden)] // A building block of the human renderer, public only for the
// snapshot tests and the fuzz oracle: not a stable API.
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
#[doc(hidden)] // A building block of the human renderer, public only for the
// snapshot tests and the fuzz oracle: not a stable API.
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
        write_stacks(out, finding, charset, opts.width)?;
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(super) fn input<'t>(text: &'t [u8], index: &'t LineIndex) -> Input<'t> {
        Input { name: "t".into(), text, index, charset: Charset::Unicode, context_lines: 1 }
    }
}
