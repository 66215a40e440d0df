//! The run: reads each input, checks it, renders, and decides the exit
//! status. Per-input failures (an unreadable file, an input with no SDP)
//! are reported and the run goes on; they make the final status 2
//! (ripgrep's `messages.rs` habit).

mod args;

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
        None => check(&args),
    }
}

/// The library options the flags ask for; a bad selector or codec name is
/// a usage error (exit 2), never silently ignored.
fn options(args: &Args) -> Result<Options> {
    let parse = |list: &[String]| -> Result<Vec<Selector>> {
        list.iter().map(|s| s.parse::<Selector>().map_err(anyhow::Error::from)).collect()
    };
    let mut options = Options::default();
    options.selection = Selection::new(&parse(&args.select)?, &parse(&args.ignore)?);
    options.profile = match args.profile {
        ProfileArg::Auto => ProfileChoice::Auto,
        ProfileArg::Webrtc => ProfileChoice::WebRtc,
        ProfileArg::Sip => ProfileChoice::Sip,
    };
    for name in &args.require_codec {
        options.required_codecs.push(name.parse()?);
    }
    Ok(options)
}

fn check(args: &Args) -> Result<ExitStatus> {
    let options = options(args)?;
    let limits = options.limits.clone();
    let mut run_failed = false;
    let mut inputs = Vec::new();
    let paths: Vec<&Path> = if args.inputs.is_empty() {
        vec![Path::new("-")]
    } else {
        args.inputs.iter().map(std::path::PathBuf::as_path).collect()
    };
    for path in paths {
        match read_input(path, &limits) {
            Ok(input) if looks_like_sdp(&input.bytes) => inputs.push(input),
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

    let indexes: Vec<LineIndex> = inputs.iter().map(|i| LineIndex::new(&i.bytes)).collect();
    let reports: Vec<Report<'_>> =
        inputs.iter().map(|i| sdpcheck::check_with(&i.bytes, &options)).collect();
    let entries: Vec<json::Entry<'_, '_>> = inputs
        .iter()
        .zip(&indexes)
        .zip(&reports)
        .map(|((input, index), report)| json::Entry {
            source: &input.name,
            text: &input.bytes,
            index,
            offset: 0,
            role: None,
            report,
        })
        .collect();

    let mut out = io::stdout().lock();
    match args.format {
        Format::Json => writeln!(out, "{}", json::render(&entries))?,
        Format::Human => render_human(&mut out, &entries, args.color)?,
    }
    out.flush()?;

    let fails =
        |sev: Severity| sev == Severity::Error || (args.deny_warnings && sev == Severity::Warning);
    let failed = reports.iter().flat_map(Report::findings).any(|f| fails(f.severity()));
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
    color: ColorChoice,
) -> Result<()> {
    let opts = human::HumanOptions { color: use_color(color), ..human::HumanOptions::default() };
    let (mut errors, mut warnings, mut advice) = (0, 0, 0);
    for entry in entries {
        let findings = entry.report.findings();
        for f in findings {
            match f.severity() {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Advice => advice += 1,
            }
        }
        let mut text = String::new();
        human::render(&mut text, entry.source, entry.text, entry.index, findings, &opts)?;
        out.write_all(text.as_bytes())?;
        let (line, _) = entry.index.position(entry.text, entry.offset);
        let profile = entry.report.profile().describe(entry.report.sdp());
        writeln!(out, "{}:{line}: profile {profile}", entry.source)?;
    }
    let plural =
        |n: usize, word: &str| if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") };
    let sdps = plural(entries.len(), "SDP");
    if errors + warnings + advice == 0 {
        writeln!(out, "{sdps} checked: no problems found")?;
    } else {
        writeln!(out)?;
        writeln!(
            out,
            "{sdps} checked: {}, {}, {advice} advice",
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
fn read_input(path: &Path, limits: &Limits) -> Result<Input> {
    let cap = u64::try_from(limits.max_sdp_bytes).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    let name = if path == Path::new("-") {
        io::stdin().lock().take(cap).read_to_end(&mut bytes).context("reading standard input")?;
        "<stdin>".to_owned()
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
