//! Command-line flags (clap derive): the raw form the user typed. `mod.rs`
//! turns them into what the run needs.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use sdpcheck::render::Format;

/// Finds why an SDP offer/answer fails, and points at the exact line.
///
/// Reads raw SDP from each INPUT (a path, or `-` for standard input; no
/// INPUT reads standard input) and reports every problem, with the field
/// error codes (Twilio 32009/53404, SIP 488, Telnyx 40004, ...) each fault
/// produces.
#[derive(Debug, Parser)]
#[command(name = "sdpcheck", version, args_conflicts_with_subcommands = true, max_term_width = 100)]
pub(crate) struct Args {
    /// Files to check (`-` for standard input).
    #[arg(value_name = "INPUT")]
    pub(crate) inputs: Vec<PathBuf>,

    /// The offer of one explicit offer/answer pair (with `--answer`).
    #[arg(long, value_name = "FILE", requires = "answer", conflicts_with = "inputs")]
    pub(crate) offer: Option<PathBuf>,

    /// The answer to `--offer`: both are checked on their own and together.
    #[arg(long, value_name = "FILE", requires = "offer")]
    pub(crate) answer: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,

    /// Which world to judge each SDP in: `auto` decides per SDP from what it holds.
    /// [default: auto, or the config file's `profile`]
    #[arg(long, value_enum)]
    pub(crate) profile: Option<ProfileArg>,

    /// Require a codec in every audio section, preferred first (repeatable;
    /// `pcma` turns on the G.711 A-law policy; also pcmu, g722, g729, opus).
    #[arg(long = "require-codec", value_name = "NAME")]
    pub(crate) require_codec: Vec<String>,

    /// Only the refusals of these real stacks make an error (repeatable or
    /// comma-separated). A finding whose only claim is that a stack refuses
    /// the SDP becomes a warning when no targeted stack refuses it; findings
    /// about the negotiation's outcome never change. Naming a browser
    /// narrows the browsers only, a SIP stack the SIP stacks only.
    /// [default: every browser under the WebRTC profile, every SIP stack
    /// under SIP, or the config file's `target`]
    #[arg(
        long,
        value_name = "STACK",
        value_delimiter = ',',
        ignore_case = true,
        value_parser = stack_parser()
    )]
    pub(crate) target: Vec<sdpcheck::Stack>,

    /// Whether a single SDP is an offer or an answer, where the input does
    /// not say (answer-only checks run on answers only). A JSON `type`, a
    /// SIP request or response, or `--offer/--answer` say it themselves.
    #[arg(long, value_enum, conflicts_with = "offer")]
    pub(crate) role: Option<RoleArg>,

    /// Only these rules: names, codes or code prefixes (`SDP3`), or ALL;
    /// comma-separated or repeated.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub(crate) select: Vec<String>,

    /// Not these rules: names, codes or code prefixes; comma-separated or
    /// repeated. The more specific of `--select`/`--ignore` wins.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub(crate) ignore: Vec<String>,

    /// When to colour human output (`NO_COLOR` also turns it off).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,

    /// Exit 1 on warnings too, not only on errors.
    #[arg(long)]
    pub(crate) deny_warnings: bool,

    /// Use this config file instead of the nearest `sdpcheck.toml`.
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    pub(crate) config: Option<PathBuf>,

    /// Ignore every config file.
    #[arg(long)]
    pub(crate) isolated: bool,

    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub(crate) output_file: Option<PathBuf>,

    /// The name to show for standard input.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub(crate) stdin_filename: String,

    /// Largest SDP checked, in bytes; `K`/`KiB` and `M`/`MiB` suffixes
    /// (1024-based) are accepted. [default: 1MiB, or the config file's]
    #[arg(long, value_name = "BYTES", value_parser = parse_byte_size)]
    pub(crate) max_sdp_bytes: Option<usize>,

    /// Longest line checked, in bytes (suffixes as for `--max-sdp-bytes`).
    /// [default: 64KiB]
    #[arg(long, value_name = "BYTES", value_parser = parse_byte_size)]
    pub(crate) max_line_bytes: Option<usize>,

    /// Most lines checked in one SDP. [default: 100000]
    #[arg(long, value_name = "N", value_parser = parse_count)]
    pub(crate) max_lines: Option<usize>,

    /// Most media sections (`m=` lines) in one SDP. [default: 1024]
    #[arg(long, value_name = "N", value_parser = parse_count)]
    pub(crate) max_media: Option<usize>,

    /// Most formats on one `m=` line. [default: 1024]
    #[arg(long, value_name = "N", value_parser = parse_count)]
    pub(crate) max_formats: Option<usize>,

    /// Most `a=candidate` lines in one media section. [default: 4096]
    #[arg(long, value_name = "N", value_parser = parse_count)]
    pub(crate) max_candidates: Option<usize>,

    /// Most findings reported for one SDP. [default: 1000]
    #[arg(long, value_name = "N", value_parser = parse_count)]
    pub(crate) max_findings: Option<usize>,

    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

/// Spans are 32-bit byte offsets (`sdpcheck::Span`), so no SDP may be
/// larger than this.
const MAX_BYTE_LIMIT: u64 = u32::MAX as u64;

/// A byte size: `65536`, `64K`, `64KiB`, `1M`, `1MiB` (suffixes are
/// 1024-based and case-insensitive, as `ripgrep --max-filesize` reads them).
/// Zero, overflow and sizes past 4 GiB are errors, never saturated.
pub(crate) fn parse_byte_size(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, suffix) = t.split_at(split);
    let unit: u64 = match suffix.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        _ => return Err(format!("`{text}` is not a byte size (e.g. 65536, 64K, 64KiB, 1M, 1MiB)")),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a byte size (e.g. 65536, 64K, 64KiB, 1M, 1MiB)"))?;
    match n.checked_mul(unit) {
        Some(0) => Err("a limit of 0 bytes would refuse every input".to_owned()),
        Some(bytes) if bytes <= MAX_BYTE_LIMIT => {
            usize::try_from(bytes).map_err(|_| format!("`{text}` is too large for this platform"))
        }
        _ => Err(format!("`{text}` is over the largest supported size, 4 GiB - 1 byte")),
    }
}

/// A stack named by `--target`, in any case.
pub(crate) fn parse_stack(text: &str) -> Result<sdpcheck::Stack, String> {
    text.trim().parse().map_err(|e: sdpcheck::UnknownStack| e.to_string())
}

/// `--target`'s values, listed for `--help` and the completions.
fn stack_parser() -> impl clap::builder::TypedValueParser<Value = sdpcheck::Stack> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(sdpcheck::Stack::ALL.map(sdpcheck::Stack::name))
        .try_map(|name| name.parse::<sdpcheck::Stack>())
}

/// A count limit: a plain positive integer.
pub(crate) fn parse_count(text: &str) -> Result<usize, String> {
    let t = text.trim();
    // Digits only, as `parse_byte_size` reads them: `usize::from_str`
    // would also take `+5`.
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{text}` is not a positive whole number"));
    }
    match t.parse::<usize>() {
        Ok(0) => Err("a limit of 0 would refuse every input".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}` is not a positive whole number")),
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print the documentation of a rule (name or code) or of a field error code (32009, 488, ...).
    Explain {
        /// A rule name (`missing-connection`), rule code (`SDP2001`) or field code (`53404`).
        topic: String,
    },
    /// List every rule: code, name, severity, field codes, summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

/// `sdpcheck rules --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RulesFormat {
    /// A table.
    Human,
    /// A JSON array.
    Json,
}

/// `--profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ProfileArg {
    /// Decide per SDP: DTLS transports, fingerprints or ICE with DTLS mean WebRTC.
    Auto,
    /// Judge every SDP as a browser would.
    Webrtc,
    /// Judge every SDP as a SIP endpoint or trunk would.
    Sip,
}

/// `--role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RoleArg {
    /// The SDP is an offer.
    Offer,
    /// The SDP is an answer: answer-only checks apply.
    Answer,
}

impl From<RoleArg> for sdpcheck::extract::Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Offer => sdpcheck::extract::Role::Offer,
            RoleArg::Answer => sdpcheck::extract::Role::Answer,
        }
    }
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when standard output is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn byte_sizes_take_binary_suffixes_and_reject_overflow() {
        for (text, want) in [
            ("65536", 65536),
            ("64K", 64 << 10),
            ("64kib", 64 << 10),
            ("64KiB", 64 << 10),
            ("2M", 2 << 20),
            ("2MiB", 2 << 20),
            ("4095M", 4095 << 20),
        ] {
            assert_eq!(parse_byte_size(text), Ok(want), "{text}");
        }
        for bad in [
            "",
            "0",
            "0K",
            "-1",
            "1.5M",
            "1G",
            "4096M",
            "1 M",
            "M",
            "18446744073709551616",
            "99999999999999K",
        ] {
            assert!(parse_byte_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_are_positive_integers() {
        assert_eq!(parse_count("100000"), Ok(100_000));
        for bad in ["0", "-5", "1K", "x", ""] {
            assert!(parse_count(bad).is_err(), "{bad}");
        }
    }
}
