//! [`Options`]: everything that changes what a check reports.

use std::fmt;
use std::str::FromStr;

use crate::limits::Limits;
use crate::profile::ProfileChoice;
use crate::select::Selection;
use crate::targets::Targets;

/// How descriptions are checked.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// The profile, or `Auto` to decide per description.
    pub profile: ProfileChoice,
    /// Codecs every audio section must offer (`--require-codec`), in the
    /// order given; the first is the one that must be preferred.
    pub required_codecs: Vec<RequiredCodec>,
    /// Which rules run.
    pub selection: Selection,
    /// Size and count limits.
    pub limits: Limits,
    /// Whether the description is an offer or an answer, when known: an
    /// answer gets the answer-only checks (`a=setup:actpass` is an offer's
    /// word).
    pub role: Role,
    /// The real stacks whose refusals make an error (`--target`); by
    /// default every stack of the profile's kind.
    pub targets: Targets,
}

/// What a description is in its offer/answer exchange (RFC 3264).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Role {
    /// Not known: only the checks that hold for both run.
    #[default]
    Unknown,
    /// An offer.
    Offer,
    /// An answer.
    Answer,
}

/// A codec named by `--require-codec`: `pcma`, `pcmu`, `g722`, `g729`,
/// `opus`, or any other encoding name (matched by name only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredCodec {
    /// The encoding name as registered (`PCMA`, `opus`).
    pub name: String,
    /// The static payload type that denotes it without an rtpmap (RFC 3551).
    pub static_payload_type: Option<u8>,
    /// The clock rate it must have, where the codec fixes one.
    pub clock_rate: Option<u32>,
    /// The channel count it must have, where the codec fixes one.
    pub channels: Option<u8>,
}

/// A codec name that is empty or not a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a codec name (try pcma, pcmu, g722, g729 or opus)")]
pub struct BadCodecName(pub String);

impl FromStr for RequiredCodec {
    type Err = BadCodecName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let known = |name: &str, pt: Option<u8>, rate: u32, channels: u8| RequiredCodec {
            name: name.to_owned(),
            static_payload_type: pt,
            clock_rate: Some(rate),
            channels: Some(channels),
        };
        Ok(match s.to_ascii_lowercase().as_str() {
            // RFC 3551 §4.5.14: G.711 is 8 kHz mono; static PTs 0 and 8.
            "pcma" | "g711a" | "alaw" => known("PCMA", Some(8), 8000, 1),
            "pcmu" | "g711u" | "ulaw" => known("PCMU", Some(0), 8000, 1),
            // RFC 3551 §4.5.2: G.722's RTP clock rate is 8000 for historic reasons.
            "g722" => known("G722", Some(9), 8000, 1),
            "g729" => known("G729", Some(18), 8000, 1),
            // RFC 7587 §7: opus is always `opus/48000/2` in SDP.
            "opus" => known("opus", None, 48000, 2),
            _ if !s.is_empty()
                && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)) =>
            {
                RequiredCodec {
                    name: s.to_owned(),
                    static_payload_type: None,
                    clock_rate: None,
                    channels: None,
                }
            }
            _ => return Err(BadCodecName(s.to_owned())),
        })
    }
}

impl fmt::Display for RequiredCodec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if let Some(rate) = self.clock_rate {
            write!(f, "/{rate}")?;
        }
        if let Some(channels) = self.channels.filter(|c| *c > 1) {
            write!(f, "/{channels}")?;
        }
        Ok(())
    }
}

impl From<crate::extract::Role> for Role {
    fn from(role: crate::extract::Role) -> Self {
        match role {
            crate::extract::Role::Offer => Role::Offer,
            crate::extract::Role::Answer => Role::Answer,
        }
    }
}

impl From<Role> for Option<crate::extract::Role> {
    fn from(role: Role) -> Self {
        match role {
            Role::Unknown => None,
            Role::Offer => Some(crate::extract::Role::Offer),
            Role::Answer => Some(crate::extract::Role::Answer),
        }
    }
}

impl From<Option<crate::extract::Role>> for Role {
    fn from(role: Option<crate::extract::Role>) -> Self {
        role.map_or(Role::Unknown, Role::from)
    }
}
