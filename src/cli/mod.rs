//! The run: reads each input, checks it, renders, and decides the exit
//! status. Per-input failures (an unreadable file, an input with no SDP)
//! are reported and the run goes on; they make the final status 2
//! (ripgrep's `messages.rs` habit).

mod args;
mod config;
mod scan;

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Parser as _;

use args::{Args, ColorChoice, Command, ProfileArg, RulesFormat};
use sdpcheck::{FieldCode, Options, ProfileChoice, Selection, Selector};

/// How the run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    /// No finding that fails the run.
    Success,
    /// At least one failing finding.
    Failure,
    /// The run itself failed (an input could not be read or held no SDP).
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// Parses the flags and runs.
pub(crate) fn run() -> Result<ExitStatus> {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            // clap prints --help/--version itself with status 0; usage errors get 2.
            if !err.use_stderr() {
                err.print().context("writing usage")?;
                return Ok(ExitStatus::Success);
            }
            let mut stderr = io::stderr().lock();
            stderr.write_all(usage_error(&err).as_bytes()).context("writing usage")?;
            return Ok(ExitStatus::Error);
        }
    };
    match &args.command {
        Some(Command::Explain { topic }) => explain(topic),
        Some(Command::Rules { format }) => rules(*format),
        Some(Command::Completions { shell }) => {
            let mut cmd = <Args as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "sdpcheck", &mut io::stdout().lock());
            Ok(ExitStatus::Success)
        }
        Some(Command::Man) => {
            let cmd = <Args as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut io::stdout().lock())?;
            Ok(ExitStatus::Success)
        }
        None => check(&args),
    }
}

/// The settings of a run: flags over the config file.
struct Settings {
    /// Options shared by every input (selection before per-file ignores).
    base: Options,
    select: Vec<Selector>,
    ignore: Vec<Selector>,
    config: config::Loaded,
    fail_on_warning: bool,
}

impl Settings {
    /// Reads the config and merges the flags over it. A bad selector, codec
    /// name or config key is a usage error (exit 2), never ignored.
    fn new(args: &Args) -> Result<Settings> {
        let loaded = config::load(args.config.as_deref(), args.isolated)?;
        let cfg = &loaded.config;
        let parse = |list: &[String]| -> Result<Vec<Selector>> {
            list.iter().map(|s| s.parse::<Selector>().map_err(anyhow::Error::from)).collect()
        };
        // --select replaces the config's selection; ignores add up.
        let select = match &cfg.select {
            _ if !args.select.is_empty() => parse(&args.select)?,
            None => Vec::new(),
            // An empty list would select nothing, which no one means;
            // running every default rule instead would be a silent surprise
            // the other way.
            Some(list) if list.is_empty() => anyhow::bail!(
                "config: `select = []` selects no rule; remove the key for the default rules, or name the rules to run"
            ),
            Some(list) => parse(list)?,
        };
        let mut ignore = parse(&cfg.ignore)?;
        ignore.extend(parse(&args.ignore)?);
        let mut base = Options::default();
        base.profile = match args.profile {
            Some(ProfileArg::Auto) => ProfileChoice::Auto,
            Some(ProfileArg::Webrtc) => ProfileChoice::WebRtc,
            Some(ProfileArg::Sip) => ProfileChoice::Sip,
            None => match cfg.profile.as_deref() {
                None | Some("auto") => ProfileChoice::Auto,
                Some("webrtc") => ProfileChoice::WebRtc,
                Some("sip") => ProfileChoice::Sip,
                Some(other) => {
                    anyhow::bail!("config: profile `{other}` is not auto, webrtc or sip")
                }
            },
        };
        let codecs =
            if args.require_codec.is_empty() { &cfg.require_codec } else { &args.require_codec };
        for name in codecs {
            base.required_codecs.push(name.parse()?);
        }
        // --target replaces the config's targets, as --select does.
        if args.target.is_empty() {
            for name in &cfg.target {
                base.targets.add(
                    args::parse_stack(name).map_err(|e| anyhow::anyhow!("config: target: {e}"))?,
                );
            }
        } else {
            base.targets = sdpcheck::Targets::new(args.target.iter().copied());
        }
        base.role = args.role.map(sdpcheck::extract::Role::from).into();
        base.selection = Selection::new(&select, &ignore);
        // Limits: the config's over the defaults, then each flag over both.
        base.limits = cfg.limits(base.limits)?;
        let flags = [
            (args.max_sdp_bytes, &mut base.limits.max_sdp_bytes),
            (args.max_line_bytes, &mut base.limits.max_line_bytes),
            (args.max_lines, &mut base.limits.max_lines),
            (args.max_media, &mut base.limits.max_media),
            (args.max_formats, &mut base.limits.max_formats),
            (args.max_candidates, &mut base.limits.max_candidates),
            (args.max_findings, &mut base.limits.max_findings),
        ];
        for (flag, limit) in flags {
            if let Some(value) = flag {
                *limit = value;
            }
        }
        let fail_on_warning = args.deny_warnings || cfg.fail_on == Some(config::FailOn::Warning);
        Ok(Settings { base, select, ignore, config: loaded, fail_on_warning })
    }

    /// The options for one input, with its per-file ignores applied.
    fn options_for(&self, path: &Path) -> Options {
        let extra = self.config.ignores_for(path);
        if extra.is_empty() {
            return self.base.clone();
        }
        let mut ignore = self.ignore.clone();
        ignore.extend(extra);
        let mut options = self.base.clone();
        options.selection = Selection::new(&self.select, &ignore);
        options
    }
}

fn check(args: &Args) -> Result<ExitStatus> {
    let settings = Settings::new(args)?;
    scan::check(args, &settings)
}

/// `--color`, with `NO_COLOR` (any non-empty value) turning `auto` off.
pub(crate) fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

/// Reports a per-input failure on stderr. The message may quote a file name,
/// an argument or config text: it is written as one line with every unsafe
/// character made visible (`render::visible`).
pub(crate) fn warn(message: &str) -> Result<()> {
    let mut err = io::stderr().lock();
    writeln!(err, "sdpcheck: error: {}", sdpcheck::render::visible(message))?;
    Ok(())
}

/// clap's usage error, with the arguments it quotes escaped: a value holding
/// a newline and `::error::` must not start a line of its own. clap lays the
/// message out over several lines, so the escaping is done on what it
/// quotes (its context values and the raw arguments), then on each line.
fn usage_error(err: &clap::Error) -> String {
    use clap::error::ContextValue;
    let mut text = err.to_string();
    let mut quoted: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .flat_map(|a| {
            let value = a.split_once('=').map(|(_, v)| v.to_owned());
            std::iter::once(a).chain(value)
        })
        .collect();
    for (_, value) in err.context() {
        match value {
            ContextValue::String(s) => quoted.push(s.clone()),
            ContextValue::Strings(list) => quoted.extend(list.iter().cloned()),
            _ => {}
        }
    }
    // Longest first, so that a value inside a longer argument is not
    // escaped twice.
    quoted.sort_by_key(|q| std::cmp::Reverse(q.len()));
    for q in quoted {
        let shown = sdpcheck::render::visible(&q);
        if shown != q.as_str() {
            text = text.replace(&q, &shown);
        }
    }
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(&sdpcheck::render::visible(line));
        out.push('\n');
    }
    out
}

fn explain(topic: &str) -> Result<ExitStatus> {
    let mut out = io::stdout().lock();
    if let Some(code) = topic.parse::<u32>().ok().and_then(FieldCode::from_number) {
        explain_field_code(&mut out, code)?;
        return Ok(ExitStatus::Success);
    }
    let Ok(rule) = topic.parse::<sdpcheck::RuleId>() else {
        // A pasted browser or PBX error message: find the rules whose docs
        // quote it (`sdpcheck explain "Called with SDP without DTLS fingerprint."`).
        let found = search_docs(topic);
        if !found.is_empty() {
            let topic = sdpcheck::render::visible(topic.trim());
            writeln!(out, "Rules whose documentation mentions \"{topic}\":\n")?;
            for meta in found {
                writeln!(
                    out,
                    "- {} `{}` ({}): {}",
                    meta.code,
                    meta.name,
                    meta.severity,
                    meta.summary()
                )?;
            }
            writeln!(out, "\nRun `sdpcheck explain <RULE>` for one of them.")?;
            return Ok(ExitStatus::Success);
        }
        warn(&format!(
            "`{topic}` is not a rule name, rule code or field code; `sdpcheck rules` lists the rules, and the field codes are {}",
            FieldCode::ALL.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        ))?;
        return Ok(ExitStatus::Error);
    };
    let meta = rule.meta();
    let codes: Vec<String> =
        meta.field_codes.iter().map(|c| format!("{} {}", c.platform(), c.number())).collect();
    writeln!(out, "# {} ({})\n", meta.name, meta.code)?;
    writeln!(out, "Default severity: {}", meta.severity)?;
    writeln!(out, "Profiles: {}", meta.profiles.as_str())?;
    writeln!(
        out,
        "Field codes: {}",
        if codes.is_empty() { "none".to_owned() } else { codes.join(", ") }
    )?;
    write_stacks(&mut out, meta)?;
    writeln!(out)?;
    write!(out, "{}", meta.documentation())?;
    Ok(ExitStatus::Success)
}

/// The real stacks' verdicts a rule's findings may carry, and what
/// `--target` does to them.
fn write_stacks(out: &mut impl Write, meta: &sdpcheck::RuleMeta) -> Result<()> {
    let stacks = meta.declared_stacks();
    if stacks.is_empty() {
        writeln!(out, "Refused by: no real stack's refusal recorded")?;
    } else {
        writeln!(
            out,
            "Refused by (verified by the conformance harnesses, conformance/verdicts/):"
        )?;
        for v in &stacks {
            write!(out, "- {} {}", v.stack, v.stack.verified_version())?;
            // Safari and Edge run libwebrtc too, but not here: nothing more
            // is claimed for them.
            if v.stack == sdpcheck::Stack::Chromium {
                write!(out, ", libwebrtc (verified with Chromium)")?;
            }
            match v.response {
                Some(code) => writeln!(out, ": {code} {}", v.message)?,
                None => writeln!(out, ": \"{}\"", v.message)?,
            }
        }
    }
    if meta.outcome {
        writeln!(
            out,
            "--target: never changes it (the negotiation's outcome or CONTRACT.md's minimum mapping)"
        )?;
    } else {
        writeln!(out, "--target: an error becomes a warning when no targeted stack refuses it")?;
    }
    Ok(())
}

/// Rules whose docs contain `text`, compared case-insensitively with runs
/// of whitespace folded and surrounding quotes and a final period dropped,
/// so a message pasted from a browser console matches the docs' quote;
/// failing that, the same without the browser's wrapping text, and then
/// the rules whose prose repeats most of what is left.
fn search_docs(text: &str) -> Vec<&'static sdpcheck::RuleMeta> {
    fn fold(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
    }
    /// The docs without their SDP examples.
    fn prose(docs: &str) -> String {
        let mut in_example = false;
        let kept: Vec<&str> = docs
            .lines()
            .filter(|line| {
                if line.trim_start().starts_with("```") {
                    in_example = !in_example;
                    return false;
                }
                !in_example
            })
            .collect();
        fold(&kept.join("\n"))
    }
    /// A folded browser error without the text Chrome and libwebrtc put
    /// around the reason.
    fn unwrap_browser_error(folded: &str) -> String {
        let mut text = folded;
        for marker in ["on 'rtcpeerconnection':", "session error description:"] {
            if let Some(at) = text.rfind(marker) {
                text = &text[at + marker.len()..];
            }
        }
        let mut text = text.replace("failed to parse sessiondescription.", " ");
        for side in ["local", "remote"] {
            for kind in ["offer", "pranswer", "answer"] {
                text = text.replace(&format!("failed to set {side} {kind} sdp:"), " ");
            }
        }
        // "Failed to apply the description for m= section with mid='0': ".
        let apply = "failed to apply the description for ";
        while let Some(at) = text.find(apply) {
            let Some(len) = text[at..].find("':") else { break };
            text.replace_range(at..at + len + 2, " ");
        }
        text
    }
    let docs: Vec<(&'static sdpcheck::RuleMeta, String)> =
        sdpcheck::registry::RULES.iter().map(|m| (m, fold(m.docs))).collect();
    let find = |needle: &str| -> Vec<&'static sdpcheck::RuleMeta> {
        docs.iter().filter(|(_, d)| d.contains(needle)).map(|(m, _)| *m).collect()
    };
    let whole = fold(text.trim().trim_matches(['"', '\'', '`']).trim_end_matches('.'));
    if whole.len() < 8 {
        return Vec::new();
    }
    let found = find(&whole);
    if !found.is_empty() {
        return found;
    }
    // Browsers wrap the message: "Failed to execute 'setRemoteDescription'
    // on 'RTCPeerConnection': Failed to set remote answer sdp: ..." or "...
    // Failed to parse SessionDescription. <the SDP line> Invalid SDP line."
    // Drop the wrappers, then try the rest as a whole.
    let inner = unwrap_browser_error(&whole);
    let inner = inner.trim().trim_end_matches('.');
    if inner.len() >= 8 && inner != whole {
        let found = find(inner);
        if !found.is_empty() {
            return found;
        }
    }
    // Else mark the words of the rest that a rule's prose repeats, in runs of
    // two or more words and at least 15 characters (the quoted SDP line
    // between them matches nothing), and keep the rules that repeat the most.
    // The SDP examples are left out (`prose`): their lines would match the
    // line the browser quotes.
    let words: Vec<&str> = inner.split_whitespace().collect();
    let score = |doc: &str| -> usize {
        let mut covered = vec![false; words.len()];
        let mut end = 0;
        for start in 0..words.len() {
            // A run found in the doc stays found without its first word, so
            // the end never moves back.
            end = end.max(start);
            while end < words.len() && doc.contains(&words[start..=end].join(" ")) {
                end += 1;
            }
            let run = &words[start..end];
            if run.len() >= 2 && run.join(" ").len() >= 15 {
                covered[start..end].fill(true);
            }
        }
        words.iter().zip(&covered).filter(|(_, c)| **c).map(|(w, _)| w.len() + 1).sum()
    };
    let scored: Vec<(&'static sdpcheck::RuleMeta, usize)> =
        sdpcheck::registry::RULES.iter().map(|m| (m, score(&prose(m.docs)))).collect();
    let best = scored.iter().map(|(_, s)| *s).max().unwrap_or(0);
    if best == 0 {
        return Vec::new();
    }
    scored.into_iter().filter(|(_, s)| *s == best).map(|(m, _)| m).collect()
}

/// `sdpcheck explain 53404`: the platform's meaning, causes, the rules
/// that report it (from the registry), and the fix.
fn explain_field_code(out: &mut impl Write, code: FieldCode) -> Result<()> {
    let doc = code.doc();
    writeln!(out, "# {} {}: {}\n", code.platform(), code.number(), doc.title)?;
    writeln!(out, "{}\n", doc.meaning)?;
    writeln!(out, "## Common causes in the SDP\n")?;
    for cause in doc.causes {
        writeln!(out, "- {cause}")?;
    }
    writeln!(out, "\n## Rules that report it\n")?;
    for meta in sdpcheck::registry::RULES.iter().filter(|m| m.field_codes.contains(&code)) {
        writeln!(out, "- {} `{}` ({}): {}", meta.code, meta.name, meta.severity, meta.summary())?;
    }
    writeln!(out, "\n## How to fix\n\n{}", doc.fix)?;
    Ok(())
}

fn rules(format: RulesFormat) -> Result<ExitStatus> {
    let mut out = io::stdout().lock();
    match format {
        RulesFormat::Json => {
            let rows: Vec<serde_json::Value> = sdpcheck::registry::RULES
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "code": m.code,
                        "name": m.name,
                        "severity": m.severity,
                        "kind": m.kind,
                        "profiles": m.profiles.as_str(),
                        "codes": m.field_codes,
                        "summary": m.summary(),
                        "outcome": m.outcome,
                        "stacks": m.declared_stacks().iter().map(|v| {
                            let mut row = serde_json::json!({
                                "stack": v.stack.name(),
                                "version": v.stack.verified_version(),
                                "message": v.message,
                            });
                            if let Some(code) = v.response {
                                row["response"] = code.into();
                            }
                            row
                        }).collect::<Vec<_>>(),
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        }
        RulesFormat::Human => {
            for m in sdpcheck::registry::RULES {
                let codes: Vec<String> = m.field_codes.iter().map(ToString::to_string).collect();
                writeln!(
                    out,
                    "{:<8} {:<30} {:<8} {:<7} {:<26} {}",
                    m.code,
                    m.name,
                    m.severity.as_str(),
                    m.profiles.as_str(),
                    codes.join(","),
                    m.summary()
                )?;
            }
        }
    }
    Ok(ExitStatus::Success)
}
