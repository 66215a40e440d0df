//! `invalid-setup-role`: an `a=setup` that names no DTLS role, or
//! `holdconn`, which WebRTC does not allow on a DTLS transport.

use crate::finding::Finding;
use crate::model::{Attribute, Line, Media};
use crate::parse::attribute::{AttrValue, Setup};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::is_live;
use crate::rules::helpers::uses_dtls;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `a=setup` that names no DTLS role, and `a=setup:holdconn` on a
    /// live DTLS section. Any value other than `actpass`, `active`, `passive`
    /// or `holdconn` is flagged at any level; `holdconn` is flagged in a live
    /// DTLS section, or at session level when a live DTLS section has no
    /// `a=setup` of its own.
    ///
    /// The roles are matched without regard to case: the RFC 4145 grammar
    /// writes them as ABNF strings, which are case-insensitive, and both
    /// libwebrtc and Firefox compare them case-insensitively, so `ACTPASS` is
    /// accepted everywhere that matters and not flagged.
    ///
    /// ## Why is this bad?
    /// The setup role decides which side sends the DTLS `ClientHello`
    /// (RFC 5763 §5, RFC 8842 §5). An unknown role cannot be negotiated at
    /// all, and the whole description is refused:
    ///
    /// - Chrome (libwebrtc) fails `setRemoteDescription` with
    ///   "Invalid attribute value." on the `a=setup` line.
    /// - Firefox's SDP parser rejects it with "Unsupported setup value".
    ///
    /// `holdconn` ("no connection for now", RFC 4145 §4) has no meaning for
    /// DTLS-SRTP: RFC 8842 §5 allows only `actpass` in an offer and `active`
    /// or `passive` in an answer, and JSEP never generates it. Firefox fails
    /// with "Description has illegal setup attribute "holdconn" at level N";
    /// libwebrtc, receiving it in an answer, fails with "Answerer must use
    /// either active or passive value for setup attribute." Either way the
    /// call is refused (Telnyx 40004, Twilio 53402 or 32009). A SIP stack that
    /// maps "hold" to `holdconn` instead of `a=sendonly`/`a=inactive` is the
    /// usual source.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Invalid attribute value.`
    /// - Chrome, Safari (libwebrtc, `pc/jsep_transport.cc`): `Answerer must use
    ///   either active or passive value for setup attribute.`
    /// - Firefox (`dom/media/webrtc/sdp/SdpHelper.cpp`): `Invalid description,
    ///   illegal setup attribute "holdconn" at level 0`
    /// - Firefox (`dom/media/webrtc/jsep/JsepSessionImpl.cpp`): `Description
    ///   has illegal setup attribute "holdconn" in m-section at level 0`
    /// - Firefox's Rust parser (mozilla/webrtc-sdp, `src/attribute_type.rs`):
    ///   `Unsupported setup value`
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=setup:holdconn
    /// a=inactive
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=setup:actpass
    /// a=inactive
    /// ```
    ///
    /// ## References
    /// - RFC 4145 §4 (`role = "active" / "passive" / "actpass" / "holdconn"`)
    /// - RFC 5763 §5 (DTLS-SRTP: the offerer uses `actpass`, the answerer `active` or `passive`)
    /// - RFC 8842 §5.2, §5.3 (offer and answer setup roles for DTLS)
    /// - RFC 9429 (JSEP) §5.2.1, §5.3.1 (`a=setup:actpass` in offers, `active` in answers)
    pub(crate) const DOCS;
}

/// Checks every `a=setup`: session level first, then each section.
pub(crate) fn invalid_setup_role(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for (line, attr) in sdp.session_attributes() {
        let Some(role) = role(attr) else { continue };
        match role {
            Role::Unknown(value) => ctx.report(unknown_role_diagnostic(sdp.span_of(value), value)),
            // A session-level role governs the sections without their own.
            Role::HoldConn => {
                let governed = sdp.media().find(|media| {
                    is_live_dtls(media) && media.attributes_named("setup").next().is_none()
                });
                if let Some(media) = governed {
                    let at = value_span(sdp, line, attr);
                    let header = media.header().map(|h| h.span);
                    ctx.report(holdconn_diagnostic(at, header));
                }
            }
            Role::Valid => {}
        }
    }
    for media in sdp.media() {
        let dtls = is_live_dtls(&media);
        for (line, attr) in media.attributes_named("setup") {
            match role(attr) {
                Some(Role::Unknown(value)) => {
                    ctx.report(unknown_role_diagnostic(sdp.span_of(value), value));
                }
                Some(Role::HoldConn) if dtls => {
                    ctx.report(holdconn_diagnostic(value_span(sdp, line, attr), None));
                }
                // RFC 8842 §5.3: the answerer picks `active` or `passive`.
                Some(Role::Valid)
                    if dtls
                        && ctx.options.role == crate::options::Role::Answer
                        && is_actpass(attr) =>
                {
                    ctx.report(actpass_in_answer_diagnostic(value_span(sdp, line, attr)));
                }
                _ => {}
            }
        }
    }
}

/// True for `a=setup:actpass`, in any case.
fn is_actpass(attr: &Attribute<'_>) -> bool {
    matches!(attr.typed, AttrValue::Setup(Setup::ActPass))
}

fn actpass_in_answer_diagnostic(span: Span) -> Finding {
    Finding::new(
        RuleId::InvalidSetupRole,
        "`a=setup:actpass` in an answer: the answerer must pick `active` or `passive`",
    )
    .with_label(span, "an offer's word: both browsers reject it in an answer")
    .with_help("answer `a=setup:active` (the usual choice) or `a=setup:passive`")
    .with_stacks(crate::registry::said::ACTPASS_IN_ANSWER)
}

/// What an `a=setup` value means here.
#[derive(Debug, Clone, Copy)]
enum Role<'a> {
    /// `actpass`, `active` or `passive`, in any case.
    Valid,
    /// `holdconn`, in any case.
    HoldConn,
    /// Anything else, as written.
    Unknown(&'a str),
}

/// The role of an `a=setup` attribute, or `None` for another attribute.
fn role<'a>(attr: &Attribute<'a>) -> Option<Role<'a>> {
    let AttrValue::Setup(setup) = attr.typed else { return None };
    Some(match setup {
        Setup::Active | Setup::Passive | Setup::ActPass => Role::Valid,
        Setup::HoldConn => Role::HoldConn,
        // The parser types the four roles in lower case only; libwebrtc
        // (`absl::EqualsIgnoreCase`) and Firefox (`to_lowercase`) accept any
        // case, so a case variant is not an unknown role.
        Setup::Other(value) if value.eq_ignore_ascii_case("holdconn") => Role::HoldConn,
        Setup::Other(value)
            if ["actpass", "active", "passive"].iter().any(|r| r.eq_ignore_ascii_case(value)) =>
        {
            Role::Valid
        }
        Setup::Other(value) => Role::Unknown(value),
    })
}

/// True for a live section whose protocol runs over DTLS or TLS.
fn is_live_dtls(media: &Media<'_, '_>) -> bool {
    media.media_line().is_some_and(|m| uses_dtls(m.proto)) && is_live(media)
}

/// The span of an attribute's value as written (the typed `holdconn` is a
/// constant, not a slice of the input), or of its whole line.
fn value_span(
    sdp: &crate::model::SessionDescription<'_>,
    line: &Line<'_>,
    attr: &Attribute<'_>,
) -> Span {
    attr.value.map_or(line.span, |value| sdp.span_of(value))
}

fn unknown_role_diagnostic(span: Span, value: &str) -> Finding {
    Finding::new(
        RuleId::InvalidSetupRole,
        format!("`a=setup:{}` is not a DTLS setup role", crate::rules::shown(value)),
    )
    .with_label(span, "not `actpass`, `active`, `passive` or `holdconn`")
    .with_help("write `a=setup:actpass` in an offer, and `a=setup:active` (or `a=setup:passive`) in an answer")
}

/// `holdconn` at `span`; `section` is the governed section's `m=` line when
/// the attribute is at session level.
fn holdconn_diagnostic(span: Span, section: Option<Span>) -> Finding {
    let finding = Finding::new(
        RuleId::InvalidSetupRole,
        "`a=setup:holdconn` on a DTLS transport, which WebRTC does not allow",
    )
    .with_label(span, "not a DTLS-SRTP role")
    .with_help(
        "write `a=setup:actpass` in an offer, and `a=setup:active` (or `a=setup:passive`) in an answer; to put the media on hold use `a=sendonly` or `a=inactive`",
    );
    match section {
        Some(header) => {
            finding.with_label(header, "this DTLS section takes its role from the session level")
        }
        None => finding,
    }
}
