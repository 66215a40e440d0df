//! `--format json`: one JSON document, as CONTRACT.md specifies.
//!
//! Built from `#[derive(Serialize)]` structs with `serde_json`, which escapes
//! every control byte, so no input can break the document (miette's own
//! JSON handler does not, and has no line/column). Positions are mapped from
//! each description's spans to the input the user has: `line`/`column`
//! 1-based, `column` in characters, `offset`/`length` in bytes.

use serde::Serialize;

use crate::Report;
use crate::diagnostic::Severity;
use crate::report::common;
use crate::source::LineIndex;
use crate::span::Span;

/// One description found in one input, with where it sits in that input.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'r, 'a> {
    /// The input's name (`call.log`, `<stdin>`).
    pub source: &'r str,
    /// The whole input.
    pub text: &'r [u8],
    /// The input's line index.
    pub index: &'r LineIndex,
    /// Byte offset of the description within the input.
    pub offset: usize,
    /// How the description's bytes map back into the input, when it was
    /// extracted from a log or JSON (unescaped, prefixes stripped); `None`
    /// means it is the input's bytes from `offset` on.
    pub map: Option<&'r crate::extract::SourceMap>,
    /// `offer`, `answer`, or `None` when unknown.
    pub role: Option<&'static str>,
    /// The checked description.
    pub report: &'r Report<'a>,
}

impl Entry<'_, '_> {
    /// A span of the description, as a span of the input.
    pub fn to_input(&self, span: Span) -> Span {
        match self.map {
            Some(map) => {
                let range = map.span_to_input(span);
                let at = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
                Span::new(at(range.start), at(range.end))
            }
            None => Span::new(span.start as usize + self.offset, span.end as usize + self.offset),
        }
    }
}

#[derive(Serialize)]
struct Document<'r> {
    version: u32,
    sdps: Vec<JsonSdp<'r>>,
    pairs: Vec<JsonPair<'r>>,
    diagnostics: Vec<common::Diagnostic<'r>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonSdp<'r> {
    index: usize,
    source: &'r str,
    line: usize,
    role: Option<&'static str>,
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

/// An offer/answer pair among the entries.
#[derive(Debug, Clone, Copy)]
pub struct PairEntry<'r, 'a> {
    /// Index of the offer in the entries.
    pub offer: usize,
    /// Index of the answer in the entries.
    pub answer: usize,
    /// The pair's report.
    pub report: &'r crate::PairReport<'a>,
}

#[derive(Serialize, Default)]
struct Summary {
    sdps: usize,
    errors: usize,
    warnings: usize,
    advice: usize,
}

/// Writes the JSON document for `entries` (in order; `index` is the
/// position) and the offer/answer `pairs` among them.
pub fn render(entries: &[Entry<'_, '_>], pairs: &[PairEntry<'_, '_>]) -> String {
    let mut doc = Document {
        version: 1,
        sdps: Vec::with_capacity(entries.len()),
        pairs: Vec::with_capacity(pairs.len()),
        diagnostics: Vec::new(),
        summary: Summary { sdps: entries.len(), ..Summary::default() },
    };
    for (index, entry) in entries.iter().enumerate() {
        let (line, _) = entry.index.position(entry.text, entry.offset);
        let decision = entry.report.profile();
        doc.sdps.push(JsonSdp {
            index,
            source: entry.source,
            line,
            role: entry.role,
            profile: decision.profile.as_str(),
            profile_reason: decision.describe(entry.report.sdp()),
            media: media(entry),
        });
    }
    for pair in pairs {
        if entries.get(pair.offer).is_none() || entries.get(pair.answer).is_none() {
            continue;
        }
        doc.pairs.push(JsonPair {
            offer: pair.offer,
            answer: pair.answer,
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
        });
    }
    doc.diagnostics = common::diagnostics(entries, pairs);
    for d in &doc.diagnostics {
        match d.severity {
            Severity::Error => doc.summary.errors += 1,
            Severity::Warning => doc.summary.warnings += 1,
            Severity::Advice => doc.summary.advice += 1,
        }
    }
    // Serialising plain structs of strings and numbers cannot fail; fall
    // back to a minimal valid document rather than panic if it ever did.
    common::to_json(&doc, true).unwrap_or_else(|_| String::from("{\"version\":1}"))
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
