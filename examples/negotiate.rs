//! Print what an offer and its answer agreed on, per m= line.
//!
//! `cargo run --example negotiate -- offer.sdp answer.sdp` (uses the
//! Asterisk fixtures when no files are given).
#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "an example program reports on the terminal"
)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let root = env!("CARGO_MANIFEST_DIR");
    let offer_path = args.next().map_or_else(
        || format!("{root}/fixtures/valid/asterisk/sip-g711.offer.sdp").into(),
        Into::into,
    );
    let answer_path = args.next().map_or_else(
        || format!("{root}/fixtures/valid/asterisk/sip-g711.answer.sdp").into(),
        Into::into,
    );
    let read = |p: &std::ffi::OsString| {
        std::fs::read(p).map_err(|e| format!("{}: {e}", p.to_string_lossy()))
    };
    let (offer, answer) = match (read(&offer_path), read(&answer_path)) {
        (Ok(o), Ok(a)) => (o, a),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };

    let report = sdpcheck::check_pair(&offer, &answer);
    for m in &report.negotiation().media {
        let codecs: Vec<String> = m.codecs.iter().map(ToString::to_string).collect();
        println!(
            "m-line {} ({}{}): {} [{}] offer {} / answer {}",
            m.index,
            m.kind,
            m.mid.map(|mid| format!(", mid {mid}")).unwrap_or_default(),
            if m.accepted { "accepted" } else { "rejected" },
            codecs.join(", "),
            m.offer_direction.as_str(),
            m.answer_direction.as_str(),
        );
    }
    for finding in report.findings() {
        println!("{}: {} ({})", finding.severity(), finding.message(), finding.name());
    }
    if report.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
