//! `--format human` over a whole run: each description's findings and its
//! profile line as it comes, a pair's findings and negotiated table right
//! after its answer, and one summary line at the end.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::io;

use super::{HumanOptions, Side, negotiation_table, render, render_pair};
use crate::finding::{Finding, Severity};
use crate::render::escape::{Charset, escape_line};
use crate::render::{Entry, PairEntry, Renderer};

/// The human [`Renderer`].
pub(crate) struct Human<W> {
    out: W,
    opts: HumanOptions,
    /// Errors, warnings, advice.
    counts: [usize; 3],
    sdps: usize,
    pairs: usize,
    /// The output so far ends with a blank line (after a pair's table).
    ends_blank: bool,
}

impl<W: io::Write> Human<W> {
    pub(crate) fn new(out: W, opts: HumanOptions) -> Self {
        Human { out, opts, counts: [0; 3], sdps: 0, pairs: 0, ends_blank: false }
    }

    /// The input's name, escaped as the snippets' headers escape it: a
    /// file name may hold any character.
    fn name<'e>(&self, entry: &Entry<'e, '_>) -> Cow<'e, str> {
        let charset = if self.opts.unicode { Charset::Unicode } else { Charset::Ascii };
        escape_line(entry.source, charset)
    }

    fn count(&mut self, findings: &[Finding]) {
        for f in findings {
            let slot = match f.severity() {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Advice => 2,
            };
            if let Some(c) = self.counts.get_mut(slot) {
                *c += 1;
            }
        }
    }

    /// The text of one push: each reported entry in order, each pair
    /// right after its answer.
    fn text(
        &mut self,
        out: &mut String,
        entries: &[Entry<'_, '_>],
        pairs: &[PairEntry<'_, '_>],
    ) -> fmt::Result {
        for entry in entries {
            if !entry.quoted {
                self.entry(out, entry)?;
            }
            for pair in pairs.iter().filter(|p| p.answer == entry.number) {
                let Some(offer) = entries.iter().find(|e| e.number == pair.offer) else {
                    continue;
                };
                self.pair(out, offer, entry, pair)?;
            }
        }
        Ok(())
    }

    /// One description's findings and its profile line.
    fn entry(&mut self, out: &mut String, entry: &Entry<'_, '_>) -> fmt::Result {
        self.ends_blank = false;
        self.sdps += 1;
        let findings = entry.report.findings();
        self.count(findings);
        // Spans are the description's; the snippet shows the input's own
        // lines (a log line, a JSON string), so map them there.
        let mapped: Vec<Finding> =
            findings.iter().map(|f| f.map_spans(|s| entry.to_input(s), |s| s)).collect();
        render(out, entry.source, entry.text, entry.index, &mapped, &self.opts)?;
        let line = entry.index.position(entry.text, entry.offset).0;
        let profile = entry.profile_reason();
        let role = entry.role.map(|r| format!(" ({r})")).unwrap_or_default();
        // The profile's reason may quote the description.
        let charset = if self.opts.unicode { Charset::Unicode } else { Charset::Ascii };
        let profile = escape_line(&profile, charset);
        writeln!(out, "{}:{line}{role}: profile {profile}", self.name(entry))
    }

    /// A pair's findings (on the answer, quoting the offer) and its table.
    fn pair(
        &mut self,
        out: &mut String,
        offer: &Entry<'_, '_>,
        answer: &Entry<'_, '_>,
        pair: &PairEntry<'_, '_>,
    ) -> fmt::Result {
        self.pairs += 1;
        let report = pair.report;
        self.count(report.findings());
        let mapped: Vec<Finding> = report
            .findings()
            .iter()
            .map(|f| f.map_spans(|s| answer.to_input(s), |s| offer.to_input(s)))
            .collect();
        let mut findings = String::new();
        render_pair(&mut findings, side(offer), side(answer), &mapped, &self.opts)?;
        if !findings.is_empty() {
            writeln!(out)?;
            out.push_str(&findings);
        }
        let at = |e: &Entry<'_, '_>| {
            format!("{}:{}", self.name(e), e.index.position(e.text, e.offset).0)
        };
        let arrow = if self.opts.unicode { "→" } else { "->" };
        writeln!(out, "\nNegotiated ({} {arrow} {}):", at(offer), at(answer))?;
        out.push_str(&negotiation_table(report.negotiation(), &self.opts));
        self.ends_blank = true;
        writeln!(out)
    }
}

impl<W: io::Write> Renderer for Human<W> {
    fn push(&mut self, entries: &[Entry<'_, '_>], pairs: &[PairEntry<'_, '_>]) -> io::Result<()> {
        let mut text = String::new();
        self.text(&mut text, entries, pairs).map_err(io::Error::other)?;
        self.out.write_all(text.as_bytes())
    }

    /// `3 SDPs and 1 pair checked: 2 errors, 1 warning, 0 advice`.
    fn finish(mut self: Box<Self>) -> io::Result<()> {
        let plural = |n: usize, word: &str| {
            if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
        };
        let sdps = plural(self.sdps, "SDP");
        let what = if self.pairs == 0 {
            format!("{sdps} checked")
        } else {
            format!("{sdps} and {} checked", plural(self.pairs, "pair"))
        };
        let [errors, warnings, advice] = self.counts;
        if errors + warnings + advice == 0 {
            writeln!(self.out, "{what}: no problems found")?;
        } else {
            if !self.ends_blank {
                writeln!(self.out)?;
            }
            writeln!(
                self.out,
                "{what}: {}, {}, {advice} advice",
                plural(errors, "error"),
                plural(warnings, "warning")
            )?;
        }
        self.out.flush()
    }
}

/// The renderer's view of one side of a pair.
fn side<'e>(entry: &Entry<'e, '_>) -> Side<'e> {
    Side { name: entry.source, text: entry.text, index: entry.index }
}
