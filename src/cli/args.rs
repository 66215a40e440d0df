//! Command-line flags (clap derive): the raw form the user typed. `mod.rs`
//! turns them into what the run needs.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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

    #[command(subcommand)]
    pub(crate) command: Option<Command>,
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

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Annotated source snippets, for people.
    Human,
    /// One JSON document (CONTRACT.md).
    Json,
    /// One line per finding: `file:line:col: severity[rule] message [codes]`.
    Concise,
    /// One JSON object per finding per line.
    JsonLines,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
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
}
