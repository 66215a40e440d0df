//! Byte spans into one SDP's text.
//!
//! Every model node and every finding carries a [`Span`]. Spans are byte
//! offsets into the bytes handed to [`crate::parse`], kept as `u32` so a span
//! is 8 bytes: the limits ([`crate::Limits`]) keep every SDP far below 4 GiB.

use std::ops::Range;

/// A half-open byte range `start..end` into one SDP's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets; `end` is raised to `start` if it lies before it.
    pub fn new(start: usize, end: usize) -> Self {
        let start = clamp_u32(start);
        let end = clamp_u32(end).max(start);
        Span { start, end }
    }

    /// An empty span at `offset`.
    pub fn empty(offset: usize) -> Self {
        Span::new(offset, offset)
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The span as a `usize` range, for slicing with `get()`.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The span shrunk so that it lies within a text of `len` bytes.
    ///
    /// miette drops a label at exactly end-of-input and panics past it
    /// (zkat/miette#465), so every span is clamped before it reaches a renderer.
    #[must_use]
    pub fn clamp_to(self, len: usize) -> Self {
        let len = clamp_u32(len);
        Span { start: self.start.min(len), end: self.end.min(len) }
    }

    /// The smallest span covering both `self` and `other`.
    #[must_use]
    pub fn cover(self, other: Span) -> Self {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// Saturates at `u32::MAX`; inputs that large are refused by the limits first.
fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The span of `part` within `whole`, found by pointer offset (kdl-rs style).
///
/// `part` must be a sub-slice of `whole`; if it is not (a bug, never input),
/// the result is an empty span at the start rather than a panic.
pub(crate) fn span_of(whole: &[u8], part: &[u8]) -> Span {
    let base = whole.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    match at.checked_sub(base) {
        Some(start) if start + part.len() <= whole.len() => Span::new(start, start + part.len()),
        _ => Span::empty(0),
    }
}

#[cfg(feature = "miette")]
impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        miette::SourceSpan::new((span.start as usize).into(), span.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_of_sub_slice() {
        let text = b"m=audio 9 RTP/AVP 0";
        let port = &text[8..9];
        assert_eq!(span_of(text, port), Span::new(8, 9));
    }

    #[test]
    fn span_of_foreign_slice_is_empty_not_panic() {
        let text = b"abc";
        let other = b"xyz";
        assert_eq!(span_of(text, other), Span::empty(0));
    }

    #[test]
    fn clamp_never_exceeds_length() {
        assert_eq!(Span::new(5, 10).clamp_to(7), Span::new(5, 7));
        assert_eq!(Span::new(9, 10).clamp_to(7), Span::new(7, 7));
    }
}
