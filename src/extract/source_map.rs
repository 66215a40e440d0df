//! [`SourceMap`]: from a byte of an extracted SDP back to the input byte it
//! came from, and to that byte's line and column in the input.
//!
//! An extracted SDP is rarely a plain slice of its input: a log strips a
//! prefix from every line, a JSON string turns `\r\n` (four bytes) into two.
//! Findings are computed on the extracted text, but users must be pointed at
//! their own file, so every extracted SDP carries this map.
//!
//! The map is a sorted list of segments. A segment is a run of output bytes
//! whose input position follows one fixed stride: a literal run copies one
//! input byte to one output byte; an escape run is a sequence of escapes of
//! the same shape (`\r\n` is a run of two 2-to-1 escapes, `\u00e9` is one
//! 6-to-2 escape). Memory is linear in the number of segments, a lookup is a
//! binary search. Segments never cross a line of the input, so a segment
//! also knows its input line and column, and positions come out of the map
//! without the input at hand (the input of a streamed log is long gone).

use std::ops::Range;

use crate::span::Span;

/// One run of output bytes with a fixed input stride.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// Absolute input offset of the run's first source byte.
    input: u64,
    /// Offset of the run's first byte in the extracted text.
    out: u32,
    /// Input line of the run, relative to [`SourceMap::start_line`].
    line: u32,
    /// 1-based column (in characters) of `input` on its line; saturates.
    col: u32,
    /// Input bytes per unit (1 for a literal run, 2 for `\n`, 6 for `\u00e9`,
    /// 12 for a surrogate pair).
    step_in: u8,
    /// Output bytes per unit (1 for a literal run, 1..=4 for an escape).
    step_out: u8,
}

impl Segment {
    /// A literal run copies bytes one to one; no escape has a 1-byte source.
    fn is_literal(&self) -> bool {
        self.step_in == 1
    }
}

/// Maps offsets in an extracted SDP's text to offsets, lines and columns of
/// the original input.
///
/// ```
/// use sdpcheck::extract::extract;
/// let log = b"12:00:01 INFO v=0\n12:00:01 INFO o=- 1 1 IN IP4 192.0.2.1\n";
/// let found = extract(log, &sdpcheck::Limits::default());
/// let sdp = &found.sdps[0];
/// assert_eq!(&sdp.text[..], b"v=0\no=- 1 1 IN IP4 192.0.2.1\n");
/// // `o=` is byte 4 of the SDP, and byte 32 of the log: line 2, column 15.
/// assert_eq!(sdp.map.to_input(4), 32);
/// assert_eq!(sdp.position(4), (2, 15));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    segments: Vec<Segment>,
    /// 1-based input line of the first segment.
    start_line: u64,
    /// Length of the extracted text.
    len: u32,
    /// Input offset one past the last source byte.
    end_input: u64,
}

impl SourceMap {
    /// The map of `text` copied unchanged from offset `base` of the input,
    /// where its first byte is at 1-based `line` and `column` (a raw SDP:
    /// `identity(text, 0, 1, 1)`). One segment per line.
    pub fn identity(text: &[u8], base: u64, line: u64, column: u64) -> Self {
        let mut b = MapBuilder::new(line);
        let mut start = 0;
        let mut col = column;
        for (n, end) in memchr::memchr_iter(b'\n', text)
            .map(|i| i + 1)
            .chain(std::iter::once(text.len()))
            .enumerate()
        {
            let Some(piece) = text.get(start..end) else { break };
            b.literal(base + start as u64, piece.len(), u32::try_from(n).unwrap_or(u32::MAX), col);
            start = end;
            col = 1;
        }
        b.finish(base + text.len() as u64)
    }

    /// The input offset of the byte at `offset` in the extracted text.
    ///
    /// A byte produced by an escape maps to the escape's first byte (the
    /// backslash); `offset` equal to the text length maps one past the last
    /// source byte; larger offsets are clamped to that.
    pub fn to_input(&self, offset: usize) -> u64 {
        match self.locate(offset) {
            Some((seg, rel)) => {
                let unit = u64::from(rel / u32::from(seg.step_out.max(1)));
                seg.input + unit * u64::from(seg.step_in)
            }
            None => self.end_input,
        }
    }

    /// The input byte range that produced the text bytes of `span`.
    ///
    /// The end is one past the source of the span's last byte, so a span
    /// that ends on a line's `\n` does not reach into the next line's log
    /// prefix. An empty span maps to an empty range.
    pub fn span_to_input(&self, span: Span) -> Range<u64> {
        let start = self.to_input(span.start as usize);
        if span.is_empty() {
            return start..start;
        }
        let last = span.end as usize - 1;
        let end = match self.locate(last) {
            Some((seg, rel)) => {
                let unit = u64::from(rel / u32::from(seg.step_out.max(1)));
                seg.input + (unit + 1) * u64::from(seg.step_in)
            }
            None => self.end_input,
        };
        start..end.max(start)
    }

    /// 1-based line and column, in the input, of the byte at `offset` of
    /// `text` (the extracted text this map belongs to).
    ///
    /// Columns count characters as [`crate::source::LineIndex`] does: every
    /// byte that is not a UTF-8 continuation byte. `offset` at the end of
    /// a text that ends with `\n` points at the start of the next line.
    pub fn position(&self, text: &[u8], offset: usize) -> (u64, u64) {
        let offset = offset.min(self.len as usize);
        let Some(index) = self.segment_index(offset) else {
            return (self.start_line, 1);
        };
        let Some(seg) = self.segments.get(index) else {
            return (self.start_line, 1);
        };
        let line = self.start_line + u64::from(seg.line);
        let rel = offset.saturating_sub(seg.out as usize);
        if seg.is_literal() {
            let run = text.get(seg.out as usize..offset).unwrap_or_default();
            // Segments never cross an input line, so a newline can only be
            // the run's last byte: the position after it is the next line.
            if run.last() == Some(&b'\n') {
                return (line + 1, 1);
            }
            (line, u64::from(seg.col) + crate::source::char_count(run) as u64)
        } else {
            // Escapes are ASCII, so their characters are their bytes.
            let unit = rel / usize::from(seg.step_out.max(1));
            (line, u64::from(seg.col) + (unit * usize::from(seg.step_in)) as u64)
        }
    }

    /// 1-based input line of the text's first byte.
    pub fn start_line(&self) -> u64 {
        self.start_line
    }

    /// Heap bytes held by the segments.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.segments.capacity() * std::mem::size_of::<Segment>()
    }

    /// Number of segments (the map's size; linear memory).
    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

    /// True when the text is one unchanged slice of the input (a raw SDP or
    /// an unprefixed block): [`crate::extract::extract`] then borrows it.
    pub fn is_contiguous(&self) -> bool {
        let mut next_input = self.segments.first().map(|s| s.input);
        for (i, seg) in self.segments.iter().enumerate() {
            if !seg.is_literal() || Some(seg.input) != next_input {
                return false;
            }
            let end = self.segments.get(i + 1).map_or(self.len, |n| n.out);
            next_input = Some(seg.input + u64::from(end.saturating_sub(seg.out)));
        }
        next_input.is_none_or(|end| end == self.end_input)
    }

    /// The segment holding `offset` and `offset`'s distance into it.
    fn locate(&self, offset: usize) -> Option<(Segment, u32)> {
        if offset >= self.len as usize {
            return None;
        }
        let seg = *self.segments.get(self.segment_index(offset)?)?;
        let rel = u32::try_from(offset).ok()?.checked_sub(seg.out)?;
        Some((seg, rel))
    }

    /// Index of the last segment starting at or before `offset`.
    fn segment_index(&self, offset: usize) -> Option<usize> {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        self.segments.partition_point(|s| s.out <= offset).checked_sub(1)
    }
}

/// Builds a [`SourceMap`] while the text is appended, merging runs.
#[derive(Debug)]
pub(crate) struct MapBuilder {
    segments: Vec<Segment>,
    start_line: u64,
    len: u32,
}

impl MapBuilder {
    /// An empty map whose first line is the 1-based input line `start_line`.
    pub(crate) fn new(start_line: u64) -> Self {
        MapBuilder { segments: Vec::with_capacity(32), start_line, len: 0 }
    }

    /// Records `len` output bytes copied from `input`, on input line
    /// `start_line + line`, starting at 1-based column `col`.
    pub(crate) fn literal(&mut self, input: u64, len: usize, line: u32, col: u64) {
        let Ok(len32) = u32::try_from(len) else { return };
        if len32 == 0 {
            return;
        }
        let merge = self.segments.last().is_some_and(|last| {
            last.is_literal()
                && last.line == line
                && last.input + u64::from(self.len - last.out) == input
        });
        if !merge {
            self.segments.push(Segment {
                input,
                out: self.len,
                line,
                col: saturate(col),
                step_in: 1,
                step_out: 1,
            });
        }
        self.len = self.len.saturating_add(len32);
    }

    /// Records one escape of `step_in` input bytes at `input` that produced
    /// `step_out` output bytes.
    pub(crate) fn escape(&mut self, input: u64, step_in: u8, step_out: u8, line: u32, col: u64) {
        if step_out == 0 {
            return;
        }
        let merge = self.segments.last().is_some_and(|last| {
            let rel = self.len - last.out;
            last.step_in == step_in
                && last.step_out == step_out
                && last.line == line
                && rel % u32::from(step_out) == 0
                && last.input + u64::from(rel / u32::from(step_out)) * u64::from(step_in) == input
        });
        if !merge {
            self.segments.push(Segment {
                input,
                out: self.len,
                line,
                col: saturate(col),
                step_in,
                step_out,
            });
        }
        self.len = self.len.saturating_add(u32::from(step_out));
    }

    /// Forgets the last output byte, when it is a whole one-byte unit (a
    /// literal byte, or an escape like `\r`); returns the input bytes it
    /// came from.
    pub(crate) fn pop_byte(&mut self) -> Option<u8> {
        let last = self.segments.last().copied()?;
        if last.step_out != 1 || self.len == 0 {
            return None;
        }
        self.len -= 1;
        if self.len == last.out {
            self.segments.pop();
        }
        Some(last.step_in)
    }

    /// The finished map; `end_input` is one past the last source byte.
    pub(crate) fn finish(mut self, end_input: u64) -> SourceMap {
        self.segments.shrink_to_fit();
        SourceMap { segments: self.segments, start_line: self.start_line, len: self.len, end_input }
    }

    /// Heap bytes held (for the streaming memory bound).
    pub(crate) fn capacity_bytes(&self) -> usize {
        self.segments.capacity() * std::mem::size_of::<Segment>()
    }
}

/// Columns past `u32::MAX` (a 4 GiB line) are reported as `u32::MAX`.
fn saturate(col: u64) -> u32 {
    u32::try_from(col).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_runs_merge_and_map_to_the_backslash() {
        // Input `ab\r\ncd` at offset 10: text `ab` CR LF `cd`.
        let mut b = MapBuilder::new(3);
        b.literal(10, 2, 0, 5);
        b.escape(12, 2, 1, 0, 7);
        b.escape(14, 2, 1, 0, 9);
        b.literal(16, 2, 0, 11);
        let map = b.finish(18);
        assert_eq!(map.segment_count(), 3);
        let text = b"ab\r\ncd";
        let inputs: Vec<u64> = (0..=6).map(|i| map.to_input(i)).collect();
        assert_eq!(inputs, [10, 11, 12, 14, 16, 17, 18]);
        assert_eq!(map.position(text, 3), (3, 9));
        assert_eq!(map.position(text, 5), (3, 12));
        assert_eq!(map.span_to_input(Span::new(2, 4)), 12..16);
        assert!(!map.is_contiguous());
    }

    #[test]
    fn multibyte_escape_maps_every_byte_to_its_escape() {
        // `\u00e9` (6 input bytes) -> C3 A9.
        let mut b = MapBuilder::new(1);
        b.escape(0, 6, 2, 0, 1);
        b.escape(6, 6, 2, 0, 7);
        let map = b.finish(12);
        assert_eq!(map.segment_count(), 1);
        let inputs: Vec<u64> = (0..4).map(|i| map.to_input(i)).collect();
        assert_eq!(inputs, [0, 0, 6, 6]);
        assert_eq!(map.span_to_input(Span::new(0, 2)), 0..6);
    }

    #[test]
    fn identity_of_a_raw_text() {
        let text = b"v=0\r\nCaf\xC3\xA9\r\nx";
        let map = SourceMap::identity(text, 10, 4, 3);
        assert!(map.is_contiguous());
        assert_eq!(map.segment_count(), 3);
        assert_eq!(map.to_input(7), 17);
        assert_eq!(map.position(text, 2), (4, 5));
        assert_eq!(map.position(text, 10), (5, 5));
        assert_eq!(map.position(text, 12), (6, 1));
    }

    #[test]
    fn literal_lines_stay_separate_and_contiguous() {
        let text = b"v=0\no=x\n";
        let mut b = MapBuilder::new(7);
        b.literal(100, 4, 0, 1);
        b.literal(104, 4, 1, 1);
        let map = b.finish(108);
        assert!(map.is_contiguous());
        assert_eq!(map.position(text, 4), (8, 1));
        assert_eq!(map.position(text, 6), (8, 3));
        assert_eq!(map.position(text, 8), (9, 1));
        assert_eq!(map.to_input(99), 108);
    }
}
