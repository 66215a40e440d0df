//! Profiles: which world a description lives in, WebRTC or SIP.
//!
//! Many faults depend on it: a plain `RTP/AVP` offer is normal on a SIP
//! trunk and refused by every browser; a `UDP/TLS/RTP/SAVPF` offer is what a
//! browser sends and what a plain trunk answers with 488. `--profile auto`
//! decides per description from what it holds, and the decision (with the
//! line it rests on) is shown in the output.

use crate::model::{LineKind, SessionDescription};
use crate::parse::attribute::AttrValue;
use crate::span::Span;

// `Profile` and `Profiles` are rule metadata (each registry row says
// which profiles its rule applies under), so they live with the registry
// in the vocabulary layer; this module decides which one a description gets.
pub use crate::registry::{Profile, Profiles};

/// What the user asked for: a profile, or `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ProfileChoice {
    /// Decide per description.
    #[default]
    Auto,
    /// Judge every description as WebRTC.
    WebRtc,
    /// Judge every description as SIP.
    Sip,
}

/// The profile a description is judged under, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// The profile.
    pub profile: Profile,
    /// True when `--profile` chose it, false when it was detected.
    pub forced: bool,
    /// The line the detection rests on, and what on it.
    pub evidence: Option<(Span, &'static str)>,
}

impl Decision {
    /// A sentence for the output: `webrtc (detected: a=fingerprint on line 12)`.
    pub fn describe(&self, sdp: &SessionDescription<'_>) -> String {
        self.describe_at(|span| {
            sdp.lines().iter().find(|l| l.span == span).map_or(0, |l| u64::from(l.number))
        })
    }

    /// The same sentence, with the evidence's line numbered by `line_of`
    /// (the input's own line, for an SDP found in a log: one coordinate
    /// system for everything printed about the log).
    pub fn describe_at(&self, line_of: impl Fn(Span) -> u64) -> String {
        if self.forced {
            return format!("{} (--profile)", self.profile);
        }
        match self.evidence {
            Some((span, what)) => {
                let line = line_of(span);
                format!("{} (detected: {what} on line {line})", self.profile)
            }
            None => format!("{} (detected: no ICE, DTLS or SAVPF)", self.profile),
        }
    }
}

/// Decides the profile of `sdp` under `choice`.
///
/// WebRTC when the description uses a DTLS transport (`UDP/TLS/RTP/SAVPF`,
/// `UDP/DTLS/SCTP`), a DTLS fingerprint, or ICE credentials; SIP otherwise.
/// A SIP endpoint with ICE (Asterisk `ice_support`) is judged as WebRTC only
/// if it also uses DTLS: ICE alone is common on SIP trunks' SBCs.
pub fn decide(sdp: &SessionDescription<'_>, choice: ProfileChoice) -> Decision {
    match choice {
        ProfileChoice::WebRtc => {
            return Decision { profile: Profile::WebRtc, forced: true, evidence: None };
        }
        ProfileChoice::Sip => {
            return Decision { profile: Profile::Sip, forced: true, evidence: None };
        }
        ProfileChoice::Auto => {}
    }
    // Whether the description uses DTLS anywhere: found once, at the first
    // ICE line. Scanning again per candidate made 200k candidates quadratic.
    let mut dtls: Option<bool> = None;
    // Whether the current section carries media over RTP or SCTP (true at
    // session level): a fingerprint in an MRCPv2 or BFCP section over TLS
    // (RFC 6787, RFC 8856) says nothing about WebRTC.
    let mut media_transport = true;
    for line in sdp.lines() {
        let evidence = match &line.kind {
            LineKind::Media(m) if is_dtls_media(m.proto) => Some("a DTLS transport"),
            LineKind::Media(m) => {
                media_transport = carries_media(m.proto);
                None
            }
            LineKind::Attribute(a) => match a.typed {
                AttrValue::Fingerprint(_) if media_transport => Some("`a=fingerprint`"),
                AttrValue::Candidate(_) | AttrValue::IceUfrag(_) => {
                    dtls.get_or_insert_with(|| has_dtls(sdp)).then_some("ICE with DTLS")
                }
                _ => None,
            },
            _ => None,
        };
        if let Some(what) = evidence {
            return Decision {
                profile: Profile::WebRtc,
                forced: false,
                evidence: Some((line.span, what)),
            };
        }
    }
    Decision { profile: Profile::Sip, forced: false, evidence: None }
}

fn has_dtls(sdp: &SessionDescription<'_>) -> bool {
    let mut media_transport = true;
    sdp.lines().iter().any(|l| match &l.kind {
        LineKind::Media(m) => {
            media_transport = carries_media(m.proto);
            is_dtls_media(m.proto)
        }
        LineKind::Attribute(a) => media_transport && matches!(a.typed, AttrValue::Fingerprint(_)),
        _ => false,
    })
}

/// RTP or SCTP over (D)TLS: `UDP/TLS/RTP/SAVPF`, `UDP/DTLS/SCTP`; not
/// `TCP/TLS/MRCPv2` (RFC 6787) or `TCP/TLS/BFCP`, which are SIP's.
fn is_dtls_media(proto: &str) -> bool {
    (proto.contains("TLS") || proto.contains("DTLS")) && carries_media(proto)
}

/// A protocol that carries RTP or SCTP.
fn carries_media(proto: &str) -> bool {
    proto.contains("RTP") || proto.contains("SCTP")
}
