//! [`Finding`]: one problem found in one description, and its labels.
//!
//! A finding holds only what the rule knows (message, help, labelled spans).
//! Its rule code, field error codes and default severity come from the
//! registry ([`crate::registry`]), looked up by its [`RuleId`], so a rule can
//! never spell its own code wrongly.

use std::borrow::Cow;
use std::fmt;

use smallvec::SmallVec;

use crate::registry::{FieldCode, RuleId};
use crate::span::Span;
use crate::stacks::{Stack, StackKind, StackVerdict};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "lowercase"))]
pub enum Severity {
    /// Informational: worth knowing, rarely breaks a call.
    Advice,
    /// Likely to break some calls or some peers.
    Warning,
    /// The call fails, or the description is not valid SDP.
    Error,
}

impl Severity {
    /// `error`, `warning` or `advice`, as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Advice => "advice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which description a label's span points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelSource {
    /// The description the finding is reported on (the answer, for a pair).
    This,
    /// The offer of an offer/answer pair: the side a pair finding quotes.
    Offer,
}

/// A labelled span within the description a finding belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The bytes the label points at.
    pub span: Span,
    /// Lower-case narration: "expected a port number".
    pub text: Cow<'static, str>,
    /// Which description `span` is in.
    pub source: LabelSource,
}

/// One problem in one description.
///
/// ```
/// let sdp = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 99999 RTP/AVP 0\r\n";
/// let report = sdpcheck::check(sdp);
/// let finding = &report.findings()[0];
/// assert_eq!(finding.name(), "number-out-of-range");
/// assert_eq!(finding.field_codes().iter().map(|c| c.number()).collect::<Vec<_>>(), [40004, 32009, 32102]);
/// assert_eq!(finding.primary_span().map(|s| s.range()), Some(71..76));
/// assert_eq!(&sdp[71..76], b"99999");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct Finding {
    rule: RuleId,
    severity: Severity,
    message: Cow<'static, str>,
    help: Option<Cow<'static, str>>,
    labels: SmallVec<[Label; 2]>,
    /// The real stacks that refuse this fault, with what each said; empty
    /// when the finding claims no refusal (a static slice: no allocation).
    stacks: &'static [StackVerdict],
    /// Set when every real stack of the profile accepts the fault: the
    /// finding is then a warning and claims no field code (CONTRACT.md).
    tolerated: bool,
}

impl Finding {
    /// A finding of `rule`, at the rule's default severity, claiming the
    /// refusals of the rule's typical fault (narrowed per case with
    /// [`Finding::with_stacks`]).
    pub fn new(rule: RuleId, message: impl Into<Cow<'static, str>>) -> Self {
        Finding {
            rule,
            severity: rule.meta().severity,
            message: message.into(),
            help: None,
            labels: SmallVec::new(),
            stacks: crate::registry::default_stacks(rule),
            tolerated: false,
        }
    }

    /// Names the real stacks that refuse this fault and what each said
    /// (verified by the conformance harnesses; see [`crate::stacks`]).
    pub fn with_stacks(mut self, stacks: &'static [StackVerdict]) -> Self {
        self.stacks = stacks;
        self
    }

    /// Replaces the message (a rule that words one case differently).
    pub(crate) fn with_message(mut self, message: impl Into<Cow<'static, str>>) -> Self {
        self.message = message.into();
        self
    }

    /// The same finding naming only the stacks of `kind`: a description is
    /// judged against its own profile's kind of stack ([`crate::Targets`]),
    /// so a SIP stack's refusal says nothing about a WebRTC description and
    /// a browser's nothing about a SIP one. Verdicts are listed in
    /// [`Stack::ALL`] order (browsers first), so those of one kind form one
    /// run of the static slice.
    pub(crate) fn keep_stacks_of(mut self, kind: StackKind) -> Self {
        let of_kind = |v: &StackVerdict| v.stack.kind() == kind;
        let stacks = self.stacks;
        let first = stacks.iter().position(of_kind);
        let last = stacks.iter().rposition(of_kind);
        self.stacks = match first.zip(last) {
            Some((first, last)) if stacks[first..=last].iter().all(of_kind) => {
                &stacks[first..=last]
            }
            // Kinds interleaved: no declaration does that; keep what the
            // rule gave rather than guess.
            Some(_) => stacks,
            None => &[],
        };
        self
    }

    /// The real stacks that refuse this fault; empty when the finding
    /// claims no refusal.
    pub fn stacks(&self) -> &'static [StackVerdict] {
        self.stacks
    }

    /// The same finding as a warning without field codes: for a grammar
    /// violation that every real stack of the profile accepts (CONTRACT.md:
    /// "an RFC-only violation that every real stack accepts is a warning
    /// that says so, without refusal codes"). `note` says which stacks.
    pub(crate) fn tolerated(mut self, note: &str) -> Self {
        self.severity = Severity::Warning;
        self.tolerated = true;
        self.stacks = &[];
        self.message = format!("{} ({note})", self.message).into();
        self
    }

    /// True when `stack` is among the stacks that refuse this fault.
    pub fn rejected_by(&self, stack: Stack) -> bool {
        self.stacks.iter().any(|v| v.stack == stack)
    }

    /// The same finding at `severity`, with `note` (why) added to its help:
    /// for a severity decided centrally (`--target`), never by a rule.
    pub(crate) fn demoted(mut self, severity: Severity, note: &str) -> Self {
        self.severity = severity;
        self.help = Some(match self.help.take() {
            Some(help) => {
                let help = help.trim_end();
                let stop = if help.ends_with(['.', '!', '?']) { "" } else { "." };
                Cow::Owned(format!("{help}{stop} {note}"))
            }
            None => Cow::Owned(note.to_owned()),
        });
        self
    }

    /// Adds the help line: the fix, in the imperative.
    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a label; the first label added is the primary one.
    pub fn with_label(mut self, span: Span, text: impl Into<Cow<'static, str>>) -> Self {
        self.labels.push(Label { span, text: text.into(), source: LabelSource::This });
        self
    }

    /// Adds a label on the offer, for a pair finding reported on the answer.
    pub fn with_offer_label(mut self, span: Span, text: impl Into<Cow<'static, str>>) -> Self {
        self.labels.push(Label { span, text: text.into(), source: LabelSource::Offer });
        self
    }

    /// The same finding with every span moved by `this` (labels on its own
    /// description) or `offer` (offer-side labels of a pair finding): from
    /// a description's coordinates to its input's, for rendering.
    pub fn map_spans(&self, this: impl Fn(Span) -> Span, offer: impl Fn(Span) -> Span) -> Finding {
        let mut f = self.clone();
        for label in &mut f.labels {
            label.span = match label.source {
                LabelSource::This => this(label.span),
                LabelSource::Offer => offer(label.span),
            };
        }
        f
    }

    /// The same finding with only the labels in `source` (the human renderer
    /// draws each description's labels against its own text).
    pub fn only_labels_in(&self, source: LabelSource) -> Finding {
        let mut f = self.clone();
        f.labels.retain(|l| l.source == source);
        f
    }

    /// The rule that produced it.
    pub fn rule(&self) -> RuleId {
        self.rule
    }

    /// The rule's stable name, such as `missing-connection`.
    pub fn name(&self) -> &'static str {
        self.rule.meta().name
    }

    /// The rule's stable code, such as `SDP2001`.
    pub fn code(&self) -> &'static str {
        self.rule.meta().code
    }

    /// The platform error codes the same fault produces in the field.
    pub fn field_codes(&self) -> &'static [FieldCode] {
        if self.tolerated {
            return &[];
        }
        self.rule.meta().field_codes
    }

    /// Its severity.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The one-line problem statement.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The fix, if the rule knows one.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// The labels, primary first.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// The span of the primary label (the first label on this description).
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.iter().find(|l| l.source == LabelSource::This).map(|l| l.span)
    }

    /// Shifts and clamps every span, for findings made on a sub-slice.
    pub(crate) fn clamp_spans(&mut self, len: usize) {
        for label in self.labels.iter_mut().filter(|l| l.source == LabelSource::This) {
            label.span = label.span.clamp_to(len);
        }
    }

    /// Clamps the offer-side labels to the offer's length.
    pub(crate) fn clamp_offer_spans(&mut self, len: usize) {
        for label in self.labels.iter_mut().filter(|l| l.source == LabelSource::Offer) {
            label.span = label.span.clamp_to(len);
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Finding {}

#[cfg(feature = "miette")]
impl miette::Diagnostic for Finding {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(DisplayCode(self)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Advice => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_deref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(
            self.labels.iter().filter(|l| l.source == LabelSource::This).enumerate().map(
                |(i, l)| {
                    let text = Some(l.text.to_string());
                    if i == 0 {
                        miette::LabeledSpan::new_primary_with_span(text, l.span)
                    } else {
                        miette::LabeledSpan::new_with_span(text, l.span)
                    }
                },
            ),
        ))
    }
}

/// Renders `name[codes]`: `missing-connection[32009,40004]`.
#[cfg(feature = "miette")]
struct DisplayCode<'a>(&'a Finding);

#[cfg(feature = "miette")]
impl fmt::Display for DisplayCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.name())?;
        let codes = self.0.field_codes();
        if !codes.is_empty() {
            f.write_str(" [")?;
            for (i, c) in codes.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{}", c.number())?;
            }
            f.write_str("]")?;
        }
        Ok(())
    }
}

/// Shows a token from the input inside a message: at most 40 characters, so
/// a 1 MiB token does not become a 1 MiB message.
pub(crate) fn shown(token: &str) -> String {
    const MAX: usize = 40;
    match token.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", token.get(..cut).unwrap_or(token)),
        None => token.to_owned(),
    }
}

/// `what` with its first letter in upper case, to open a message.
pub(crate) fn capitalized(what: &str) -> String {
    let mut chars = what.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Collects findings up to [`crate::Limits::max_findings`], counting the rest.
///
/// A hostile input can produce one finding per line; past the cap only a
/// count is kept, so memory stays bounded whatever the input.
#[derive(Debug)]
pub(crate) struct FindingSink {
    findings: Vec<Finding>,
    max: usize,
    dropped: usize,
    /// Rules whose findings are kept; `None` keeps every rule's.
    selection: Option<crate::select::Selection>,
}

impl FindingSink {
    pub(crate) fn new(max: usize) -> Self {
        FindingSink { findings: Vec::new(), max, dropped: 0, selection: None }
    }

    /// A sink that keeps only the findings of selected rules, so that
    /// ignored rules neither take room under the cap nor count as dropped.
    pub(crate) fn selecting(max: usize, selection: crate::select::Selection) -> Self {
        FindingSink { findings: Vec::new(), max, dropped: 0, selection: Some(selection) }
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn push(&mut self, finding: Finding) {
        if self.selection.as_ref().is_some_and(|s| !s.is_enabled(finding.rule())) {
            return;
        }
        if self.findings.len() < self.max {
            self.findings.push(finding);
        } else {
            self.dropped += 1;
        }
    }

    /// The findings kept so far, in the order they were pushed.
    pub(crate) fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The findings so far (spans clamped to `source_len`), and how many
    /// were dropped past the cap. The caller adds the summary finding
    /// (`parse::diagnostics::limit_exceeded::findings_dropped`), so this
    /// module names no rule.
    pub(crate) fn finish(mut self, source_len: usize) -> (Vec<Finding>, Dropped) {
        for f in &mut self.findings {
            f.clamp_spans(source_len);
        }
        (self.findings, Dropped { count: self.dropped, max: self.max })
    }
}

/// How many findings a [`FindingSink`] dropped past its cap of `max`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dropped {
    /// Findings dropped.
    pub(crate) count: usize,
    /// The cap.
    pub(crate) max: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHROMIUM: StackVerdict = StackVerdict::browser(Stack::Chromium, "no");
    const PJSIP: StackVerdict = StackVerdict::sip(Stack::Pjsip, 400, "Bad SDP");
    const BARESIP: StackVerdict = StackVerdict::sip(Stack::Baresip, 500, "Call Error");

    #[test]
    fn a_finding_keeps_only_its_profiles_kind_of_stack() {
        let both =
            Finding::new(RuleId::MissingRtpmap, "x").with_stacks(&[CHROMIUM, PJSIP, BARESIP]);
        assert_eq!(both.clone().keep_stacks_of(StackKind::Sip).stacks(), [PJSIP, BARESIP]);
        assert_eq!(both.keep_stacks_of(StackKind::Browser).stacks(), [CHROMIUM]);
        let sip = Finding::new(RuleId::MissingRtpmap, "x").with_stacks(&[PJSIP]);
        assert!(sip.keep_stacks_of(StackKind::Browser).stacks().is_empty());
    }
}
