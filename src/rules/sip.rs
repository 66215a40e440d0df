//! What the SIP stacks the project runs (pjsip, baresip) do with a fault,
//! as `conformance/sip/` measured it: the verdicts rules attach to their
//! findings, and the per-profile judgement of the parser's grammar findings.
//!
//! Not a rule: rule files import this module, never each other.
//!
//! The parser reports grammar violations before the profile is decided, so
//! it cannot know whether a SIP stack refuses one. [`judge_syntax`] runs
//! after the rules under the SIP profile and gives each grammar finding the
//! stacks that refused that fault in the harness (keyed by rule and by the
//! line it sits on: baresip refuses a broken `m=` line but reads past a
//! broken `o=`), or, where both stacks accepted it, makes it a warning that
//! says so, without field codes (CONTRACT.md: "an RFC-only violation that
//! every real stack accepts is a warning that says so, without refusal
//! codes"). Under WebRTC nothing changes here.

use crate::finding::Finding;
use crate::model::SessionDescription;
use crate::registry::{RuleId, RuleKind};
use crate::span::Span;
use crate::stacks::{StackKind, StackVerdict};
// The verdicts live in the lowest layer so the parser's rule files can
// declare them too; rule files keep naming them `sip::...`.
pub(crate) use crate::stacks::{
    BARESIP_CALL_ERROR, BARESIP_NOT_ACCEPTABLE_HERE, BOTH_NOT_ACCEPTABLE_HERE, BOTH_REFUSE_SYNTAX,
    PJSIP_BAD_SDP, PJSIP_NOT_ACCEPTABLE, PJSIP_NOT_ACCEPTABLE_HERE, PJSIP_REFUSES_CRYPTO,
    PJSIP_REFUSES_SYNTAX,
};

/// What the SIP harness showed for one grammar fault.
enum SipVerdict {
    /// These stacks refused it.
    Refused(&'static [StackVerdict]),
    /// Every SIP stack run here accepted it.
    Tolerated,
    /// Not measured (sdpcheck's own limits): the finding stays as it is.
    Unmeasured,
}

/// Under the SIP profile, gives each grammar finding (rule kind
/// [`RuleKind::Syntax`]) the SIP stacks that refuse its fault, or makes it
/// a warning when every SIP stack accepts it. A finding that already names
/// a SIP stack (its constructor knew the fault well enough) is left alone.
pub(crate) fn judge_syntax(sdp: &SessionDescription<'_>, findings: &mut [Finding]) {
    for finding in findings.iter_mut() {
        if finding.rule().meta().kind != RuleKind::Syntax
            || finding.stacks().iter().any(|v| v.stack.kind() == StackKind::Sip)
        {
            continue;
        }
        match verdict(sdp, finding) {
            SipVerdict::Refused(stacks) => *finding = finding.clone().with_stacks(stacks),
            SipVerdict::Tolerated => {
                *finding = finding.clone().tolerated("pjsip and baresip accept it");
            }
            SipVerdict::Unmeasured => {}
        }
    }
}

/// The measured verdict for a grammar finding; the fixtures behind each arm
/// are in `conformance/verdicts/{pjsip,baresip}.json`.
fn verdict(sdp: &SessionDescription<'_>, finding: &Finding) -> SipVerdict {
    use SipVerdict::{Refused, Tolerated, Unmeasured};
    let src = sdp.source();
    let span = finding.primary_span();
    let text = span.and_then(|s| src.get(s.range())).unwrap_or_default();
    let (line, attribute) = line_at(sdp, span.map_or(u32::MAX, |s| s.start));
    let letter = line.and_then(|l| src.get(l.range())).and_then(|b| b.first().copied());
    // The fault ends its line (trailing whitespace), or follows a `/` (the
    // `<number of ports>` of `m=<media> <port>/<number>`).
    let at_line_end = line.zip(span).is_some_and(|(l, s)| s.end >= l.end);
    let after_slash =
        span.is_some_and(|s| s.start > 0 && src.get(s.range().start - 1) == Some(&b'/'));
    match finding.rule() {
        // An upper-case type letter (`V=0`, `A=sendrecv`): baresip reads the
        // letter case-insensitively, pjsip refuses it.
        RuleId::InvalidLine
            if line.and_then(|l| src.get(l.range())).is_some_and(|b| {
                b.first().is_some_and(u8::is_ascii_uppercase) && b.get(1) == Some(&b'=')
            }) =>
        {
            Refused(PJSIP_REFUSES_SYNTAX)
        }
        RuleId::InvalidLine | RuleId::UnsupportedVersion | RuleId::ByteOrderMark => {
            Refused(BOTH_REFUSE_SYNTAX)
        }
        RuleId::EmptySessionName | RuleId::BlankLine | RuleId::LoneCarriageReturn => {
            Refused(PJSIP_REFUSES_SYNTAX)
        }
        // A NUL ending the body cuts it short for both.
        RuleId::NulByte if span.is_some_and(|s| s.range().end >= src.len()) => {
            Refused(BOTH_REFUSE_SYNTAX)
        }
        // `x=`, lines out of RFC 8866 §5's order, a repeated `s=`/`i=`,
        // bytes that are not UTF-8, a NUL inside a value: both read past
        // them.
        RuleId::UnknownLineType
        | RuleId::LineOutOfOrder
        | RuleId::DuplicateLine
        | RuleId::InvalidUtf8
        | RuleId::NulByte => Tolerated,
        // Missing `o=`/`s=` are refused by pjsip; missing `v=`/`t=` are
        // accepted by both (the message names the line: `Missing `o=` line`).
        RuleId::MissingRequiredLine
            if ["`o=`", "`s=`"].iter().any(|l| finding.message().contains(l)) =>
        {
            Refused(PJSIP_REFUSES_SYNTAX)
        }
        RuleId::MissingRequiredLine if finding.message().starts_with("Missing `") => Tolerated,
        // Trailing whitespace after a value is read past by both.
        RuleId::MalformedField
            if at_line_end && !text.is_empty() && text.iter().all(u8::is_ascii_whitespace) =>
        {
            Tolerated
        }
        // A broken `a=rtpmap`/`a=fmtp` value: baresip's codec decoder
        // refuses it (500), pjsip reads past it (as for `malformed-attribute`).
        RuleId::MalformedField | RuleId::MalformedNumber
            if matches!(attribute, b"rtpmap" | b"fmtp") =>
        {
            Refused(&[BARESIP_CALL_ERROR])
        }
        RuleId::MalformedField | RuleId::MalformedNumber => match letter {
            Some(b'm') => Refused(&[PJSIP_BAD_SDP, BARESIP_NOT_ACCEPTABLE_HERE]),
            Some(b'c') => Refused(&[PJSIP_NOT_ACCEPTABLE_HERE]),
            _ => Refused(PJSIP_REFUSES_SYNTAX),
        },
        RuleId::NumberOutOfRange => match letter {
            // A payload type or clock rate out of range inside `a=rtpmap`.
            Some(b'a') => Tolerated,
            // A port count of 0 or past 65535: baresip refuses, pjsip reads
            // the first port.
            Some(b'm') if after_slash => Refused(&[BARESIP_NOT_ACCEPTABLE_HERE]),
            _ => Refused(PJSIP_REFUSES_SYNTAX),
        },
        RuleId::MalformedAttribute => match attribute {
            b"rtpmap" | b"fmtp" => Refused(&[BARESIP_CALL_ERROR]),
            b"crypto" => Refused(PJSIP_REFUSES_CRYPTO),
            _ => Refused(PJSIP_REFUSES_SYNTAX),
        },
        _ => Unmeasured,
    }
}

/// The span and (for `a=`) the attribute name of the line holding byte `at`.
fn line_at<'s>(sdp: &'s SessionDescription<'_>, at: u32) -> (Option<Span>, &'s [u8]) {
    let src = sdp.source();
    // Lines are in input order: binary search, so a description with many
    // findings and many lines stays linear-logarithmic (HOSTILE-INPUT.md).
    let lines = sdp.lines();
    let after = lines.partition_point(|l| l.span.start <= at);
    let Some(line) = after.checked_sub(1).and_then(|i| lines.get(i)).filter(|l| at <= l.span.end)
    else {
        return (None, b"");
    };
    let bytes = src.get(line.span.range()).unwrap_or_default();
    let attribute = match bytes.strip_prefix(b"a=") {
        Some(rest) => rest.split(|&b| b == b':').next().unwrap_or_default(),
        None => b"",
    };
    (Some(line.span), attribute)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::session;
    use crate::stacks::Stack;
    use crate::{Finding, ProfileChoice, RuleId, Severity};

    const HEAD: &str = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";

    /// The one finding of `rule`.
    fn only(sdp: &str, rule: RuleId, profile: ProfileChoice) -> Finding {
        let found = session(rule, profile, sdp);
        assert_eq!(found.len(), 1, "{found:?}");
        found[0].clone()
    }

    fn stacks(f: &Finding) -> Vec<Stack> {
        f.stacks().iter().map(|v| v.stack).collect()
    }

    #[test]
    fn accepted_by_both_is_a_warning_without_codes_under_sip_only() {
        let sdp = format!("{HEAD}x=1\r\nm=audio 4000 RTP/AVP 0\r\n");
        let f = only(&sdp, RuleId::UnknownLineType, ProfileChoice::Sip);
        assert_eq!(f.severity(), Severity::Warning);
        assert!(f.field_codes().is_empty() && f.stacks().is_empty());
        assert!(f.message().ends_with("(pjsip and baresip accept it)"), "{}", f.message());
        let f = only(&sdp, RuleId::UnknownLineType, ProfileChoice::WebRtc);
        assert_eq!(f.severity(), Severity::Error);
        assert!(!f.field_codes().is_empty());
    }

    #[test]
    fn refusing_stacks_depend_on_the_line() {
        // A broken m= line: both refuse.
        let m = format!("{HEAD}m=audio 4O00 RTP/AVP 0\r\n");
        let f = only(&m, RuleId::MalformedNumber, ProfileChoice::Sip);
        assert_eq!(
            (f.severity(), stacks(&f)),
            (Severity::Error, vec![Stack::Pjsip, Stack::Baresip])
        );
        // An upper-case letter: pjsip only.
        let upper = format!("{HEAD}m=audio 4000 RTP/AVP 0\r\nA=sendrecv\r\n");
        let f = only(&upper, RuleId::InvalidLine, ProfileChoice::Sip);
        assert_eq!(stacks(&f), vec![Stack::Pjsip]);
        // A port count out of range: baresip only.
        let count = format!("{HEAD}m=audio 4000/0 RTP/AVP 0\r\n");
        let f = only(&count, RuleId::NumberOutOfRange, ProfileChoice::Sip);
        assert_eq!(stacks(&f), vec![Stack::Baresip]);
        // Trailing whitespace: tolerated; a doubled space inside: refused.
        let trailing = format!("{HEAD}m=audio 4000 RTP/AVP 0 \r\n");
        let f = only(&trailing, RuleId::MalformedField, ProfileChoice::Sip);
        assert_eq!(f.severity(), Severity::Warning);
        let double = format!("{HEAD}m=audio  4000 RTP/AVP 0\r\n");
        let f = only(&double, RuleId::MalformedField, ProfileChoice::Sip);
        assert_eq!(stacks(&f), vec![Stack::Pjsip, Stack::Baresip]);
    }

    #[test]
    fn missing_lines_by_letter() {
        let no_s = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
        let f = only(no_s, RuleId::MissingRequiredLine, ProfileChoice::Sip);
        assert_eq!((f.severity(), stacks(&f)), (Severity::Error, vec![Stack::Pjsip]));
        let no_t = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nm=audio 4000 RTP/AVP 0\r\n";
        let f = only(no_t, RuleId::MissingRequiredLine, ProfileChoice::Sip);
        assert_eq!(f.severity(), Severity::Warning);
    }
}
