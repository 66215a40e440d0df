//! No dangling reference: every file the repository cites exists.
//!
//! Scans the sources, scripts, README, CHANGELOG, docs/ and the text the
//! binary prints (`--help`, `sdpcheck man`) for cited file names (`*.md`)
//! and repository paths (`docs/...`, `src/...`, `fixtures/...`, `.ci/...`,
//! ...), and fails on any that does not resolve. A name resolves against the
//! citing file's directory or one of its parents (so `fuzz/Cargo.toml` may
//! say `src/oracle.rs`), then `docs/` (the interface documents are cited by
//! bare name: `CONTRACT.md`, `HOSTILE-INPUT.md`). Paths under an anchored
//! `.gitignore` entry (`fuzz/artifacts`) are made by running the tools and
//! count as resolved; files of other projects are listed in [`FOREIGN`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Directories whose first component marks a token as a repository path.
const ROOTS: &[&str] = &[
    "docs/",
    "src/",
    "fixtures/",
    "tests/",
    "benches/",
    "examples/",
    "fuzz/",
    "conformance/",
    ".ci/",
    ".github/",
];

/// Files scanned, by extension (plus everything under `.ci/`).
const SCANNED: &[&str] = &["rs", "md", "toml", "sh", "yml", "yaml", "mjs", "html", "py"];

/// Not scanned: build output, data, and snapshots of output.
const SKIPPED_DIRS: &[&str] = &[
    "target",
    ".git",
    "node_modules",
    "fuzz/corpus",
    "fuzz/artifacts",
    "fuzz/target",
    "fuzz/coverage",
    "tests/it/snapshots",
    "conformance/verdicts",
];

/// Paths of other projects, cited with the project's name on the same line:
/// (the cited path, the name that must precede it on its line).
const FOREIGN: &[(&str, &str)] = &[
    ("src/attribute_type.rs", "webrtc-sdp"),
    ("src/lib.rs", "webrtc-sdp"),
    ("tests/memchr/naive.rs", "memchr"),
    ("fuzz/init-fuzzer.sh", "ruff"),
];

/// References that must not resolve: (citing file, cited path, why). Each
/// entry must still dangle, so one that starts to resolve is removed.
const PENDING: &[(&str, &str, &str)] = &[
    ("tests/it/layers.rs", "src/rules/pair/x.rs", "a synthetic file in the layer test's own input"),
    ("tests/it/layers.rs", "src/newthing.rs", "a synthetic file in the layer test's own input"),
];

/// One cited path, with where it was cited.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Reference {
    /// The citing file (relative to the root), or `sdpcheck <args>`.
    citer: String,
    /// Its directory, relative to the root (empty for the root).
    dir: PathBuf,
    line: usize,
    path: String,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scanned_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root().to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(root()).unwrap_or(&path).to_string_lossy().into_owned();
            if path.is_dir() {
                if !SKIPPED_DIRS.contains(&rel.as_str()) && !rel.ends_with("node_modules") {
                    stack.push(path);
                }
            } else if rel == "tests/it/references.rs" {
                // This file's own examples and tables are not citations.
            } else if rel.starts_with(".ci/")
                || path.extension().is_some_and(|e| SCANNED.iter().any(|s| e == *s))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Characters a cited path is made of; placeholders (`<target>`, `*`,
/// `{a,b}`, `$VAR`) are included so that a templated path is seen whole and
/// skipped rather than cut short.
fn path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_./-<>*{}$@~+".contains(c)
}

/// The paths cited on one line of text.
fn cited(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    let mut at = 0;
    while let Some(start) = rest.find(path_char) {
        let len = rest[start..].find(|c| !path_char(c)).unwrap_or(rest.len() - start);
        let token = &rest[start..start + len];
        let before = &line[..at + start];
        rest = &rest[start + len..];
        at += start + len;
        // A URL's path, not a file of ours.
        if before.ends_with(':') && token.starts_with("//") {
            continue;
        }
        let token = token.trim_end_matches(['.', ',', ';', ':']);
        if token.contains(['<', '>', '*', '{', '}', '$']) || token.contains("...") {
            continue;
        }
        let bare = token.strip_prefix("./").unwrap_or(token);
        let markdown = Path::new(token).extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if markdown || ROOTS.iter().any(|r| bare.starts_with(r) && bare != *r) {
            out.push(token);
        }
    }
    out
}

fn references_in(citer: &str, dir: &Path, text: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for path in cited(line) {
            let foreign = FOREIGN.iter().any(|(p, owner)| {
                *p == path
                    && line.find(owner).is_some_and(|o| line.find(path).is_some_and(|at| o < at))
            });
            if !foreign {
                out.push(Reference {
                    citer: citer.to_owned(),
                    dir: dir.to_path_buf(),
                    line: n + 1,
                    path: path.to_owned(),
                });
            }
        }
    }
    out
}

/// Every reference in the scanned files and in the binary's own text.
fn all_references() -> Vec<Reference> {
    let mut out = Vec::new();
    for file in scanned_files() {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        let rel = file.strip_prefix(root()).unwrap_or(&file);
        let dir = rel.parent().unwrap_or(Path::new(""));
        out.extend(references_in(&rel.to_string_lossy(), dir, &text));
    }
    #[cfg(feature = "cli")]
    for args in [&["--help"][..], &["man"], &["explain", "32009"]] {
        let run = crate::common::sdpcheck().args(args).env("COLUMNS", "100").output().unwrap();
        assert!(run.status.success(), "sdpcheck {args:?} failed");
        let text = String::from_utf8_lossy(&run.stdout);
        out.extend(references_in(&format!("sdpcheck {}", args.join(" ")), Path::new(""), &text));
    }
    out
}

/// Directories made by running the tools: the anchored `.gitignore` entries.
fn generated() -> Vec<String> {
    let text = std::fs::read_to_string(root().join(".gitignore")).unwrap_or_default();
    text.lines().filter_map(|l| l.trim().strip_prefix('/')).map(str::to_owned).collect()
}

fn resolves(r: &Reference, generated: &[String]) -> bool {
    let path = r.path.strip_prefix("./").unwrap_or(&r.path);
    if Path::new(path).is_absolute() {
        // A path on someone's machine is never in a fresh clone.
        return false;
    }
    let trimmed = path.trim_end_matches('/');
    if generated.iter().any(|g| trimmed == g || trimmed.starts_with(&format!("{g}/"))) {
        return true;
    }
    let mut bases: Vec<PathBuf> = r.dir.ancestors().map(Path::to_path_buf).collect();
    bases.push(PathBuf::from("docs"));
    bases.iter().any(|base| inside(&base.join(path)).is_some_and(|p| root().join(p).exists()))
}

/// `path` (relative to the root) with `.` and `..` folded, or `None` if it
/// leaves the repository: what is outside is not in a fresh clone.
fn inside(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::Normal(p) => out.push(p),
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

#[test]
fn every_cited_file_exists() {
    let generated = generated();
    let references = all_references();
    let dangling: Vec<&Reference> =
        references.iter().filter(|r| !resolves(r, &generated)).collect();
    let unexpected: Vec<String> = dangling
        .iter()
        .filter(|r| !PENDING.iter().any(|(citer, path, _)| r.citer == *citer && r.path == *path))
        .map(|r| format!("{}:{}: `{}`", r.citer, r.line, r.path))
        .collect();
    let fixed: Vec<String> = PENDING
        .iter()
        .filter(|(citer, path, _)| !dangling.iter().any(|r| r.citer == *citer && r.path == *path))
        .map(|(citer, path, why)| format!("{citer}: `{path}` ({why})"))
        .collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "dangling references:\n  {}\nPENDING entries that no longer dangle (remove them):\n  {}",
        unexpected.join("\n  "),
        fixed.join("\n  ")
    );
    // The scan itself works: the interface documents are cited from the
    // code and the README, and the binary's text is read.
    let cited: BTreeSet<&str> = references.iter().map(|r| r.path.as_str()).collect();
    for must in ["CONTRACT.md", "HOSTILE-INPUT.md", "fixtures/demo/broken-offer.sdp"] {
        assert!(cited.contains(must), "the scan found no reference to {must}");
    }
}

#[test]
fn foreign_paths_are_still_cited() {
    // A FOREIGN entry that matches no line would silently excuse a future
    // dangling reference of ours.
    for (path, owner) in FOREIGN {
        let used = scanned_files().iter().any(|f| {
            std::fs::read_to_string(f).unwrap_or_default().lines().any(|line| {
                line.find(owner).is_some_and(|o| line.find(path).is_some_and(|at| o < at))
            })
        });
        assert!(used, "FOREIGN entry `{path}` ({owner}) matches no line; remove it");
    }
}

#[test]
fn the_scanner_finds_paths_and_skips_templates_and_urls() {
    let line = "see CONTRACT.md, `docs/x.json` and [a](../HOSTILE-INPUT.md); not \
                fuzz/artifacts/<target>/, https://example.com/a/README.md, src/{a,b}.rs or docs/";
    assert_eq!(cited(line), ["CONTRACT.md", "docs/x.json", "../HOSTILE-INPUT.md"]);
    let generated = generated();
    let reference = |dir: &str, path: &str| Reference {
        citer: String::new(),
        dir: PathBuf::from(dir),
        line: 1,
        path: path.to_owned(),
    };
    assert!(resolves(&reference("fuzz", "src/oracle.rs"), &generated));
    assert!(resolves(&reference("src", "CONTRACT.md"), &generated));
    assert!(resolves(&reference("", "fuzz/artifacts/check"), &generated));
    assert!(!resolves(&reference("src", "NO-SUCH-FILE.md"), &generated));
    assert!(!resolves(&reference("", "/work/shared/CONTRACT.md"), &generated));
    assert!(!resolves(&reference("src", "../../wt-integrations/README.md"), &generated));
    assert!(resolves(&reference("src/cli", "../../README.md"), &generated));
}
