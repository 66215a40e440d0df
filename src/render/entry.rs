//! What every renderer is given: the descriptions of a run ([`Entry`]),
//! each with where it sits in its input, and the offer/answer pairs among
//! them ([`PairEntry`]).

use crate::Report;
use crate::source::LineIndex;
use crate::span::Span;

/// One description found in one input, with where it sits in that input.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'r, 'a> {
    /// The description's index in the run: what `sdp`, `pairs[].offer` and
    /// `pairs[].answer` of the output refer to.
    pub number: usize,
    /// The input's name (`call.log`, `<stdin>`).
    pub source: &'r str,
    /// The input, or the piece of it around the description when the input
    /// is streamed (see `base`).
    pub text: &'r [u8],
    /// The line index of `text` (with the input's line and column of its
    /// first byte when `text` is a piece: [`LineIndex::with_origin`]).
    pub index: &'r LineIndex,
    /// Input offset of `text`'s first byte: 0 when `text` is the whole input.
    pub base: usize,
    /// Byte offset of the description within `text`.
    pub offset: usize,
    /// How the description's bytes map back into the input, when it was
    /// extracted from a log or JSON (unescaped, prefixes stripped); `None`
    /// means it is the input's bytes from `offset` on.
    pub map: Option<&'r crate::extract::SourceMap>,
    /// `offer`, `answer`, or `None` when unknown.
    pub role: Option<&'static str>,
    /// The session key it was paired by (a Call-ID, `session_id=1/sender=2`),
    /// when the input names one.
    pub session: Option<&'r str>,
    /// True for an answer given no offer (none in its session): listed in
    /// JSON's `unpaired_answers`.
    pub unpaired: bool,
    /// The checked description.
    pub report: &'r Report<'a>,
    /// True for an offer carried only so that the findings of a pair can
    /// point into it: its own findings and its `sdps` row are not written
    /// again (they were, when it came by in the stream).
    pub quoted: bool,
}

impl<'r, 'a> Entry<'r, 'a> {
    /// A whole input holding one description, number 0, of unknown role.
    pub fn new(
        source: &'r str,
        text: &'r [u8],
        index: &'r LineIndex,
        report: &'r Report<'a>,
    ) -> Self {
        Entry {
            number: 0,
            source,
            text,
            index,
            base: 0,
            offset: 0,
            map: None,
            role: None,
            session: None,
            unpaired: false,
            report,
            quoted: false,
        }
    }

    /// Why the description's profile was chosen, its evidence numbered
    /// with the input's own line.
    pub fn profile_reason(&self) -> String {
        self.report.profile().describe_at(|span| {
            let at = self.to_input(span).start as usize;
            self.index.position(self.text, at).0 as u64
        })
    }

    /// A span of the description, as a span of `text`.
    pub fn to_input(&self, span: Span) -> Span {
        match self.map {
            Some(map) => {
                let range = map.span_to_input(span);
                let base = self.base as u64;
                let at = |n: u64| usize::try_from(n.saturating_sub(base)).unwrap_or(usize::MAX);
                Span::new(at(range.start), at(range.end))
            }
            None => Span::new(span.start as usize + self.offset, span.end as usize + self.offset),
        }
    }
}

/// An offer/answer pair among the entries.
#[derive(Debug, Clone, Copy)]
pub struct PairEntry<'r, 'a> {
    /// [`Entry::number`] of the offer.
    pub offer: usize,
    /// [`Entry::number`] of the answer.
    pub answer: usize,
    /// The pair's report.
    pub report: &'r crate::PairReport<'a>,
}
