//! `host-only-candidates`: a full ICE agent that offers only host candidates,
//! so a peer behind another NAT has nothing it can reach.

use crate::finding::Finding;
use crate::model::LineKind;
use crate::parse::attribute::{AttrValue, CandidateType};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::attribute_name;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a full ICE agent's description whose ICE candidates are all
    /// `typ host`. A full agent is one without a session-level `a=ice-lite`.
    ///
    /// Candidates are counted at every level. mDNS candidates
    /// (`<uuid>.local`) are host candidates too. Not flagged: a description
    /// with no candidates at all (trickle ICE sends them later), one with any
    /// `srflx`, `prflx`, `relay` or unknown-type candidate, one with an
    /// `a=candidate` line that did not parse (its type is unknown), and an
    /// ICE-lite agent, which has only host candidates by design (RFC 8445 §2.5).
    ///
    /// ## Why is this bad?
    /// A host candidate is an address on the agent's own interface: usually
    /// a private RFC 1918 address, or an mDNS name that only resolves on the
    /// same LAN. A peer behind a different NAT cannot reach any of them, so
    /// every connectivity check fails and the call never connects (ICE state
    /// `failed` after the checks time out). It means the agent gathered
    /// without a STUN/TURN server (no `iceServers` configured, or a STUN
    /// server that is blocked), or the SDP was sent before gathering finished
    /// without trickling the rest.
    ///
    /// Telnyx reports it as the warning 33005 `ONLY_HOST_ICE_CANDIDATES`; on
    /// Twilio it surfaces as 32009. A server on a public address (an SFU or
    /// PBX that does full ICE with a public host candidate) is reachable and
    /// can ignore this warning; an ICE-lite server should say `a=ice-lite`.
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 54400 UDP/TLS/RTP/SAVPF 111
    /// c=IN IP4 192.168.1.37
    /// a=candidate:3064166487 1 udp 2122260223 192.168.1.37 54400 typ host generation 0
    /// a=candidate:3366712394 1 udp 2122129151 57c54261-a44d-470d-b7ac-25cf8dcf1993.local 61932 typ host generation 0
    /// ```
    ///
    /// Use instead (gathered with a STUN server configured):
    /// ```sdp
    /// m=audio 54400 UDP/TLS/RTP/SAVPF 111
    /// c=IN IP4 203.0.113.58
    /// a=candidate:3064166487 1 udp 2122260223 192.168.1.37 54400 typ host generation 0
    /// a=candidate:1554744005 1 udp 1686052607 203.0.113.58 54400 typ srflx raddr 192.168.1.37 rport 54400 generation 0
    /// ```
    ///
    /// ## References
    /// - RFC 8445 §5.1.1 (host, server-reflexive and relayed candidates), §2.5 (lite agents)
    /// - RFC 8839 §5.1 (`a=candidate`), §5.3 (`a=ice-lite`)
    /// - RFC 8838 (trickle ICE: candidates may come after the description)
    /// - draft-ietf-mmusic-mdns-ice-candidates (mDNS host candidates)
    pub(crate) const DOCS;
}

/// Counts the candidates and their types in one pass over the lines.
pub(crate) fn host_only_candidates(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    let ice_lite = sdp.session_attributes().any(|(_, a)| matches!(a.typed, AttrValue::IceLite));
    if ice_lite {
        return;
    }
    let mut first: Option<Span> = None;
    let mut count = 0_usize;
    for line in sdp.lines() {
        match &line.kind {
            LineKind::Attribute(attr) => {
                let AttrValue::Candidate(cand) = &attr.typed else { continue };
                if cand.kind != CandidateType::Host {
                    return;
                }
                first.get_or_insert(line.span);
                count += 1;
            }
            // A candidate whose type could not be read might be the srflx one.
            LineKind::Malformed { .. } if attribute_name(line) == Some(b"candidate") => return,
            _ => {}
        }
    }
    if let Some(first) = first {
        ctx.report(host_only_candidates_diagnostic(first, count));
    }
}

fn host_only_candidates_diagnostic(first: Span, count: usize) -> Finding {
    let (message, label) = if count == 1 {
        (
            "The only ICE candidate is a host candidate: no `srflx` or `relay` candidate"
                .to_owned(),
            "the only candidate, `typ host`".to_owned(),
        )
    } else {
        (
            format!(
                "All {count} ICE candidates are host candidates: no `srflx` or `relay` candidate"
            ),
            format!("first of {count} candidates, all `typ host`"),
        )
    };
    Finding::new(RuleId::HostOnlyCandidates, message).with_label(first, label).with_help(
        "configure a STUN server, and a TURN server for restrictive NATs, in the agent's `iceServers` (e.g. `{ urls: \"stun:stun.example.org:3478\" }`) so it gathers `typ srflx` and `typ relay` candidates; if one is configured, send the SDP after ICE gathering completes or trickle the later candidates",
    )
}
