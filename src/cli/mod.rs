//! The run: reads each input, checks it, renders, and decides the exit
//! status. Per-input failures (an unreadable file, an input with no SDP)
//! are reported and the run goes on; they make the final status 2
//! (ripgrep's `messages.rs` habit).

mod args;
mod config;

use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Parser as _;

use args::{Args, ColorChoice, Command, Format, ProfileArg};
use sdpcheck::report::{human, json};
use sdpcheck::source::LineIndex;
use sdpcheck::{FieldCode, Limits, Options, ProfileChoice, Report, Selection, Selector, Severity};

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

/// One input read into memory.
struct Input {
    name: String,
    bytes: Vec<u8>,
}

/// Parses the flags and runs.
pub(crate) fn run() -> Result<ExitStatus> {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            // clap prints --help/--version itself with status 0; usage errors get 2.
            let status = if err.use_stderr() { ExitStatus::Error } else { ExitStatus::Success };
            err.print().context("writing usage")?;
            return Ok(status);
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
        let select =
            if args.select.is_empty() { parse(&cfg.select)? } else { parse(&args.select)? };
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
        base.selection = Selection::new(&select, &ignore);
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
    let limits = settings.base.limits.clone();
    let mut run_failed = false;
    let mut inputs = Vec::new();
    // `--offer/--answer` name one explicit pair; otherwise every INPUT
    // (or standard input) is checked on its own.
    let pair_mode = args.offer.is_some() && args.answer.is_some();
    let paths: Vec<&Path> = match (&args.offer, &args.answer) {
        (Some(offer), Some(answer)) => vec![offer.as_path(), answer.as_path()],
        _ if args.inputs.is_empty() => vec![Path::new("-")],
        _ => args.inputs.iter().map(std::path::PathBuf::as_path).collect(),
    };
    for path in paths {
        match read_input(path, &limits, &args.stdin_filename) {
            Ok(input) if looks_like_sdp(&input.bytes) => inputs.push((path, input)),
            Ok(input) => {
                run_failed = true;
                warn(&format!(
                    "no SDP found in {}: looked for lines of the form `<letter>=<value>` starting with `v=0`",
                    input.name
                ))?;
            }
            Err(err) => {
                run_failed = true;
                warn(&format!("{err:#}"))?;
            }
        }
    }
    if pair_mode && inputs.len() != 2 {
        // One side is missing: nothing can be paired, and the run failed.
        return Ok(ExitStatus::Error);
    }

    let indexes: Vec<LineIndex> = inputs.iter().map(|(_, i)| LineIndex::new(&i.bytes)).collect();
    let pair = match inputs.as_slice() {
        // Per-file ignores follow the answer, where pair findings sit.
        [(_, offer), (answer_path, answer)] if pair_mode => Some(sdpcheck::check_pair_with(
            &offer.bytes,
            &answer.bytes,
            &settings.options_for(answer_path),
        )),
        _ => None,
    };
    let single: Vec<Report<'_>> = if pair.is_some() {
        Vec::new()
    } else {
        inputs
            .iter()
            .map(|(path, i)| sdpcheck::check_with(&i.bytes, &settings.options_for(path)))
            .collect()
    };
    let reports: Vec<&Report<'_>> = match &pair {
        Some(p) => vec![p.offer(), p.answer()],
        None => single.iter().collect(),
    };
    let roles: [Option<&'static str>; 2] =
        if pair.is_some() { [Some("offer"), Some("answer")] } else { [None, None] };
    let entries: Vec<json::Entry<'_, '_>> = inputs
        .iter()
        .map(|(_, input)| input)
        .zip(&indexes)
        .zip(&reports)
        .enumerate()
        .map(|(i, ((input, index), report))| json::Entry {
            source: &input.name,
            text: &input.bytes,
            index,
            offset: 0,
            role: roles.get(i).copied().flatten(),
            report,
        })
        .collect();
    let pairs: Vec<json::PairEntry<'_, '_>> =
        pair.iter().map(|report| json::PairEntry { offer: 0, answer: 1, report }).collect();

    let mut report = Vec::new();
    match args.format {
        Format::Json => writeln!(report, "{}", json::render(&entries, &pairs))?,
        // A file gets no colour, whatever the terminal.
        Format::Human => {
            let color = if args.output_file.is_some() { ColorChoice::Never } else { args.color };
            render_human(&mut report, &entries, &pairs, color)?;
        }
    }
    if let Some(path) = &args.output_file {
        std::fs::write(path, &report)
            .with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        let mut out = io::stdout().lock();
        out.write_all(&report)?;
        out.flush()?;
    }

    let fails = |sev: Severity| {
        sev == Severity::Error || (settings.fail_on_warning && sev == Severity::Warning)
    };
    let pair_findings = pair.iter().flat_map(sdpcheck::PairReport::findings);
    let failed =
        reports.iter().flat_map(|r| r.findings()).chain(pair_findings).any(|f| fails(f.severity()));
    Ok(if run_failed {
        ExitStatus::Error
    } else if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Human output: each input's findings, then one summary line.
fn render_human(
    out: &mut impl Write,
    entries: &[json::Entry<'_, '_>],
    pairs: &[json::PairEntry<'_, '_>],
    color: ColorChoice,
) -> Result<()> {
    let opts = human::HumanOptions { color: use_color(color), ..human::HumanOptions::default() };
    let (mut errors, mut warnings, mut advice) = (0, 0, 0);
    let mut count = |findings: &[sdpcheck::Finding]| {
        for f in findings {
            match f.severity() {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Advice => advice += 1,
            }
        }
    };
    for entry in entries {
        let findings = entry.report.findings();
        count(findings);
        let mut text = String::new();
        human::render(&mut text, entry.source, entry.text, entry.index, findings, &opts)?;
        out.write_all(text.as_bytes())?;
        let (line, _) = entry.index.position(entry.text, entry.offset);
        let profile = entry.report.profile().describe(entry.report.sdp());
        let role = entry.role.map(|r| format!(" ({r})")).unwrap_or_default();
        writeln!(out, "{}:{line}{role}: profile {profile}", entry.source)?;
    }
    for pair in pairs {
        let (Some(offer), Some(answer)) = (entries.get(pair.offer), entries.get(pair.answer))
        else {
            continue;
        };

        count(pair.report.findings());
        let mut text = String::new();
        human::render_pair(&mut text, side(offer), side(answer), pair.report.findings(), &opts)?;
        if !text.is_empty() {
            writeln!(out)?;
            out.write_all(text.as_bytes())?;
        }
        writeln!(out, "\nNegotiated ({} → {}):", offer.source, answer.source)?;
        out.write_all(human::negotiation_table(pair.report.negotiation(), &opts).as_bytes())?;
    }
    let plural =
        |n: usize, word: &str| if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") };
    let sdps = plural(entries.len(), "SDP");
    let what = if pairs.is_empty() {
        format!("{sdps} checked")
    } else {
        format!("{sdps} and {} checked", plural(pairs.len(), "pair"))
    };
    if errors + warnings + advice == 0 {
        writeln!(out, "{what}: no problems found")?;
    } else {
        writeln!(out)?;
        writeln!(
            out,
            "{what}: {}, {}, {advice} advice",
            plural(errors, "error"),
            plural(warnings, "warning")
        )?;
    }
    Ok(())
}

/// `--color`, with `NO_COLOR` (any non-empty value) turning `auto` off.
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

/// Reads a file, or standard input for `-`. Reads at most one byte past the
/// size limit: a larger input is reported by the parser, never loaded whole.
fn read_input(path: &Path, limits: &Limits, stdin_name: &str) -> Result<Input> {
    let cap = u64::try_from(limits.max_sdp_bytes).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    let name = if path == Path::new("-") {
        io::stdin().lock().take(cap).read_to_end(&mut bytes).context("reading standard input")?;
        stdin_name.to_owned()
    } else {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        file.take(cap)
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read {}", path.display()))?;
        path.display().to_string()
    };
    Ok(Input { name, bytes })
}

/// True if any line starts with `<lower-case letter>=`: anything else is
/// not SDP at all, and gets exit status 2 rather than a page of findings.
fn looks_like_sdp(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.split(|b| *b == b'\n').any(|line| {
        let line = line.trim_ascii_start();
        line.len() >= 2 && line[0].is_ascii_alphabetic() && line[1] == b'='
    })
}

fn warn(message: &str) -> Result<()> {
    let mut err = io::stderr().lock();
    writeln!(err, "sdpcheck: error: {message}")?;
    Ok(())
}

fn explain(topic: &str) -> Result<ExitStatus> {
    let mut out = io::stdout().lock();
    if let Some(code) = topic.parse::<u32>().ok().and_then(FieldCode::from_number) {
        explain_field_code(&mut out, code)?;
        return Ok(ExitStatus::Success);
    }
    let Ok(rule) = topic.parse::<sdpcheck::RuleId>() else {
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
        "Field codes: {}\n",
        if codes.is_empty() { "none".to_owned() } else { codes.join(", ") }
    )?;
    write!(out, "{}", meta.documentation())?;
    Ok(ExitStatus::Success)
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

fn rules(format: Format) -> Result<ExitStatus> {
    let mut out = io::stdout().lock();
    match format {
        Format::Json => {
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
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        }
        Format::Human => {
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

/// The renderer's view of one side of a pair.
fn side<'e>(entry: &json::Entry<'e, '_>) -> human::Side<'e> {
    human::Side { name: entry.source, text: entry.text, index: entry.index }
}
