//! Differential tests: sdpcheck's parser against mozilla/webrtc-sdp.
//!
//! Over every fixture (`fixtures/**/*.sdp`) and every file of the fuzz
//! corpus (`fuzz/corpus/**`, when it exists): where both parsers accept a
//! description, they must read the same media sections (kind, port,
//! transport, formats; the count where webrtc-sdp kept them all), the same
//! origin (username, session id and version, address) and the same
//! connection addresses. A difference is allowed only when one of the
//! documented webrtc-sdp quirks (`sdpcheck::browser::QUIRKS`, the table in
//! `sdpcheck explain webrtc-sdp-rejects`) explains it; any other is a bug in
//! one of the two parsers.

use std::path::{Path, PathBuf};

use sdpcheck::browser::{Comparison, compare, rejections_piecewise};

use super::common;

/// Every file under `dir`, recursively, sorted.
fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn both_parsers_read_the_same_description() {
    let mut files = common::sdp_files(&common::fixtures());
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    files.extend(all_files(&corpus));
    let (mut both, mut explained) = (0, 0);
    let mut problems = Vec::new();
    for path in &files {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            // A fuzzer running meanwhile deletes the corpus files it reduces.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && path.starts_with(&corpus) => {
                continue;
            }
            Err(e) => panic!("{}: {e}", path.display()),
        };
        let parsed = sdpcheck::parse(&bytes);
        let comparison = compare(&parsed);
        // `rejections` checks the description in pieces (webrtc-sdp is
        // quadratic on a whole one): the pieces must give the whole's verdict.
        let pieces = rejections_piecewise(parsed.sdp());
        match &comparison {
            Comparison::BrowserRejects(_) if pieces.is_empty() => {
                problems
                    .push(format!("{}: webrtc-sdp rejects it, its pieces pass", path.display()));
            }
            Comparison::BothAccept(_) if !pieces.is_empty() => {
                problems.push(format!(
                    "{}: webrtc-sdp accepts it, a piece fails: {pieces:?}",
                    path.display()
                ));
            }
            _ => {}
        }
        let Comparison::BothAccept(differences) = &comparison else { continue };
        both += 1;
        for d in differences {
            match d.quirk() {
                Some(_) => explained += 1,
                None => problems.push(format!(
                    "{}: {:?}: sdpcheck reads `{}`, webrtc-sdp reads `{}`",
                    path.display(),
                    d.field,
                    d.ours,
                    d.browser
                )),
            }
        }
    }
    // The valid corpus alone has a dozen descriptions both accept.
    assert!(both >= 20, "only {both} descriptions accepted by both parsers");
    assert!(
        problems.is_empty(),
        "{} differences no webrtc-sdp quirk explains ({explained} explained):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The comparison itself sees differences: a description written to differ
/// in each compared field only by a documented quirk.
#[test]
fn quirks_explain_what_they_claim() {
    let text = "v=0\r\no=- 0042 7 IN IP4 Host.Example.com\r\ns=-\r\nc=IN IP4 0x7f.1\r\nt=0 0\r\n\
                m=AUDIO 9 rtp/avp 0 08\r\nm=image 9 udptl t38\r\nc=IN IP4 192.0.2.7\r\n";
    let parsed = sdpcheck::parse(text.as_bytes());
    assert!(parsed.findings().is_empty(), "{:?}", parsed.findings());
    let Comparison::BothAccept(found) = compare(&parsed) else { panic!("{:?}", compare(&parsed)) };
    let mut ids: Vec<_> = found.iter().map(|d| d.quirk().map(|q| q.id)).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids,
        [
            Some("case-insensitive-tokens"),
            Some("drops-unknown-transport"),
            Some("host-normalisation"),
        ],
        "{found:#?}"
    );
}
