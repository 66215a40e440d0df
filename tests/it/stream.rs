//! The CLI streams its inputs (a bounded window, each SDP reported as it
//! is found); the library's `render` takes a whole run at once. Both must
//! write the same bytes: every format of the CLI (human included) is
//! compared with the library's batch rendering of the same input, for every
//! log fixture and a spread of single descriptions, and an input larger than
//! the CLI's ring of recent bytes keeps exact positions to its end.

use std::fmt::Write as _;

use clap::ValueEnum;
use sdpcheck::Limits;
use sdpcheck::extract::{Role, extract};
use sdpcheck::render::{Entry, Format, PairEntry, RenderOptions};
use sdpcheck::source::LineIndex;

use super::common;

/// The library's rendering of `input` (named `name`) as one batch.
fn batch(name: &str, input: &[u8], format: Format) -> String {
    let found = extract(input, &Limits::default());
    let index = LineIndex::new(input);
    let reports: Vec<_> = found.sdps.iter().map(|s| sdpcheck::check(&s.text)).collect();
    let pairing = sdpcheck::extract::pairing(&found.sdps);
    let pairs = pairing.pairs;
    let pair_reports: Vec<_> = pairs
        .iter()
        .map(|&(o, a)| sdpcheck::check_pair(&found.sdps[o].text, &found.sdps[a].text))
        .collect();
    let entries: Vec<Entry<'_, '_>> = found
        .sdps
        .iter()
        .zip(&reports)
        .enumerate()
        .map(|(number, (sdp, report))| Entry {
            number,
            source: name,
            text: input,
            index: &index,
            base: 0,
            offset: usize::try_from(sdp.offset()).unwrap(),
            map: Some(&sdp.map),
            role: sdp.role.map(Role::as_str),
            session: sdp.session.as_deref(),
            unpaired: pairing.unpaired.contains(&number),
            report,
            quoted: false,
        })
        .collect();
    let pair_entries: Vec<PairEntry<'_, '_>> = pairs
        .iter()
        .zip(&pair_reports)
        .map(|(&(offer, answer), report)| PairEntry { offer, answer, report })
        .collect();
    sdpcheck::render::render(format, &entries, &pair_entries, &RenderOptions::default())
}

/// The CLI's output for `input` on standard input, named `name`.
fn cli(name: &str, input: &[u8], format: &str) -> String {
    let args = ["--isolated", "--format", format, "--stdin-filename", name];
    String::from_utf8(common::run_stdin(&args, input).stdout).unwrap()
}

fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let logs = common::fixtures().join("logs");
    let mut names: Vec<_> = std::fs::read_dir(&logs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
        .collect();
    names.sort();
    for path in names {
        out.push((
            path.file_name().unwrap().to_string_lossy().into_owned(),
            std::fs::read(&path).unwrap(),
        ));
    }
    for name in ["demo/broken-offer.sdp", "parse/many-faults.sdp", "parse/json-escaped.sdp"] {
        out.push((name.to_owned(), std::fs::read(common::fixtures().join(name)).unwrap()));
    }
    out
}

#[test]
fn every_format_streams_the_bytes_of_one_batch() {
    let mut failures = Vec::new();
    for (name, input) in inputs() {
        for &kind in Format::value_variants() {
            let format = kind.to_possible_value().expect("every format has a name");
            let format = format.get_name();
            let expected = batch(&name, &input, kind);
            let got = cli(&name, &input, format);
            if got != expected {
                failures.push(format!(
                    "{name} --format {format}:\n--- batch\n{expected}\n--- cli\n{got}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A log longer than the CLI's ring (8 MiB): positions of the last SDP's
/// findings are still the input's own, with the snippet's line numbers.
#[test]
fn positions_stay_exact_past_the_ring() {
    let noise = "2026-12-04 10:00:00.000 INFO  [pool-1] request handled in 3 ms\n";
    let broken = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 99999 RTP/AVP 0\r\nc=IN IP4 192.0.2.1\r\n";
    let mut log = String::new();
    while log.len() < 9 << 20 {
        log.push_str(noise);
    }
    let lines_before = log.matches('\n').count();
    let sdp = serde_json::to_string(broken).unwrap();
    writeln!(log, "app: got {{\"type\":\"offer\",\"sdp\":{sdp}}}").unwrap();
    let out = cli("big.log", log.as_bytes(), "concise");
    let line = lines_before + 1;
    // The port's column on the log line (ASCII: bytes are characters).
    let port_col = log.lines().last().unwrap().find("99999").unwrap() + 1;
    assert!(
        out.contains(&format!("big.log:{line}:{port_col}: error[number-out-of-range]")),
        "{out}"
    );
    let human = cli("big.log", log.as_bytes(), "human");
    assert!(human.contains(&format!("[big.log:{line}:{port_col}]")), "{human}");
    assert!(human.contains(&format!("{line} │ …e\":\"offer\"")), "{human}");
}
