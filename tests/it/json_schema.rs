//! `docs/sdpcheck.schema.json` describes what the binary really writes.
//!
//! Real `--format json`, `--format json-lines` and `rules --format json`
//! output, over inputs that exercise every part of the document (a pair,
//! a log with several SDPs, labels on both sides of a pair finding, an input
//! with no SDP), is validated twice: against the published schema (which
//! lets fields be added, as CONTRACT.md promises), and against a strict copy
//! where no object may hold a field the schema does not list, so a field
//! added to the output without a line in the schema fails here.

use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::sdpcheck;

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/sdpcheck.schema.json");
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    })
}

/// The schema with `additionalProperties: false` on every object that
/// lists its properties.
fn strict(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out: serde_json::Map<String, Value> =
                map.iter().map(|(k, v)| (k.clone(), strict(v))).collect();
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                out.insert("additionalProperties".to_owned(), Value::Bool(false));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(strict).collect()),
        other => other.clone(),
    }
}

/// The schema rooted at one of its `$defs` (for json-lines and rules).
fn rooted_at(schema: &Value, def: &str) -> Value {
    serde_json::json!({
        "$schema": schema["$schema"],
        "$defs": schema["$defs"],
        "$ref": format!("#/$defs/{def}"),
    })
}

fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::draft202012::options().build(schema).unwrap();
    validator.iter_errors(instance).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

/// Valid against the published schema and the strict copy.
fn assert_valid(def: Option<&str>, instance: &Value, what: &str) {
    let published = def.map_or_else(|| schema().clone(), |d| rooted_at(schema(), d));
    for (name, schema) in [("schema", published.clone()), ("strict schema", strict(&published))] {
        let errors = errors(&schema, instance);
        assert!(errors.is_empty(), "{what}: not valid against the {name}:\n{}", errors.join("\n"));
    }
}

fn run(args: &[&str], status: i32) -> String {
    let out = sdpcheck().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(status), "sdpcheck {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Inputs that between them fill every array and every optional field.
const CASES: &[(&[&str], i32)] = &[
    (&["fixtures/demo/broken-offer.sdp"], 1),
    (
        &[
            "--offer",
            "fixtures/rules/SDP5003/fail_pcma_trunk_answers_freeswitch.offer.sdp",
            "--answer",
            "fixtures/rules/SDP5003/fail_pcma_trunk_answers_freeswitch.answer.sdp",
        ],
        1,
    ),
    (
        &[
            "fixtures/valid/chrome/audio-video-data.offer.sdp",
            "fixtures/valid/chrome/audio-video-data.answer.sdp",
        ],
        0,
    ),
    (&["fixtures/logs/asterisk-full.log", "fixtures/logs/webrtc-internals.json"], 0),
    (&["fixtures/logs/README.md"], 2),
];

#[test]
fn json_output_matches_the_schema() {
    let mut seen = (0, 0, 0, 0);
    for (args, status) in CASES {
        let mut full = vec!["--format", "json"];
        full.extend_from_slice(args);
        let text = run(&full, *status);
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{text}"));
        assert_valid(None, &doc, &format!("--format json {args:?}"));
        seen.0 += doc["sdps"].as_array().map_or(0, Vec::len);
        seen.1 += doc["pairs"].as_array().map_or(0, Vec::len);
        seen.2 += doc["diagnostics"].as_array().map_or(0, Vec::len);
        seen.3 += doc["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["labels"].as_array().is_some_and(|l| !l.is_empty()))
            .count();
    }
    // The cases really fill every array the schema describes.
    assert!(seen.0 >= 6 && seen.1 >= 2 && seen.2 >= 4 && seen.3 >= 1, "{seen:?}");
}

#[test]
fn json_lines_output_matches_the_diagnostic_schema() {
    let mut lines = 0;
    for (args, status) in CASES {
        let mut full = vec!["--format", "json-lines"];
        full.extend_from_slice(args);
        for line in run(&full, *status).lines() {
            let object: Value = serde_json::from_str(line).unwrap();
            assert_valid(Some("diagnostic"), &object, &format!("--format json-lines {args:?}"));
            lines += 1;
        }
    }
    assert!(lines >= 4, "only {lines} json-lines objects");
}

#[test]
fn rules_json_matches_the_schema() {
    let rules: Value = serde_json::from_str(&run(&["rules", "--format", "json"], 0)).unwrap();
    assert_eq!(rules.as_array().map(Vec::len), Some(sdpcheck::registry::RULES.len()));
    assert_valid(Some("rules"), &rules, "rules --format json");
}

#[test]
fn the_schema_rejects_what_the_contract_forbids() {
    // The validation above can fail: a document missing a promised field,
    // or with a wrong type or an unknown severity, is refused.
    let text = run(&["--format", "json", "fixtures/demo/broken-offer.sdp"], 1);
    let good: Value = serde_json::from_str(&text).unwrap();
    let broken: [fn(&mut Value); 4] = [
        |d| drop(d["diagnostics"][0].as_object_mut().unwrap().remove("code")),
        |d| d["diagnostics"][0]["severity"] = "fatal".into(),
        |d| d["sdps"][0]["line"] = 0.into(),
        |d| drop(d.as_object_mut().unwrap().remove("summary")),
    ];
    for (i, damage) in broken.iter().enumerate() {
        let mut doc = good.clone();
        damage(&mut doc);
        assert!(!errors(schema(), &doc).is_empty(), "damaged document {i} passed the schema");
    }
    // An added field passes the published schema (fields may be added) and
    // fails the strict copy (the schema must then list it).
    let mut doc = good;
    doc["diagnostics"][0]["new_field"] = true.into();
    assert!(errors(schema(), &doc).is_empty());
    assert!(!errors(&strict(schema()), &doc).is_empty());
}

#[test]
fn every_field_code_of_the_registry_is_in_the_schema() {
    let listed: Vec<u64> = schema()["$defs"]["fieldCode"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    let registry: Vec<u64> =
        sdpcheck::FieldCode::ALL.iter().map(|c| u64::from(c.number())).collect();
    assert_eq!(listed, registry);
}
