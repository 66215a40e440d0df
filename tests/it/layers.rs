//! The layer table of `src/lib.rs`, enforced: every `use crate::…` and every
//! `crate::x::` path in library code points to the importing module's own
//! layer or a lower one, and no rule file imports another rule file.
//!
//! The checker works on text (file path and contents), so the tests at the
//! bottom feed it synthetic files and show that it catches each kind of
//! edge it is meant to catch.

use std::collections::BTreeMap;
use std::path::Path;

/// Upward edges the table allows: the registry's rows name each rule's
/// docs and check function (ruff's `codes.rs` shape).
const ALLOWED_UPWARD: &[(&str, &str)] = &[("registry", "rules"), ("registry", "parse")];

/// Module name → layer number, read from the `## Layers` table of lib.rs.
fn layer_table(lib_rs: &str) -> BTreeMap<String, usize> {
    let mut table = BTreeMap::new();
    let rows = lib_rs
        .lines()
        .map(str::trim)
        .skip_while(|l| !l.starts_with("//! ## Layers"))
        .filter_map(|l| l.strip_prefix("//! |"));
    for row in rows {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (Some(layer), Some(modules)) = (cells.first(), cells.get(1)) else { continue };
        let Ok(layer) = layer.parse::<usize>() else { continue };
        for module in modules.split_whitespace() {
            table.insert(module.trim_matches('`').to_owned(), layer);
        }
    }
    table
}

/// Names the library root re-exports (`pub use finding::{Finding, ...}`),
/// with the module each comes from, so `crate::Finding` counts as `finding`.
fn re_exports(lib_rs: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for stmt in use_statements(&code_only(lib_rs)) {
        for path in expand(&stmt) {
            let parts: Vec<&str> = path.split("::").collect();
            if let [module, .., name] = parts.as_slice() {
                names.insert((*name).to_owned(), (*module).to_owned());
            }
        }
    }
    names
}

/// The module a source file belongs to: `src/rules/pair/x.rs` → `rules`.
fn module_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix("src/")?;
    let first = rest.split('/').next()?;
    Some(first.strip_suffix(".rs").unwrap_or(first).to_owned())
}

/// The code of a file without comments, and without what follows a
/// `#[cfg(test)] mod tests {` (tests drive the whole pipeline from the top).
fn code_only(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if is_test_cfg(trimmed)
            && lines.peek().is_some_and(|next| {
                next.trim_start().starts_with("mod ") && next.trim_end().ends_with('{')
            })
        {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let code = match line.find(" // ") {
            Some(at) => &line[..at],
            None => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// `#[cfg(test)]` or `#[cfg(all(test, …))]`.
fn is_test_cfg(line: &str) -> bool {
    line.starts_with("#[cfg(test)]") || line.starts_with("#[cfg(all(test")
}

/// Files that are whole test-only modules (`#[cfg(test)] mod tester;`):
/// test code, like the `mod tests` blocks.
fn test_only_files(files: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (path, text) in files {
        let dir = match path.rsplit_once('/') {
            Some((dir, file)) if file == "mod.rs" || file == "lib.rs" => dir.to_owned(),
            _ => path.trim_end_matches(".rs").to_owned(),
        };
        let mut lines = text.lines().map(str::trim).peekable();
        while let Some(line) = lines.next() {
            if !is_test_cfg(line) {
                continue;
            }
            let next = lines.peek().copied().unwrap_or_default();
            let decl = next.trim_start_matches("pub(crate) ").trim_start_matches("pub ");
            if let Some(name) = decl.strip_prefix("mod ").and_then(|d| d.strip_suffix(';')) {
                out.push(format!("{dir}/{name}.rs"));
            }
        }
    }
    out
}

/// Each `use …;` statement (possibly over several lines), without `use`.
fn use_statements(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        rest = &rest[at + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = rest.find(';') else { break };
        out.push(rest[..end].split_whitespace().collect::<String>());
        rest = &rest[end..];
    }
    out
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or(tree).trim();
        return vec![path.trim_end_matches("::").to_owned()];
    };
    let prefix = &tree[..open];
    let inner = tree[open + 1..].strip_suffix('}').unwrap_or(&tree[open + 1..]);
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |s| format!("{prefix}{s}")))
        .map(|s| s.trim_end_matches("::self").to_owned())
        .collect()
}

/// Every `crate::…` path a file's code names: its `use crate::` trees,
/// expanded, and the `crate::a::b` paths written inline.
fn crate_paths(code: &str) -> Vec<String> {
    let mut paths: Vec<String> = use_statements(code)
        .iter()
        .flat_map(|s| expand(s))
        .filter_map(|p| p.strip_prefix("crate::").map(str::to_owned))
        .collect();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + 7..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let path: String =
            rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
        let path = path.trim_end_matches(':');
        if !path.is_empty() {
            paths.push(path.to_owned());
        }
    }
    paths.sort();
    paths.dedup();
    paths
}

/// The rule files: those that declare a rule's docs.
fn is_rule_file(path: &str, text: &str) -> bool {
    (path.starts_with("src/rules/") || path.starts_with("src/parse/diagnostics/"))
        && text.contains("declare_rule!")
}

/// Every violation in `files` (path, contents) against the table of `lib_rs`.
fn violations(lib_rs: &str, files: &[(String, String)]) -> Vec<String> {
    let table = layer_table(lib_rs);
    let exports = re_exports(lib_rs);
    let layer_of = |module: &str| table.get(module).copied();
    let rule_files: Vec<String> = files
        .iter()
        .filter(|(p, t)| is_rule_file(p, t))
        .map(|(p, _)| p.trim_end_matches(".rs").trim_start_matches("src/").replace('/', "::"))
        .collect();
    let test_only = test_only_files(files);
    let mut found = Vec::new();
    for (path, text) in files {
        let Some(module) = module_of(path) else { continue };
        if test_only.contains(path) {
            continue;
        }
        if module == "main" || module == "cli" {
            continue; // the binary: everything is below it
        }
        let Some(own) = layer_of(&module) else {
            found.push(format!("{path}: module `{module}` is not in the layer table"));
            continue;
        };
        let code = code_only(text);
        let mut targets: Vec<String> = crate_paths(&code);
        if module == "lib" {
            // The root names its modules without `crate::`.
            targets.extend(use_statements(&code).iter().flat_map(|s| expand(s)));
        }
        for target in targets {
            let first = target.split("::").next().unwrap_or_default();
            let to = if table.contains_key(first) {
                first.to_owned()
            } else if let Some(m) = exports.get(first) {
                m.clone()
            } else {
                "lib".to_owned() // a function or type of the root itself
            };
            let Some(theirs) = layer_of(&to) else { continue };
            if theirs > own && !ALLOWED_UPWARD.contains(&(module.as_str(), to.as_str())) {
                found.push(format!(
                    "{path}: `crate::{target}` points up, from `{module}` (layer {own}) to `{to}` (layer {theirs})"
                ));
            }
        }
        // A rule file names no other rule file.
        if is_rule_file(path, text) {
            let me = path.trim_end_matches(".rs").trim_start_matches("src/").replace('/', "::");
            let parent = me.rsplit_once("::").map_or("", |(p, _)| p).to_owned();
            let mut named: Vec<String> = crate_paths(&code);
            for stmt in use_statements(&code) {
                for p in expand(&stmt) {
                    if let Some(sibling) = p.strip_prefix("super::") {
                        named.push(format!("{parent}::{sibling}"));
                    }
                }
            }
            named.sort();
            named.dedup();
            for target in named {
                if let Some(other) = rule_files
                    .iter()
                    .find(|r| **r != me && (target == **r || target.starts_with(&format!("{r}::"))))
                {
                    found.push(format!("{path}: rule file imports rule file `{other}`"));
                }
            }
        }
    }
    found
}

/// Every `.rs` file under `dir`, as (path relative to the crate, contents).
fn sources(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn every_import_points_down_the_layer_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib_rs = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let table = layer_table(&lib_rs);
    let mut files = Vec::new();
    sources(root, &root.join("src"), &mut files);
    // Every module of the crate has a row.
    for (path, _) in &files {
        let module = module_of(path).unwrap();
        assert!(
            module == "main" || table.contains_key(&module),
            "`{module}` ({path}) is missing from the layer table of src/lib.rs"
        );
    }
    let found = violations(&lib_rs, &files);
    assert!(found.is_empty(), "imports against the layer table:\n{}", found.join("\n"));

    // The same tree with one bad edge added is caught: an upward import in
    // `span`, and a rule file that imports a sibling rule.
    for (file, added) in [
        ("src/span.rs", "use crate::rules::helpers::is_live;\n"),
        ("src/rules/session/missing_mid.rs", "use super::no_media::DOCS;\n"),
        (
            "src/rules/pair/ptime_mismatch.rs",
            "use crate::rules::pair::no_common_codec::no_common_codec;\n",
        ),
    ] {
        let mut changed = files.clone();
        let (_, text) = changed.iter_mut().find(|(p, _)| p == file).unwrap();
        text.insert_str(0, added);
        assert_eq!(violations(&lib_rs, &changed).len(), 1, "{file}: {added}");
    }
}

/// A minimal lib.rs with a table, for the synthetic cases.
const LIB: &str = "//! ## Layers\n//!\n//! | layer | modules | what |\n//! | --- | --- | --- |\n\
    //! | 0 | `span` | spans |\n//! | 1 | `finding` `registry` | vocabulary |\n\
    //! | 2 | `parse` | parser |\n//! | 6 | `rules` | rules |\n//! | 7 | `lib` | root |\n\
    pub use finding::Finding;\n";

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(p, t)| ((*p).to_owned(), (*t).to_owned())).collect()
}

#[test]
fn the_table_is_read_from_lib_rs() {
    let table = layer_table(LIB);
    assert_eq!(table.get("span"), Some(&0));
    assert_eq!(table.get("registry"), Some(&1));
    assert_eq!(table.get("rules"), Some(&6));
}

#[test]
fn an_upward_use_is_caught_in_every_spelling() {
    for code in [
        "use crate::rules::helpers::is_live;\n",
        "use crate::{span::Span, rules::shown};\n",
        "use crate::{\n    rules::{helpers, shown},\n};\n",
        "fn f() { crate::rules::shown(\"x\"); }\n",
        "use crate::check;\n",
    ] {
        let found = violations(LIB, &files(&[("src/parse/mod.rs", code)]));
        assert!(!found.is_empty(), "{code:?} was not caught");
        assert!(found.iter().all(|f| f.contains("points up")), "{found:?}");
    }
}

#[test]
fn downward_uses_comments_and_tests_pass() {
    let code = "//! Calls [`crate::rules`] later.\nuse crate::span::Span;\nuse crate::Finding;\n\
        // crate::rules::shown is not code\n#[cfg(test)]\nmod tests {\n    use crate::rules::x;\n}\n";
    assert_eq!(violations(LIB, &files(&[("src/parse/mod.rs", code)])), Vec::<String>::new());
    // The registry may name the rules (its table points at them).
    let registry = "use crate::rules::context::CheckFn;\n";
    assert!(violations(LIB, &files(&[("src/registry.rs", registry)])).is_empty());
}

#[test]
fn a_rule_file_importing_a_sibling_rule_is_caught() {
    let rule = "declare_rule! { /// x\n pub(crate) const DOCS; }\n";
    let importer = format!("use super::missing_fingerprint::uses_dtls;\n{rule}");
    let by_path = format!("use crate::rules::session::missing_fingerprint::uses_dtls;\n{rule}");
    let helper = format!("use crate::rules::helpers::uses_dtls;\n{rule}");
    for (code, expected) in [(importer.as_str(), 1), (by_path.as_str(), 1), (helper.as_str(), 0)] {
        let found = violations(
            LIB,
            &files(&[
                ("src/rules/session/missing_fingerprint.rs", rule),
                ("src/rules/session/invalid_setup_role.rs", code),
            ]),
        );
        assert_eq!(found.len(), expected, "{code:?} gave {found:?}");
    }
}

#[test]
fn test_only_modules_are_exempt() {
    let parent = "#[cfg(test)]\npub(crate) mod tester;\n";
    let tester = "use crate::check;\n";
    let list = files(&[("src/rules/mod.rs", parent), ("src/rules/tester.rs", tester)]);
    assert!(violations(LIB, &list).is_empty());
    // The same file, not declared test-only, is an upward edge.
    assert_eq!(violations(LIB, &files(&[("src/rules/tester.rs", tester)])).len(), 1);
}

#[test]
fn a_module_missing_from_the_table_is_reported() {
    let found = violations(LIB, &files(&[("src/newthing.rs", "")]));
    assert_eq!(found.len(), 1, "{found:?}");
}
