//! Helpers shared by the integration tests.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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
