//! Every call into the sdpcheck library, in one file.
//!
//! The JavaScript package sees only what this file returns: JSON text that
//! is the CLI's `--format json` document (CONTRACT.md), rendered by the
//! library's own renderer (`sdpcheck::render`, `Format::Json`), so the package's
//! objects carry exactly the CLI's field names and values. When the
//! library's public names move (issue 13), this is the file to adapt;
//! `lib.rs` only binds these functions to JavaScript.
//!
//! The three runs mirror the CLI:
//!
//! - [`check`]: one description, as `sdpcheck FILE` on a raw SDP file;
//! - [`check_pair`]: `sdpcheck --offer A --answer B`, down to the CLI's
//!   order of pushes into its JSON stream (the offer on its own, then the
//!   answer with the pair);
//! - [`extract`]: any input (a log, JSON, a SIP trace) as `sdpcheck FILE`:
//!   every SDP found, checked, and the offer/answer pairs among them. This
//!   is the batch form that `tests/it/stream.rs` proves byte-equal to the
//!   CLI's streamed output.

use serde::{Deserialize, Serialize};

use sdpcheck::extract::{self, Role};
use sdpcheck::registry::{FieldCode, RULES, RuleMeta};
use sdpcheck::render::{Entry, Format, PairEntry, RenderOptions, render};
use sdpcheck::source::LineIndex;
use sdpcheck::{Limits, Options, ProfileChoice, RuleId, Selection, Selector};

/// The options object of the JavaScript API, as JSON (camelCase). Any key
/// not listed here is refused, so a typo is an error rather than a silent
/// default.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JsOptions {
    /// `auto` (default), `webrtc` or `sip` (`--profile`).
    profile: Option<String>,
    /// Codec names every audio section must offer (`--require-codec`).
    #[serde(default)]
    require_codec: Vec<String>,
    /// Rule selectors to run (`--select`): `ALL`, names, codes, prefixes.
    #[serde(default)]
    select: Vec<String>,
    /// Rule selectors to skip (`--ignore`).
    #[serde(default)]
    ignore: Vec<String>,
    /// Real stacks whose refusals make an error (`--target`): `chromium`,
    /// `firefox`, `pjsip`, `baresip`; none: every stack of the profile.
    #[serde(default)]
    target: Vec<String>,
    /// `offer` or `answer` for a single description (`--role`).
    role: Option<String>,
    /// Size and count limits (`--max-*`).
    #[serde(default)]
    limits: JsLimits,
    /// The input's name in `source` fields.
    source: Option<String>,
    /// For a pair: the offer's and the answer's names.
    offer_source: Option<String>,
    /// See `offer_source`.
    answer_source: Option<String>,
}

/// `limits` of [`JsOptions`]: each unset one keeps the library's default.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[expect(clippy::struct_field_names, reason = "the names are the JavaScript API's (`maxSdpBytes`)")]
struct JsLimits {
    max_sdp_bytes: Option<usize>,
    max_line_bytes: Option<usize>,
    max_lines: Option<usize>,
    max_media: Option<usize>,
    max_formats: Option<usize>,
    max_candidates: Option<usize>,
    max_findings: Option<usize>,
}

/// Options ready for a run.
#[derive(Debug)]
pub struct Settings {
    options: Options,
    source: String,
    offer_source: String,
    answer_source: String,
}

/// Reads the options JSON. A bad option (unknown key, profile, codec or
/// selector) is an error, as it is a usage error (exit 2) in the CLI.
///
/// # Errors
///
/// The message for the exception the JavaScript caller gets.
pub fn settings(json_text: &str) -> Result<Settings, String> {
    let js: JsOptions = if json_text.trim().is_empty() {
        JsOptions::default()
    } else {
        serde_json::from_str(json_text).map_err(|e| format!("bad options: {e}"))?
    };
    let mut options = Options::default();
    options.profile = match js.profile.as_deref() {
        None | Some("auto") => ProfileChoice::Auto,
        Some("webrtc") => ProfileChoice::WebRtc,
        Some("sip") => ProfileChoice::Sip,
        Some(other) => {
            return Err(format!("bad options: profile `{other}` is not auto, webrtc or sip"));
        }
    };
    for name in &js.require_codec {
        options.required_codecs.push(name.parse().map_err(|e| format!("bad options: {e}"))?);
    }
    let selectors = |list: &[String]| -> Result<Vec<Selector>, String> {
        list.iter()
            .map(|s| s.parse::<Selector>().map_err(|e| format!("bad options: {e}")))
            .collect()
    };
    options.selection = Selection::new(&selectors(&js.select)?, &selectors(&js.ignore)?);
    for name in &js.target {
        let stack: sdpcheck::Stack = name.parse().map_err(|e| format!("bad options: {e}"))?;
        options.targets.add(stack);
    }
    options.role = match js.role.as_deref() {
        None => sdpcheck::Role::Unknown,
        Some("offer") => sdpcheck::Role::Offer,
        Some("answer") => sdpcheck::Role::Answer,
        Some(other) => return Err(format!("bad options: role `{other}` is not offer or answer")),
    };
    let mut limits = Limits::default();
    let l = &js.limits;
    for (value, limit) in [
        (l.max_sdp_bytes, &mut limits.max_sdp_bytes),
        (l.max_line_bytes, &mut limits.max_line_bytes),
        (l.max_lines, &mut limits.max_lines),
        (l.max_media, &mut limits.max_media),
        (l.max_formats, &mut limits.max_formats),
        (l.max_candidates, &mut limits.max_candidates),
        (l.max_findings, &mut limits.max_findings),
    ] {
        if let Some(value) = value {
            *limit = value;
        }
    }
    options.limits = limits;
    Ok(Settings {
        options,
        source: js.source.unwrap_or_else(|| "<input>".to_owned()),
        offer_source: js.offer_source.unwrap_or_else(|| "<offer>".to_owned()),
        answer_source: js.answer_source.unwrap_or_else(|| "<answer>".to_owned()),
    })
}

/// One description: the document `sdpcheck --format json FILE` writes for
/// a raw SDP file.
pub fn check(input: &[u8], settings: &Settings) -> String {
    let report = sdpcheck::check_with(input, &settings.options);
    let index = LineIndex::new(input);
    let entry = Entry::new(&settings.source, input, &index, &report);
    render(Format::Json, &[entry], &[], &RenderOptions::default()).trim_end().to_owned()
}

/// An offer and its answer: the document of
/// `sdpcheck --format json --offer OFFER --answer ANSWER` on raw SDP files.
pub fn check_pair(offer: &[u8], answer: &[u8], settings: &Settings) -> String {
    let pair = sdpcheck::check_pair_with(offer, answer, &settings.options);
    let (offer_index, answer_index) = (LineIndex::new(offer), LineIndex::new(answer));
    let side = |number, source, text, index, role, report, quoted| Entry {
        number,
        role: Some(role),
        quoted,
        ..Entry::new(source, text, index, report)
    };
    let offer_entry = |quoted| {
        side(0, &settings.offer_source, offer, &offer_index, "offer", pair.offer(), quoted)
    };
    let answer_entry =
        side(1, &settings.answer_source, answer, &answer_index, "answer", pair.answer(), false);
    // The CLI's two pushes: the offer when it is read, then the answer with
    // the pair (the offer quoted: only the pair's labels point into it).
    let mut out = Vec::new();
    let mut renderer = Format::Json.renderer(&mut out, &RenderOptions::default());
    let pairs = [PairEntry { offer: 0, answer: 1, report: &pair }];
    let written = renderer
        .push(&[offer_entry(false)], &[])
        .and_then(|()| renderer.push(&[offer_entry(true), answer_entry], &pairs))
        .and_then(|()| renderer.finish());
    finish(written.map(|()| out))
}

/// Every SDP in `input` (a log, JSON, a SIP trace or one raw SDP), each
/// checked, and the offer/answer pairs among them: the document
/// `sdpcheck --format json FILE` writes. `None` when the input holds no
/// SDP at all (the CLI's exit status 2).
pub fn extract(input: &[u8], settings: &Settings) -> Option<String> {
    let options = &settings.options;
    let mut found = extract::extract(input, &options.limits);
    if found.is_empty() {
        return None;
    }
    // As the CLI does: the role the input states first, then `role`.
    let fallback = match options.role {
        sdpcheck::Role::Offer => Some(Role::Offer),
        sdpcheck::Role::Answer => Some(Role::Answer),
        _ => None,
    };
    for sdp in &mut found.sdps {
        sdp.role = sdp.role.or(fallback);
    }
    let index = LineIndex::new(input);
    let reports: Vec<_> =
        found.sdps.iter().map(|s| sdpcheck::check_with(&s.text, options)).collect();
    let pairing = extract::pairing(&found.sdps);
    let pairs = &pairing.pairs;
    let pair_reports: Vec<_> = pairs
        .iter()
        .filter_map(|&(o, a)| {
            let (offer, answer) = (found.sdps.get(o)?, found.sdps.get(a)?);
            Some(sdpcheck::check_pair_with(&offer.text, &answer.text, options))
        })
        .collect();
    let entries: Vec<Entry<'_, '_>> = found
        .sdps
        .iter()
        .zip(&reports)
        .enumerate()
        .map(|(number, (sdp, report))| Entry {
            number,
            source: &settings.source,
            text: input,
            index: &index,
            base: 0,
            offset: usize::try_from(sdp.offset()).unwrap_or(usize::MAX),
            map: Some(&sdp.map),
            role: sdp.role.map(Role::as_str),
            session: sdp.session.as_deref(),
            unpaired: pairing.unpaired.contains(&number),
            report,
            quoted: false,
        })
        .collect();
    let pair_entries: Vec<PairEntry<'_, '_>> = pairs
        .iter()
        .zip(&pair_reports)
        .map(|(&(offer, answer), report)| PairEntry { offer, answer, report })
        .collect();
    Some(
        render(Format::Json, &entries, &pair_entries, &RenderOptions::default())
            .trim_end()
            .to_owned(),
    )
}

/// What the CLI says when an input holds no SDP.
pub fn no_sdp_message(source: &str) -> String {
    format!("no SDP found in {source}: looked for {}", extract::LOOKED_FOR)
}

/// The settings' input name (for [`no_sdp_message`]).
pub fn source(settings: &Settings) -> &str {
    &settings.source
}

/// The rendered document, or an empty one if writing failed (it writes
/// into memory, which cannot fail).
fn finish(written: std::io::Result<Vec<u8>>) -> String {
    let text = written.ok().and_then(|bytes| String::from_utf8(bytes).ok());
    text.map_or_else(|| "{\"version\":1}".to_owned(), |t| t.trim_end().to_owned())
}

/// One rule, for the `rules()` list and `explain()`.
#[derive(Serialize)]
struct RuleRow {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    kind: sdpcheck::registry::RuleKind,
    profiles: &'static str,
    codes: &'static [FieldCode],
    summary: String,
}

impl RuleRow {
    fn of(m: &RuleMeta) -> Self {
        RuleRow {
            code: m.code,
            name: m.name,
            severity: m.severity.as_str(),
            kind: m.kind,
            profiles: m.profiles.as_str(),
            codes: m.field_codes,
            summary: m.summary(),
        }
    }
}

/// Every rule, as `sdpcheck rules --format json` lists them.
pub fn rules() -> String {
    let rows: Vec<RuleRow> = RULES.iter().map(RuleRow::of).collect();
    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".to_owned())
}

/// What `explain()` returns for a rule.
#[derive(Serialize)]
struct RuleDoc {
    topic: &'static str,
    #[serde(flatten)]
    row: RuleRow,
    /// The rule's documentation, Markdown (what `sdpcheck explain` prints
    /// after its header).
    docs: String,
}

/// What `explain()` returns for a field code.
#[derive(Serialize)]
struct FieldCodeRow {
    topic: &'static str,
    code: u32,
    platform: &'static str,
    title: &'static str,
    meaning: &'static str,
    causes: &'static [&'static str],
    fix: &'static str,
    /// Codes of the rules whose findings carry it (from the registry).
    rules: Vec<&'static str>,
}

/// The documentation of a rule (name or code, as `sdpcheck explain`
/// takes them) or of a field code (`53404`), as JSON; `None` for anything
/// else.
pub fn explain(topic: &str) -> Option<String> {
    let topic = topic.trim();
    if let Some(code) = topic.parse::<u32>().ok().and_then(FieldCode::from_number) {
        let doc = code.doc();
        let row = FieldCodeRow {
            topic: "field-code",
            code: code.number(),
            platform: code.platform(),
            title: doc.title,
            meaning: doc.meaning,
            causes: doc.causes,
            fix: doc.fix,
            rules: RULES.iter().filter(|m| m.field_codes.contains(&code)).map(|m| m.code).collect(),
        };
        return serde_json::to_string(&row).ok();
    }
    let rule: RuleId = topic.parse().ok()?;
    let meta = rule.meta();
    let doc = RuleDoc { topic: "rule", row: RuleRow::of(meta), docs: meta.documentation() };
    serde_json::to_string(&doc).ok()
}
