//! `sdpcheck.toml`: project settings, found by walking up from the current
//! directory (or named with `--config`, or skipped with `--isolated`).
//!
//! SDP has no comment syntax, so this file (and `--ignore`) is the only way
//! to silence a finding. Flags given on the command line override it.
//!
//! ```toml
//! profile = "sip"
//! require-codec = ["pcma"]
//! target = ["chromium"]   # as --target: chromium, firefox, pjsip, baresip
//! select = ["ALL"]
//! ignore = ["hold-connection-address"]
//! fail-on = "warning"
//! max-sdp-bytes = "2MiB"   # or 2097152; also max-line-bytes
//! max-lines = 200000       # also max-media, max-formats, max-candidates, max-findings
//!
//! [per-file-ignores]
//! "captures/lan-*.sdp" = ["private-connection-address"]
//! ```

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use sdpcheck::Selector;

use super::args::{parse_byte_size, parse_count};

/// The file name looked for.
pub(crate) const FILE_NAME: &str = "sdpcheck.toml";

/// The largest config file read: a real one is a few hundred bytes, and the
/// file may come from any cloned repository.
pub(crate) const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The most patterns (selectors, codec names, per-file-ignores globs and
/// their selectors) one config may hold: each costs memory and time per
/// input (a compiled glob is matched against every file name).
pub(crate) const MAX_PATTERNS: usize = 4096;

/// The settings as written. Unknown keys are errors, with the position in
/// the file (toml's error carries line, column and a snippet).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Config {
    /// `auto`, `webrtc` or `sip`.
    pub(crate) profile: Option<String>,
    /// Codecs every audio section must offer.
    #[serde(default)]
    pub(crate) require_codec: Vec<String>,
    /// Stacks whose refusals make an error (`--target`).
    #[serde(default)]
    pub(crate) target: Vec<String>,
    /// Rule selectors to run.
    /// `None` when the key is absent: the default selection. `Some([])` is
    /// refused (it would select nothing).
    pub(crate) select: Option<Vec<String>>,
    /// Rule selectors to skip.
    #[serde(default)]
    pub(crate) ignore: Vec<String>,
    /// `error` (default) or `warning`: the lowest severity that fails the run.
    pub(crate) fail_on: Option<FailOn>,
    /// Glob (relative to the config file's directory) → selectors to skip for matching inputs.
    #[serde(default)]
    pub(crate) per_file_ignores: std::collections::BTreeMap<String, Vec<String>>,
    /// `sdpcheck::Limits::max_sdp_bytes`: bytes, or text with a size suffix.
    pub(crate) max_sdp_bytes: Option<ByteSize>,
    /// `sdpcheck::Limits::max_line_bytes`.
    pub(crate) max_line_bytes: Option<ByteSize>,
    /// `sdpcheck::Limits::max_lines`.
    pub(crate) max_lines: Option<u64>,
    /// `sdpcheck::Limits::max_media`.
    pub(crate) max_media: Option<u64>,
    /// `sdpcheck::Limits::max_formats`.
    pub(crate) max_formats: Option<u64>,
    /// `sdpcheck::Limits::max_candidates`.
    pub(crate) max_candidates: Option<u64>,
    /// `sdpcheck::Limits::max_findings`.
    pub(crate) max_findings: Option<u64>,
}

/// A byte size as TOML holds it: `2097152` or `"2MiB"`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub(crate) enum ByteSize {
    /// A plain number of bytes.
    Bytes(u64),
    /// A number with a suffix, read as `--max-sdp-bytes` reads it.
    Text(String),
}

impl Config {
    /// `base` with every limit this file sets. The same checks as the flags
    /// apply (no zero, no overflow), with the key named in the error.
    pub(crate) fn limits(&self, mut base: sdpcheck::Limits) -> Result<sdpcheck::Limits> {
        let bytes = |key: &str, v: &Option<ByteSize>, into: &mut usize| -> Result<()> {
            let text = match v {
                None => return Ok(()),
                Some(ByteSize::Bytes(n)) => n.to_string(),
                Some(ByteSize::Text(t)) => t.clone(),
            };
            *into = parse_byte_size(&text).map_err(|e| anyhow::anyhow!("config: {key}: {e}"))?;
            Ok(())
        };
        let count = |key: &str, v: Option<u64>, into: &mut usize| -> Result<()> {
            if let Some(n) = v {
                *into = parse_count(&n.to_string())
                    .map_err(|e| anyhow::anyhow!("config: {key}: {e}"))?;
            }
            Ok(())
        };
        bytes("max-sdp-bytes", &self.max_sdp_bytes, &mut base.max_sdp_bytes)?;
        bytes("max-line-bytes", &self.max_line_bytes, &mut base.max_line_bytes)?;
        count("max-lines", self.max_lines, &mut base.max_lines)?;
        count("max-media", self.max_media, &mut base.max_media)?;
        count("max-formats", self.max_formats, &mut base.max_formats)?;
        count("max-candidates", self.max_candidates, &mut base.max_candidates)?;
        count("max-findings", self.max_findings, &mut base.max_findings)?;
        Ok(base)
    }
}

/// `fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FailOn {
    /// Exit 1 on errors only.
    Error,
    /// Exit 1 on warnings too.
    Warning,
}

/// A loaded config and where it came from.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    /// The settings.
    pub(crate) config: Config,
    /// The directory `per-file-ignores` globs are relative to.
    pub(crate) root: PathBuf,
    /// Compiled `per-file-ignores`: glob set and, per glob, its selectors.
    per_file: Option<(GlobSet, Vec<Vec<Selector>>)>,
}

impl Loaded {
    /// The extra `--ignore` selectors for `input` (a path as given).
    pub(crate) fn ignores_for(&self, input: &Path) -> Vec<Selector> {
        let Some((set, selectors)) = &self.per_file else { return Vec::new() };
        let relative = input.strip_prefix(&self.root).unwrap_or(input);
        let relative = relative.strip_prefix("./").unwrap_or(relative);
        set.matches(relative)
            .into_iter()
            .filter_map(|i| selectors.get(i))
            .flatten()
            .cloned()
            .collect()
    }
}

/// Finds and loads the config: `explicit` if given, else the nearest
/// `sdpcheck.toml` from the current directory up; none under `isolated`.
pub(crate) fn load(explicit: Option<&Path>, isolated: bool) -> Result<Loaded> {
    if isolated {
        return Ok(Loaded::default());
    }
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => find_upwards(&std::env::current_dir().context("reading the current directory")?),
    };
    let Some(path) = path else { return Ok(Loaded::default()) };
    let text = read_limited(&path)?;
    let config: Config = toml::from_str(&text).map_err(|e| toml_error(&path, &text, &e))?;
    let patterns = config.require_codec.len()
        + config.select.as_ref().map_or(0, Vec::len)
        + config.ignore.len()
        + config.per_file_ignores.values().map(|v| v.len() + 1).sum::<usize>();
    if patterns > MAX_PATTERNS {
        bail!(
            "{}: {patterns} patterns (selectors, codec names, globs), over the limit of {MAX_PATTERNS}",
            path.display()
        );
    }
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let per_file = compile_per_file(&config, &path)?;
    Ok(Loaded { config, root, per_file })
}

/// The config's text, refused past [`MAX_CONFIG_BYTES`] (read no further:
/// the path may name `/dev/zero`).
fn read_limited(path: &Path) -> Result<String> {
    use std::io::Read as _;
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        bail!("{}: over {} bytes; a config is a few lines", path.display(), MAX_CONFIG_BYTES);
    }
    String::from_utf8(bytes).with_context(|| format!("{}: not UTF-8", path.display()))
}

/// A TOML error on one line, `path:line:column: message`: toml's own layout
/// quotes the config over several lines, and the config (found by walking up
/// from the working directory) may come from a cloned repository.
fn toml_error(path: &Path, text: &str, err: &toml::de::Error) -> anyhow::Error {
    let at = err.span().map(|span| {
        let before = text.get(..span.start).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
        format!(": line {line}, column {column}")
    });
    let message = err.message().trim_end().replace('\n', "; ");
    anyhow::anyhow!("{}{}: {message}", path.display(), at.unwrap_or_default())
}

fn find_upwards(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join(FILE_NAME)).find(|p| p.is_file())
}

fn compile_per_file(config: &Config, path: &Path) -> Result<Option<(GlobSet, Vec<Vec<Selector>>)>> {
    if config.per_file_ignores.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    let mut selectors = Vec::new();
    for (glob, rules) in &config.per_file_ignores {
        let glob = Glob::new(glob).with_context(|| {
            format!("{}: bad glob `{glob}` in per-file-ignores", path.display())
        })?;
        builder.add(glob);
        let parsed: Result<Vec<Selector>> = rules
            .iter()
            .map(|r| {
                r.parse::<Selector>()
                    .map_err(|e| anyhow::anyhow!("{}: per-file-ignores: {e}", path.display()))
            })
            .collect();
        selectors.push(parsed?);
    }
    let set = builder.build().with_context(|| format!("{}: per-file-ignores", path.display()))?;
    if set.len() != selectors.len() {
        bail!("{}: per-file-ignores could not be compiled", path.display());
    }
    Ok(Some((set, selectors)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_a_position() {
        let err = toml::from_str::<Config>("profile = \"sip\"\nrequire_codecs = [\"pcma\"]\n")
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("require_codecs") && text.contains("line 2"), "{text}");
    }

    #[test]
    fn full_config_parses() {
        let config: Config = toml::from_str(
            "profile = \"sip\"\nrequire-codec = [\"pcma\"]\nselect = [\"ALL\"]\nignore = [\"SDP2005\"]\nfail-on = \"warning\"\n[per-file-ignores]\n\"lan/*.sdp\" = [\"private-connection-address\"]\n",
        )
        .unwrap();
        assert_eq!(config.fail_on, Some(FailOn::Warning));
        assert_eq!(config.per_file_ignores.len(), 1);
    }

    #[test]
    fn limits_take_numbers_or_sizes_and_reject_zero() {
        let config: Config = toml::from_str(
            "max-sdp-bytes = \"2MiB\"\nmax-line-bytes = 131072\nmax-lines = 7\nmax-media = 8\nmax-formats = 9\nmax-findings = 10\n",
        )
        .unwrap();
        let limits = config.limits(sdpcheck::Limits::default()).unwrap();
        assert_eq!(
            (limits.max_sdp_bytes, limits.max_line_bytes, limits.max_lines),
            (2 << 20, 128 << 10, 7)
        );
        assert_eq!((limits.max_media, limits.max_formats, limits.max_findings), (8, 9, 10));
        let unset = Config::default().limits(sdpcheck::Limits::default()).unwrap();
        assert_eq!(unset, sdpcheck::Limits::default());
        for bad in ["max-lines = 0", "max-sdp-bytes = \"1.5M\"", "max-sdp-bytes = 0"] {
            let config: Config = toml::from_str(bad).unwrap();
            let err = config.limits(sdpcheck::Limits::default()).unwrap_err().to_string();
            assert!(err.contains(bad.split(' ').next().unwrap()), "{bad}: {err}");
        }
        assert!(toml::from_str::<Config>("max-lines = -1").is_err());
    }
}
