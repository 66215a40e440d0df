//! Replays every saved fuzz input through the invariants the fuzz targets
//! assert.
//!
//! `tests/fuzz-regressions/<target>-<short-name>` holds inputs that once
//! crashed a target (and hand-written ones shaped like the items of
//! HOSTILE-INPUT.md, so the directory is never empty). The oracle is the
//! fuzz crate's own `fuzz/src/oracle.rs`, included here, so a regression
//! test checks exactly what the fuzzer checked. Each file goes through the
//! oracle of the target its name starts with, and also through `parse`,
//! `check` and `extract`, which accept any bytes. A crash of a
//! structure-aware target (`check_structured`, `pair_structured`) is saved
//! as the bytes it generated, under `check-` or `pair-` (offer, 0xFF,
//! answer). Every failing file is listed before the test fails.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

#[path = "../../fuzz/src/oracle.rs"]
#[expect(unreachable_pub, reason = "the fuzz crate exports the oracle; here it is private")]
mod oracle;

/// The oracle of `target` on `data`, then the byte-level ones.
fn replay(target: &str, data: &[u8]) {
    match target {
        "parse" | "check" | "extract" => {}
        "pair" => {
            let (offer, answer) = oracle::split_pair(data);
            oracle::pair(offer, answer);
        }
        #[cfg(feature = "browser-check")]
        "differential" => oracle::differential(data),
        #[cfg(not(feature = "browser-check"))]
        "differential" => {}
        other => panic!("no fuzz target `{other}`"),
    }
    oracle::parse(data);
    oracle::check(data);
    oracle::extract(data);
}

#[test]
fn saved_fuzz_inputs_keep_every_invariant() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{}: only {} inputs", dir.display(), files.len());
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some((target, _)) = name.split_once('-') else {
            failures.push(format!("{name}: not named <target>-<short-name>"));
            continue;
        };
        let data = std::fs::read(path).unwrap();
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| replay(target, &data))) {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            failures.push(format!("{name}: {message}"));
        }
    }
    assert!(failures.is_empty(), "{} inputs fail:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn split_pair_cuts_at_the_first_0xff_else_by_the_first_byte() {
    assert_eq!(oracle::split_pair(b"ab\xffc\xffd"), (&b"ab"[..], &b"c\xffd"[..]));
    assert_eq!(oracle::split_pair(b"\x80abcd"), (&b"ab"[..], &b"cd"[..]));
    assert_eq!(oracle::split_pair(b""), (&b""[..], &b""[..]));
}
