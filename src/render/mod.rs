//! Renderers: findings → bytes, one file per output format, all behind one
//! interface: a [`Format`] picks a [`Renderer`], the caller
//! [pushes](Renderer::push) the run's descriptions to it in input order and
//! [finishes](Renderer::finish) it. The CLI and [`render`] (a whole run at
//! once) drive every format the same way.
//!
//! # Adding an output format
//!
//! 1. One file, `src/render/<format>.rs`: a type implementing [`Renderer`].
//!    A format that writes one line per finding needs only a function that
//!    appends the line of one located finding (see `concise.rs`) and
//!    is driven by `per_finding.rs`; a document format keeps its own state
//!    (see `json.rs`, `sarif.rs`).
//! 2. One variant of [`Format`] (its doc comment is the `--format` help
//!    text), gated on the feature the format needs.
//! 3. One arm in [`Format::renderer`].
//!
//! Nothing else: the CLI takes `--format` values from [`Format`] and never
//! names a format, and `tests/it/stream.rs` compares the CLI's streamed
//! output with [`render`] for every variant.
//!
//! # What the interface is built for
//!
//! - **Live input** (output as each SDP completes): the CLI pushes one
//!   description (with the pair it answers) at a time. A renderer whose
//!   [`Renderer::streams`] is true writes only complete lines per push, so
//!   the caller may flush its writer after each push; JSON and SARIF are one
//!   document and hold the `pairs`/`diagnostics` arrays (spilled to disk past
//!   a few MiB) until [`Renderer::finish`].
//! - **Parallel workers**: every [`Entry`] carries its run-wide
//!   [`number`](Entry::number), and a renderer expects pushes in that order.
//!   Workers that check out of order hand their pushes to a reorder buffer
//!   (keyed by the first non-quoted entry's number) that releases them to
//!   the renderer in sequence; no renderer changes for it.
//! - **A summary at the end** (statistics per rule and field code, repeated
//!   SDPs counted): [`Renderer::finish`] is where each format writes what
//!   only the end of the run knows (the human summary line and the JSON
//!   `summary` already live there). Statistics are gathered from the pushes
//!   themselves, by a counter every renderer owns or one the caller passes
//!   to a new constructor argument, and written by `finish`.
//!
//! The machine formats need the `serde` feature, the human one `miette`
//! (both on with the default `cli` feature).

#[cfg(feature = "serde")]
pub(crate) mod common;
#[cfg(feature = "serde")]
mod concise;
mod entry;
mod escape;
#[cfg(feature = "serde")]
mod github;
#[cfg(feature = "miette")]
pub mod human;
#[cfg(feature = "serde")]
mod json;
#[cfg(feature = "serde")]
mod json_lines;
#[cfg(feature = "serde")]
mod per_finding;
#[cfg(feature = "serde")]
mod sarif;
#[cfg(feature = "serde")]
mod spill;
#[cfg(test)]
mod testing;

use std::io;

pub use entry::{Entry, PairEntry};
pub use escape::visible;
#[cfg(feature = "serde")]
use per_finding::PerFinding;

/// An output format (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum Format {
    /// Annotated source snippets, for people.
    #[cfg(feature = "miette")]
    Human,
    /// One JSON document (CONTRACT.md).
    #[cfg(feature = "serde")]
    Json,
    /// One line per finding: `file:line:col: severity[rule] message [codes]`.
    #[cfg(feature = "serde")]
    Concise,
    /// One JSON object per finding per line.
    #[cfg(feature = "serde")]
    JsonLines,
    /// SARIF 2.1.0, for code-scanning tools.
    #[cfg(feature = "serde")]
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    #[cfg(feature = "serde")]
    Github,
}

impl Format {
    /// The renderer of this format, writing to `out`.
    pub fn renderer<'w, W: io::Write + 'w>(
        self,
        out: W,
        options: &RenderOptions,
    ) -> Box<dyn Renderer + 'w> {
        // Without either feature there is no format at all.
        let _ = (&out, options);
        match self {
            #[cfg(feature = "miette")]
            Format::Human => Box::new(human::Human::new(out, options.human.clone())),
            #[cfg(feature = "serde")]
            Format::Json => Box::new(json::Json::new(out)),
            #[cfg(feature = "serde")]
            Format::Concise => Box::new(PerFinding::new(out, concise::line)),
            #[cfg(feature = "serde")]
            Format::JsonLines => Box::new(PerFinding::new(out, json_lines::line)),
            #[cfg(feature = "serde")]
            Format::Sarif => Box::new(sarif::Sarif::new(out, &options.raw_names)),
            #[cfg(feature = "serde")]
            Format::Github => Box::new(PerFinding::new(out, github::line)),
        }
    }
}

/// Writes one run in one format: descriptions pushed in input order as they
/// are checked, then [`finish`](Renderer::finish).
///
/// Pushing a run in one call or one description at a time (each with the
/// pairs it completes, and the offer of a pair as a
/// [quoted](Entry::quoted) entry) writes the same bytes: each push's
/// findings are sorted by position, and each description's findings lie in
/// its own stretch of the input.
pub trait Renderer {
    /// Adds descriptions (a [quoted](Entry::quoted) entry is only there for
    /// a pair's labels to point into, and is not reported again) and the
    /// offer/answer pairs among them.
    ///
    /// # Errors
    ///
    /// When writing the output (or a spill file) fails.
    fn push(&mut self, entries: &[Entry<'_, '_>], pairs: &[PairEntry<'_, '_>]) -> io::Result<()>;

    /// Writes what only the end of the run knows (the rest of a document,
    /// a summary) and flushes the output.
    ///
    /// # Errors
    ///
    /// When writing or flushing the output fails.
    fn finish(self: Box<Self>) -> io::Result<()>;

    /// True when each [`push`](Renderer::push) writes its findings in
    /// full, as complete lines, so that live output may be flushed after
    /// every push; false for a format that is one document, complete only
    /// once [finished](Renderer::finish) (JSON, SARIF).
    fn streams(&self) -> bool {
        true
    }
}

/// How the renderers draw, decided once by the caller (the library never
/// probes the terminal).
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Human output: colour, width, context lines, findings shown.
    #[cfg(feature = "miette")]
    pub human: human::HumanOptions,
    /// Input names that are not UTF-8: (the name as shown, with `\xNN` for
    /// each byte that is not UTF-8; the raw bytes). SARIF percent-encodes
    /// the raw bytes into its artifact URIs, so such a name stays distinct
    /// and decodable.
    pub raw_names: Vec<(String, Vec<u8>)>,
}

/// A whole run rendered at once: the bytes a [`Renderer`] of `format`
/// writes for one push of `entries` and `pairs`, and its finish.
///
/// ```
/// use sdpcheck::render::{Entry, Format, RenderOptions, render};
/// use sdpcheck::source::LineIndex;
///
/// let sdp = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 99999 RTP/AVP 0\r\n";
/// let report = sdpcheck::check(sdp);
/// let index = LineIndex::new(sdp);
/// let entry = Entry::new("offer.sdp", sdp, &index, &report);
/// let out = render(Format::Concise, &[entry], &[], &RenderOptions::default());
/// assert!(out.starts_with("offer.sdp:5:9: error[number-out-of-range]"));
/// ```
pub fn render(
    format: Format,
    entries: &[Entry<'_, '_>],
    pairs: &[PairEntry<'_, '_>],
    options: &RenderOptions,
) -> String {
    let mut out = Vec::new();
    let mut renderer = format.renderer(&mut out, options);
    // Writing into a `Vec` cannot fail (nor can a spill file, but for a
    // full disk: what was written is then returned).
    let _ = renderer.push(entries, pairs).and_then(|()| renderer.finish());
    // Every renderer writes UTF-8 only.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(all(test, feature = "serde", feature = "miette"))]
mod tests {
    use super::*;
    use crate::registry::RuleId;
    use crate::source::LineIndex;
    use crate::stacks::{Stack, StackVerdict};
    use crate::{Finding, Span};

    const REFUSALS: &[StackVerdict] = &[
        StackVerdict::browser(
            Stack::Chromium,
            "Failed to execute 'setRemoteDescription' on 'RTCPeerConnection': Failed to set remote offer sdp: Called with SDP without DTLS fingerprint.",
        ),
        StackVerdict::sip(Stack::Pjsip, 488, "Not Acceptable Here"),
    ];

    const SDP: &[u8] = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n";

    /// Every format of one description holding one finding with `stacks`,
    /// and one without.
    fn rendered(format: Format) -> String {
        let mut report = crate::check(SDP);
        report.findings = vec![
            Finding::new(RuleId::MissingFingerprint, "no fingerprint")
                .with_label(Span::new(63, 80), "here")
                .with_stacks(REFUSALS),
            Finding::new(RuleId::DuplicatePayloadType, "plain").with_label(Span::new(0, 3), "x"),
        ];
        let index = LineIndex::new(SDP);
        let entry = Entry::new("a.sdp", SDP, &index, &report);
        render(format, &[entry], &[], &RenderOptions::default())
    }

    #[test]
    fn json_diagnostics_carry_the_refusing_stacks() {
        let doc: serde_json::Value = serde_json::from_str(&rendered(Format::Json)).unwrap();
        let diagnostics = doc["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 2);
        // Sorted by position: the plain finding first, with no `stacks` key.
        assert!(diagnostics[0].get("stacks").is_none(), "{}", diagnostics[0]);
        assert_eq!(
            diagnostics[1]["stacks"],
            serde_json::json!([
                {"stack": "chromium", "version": Stack::Chromium.verified_version(),
                 "message": REFUSALS[0].message},
                {"stack": "pjsip", "version": Stack::Pjsip.verified_version(),
                 "response": 488, "message": "Not Acceptable Here"},
            ])
        );
        // JSON lines: the same object per line.
        let lines = rendered(Format::JsonLines);
        let last: serde_json::Value = serde_json::from_str(lines.lines().last().unwrap()).unwrap();
        assert_eq!(last["stacks"], diagnostics[1]["stacks"]);
    }

    #[test]
    fn sarif_results_carry_them_in_properties() {
        let log: serde_json::Value = serde_json::from_str(&rendered(Format::Sarif)).unwrap();
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert!(results[0]["properties"].get("stacks").is_none());
        assert_eq!(results[1]["properties"]["stacks"][1]["response"], 488);
        assert_eq!(results[1]["properties"]["stacks"][0]["stack"], "chromium");
    }

    #[test]
    fn human_output_names_them_in_one_short_line() {
        let text = rendered(Format::Human);
        let lines: Vec<&str> = text.lines().filter(|l| l.contains("refused by")).collect();
        assert_eq!(lines.len(), 1, "{text}");
        assert!(
            text.contains(
                "  refused by: Chromium 156 (\"Failed to set remote offer sdp: Called with SDP without DTLS\n              fingerprint.\"), pjsip 2.15.1 (488 Not Acceptable Here)\n"
            ),
            "{text}"
        );
    }
}
