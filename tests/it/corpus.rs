//! The fixture corpus as a whole.
//!
//! - `fixtures/valid/**`: real-world descriptions; the default rules must
//!   report nothing (a false positive is a bug).
//! - every fixture: parsing never panics, every span lies inside the input,
//!   and writing a well-formed parse back gives the input byte for byte.

use super::common;

#[test]
fn valid_corpus_is_clean() {
    let files = common::sdp_files(&common::fixtures().join("valid"));
    assert!(files.len() >= 10, "expected a real corpus, found {} files", files.len());
    let mut problems = Vec::new();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let report = sdpcheck::check(&bytes);
        if !report.findings().is_empty() {
            problems.push(format!(
                "{}:\n{}",
                path.display(),
                common::concise(&bytes, report.findings())
            ));
        }
    }
    assert!(problems.is_empty(), "false positives:\n{}", problems.join("\n"));
}

#[test]
fn every_fixture_round_trips_and_spans_stay_inside() {
    let files = common::sdp_files(&common::fixtures());
    let mut problems = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let report = sdpcheck::check(&bytes);
        for f in report.findings() {
            for label in f.labels() {
                if label.span.end as usize > bytes.len() {
                    problems.push(format!(
                        "{}: span {:?} past the end",
                        path.display(),
                        label.span
                    ));
                }
            }
        }
        // Lossless: the writer rebuilds each line from its typed fields, so
        // every input (malformed lines are kept raw) writes back exactly,
        // unless a limit stopped the parse.
        let limited = report.findings().iter().any(|f| f.name() == "limit-exceeded");
        if !limited && sdpcheck::to_bytes(report.sdp()) != bytes {
            problems.push(format!("{}: round trip differs", path.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every `X.offer.sdp` in the valid corpus with its `X.answer.sdp`: real
/// pairs that work in the field give no pair finding, and every section the
/// answer accepts has at least one negotiated codec (or is not RTP).
#[test]
fn valid_pairs_negotiate_cleanly() {
    let mut pairs = 0;
    let mut problems = Vec::new();
    for offer_path in common::sdp_files(&common::fixtures().join("valid")) {
        let name = offer_path.to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".offer.sdp") else { continue };
        let answer_path = std::path::PathBuf::from(format!("{stem}.answer.sdp"));
        let Ok(answer) = std::fs::read(&answer_path) else { continue };
        let offer = std::fs::read(&offer_path).unwrap();
        let report = sdpcheck::check_pair(&offer, &answer);
        pairs += 1;
        if !report.findings().is_empty() {
            problems.push(format!("{stem}:\n{}", common::concise(&answer, report.findings())));
        }
        for m in &report.negotiation().media {
            if m.accepted && m.codecs.is_empty() && m.transport.contains("RTP") {
                problems.push(format!("{stem}: section {} accepted with no codec", m.index));
            }
        }
    }
    assert!(pairs >= 8, "expected the corpus's offer/answer pairs, found {pairs}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
