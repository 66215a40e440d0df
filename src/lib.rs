//! sdpcheck: finds why an SDP offer or answer fails, and points at the line.
//!
//! A call that fails with Twilio 32009 or 53404, SIP 488 or Telnyx 40004
//! almost always has its cause written in the SDP. sdpcheck parses the
//! description strictly (RFC 8866), keeps the exact byte span of every
//! element, runs its rules, and reports each problem as a [`Finding`] with a
//! stable rule id, a severity, a label on the offending bytes, a help line,
//! and the field error codes the fault produces.
//!
//! The pipeline: input → [`extract`] (SDPs out of logs, JSON, SIP) →
//! bytes → [`parse()`] (syntax findings) → [`check()`] (rules) → findings →
//! a renderer ([`render`]). The library never prints and never panics,
//! whatever the input.
//!
//! ## Layers
//!
//! Every `use crate::…` (and every `crate::x::` path in code) points from a
//! module to one in its own layer or a lower one; `tests/it/layers.rs` reads
//! this table and fails on an edge upward, and on a rule file that imports
//! another rule file (rules share code through `rules::helpers`,
//! `rules::pair::codecs` and `rules::session::required_codec`). The one
//! sanctioned exception: the registry's table names each rule's docs and
//! check function (`registry` → `rules`, `parse`), as ruff's `codes.rs`
//! does; rules and the parser import the registry downward.
//!
//! | layer | modules | what they hold |
//! | --- | --- | --- |
//! | 0 | `span` `source` `limits` `stacks` | byte spans, line/column lookup and `char_count`, the limits, the real stacks and their verdicts |
//! | 1 | `finding` `field_codes` `registry` `select` | the vocabulary: `Finding` and its sink, `RuleId` and each rule's metadata, field codes, profiles, the rule selection |
//! | 2 | `model` `parse` `codec` | the parsed description, the parser and its diagnostics (`parse::diagnostics`), codecs of a section |
//! | 3 | `extract` `capture` | SDPs found in logs, JSON, SIP messages; SIP and WebSocket messages read from packet captures |
//! | 4 | `negotiate` `profile` `write` | offer/answer negotiation, the profile decision, the writer |
//! | 5 | `options` `targets` | a run's options; `--target` and the demotion it makes |
//! | 6 | `rules` `browser` | the rules (engine, context, helpers, session, pair) and the browser-parser check |
//! | 7 | `lib` `checker` | `check`, `check_pair`, `Report`, `Checker` |
//! | 8 | `render` | the output formats |
//! | 9 | `cli` | the command line (binary only) |
//!
//! ```
//! let sdp = b"v=0\r\n\
//! o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n\
//! s=-\r\n\
//! t=0 0\r\n\
//! m=audio 49170 RTP/AVP 0 8\r\n";
//! let report = sdpcheck::check(sdp);
//! let finding = &report.findings()[0];
//! assert_eq!(finding.name(), "missing-connection");
//! assert_eq!(finding.severity(), sdpcheck::Severity::Error);
//! let codes: Vec<u32> = finding.field_codes().iter().map(|c| c.number()).collect();
//! assert_eq!(codes, [32009, 40004]);
//! ```
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

/// Declares a rule's documentation: the doc comment becomes both the rustdoc
/// of `DOCS` and its value, so `sdpcheck explain` and the API docs are one text.
///
/// An optional `stacks = [VERDICT, ...];` after `const DOCS;` declares every
/// [`StackVerdict`] the rule's findings may attach (`Finding::with_stacks`),
/// as `STACKS`; without it, `STACKS` is empty. The registry row reads it
/// (`RuleMeta::stacks`), `sdpcheck explain` prints it, and a test fails if a
/// fixture's finding attaches a verdict not declared here.
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])+ $vis:vis const DOCS; $(stacks = [$($verdict:expr),* $(,)?];)?) => {
        $(#[doc = $doc])+
        $vis const DOCS: &str = concat!($($doc, "\n"),+);
        /// The real stacks' verdicts this rule's findings may attach.
        $vis const STACKS: &[crate::stacks::StackVerdict] = &[$($($verdict),*)?];
    };
}

#[cfg(feature = "browser-check")]
pub mod browser;
#[cfg(feature = "capture")]
pub mod capture;
mod checker;
pub mod codec;
pub mod extract;
mod field_codes;
mod finding;
mod limits;
pub mod model;
pub mod negotiate;
mod options;
pub mod parse;
pub mod profile;
pub mod registry;
#[cfg(any(feature = "serde", feature = "miette"))]
pub mod render;
mod rules;
pub mod select;
pub mod source;
mod span;
pub mod stacks;
mod targets;
mod write;

pub use checker::{Checker, CheckerBuilder};
pub use field_codes::FieldCodeDoc;
pub use finding::{Finding, Label, LabelSource, Severity};
pub use limits::Limits;
pub use options::{BadCodecName, Options, RequiredCodec, Role};
pub use parse::{Parsed, parse, parse_with_limits};
pub use profile::{Decision, Profile, ProfileChoice};
pub use registry::{FieldCode, RuleId, RuleMeta};
pub use select::{Selection, Selector, UnknownSelector};
pub use span::Span;
pub use stacks::{Stack, StackKind, StackVerdict, UnknownStack};
pub use targets::Targets;
pub use write::{to_bytes, write};

use finding::FindingSink;
use model::SessionDescription;
use negotiate::Negotiation;
use rules::context::{Context, PairContext};

/// One description checked: its parse and every finding, sorted by position.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    sdp: SessionDescription<'a>,
    decision: Decision,
    findings: Vec<Finding>,
}

impl<'a> Report<'a> {
    /// The parsed description.
    pub fn sdp(&self) -> &SessionDescription<'a> {
        &self.sdp
    }

    /// The profile the description was judged under, and why.
    pub fn profile(&self) -> Decision {
        self.decision
    }

    /// Every finding, sorted by (position, code).
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// True if any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity() == Severity::Error)
    }

    /// 1-based line and column (in characters) of a byte offset into the
    /// description, for messages and logs. Scans the text once per call; for
    /// many lookups build a [`source::LineIndex`].
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let src = self.sdp.source();
        source::LineIndex::new(src).position(src, offset)
    }
}

/// Parses and checks one description with the default [`Options`].
pub fn check(input: &[u8]) -> Report<'_> {
    check_with(input, &Options::default())
}

/// Parses and checks one description.
pub fn check_with<'a>(input: &'a [u8], options: &Options) -> Report<'a> {
    // One sink for the parser and the rules: `max_findings` caps both
    // together, one summary counts what either dropped, and findings of
    // ignored rules are never kept nor counted.
    let mut sink = FindingSink::selecting(options.limits.max_findings, options.selection.clone());
    let sdp = parse::parse_into(input, &options.limits, &mut sink);
    let decision = profile::decide(&sdp, options.profile);
    let mut ctx = Context::new(&sdp, decision.profile, options, &mut sink);
    rules::run(&mut ctx);
    let mut findings = parse::collect(sink, input.len());
    if decision.profile == Profile::Sip {
        rules::sip::judge_syntax(&sdp, &mut findings);
    }
    sort_findings(&mut findings);
    Report { sdp, decision, findings }
}

/// An offer and its answer checked together.
#[derive(Debug, Clone)]
pub struct PairReport<'a> {
    offer: Report<'a>,
    answer: Report<'a>,
    negotiation: Negotiation<'a>,
    findings: Vec<Finding>,
}

impl<'a> PairReport<'a> {
    /// The offer, checked on its own.
    pub fn offer(&self) -> &Report<'a> {
        &self.offer
    }

    /// The answer, checked on its own.
    pub fn answer(&self) -> &Report<'a> {
        &self.answer
    }

    /// What the two sides agreed on, per m= line.
    pub fn negotiation(&self) -> &Negotiation<'a> {
        &self.negotiation
    }

    /// The offer/answer findings: reported on the answer, with labels into
    /// the offer ([`LabelSource::Offer`]). Sorted by position in the answer.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// True if any finding, of either side or of the pair, is an error.
    pub fn has_errors(&self) -> bool {
        self.offer.has_errors()
            || self.answer.has_errors()
            || self.findings.iter().any(|f| f.severity() == Severity::Error)
    }
}

/// Checks an offer and its answer with the default [`Options`].
///
/// ```
/// let offer = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n\
/// m=audio 49170 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";
/// let answer = b"v=0\r\no=- 2 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n\
/// m=audio 30000 RTP/AVP 8\r\n";
/// let report = sdpcheck::check_pair(offer, answer);
/// let names: Vec<&str> = report.findings().iter().map(|f| f.name()).collect();
/// assert!(names.contains(&"no-common-codec"));
/// assert!(report.negotiation().media[0].codecs.is_empty());
/// ```
pub fn check_pair<'a>(offer: &'a [u8], answer: &'a [u8]) -> PairReport<'a> {
    check_pair_with(offer, answer, &Options::default())
}

/// Checks an offer and its answer: each on its own, then together.
///
/// Each side is checked in its role ([`Options::role`]), whatever `options`
/// says.
pub fn check_pair_with<'a>(offer: &'a [u8], answer: &'a [u8], options: &Options) -> PairReport<'a> {
    let mut sided = options.clone();
    sided.role = options::Role::Offer;
    let offer_report = check_with(offer, &sided);
    sided.role = options::Role::Answer;
    let answer_report = check_with(answer, &sided);
    pair_reports(offer_report, answer_report, options)
}

/// Checks an offer and its answer together, each already checked on its
/// own with the same `options` (a stream of SDPs checks each as it comes,
/// and need not check an answer twice).
pub fn pair_reports<'a>(
    offer_report: Report<'a>,
    answer_report: Report<'a>,
    options: &Options,
) -> PairReport<'a> {
    let (offer, answer) = (offer_report.sdp().source(), answer_report.sdp().source());
    let negotiation = negotiate::negotiate(offer_report.sdp(), answer_report.sdp());
    // The offerer's world sets the expectations for the pair.
    let profile = offer_report.profile().profile;
    let mut sink = FindingSink::new(options.limits.max_findings);
    let codec_pairs = rules::context::CodecPairCache::new();
    let mut ctx = PairContext::new(
        offer_report.sdp(),
        answer_report.sdp(),
        &negotiation,
        profile,
        options,
        &codec_pairs,
        &mut sink,
    );
    rules::run(&mut ctx);
    let mut findings = parse::collect(sink, answer.len());
    for f in &mut findings {
        f.clamp_offer_spans(offer.len());
    }
    sort_findings(&mut findings);
    PairReport { offer: offer_report, answer: answer_report, negotiation, findings }
}

/// Deterministic order: by primary span, then rule code.
fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (f.primary_span().map(|s| (s.start, s.end)), f.rule()));
}

#[cfg(test)]
mod declare_rule_tests {
    use crate::stacks::{Stack, StackVerdict};
    use crate::{Finding, RuleId};

    const CHROMIUM: StackVerdict = StackVerdict::browser(Stack::Chromium, "Chromium's text.");

    declare_rule! {
        /// Docs.
        pub(crate) const DOCS;
        stacks = [CHROMIUM, StackVerdict::sip(Stack::Pjsip, 488, "Not Acceptable Here")];
    }

    mod without {
        declare_rule! {
            /// Docs.
            pub(crate) const DOCS;
        }
    }

    #[test]
    fn a_rule_declares_the_verdicts_its_findings_attach() {
        assert_eq!(DOCS, " Docs.\n");
        assert_eq!(STACKS.len(), 2);
        assert_eq!(STACKS[1].response, Some(488));
        assert!(without::STACKS.is_empty());
        assert_eq!(without::DOCS, DOCS);
        // A verdict const promotes to a static slice, as rules attach them.
        let f = Finding::new(RuleId::MissingFingerprint, "x").with_stacks(&[CHROMIUM]);
        assert!(f.rejected_by(Stack::Chromium) && !f.rejected_by(Stack::Firefox));
        assert!(f.stacks().iter().all(|v| STACKS.contains(v)));
    }
}
