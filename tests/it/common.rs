//! Helpers shared by the integration tests.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use sdpcheck::Finding;
use sdpcheck::source::LineIndex;

/// The repository's fixtures directory.
pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every file under `dir` with extension `sdp`, sorted.
pub(crate) fn sdp_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "sdp") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// One line per finding: `line:col severity code name [codes] message`.
pub(crate) fn concise(text: &[u8], findings: &[Finding]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for f in findings {
        let (line, col) =
            f.primary_span().map_or((0, 0), |s| index.position(text, s.start as usize));
        let codes: Vec<String> = f.field_codes().iter().map(ToString::to_string).collect();
        let _ = writeln!(
            out,
            "{line}:{col} {} {} {} [{}] {}",
            f.severity(),
            f.code(),
            f.name(),
            codes.join(","),
            f.message()
        );
    }
    out
}

/// The binary, with `NO_COLOR` unset, run from the repository root.
pub(crate) fn sdpcheck() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sdpcheck"));
    cmd.env_remove("NO_COLOR").current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Runs the binary with `input` on standard input.
pub(crate) fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = sdpcheck()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A writer thread, so a large input cannot deadlock against a full stdout pipe.
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// Writes `bytes` to a per-process temporary file.
pub(crate) fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("sdpcheck-test-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The one definition of an unsafe character (`src/render/escape.rs`),
/// restated so that a change to it must change this test too.
pub(crate) fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFF0}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E0FFF}')
}
