//! The shared rule tester (oxc's `Tester`, over sdpcheck's own pipeline):
//! the findings of one rule on a description or a pair, and `pass`/`fail`
//! lists of media sections wrapped in a minimal valid session.
//!
//! Fixtures under `fixtures/rules/<CODE>/` stay the primary evidence
//! (`tests/it/rules.rs`); this is for the line-level edge cases a rule file
//! tests inline. Every check goes through `crate::check_with` or
//! `crate::check_pair_with`, so what a test sees is what a user sees.

use crate::{Finding, Options, ProfileChoice, RuleId};

/// A minimal valid session level with a session-wide `c=` line: append
/// media sections to it.
pub(crate) const HEAD: &str =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";

/// A minimal valid session level without a `c=` line (WebRTC descriptions
/// carry one per section).
pub(crate) const BARE_HEAD: &str = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

/// The findings of `rule` on one description checked under `profile`.
pub(crate) fn session(rule: RuleId, profile: ProfileChoice, sdp: &str) -> Vec<Finding> {
    let options = Options { profile, ..Options::default() };
    let report = crate::check_with(sdp.as_bytes(), &options);
    report.findings().iter().filter(|f| f.rule() == rule).cloned().collect()
}

/// The findings of `rule` on an offer and its answer (default options).
pub(crate) fn pair(rule: RuleId, offer: &str, answer: &str) -> Vec<Finding> {
    let report = crate::check_pair(offer.as_bytes(), answer.as_bytes());
    report.findings().iter().filter(|f| f.rule() == rule).cloned().collect()
}

/// The 1-based line of a byte offset into `sdp`.
pub(crate) fn line_of(sdp: &str, offset: usize) -> usize {
    sdp.as_bytes().iter().take(offset).filter(|&&b| b == b'\n').count() + 1
}

/// One rule's `pass` and `fail` cases: every `pass` case yields no finding
/// of the rule, every `fail` case at least one. All failures are listed
/// together, then one assert runs.
pub(crate) struct Tester {
    rule: RuleId,
    profile: ProfileChoice,
    head: &'static str,
}

impl Tester {
    /// Cases for `rule`, wrapped in [`HEAD`], checked under `profile`.
    pub(crate) fn new(rule: RuleId, profile: ProfileChoice) -> Self {
        Tester { rule, profile, head: HEAD }
    }

    /// Wraps the cases in `head` instead of [`HEAD`].
    pub(crate) fn head(mut self, head: &'static str) -> Self {
        self.head = head;
        self
    }

    /// Runs single-description cases: each is the media sections appended
    /// to the session level.
    pub(crate) fn test(&self, pass: &[&str], fail: &[&str]) {
        let found =
            |media: &str| session(self.rule, self.profile, &format!("{}{media}", self.head));
        self.judge(pass, fail, |case| found(case).len());
    }

    /// Runs offer/answer cases: each is the offer's and the answer's media
    /// sections, each appended to the session level.
    pub(crate) fn test_pairs(&self, pass: &[(&str, &str)], fail: &[(&str, &str)]) {
        let found = |(o, a): &(&str, &str)| {
            pair(self.rule, &format!("{}{o}", self.head), &format!("{}{a}", self.head)).len()
        };
        self.judge(pass, fail, found);
    }

    fn judge<C: std::fmt::Debug>(&self, pass: &[C], fail: &[C], count: impl Fn(&C) -> usize) {
        let mut wrong = Vec::new();
        for case in pass {
            let n = count(case);
            if n > 0 {
                wrong.push(format!("pass case gave {n} finding(s): {case:?}"));
            }
        }
        for case in fail {
            if count(case) == 0 {
                wrong.push(format!("fail case gave no finding: {case:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}:\n{}", self.rule, wrong.join("\n"));
    }
}

/// An `a=crypto` line with a 30-byte SDES key (right for the 128-bit
/// suites), for the SDES rules' cases.
pub(crate) fn crypto(tag: &str, suite: &str) -> String {
    format!("a=crypto:{tag} {suite} inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tester_fails_on_a_wrong_list() {
        let tester = Tester::new(RuleId::NoMedia, ProfileChoice::Sip);
        tester.test(&["m=audio 49170 RTP/AVP 0\r\n"], &[""]);
        // A case in the wrong list must fail the test.
        let wrong = std::panic::catch_unwind(|| tester.test(&[""], &[]));
        assert!(wrong.is_err());
        let wrong = std::panic::catch_unwind(|| tester.test(&[], &["m=audio 49170 RTP/AVP 0\r\n"]));
        assert!(wrong.is_err());
    }

    #[test]
    fn line_of_counts_from_one() {
        assert_eq!(line_of("a\r\nb\r\n", 0), 1);
        assert_eq!(line_of("a\r\nb\r\n", 3), 2);
    }
}
