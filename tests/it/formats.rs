//! The machine formats: concise, JSON lines, SARIF, GitHub annotations.
//!
//! Entries are built the way the CLI builds them (one per input, or offer and
//! answer of a pair), then rendered. Asserted: the concise lines of a fixture
//! with many faults; JSON lines carry exactly the JSON document's
//! diagnostics; SARIF validates against the vendored OASIS 2.1.0 schema, with
//! `columnKind`, sorted rules and consistent rule indexes; GitHub commands
//! cannot be injected from the input; and on every hostile fixture every
//! format re-parses and holds no raw control character.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use sdpcheck::registry::RULES;
use sdpcheck::render::{Entry, Format, PairEntry, RenderOptions};
use sdpcheck::source::LineIndex;

use super::common;
use super::common::unsafe_char;

/// Every machine format under test, by name.
const FORMATS: [(&str, Format); 5] = [
    ("json", Format::Json),
    ("concise", Format::Concise),
    ("json-lines", Format::JsonLines),
    ("sarif", Format::Sarif),
    ("github", Format::Github),
];

/// The library's rendering of a whole run in `format`.
fn render(format: Format, entries: &[Entry<'_, '_>], pairs: &[PairEntry<'_, '_>]) -> String {
    sdpcheck::render::render(format, entries, pairs, &RenderOptions::default())
}

/// Renders one input holding one description.
fn render_one(name: &str, bytes: &[u8], format: Format) -> String {
    let index = LineIndex::new(bytes);
    let report = sdpcheck::check(bytes);
    let entries = [Entry {
        number: 0,
        source: name,
        text: bytes,
        index: &index,
        base: 0,
        offset: 0,
        map: None,
        role: None,
        session: None,
        unpaired: false,
        report: &report,
        quoted: false,
    }];
    render(format, &entries, &[])
}

/// Renders an offer and its answer, each from its own input, as a pair.
fn render_pair(offer: (&str, &[u8]), answer: (&str, &[u8]), format: Format) -> String {
    let report = sdpcheck::check_pair(offer.1, answer.1);
    let (offer_index, answer_index) = (LineIndex::new(offer.1), LineIndex::new(answer.1));
    let entries = [
        Entry {
            number: 0,
            source: offer.0,
            text: offer.1,
            index: &offer_index,
            base: 0,
            offset: 0,
            map: None,
            role: Some("offer"),
            session: None,
            unpaired: false,
            report: report.offer(),
            quoted: false,
        },
        Entry {
            number: 1,
            source: answer.0,
            text: answer.1,
            index: &answer_index,
            base: 0,
            offset: 0,
            map: None,
            role: Some("answer"),
            session: None,
            unpaired: false,
            report: report.answer(),
            quoted: false,
        },
    ];
    render(format, &entries, &[PairEntry { offer: 0, answer: 1, report: &report }])
}

/// Number of findings the renderers should report for one input.
fn finding_count(bytes: &[u8]) -> usize {
    sdpcheck::check(bytes).findings().len()
}

fn fixture(path: &str) -> (String, Vec<u8>) {
    (format!("fixtures/{path}"), std::fs::read(common::fixtures().join(path)).unwrap())
}

/// A failing offer/answer fixture pair of a pair rule: (offer, answer).
fn pair_fixture(code: &str, stem: &str) -> ((String, Vec<u8>), (String, Vec<u8>)) {
    (
        fixture(&format!("rules/{code}/{stem}.offer.sdp")),
        fixture(&format!("rules/{code}/{stem}.answer.sdp")),
    )
}

/// The vendored schema, and a draft-04 validator compiled from it once.
fn sarif_validator() -> &'static (Value, jsonschema::Validator) {
    static VALIDATOR: OnceLock<(Value, jsonschema::Validator)> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-2.1.0.json");
        let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let validator =
            jsonschema::draft4::options().should_validate_formats(true).build(&schema).unwrap();
        (schema, validator)
    })
}

/// Parses a SARIF log and validates it against the schema; every error listed.
fn valid_sarif(text: &str, what: &str) -> Value {
    let log: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: SARIF does not parse: {e}"));
    let (_, validator) = sarif_validator();
    let errors: Vec<String> =
        validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{what}: SARIF is not valid 2.1.0:\n{}", errors.join("\n"));
    log
}

/// What a format may not hold raw, beyond the C0 controls that every
/// format escapes (only the `\n` that ends a line is allowed).
#[derive(Clone, Copy, PartialEq)]
enum Strictness {
    /// `serde_json`'s own guarantee: no C0 control raw.
    C0,
    /// Also no DEL, no C1 control, no U+2028/U+2029: the JSON formats of
    /// `render::common` (bidi characters are data there).
    Controls,
    /// Also no bidi override/isolate and no BOM: formats read by people in a
    /// terminal or a pull request (concise, GitHub).
    Display,
}

/// Fails if `out` holds a character that `strictness` forbids.
fn assert_clean(out: &str, what: &str, strictness: Strictness) {
    for (i, c) in out.char_indices() {
        let bad = match strictness {
            Strictness::C0 => c < ' ' && c != '\n',
            Strictness::Controls => {
                (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}')
            }
            Strictness::Display => c != '\n' && unsafe_char(c),
        };
        assert!(!bad, "{what}: raw {c:?} at byte {i} in:\n{out}");
    }
}

/// Fails if a line-oriented output holds anything [`Strictness::Display`] forbids.
fn assert_no_controls(out: &str, what: &str) {
    assert_clean(out, what, Strictness::Display);
}

// ---------------------------------------------------------------- concise

#[test]
fn concise_lists_every_fault_of_many_faults_exactly() {
    let (name, bytes) = fixture("parse/many-faults.sdp");
    let out = render_one(&name, &bytes, Format::Concise);
    insta::assert_snapshot!("concise_many_faults", out);
    assert_eq!(out.lines().count(), finding_count(&bytes));
}

#[test]
fn concise_matches_the_documented_example() {
    let (name, bytes) = fixture("parse/port-99999.sdp");
    let out = render_one("offer.sdp", &bytes, Format::Concise);
    assert_eq!(
        out,
        "offer.sdp:6:9: error[number-out-of-range] Port `99999` is out of range in `m=` [40004,32009,32102]\n",
        "{name}"
    );
}

#[test]
fn concise_sorts_by_input_then_position_and_maps_embedded_sdps_to_the_log() {
    // Two descriptions inside one log, the second with a fault, and a second
    // input; positions are the log's own lines.
    let sdp = std::fs::read(common::fixtures().join("parse/port-99999.sdp")).unwrap();
    let mut log = b"2024-05-01 12:00:00 INFO first\n".to_vec();
    let first = log.len();
    log.extend_from_slice(&sdp);
    let first_end = log.len();
    log.extend_from_slice(b"2024-05-01 12:00:01 INFO second\n");
    let second = log.len();
    log.extend_from_slice(&sdp);
    let index = LineIndex::new(&log);
    let (a, b) = (sdpcheck::check(&log[first..first_end]), sdpcheck::check(&log[second..]));
    let other = sdpcheck::check(&sdp);
    let other_index = LineIndex::new(&sdp);
    let entry = |number, source, text, index, offset, report| Entry {
        number,
        source,
        text,
        index,
        base: 0,
        offset,
        map: None,
        role: None,
        session: None,
        unpaired: false,
        report,
        quoted: false,
    };
    let entries = [
        entry(0, "z-first.sdp", &sdp[..], &other_index, 0, &other),
        entry(1, "call.log", &log[..], &index, second, &b),
        entry(2, "call.log", &log[..], &index, first, &a),
    ];
    let out = render(Format::Concise, &entries, &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    // Inputs in the order given, and by position within the log.
    assert!(lines[0].starts_with("z-first.sdp:6:9: error[number-out-of-range]"), "{out}");
    assert!(lines[1].starts_with("call.log:7:9: error[number-out-of-range]"), "{out}");
    assert!(lines[2].starts_with("call.log:20:9: error[number-out-of-range]"), "{out}");
}

#[test]
fn concise_escapes_control_characters_from_the_input() {
    // ESC, a lone CR and DEL inside values that messages quote, and a file
    // name with a newline in it.
    let sdp = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n\
m=audio 9\x1b[2J9 RTP/AVP 0\r\nx=\x7f\x1b]0;pwned\x07\r\na=mid:\x1b[31m\rx\r\n";
    let out = render_one("evil\nname.sdp", sdp, Format::Concise);
    assert_no_controls(&out, "concise");
    assert_eq!(out.lines().count(), finding_count(sdp), "{out}");
    assert!(out.lines().all(|l| l.starts_with("evil⟨U+000A⟩name.sdp:")), "{out}");
    assert!(out.contains("⟨U+001B⟩"), "ESC is shown escaped:\n{out}");
}

// ---------------------------------------------------------------- JSON lines

#[test]
fn json_lines_hold_exactly_the_json_documents_diagnostics() {
    let cases: Vec<(String, Vec<u8>)> =
        ["parse/many-faults.sdp", "parse/nul-byte.sdp", "parse/lone-cr.sdp", "parse/bom.sdp"]
            .into_iter()
            .map(fixture)
            .collect();
    for (name, bytes) in &cases {
        let lines = render_one(name, bytes, Format::JsonLines);
        let doc: Value = serde_json::from_str(&render_one(name, bytes, Format::Json)).unwrap();
        let objects: Vec<Value> = lines
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
            .collect();
        assert_same_diagnostics(&doc, objects, name);
    }
    // A pair: its findings sit on the answer, offer labels point into the offer.
    let ((on, ob), (an, ab)) = pair_fixture("SDP5003", "fail_pcma_trunk_answers_freeswitch");
    let lines = render_pair((&on, &ob), (&an, &ab), Format::JsonLines);
    let doc: Value =
        serde_json::from_str(&render_pair((&on, &ob), (&an, &ab), Format::Json)).unwrap();
    let objects: Vec<Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(objects.iter().any(|o| o["rule"] == "no-common-codec" && o["sdp"] == 1), "{lines}");
    assert!(
        objects.iter().any(|o| o["labels"].as_array().unwrap().iter().any(|l| l["sdp"] == 0)),
        "an offer-side label:\n{lines}"
    );
    assert_same_diagnostics(&doc, objects, "pair");
}

/// `objects` are the diagnostics of `doc`, field for field (order aside).
fn assert_same_diagnostics(doc: &Value, mut objects: Vec<Value>, what: &str) {
    let mut expected = doc["diagnostics"].as_array().unwrap().clone();
    let key =
        |v: &Value| (v["sdp"].as_u64(), v["offset"].as_u64(), v["code"].to_string(), v.to_string());
    expected.sort_by_key(key);
    objects.sort_by_key(key);
    assert_eq!(objects, expected, "{what}");
    for o in &objects {
        let keys: Vec<&str> = o.as_object().unwrap().keys().map(String::as_str).collect();
        for field in [
            "rule", "severity", "codes", "message", "help", "sdp", "source", "line", "column",
            "offset", "length",
        ] {
            assert!(keys.contains(&field), "{what}: no `{field}` in {o}");
        }
    }
}

#[test]
fn json_lines_is_empty_without_findings() {
    let (name, bytes) = fixture("valid/asterisk/sip-g711.offer.sdp");
    assert_eq!(render_one(&name, &bytes, Format::JsonLines), "");
    assert_eq!(render_one(&name, &bytes, Format::Concise), "");
    assert_eq!(render_one(&name, &bytes, Format::Github), "");
    let log = valid_sarif(&render_one(&name, &bytes, Format::Sarif), &name);
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
}

// ---------------------------------------------------------------- SARIF

#[test]
fn sarif_is_valid_and_describes_the_tool_and_its_rules() {
    let (name, bytes) = fixture("parse/many-faults.sdp");
    let log = valid_sarif(&render_one(&name, &bytes, Format::Sarif), &name);
    let (schema, _) = sarif_validator();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["$schema"], schema["id"], "$schema names the vendored schema");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "sdpcheck");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), RULES.len(), "every rule of the registry");
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "rules sorted by code, no duplicate");
    for rule in rules {
        let meta = RULES.iter().find(|m| m.code == rule["id"]).unwrap();
        assert_eq!(rule["name"], meta.name);
        assert_eq!(rule["shortDescription"]["text"], meta.summary());
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty(), "{rule}");
        assert_eq!(rule["help"]["markdown"], meta.documentation());
        let level = match meta.severity {
            sdpcheck::Severity::Error => "error",
            sdpcheck::Severity::Warning => "warning",
            sdpcheck::Severity::Advice => "note",
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level);
        let codes: Vec<u64> = meta.field_codes.iter().map(|c| u64::from(c.number())).collect();
        assert_eq!(rule["properties"]["fieldCodes"], serde_json::json!(codes));
        assert!(!rule["properties"]["profiles"].as_array().unwrap().is_empty());
    }

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), finding_count(&bytes));
    for r in results {
        let index = usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], r["ruleId"], "ruleIndex points at the rule");
        let location = &r["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "fixtures/parse/many-faults.sdp");
        assert!(r["properties"]["fieldCodes"].is_array(), "{r}");
        assert_eq!(r["properties"]["sdp"], 0);
    }
}

#[test]
fn sarif_regions_agree_with_concise_positions_and_bytes() {
    let (name, bytes) = fixture("parse/many-faults.sdp");
    let log = valid_sarif(&render_one(&name, &bytes, Format::Sarif), &name);
    let concise = render_one(&name, &bytes, Format::Concise);
    let results = log["runs"][0]["results"].as_array().unwrap();
    for (r, line) in results.iter().zip(concise.lines()) {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        let at = format!("{name}:{}:{}: ", region["startLine"], region["startColumn"]);
        assert!(line.starts_with(&at), "{line} vs {region}");
        // The byte range holds what the columns say (ASCII lines here).
        let (start, len) =
            (region["byteOffset"].as_u64().unwrap(), region["byteLength"].as_u64().unwrap());
        if region["startLine"] == region["endLine"] {
            let width =
                region["endColumn"].as_u64().unwrap() - region["startColumn"].as_u64().unwrap();
            assert_eq!(width, len, "{region}");
        }
        assert!(usize::try_from(start + len).unwrap() <= bytes.len());
    }
    // The port `70000` of `m=audio 70000`: line 8, columns 9..14 (end exclusive).
    let port = results
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["region"])
        .find(|g| g["startLine"] == 8)
        .unwrap();
    assert_eq!(
        (port["startColumn"].as_u64(), port["endColumn"].as_u64()),
        (Some(9), Some(14)),
        "{port}"
    );
    assert_eq!(port["byteLength"], 5);
}

#[test]
fn sarif_columns_count_code_points() {
    // `s=Café` then a bad `c=` address after a multi-byte character on the
    // same line is not possible; put the multi-byte text before the fault.
    let sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\ni=Café ☎\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 99999 RTP/AVP 0\r\n"
        .as_bytes();
    let log = valid_sarif(&render_one("utf8.sdp", sdp, Format::Sarif), "utf8");
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 7);
    assert_eq!(region["startColumn"], 9);
    // Same input with the fault after the non-ASCII text on its line.
    let sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\né☎=x\r\n"
        .as_bytes();
    let log = valid_sarif(&render_one("utf8.sdp", sdp, Format::Sarif), "utf8");
    for r in log["runs"][0]["results"].as_array().unwrap() {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        if region["startLine"] == 8 && region["byteLength"].as_u64() > Some(0) {
            // `é☎=x` is 4 code points in 6 bytes: columns count code points.
            let columns =
                region["endColumn"].as_u64().unwrap() - region["startColumn"].as_u64().unwrap();
            assert!(columns < region["byteLength"].as_u64().unwrap(), "{region}");
        }
    }
}

#[test]
fn sarif_pair_findings_relate_offer_locations_in_the_offers_artifact() {
    for (code, stem) in [
        ("SDP5003", "fail_pcma_trunk_answers_freeswitch"),
        ("SDP5004", "fail_sbc_puts_g729_first"),
        ("SDP5002", "fail_sections_swapped"),
    ] {
        let ((on, ob), (an, ab)) = pair_fixture(code, stem);
        let log = valid_sarif(&render_pair((&on, &ob), (&an, &ab), Format::Sarif), stem);
        let results = log["runs"][0]["results"].as_array().unwrap();
        let pair: Vec<&Value> = results.iter().filter(|r| r["ruleId"] == code).collect();
        assert!(!pair.is_empty(), "{stem}: no {code} result");
        for r in pair {
            assert_eq!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], an);
            assert_eq!(r["properties"]["sdp"], 1, "reported on the answer");
            let related = r["relatedLocations"].as_array();
            let uris: Vec<&Value> = related
                .into_iter()
                .flatten()
                .map(|l| &l["physicalLocation"]["artifactLocation"]["uri"])
                .collect();
            assert!(uris.iter().any(|u| **u == on), "{stem}: no offer-side location in {r}");
        }
    }
}

#[test]
fn sarif_artifact_for_stdin_is_a_relative_reference() {
    let (_, bytes) = fixture("parse/port-99999.sdp");
    let log = valid_sarif(&render_one("<stdin>", &bytes, Format::Sarif), "stdin");
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "stdin");
}

#[test]
fn the_schema_rejects_what_it_should() {
    // The validator is live, formats included: a broken log fails it.
    let (_, validator) = sarif_validator();
    let bad = serde_json::json!({
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x", "informationUri": "not a uri"}},
                  "columnKind": "bytes",
                  "results": [{"message": {"text": "m"}, "level": "advice"}]}]
    });
    let errors: Vec<String> = validator.iter_errors(&bad).map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

// ---------------------------------------------------------------- GitHub

/// One workflow command as the Actions runner parses a stdout line
/// (`ActionCommand.TryParseV2`): `::name k=v,k=v::data`, with properties
/// and data unescaped.
#[derive(Debug)]
struct Command {
    name: String,
    properties: Vec<(String, String)>,
    data: String,
}

fn parse_command(line: &str) -> Option<Command> {
    let rest = line.strip_prefix("::")?;
    let end = rest.find("::")?;
    let (info, data) = (&rest[..end], &rest[end + 2..]);
    let (name, props) = info.split_once(' ').unwrap_or((info, ""));
    let unescape = |s: &str, property: bool| {
        let mut s = s.replace("%0D", "\r").replace("%0A", "\n");
        if property {
            s = s.replace("%3A", ":").replace("%2C", ",");
        }
        s.replace("%25", "%")
    };
    let properties = props
        .split(',')
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.to_owned(), unescape(v, true)))
        .collect();
    Some(Command { name: name.to_owned(), properties, data: unescape(data, false) })
}

#[test]
fn github_commands_carry_position_title_and_level() {
    let (_, bytes) = fixture("parse/port-99999.sdp");
    let out = render_one("offer.sdp", &bytes, Format::Github);
    assert_eq!(
        out,
        "::error file=offer.sdp,line=6,col=9,endLine=6,endColumn=14,\
title=number-out-of-range [40004%2C32009%2C32102]::Port `99999` is out of range in `m=`\n"
    );
    let cmd = parse_command(out.trim_end()).unwrap();
    assert_eq!(cmd.name, "error");
    let title = cmd.properties.iter().find(|(k, _)| k == "title").map(|(_, v)| v.as_str());
    assert_eq!(title, Some("number-out-of-range [40004,32009,32102]"));
}

#[test]
fn github_levels_map_warning_and_advice() {
    // Advice (ptime mismatch, a pair rule) and a warning (host-only candidates).
    let ((on, ob), (an, ab)) = pair_fixture("SDP5014", "fail_g729_30_answered_20");
    let out = render_pair((&on, &ob), (&an, &ab), Format::Github);
    assert!(out.lines().any(|l| l.starts_with("::notice file=")), "{out}");
    let (name, bytes) = fixture("rules/SDP3001/fail_chrome_no_stun_server.sdp");
    let out = render_one(&name, &bytes, Format::Github);
    assert!(out.lines().any(|l| l.starts_with("::warning file=")), "{out}");
}

#[test]
fn github_output_cannot_be_injected_from_the_input() {
    // `::` and `,`/`=` in values the messages quote, a lone CR (a finding of
    // its own), ESC, and a file name that tries every trick.
    let sdp = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 ::error::pwned\r\nt=0 0\r\n\
m=audio 9::warning file=x,line=1::y RTP/AVP 0\r\nx=::error title=a,b::c\r\n\
a=rtpmap:0 PCMU/8000\rz=::notice::lone-cr\r\na=mid:%0A::error::encoded\x1b[2J\r\n";
    let source = "evil,line=1::error file=x::y%0A\r\n::warning::z.sdp";
    let out = render_one(source, sdp, Format::Github);
    let findings = finding_count(sdp);
    assert!(findings >= 4, "the input has several faults:\n{out}");
    assert_no_controls(&out, "github");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), findings, "one command per finding, one line each:\n{out}");
    let report = sdpcheck::check(sdp);
    for line in &lines {
        let cmd = parse_command(line).unwrap_or_else(|| panic!("not a command: {line}"));
        assert!(["error", "warning", "notice"].contains(&cmd.name.as_str()), "{line}");
        let keys: Vec<&str> = cmd.properties.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["file", "line", "col", "endLine", "endColumn", "title"], "{line}");
        // The name comes back exactly, in `file`: the runner decodes the
        // `%`-escapes of CR and LF.
        assert_eq!(cmd.properties[0].1, source);
        for (k, v) in &cmd.properties[1..5] {
            assert!(v.parse::<usize>().is_ok(), "{k}={v} in {line}");
        }
        // The message comes back as the finding's message, escapes aside.
        assert!(
            report.findings().iter().any(|f| cmd.data == escape_visible(f.message())),
            "message altered: {:?}",
            cmd.data
        );
    }
    assert!(out.contains("::error::pwned"), "the quoted `::` stays inside a message:\n{out}");
}

/// What the renderers do to control characters before format escaping.
fn escape_visible(text: &str) -> String {
    // A finding's message holds no CR or LF (values cannot), so the
    // data form is the people form of every unsafe character.
    let mut out = String::new();
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "⟨U+{:04X}⟩", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------- every format, hostile inputs

/// Every file of `fixtures/parse`, plus inputs built to hold every kind of
/// control character inside quoted values.
fn hostile_inputs() -> Vec<(String, Vec<u8>)> {
    let mut inputs: Vec<(String, Vec<u8>)> = common::sdp_files(&common::fixtures().join("parse"))
        .into_iter()
        .map(|p: PathBuf| {
            let bytes = std::fs::read(&p).unwrap();
            (p.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().display().to_string(), bytes)
        })
        .collect();
    for name in ["nul-byte.sdp", "lone-cr.sdp", "invalid-utf8.sdp", "bom.sdp"] {
        assert!(inputs.iter().any(|(n, _)| n.ends_with(name)), "fixture {name} is missing");
    }
    let mut every =
        b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.\x1b1\r\nt=0 0\r\n".to_vec();
    for c in (0u8..0x20).chain([0x7f]) {
        every.extend_from_slice(b"x=v");
        every.push(c);
        every.extend_from_slice(b"v\r\n");
    }
    every.extend_from_slice(
        "m=audio 9\u{85}\u{9b}\u{2028}\u{2029}\u{202e}\u{2066}\u{feff} RTP/AVP 0\r\n".as_bytes(),
    );
    every.extend_from_slice(b"a=mid:\xff\xfe\xc2\r\n");
    inputs.push(("every control\t\x1b[0m.sdp".to_owned(), every));
    inputs
}

#[test]
fn every_format_reparses_and_holds_no_raw_control_character_on_hostile_inputs() {
    for (name, bytes) in hostile_inputs() {
        let findings = finding_count(&bytes);
        for (format, kind) in FORMATS {
            let out = render_one(&name, &bytes, kind);
            let what = format!("{format} of {name}");
            // `json.rs` serialises with plain `serde_json`, which leaves DEL,
            // C1 and U+2028/U+2029 raw; it can adopt `render::common`'s
            // writer to meet the stricter bar.
            let strictness = match format {
                "json" => Strictness::C0,
                "sarif" | "json-lines" => Strictness::Controls,
                _ => Strictness::Display,
            };
            assert_clean(&out, &what, strictness);
            match format {
                "json" => {
                    let doc: Value =
                        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{what}: {e}"));
                    assert_eq!(
                        doc["diagnostics"].as_array().map(Vec::len),
                        Some(findings),
                        "{what}"
                    );
                }
                "sarif" => {
                    let log = valid_sarif(&out, &what);
                    assert_eq!(
                        log["runs"][0]["results"].as_array().map(Vec::len),
                        Some(findings),
                        "{what}"
                    );
                }
                "json-lines" => {
                    for line in out.lines() {
                        let v: Value = serde_json::from_str(line)
                            .unwrap_or_else(|e| panic!("{what}: {e}: {line}"));
                        assert!(v.is_object(), "{what}");
                    }
                    assert_eq!(out.lines().count(), findings, "{what}");
                }
                "github" => {
                    assert_eq!(out.lines().count(), findings, "{what}");
                    assert!(out.lines().all(|l| parse_command(l).is_some()), "{what}:\n{out}");
                }
                _ => assert_eq!(out.lines().count(), findings, "{what}:\n{out}"),
            }
        }
    }
}

#[test]
fn every_rule_fixture_renders_valid_sarif() {
    // Broad schema coverage: every fixture of every rule, single and pair.
    let root = common::fixtures().join("rules");
    let mut checked = 0;
    for path in common::sdp_files(&root) {
        let name = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().display().to_string();
        if name.ends_with(".answer.sdp") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let out = match name.strip_suffix(".offer.sdp") {
            Some(stem) => {
                let answer_name = format!("{stem}.answer.sdp");
                let answer =
                    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(&answer_name))
                        .unwrap();
                render_pair((&name, &bytes), (&answer_name, &answer), Format::Sarif)
            }
            None => render_one(&name, &bytes, Format::Sarif),
        };
        valid_sarif(&out, &name);
        checked += 1;
    }
    assert!(checked > 50, "only {checked} fixtures");
}
