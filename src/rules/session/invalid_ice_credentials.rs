//! `invalid-ice-credentials`: an ICE username fragment or password outside
//! the lengths RFC 8839 allows.

use crate::finding::Finding;
use crate::model::LineKind;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `a=ice-ufrag` or `a=ice-pwd` whose length is outside the RFC
    /// 8839 bounds. A ufrag must have 4 to 256 characters, a password 22 to
    /// 256.
    ///
    /// The character set (ALPHA / DIGIT / `+` / `/`) is checked by the parser;
    /// this rule checks only the lengths, at session and media level.
    ///
    /// ## Why is this bad?
    /// RFC 8839 §5.4 bounds both values: the password must carry at least 128
    /// bits of randomness (RFC 8445 §5.3) and the username fragment 24 bits.
    /// Browsers enforce the bounds when the description is applied:
    ///
    /// - Chrome (libwebrtc) fails `setRemoteDescription` with
    ///   "ICE ufrag must be between 4 and 256 characters long." or
    ///   "ICE pwd must be between 22 and 256 characters long."
    /// - Firefox fails it with "Invalid description, ice-ufrag is too short
    ///   at level N" (and the like for a long ufrag or a bad password).
    ///
    /// Platforms report it as Telnyx 40004 (`SDP_SET_REMOTE_DESCRIPTION_FAILED`),
    /// Twilio 53402 or 32009. Hand-written test SDP and home-grown ICE stacks
    /// (a short fixed password such as `secret`) are the usual source; libnice,
    /// pjnath and the browsers generate valid values.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `p2p/base/transport_description.cc`): `ICE
    ///   ufrag must be between 4 and 256 characters long.`; `ICE pwd must be
    ///   between 22 and 256 characters long.`
    /// - Firefox (`dom/media/webrtc/sdp/SdpHelper.cpp`): `Invalid description,
    ///   ice-ufrag is too short at level 0`; `Invalid description, ice-ufrag is
    ///   too long at level 0`; `Invalid description, ice-pwd is too short at
    ///   level 0`; `Invalid description, ice-pwd is too long at level 0`
    ///
    /// ## Example
    /// ```sdp
    /// a=ice-ufrag:ab
    /// a=ice-pwd:secret
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=ice-ufrag:8hhY
    /// a=ice-pwd:asd88fgpdd777uzjYhagZg
    /// ```
    ///
    /// ## References
    /// - RFC 8839 §5.4 (`ufrag = 4*256ice-char`, `password = 22*256ice-char`)
    /// - RFC 8445 §5.3 (at least 24 bits of randomness in the ufrag, 128 in the password)
    pub(crate) const DOCS;
}

/// RFC 8839 §5.4: `ufrag = 4*256ice-char`.
const UFRAG_LENGTHS: (usize, usize) = (4, 256);
/// RFC 8839 §5.4: `password = 22*256ice-char`.
const PWD_LENGTHS: (usize, usize) = (22, 256);

/// Checks the length of every `a=ice-ufrag` and `a=ice-pwd`.
pub(crate) fn invalid_ice_credentials(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for line in sdp.lines() {
        let LineKind::Attribute(attr) = &line.kind else { continue };
        let (value, credential) = match attr.typed {
            AttrValue::IceUfrag(v) => (v, Credential::Ufrag),
            AttrValue::IcePwd(v) => (v, Credential::Pwd),
            _ => continue,
        };
        // ice-char is ASCII (checked by the parser), so bytes are characters.
        let (min, max) = credential.lengths();
        if (min..=max).contains(&value.len()) {
            continue;
        }
        ctx.report(invalid_ice_credentials_diagnostic(sdp.span_of(value), value, credential));
    }
}

/// Which ICE credential a value is.
#[derive(Debug, Clone, Copy)]
enum Credential {
    /// `a=ice-ufrag`.
    Ufrag,
    /// `a=ice-pwd`.
    Pwd,
}

impl Credential {
    /// The inclusive length bounds.
    fn lengths(self) -> (usize, usize) {
        match self {
            Credential::Ufrag => UFRAG_LENGTHS,
            Credential::Pwd => PWD_LENGTHS,
        }
    }
}

fn invalid_ice_credentials_diagnostic(span: Span, value: &str, credential: Credential) -> Finding {
    let (min, max) = credential.lengths();
    let len = value.len();
    let (attr, what, example) = match credential {
        Credential::Ufrag => ("ice-ufrag", "username fragment", "a=ice-ufrag:8hhY"),
        Credential::Pwd => ("ice-pwd", "password", "a=ice-pwd:asd88fgpdd777uzjYhagZg"),
    };
    // SIPCC has no upper bound: only libwebrtc refuses a long one.
    let stacks = if len < min {
        crate::registry::said::ICE_TOO_SHORT
    } else {
        crate::registry::said::ICE_TOO_LONG
    };
    let (relation, label) = if len < min {
        (format!("fewer than the {min}"), format!("{len} characters: too short"))
    } else {
        (format!("more than the {max}"), format!("{len} characters: too long"))
    };
    Finding::new(
        RuleId::InvalidIceCredentials,
        format!(
            "`a={attr}` value `{}` is {len} characters long, {relation} RFC 8839 allows",
            crate::rules::shown(value)
        ),
    )
    .with_label(span, label)
    .with_help(format!(
        "generate a random ICE {what} of {min} to {max} characters of ALPHA / DIGIT / `+` / `/`, e.g. `{example}`"
    ))
    .with_stacks(stacks)
}
