//! The driver of the formats that write one line per finding (concise,
//! JSON lines, GitHub): each push's findings, located and sorted, each
//! turned into its line by the format's own function.

use std::io;

use crate::render::common::{self, Diagnostic};
use crate::render::{Entry, PairEntry, Renderer};

/// Appends the line of one finding (ending it with `\n`).
pub(crate) type Line = fn(&mut String, &Diagnostic<'_>);

/// A [`Renderer`] writing one [`Line`] per finding: nothing before the
/// first, nothing after the last, so its output concatenates.
pub(crate) struct PerFinding<W> {
    out: W,
    line: Line,
}

impl<W: io::Write> PerFinding<W> {
    pub(crate) fn new(out: W, line: Line) -> Self {
        PerFinding { out, line }
    }
}

impl<W: io::Write> Renderer for PerFinding<W> {
    fn push(&mut self, entries: &[Entry<'_, '_>], pairs: &[PairEntry<'_, '_>]) -> io::Result<()> {
        let mut text = String::new();
        for d in common::diagnostics(entries, pairs) {
            (self.line)(&mut text, &d);
        }
        self.out.write_all(text.as_bytes())
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.out.flush()
    }
}
