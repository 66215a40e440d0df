//! The parser: bytes in, a [`SessionDescription`] and its syntax findings out.
//!
//! Never fails and never panics: every fault becomes a [`Finding`] on the
//! exact bytes, and parsing goes on with the next line (the recovery unit is
//! one line). The steps, each linear in the input:
//!
//! 1. size and BOM checks on the whole input;
//! 2. the line splitter (`\n`, optional preceding `\r`) with per-line
//!    limits, NUL and lone-CR checks;
//! 3. `<type>=<value>` shape, then the line type's own grammar
//!    (`fields` for `v o s i u e p c b t r z k m`, [`attribute`] for `a=`);
//! 4. order and structure (`structure`): sections, order, required lines.
//!
//! The findings it makes are its own: `diagnostics` holds one file per
//! syntax code (`SDP0xxx`), with the rule's documentation and the
//! constructors of its findings. The parser imports nothing from the rules.

pub mod attribute;
pub(crate) mod diagnostics;
pub(crate) mod error;
mod fields;
pub(crate) mod grammar;
mod structure;

use memchr::{memchr, memchr2};

use crate::finding::{Finding, FindingSink};
use crate::limits::Limits;
use crate::model::{Attribute, Line, LineEnding, LineKind, SessionDescription, Text};
use crate::parse::diagnostics::{
    blank_line, byte_order_mark, empty_session_name, invalid_line, invalid_utf8, limit_exceeded,
    lone_carriage_return, nul_byte, unknown_line_type, unsupported_version,
};
use crate::span::{Span, span_of};
use error::FieldError;

/// The UTF-8 byte order mark some editors put before `v=0`.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A parsed description and the syntax findings met while reading it.
#[derive(Debug, Clone)]
pub struct Parsed<'a> {
    sdp: SessionDescription<'a>,
    findings: Vec<Finding>,
}

impl<'a> Parsed<'a> {
    /// The description.
    pub fn sdp(&self) -> &SessionDescription<'a> {
        &self.sdp
    }

    /// The syntax findings, in input order.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Both parts, owned.
    pub fn into_parts(self) -> (SessionDescription<'a>, Vec<Finding>) {
        (self.sdp, self.findings)
    }
}

/// Parses one description with the default [`Limits`].
///
/// ```
/// let parsed = sdpcheck::parse(b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n");
/// assert_eq!(parsed.sdp().lines().len(), 4);
/// assert!(parsed.findings().is_empty());
/// ```
pub fn parse(input: &[u8]) -> Parsed<'_> {
    parse_with_limits(input, &Limits::default())
}

/// Parses one description under explicit limits.
pub fn parse_with_limits<'a>(input: &'a [u8], limits: &Limits) -> Parsed<'a> {
    let mut sink = FindingSink::new(limits.max_findings);
    let sdp = parse_into(input, limits, &mut sink);
    Parsed { sdp, findings: collect(sink, input.len()) }
}

/// A sink's findings, with the `limit-exceeded` summary of what it dropped
/// past its cap appended (the sink itself names no rule).
pub(crate) fn collect(sink: FindingSink, source_len: usize) -> Vec<Finding> {
    let (mut findings, dropped) = sink.finish(source_len);
    if dropped.count > 0 {
        findings.push(limit_exceeded::findings_dropped(dropped.count, dropped.max));
    }
    findings
}

/// [`parse_with_limits`] into a caller's sink, so that `check` can cap the
/// parser's and the rules' findings together (one summary, one limit).
pub(crate) fn parse_into<'a>(
    input: &'a [u8],
    limits: &Limits,
    sink: &mut FindingSink,
) -> SessionDescription<'a> {
    let mut sdp =
        SessionDescription { src: input, bom: false, lines: Vec::new(), sections: Vec::new() };

    // Refuse oversized input before building anything (HOSTILE-INPUT.md).
    if input.len() > limits.max_sdp_bytes {
        sink.push(limit_exceeded::sdp_too_large(limits.max_sdp_bytes));
        return sdp;
    }

    let mut pos = 0;
    if input.starts_with(BOM) {
        sdp.bom = true;
        sink.push(byte_order_mark::byte_order_mark(Span::new(0, BOM.len())));
        pos = BOM.len();
    }

    // One allocation for the lines: counting them costs a memchr pass, far
    // less than moving every parsed line through the doublings of a `Vec`.
    let rest = input.get(pos..).unwrap_or_default();
    let expected_lines = memchr::memchr_iter(b'\n', rest).count() + 1;
    sdp.lines.reserve(expected_lines.min(limits.max_lines));

    let src_text = std::str::from_utf8(input).ok();
    let mut parser = LineParser { src: input, src_text, limits, sink };
    let mut number: u32 = 0;
    let mut media_lines = 0usize;
    let mut candidates = CandidateCount::default();
    while pos < input.len() {
        let rest = input.get(pos..).unwrap_or_default();
        let (content_len, next, ending) = match memchr(b'\n', rest) {
            Some(nl) if nl > 0 && rest.get(nl - 1) == Some(&b'\r') => {
                (nl - 1, pos + nl + 1, LineEnding::CrLf)
            }
            Some(nl) => (nl, pos + nl + 1, LineEnding::Lf),
            None => (rest.len(), input.len(), LineEnding::None),
        };
        number = number.saturating_add(1);
        let span = Span::new(pos, pos + content_len);
        let content = rest.get(..content_len).unwrap_or_default();
        // Count limits stop the parse at the line that crosses them, so
        // neither the model nor the findings grow past them; the one
        // finding says how much was left unchecked.
        // Every line counts, skipped candidates too.
        if number as usize > limits.max_lines {
            parser.sink.push(limit_exceeded::too_many_lines(
                span,
                limits.max_lines,
                lines_in(rest),
            ));
            break;
        }
        if content.starts_with(b"m=") {
            candidates.section_end(parser.sink, limits.max_candidates, media_lines > 0);
            media_lines += 1;
            if media_lines > limits.max_media {
                // This m= line and every later one begins a skipped section.
                let sections = memchr::memmem::find_iter(rest, b"\nm=").count() + 1;
                parser.sink.push(limit_exceeded::too_many_media(
                    span,
                    limits.max_media,
                    sections,
                    lines_in(rest),
                ));
                break;
            }
        } else if content.starts_with(b"a=candidate:") {
            candidates.seen += 1;
            if candidates.seen > limits.max_candidates {
                // Past the limit, candidates of this section are counted
                // and skipped; the finding comes at the section's end.
                candidates.first_skipped.get_or_insert(span);
                pos = next;
                continue;
            }
        }
        let kind = parser.line(content, pos);
        sdp.lines.push(Line { span, number, ending, kind });
        pos = next;
    }
    candidates.section_end(parser.sink, limits.max_candidates, media_lines > 0);

    report_blank_lines(&sdp.lines, sink);
    sdp.sections = structure::check(&sdp.lines, sink);
    report_text_encoding(&sdp, sink);
    sdp
}

/// Lines in `rest`: each `\n` ends one, and text after the last is one more.
fn lines_in(rest: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', rest).count() + usize::from(!rest.ends_with(b"\n"))
}

/// `a=candidate` lines of the current section (or the session level), for
/// [`Limits::max_candidates`].
#[derive(Default)]
struct CandidateCount {
    seen: usize,
    /// The first candidate line past the limit.
    first_skipped: Option<Span>,
}

impl CandidateCount {
    /// Ends a section: reports its skipped candidates, and starts counting
    /// afresh.
    fn section_end(&mut self, sink: &mut FindingSink, max: usize, in_media: bool) {
        if let Some(span) = self.first_skipped.take() {
            let skipped = self.seen.saturating_sub(max);
            sink.push(limit_exceeded::too_many_candidates(span, max, skipped, in_media));
        }
        self.seen = 0;
    }
}

/// Reads one line at a time into its typed form.
struct LineParser<'a, 'l, 's> {
    src: &'a [u8],
    /// The whole input as text, when it is all UTF-8 (the usual case): each
    /// line's value is then a slice of it, and the per-line UTF-8 check,
    /// a fixed cost on every short line, is done once for the input.
    src_text: Option<&'a str>,
    limits: &'l Limits,
    sink: &'s mut FindingSink,
}

impl<'a> LineParser<'a, '_, '_> {
    /// Classifies and parses one line's content (terminator excluded).
    fn line(&mut self, content: &'a [u8], start: usize) -> LineKind<'a> {
        if content.is_empty() {
            return LineKind::Blank;
        }
        let shaped = content.len() >= 2 && content[0].is_ascii_lowercase() && content[1] == b'=';
        let fallback = |content: &'a [u8]| {
            if shaped {
                LineKind::Malformed {
                    letter: content[0],
                    value: content.get(2..).unwrap_or_default(),
                }
            } else {
                LineKind::Invalid { raw: content, intended: intended_letter(content) }
            }
        };
        if content.len() > self.limits.max_line_bytes {
            // The first byte past the limit, moved back to the start of its
            // character so the span never splits one.
            let mut at = self.limits.max_line_bytes;
            let floor = at.saturating_sub(3);
            while at > floor && content.get(at).is_some_and(|b| b & 0xC0 == 0x80) {
                at -= 1;
            }
            let at = start + at;
            self.sink.push(limit_exceeded::line_too_long(
                Span::new(at, at + 1),
                content.len(),
                self.limits.max_line_bytes,
            ));
            return fallback(content);
        }
        // One pass for both faults on the clean path; a NUL anywhere is
        // reported before a lone CR, wherever each stands.
        if let Some(first) = memchr2(0, b'\r', content) {
            let after = content.get(first..).unwrap_or_default();
            if let Some(nul) = memchr(0, after).map(|at| first + at) {
                self.sink.push(nul_byte::nul_byte(Span::new(start + nul, start + nul + 1)));
            } else {
                let at_end = first + 1 == content.len();
                let finding = lone_carriage_return::lone_cr(
                    Span::new(start + first, start + first + 1),
                    at_end,
                );
                // Inside the free text of `s=` or `i=`, both browsers keep
                // the CR as part of the value (fixture `parse/lone-cr.sdp`);
                // elsewhere it breaks the field it lands in.
                let text = !at_end && matches!(content.first(), Some(b's' | b'i'));
                self.sink.push(if text { finding.with_stacks(&[]) } else { finding });
            }
            return fallback(content);
        }
        if !shaped {
            self.sink.push(invalid_line::invalid_line(content, start));
            return LineKind::Invalid { raw: content, intended: intended_letter(content) };
        }
        let letter = content[0];
        let value = content.get(2..).unwrap_or_default();
        match letter {
            b's' | b'i' => return self.text_line(letter, value, start),
            b'v' | b'o' | b'u' | b'e' | b'p' | b'c' | b'b' | b't' | b'r' | b'z' | b'k' | b'a'
            | b'm' => {}
            _ => {
                self.sink.push(unknown_line_type::unknown_line_type(
                    Span::new(start, start + 1),
                    letter,
                ));
                return LineKind::Unknown { letter, value };
            }
        }
        // The value starts after the ASCII `x=` and ends before a line
        // break, so on valid input it is always a char-boundary slice.
        let whole = self.src_text.and_then(|t| t.get(start + 2..start + 2 + value.len()));
        let text = match whole.map_or_else(|| std::str::from_utf8(value), Ok) {
            Ok(text) => text,
            Err(e) => {
                let bad = start + 2 + e.valid_up_to();
                let len = e.error_len().unwrap_or(value.len() - e.valid_up_to());
                self.sink.push(invalid_utf8::invalid_utf8(Span::new(bad, bad + len)));
                return LineKind::Malformed { letter, value };
            }
        };
        match self.typed(letter, text) {
            Ok(kind) => kind,
            Err(err) => {
                let name = (letter == b'a').then(|| attribute_name(text)).flatten();
                self.sink.push(crate::parse::diagnostics::field_error(
                    self.src, letter, name, text, err,
                ));
                LineKind::Malformed { letter, value }
            }
        }
    }

    /// The grammar of each line type.
    fn typed(&mut self, letter: u8, text: &'a str) -> Result<LineKind<'a>, FieldError<'a>> {
        Ok(match letter {
            b'v' => {
                let v = fields::version(text)?;
                if v.version.value != 0 {
                    self.sink.push(unsupported_version::unsupported_version(
                        span_of(self.src, v.version.raw.as_bytes()),
                        v.version.raw,
                    ));
                }
                LineKind::Version(v)
            }
            b'o' => LineKind::Origin(fields::origin(text)?),
            b'u' => LineKind::Uri(fields::uri(text)?),
            b'e' => LineKind::Email(fields::email(text)?),
            b'p' => LineKind::Phone(fields::phone(text)?),
            b'c' => LineKind::Connection(fields::connection(text)?),
            b'b' => LineKind::Bandwidth(fields::bandwidth(text)?),
            b't' => LineKind::Timing(fields::timing(text)?),
            b'r' => LineKind::Repeat(fields::repeat(text)?),
            b'z' => LineKind::ZoneAdjustments(fields::zone_adjustments(text)?),
            b'k' => LineKind::Key(fields::key(text)?),
            b'm' => LineKind::Media(fields::media(text, self.limits.max_formats)?),
            _ => LineKind::Attribute(attribute_line(text)?),
        })
    }

    /// `s=` and `i=`: byte-strings, checked for encoding once the whole
    /// description (and its `a=charset`) is known.
    fn text_line(&mut self, letter: u8, value: &'a [u8], start: usize) -> LineKind<'a> {
        if letter == b's' {
            if value.is_empty() {
                self.sink.push(empty_session_name::empty_session_name(Span::new(start, start + 2)));
            }
            LineKind::SessionName(Text(value))
        } else {
            LineKind::Information(Text(value))
        }
    }
}

/// The type an invalid line evidently meant: ` s=x`, `S=x` and `s =x` all
/// mean `s=`. Only the section structure uses it.
fn intended_letter(content: &[u8]) -> Option<u8> {
    let trimmed = content.trim_ascii_start();
    let letter = trimmed.first()?.to_ascii_lowercase();
    let after = trimmed.get(1..)?.trim_ascii_start();
    (letter.is_ascii_lowercase() && after.first() == Some(&b'=')).then_some(letter)
}

/// The attribute name of an `a=` value, if it has one.
fn attribute_name(text: &str) -> Option<&str> {
    let name = text.split_once(':').map_or(text, |(n, _)| n);
    (!name.is_empty()).then_some(name)
}

/// `a=<attribute-name>[:<attribute-value>]` (RFC 8866 §5.13), then the
/// attribute's own grammar. Unknown attributes are kept and not errors.
fn attribute_line(text: &str) -> Result<Attribute<'_>, FieldError<'_>> {
    // A byte scan: `:` is ASCII, so where it stands is a char boundary, and
    // names are short enough that a loop beats a searcher's setup.
    let (name, value) = match text.bytes().position(|b| b == b':') {
        Some(colon) => (text.get(..colon).unwrap_or(text), text.get(colon + 1..)),
        None => (text, None),
    };
    if name.is_empty() || !name.bytes().all(grammar::is_token_byte) {
        let bad = name
            .find(|c: char| !grammar::is_token_char(c))
            .map_or(name, |at| name.get(at..).unwrap_or(name));
        return Err(FieldError::at(
            if name.is_empty() { name } else { error::token_at(bad) },
            error::FieldErrorKind::Expected("attribute name"),
        ));
    }
    let typed = attribute::parse_value(name, value)?;
    Ok(Attribute { name, value, typed })
}

/// Blank lines are allowed only at the end of the input (CONTRACT.md).
fn report_blank_lines(lines: &[Line<'_>], sink: &mut FindingSink) {
    let last_content = lines.iter().rposition(|l| !matches!(l.kind, LineKind::Blank));
    let Some(last_content) = last_content else { return };
    for line in lines.get(..last_content).unwrap_or_default() {
        if matches!(line.kind, LineKind::Blank) {
            sink.push(blank_line::blank_line(line.span, line.ending));
        }
    }
}

/// RFC 8866 §6.10: without `a=charset`, `s=` and `i=` are UTF-8.
fn report_text_encoding(sdp: &SessionDescription<'_>, sink: &mut FindingSink) {
    let has_charset = sdp.session_attributes().any(|(_, a)| a.name == "charset");
    if has_charset {
        return;
    }
    for line in &sdp.lines {
        if let LineKind::SessionName(text) | LineKind::Information(text) = &line.kind {
            if let Err(e) = std::str::from_utf8(text.0) {
                let bad = line.span.start as usize + 2 + e.valid_up_to();
                let len = e.error_len().unwrap_or(text.0.len() - e.valid_up_to());
                sink.push(invalid_utf8::invalid_utf8(Span::new(bad, bad + len)));
            }
        }
    }
}

/// The grammar form of a line type, for help lines.
pub(crate) fn line_form(letter: u8) -> &'static str {
    fields::form(letter)
}

pub(crate) use structure::session_order;
