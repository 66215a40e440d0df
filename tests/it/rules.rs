//! Data-driven rule tests over `fixtures/rules/<CODE>/`.
//!
//! oxc's Tester semantics over ruff-style fixture files: every `fail_*`
//! must yield at least one finding of that rule, every `pass_*` none of it.
//! All failures are collected, then asserted once. Each `fail_*` fixture's
//! complete findings (position, severity, code, name, field codes, message)
//! are snapshot-tested, so the exact line and column are asserted too.

use super::common;

use sdpcheck::RuleId;

#[test]
fn every_rule_fires_on_fail_and_stays_quiet_on_pass() {
    let root = common::fixtures().join("rules");
    let mut problems = Vec::new();
    let mut checked = 0;
    for rule in RuleId::all() {
        let code = rule.meta().code;
        let dir = root.join(code);
        for path in common::sdp_files(&dir) {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            let bytes = std::fs::read(&path).unwrap();
            let report = sdpcheck::check(&bytes);
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
        let report = sdpcheck::check(&bytes);
        let stem = name.trim_end_matches(".sdp");
        insta::assert_snapshot!(
            format!("{code}__{stem}"),
            common::concise(&bytes, report.findings())
        );
    }
}
