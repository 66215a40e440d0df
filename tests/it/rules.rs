//! Data-driven rule tests over `fixtures/rules/<CODE>/`.
//!
//! oxc's Tester semantics over ruff-style fixture files: every `fail_*`
//! must yield at least one finding of that rule, every `pass_*` none of it.
//! All failures are collected, then asserted once. Each `fail_*` fixture's
//! complete findings (position, severity, code, name, field codes, message)
//! are snapshot-tested, so the exact line and column are asserted too.
//!
//! A rule directory may hold an `args` file with the options its fixtures
//! need (`--profile webrtc`, `--require-codec pcma`), as on the command line.

use super::common;

use std::path::Path;

use std::fmt::Write as _;

use sdpcheck::registry::RuleKind;
use sdpcheck::render::human::{
    HumanOptions, Side, negotiation_table, render_pair, render_to_string,
};
use sdpcheck::source::LineIndex;
use sdpcheck::{LabelSource, Options, ProfileChoice, RuleId};

/// The options in `<dir>/args`, or the defaults.
pub(crate) fn options_for(dir: &Path) -> Options {
    let mut options = Options::default();
    let Ok(args) = std::fs::read_to_string(dir.join("args")) else { return options };
    let mut words = args.split_whitespace();
    while let Some(flag) = words.next() {
        let value =
            words.next().unwrap_or_else(|| panic!("{}: `{flag}` needs a value", dir.display()));
        match flag {
            "--profile" => {
                options.profile = match value {
                    "webrtc" => ProfileChoice::WebRtc,
                    "sip" => ProfileChoice::Sip,
                    _ => ProfileChoice::Auto,
                }
            }
            "--require-codec" => options.required_codecs.push(value.parse().unwrap()),
            "--role" => {
                options.role = match value {
                    "answer" => sdpcheck::Role::Answer,
                    "offer" => sdpcheck::Role::Offer,
                    _ => sdpcheck::Role::Unknown,
                }
            }
            // A rule off by default runs only when selected.
            "--select" => {
                options.selection = sdpcheck::Selection::new(&[value.parse().unwrap()], &[]);
            }
            _ => panic!("{}: unknown flag `{flag}` in args", dir.display()),
        }
    }
    options
}

#[test]
fn every_rule_fires_on_fail_and_stays_quiet_on_pass() {
    let root = common::fixtures().join("rules");
    let mut problems = Vec::new();
    let mut checked = 0;
    for rule in RuleId::all() {
        let code = rule.meta().code;
        let dir = root.join(code);
        let options = options_for(&dir);
        if rule.meta().kind == RuleKind::Pair {
            for (name, offer, answer) in pair_fixtures(&dir) {
                let report = sdpcheck::check_pair_with(&offer, &answer, &options);
                let hits = report.findings().iter().filter(|f| f.rule() == rule).count();
                checked += 1;
                let wrong = (name.starts_with("fail_") && hits == 0)
                    || (name.starts_with("pass_") && hits > 0);
                if wrong {
                    problems.push(format!(
                        "{code}/{name}: `{}` {} on this pair:\n{}",
                        rule.meta().name,
                        if hits == 0 { "did not fire" } else { "fired" },
                        common::concise(&answer, report.findings())
                    ));
                }
            }
            continue;
        }
        for path in common::sdp_files(&dir) {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            let bytes = std::fs::read(&path).unwrap();
            let report = sdpcheck::check_with(&bytes, &options);
            let hits = report.findings().iter().filter(|f| f.rule() == rule).count();
            checked += 1;
            if name.starts_with("fail_") && hits == 0 {
                problems.push(format!(
                    "{code}/{name}: expected `{}`, got:\n{}",
                    rule.meta().name,
                    common::concise(&bytes, report.findings())
                ));
            }
            if name.starts_with("pass_") && hits > 0 {
                problems.push(format!(
                    "{code}/{name}: `{}` fired on a pass fixture:\n{}",
                    rule.meta().name,
                    common::concise(&bytes, report.findings())
                ));
            }
        }
    }
    assert!(checked > 0, "no fixtures found");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn fail_fixture_snapshots() {
    let root = common::fixtures().join("rules");
    for path in common::sdp_files(&root) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if !name.starts_with("fail_")
            || name.ends_with(".offer.sdp")
            || name.ends_with(".answer.sdp")
        {
            continue;
        }
        let code =
            path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or_default();
        let bytes = std::fs::read(&path).unwrap();
        let report = sdpcheck::check_with(&bytes, &options_for(path.parent().unwrap()));
        let stem = name.trim_end_matches(".sdp");
        let profile = report.profile().describe(report.sdp());
        let index = sdpcheck::source::LineIndex::new(&bytes);
        let opts = HumanOptions { width: 80, ..HumanOptions::default() };
        let rendered = render_to_string(name, &bytes, &index, report.findings(), &opts);
        let shown = format!(
            "profile: {profile}\n{}\n{rendered}",
            common::concise(&bytes, report.findings())
        );
        insta::assert_snapshot!(format!("{code}__{stem}"), shown);
    }
}

/// The pair fixtures of a directory: `(stem, offer, answer)` for every
/// `<stem>.offer.sdp` with its `<stem>.answer.sdp`.
pub(crate) fn pair_fixtures(dir: &Path) -> Vec<(String, Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for path in common::sdp_files(dir) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let Some(stem) = name.strip_suffix(".offer.sdp") else { continue };
        let answer = dir.join(format!("{stem}.answer.sdp"));
        let answer =
            std::fs::read(&answer).unwrap_or_else(|_| panic!("{} has no answer", path.display()));
        out.push((stem.to_owned(), std::fs::read(&path).unwrap(), answer));
    }
    out
}

/// Each failing pair: the pair findings (position in the answer, or in the
/// offer for offer-side labels), the negotiated table, and the rendering.
#[test]
fn fail_pair_snapshots() {
    let root = common::fixtures().join("rules");
    for rule in RuleId::all().filter(|r| r.meta().kind == RuleKind::Pair) {
        let code = rule.meta().code;
        let dir = root.join(code);
        let options = options_for(&dir);
        for (stem, offer, answer) in pair_fixtures(&dir) {
            if !stem.starts_with("fail_") {
                continue;
            }
            let report = sdpcheck::check_pair_with(&offer, &answer, &options);
            let (offer_index, answer_index) = (LineIndex::new(&offer), LineIndex::new(&answer));
            let mut shown = String::new();
            for f in report.findings() {
                let codes: Vec<String> = f.field_codes().iter().map(ToString::to_string).collect();
                let _ = writeln!(
                    shown,
                    "{} {} {} [{}] {}",
                    f.severity(),
                    f.code(),
                    f.name(),
                    codes.join(","),
                    f.message()
                );
                for l in f.labels() {
                    let (side, text, index) = match l.source {
                        LabelSource::This => ("answer", &answer, &answer_index),
                        LabelSource::Offer => ("offer", &offer, &offer_index),
                    };
                    let (line, col) = index.position(text, l.span.start as usize);
                    let _ = writeln!(shown, "  {side} {line}:{col} {}", l.text);
                }
            }
            let opts = HumanOptions { width: 80, ..HumanOptions::default() };
            shown.push('\n');
            shown.push_str(&negotiation_table(report.negotiation(), &opts));
            shown.push('\n');
            let offer_name = format!("{stem}.offer.sdp");
            let answer_name = format!("{stem}.answer.sdp");
            let _ = render_pair(
                &mut shown,
                Side { name: &offer_name, text: &offer, index: &offer_index },
                Side { name: &answer_name, text: &answer, index: &answer_index },
                report.findings(),
                &opts,
            );
            insta::assert_snapshot!(format!("{code}__{stem}"), shown);
        }
    }
}
