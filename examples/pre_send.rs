//! Validate an SDP before sending it: refuse it on errors, log warnings.
//!
//! `cargo run --example pre_send -- offer.sdp` (reads a built-in SIP offer
//! when no file is given). A signalling server would call the same
//! `checker.check` on every SDP it is about to forward.
#![expect(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "an example program reports on the terminal"
)]

use std::process::ExitCode;

use sdpcheck::{Checker, ProfileChoice, Severity};

/// A SIP offer to a PCMA-only trunk that forgot PCMA.
const BUILT_IN: &[u8] = b"v=0\r\n\
o=- 4001 1 IN IP4 198.51.100.20\r\n\
s=call\r\n\
c=IN IP4 198.51.100.20\r\n\
t=0 0\r\n\
m=audio 40000 RTP/AVP 0 101\r\n\
a=rtpmap:0 PCMU/8000\r\n\
a=rtpmap:101 telephone-event/8000\r\n\
a=fmtp:101 0-16\r\n";

fn main() -> ExitCode {
    let sdp = match std::env::args_os().nth(1) {
        Some(path) => match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("cannot read {}: {err}", path.to_string_lossy());
                return ExitCode::from(2);
            }
        },
        None => BUILT_IN.to_vec(),
    };

    // Build once (at startup), share across requests.
    let checker = match Checker::builder().profile(ProfileChoice::Sip).require_codec("pcma") {
        Ok(builder) => builder.build(),
        Err(err) => {
            eprintln!("bad configuration: {err}");
            return ExitCode::from(2);
        }
    };

    let report = checker.check(&sdp);
    for finding in report.findings() {
        let (line, column) =
            finding.primary_span().map_or((0, 0), |s| report.position(s.start as usize));
        let codes: Vec<String> = finding.field_codes().iter().map(ToString::to_string).collect();
        let level = if finding.severity() == Severity::Error { "refusing" } else { "warning" };
        eprintln!(
            "{level}: {line}:{column} {} [{}] {}",
            finding.name(),
            codes.join(","),
            finding.message()
        );
        if let Some(help) = finding.help() {
            eprintln!("  help: {help}");
        }
    }
    if report.has_errors() {
        eprintln!("not sending: the far end would answer 488");
        return ExitCode::from(1);
    }
    println!("SDP is fine to send");
    ExitCode::SUCCESS
}
