//! The library never prints: every fixture goes through every entry point
//! (`parse`, `check` under each profile, `check_pair`, `extract`) in a child
//! process, and the parent asserts that the child wrote nothing at all to
//! standard output or standard error. A process boundary is the only exact
//! capture: an in-process hook would miss a raw write to the descriptors.
//!
//! `harness = false`: libtest would print into the child's output itself.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use sdpcheck::{Options, ProfileChoice};

const CHILD: &str = "SDPCHECK_NEVER_PRINTS_CHILD";

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Runs every fixture through the library; returns how many it read.
fn exercise() -> usize {
    let mut paths = Vec::new();
    files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"), &mut paths);
    paths.sort();
    let inputs: Vec<Vec<u8>> = paths.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    for input in &inputs {
        let _ = sdpcheck::parse(input);
        for profile in [ProfileChoice::Auto, ProfileChoice::WebRtc, ProfileChoice::Sip] {
            let mut options = Options::default();
            options.profile = profile;
            let _ = sdpcheck::check_with(input, &options);
        }
        let found = sdpcheck::extract::extract(input, &sdpcheck::Limits::default());
        for (offer, answer) in found.pairs() {
            let _ = sdpcheck::check_pair(&found.sdps[offer].text, &found.sdps[answer].text);
        }
    }
    // Every input as an offer to the next: pairs that do not fit.
    for pair in inputs.windows(2) {
        let _ = sdpcheck::check_pair(&pair[0], &pair[1]);
    }
    inputs.len()
}

fn main() -> ExitCode {
    if std::env::var_os(CHILD).is_some() {
        // The count goes out through the exit status, not a print.
        return if exercise() > 100 { ExitCode::SUCCESS } else { ExitCode::from(3) };
    }
    let Ok(me) = std::env::current_exe() else { return ExitCode::FAILURE };
    let Ok(out) = Command::new(me).env(CHILD, "1").output() else { return ExitCode::FAILURE };
    let silent = out.stdout.is_empty() && out.stderr.is_empty();
    let mut report = std::io::stderr().lock();
    let ok = out.status.success() && silent;
    let _ = std::io::Write::write_fmt(
        &mut report,
        format_args!(
            "library never prints: child {} with {} bytes on stdout, {} on stderr\n{}{}\n{} passed, {} failed\n",
            out.status,
            out.stdout.len(),
            out.stderr.len(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            usize::from(ok),
            usize::from(!ok),
        ),
    );
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
