//! `dtls-role-conflict`: an answer whose `a=setup` does not settle the DTLS
//! roles: `actpass` in the answer, or the offer's own role taken again.

use crate::finding::Finding;
use crate::model::{Media, SessionDescription};
use crate::parse::attribute::{AttrValue, Setup};
use crate::registry::RuleId;
use crate::rules::context::PairContext;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an answer `a=setup` that leaves the DTLS roles unsettled.
    ///
    /// For each accepted DTLS media section: an answer that says `actpass`
    /// (nobody chose), or an answer that takes the same role as the offer
    /// (`active` answering `active`, `passive` answering `passive`).
    ///
    /// Each side's role is its section's `a=setup`, else the session-level
    /// one; roles are matched without regard to case, as libwebrtc and
    /// Firefox do. Only sections that run DTLS on both sides are checked
    /// (`UDP/TLS/RTP/SAVPF`, `TCP/TLS/RTP/SAVPF`, `UDP/DTLS/SCTP`, ..., and a
    /// legacy `RTP/SAVPF` that carries `a=fingerprint`); sections the answer
    /// rejects, or the offer disables, are skipped. A section without
    /// `a=setup` is left to the rules about missing DTLS attributes, an
    /// unknown role or `holdconn` to `invalid-setup-role`.
    ///
    /// An offer with `active` or `passive` instead of `actpass` is not flagged
    /// on its own: RFC 8842 §5.5 allows it in a subsequent offer that keeps the
    /// current roles, and RFC 8842 §5.3 has the answerer handle it. Current
    /// libwebrtc accepts it (older versions refused an initial offer that was
    /// not `actpass`: "Offerer must use actpass value or current negotiated
    /// role for setup attribute."). Only the answer that then takes the same
    /// role is flagged.
    ///
    /// ## Why is this bad?
    /// DTLS needs exactly one client, which sends the `ClientHello`, and one
    /// server. The offerer says `actpass` ("either"), and the answerer picks:
    /// `active` (RECOMMENDED by RFC 5763 §5, and what browsers answer) or
    /// `passive`. If nobody picks, or both pick the same side, either both
    /// wait for a `ClientHello` that never comes or both send one; the
    /// handshake fails, no SRTP keys are derived and the call has no media:
    ///
    /// - Chrome, Safari and other libwebrtc apps refuse an `actpass` answer:
    ///   `setRemoteDescription` fails with "Answerer must use either active or
    ///   passive value for setup attribute." When libwebrtc answers an
    ///   `active` or `passive` offer, it refuses a (munged) local answer that
    ///   takes the same role: "Answerer must be passive when offerer is
    ///   active" (or "... active when offerer is passive"). A renegotiation
    ///   whose answer flips the role already established fails with "Failed to
    ///   set SSL role for the transport."
    /// - Firefox refuses an `actpass` answer with "Invalid answer, illegal
    ///   setup attribute "actpass" at level N" (or, from its offer/answer
    ///   check, "Answer contains illegal setup attribute "actpass" at level
    ///   N").
    /// - SFUs and SIP-to-WebRTC gateways that echo the offer's `actpass` back,
    ///   or answer a re-INVITE with a fixed role, are the usual source. Twilio
    ///   reports the failure as 53402 or 32009, Telnyx as 40004.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/jsep_transport.cc`): `Answerer must use
    ///   either active or passive value for setup attribute.`; `Answerer must
    ///   be passive when offerer is active`; `Answerer must be active when
    ///   offerer is passive`; `Failed to set SSL role for the transport.`
    /// - Firefox (`dom/media/webrtc/sdp/SdpHelper.cpp`): `Invalid answer,
    ///   illegal setup attribute "actpass" at level 0`
    /// - Firefox (`dom/media/webrtc/jsep/JsepSessionImpl.cpp`): `Answer
    ///   contains illegal setup attribute "actpass" at level 0`
    ///
    /// ## Example
    /// Offer:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=setup:actpass
    /// ```
    /// Answer:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=setup:actpass
    /// ```
    ///
    /// Use instead, in the answer:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=setup:active
    /// ```
    ///
    /// ## References
    /// - RFC 4145 §4.1 (the offer/answer table of `setup` roles)
    /// - RFC 5763 §5 (DTLS-SRTP: the offerer uses `actpass`, the answerer `active` or `passive`; `active` is RECOMMENDED)
    /// - RFC 8842 §5.2, §5.3 (the answerer's role; `holdconn` is not used with DTLS), §5.5 (subsequent offers)
    /// - RFC 9429 (JSEP) §5.2.1 (`a=setup:actpass` in offers), §5.3.1 (`a=setup:active` in answers)
    pub(crate) const DOCS;
}

/// Checks every accepted DTLS section's answer role against the offer's.
pub(crate) fn dtls_role_conflict(ctx: &mut PairContext<'_, '_>) {
    let (offer, answer) = (ctx.offer, ctx.answer);
    // A session-level answer role governs every section without its own:
    // reported once, not once per section.
    let mut session_reported = false;
    let sections = offer.media().zip(answer.media()).zip(&ctx.negotiation.media);
    for ((o, a), negotiated) in sections {
        if !negotiated.accepted || is_disabled(&o) {
            continue;
        }
        if !uses_dtls(offer, &o) || !uses_dtls(answer, &a) {
            continue;
        }
        let Some(answered) = setup(answer, &a) else { continue };
        let offered = setup(offer, &o);
        let Some(conflict) = conflict(offered.map(|s| s.role), answered.role) else { continue };
        if answered.session_level {
            if session_reported {
                continue;
            }
            session_reported = true;
        }
        let answer_at = answer.span_of(answered.written);
        let offer_at = offered.map(|s| (offer.span_of(s.written), s.role));
        ctx.report(dtls_role_conflict_diagnostic(conflict, answer_at, answered.written, offer_at));
    }
}

/// A DTLS role that can be negotiated (`holdconn` and unknown tokens are
/// `invalid-setup-role`'s to report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// `active`: the DTLS client.
    Active,
    /// `passive`: the DTLS server.
    Passive,
    /// `actpass`: either; only an offer may say it.
    ActPass,
}

impl Role {
    /// The role as written in SDP.
    fn as_str(self) -> &'static str {
        match self {
            Role::Active => "active",
            Role::Passive => "passive",
            Role::ActPass => "actpass",
        }
    }
}

/// One side's `a=setup` for a section.
#[derive(Debug, Clone, Copy)]
struct Found<'a> {
    /// The role.
    role: Role,
    /// The value as written, for its span.
    written: &'a str,
    /// True when it comes from the session level.
    session_level: bool,
}

/// What is wrong with the answer's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Conflict {
    /// The answer says `actpass`: nobody has chosen.
    AnswerActPass,
    /// The answer takes the offer's own `active` or `passive` role.
    SameRole(Role),
}

/// RFC 4145 §4.1, narrowed by RFC 5763 §5 and RFC 8842 §5.3: an answer
/// says `active` or `passive`, the opposite of an offer that chose one.
fn conflict(offered: Option<Role>, answered: Role) -> Option<Conflict> {
    match answered {
        Role::ActPass => Some(Conflict::AnswerActPass),
        Role::Active | Role::Passive if offered == Some(answered) => {
            Some(Conflict::SameRole(answered))
        }
        Role::Active | Role::Passive => None,
    }
}

/// The section's `a=setup`, else the session's, if it names a role that
/// can be negotiated.
fn setup<'a>(sdp: &SessionDescription<'a>, media: &Media<'_, 'a>) -> Option<Found<'a>> {
    let found = |(session_level, a): (bool, &crate::model::Attribute<'a>)| match a.typed {
        AttrValue::Setup(setup) => Some((session_level, setup, a.value)),
        _ => None,
    };
    let (session_level, setup, value) = media
        .attributes()
        .find_map(|(_, a)| found((false, a)))
        .or_else(|| sdp.session_attributes().find_map(|(_, a)| found((true, a))))?;
    let role = match setup {
        Setup::Active => Role::Active,
        Setup::Passive => Role::Passive,
        Setup::ActPass => Role::ActPass,
        // The parser types the roles in lower case only; libwebrtc
        // (`absl::EqualsIgnoreCase`) and Firefox read any case.
        Setup::Other(v) if v.eq_ignore_ascii_case("active") => Role::Active,
        Setup::Other(v) if v.eq_ignore_ascii_case("passive") => Role::Passive,
        Setup::Other(v) if v.eq_ignore_ascii_case("actpass") => Role::ActPass,
        Setup::HoldConn | Setup::Other(_) => return None,
    };
    // A typed `a=setup` always has a value; the role's constant text would
    // not be a slice of the input, so the span comes from the value.
    Some(Found { role, written: value?, session_level })
}

/// True when the section runs DTLS: a `DTLS` protocol (`UDP/DTLS/SCTP`),
/// RTP over `TLS` (`UDP/TLS/RTP/SAVPF`, and `TCP/TLS/RTP/SAVPF` of
/// RFC 7850), or the legacy `RTP/SAVP(F)` keyed by an `a=fingerprint` (what
/// Chrome offered before `UDP/TLS/RTP/SAVPF`). `TCP/TLS/BFCP` and the like
/// are TLS over TCP, where `a=setup` follows RFC 4145 alone.
fn uses_dtls(sdp: &SessionDescription<'_>, media: &Media<'_, '_>) -> bool {
    let Some(m) = media.media_line() else { return false };
    let has = |name: &str| m.proto.split('/').any(|p| p.eq_ignore_ascii_case(name));
    if has("DTLS") || (has("TLS") && has("RTP")) {
        return true;
    }
    let srtp =
        m.proto.eq_ignore_ascii_case("RTP/SAVPF") || m.proto.eq_ignore_ascii_case("RTP/SAVP");
    let fingerprint =
        |a: &crate::model::Attribute<'_>| matches!(a.typed, AttrValue::Fingerprint(_));
    srtp && (media.attributes().any(|(_, a)| fingerprint(a))
        || sdp.session_attributes().any(|(_, a)| fingerprint(a)))
}

/// True when the offer disables the section: port 0 without
/// `a=bundle-only` (RFC 3264 §8.2; RFC 9143 §6 makes a bundle-only port 0
/// live).
fn is_disabled(media: &Media<'_, '_>) -> bool {
    media.is_port_zero()
        && !media.attributes().any(|(_, a)| matches!(a.typed, AttrValue::BundleOnly))
}

/// The answer line to write, given the offer's role.
fn fix(offered: Option<Role>) -> &'static str {
    match offered {
        Some(Role::Active) => "answer with `a=setup:passive`: the offerer is the DTLS client",
        Some(Role::Passive) => "answer with `a=setup:active`: the offerer is the DTLS server",
        Some(Role::ActPass) | None => {
            "answer with `a=setup:active` (RECOMMENDED by RFC 5763) or `a=setup:passive`"
        }
    }
}

/// `answer_at` is the answer's role as written (`written`); `offer_at` the
/// offer's role and its span, if the offer has one.
fn dtls_role_conflict_diagnostic(
    conflict: Conflict,
    answer_at: Span,
    written: &str,
    offer_at: Option<(Span, Role)>,
) -> Finding {
    let written = crate::rules::shown(written);
    let finding = match conflict {
        Conflict::AnswerActPass => Finding::new(
            RuleId::DtlsRoleConflict,
            format!("Answer `a=setup:{written}` does not choose a DTLS role"),
        )
        .with_label(answer_at, "an answer must say `active` or `passive`"),
        Conflict::SameRole(role) => Finding::new(
            RuleId::DtlsRoleConflict,
            format!(
                "Answer `a=setup:{written}` takes the offer's own DTLS role: both sides are {}",
                if role == Role::Active { "clients" } else { "servers" }
            ),
        )
        .with_label(answer_at, format!("answered `{}` too", role.as_str())),
    };
    let finding = finding.with_help(fix(offer_at.map(|(_, role)| role)));
    match offer_at {
        Some((span, role)) => {
            finding.with_offer_label(span, format!("offered `{}` here", role.as_str()))
        }
        None => finding,
    }
}

#[cfg(test)]
mod tests {
    use super::Conflict::{AnswerActPass, SameRole};
    use super::Role::{ActPass, Active, Passive};
    use super::conflict;

    /// RFC 4145 §4.1 as narrowed for DTLS (RFC 5763 §5, RFC 8842 §5.3).
    #[test]
    fn role_table() {
        for offered in [Some(ActPass), Some(Active), Some(Passive), None] {
            assert_eq!(conflict(offered, ActPass), Some(AnswerActPass));
        }
        assert_eq!(conflict(Some(ActPass), Active), None);
        assert_eq!(conflict(Some(ActPass), Passive), None);
        assert_eq!(conflict(Some(Active), Passive), None);
        assert_eq!(conflict(Some(Passive), Active), None);
        assert_eq!(conflict(Some(Active), Active), Some(SameRole(Active)));
        assert_eq!(conflict(Some(Passive), Passive), Some(SameRole(Passive)));
        assert_eq!(conflict(None, Active), None);
    }

    /// Roles in any case, as libwebrtc and Firefox read them.
    #[test]
    fn roles_ignore_case() {
        let sdp = |role: &str| {
            format!(
                "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n\
                 m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 192.0.2.1\r\na=mid:0\r\n\
                 a=setup:{role}\r\na=rtpmap:111 opus/48000/2\r\n"
            )
        };
        let hits = |offer: &str, answer: &str| {
            let (offer, answer) = (sdp(offer), sdp(answer));
            crate::check_pair(offer.as_bytes(), answer.as_bytes())
                .findings()
                .iter()
                .filter(|f| f.rule() == crate::RuleId::DtlsRoleConflict)
                .count()
        };
        assert_eq!(hits("ACTPASS", "Active"), 0);
        assert_eq!(hits("actpass", "ACTPASS"), 1);
        assert_eq!(hits("PASSIVE", "passive"), 1);
        // `holdconn` and unknown roles are `invalid-setup-role`'s.
        assert_eq!(hits("actpass", "holdconn"), 0);
        assert_eq!(hits("actpass", "client"), 0);
    }
}
