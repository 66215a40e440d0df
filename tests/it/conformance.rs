//! sdpcheck's predictions against real stacks' verdicts (issue 14).
//!
//! Every table in `conformance/verdicts/*.json` records what a real stack
//! (Chromium, Firefox, a SIP stack) did with each fixture; the harnesses in
//! `conformance/` make them (see conformance/README.md). This test needs no
//! stack: it reads the tables, runs the library on each fixture with the
//! options that model the stack, and fails on every fixture where sdpcheck's
//! prediction ("this stack rejects it") disagrees with the stack's verdict,
//! unless `conformance/known-differences.toml` (or a
//! `conformance/*/known-differences.toml`) lists it with a reason. A listed
//! difference that no longer occurs fails too, so the list only shrinks.
//!
//! Run with `-- --nocapture` to see each stack's confusion matrix.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use sdpcheck::{Finding, Options, ProfileChoice, Severity, Stack};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Whether sdpcheck's `findings` claim that `stack` rejects the SDP.
///
/// An error finding whose `stacks` names the stack predicts that it refuses
/// the description (browsers: issue 14, part 3; SIP stacks: issue 18).
fn predicts_reject(findings: &[Finding], stack: &str) -> bool {
    stack.parse::<Stack>().is_ok_and(|named| {
        findings.iter().any(|f| f.severity() == Severity::Error && f.rejected_by(named))
    })
}

/// One `[[difference]]` of a known-differences file.
#[derive(Debug)]
struct Known {
    fixture: String,
    stack: String,
    mode: String,
    file: String,
    used: bool,
}

impl Known {
    fn covers(&self, fixture: &str, stack: &str, mode: &str) -> bool {
        self.fixture == fixture
            && (self.stack == "*" || self.stack == stack)
            && (self.mode == "*" || self.mode == mode)
    }
}

/// `conformance/known-differences.toml` and every
/// `conformance/*/known-differences.toml`.
fn known_differences(problems: &mut Vec<String>) -> Vec<Known> {
    let dir = root().join("conformance");
    let mut files = vec![dir.join("known-differences.toml")];
    let mut subdirs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    subdirs.sort();
    files.extend(subdirs.into_iter().map(|d| d.join("known-differences.toml")));
    let mut out = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let name = path.strip_prefix(root()).unwrap_or(&path).display().to_string();
        let doc: toml::Table = match toml::from_str(&text) {
            Ok(doc) => doc,
            Err(e) => {
                problems.push(format!("{name}: not valid TOML: {e}"));
                continue;
            }
        };
        let entries = doc.get("difference").and_then(|d| d.as_array()).cloned().unwrap_or_default();
        for (i, entry) in entries.iter().enumerate() {
            let field = |key: &str| entry.get(key).and_then(|v| v.as_str()).map(str::to_owned);
            let (Some(fixture), Some(stack), Some(mode), Some(reason)) =
                (field("fixture"), field("stack"), field("mode"), field("reason"))
            else {
                problems.push(format!(
                    "{name}: difference #{} needs the strings fixture, stack, mode and reason",
                    i + 1
                ));
                continue;
            };
            if reason.trim().is_empty() {
                problems.push(format!("{name}: {fixture} ({stack}, {mode}) has an empty reason"));
            }
            out.push(Known { fixture, stack, mode, file: name.clone(), used: false });
        }
    }
    out
}

/// The options that model `mode` of a table: `--profile webrtc` for a
/// browser; `--profile sip` plus the config's `require_codec` for a SIP
/// mode `offer@<config>`.
fn options_for(table: &Value, mode: &str) -> Result<Options, String> {
    let mut options = Options::default();
    match table["kind"].as_str() {
        Some("browser") => {
            options.profile = ProfileChoice::WebRtc;
            // The harness applies it as the remote answer.
            if mode == "answer" {
                options.role = sdpcheck::Role::Answer;
            }
        }
        Some("sip") => {
            options.profile = ProfileChoice::Sip;
            let config = mode.split_once('@').map(|(_, c)| c).unwrap_or_default();
            let codecs = table["configs"][config]["require_codec"]
                .as_array()
                .ok_or_else(|| format!("mode `{mode}` has no `configs.{config}.require_codec`"))?;
            for codec in codecs {
                let name = codec.as_str().ok_or("require_codec holds a non-string")?;
                options.required_codecs.push(name.parse().map_err(|e| format!("{e}"))?);
            }
        }
        other => return Err(format!("unknown kind {other:?}")),
    }
    Ok(options)
}

/// What a verdict entry says, or `None` when it does not count: a stand-in
/// rejection (the harness's offer, not the SDP, was at fault) or a harness
/// `error`. A hang counts as a rejection: the stack did not apply it.
fn rejected(entry: &Value) -> Result<Option<bool>, String> {
    if entry["standin"].as_bool() == Some(true) {
        return Ok(None);
    }
    match entry["verdict"].as_str() {
        Some("accept") => Ok(Some(false)),
        Some("reject" | "hang") => Ok(Some(true)),
        Some("error") => Ok(None),
        other => Err(format!("unknown verdict {other:?}")),
    }
}

/// True positives, misses, false alarms, true negatives.
#[derive(Default)]
struct Matrix {
    tp: usize,
    miss: usize,
    false_alarm: usize,
    tn: usize,
}

/// Every `.sdp` under the fixture directories the browser tables cover.
fn browser_fixtures() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["valid", "parse", "rules", "demo"] {
        for path in super::common::sdp_files(&super::common::fixtures().join(dir)) {
            let rel = path.strip_prefix(root()).unwrap_or(&path);
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out
}

/// Each stack's and mode's confusion matrix, shown with `--nocapture`
/// (conformance/README.md records them).
#[expect(clippy::print_stderr, reason = "the matrix is the test's report, shown with --nocapture")]
fn print_matrices(matrices: &BTreeMap<String, Matrix>) {
    for (name, m) in matrices {
        eprintln!("{name}: TP {} miss {} false alarm {} TN {}", m.tp, m.miss, m.false_alarm, m.tn);
    }
}

#[test]
fn predictions_match_real_stacks() {
    let mut problems = Vec::new();
    let mut known = known_differences(&mut problems);
    let mut tables: Vec<PathBuf> = std::fs::read_dir(root().join("conformance/verdicts"))
        .expect("conformance/verdicts/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    tables.sort();
    assert!(!tables.is_empty(), "no tables in conformance/verdicts/");
    let mut disagreements = Vec::new();
    let mut matrices = BTreeMap::new();
    for path in &tables {
        let text = std::fs::read_to_string(path).unwrap();
        let table: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not valid JSON: {e}", path.display()));
        let stack = table["stack"].as_str().unwrap_or_default().to_owned();
        // The versions findings report (`sdpcheck::Stack::verified_version`)
        // are the ones the tables were made with.
        match stack.parse::<sdpcheck::Stack>() {
            Ok(known) if table["version"] != known.verified_version() => problems.push(format!(
                "{}: version {} but sdpcheck::Stack::verified_version says {}",
                path.display(),
                table["version"],
                known.verified_version()
            )),
            Ok(_) => {}
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
        let Some(cases) = table["cases"].as_object() else {
            problems.push(format!("{}: no `cases` object", path.display()));
            continue;
        };
        if table["kind"] == "browser" {
            for fixture in browser_fixtures() {
                if cases.get(&fixture).is_none_or(|c| c.get("offer").is_none()) {
                    problems.push(format!(
                        "{fixture}: not in {stack}'s table (run bash conformance/browsers/run.sh --update)"
                    ));
                }
            }
        }
        for (fixture, modes) in cases {
            let Ok(bytes) = std::fs::read(root().join(fixture)) else {
                problems.push(format!("{fixture}: in {stack}'s table but not in the tree"));
                continue;
            };
            for (mode, entry) in modes.as_object().into_iter().flatten() {
                let real = match rejected(entry) {
                    Ok(Some(real)) => real,
                    Ok(None) => continue,
                    Err(e) => {
                        problems.push(format!("{fixture} ({stack}, {mode}): {e}"));
                        continue;
                    }
                };
                let options = match options_for(&table, mode) {
                    Ok(o) => o,
                    Err(e) => {
                        problems.push(format!("{stack}: {e}"));
                        continue;
                    }
                };
                // An answer is judged on its own: the stand-in offer it was
                // applied to is not the fixture's offer.
                let report = sdpcheck::check_with(&bytes, &options);
                let predicted = predicts_reject(report.findings(), &stack);
                let m: &mut Matrix = matrices.entry(format!("{stack} {mode}")).or_default();
                match (predicted, real) {
                    (true, true) => m.tp += 1,
                    (false, true) => m.miss += 1,
                    (true, false) => m.false_alarm += 1,
                    (false, false) => m.tn += 1,
                }
                if predicted == real {
                    continue;
                }
                if let Some(k) = known.iter_mut().find(|k| k.covers(fixture, &stack, mode)) {
                    k.used = true;
                    continue;
                }
                let mut errors: Vec<&str> = report
                    .findings()
                    .iter()
                    .filter(|f| f.severity() == Severity::Error)
                    .map(Finding::name)
                    .collect();
                errors.dedup();
                let said = entry["message"]
                    .as_str()
                    .or_else(|| entry["reason"].as_str())
                    .unwrap_or_default();
                disagreements.push(if real {
                    format!(
                        "{fixture} ({stack}, {mode}): MISS: {stack} rejects ({said}), sdpcheck reports no error"
                    )
                } else {
                    format!(
                        "{fixture} ({stack}, {mode}): FALSE ALARM: {stack} accepts, sdpcheck reports {}",
                        errors.join(", ")
                    )
                });
            }
        }
    }
    print_matrices(&matrices);
    let stacks: Vec<String> =
        matrices.keys().map(|k| k.split(' ').next().unwrap_or_default().to_owned()).collect();
    for k in known.iter().filter(|k| !k.used) {
        if k.stack == "*" || stacks.contains(&k.stack) {
            problems.push(format!(
                "{}: {} ({}, {}) is listed as a known difference but sdpcheck now agrees: remove it",
                k.file, k.fixture, k.stack, k.mode
            ));
        }
    }
    let mut message = String::new();
    if !disagreements.is_empty() {
        let _ = writeln!(
            message,
            "{} disagreements with real stacks (fix the rule, or list them in conformance/known-differences.toml with a reason):",
            disagreements.len()
        );
        for d in &disagreements {
            let _ = writeln!(message, "  {d}");
        }
    }
    for p in &problems {
        let _ = writeln!(message, "  {p}");
    }
    assert!(message.is_empty(), "{message}");
}
