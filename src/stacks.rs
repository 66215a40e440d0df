//! The real stacks sdpcheck is checked against, and what each did with a
//! fault.
//!
//! A finding that says "this SDP is refused" names the stacks that refuse
//! it, each with the exact message (browsers) or response (SIP stacks) it
//! gave. Every verdict written here was observed by the project's own
//! conformance harnesses (`conformance/browsers/`, `conformance/sip/`), whose
//! tables (`conformance/verdicts/<stack>.json`) record the version each was
//! made with; `tests/it/conformance.rs` checks that sdpcheck's predictions
//! and these versions agree with those tables. A stack that does not run here
//! (Safari, Edge, Asterisk, `FreeSWITCH`) is never named: Safari and Edge use
//! libwebrtc like Chromium, so a Chromium verdict reads "libwebrtc (verified
//! with Chromium)" in the docs, and nothing more is claimed for them.
//!
//! This module sits beside [`crate::Finding`] in the lowest layers: it
//! imports nothing from the crate.

use std::fmt;
use std::str::FromStr;

/// A real stack the harnesses run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Stack {
    /// Chromium (libwebrtc), Debian's package, headless.
    Chromium,
    /// Firefox ESR (SIPCC parser, JSEP in C++), Debian's package, headless.
    Firefox,
    /// pjsip (pjsua2 Python wheel): the SDP code Asterisk's SIP channel uses.
    Pjsip,
    /// baresip, Debian's package.
    Baresip,
}

/// Whether a stack is a browser (WebRTC) or a SIP user agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StackKind {
    /// Judged with `--profile webrtc`.
    Browser,
    /// Judged with `--profile sip`.
    Sip,
}

impl Stack {
    /// Every stack, in the order output lists them.
    pub const ALL: [Stack; 4] = [Stack::Chromium, Stack::Firefox, Stack::Pjsip, Stack::Baresip];

    /// The name used on the command line (`--target`) and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Stack::Chromium => "chromium",
            Stack::Firefox => "firefox",
            Stack::Pjsip => "pjsip",
            Stack::Baresip => "baresip",
        }
    }

    /// The name as people write it.
    pub fn display_name(self) -> &'static str {
        match self {
            Stack::Chromium => "Chromium",
            Stack::Firefox => "Firefox",
            Stack::Pjsip => "pjsip",
            Stack::Baresip => "baresip",
        }
    }

    /// Browser or SIP stack.
    pub fn kind(self) -> StackKind {
        match self {
            Stack::Chromium | Stack::Firefox => StackKind::Browser,
            Stack::Pjsip | Stack::Baresip => StackKind::Sip,
        }
    }

    /// The version the verdicts in this crate were observed with (the
    /// `version` of `conformance/verdicts/<name>.json`; a test keeps them
    /// equal).
    pub fn verified_version(self) -> &'static str {
        match self {
            Stack::Chromium => "156.0.8078.129",
            Stack::Firefox => "153.8.0esr",
            Stack::Pjsip => "2.15.1",
            Stack::Baresip => "1.0.0",
        }
    }
}

impl fmt::Display for Stack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// A name that is not a stack the harnesses run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown stack `{0}`: expected one of chromium, firefox, pjsip, baresip")]
pub struct UnknownStack(pub String);

impl FromStr for Stack {
    type Err = UnknownStack;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Stack::ALL
            .into_iter()
            .find(|stack| stack.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownStack(s.to_owned()))
    }
}

/// What one real stack did with a fault: it refused the description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StackVerdict {
    /// Who refused it.
    pub stack: Stack,
    /// The SIP final response a SIP stack sent (400, 406, 415, 488, ...);
    /// `None` for a browser.
    pub response: Option<u16>,
    /// The browser's exact error text, or the SIP reason phrase.
    pub message: &'static str,
}

impl StackVerdict {
    /// A browser refused the description with this exact error text.
    pub const fn browser(stack: Stack, message: &'static str) -> Self {
        StackVerdict { stack, response: None, message }
    }

    /// A SIP stack answered with this final response.
    pub const fn sip(stack: Stack, response: u16, reason: &'static str) -> Self {
        StackVerdict { stack, response: Some(response), message: reason }
    }
}

// What the SIP stacks run here (`conformance/sip/`) answered; rules
// attach these and declare them (`stacks = [...]`).

/// pjsip: `400 Bad SDP` (its SDP parser or validator refused the body).
pub(crate) const PJSIP_BAD_SDP: StackVerdict = StackVerdict::sip(Stack::Pjsip, 400, "Bad SDP");
/// pjsip: `406 Not Acceptable` (its SDES-SRTP transport refused the crypto).
pub(crate) const PJSIP_NOT_ACCEPTABLE: StackVerdict =
    StackVerdict::sip(Stack::Pjsip, 406, "Not Acceptable");
/// pjsip: `488 Not Acceptable Here` (negotiation or media setup failed).
pub(crate) const PJSIP_NOT_ACCEPTABLE_HERE: StackVerdict =
    StackVerdict::sip(Stack::Pjsip, 488, "Not Acceptable Here");
/// baresip: `500 Call Error` (its SDP decoder refused the body).
pub(crate) const BARESIP_CALL_ERROR: StackVerdict =
    StackVerdict::sip(Stack::Baresip, 500, "Call Error");
/// baresip: `488 Not Acceptable Here`.
pub(crate) const BARESIP_NOT_ACCEPTABLE_HERE: StackVerdict =
    StackVerdict::sip(Stack::Baresip, 488, "Not Acceptable Here");

/// Both stacks' parsers refuse the body.
pub(crate) const BOTH_REFUSE_SYNTAX: &[StackVerdict] = &[PJSIP_BAD_SDP, BARESIP_CALL_ERROR];
/// pjsip's parser refuses the body; baresip reads past it.
pub(crate) const PJSIP_REFUSES_SYNTAX: &[StackVerdict] = &[PJSIP_BAD_SDP];
/// Both stacks answer 488: no stream they can use.
pub(crate) const BOTH_NOT_ACCEPTABLE_HERE: &[StackVerdict] =
    &[PJSIP_NOT_ACCEPTABLE_HERE, BARESIP_NOT_ACCEPTABLE_HERE];
/// pjsip refuses the SDES crypto (406); baresip answers with its own key.
pub(crate) const PJSIP_REFUSES_CRYPTO: &[StackVerdict] = &[PJSIP_NOT_ACCEPTABLE];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for stack in Stack::ALL {
            assert_eq!(stack.name().parse::<Stack>(), Ok(stack));
        }
        assert_eq!("Chromium".parse::<Stack>(), Ok(Stack::Chromium));
        assert!("safari".parse::<Stack>().is_err());
    }
}
