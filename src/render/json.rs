//! `--format json`: one JSON document, as CONTRACT.md specifies.
//!
//! Built from `#[derive(Serialize)]` structs with `serde_json`, which escapes
//! every control byte, so no input can break the document (miette's own
//! JSON handler does not, and has no line/column). Positions are mapped from
//! each description's spans to the input the user has: `line`/`column`
//! 1-based, `column` in characters, `offset`/`length` in bytes.

use std::io;

use serde::Serialize;

use crate::finding::Severity;
use crate::render::common;
use crate::render::spill::Spill;
use crate::render::{Entry, PairEntry, Renderer};

#[derive(Serialize)]
struct JsonSdp<'r> {
    index: usize,
    source: &'r str,
    line: usize,
    role: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<&'r str>,
    profile: &'static str,
    profile_reason: String,
    media: Vec<JsonMedia<'r>>,
}

#[derive(Serialize)]
struct JsonMedia<'r> {
    kind: &'r str,
    port: u16,
    protocol: &'r str,
    mid: Option<&'r str>,
    codecs: Vec<String>,
    formats: Vec<&'r str>,
}

#[derive(Serialize)]
struct JsonPair<'r> {
    offer: usize,
    answer: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<&'r str>,
    media: Vec<JsonNegotiated<'r>>,
}

#[derive(Serialize)]
struct JsonNegotiated<'r> {
    index: usize,
    kind: &'r str,
    mid: Option<&'r str>,
    accepted: bool,
    negotiated: Vec<String>,
    offer_direction: &'static str,
    answer_direction: &'static str,
    transport: &'r str,
}

#[derive(Debug, Serialize, Default)]
struct Summary {
    sdps: usize,
    errors: usize,
    warnings: usize,
    advice: usize,
}

/// `--format json`, written as descriptions come, for a log of any size:
/// `sdps` rows go straight to the output, `pairs` and `diagnostics` rows to
/// their [`Spill`]s, and [`Renderer::finish`] closes the document.
#[derive(Debug)]
pub(crate) struct Json<W> {
    out: W,
    pairs: Spill,
    diagnostics: Spill,
    /// Rows written to `out`, `pairs` and `diagnostics`.
    rows: [usize; 3],
    summary: Summary,
    /// Numbers of the answers given no offer.
    unpaired: Vec<usize>,
    /// True once the document's head is written.
    started: bool,
}

impl<W: io::Write> Json<W> {
    /// A document written to `out`.
    pub(crate) fn new(out: W) -> Self {
        Json {
            out,
            pairs: Spill::default(),
            diagnostics: Spill::default(),
            rows: [0; 3],
            summary: Summary::default(),
            unpaired: Vec::new(),
            started: false,
        }
    }
}

impl<W: io::Write> Renderer for Json<W> {
    /// One document: nothing is complete before the end.
    fn streams(&self) -> bool {
        false
    }

    fn push(&mut self, entries: &[Entry<'_, '_>], pairs: &[PairEntry<'_, '_>]) -> io::Result<()> {
        if !self.started {
            self.out.write_all(b"{\n  \"version\": 1,\n  \"sdps\": [")?;
            self.started = true;
        }
        for entry in entries.iter().filter(|e| !e.quoted) {
            write_row(&mut self.out, &mut self.rows[0], &sdp_row(entry))?;
            self.summary.sdps += 1;
            if entry.unpaired {
                self.unpaired.push(entry.number);
            }
        }
        for pair in pairs {
            if common::find(entries, pair.offer).is_some()
                && common::find(entries, pair.answer).is_some()
            {
                let session = common::find(entries, pair.answer).and_then(|(_, e)| e.session);
                write_row(&mut self.pairs, &mut self.rows[1], &pair_row(pair, session))?;
            }
        }
        for d in common::diagnostics(entries, pairs) {
            match d.severity {
                Severity::Error => self.summary.errors += 1,
                Severity::Warning => self.summary.warnings += 1,
                Severity::Advice => self.summary.advice += 1,
            }
            write_row(&mut self.diagnostics, &mut self.rows[2], &d)?;
        }
        Ok(())
    }

    /// Closes the document, ending it with a newline.
    fn finish(mut self: Box<Self>) -> io::Result<()> {
        if !self.started {
            self.push(&[], &[])?;
        }
        let [sdps, pairs, diagnostics] = self.rows;
        close_array(&mut self.out, sdps)?;
        self.out.write_all(b",\n  \"pairs\": [")?;
        self.pairs.drain_into(&mut self.out)?;
        close_array(&mut self.out, pairs)?;
        self.out.write_all(b",\n  \"unpaired_answers\": [")?;
        let unpaired: Vec<String> = self.unpaired.iter().map(ToString::to_string).collect();
        self.out.write_all(unpaired.join(", ").as_bytes())?;
        self.out.write_all(b"]")?;
        self.out.write_all(b",\n  \"diagnostics\": [")?;
        self.diagnostics.drain_into(&mut self.out)?;
        close_array(&mut self.out, diagnostics)?;
        self.out.write_all(b",\n  \"summary\": ")?;
        let summary = common::to_json(&self.summary, true).map_err(io::Error::other)?;
        self.out.write_all(indent(&summary, "  ").as_bytes())?;
        self.out.write_all(b"\n}\n")?;
        self.out.flush()
    }
}

/// Writes one row of a top-level array, laid out as `serde_json`'s pretty
/// printer lays out an element at that depth.
fn write_row<T: Serialize>(out: &mut impl io::Write, rows: &mut usize, row: &T) -> io::Result<()> {
    let json = common::to_json(row, true).map_err(io::Error::other)?;
    out.write_all(if *rows == 0 { b"\n    " } else { b",\n    " })?;
    out.write_all(indent(&json, "    ").as_bytes())?;
    *rows += 1;
    Ok(())
}

/// Ends a top-level array of `rows` rows: `[]` when it has none.
fn close_array(out: &mut impl io::Write, rows: usize) -> io::Result<()> {
    out.write_all(if rows == 0 { b"]" } else { b"\n  ]" })
}

/// `json` (pretty, so its only raw newlines are between tokens: strings
/// never hold one) with every line after the first indented by `by`.
pub(crate) fn indent(json: &str, by: &str) -> String {
    json.replace('\n', &format!("\n{by}"))
}

/// The `sdps` row of one description.
fn sdp_row<'r>(entry: &Entry<'r, '_>) -> JsonSdp<'r> {
    let (line, _) = entry.index.position(entry.text, entry.offset);
    let decision = entry.report.profile();
    JsonSdp {
        index: entry.number,
        source: entry.source,
        line,
        role: entry.role,
        session: entry.session,
        profile: decision.profile.as_str(),
        profile_reason: entry.profile_reason(),
        media: media(entry),
    }
}

/// The `pairs` row of one offer/answer pair.
fn pair_row<'r>(pair: &PairEntry<'r, '_>, session: Option<&'r str>) -> JsonPair<'r> {
    JsonPair {
        offer: pair.offer,
        answer: pair.answer,
        session,
        media: pair
            .report
            .negotiation()
            .media
            .iter()
            .map(|m| JsonNegotiated {
                index: m.index,
                kind: m.kind,
                mid: m.mid,
                accepted: m.accepted,
                negotiated: m.codecs.iter().map(ToString::to_string).collect(),
                offer_direction: m.offer_direction.as_str(),
                answer_direction: m.answer_direction.as_str(),
                transport: m.transport,
            })
            .collect(),
    }
}

fn media<'r>(entry: &Entry<'r, '_>) -> Vec<JsonMedia<'r>> {
    entry
        .report
        .sdp()
        .media()
        .filter_map(|m| {
            let line = m.media_line()?;
            let mid = m.attributes().find(|(_, a)| a.name == "mid").and_then(|(_, a)| a.value);
            Some(JsonMedia {
                kind: line.media,
                port: line.port.value,
                protocol: line.proto,
                mid,
                codecs: crate::codec::media_codecs(&m).iter().map(ToString::to_string).collect(),
                formats: line.formats().collect(),
            })
        })
        .collect()
}
