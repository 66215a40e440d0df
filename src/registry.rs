//! The rule registry: the one place where rule codes, names, default
//! severities and field error codes live.
//!
//! Rules and the parser create [`crate::Finding`]s by [`RuleId`] only; the
//! metadata here is looked up from the id, so it cannot drift. Codes are
//! never reused: a retired rule keeps its row (ruff's `codes.rs` habit).
//! Bands: `SDP0xxx` syntax and structure of lines, `SDP1xxx` session level,
//! `SDP2xxx` media level, `SDP3xxx` attributes, `SDP5xxx` offer/answer.

use std::fmt;
use std::str::FromStr;

use crate::finding::Severity;
use crate::profile::Profiles;
use crate::rules;
use crate::rules::context::{CheckFn, PairCheckFn};

/// A platform error code that a fault produces in the field (CONTRACT.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum FieldCode {
    /// Twilio 32009: "SDP negotiation failed" as troubleshooting guides use it.
    Twilio32009,
    /// Twilio 53404: no supported codec in common.
    Twilio53404,
    /// SIP 488 Not Acceptable Here.
    Sip488,
    /// SIP 415 Unsupported Media Type.
    Sip415,
    /// Telnyx 40004: `SDP_SET_REMOTE_DESCRIPTION_FAILED`.
    Telnyx40004,
    /// Telnyx 33005: `ONLY_HOST_ICE_CANDIDATES`.
    Telnyx33005,
    /// Twilio 32102: SIP Bad SDP.
    Twilio32102,
    /// Twilio 53402: client unable to apply a remote media description.
    Twilio53402,
}

impl FieldCode {
    /// Every code, in the order CONTRACT.md lists them.
    pub const ALL: [FieldCode; 8] = [
        FieldCode::Twilio32009,
        FieldCode::Twilio53404,
        FieldCode::Sip488,
        FieldCode::Sip415,
        FieldCode::Telnyx40004,
        FieldCode::Telnyx33005,
        FieldCode::Twilio32102,
        FieldCode::Twilio53402,
    ];

    /// The number as the platform shows it.
    pub fn number(self) -> u32 {
        match self {
            FieldCode::Twilio32009 => 32009,
            FieldCode::Twilio53404 => 53404,
            FieldCode::Sip488 => 488,
            FieldCode::Sip415 => 415,
            FieldCode::Telnyx40004 => 40004,
            FieldCode::Telnyx33005 => 33005,
            FieldCode::Twilio32102 => 32102,
            FieldCode::Twilio53402 => 53402,
        }
    }

    /// Who shows it: `Twilio`, `SIP` or `Telnyx`.
    pub fn platform(self) -> &'static str {
        match self {
            FieldCode::Twilio32009
            | FieldCode::Twilio53404
            | FieldCode::Twilio32102
            | FieldCode::Twilio53402 => "Twilio",
            FieldCode::Sip488 | FieldCode::Sip415 => "SIP",
            FieldCode::Telnyx40004 | FieldCode::Telnyx33005 => "Telnyx",
        }
    }

    /// The code with that number.
    pub fn from_number(n: u32) -> Option<FieldCode> {
        FieldCode::ALL.into_iter().find(|c| c.number() == n)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for FieldCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.number())
    }
}

impl fmt::Display for FieldCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

/// Where a rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "lowercase"))]
pub enum RuleKind {
    /// Reported by the parser while it reads lines.
    Syntax,
    /// Runs over one parsed description.
    Session,
    /// Runs over an offer and its answer.
    Pair,
}

/// How a rule runs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Check {
    /// Reported by the parser.
    Syntax,
    /// A single-description rule.
    Session(CheckFn),
    /// An offer/answer rule.
    Pair(PairCheckFn),
}

/// Everything the registry knows about one rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Its id.
    pub id: RuleId,
    /// Stable code, `SDP0001`.
    pub code: &'static str,
    /// Stable name, `invalid-line`; reads well as "allow invalid-line".
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Where it looks.
    pub kind: RuleKind,
    /// The profiles it applies under.
    pub profiles: Profiles,
    /// The field error codes its findings carry, most specific first.
    pub field_codes: &'static [FieldCode],
    /// Its documentation (Markdown, from the rule file's doc comment).
    pub docs: &'static str,
    /// How it runs.
    pub(crate) check: Check,
}

impl RuleMeta {
    /// The first sentence under "What it does": the one-line summary.
    pub fn summary(&self) -> String {
        let paragraph: Vec<&str> = self
            .docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end())
            .skip_while(|l| l.starts_with("##") || l.is_empty())
            .take_while(|l| !l.is_empty())
            .collect();
        let text = paragraph.join(" ");
        match text.find(". ") {
            Some(end) => text.get(..=end).unwrap_or(&text).to_owned(),
            None => text,
        }
    }

    /// The documentation with rustdoc's leading space stripped per line.
    pub fn documentation(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
}

use FieldCode::{Sip415 as C415, Sip488 as C488, Telnyx40004 as C40004, Twilio32009 as C32009};
use FieldCode::{
    Telnyx33005 as C33005, Twilio32102 as C32102, Twilio53402 as C53402, Twilio53404 as C53404,
};

/// The codes a line that breaks the SDP grammar produces: Telnyx and Twilio
/// from the remote description failing to apply, Twilio 32102 from a SIP trunk.
const SYNTAX: &[FieldCode] = &[C40004, C32009, C32102];

macro_rules! registry {
    ($( $id:ident $code:literal $name:literal $sev:ident $kind:ident $profiles:ident $codes:expr, $docs:path, $check:expr; )*) => {
        /// A rule's identity. Stable across releases; see [`RuleMeta`] for its code and name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u16)]
        #[non_exhaustive]
        pub enum RuleId {
            $(
                #[doc = concat!("`", $code, "` `", $name, "`")]
                $id,
            )*
        }

        /// Every rule, sorted by code; `RULES[id as usize].id == id`.
        pub static RULES: &[RuleMeta] = &[
            $(RuleMeta {
                id: RuleId::$id,
                code: $code,
                name: $name,
                severity: Severity::$sev,
                kind: RuleKind::$kind,
                profiles: Profiles::$profiles,
                field_codes: $codes,
                docs: $docs,
                check: $check,
            },)*
        ];
    };
}

#[rustfmt::skip]
registry! {
    InvalidLine                 "SDP0001" "invalid-line"                    Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::invalid_line::DOCS, Check::Syntax;
    UnknownLineType             "SDP0002" "unknown-line-type"               Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::unknown_line_type::DOCS, Check::Syntax;
    LineOutOfOrder              "SDP0003" "line-out-of-order"               Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::line_out_of_order::DOCS, Check::Syntax;
    MissingRequiredLine         "SDP0004" "missing-required-line"           Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::missing_required_line::DOCS, Check::Syntax;
    DuplicateLine               "SDP0005" "duplicate-line"                  Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::duplicate_line::DOCS, Check::Syntax;
    UnsupportedVersion          "SDP0006" "unsupported-version"             Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::unsupported_version::DOCS, Check::Syntax;
    MalformedField              "SDP0007" "malformed-field"                 Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::malformed_field::DOCS, Check::Syntax;
    MalformedNumber             "SDP0008" "malformed-number"                Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::malformed_number::DOCS, Check::Syntax;
    NumberOutOfRange            "SDP0009" "number-out-of-range"             Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::number_out_of_range::DOCS, Check::Syntax;
    MalformedAttribute          "SDP0010" "malformed-attribute"             Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::malformed_attribute::DOCS, Check::Syntax;
    EmptySessionName            "SDP0011" "empty-session-name"              Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::empty_session_name::DOCS, Check::Syntax;
    LoneCarriageReturn          "SDP0012" "lone-carriage-return"            Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::lone_carriage_return::DOCS, Check::Syntax;
    InvalidUtf8                 "SDP0013" "invalid-utf8"                    Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::invalid_utf8::DOCS, Check::Syntax;
    NulByte                     "SDP0014" "nul-byte"                        Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::nul_byte::DOCS, Check::Syntax;
    BlankLine                   "SDP0015" "blank-line"                      Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::blank_line::DOCS, Check::Syntax;
    ByteOrderMark               "SDP0016" "byte-order-mark"                 Error   Syntax  ANY    SYNTAX, crate::parse::diagnostics::byte_order_mark::DOCS, Check::Syntax;
    LimitExceeded               "SDP0017" "limit-exceeded"                  Error   Syntax  ANY    &[C32009, C40004], crate::parse::diagnostics::limit_exceeded::DOCS, Check::Syntax;
    NoMedia                     "SDP1001" "no-media"                        Error   Session ANY    &[C32009], rules::session::no_media::DOCS, Check::Session(rules::session::no_media::no_media);
    PlainRtpInWebrtc            "SDP1002" "plain-rtp-in-webrtc"             Error   Session WEBRTC &[C40004, C53402, C32009], rules::session::plain_rtp_in_webrtc::DOCS, Check::Session(rules::session::plain_rtp_in_webrtc::plain_rtp_in_webrtc);
    WebrtcTransportInSip        "SDP1003" "webrtc-transport-in-sip"         Error   Session SIP    &[C488, C32009], rules::session::webrtc_transport_in_sip::DOCS, Check::Session(rules::session::webrtc_transport_in_sip::webrtc_transport_in_sip);
    BrowserAcceptance           "SDP1004" "browser-acceptance"              Error   Session WEBRTC &[C40004, C53402], rules::session::browser_acceptance::DOCS, Check::Session(rules::session::browser_acceptance::browser_acceptance);
    MissingConnection           "SDP2001" "missing-connection"              Error   Session ANY    &[C32009, C40004], rules::session::missing_connection::DOCS, Check::Session(rules::session::missing_connection::missing_connection);
    PrivateConnectionAddress    "SDP2002" "private-connection-address"      Warning Session SIP    &[C32009], rules::session::private_connection_address::DOCS, Check::Session(rules::session::private_connection_address::private_connection_address);
    FqdnConnectionAddress       "SDP2003" "fqdn-connection-address"         Error   Session WEBRTC &[C40004, C53402, C32009], rules::session::fqdn_connection_address::DOCS, Check::Session(rules::session::fqdn_connection_address::fqdn_connection_address);
    MulticastConnectionAddress  "SDP2004" "multicast-connection-address"    Error   Session WEBRTC &[C40004, C53402, C32009], rules::session::multicast_connection_address::DOCS, Check::Session(rules::session::multicast_connection_address::multicast_connection_address);
    HoldConnectionAddress       "SDP2005" "hold-connection-address"         Advice  Session SIP    &[], rules::session::hold_connection_address::DOCS, Check::Session(rules::session::hold_connection_address::hold_connection_address);
    SavpWithoutCrypto           "SDP2006" "savp-without-crypto"             Error   Session ANY    &[C488, C32009], rules::session::savp_without_crypto::DOCS, Check::Session(rules::session::savp_without_crypto::savp_without_crypto);
    RequiredCodecMissing        "SDP2007" "required-codec-missing"          Error   Session ANY    &[C488, C415], rules::session::required_codec_missing::DOCS, Check::Session(rules::session::required_codec_missing::required_codec_missing);
    RequiredCodecNotPreferred   "SDP2008" "required-codec-not-preferred"    Warning Session ANY    &[C488], rules::session::required_codec_not_preferred::DOCS, Check::Session(rules::session::required_codec_not_preferred::required_codec_not_preferred);
    RequiredCodecBadFormat      "SDP2009" "required-codec-bad-format"       Error   Session ANY    &[C488, C415], rules::session::required_codec_bad_format::DOCS, Check::Session(rules::session::required_codec_bad_format::required_codec_bad_format);
    DuplicatePayloadType        "SDP2010" "duplicate-payload-type"          Warning Session ANY    &[], rules::session::duplicate_payload_type::DOCS, Check::Session(rules::session::duplicate_payload_type::duplicate_payload_type);
    HostOnlyCandidates          "SDP3001" "host-only-candidates"            Warning Session WEBRTC &[C33005, C32009], rules::session::host_only_candidates::DOCS, Check::Session(rules::session::host_only_candidates::host_only_candidates);
    MissingIceCredentials       "SDP3002" "missing-ice-credentials"         Error   Session WEBRTC &[C40004, C53402, C32009], rules::session::missing_ice_credentials::DOCS, Check::Session(rules::session::missing_ice_credentials::missing_ice_credentials);
    InvalidIceCredentials       "SDP3003" "invalid-ice-credentials"         Error   Session WEBRTC &[C40004, C53402, C32009], rules::session::invalid_ice_credentials::DOCS, Check::Session(rules::session::invalid_ice_credentials::invalid_ice_credentials);
    CandidateRaddrWithoutRport  "SDP3004" "candidate-raddr-without-rport"   Error   Session ANY    &[C40004, C32009], rules::session::candidate_raddr_without_rport::DOCS, Check::Session(rules::session::candidate_raddr_without_rport::candidate_raddr_without_rport);
    MissingFingerprint          "SDP3005" "missing-fingerprint"             Error   Session WEBRTC &[C40004, C53402, C32009], rules::session::missing_fingerprint::DOCS, Check::Session(rules::session::missing_fingerprint::missing_fingerprint);
    WeakFingerprintHash         "SDP3006" "weak-fingerprint-hash"           Warning Session WEBRTC &[C40004, C32009], rules::session::weak_fingerprint_hash::DOCS, Check::Session(rules::session::weak_fingerprint_hash::weak_fingerprint_hash);
    MultipleFingerprints        "SDP3007" "multiple-fingerprints"           Warning Session WEBRTC &[C40004], rules::session::multiple_fingerprints::DOCS, Check::Session(rules::session::multiple_fingerprints::multiple_fingerprints);
    InvalidSetupRole            "SDP3008" "invalid-setup-role"              Error   Session WEBRTC &[C40004, C53402, C32009], rules::session::invalid_setup_role::DOCS, Check::Session(rules::session::invalid_setup_role::invalid_setup_role);
    BundleUnknownMid            "SDP3009" "bundle-unknown-mid"              Error   Session WEBRTC &[C40004, C53402, C32009], rules::session::bundle_unknown_mid::DOCS, Check::Session(rules::session::bundle_unknown_mid::bundle_unknown_mid);
    DuplicateMid                "SDP3010" "duplicate-mid"                   Error   Session ANY    &[C40004, C53402, C32009], rules::session::duplicate_mid::DOCS, Check::Session(rules::session::duplicate_mid::duplicate_mid);
    MissingMid                  "SDP3011" "missing-mid"                     Error   Session WEBRTC &[C40004, C53402, C32009], rules::session::missing_mid::DOCS, Check::Session(rules::session::missing_mid::missing_mid);
    MissingRtcpMux              "SDP3012" "missing-rtcp-mux"                Error   Session WEBRTC &[C40004, C53402, C32009], rules::session::missing_rtcp_mux::DOCS, Check::Session(rules::session::missing_rtcp_mux::missing_rtcp_mux);
    MissingRtpmap               "SDP3013" "missing-rtpmap"                  Error   Session ANY    &[C488, C415, C40004, C32009], rules::session::missing_rtpmap::DOCS, Check::Session(rules::session::missing_rtpmap::missing_rtpmap);
    OrphanFormatAttribute       "SDP3014" "orphan-format-attribute"         Warning Session ANY    &[C40004, C32009], rules::session::orphan_format_attribute::DOCS, Check::Session(rules::session::orphan_format_attribute::orphan_format_attribute);
    DuplicateRtpmap             "SDP3015" "duplicate-rtpmap"                Error   Session ANY    &[C40004, C488, C32009], rules::session::duplicate_rtpmap::DOCS, Check::Session(rules::session::duplicate_rtpmap::duplicate_rtpmap);
    StaticPayloadTypeRemapped   "SDP3016" "static-payload-type-remapped"    Warning Session ANY    &[C488, C40004, C32009], rules::session::static_payload_type_remapped::DOCS, Check::Session(rules::session::static_payload_type_remapped::static_payload_type_remapped);
    CodecParametersMismatch     "SDP3017" "codec-parameters-mismatch"       Error   Session ANY    &[C488, C415, C32009], rules::session::codec_parameters_mismatch::DOCS, Check::Session(rules::session::codec_parameters_mismatch::codec_parameters_mismatch);
    TelephoneEventRateMismatch  "SDP3018" "telephone-event-rate-mismatch"   Warning Session ANY    &[], rules::session::telephone_event_rate_mismatch::DOCS, Check::Session(rules::session::telephone_event_rate_mismatch::telephone_event_rate_mismatch);
    SimulcastUnknownRid         "SDP3019" "simulcast-unknown-rid"           Error   Session WEBRTC &[C40004, C53402, C32009], rules::session::simulcast_unknown_rid::DOCS, Check::Session(rules::session::simulcast_unknown_rid::simulcast_unknown_rid);
    RidWithoutSimulcast         "SDP3020" "rid-without-simulcast"           Warning Session WEBRTC &[], rules::session::rid_without_simulcast::DOCS, Check::Session(rules::session::rid_without_simulcast::rid_without_simulcast);
    MLineCountMismatch          "SDP5001" "m-line-count-mismatch"           Error   Pair    ANY    &[C40004, C53402, C32009], rules::pair::m_line_count_mismatch::DOCS, Check::Pair(rules::pair::m_line_count_mismatch::m_line_count_mismatch);
    MediaSectionMismatch        "SDP5002" "media-section-mismatch"          Error   Pair    ANY    &[C40004, C53402, C32009], rules::pair::media_section_mismatch::DOCS, Check::Pair(rules::pair::media_section_mismatch::media_section_mismatch);
    NoCommonCodec               "SDP5003" "no-common-codec"                 Error   Pair    ANY    &[C53404, C488, C32009], rules::pair::no_common_codec::DOCS, Check::Pair(rules::pair::no_common_codec::no_common_codec);
    AnswerCodecNotOffered       "SDP5004" "answer-codec-not-offered"        Error   Pair    ANY    &[C488, C32009], rules::pair::answer_codec_not_offered::DOCS, Check::Pair(rules::pair::answer_codec_not_offered::answer_codec_not_offered);
    TelephoneEventDropped       "SDP5005" "telephone-event-dropped"         Warning Pair    ANY    &[], rules::pair::telephone_event_dropped::DOCS, Check::Pair(rules::pair::telephone_event_dropped::telephone_event_dropped);
    CodecClockRateMismatch      "SDP5006" "codec-clock-rate-mismatch"       Warning Pair    ANY    &[], rules::pair::codec_clock_rate_mismatch::DOCS, Check::Pair(rules::pair::codec_clock_rate_mismatch::codec_clock_rate_mismatch);
    DirectionMismatch           "SDP5007" "direction-mismatch"              Error   Pair    ANY    &[C40004, C32009], rules::pair::direction_mismatch::DOCS, Check::Pair(rules::pair::direction_mismatch::direction_mismatch);
    DtlsRoleConflict            "SDP5008" "dtls-role-conflict"              Error   Pair    ANY    &[C40004, C53402, C32009], rules::pair::dtls_role_conflict::DOCS, Check::Pair(rules::pair::dtls_role_conflict::dtls_role_conflict);
    TransportMismatch           "SDP5009" "transport-mismatch"              Error   Pair    ANY    &[C488, C40004, C32009], rules::pair::transport_mismatch::DOCS, Check::Pair(rules::pair::transport_mismatch::transport_mismatch);
    BundleNotSubset             "SDP5010" "bundle-not-subset"               Error   Pair    ANY    &[C40004, C53402, C32009], rules::pair::bundle_not_subset::DOCS, Check::Pair(rules::pair::bundle_not_subset::bundle_not_subset);
    IceLiteBothSides            "SDP5011" "ice-lite-both-sides"             Warning Pair    ANY    &[C32009], rules::pair::ice_lite_both_sides::DOCS, Check::Pair(rules::pair::ice_lite_both_sides::ice_lite_both_sides);
    SctpPortMissing             "SDP5012" "sctp-port-missing"               Warning Pair    ANY    &[C32009], rules::pair::sctp_port_missing::DOCS, Check::Pair(rules::pair::sctp_port_missing::sctp_port_missing);
    CryptoNoCommonSuite         "SDP5013" "crypto-no-common-suite"          Error   Pair    ANY    &[C488, C32009], rules::pair::crypto_no_common_suite::DOCS, Check::Pair(rules::pair::crypto_no_common_suite::crypto_no_common_suite);
    PtimeMismatch               "SDP5014" "ptime-mismatch"                  Advice  Pair    ANY    &[], rules::pair::ptime_mismatch::DOCS, Check::Pair(rules::pair::ptime_mismatch::ptime_mismatch);
}

impl RuleId {
    /// The rule's registry row.
    pub fn meta(self) -> &'static RuleMeta {
        // The table is generated in the same order as the enum; the
        // `ids_index_their_rows` test holds that invariant.
        &RULES[self as usize]
    }

    /// Every rule id.
    pub fn all() -> impl ExactSizeIterator<Item = RuleId> {
        RULES.iter().map(|m| m.id)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.meta().name)
    }
}

/// A rule name or code that names no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule `{0}`")]
pub struct UnknownRule(pub String);

impl FromStr for RuleId {
    type Err = UnknownRule;

    /// Accepts the code (`SDP0001`, any case) or the name (`invalid-line`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RULES
            .iter()
            .find(|m| m.name == s || m.code.eq_ignore_ascii_case(s))
            .map(|m| m.id)
            .ok_or_else(|| UnknownRule(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_index_their_rows() {
        for (i, meta) in RULES.iter().enumerate() {
            assert_eq!(meta.id as usize, i, "{} is out of place", meta.code);
        }
    }

    #[test]
    fn codes_and_names_are_unique_and_sorted() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for m in RULES {
            assert!(codes.insert(m.code), "duplicate code {}", m.code);
            assert!(names.insert(m.name), "duplicate name {}", m.name);
        }
        assert!(RULES.windows(2).all(|w| w[0].code < w[1].code), "RULES must be sorted by code");
    }

    #[test]
    fn codes_and_names_round_trip() {
        for m in RULES {
            assert_eq!(m.code.parse::<RuleId>(), Ok(m.id));
            assert_eq!(m.name.parse::<RuleId>(), Ok(m.id));
            assert_eq!(m.code.to_lowercase().parse::<RuleId>(), Ok(m.id));
        }
        assert!("no-such-rule".parse::<RuleId>().is_err());
    }

    #[test]
    fn every_rule_has_the_four_doc_sections() {
        for m in RULES {
            for heading in ["## What it does", "## Why is this bad?", "## Example", "## References"]
            {
                assert!(m.docs.contains(heading), "{} ({}) lacks `{heading}`", m.name, m.code);
            }
            assert!(!m.summary().is_empty(), "{} has no summary", m.name);
        }
    }

    #[test]
    fn names_follow_the_convention() {
        // ruff's test: a name must read as "allow <name>", naming the problem.
        const BANNED_PREFIXES: &[&str] =
            &["avoid-", "do-not-", "use-", "prefer-", "consider-", "uses-", "rewrite-", "require-"];
        for m in RULES {
            assert!(
                m.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()),
                "{}: kebab-case only",
                m.name
            );
            assert!(!BANNED_PREFIXES.iter().any(|p| m.name.starts_with(p)), "{}", m.name);
            assert!(!m.name.ends_with("-used"), "{}", m.name);
        }
    }

    #[test]
    fn rule_id_is_small() {
        assert!(size_of::<RuleId>() <= 2);
    }

    #[test]
    fn every_rule_has_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
        for m in RULES {
            let dir = root.join(m.code);
            let names: Vec<String> = std::fs::read_dir(&dir)
                .unwrap_or_else(|_| {
                    panic!("{} ({}) has no fixtures in {}", m.name, m.code, dir.display())
                })
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect();
            assert!(
                names.iter().any(|n| n.starts_with("fail_")),
                "{} has no fail_ fixture",
                m.code
            );
            assert!(
                names.iter().any(|n| n.starts_with("pass_")),
                "{} has no pass_ fixture",
                m.code
            );
        }
    }
}
