//! The README's rule table is generated from the registry; this test fails
//! when it is stale. `UPDATE_README=1 cargo test readme` rewrites it.

use std::fmt::Write as _;

const START: &str = "<!-- rules:start";
const END: &str = "<!-- rules:end -->";

fn table() -> String {
    let mut out = String::from(
        "\n\n| code | name | severity | field codes | what it flags |\n| --- | --- | --- | --- | --- |\n",
    );
    for m in sdpcheck::registry::RULES {
        let codes: Vec<String> = m.field_codes.iter().map(ToString::to_string).collect();
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} | {} |",
            m.code,
            m.name,
            m.severity,
            codes.join(", "),
            m.summary()
        );
    }
    out.push('\n');
    out
}

#[test]
fn readme_rule_table_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme.find(START).expect("README lacks the rules:start marker");
    let body_start = start + readme[start..].find("-->").expect("unterminated marker") + 3;
    let end = readme.find(END).expect("README lacks the rules:end marker");
    let current = &readme[body_start..end];
    let wanted = table();
    if current != wanted {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{}{}", &readme[..body_start], wanted, &readme[end..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!("README rule table is stale; run `UPDATE_README=1 cargo test readme`");
        }
    }
}

/// The README's 30-second example shows the tool's real output, byte for
/// byte: `UPDATE_README=1 cargo test readme` rewrites it too.
#[test]
fn readme_example_output_is_real() {
    const COMMAND: &str = "$ cargo run -- fixtures/demo/broken-offer.sdp\n";
    const STATUS: &str = "$ echo $?\n";
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let mut start = readme.find(COMMAND).expect("README lacks the example command") + COMMAND.len();
    // The first run shows cargo building (issue 20: no silent first minute):
    // cargo's own lines come first and are not sdpcheck's output.
    let cargo_line = |l: &str| {
        let word = l.trim().split(' ').next().unwrap_or_default();
        l.starts_with("   ") && ["Compiling", "...", "Finished", "Running"].contains(&word)
    };
    let mut shown_cargo = 0;
    while let Some(line) = readme[start..].split_inclusive('\n').next().filter(|l| cargo_line(l)) {
        start += line.len();
        shown_cargo += 1;
    }
    assert_eq!(shown_cargo, 4, "the README's first run shows cargo's Compiling/Finished/Running");
    let end = start + readme[start..].find(STATUS).expect("README lacks `$ echo $?`");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sdpcheck"))
        .arg("fixtures/demo/broken-offer.sdp")
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let real = String::from_utf8(out.stdout).unwrap();
    let status = out.status.code().unwrap();
    let after = &readme[end + STATUS.len()..];
    let shown_status = after.lines().next().unwrap_or_default();
    if readme[start..end] != real || shown_status != status.to_string() {
        if std::env::var_os("UPDATE_README").is_some() {
            let rest = after.split_once('\n').map_or("", |(_, r)| r);
            let updated = format!("{}{real}{STATUS}{status}\n{rest}", &readme[..start]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!("README example output is stale; run `UPDATE_README=1 cargo test readme`");
        }
    }
}
