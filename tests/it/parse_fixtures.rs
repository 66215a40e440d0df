//! `fixtures/parse/`: one syntax fault per file (README.md there explains
//! each). Every expected finding must be present with its exact rule, line
//! and column; `many-faults.sdp` must report all eight faults in one run.

use super::common;

/// (file, rule name, 1-based line, 1-based column of the primary label).
#[rustfmt::skip]
const EXPECTED: &[(&str, &str, usize, usize)] = &[
    ("missing-v.sdp", "missing-required-line", 1, 1),
    ("missing-o.sdp", "missing-required-line", 2, 1),
    ("missing-s.sdp", "missing-required-line", 3, 1),
    ("missing-t.sdp", "missing-required-line", 5, 1),
    ("empty-session-name.sdp", "empty-session-name", 3, 1),
    ("uppercase-type.sdp", "invalid-line", 12, 1),
    ("leading-space.sdp", "invalid-line", 11, 1),
    ("space-before-equals.sdp", "invalid-line", 12, 2),
    ("space-after-equals.sdp", "malformed-attribute", 17, 3),
    ("two-letter-type.sdp", "invalid-line", 12, 1),
    ("no-equals.sdp", "invalid-line", 7, 1),
    ("no-type-letter.sdp", "invalid-line", 17, 1),
    ("unknown-type.sdp", "unknown-line-type", 6, 1),
    ("order-s-before-o.sdp", "line-out-of-order", 3, 1),
    ("order-m-before-t.sdp", "line-out-of-order", 6, 1),
    ("duplicate-session-name.sdp", "duplicate-line", 4, 1),
    ("version-1.sdp", "unsupported-version", 1, 3),
    ("port-99999.sdp", "number-out-of-range", 6, 9),
    ("port-negative.sdp", "malformed-number", 6, 9),
    ("port-hex.sdp", "malformed-number", 6, 9),
    ("port-plus.sdp", "malformed-number", 6, 9),
    ("port-missing.sdp", "malformed-number", 6, 9),
    ("port-count-overflow.sdp", "number-out-of-range", 6, 15),
    ("port-count-zero.sdp", "number-out-of-range", 6, 15),
    ("pt-128.sdp", "number-out-of-range", 6, 27),
    ("rtpmap-pt-255.sdp", "number-out-of-range", 10, 10),
    ("rtpmap-channels-zero.sdp", "number-out-of-range", 20, 25),
    ("rtpmap-clock-zero.sdp", "number-out-of-range", 9, 30),
    ("fmtp-no-params.sdp", "malformed-attribute", 10, 11),
    ("c-bad-ip.sdp", "malformed-field", 4, 10),
    ("c-fullwidth.sdp", "malformed-field", 4, 10),
    ("lone-cr.sdp", "lone-carriage-return", 3, 9),
    ("cr-cr-lf.sdp", "lone-carriage-return", 11, 11),
    ("nul-byte.sdp", "nul-byte", 3, 10),
    ("invalid-utf8.sdp", "invalid-utf8", 11, 12),
    ("bom.sdp", "byte-order-mark", 1, 1),
    ("blank-line-middle.sdp", "blank-line", 6, 1),
    ("trailing-space.sdp", "malformed-field", 6, 30),
    ("double-space.sdp", "malformed-field", 6, 9),
    ("tab-separator.sdp", "malformed-field", 6, 8),
    ("m-no-format.sdp", "malformed-field", 6, 22),
    ("no-media.sdp", "no-media", 1, 1),
    ("missing-connection.sdp", "missing-connection", 5, 1),
    ("json-escaped.sdp", "malformed-field", 1, 4),
    ("candidate-no-typ.sdp", "malformed-attribute", 11, 60),
    // Browsers accept these two (Chromium rejects the `/127`): issue 14.
    ("order-b-after-attributes.sdp", "line-out-of-order", 12, 1),
    ("order-c-after-attributes.sdp", "line-out-of-order", 29, 1),
    ("order-i-after-attribute.sdp", "line-out-of-order", 10, 1),
    ("order-i-after-attribute.sdp", "line-out-of-order", 11, 1),
    ("c-ipv4-unicast-ttl.sdp", "malformed-field", 9, 23),
    ("t-beyond-u64.sdp", "number-out-of-range", 5, 3),
    ("t-negative.sdp", "malformed-number", 5, 3),
    ("many-faults.sdp", "empty-session-name", 3, 1),
    ("many-faults.sdp", "malformed-field", 4, 10),
    ("many-faults.sdp", "line-out-of-order", 6, 1),
    ("many-faults.sdp", "unknown-line-type", 7, 1),
    ("many-faults.sdp", "number-out-of-range", 8, 9),
    ("many-faults.sdp", "malformed-number", 10, 17),
    ("many-faults.sdp", "invalid-line", 12, 1),
    ("many-faults.sdp", "number-out-of-range", 13, 23),
];

#[test]
fn every_fault_is_found_at_its_line_and_column() {
    let dir = common::fixtures().join("parse");
    let mut problems = Vec::new();
    for (file, rule, line, col) in EXPECTED {
        let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let report = sdpcheck::check(&bytes);
        let index = sdpcheck::source::LineIndex::new(&bytes);
        let found = report.findings().iter().any(|f| {
            f.name() == *rule
                && f.primary_span().map(|s| index.position(&bytes, s.start as usize))
                    == Some((*line, *col))
        });
        if !found {
            problems.push(format!(
                "{file}: expected {rule} at {line}:{col}, got:\n{}",
                common::concise(&bytes, report.findings())
            ));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_parse_fixture_is_listed() {
    let dir = common::fixtures().join("parse");
    for path in common::sdp_files(&dir) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        assert!(EXPECTED.iter().any(|(f, ..)| f == &name), "{name} has no expectation");
    }
}

/// Every malformed fixture is an error for a browser; under SIP some are
/// warnings (the faults pjsip and baresip both accept), never silent.
#[test]
fn malformed_fixtures_all_have_errors() {
    let mut webrtc = sdpcheck::Options::default();
    webrtc.profile = sdpcheck::ProfileChoice::WebRtc;
    let mut sip = sdpcheck::Options::default();
    sip.profile = sdpcheck::ProfileChoice::Sip;
    for path in common::sdp_files(&common::fixtures().join("parse")) {
        let bytes = std::fs::read(&path).unwrap();
        assert!(sdpcheck::check_with(&bytes, &webrtc).has_errors(), "{}", path.display());
        assert!(!sdpcheck::check_with(&bytes, &sip).findings().is_empty(), "{}", path.display());
    }
}
