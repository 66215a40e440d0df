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

use sdpcheck::report::human::{HumanOptions, render_to_string};
use sdpcheck::{Options, ProfileChoice, RuleId};

/// The options in `<dir>/args`, or the defaults.
fn options_for(dir: &Path) -> Options {
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
        if !name.starts_with("fail_") {
            continue;
        }
        let code =
            path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or_default();
        let bytes = std::fs::read(&path).unwrap();
        let report = sdpcheck::check_with(&bytes, &options_for(path.parent().unwrap()));
        let stem = name.trim_end_matches(".sdp");
        let profile = report.profile().describe(report.sdp());
        let index = sdpcheck::source::LineIndex::new(&bytes);
        let opts = HumanOptions { color: false, unicode: true, width: 80, context_lines: 1 };
        let rendered = render_to_string(name, &bytes, &index, report.findings(), &opts);
        let shown = format!(
            "profile: {profile}\n{}\n{rendered}",
            common::concise(&bytes, report.findings())
        );
        insta::assert_snapshot!(format!("{code}__{stem}"), shown);
    }
}
