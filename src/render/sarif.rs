//! `--format sarif`: a SARIF 2.1.0 log, for GitHub code scanning and other
//! static-analysis dashboards.
//!
//! Built from `#[derive(Serialize)]` structs (oxlint's and ruff's `sarif.rs`
//! do the same). One run; `tool.driver.rules` is the whole registry sorted by
//! code, each rule with its summary, its "What it does" section, its full
//! Markdown docs as `help`, its default level and, in `properties`, its
//! profiles, field codes and the real stacks' refusals its results may carry
//! (`stacks`). Each result names its rule by code (`ruleId`, plus
//! `ruleIndex` into that array), has a `level`, the message, the primary
//! label as its location and every other label as a related location
//! (offer-side labels of a pair finding in the offer's artifact), and carries
//! the field codes, the description's index, the help and the real stacks
//! that refuse the fault (`stacks`, as in `--format json`) in `properties`.
//! Results come sorted by input, then position.
//!
//! Regions are 1-based; `endColumn` is the column just past the span (SARIF
//! §3.30.8); columns count Unicode code points (`columnKind:
//! "unicodeCodePoints"`), each byte of invalid UTF-8 as one. Lines end at LF or
//! CRLF, SARIF's default `newlineSequences`. `byteOffset`/`byteLength` give the
//! exact bytes.
//!
//! **Artifact URIs.** `artifactLocation.uri` must be a URI reference, and an
//! input name is a path: a relative path stays relative (percent-encoded, `:`
//! included so that `a:b.sdp` cannot read as a scheme), an absolute one
//! becomes a `file://` URI, and standard input, which has no path, is
//! `stdin` (use `--stdin-filename` for a real name).

use std::io;

use serde::Serialize;

use crate::finding::Severity;
use crate::profile::Profile;
use crate::registry::{FieldCode, RULES, RuleMeta};
use crate::render::common::{self, Diagnostic, LocatedLabel, Position, StackRow};
use crate::render::{Entry, PairEntry, Renderer, json};

/// The `$schema` of the log: the OASIS SARIF 2.1.0 schema (errata 01), the
/// one vendored under `tests/data/` and validated against in the tests.
pub(crate) const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where to read about sdpcheck: the package's `homepage`, else its
/// `repository` (Cargo.toml); `None` while neither is set, and then the log
/// has no `informationUri`.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")].into_iter().find(|u| !u.is_empty())
}

/// Base of the per-rule documentation pages, `<homepage>/rules/<name>` (ruff's
/// layout); empty, and no `helpUri`, until Cargo.toml sets a `homepage`. The
/// full docs travel in each rule's `help` either way.
const RULE_DOCS_BASE: &str = env!("CARGO_PKG_HOMEPAGE");

/// `--format sarif`, written as descriptions come, for a log of any size:
/// the log's head (tool, rules) first, each result as it is found, then the
/// tail.
#[derive(Debug)]
pub(crate) struct Sarif<W> {
    out: W,
    /// The log's text after the results array, once the head is written.
    tail: Option<String>,
    /// Results written.
    results: usize,
    /// Position of each rule (by [`crate::RuleId`]) in the sorted `rules`.
    rule_index: Vec<usize>,
    /// The raw bytes of input names that are not UTF-8 (see
    /// [`RenderOptions::raw_names`](crate::render::RenderOptions::raw_names)).
    raw_names: RawNames,
}

/// Shown name -> the name's raw bytes, for names that are not UTF-8.
type RawNames = std::collections::HashMap<String, Vec<u8>>;

/// What the pretty printer writes for the run's (empty) results; the log
/// is cut there into head and tail.
const EMPTY_RESULTS: &str = "\"results\": []";

impl<W: io::Write> Sarif<W> {
    /// A log written to `out`.
    pub(crate) fn new(out: W, raw_names: &[(String, Vec<u8>)]) -> Self {
        let raw_names = raw_names.iter().cloned().collect();
        Sarif { out, tail: None, results: 0, rule_index: Vec::new(), raw_names }
    }

    /// Writes the log up to its results array: everything but the results,
    /// serialised once, then cut.
    fn start(&mut self) -> io::Result<()> {
        let mut rules: Vec<&'static RuleMeta> = RULES.iter().collect();
        rules.sort_by_key(|m| m.code);
        // `RuleId` indexes `RULES`; map it to the position in the sorted array.
        self.rule_index = vec![0; RULES.len()];
        for (i, m) in rules.iter().enumerate() {
            if let Some(slot) = self.rule_index.get_mut(m.id as usize) {
                *slot = i;
            }
        }
        let log = Log {
            schema: SCHEMA_URI,
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "sdpcheck",
                        version: env!("CARGO_PKG_VERSION"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        information_uri: information_uri(),
                        rules: rules.into_iter().map(rule).collect(),
                    },
                },
                column_kind: "unicodeCodePoints",
                results: Vec::new(),
            }],
        };
        let text = common::to_json(&log, true).map_err(io::Error::other)?;
        // `results` is the run's last field: its last occurrence in the text
        // is it (no string of the log holds a raw `"results": []`).
        let cut = text.rfind(EMPTY_RESULTS).ok_or_else(|| io::Error::other("no results"))?;
        let (head, rest) = text.split_at(cut);
        self.out.write_all(head.as_bytes())?;
        self.out.write_all(b"\"results\": [")?;
        self.tail = Some(rest.get(EMPTY_RESULTS.len()..).unwrap_or_default().to_owned());
        Ok(())
    }
}

impl<W: io::Write> Renderer for Sarif<W> {
    /// One document: nothing is complete before the end.
    fn streams(&self) -> bool {
        false
    }

    fn push(&mut self, entries: &[Entry<'_, '_>], pairs: &[PairEntry<'_, '_>]) -> io::Result<()> {
        if self.tail.is_none() {
            self.start()?;
        }
        for d in common::diagnostics(entries, pairs) {
            let index = self.rule_index.get(d.finding.rule() as usize).copied().unwrap_or(0);
            let json = common::to_json(&result(&d, index, &self.raw_names), true)
                .map_err(io::Error::other)?;
            // Results sit at depth 4 of the pretty-printed log.
            self.out.write_all(if self.results == 0 { b"\n        " } else { b",\n        " })?;
            self.out.write_all(json::indent(&json, "        ").as_bytes())?;
            self.results += 1;
        }
        Ok(())
    }

    /// Closes the log, ending it with a newline.
    fn finish(mut self: Box<Self>) -> io::Result<()> {
        if self.tail.is_none() {
            self.start()?;
        }
        self.out.write_all(if self.results == 0 { b"]" } else { b"\n      ]" })?;
        self.out.write_all(self.tail.take().unwrap_or_default().as_bytes())?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

/// The SARIF `level` of a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    }
}

/// The reporting descriptor of one rule.
fn rule(meta: &'static RuleMeta) -> Rule {
    let docs = meta.documentation();
    Rule {
        id: meta.code,
        name: meta.name,
        short_description: Text { text: meta.summary() },
        full_description: Text {
            text: section(&docs, "What it does").unwrap_or_else(|| meta.summary()),
        },
        help: Help { text: docs.clone(), markdown: docs },
        help_uri: (!RULE_DOCS_BASE.is_empty())
            .then(|| format!("{}/rules/{}", RULE_DOCS_BASE.trim_end_matches('/'), meta.name)),
        default_configuration: Configuration { level: level(meta.severity) },
        properties: RuleProperties {
            profiles: [Profile::WebRtc, Profile::Sip]
                .into_iter()
                .filter(|p| meta.profiles.contains(*p))
                .map(Profile::as_str)
                .collect(),
            field_codes: meta.field_codes,
            stacks: StackRow::of(&meta.declared_stacks()),
        },
    }
}

/// The text of the `## <heading>` section of rule docs, its lines joined
/// into one paragraph; `None` if there is no such section or it is empty.
fn section(docs: &str, heading: &str) -> Option<String> {
    let mut lines = docs.lines().skip_while(|l| l.trim_start_matches('#').trim() != heading);
    lines.next()?;
    let text = lines
        .take_while(|l| !l.starts_with('#'))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(text)
}

/// The result of one finding.
fn result<'r>(d: &Diagnostic<'r>, rule_index: usize, raw: &RawNames) -> SarifResult<'r> {
    let primary = d.primary.and_then(|i| d.labels.get(i));
    SarifResult {
        rule_id: d.code,
        rule_index,
        level: level(d.severity),
        message: Message { text: d.message },
        locations: vec![Location {
            id: None,
            physical_location: physical(d.source, &d.at, raw),
            message: primary.map(|l| Message { text: l.text }),
        }],
        related_locations: d
            .secondary_labels()
            .enumerate()
            .map(|(id, l)| related(id, l, raw))
            .collect(),
        properties: ResultProperties {
            field_codes: d.codes,
            sdp: d.sdp,
            rule: d.rule,
            help: d.help,
            stacks: d.stacks.clone(),
        },
    }
}

/// A related location: one secondary label, in its own artifact.
fn related<'r>(id: usize, label: &LocatedLabel<'r>, raw: &RawNames) -> Location<'r> {
    Location {
        id: Some(id),
        physical_location: physical(label.source, &label.at, raw),
        message: Some(Message { text: label.text }),
    }
}

/// The physical location of a position in the input named `source`.
fn physical(source: &str, at: &Position, raw: &RawNames) -> PhysicalLocation {
    let bytes = raw.get(source).map_or(source.as_bytes(), Vec::as_slice);
    PhysicalLocation {
        artifact_location: ArtifactLocation { uri: artifact_uri_of(bytes) },
        region: Region {
            start_line: at.line,
            start_column: at.column,
            end_line: at.end_line,
            end_column: at.end_column,
            byte_offset: at.offset,
            byte_length: at.length,
        },
    }
}

/// The URI reference of an input name (see the module docs): `stdin` for
/// standard input, `file:///...` for an absolute path (Windows drive paths
/// included), otherwise the relative path, percent-encoded.
#[cfg(test)]
fn artifact_uri(name: &str) -> String {
    artifact_uri_of(name.as_bytes())
}

/// [`artifact_uri`] of a name's raw bytes: a name that is not UTF-8 is
/// percent-encoded byte for byte (RFC 3986 §2.1), so it stays distinct and
/// decodes to the exact name.
fn artifact_uri_of(bytes: &[u8]) -> String {
    if bytes == b"<stdin>" || bytes == b"-" {
        return String::from("stdin");
    }
    let drive = matches!(bytes, [letter, b':', b'\\' | b'/', ..] if letter.is_ascii_alphabetic());
    if let (true, Some((head, rest))) = (drive, bytes.split_at_checked(2)) {
        // `C:\dir\x.sdp` -> `file:///C:/dir/x.sdp`; the drive's colon stays.
        let rest: Vec<u8> = rest.iter().map(|&b| if b == b'\\' { b'/' } else { b }).collect();
        let head = String::from_utf8_lossy(head);
        return format!("file:///{head}{}", encode_path(&rest));
    }
    if bytes.starts_with(b"/") {
        return format!("file://{}", encode_path(bytes));
    }
    encode_path(bytes)
}

/// Percent-encodes every byte that may not appear in a URI path segment
/// (RFC 3986 `pchar`), and `:`; `/` separates segments.
fn encode_path(path: &[u8]) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path {
        let keep = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&b);
        if keep {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    out
}

/// Upper-case hex digits, as RFC 3986 §2.1 recommends.
const HEX: [u8; 16] = *b"0123456789ABCDEF";

#[derive(Serialize)]
struct Log<'r> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'r>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'r> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'r>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleProperties {
    profiles: Vec<&'static str>,
    field_codes: &'static [FieldCode],
    /// Every refusal the rule's results may carry.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stacks: Vec<StackRow>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'r> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message<'r>,
    locations: Vec<Location<'r>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'r>>,
    properties: ResultProperties<'r>,
}

#[derive(Serialize)]
struct Message<'r> {
    text: &'r str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[expect(clippy::struct_field_names, reason = "SARIF names the field `physicalLocation`")]
struct Location<'r> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message<'r>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'r> {
    field_codes: &'static [FieldCode],
    sdp: usize,
    rule: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'r str>,
    /// The real stacks that refuse the fault (as in `--format json`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stacks: Vec<StackRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifact_uris_are_uri_references() {
        assert_eq!(artifact_uri("<stdin>"), "stdin");
        assert_eq!(artifact_uri("fixtures/parse/bom.sdp"), "fixtures/parse/bom.sdp");
        assert_eq!(artifact_uri("a b#c?%.sdp"), "a%20b%23c%3F%25.sdp");
        assert_eq!(artifact_uri("a:b.sdp"), "a%3Ab.sdp");
        assert_eq!(artifact_uri("/tmp/x y.sdp"), "file:///tmp/x%20y.sdp");
        assert_eq!(artifact_uri("C:\\calls\\é.sdp"), "file:///C:/calls/%C3%A9.sdp");
        assert_eq!(artifact_uri("x\r\n.sdp"), "x%0D%0A.sdp");
        assert_eq!(artifact_uri_of(b"/tmp/a\xff.sdp"), "file:///tmp/a%FF.sdp");
        assert_eq!(artifact_uri_of(b"a\xfe.sdp"), "a%FE.sdp");
    }

    #[test]
    fn sections_are_read_from_rule_docs() {
        let docs =
            "## What it does\nFlags a thing.\nOn two lines.\n\n## Why is this bad?\nBecause.\n";
        assert_eq!(section(docs, "What it does").as_deref(), Some("Flags a thing. On two lines."));
        assert_eq!(section(docs, "Why is this bad?").as_deref(), Some("Because."));
        assert_eq!(section(docs, "Example"), None);
    }
}
