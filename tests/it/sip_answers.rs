//! Offer/answer against a real answerer (issue 18, part 6).
//!
//! For every `offer@CONFIG` case of the SIP verdict tables
//! (`conformance/verdicts/{pjsip,baresip}.json`), sdpcheck is run with the
//! options that model the configuration (`--profile sip` plus its
//! `require_codec`):
//!
//! - where the stack refused (no 2xx), sdpcheck must predict it: an error
//!   finding whose `stacks` names that stack (or the case is listed in
//!   `conformance/sip/known-differences.toml`, which the conformance test
//!   keeps exact);
//! - where it answered 200, the real answer the harness saved
//!   (`conformance/sip/answers/<stack>/<config>/<fixture, / as __>`) is
//!   paired with the fixture: for every m= line, the codecs of the real
//!   answer (`answer_codecs`, telephone-event apart) must be the first
//!   codecs sdpcheck's negotiation lists, and sdpcheck must report no pair
//!   error on that real pair.
//!
//! Exceptions: `conformance/sip/answer-exceptions.toml`, each with a reason;
//! an exception that no longer applies fails the test.

use std::path::{Path, PathBuf};

use serde_json::Value;

use sdpcheck::{Options, ProfileChoice, Severity, Stack};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// `(fixture, stack, mode)` entries of a TOML list of tables named `key`,
/// each with a non-empty `reason`.
fn listed(file: &str, key: &str, problems: &mut Vec<String>) -> Vec<(String, String, String)> {
    let Ok(text) = std::fs::read_to_string(root().join(file)) else { return Vec::new() };
    let doc: toml::Table = match toml::from_str(&text) {
        Ok(doc) => doc,
        Err(e) => {
            problems.push(format!("{file}: not valid TOML: {e}"));
            return Vec::new();
        }
    };
    let entries = doc.get(key).and_then(|d| d.as_array()).cloned().unwrap_or_default();
    let mut out = Vec::new();
    for entry in entries {
        let field = |k: &str| entry.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        if field("reason").trim().is_empty() {
            problems.push(format!(
                "{file}: {} ({}, {}) has no reason",
                field("fixture"),
                field("stack"),
                field("mode")
            ));
        }
        out.push((field("fixture"), field("stack"), field("mode")));
    }
    out
}

fn covers(
    list: &[(String, String, String)],
    fixture: &str,
    stack: &str,
    mode: &str,
) -> Option<usize> {
    list.iter()
        .position(|(f, s, m)| f == fixture && (s == "*" || s == stack) && (m == "*" || m == mode))
}

/// The options of a SIP configuration.
fn options(table: &Value, config: &str) -> Options {
    let mut options = Options::default();
    options.profile = ProfileChoice::Sip;
    for codec in table["configs"][config]["require_codec"].as_array().into_iter().flatten() {
        options.required_codecs.push(codec.as_str().unwrap().parse().unwrap());
    }
    options
}

#[test]
fn sdpcheck_predicts_real_sip_answers() {
    let mut problems = Vec::new();
    let known = listed("conformance/sip/known-differences.toml", "difference", &mut problems);
    let exceptions = listed("conformance/sip/answer-exceptions.toml", "exception", &mut problems);
    let mut used = vec![false; exceptions.len()];
    let (mut refused, mut answered) = (0, 0);
    for stack in [Stack::Pjsip, Stack::Baresip] {
        let path = root().join(format!("conformance/verdicts/{}.json", stack.name()));
        let table: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for (fixture, modes) in table["cases"].as_object().unwrap() {
            let offer = std::fs::read(root().join(fixture)).unwrap();
            for (mode, entry) in modes.as_object().unwrap() {
                let Some(config) = mode.strip_prefix("offer@") else { continue };
                let options = options(&table, config);
                let name = stack.name();
                match entry["verdict"].as_str() {
                    Some("reject" | "hang") => {
                        refused += 1;
                        let report = sdpcheck::check_with(&offer, &options);
                        let predicted = report
                            .findings()
                            .iter()
                            .any(|f| f.severity() == Severity::Error && f.rejected_by(stack));
                        if !predicted && covers(&known, fixture, name, mode).is_none() {
                            problems.push(format!(
                                "{fixture} ({name}, {mode}): {name} refused ({} {}), sdpcheck predicts no refusal by it",
                                entry["code"], entry["reason"]
                            ));
                        }
                    }
                    Some("accept") => {
                        answered += 1;
                        let answer_path = root()
                            .join("conformance/sip/answers")
                            .join(name)
                            .join(config)
                            .join(fixture.replace('/', "__"));
                        let answer = match std::fs::read(&answer_path) {
                            Ok(a) => a,
                            Err(e) => {
                                problems.push(format!("{}: {e}", answer_path.display()));
                                continue;
                            }
                        };
                        let pair = sdpcheck::check_pair_with(&offer, &answer, &options);
                        let negotiated: Vec<Vec<String>> = pair
                            .negotiation()
                            .media
                            .iter()
                            .map(|m| {
                                m.codecs
                                    .iter()
                                    .filter(|c| !c.name.eq_ignore_ascii_case("telephone-event"))
                                    .map(ToString::to_string)
                                    .collect()
                            })
                            .collect();
                        let real: Vec<Vec<String>> =
                            serde_json::from_value(entry["answer_codecs"].clone())
                                .unwrap_or_default();
                        let same = negotiated.len() == real.len()
                            && negotiated
                                .iter()
                                .zip(&real)
                                .all(|(n, r)| n.get(..r.len()) == Some(&r[..]));
                        let pair_errors: Vec<&str> = pair
                            .findings()
                            .iter()
                            .filter(|f| f.severity() == Severity::Error)
                            .map(sdpcheck::Finding::name)
                            .collect();
                        if same && pair_errors.is_empty() {
                            continue;
                        }
                        match covers(&exceptions, fixture, name, mode) {
                            Some(i) => used[i] = true,
                            None => problems.push(format!(
                                "{fixture} ({name}, {mode}): real answer {real:?}, sdpcheck negotiates {negotiated:?}, pair errors {pair_errors:?}"
                            )),
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    for (i, (f, s, m)) in exceptions.iter().enumerate() {
        if !used[i] {
            problems.push(format!(
                "conformance/sip/answer-exceptions.toml: {f} ({s}, {m}) now agrees: remove it"
            ));
        }
    }
    assert!(refused > 0 && answered > 0, "the SIP tables hold no offer cases");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
