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
use crate::rules::context::{CheckFn, PairCheckFn};
use crate::stacks::StackVerdict;

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

/// The world a description is judged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// Browsers and WebRTC stacks (JSEP, RFC 9429): ICE, DTLS-SRTP, BUNDLE.
    WebRtc,
    /// SIP user agents, PBXes and trunks: RTP/AVP, often no ICE.
    Sip,
}

impl Profile {
    /// `webrtc` or `sip`.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::WebRtc => "webrtc",
            Profile::Sip => "sip",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The profiles a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profiles {
    webrtc: bool,
    sip: bool,
}

impl Profiles {
    /// Both.
    pub const ANY: Profiles = Profiles { webrtc: true, sip: true };
    /// WebRTC only.
    pub const WEBRTC: Profiles = Profiles { webrtc: true, sip: false };
    /// SIP only.
    pub const SIP: Profiles = Profiles { webrtc: false, sip: true };

    /// True if the rule applies under `profile`.
    pub fn contains(self, profile: Profile) -> bool {
        match profile {
            Profile::WebRtc => self.webrtc,
            Profile::Sip => self.sip,
        }
    }

    /// `any`, `webrtc` or `sip`.
    pub fn as_str(self) -> &'static str {
        match (self.webrtc, self.sip) {
            (true, true) => "any",
            (true, false) => "webrtc",
            (false, true) => "sip",
            (false, false) => "none",
        }
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
    /// Runs after every other rule of its kind, because it reads their
    /// findings (`Context::earlier`).
    pub(crate) reads_earlier: bool,
    /// The real stacks' verdicts its findings may attach (the rule file's
    /// `stacks = [...]` in `declare_rule!`); `sdpcheck explain` shows them.
    pub stacks: &'static [StackVerdict],
    /// True for a rule about the negotiation's outcome (no common codec, an
    /// unusable codec, no media, keys or roles that cannot agree) or a row
    /// of CONTRACT.md's minimum mapping: its findings stay at their
    /// severity whatever `--target` names ([`crate::Targets`]). Every syntax
    /// rule is one (the mapping's first row); others say `outcome` in their
    /// registry row.
    pub outcome: bool,
}

impl RuleMeta {
    /// The verdicts its findings may carry: the browsers' default verdicts
    /// for the rule (`default_stacks`, recorded in `said`), then those
    /// its `declare_rule!` lists in `stacks = [...]`, each once. What
    /// `sdpcheck explain` and `rules --format json` show.
    pub fn declared_stacks(&self) -> Vec<StackVerdict> {
        let mut all: Vec<StackVerdict> = Vec::new();
        for v in default_stacks(self.id).iter().chain(self.stacks) {
            if !all.contains(v) {
                all.push(*v);
            }
        }
        all
    }

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

/// The path of a rule's file from its group: the parser's diagnostics live
/// in `parse::diagnostics`, the others in `rules::{session,pair}`.
macro_rules! rule_path {
    (syntax, $rule:ident, $item:ident) => {
        crate::parse::diagnostics::$rule::$item
    };
    (session, $rule:ident, $item:ident) => {
        crate::rules::session::$rule::$item
    };
    (pair, $rule:ident, $item:ident) => {
        crate::rules::pair::$rule::$item
    };
}

/// How a rule of a group runs: the check function named like its file.
macro_rules! rule_check {
    (syntax, $rule:ident) => {
        Check::Syntax
    };
    (session, $rule:ident) => {
        Check::Session(rule_path!(session, $rule, $rule))
    };
    (pair, $rule:ident) => {
        Check::Pair(rule_path!(pair, $rule, $rule))
    };
}

/// The [`RuleKind`] of a group.
macro_rules! rule_kind {
    (syntax) => {
        RuleKind::Syntax
    };
    (session) => {
        RuleKind::Session
    };
    (pair) => {
        RuleKind::Pair
    };
}

/// True when `id` (`NoMedia`), `name` (`no-media`) and `file` (`no_media`)
/// spell the same words: checked at compile time for every row, so a row
/// cannot pair a name with another rule's file.
const fn names_agree(id: &str, name: &str, file: &str) -> bool {
    let (id, name, file) = (id.as_bytes(), name.as_bytes(), file.as_bytes());
    if name.len() != file.len() {
        return false;
    }
    let (mut i, mut j) = (0, 0);
    while i < name.len() {
        let (n, f) = (name[i], file[i]);
        if !(n == f || (n == b'-' && f == b'_')) {
            return false;
        }
        if n != b'-' {
            // The id is the name in CamelCase: the same letters, no dashes.
            if j >= id.len() || !id[j].eq_ignore_ascii_case(&n) {
                return false;
            }
            j += 1;
        }
        i += 1;
    }
    j == id.len()
}

/// The flags a registry row may end with.
const ROW_FLAGS: &[&str] = &["reads_earlier", "outcome"];

/// True when `flags` holds `flag` (compile-time string comparison).
const fn has_flag(flags: &[&str], flag: &str) -> bool {
    let mut i = 0;
    while i < flags.len() {
        if str_eq(flags[i], flag) {
            return true;
        }
        i += 1;
    }
    false
}

/// True when every flag of a row is a known one.
const fn flags_known(flags: &[&str]) -> bool {
    let mut i = 0;
    while i < flags.len() {
        if !has_flag(ROW_FLAGS, flags[i]) {
            return false;
        }
        i += 1;
    }
    true
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

macro_rules! registry {
    ($( $id:ident $code:literal $name:literal $sev:ident $profiles:ident $codes:expr => $group:ident :: $rule:ident $($flag:ident)* ; )*) => {
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

        $(const _: () = assert!(
            names_agree(stringify!($id), $name, stringify!($rule)),
            concat!("registry row ", $code, ": id, name and file must spell the same rule"),
        );)*

        $(const _: () = assert!(
            flags_known(&[$(stringify!($flag)),*]),
            concat!("registry row ", $code, ": a row ends with `reads_earlier` and/or `outcome`"),
        );)*

        /// Every rule, sorted by code; `RULES[id as usize].id == id`.
        pub static RULES: &[RuleMeta] = &[
            $(RuleMeta {
                id: RuleId::$id,
                code: $code,
                name: $name,
                severity: Severity::$sev,
                kind: rule_kind!($group),
                profiles: Profiles::$profiles,
                field_codes: $codes,
                docs: rule_path!($group, $rule, DOCS),
                check: rule_check!($group, $rule),
                reads_earlier: has_flag(&[$(stringify!($flag)),*], "reads_earlier"),
                stacks: rule_path!($group, $rule, STACKS),
                outcome: matches!(rule_kind!($group), RuleKind::Syntax)
                    || has_flag(&[$(stringify!($flag)),*], "outcome"),
            },)*
        ];
    };
}

#[rustfmt::skip]
registry! {
    InvalidLine                 "SDP0001" "invalid-line"                    Error   ANY    SYNTAX                     => syntax::invalid_line;
    UnknownLineType             "SDP0002" "unknown-line-type"               Error   ANY    SYNTAX                     => syntax::unknown_line_type;
    LineOutOfOrder              "SDP0003" "line-out-of-order"               Error   ANY    SYNTAX                     => syntax::line_out_of_order;
    MissingRequiredLine         "SDP0004" "missing-required-line"           Error   ANY    SYNTAX                     => syntax::missing_required_line;
    DuplicateLine               "SDP0005" "duplicate-line"                  Error   ANY    SYNTAX                     => syntax::duplicate_line;
    UnsupportedVersion          "SDP0006" "unsupported-version"             Error   ANY    SYNTAX                     => syntax::unsupported_version;
    MalformedField              "SDP0007" "malformed-field"                 Error   ANY    SYNTAX                     => syntax::malformed_field;
    MalformedNumber             "SDP0008" "malformed-number"                Error   ANY    SYNTAX                     => syntax::malformed_number;
    NumberOutOfRange            "SDP0009" "number-out-of-range"             Error   ANY    SYNTAX                     => syntax::number_out_of_range;
    MalformedAttribute          "SDP0010" "malformed-attribute"             Error   ANY    SYNTAX                     => syntax::malformed_attribute;
    EmptySessionName            "SDP0011" "empty-session-name"              Error   ANY    SYNTAX                     => syntax::empty_session_name;
    LoneCarriageReturn          "SDP0012" "lone-carriage-return"            Error   ANY    SYNTAX                     => syntax::lone_carriage_return;
    InvalidUtf8                 "SDP0013" "invalid-utf8"                    Error   ANY    SYNTAX                     => syntax::invalid_utf8;
    NulByte                     "SDP0014" "nul-byte"                        Error   ANY    SYNTAX                     => syntax::nul_byte;
    BlankLine                   "SDP0015" "blank-line"                      Error   ANY    SYNTAX                     => syntax::blank_line;
    ByteOrderMark               "SDP0016" "byte-order-mark"                 Error   ANY    SYNTAX                     => syntax::byte_order_mark;
    LimitExceeded               "SDP0017" "limit-exceeded"                  Error   ANY    &[C32009, C40004]          => syntax::limit_exceeded;
    NoMedia                     "SDP1001" "no-media"                        Error   ANY    &[C32009]                  => session::no_media outcome;
    PlainRtpInWebrtc            "SDP1002" "plain-rtp-in-webrtc"             Error   WEBRTC &[C40004, C53402, C32009]  => session::plain_rtp_in_webrtc;
    WebrtcTransportInSip        "SDP1003" "webrtc-transport-in-sip"         Error   SIP    &[C488, C32009]            => session::webrtc_transport_in_sip;
    WebrtcSdpRejects            "SDP1004" "webrtc-sdp-rejects"              Error   WEBRTC &[C40004, C53402]          => session::webrtc_sdp_rejects reads_earlier;
    LargeOriginNumber           "SDP1005" "large-origin-number"             Error   WEBRTC &[C40004, C53402]          => session::large_origin_number;
    UnknownAddressType          "SDP1010" "unknown-address-type"            Error   SIP    &[C32102, C32009]          => session::unknown_address_type;
    MissingConnection           "SDP2001" "missing-connection"              Error   ANY    &[C32009, C40004]          => session::missing_connection outcome;
    PrivateConnectionAddress    "SDP2002" "private-connection-address"      Warning SIP    &[C32009]                  => session::private_connection_address;
    FqdnConnectionAddress       "SDP2003" "fqdn-connection-address"         Error   WEBRTC &[C40004, C53402, C32009]  => session::fqdn_connection_address;
    MulticastConnectionAddress  "SDP2004" "multicast-connection-address"    Error   WEBRTC &[C40004, C53402, C32009]  => session::multicast_connection_address;
    HoldConnectionAddress       "SDP2005" "hold-connection-address"         Advice  SIP    &[]                        => session::hold_connection_address;
    SavpWithoutCrypto           "SDP2006" "savp-without-crypto"             Error   ANY    &[C488, C32009]            => session::savp_without_crypto outcome;
    RequiredCodecMissing        "SDP2007" "required-codec-missing"          Error   ANY    &[C488, C415]              => session::required_codec_missing outcome;
    RequiredCodecNotPreferred   "SDP2008" "required-codec-not-preferred"    Warning ANY    &[C488]                    => session::required_codec_not_preferred outcome;
    RequiredCodecBadFormat      "SDP2009" "required-codec-bad-format"       Error   ANY    &[C488, C415]              => session::required_codec_bad_format outcome;
    DuplicatePayloadType        "SDP2010" "duplicate-payload-type"          Warning ANY    &[]                        => session::duplicate_payload_type;
    AllStreamsDisabled          "SDP2020" "all-streams-disabled"            Error   SIP    &[C488, C32009]            => session::all_streams_disabled outcome;
    StaticPayloadTypeWrongKind  "SDP2021" "static-payload-type-wrong-kind"  Warning SIP    &[]                        => session::static_payload_type_wrong_kind;
    HostOnlyCandidates          "SDP3001" "host-only-candidates"            Warning WEBRTC &[C33005, C32009]          => session::host_only_candidates outcome;
    MissingIceCredentials       "SDP3002" "missing-ice-credentials"         Error   WEBRTC &[C40004, C53402, C32009]  => session::missing_ice_credentials;
    InvalidIceCredentials       "SDP3003" "invalid-ice-credentials"         Error   WEBRTC &[C40004, C53402, C32009]  => session::invalid_ice_credentials;
    CandidateRaddrWithoutRport  "SDP3004" "candidate-raddr-without-rport"   Error   ANY    &[C40004, C32009]          => session::candidate_raddr_without_rport;
    MissingFingerprint          "SDP3005" "missing-fingerprint"             Error   WEBRTC &[C40004, C53402, C32009]  => session::missing_fingerprint;
    WeakFingerprintHash         "SDP3006" "weak-fingerprint-hash"           Warning WEBRTC &[C40004, C32009]          => session::weak_fingerprint_hash;
    MultipleFingerprints        "SDP3007" "multiple-fingerprints"           Warning WEBRTC &[C40004]                  => session::multiple_fingerprints;
    InvalidSetupRole            "SDP3008" "invalid-setup-role"              Error   WEBRTC &[C40004, C53402, C32009]  => session::invalid_setup_role;
    BundleUnknownMid            "SDP3009" "bundle-unknown-mid"              Error   WEBRTC &[C40004, C53402, C32009]  => session::bundle_unknown_mid;
    DuplicateMid                "SDP3010" "duplicate-mid"                   Error   ANY    &[C40004, C53402, C32009]  => session::duplicate_mid;
    MissingMid                  "SDP3011" "missing-mid"                     Error   WEBRTC &[C40004, C53402, C32009]  => session::missing_mid;
    MissingRtcpMux              "SDP3012" "missing-rtcp-mux"                Error   WEBRTC &[C40004, C53402, C32009]  => session::missing_rtcp_mux;
    MissingRtpmap               "SDP3013" "missing-rtpmap"                  Error   ANY    &[C488, C415, C40004, C32009] => session::missing_rtpmap;
    OrphanFormatAttribute       "SDP3014" "orphan-format-attribute"         Warning ANY    &[C40004, C32009]          => session::orphan_format_attribute;
    DuplicateRtpmap             "SDP3015" "duplicate-rtpmap"                Error   ANY    &[C40004, C488, C32009]    => session::duplicate_rtpmap;
    StaticPayloadTypeRemapped   "SDP3016" "static-payload-type-remapped"    Warning ANY    &[C488, C40004, C32009]    => session::static_payload_type_remapped;
    CodecParametersMismatch     "SDP3017" "codec-parameters-mismatch"       Error   ANY    &[C488, C415, C32009]      => session::codec_parameters_mismatch outcome;
    TelephoneEventRateMismatch  "SDP3018" "telephone-event-rate-mismatch"   Warning ANY    &[]                        => session::telephone_event_rate_mismatch outcome;
    SimulcastUnknownRid         "SDP3019" "simulcast-unknown-rid"           Error   WEBRTC &[C40004, C53402, C32009]  => session::simulcast_unknown_rid;
    RidWithoutSimulcast         "SDP3020" "rid-without-simulcast"           Warning WEBRTC &[]                        => session::rid_without_simulcast;
    UnusableFingerprint         "SDP3021" "unusable-fingerprint"            Error   WEBRTC &[C40004, C53402, C32009]  => session::unusable_fingerprint;
    ExtmapAtBothLevels          "SDP3022" "extmap-at-both-levels"           Error   WEBRTC &[C40004, C53402]          => session::extmap_at_both_levels;
    MidTooLong                  "SDP3023" "mid-too-long"                    Error   WEBRTC &[C40004, C53402, C32009]  => session::mid_too_long;
    ReservedPayloadType         "SDP3024" "reserved-payload-type"           Error   WEBRTC &[C40004, C53402, C32009]  => session::reserved_payload_type;
    LenientIceCharacters        "SDP3025" "lenient-ice-characters"          Warning WEBRTC &[]                        => session::lenient_ice_characters;
    TcptypeOnUdpCandidate       "SDP3026" "tcptype-on-udp-candidate"        Error   WEBRTC &[C40004, C53402]          => session::tcptype_on_udp_candidate;
    SimulcastWithoutRidExtension "SDP3027" "simulcast-without-rid-extension" Error  WEBRTC &[C40004, C53402]          => session::simulcast_without_rid_extension;
    TooManyOpusChannels         "SDP3028" "too-many-opus-channels"          Error   WEBRTC &[C40004, C53402]          => session::too_many_opus_channels;
    ProtocolMediaMismatch       "SDP3029" "protocol-media-mismatch"         Error   WEBRTC &[C40004, C53402, C32009]  => session::protocol_media_mismatch;
    MalformedBundleGroup        "SDP3030" "malformed-bundle-group"          Error   WEBRTC &[C40004, C53402, C32009]  => session::malformed_bundle_group;
    MissingSetup                "SDP3031" "missing-setup"                   Error   WEBRTC &[C40004, C53402, C32009]  => session::missing_setup;
    InvalidSsrcGroup            "SDP3032" "invalid-ssrc-group"              Error   WEBRTC &[C40004, C53402]          => session::invalid_ssrc_group;
    ConflictingMsid             "SDP3033" "conflicting-msid"                Error   WEBRTC &[C40004, C53402]          => session::conflicting_msid;
    DuplicateCryptoTag          "SDP3040" "duplicate-crypto-tag"            Error   SIP    &[C488, C32009]            => session::duplicate_crypto_tag;
    UnsupportedCryptoSuite      "SDP3041" "unsupported-crypto-suite"        Error   SIP    &[C488, C32009]            => session::unsupported_crypto_suite;
    AttributeWrongLevel         "SDP3042" "attribute-wrong-level"           Warning SIP    &[]                        => session::attribute_wrong_level;
    MLineCountMismatch          "SDP5001" "m-line-count-mismatch"           Error   ANY    &[C40004, C53402, C32009]  => pair::m_line_count_mismatch;
    MediaSectionMismatch        "SDP5002" "media-section-mismatch"          Error   ANY    &[C40004, C53402, C32009]  => pair::media_section_mismatch;
    NoCommonCodec               "SDP5003" "no-common-codec"                 Error   ANY    &[C53404, C488, C32009]    => pair::no_common_codec outcome;
    AnswerCodecNotOffered       "SDP5004" "answer-codec-not-offered"        Error   ANY    &[C488, C32009]            => pair::answer_codec_not_offered outcome;
    TelephoneEventDropped       "SDP5005" "telephone-event-dropped"         Warning ANY    &[]                        => pair::telephone_event_dropped outcome;
    CodecClockRateMismatch      "SDP5006" "codec-clock-rate-mismatch"       Warning ANY    &[]                        => pair::codec_clock_rate_mismatch outcome;
    DirectionMismatch           "SDP5007" "direction-mismatch"              Error   ANY    &[C40004, C32009]          => pair::direction_mismatch outcome;
    DtlsRoleConflict            "SDP5008" "dtls-role-conflict"              Error   ANY    &[C40004, C53402, C32009]  => pair::dtls_role_conflict outcome;
    TransportMismatch           "SDP5009" "transport-mismatch"              Error   ANY    &[C488, C40004, C32009]    => pair::transport_mismatch outcome;
    BundleNotSubset             "SDP5010" "bundle-not-subset"               Error   ANY    &[C40004, C53402, C32009]  => pair::bundle_not_subset;
    IceLiteBothSides            "SDP5011" "ice-lite-both-sides"             Warning ANY    &[C32009]                  => pair::ice_lite_both_sides outcome;
    SctpPortMissing             "SDP5012" "sctp-port-missing"               Warning ANY    &[C32009]                  => pair::sctp_port_missing outcome;
    CryptoNoCommonSuite         "SDP5013" "crypto-no-common-suite"          Error   ANY    &[C488, C32009]            => pair::crypto_no_common_suite outcome;
    PtimeMismatch               "SDP5014" "ptime-mismatch"                  Advice  ANY    &[]                        => pair::ptime_mismatch outcome;
    AnswerWithoutSctpPort       "SDP5015" "answer-without-sctp-port"        Error   WEBRTC &[C40004, C53402, C32009]  => session::answer_without_sctp_port;
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

/// Names a rule had before, still accepted wherever a rule is named
/// (`--select`, `--ignore`, `explain`), with the rule they now name.
pub const RENAMED: &[(&str, RuleId)] = &[
    // SDP1004 ran mozilla/webrtc-sdp, which no shipping Firefox uses
    // (issue 14): it was named as if it modelled a browser.
    ("browser-acceptance", RuleId::WebrtcSdpRejects),
];

/// Rules that run only when a `--select` names them (by code or name):
/// their verdict is not a real stack's.
pub const OFF_BY_DEFAULT: &[RuleId] = &[RuleId::WebrtcSdpRejects];

/// A rule name or code that names no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule `{0}`")]
pub struct UnknownRule(pub String);

impl FromStr for RuleId {
    type Err = UnknownRule;

    /// Accepts the code (`SDP0001`, any case), the name (`invalid-line`) or
    /// a retired name ([`RENAMED`]).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some((_, id)) = RENAMED.iter().find(|(old, _)| *old == s) {
            return Ok(*id);
        }
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
    fn names_agree_catches_a_row_that_names_another_rule() {
        assert!(names_agree("NoMedia", "no-media", "no_media"));
        assert!(names_agree("InvalidUtf8", "invalid-utf8", "invalid_utf8"));
        // The file of another rule, a misspelt name, an id of other words.
        assert!(!names_agree("NoMedia", "no-media", "missing_connection"));
        assert!(!names_agree("NoMedia", "no-medias", "no_media"));
        assert!(!names_agree("NoMedium", "no-media", "no_media"));
        assert!(!names_agree("NoMediaX", "no-media", "no_media"));
        assert!(!names_agree("NoMedia", "no_media", "no-media"));
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

/// What the real browsers said, in the words the conformance harness
/// recorded (`conformance/verdicts/{chromium,firefox}.json`, made with the
/// versions [`crate::Stack::verified_version`] names). Where a message
/// names a line, a mid or a level, it is the one recorded for the fixture
/// named beside it.
pub(crate) mod said {
    use crate::stacks::{Stack, StackVerdict};

    const fn chromium(message: &'static str) -> StackVerdict {
        StackVerdict::browser(Stack::Chromium, message)
    }

    const fn firefox(message: &'static str) -> StackVerdict {
        StackVerdict::browser(Stack::Firefox, message)
    }

    /// A line the grammar refuses (`fixtures/parse/no-type-letter.sdp`,
    /// `fixtures/parse/many-faults.sdp`).
    pub(crate) const SYNTAX: &[StackVerdict] = &[
        chromium("Failed to parse SessionDescription. =sendrecv Invalid SDP line."),
        firefox(
            "SIPCC Failed to parse SDP: SDP Parse Error on line 6:  Warning: Invalid token ordering detected, token m= found after token c=",
        ),
    ];
    /// A line Chromium's parser refuses and SIPCC reads leniently
    /// (`fixtures/parse/space-after-equals.sdp`).
    pub(crate) const SYNTAX_CHROMIUM: &[StackVerdict] =
        &[chromium("Failed to parse SessionDescription. a= sendrecv Invalid SDP line.")];
    /// A malformed `a=candidate`: SIPCC leaves candidates to the ICE agent,
    /// which drops the one it cannot read (`fixtures/parse/candidate-no-typ.sdp`).
    pub(crate) const CANDIDATE_CHROMIUM: &[StackVerdict] = &[chromium(
        "Failed to parse SessionDescription. a=candidate:3851990230 1 udp 2122260223 192.168.0.14 61734 generation 0 network-id 1 network-cost 10 Expect at least 8 fields.",
    )];
    /// A hexadecimal port: SIPCC reads it as a C number (`0x1F4`), libwebrtc
    /// refuses it (`fixtures/parse/port-hex.sdp`).
    pub(crate) const PORT_HEX_CHROMIUM: &[StackVerdict] = &[chromium(
        "Failed to parse SessionDescription. m=audio 0x1F4 RTP/AVP 0 8 101 The port number is invalid",
    )];
    /// A trailing space after a token libwebrtc checks (probe
    /// `trailing-space-setup`); Firefox trims it.
    pub(crate) const TRAILING_SPACE_CHROMIUM: &[StackVerdict] = &[chromium(
        "Failed to parse SessionDescription. a=setup:actpass  Invalid attribute value.",
    )];
    /// A blank line: SIPCC stops reading there (`fixtures/parse/blank-line-middle.sdp`).
    pub(crate) const BLANK_LINE: &[StackVerdict] =
        &[chromium("Failed to parse SessionDescription.  Expects m line.")];
    /// A byte order mark (`fixtures/parse/bom.sdp`).
    pub(crate) const BYTE_ORDER_MARK: &[StackVerdict] = &[
        chromium("Failed to parse SessionDescription. \u{ef}\u{bb}\u{bf}v=0 Expect line: v="),
        firefox("SDP contains non ASCII characters at position 0"),
    ];
    /// Plain RTP: no fingerprint, no ICE (the SIP-shaped fixtures).
    pub(crate) const NO_DTLS_NO_ICE: &[StackVerdict] = &[
        chromium("Failed to set remote offer sdp: Called with SDP without DTLS fingerprint."),
        firefox("Invalid description, no ice-ufrag attribute at level 0"),
    ];
    /// No ICE credentials (`fixtures/rules/SDP3002/`).
    pub(crate) const NO_ICE: &[StackVerdict] = &[
        chromium("Failed to set remote offer sdp: Called with SDP without ice-ufrag and ice-pwd."),
        firefox("Invalid description, no ice-ufrag attribute at level 0"),
    ];
    /// A BUNDLE'd section leaning on the tag section's ICE credentials:
    /// Firefox 153 wants its own (probe `bundle-second-without-ice-dtls`).
    pub(crate) const NO_ICE_IN_BUNDLED: &[StackVerdict] =
        &[firefox("Invalid description, no ice-ufrag attribute at level 1")];
    /// No fingerprint (`fixtures/rules/SDP3005/`).
    pub(crate) const NO_FINGERPRINT: &[StackVerdict] = &[
        chromium("Failed to set remote offer sdp: Called with SDP without DTLS fingerprint."),
        firefox("Invalid description, no fingerprint attribute at level 0"),
    ];
    /// A BUNDLE'd section leaning on the tag section's fingerprint.
    pub(crate) const NO_FINGERPRINT_IN_BUNDLED: &[StackVerdict] =
        &[firefox("Invalid description, no fingerprint attribute at level 1")];
    /// No `c=` for a section (`fixtures/rules/SDP2001/`); libwebrtc does
    /// not need `c=`.
    pub(crate) const NO_CONNECTION: &[StackVerdict] = &[firefox(
        "SIPCC Failed to parse SDP: SDP Parse Error on line 11:  c= connection line not specified for every media level, validation failed.",
    )];
    /// A host name in `c=` (`fixtures/rules/SDP2003/fail_hostname.sdp`).
    pub(crate) const HOST_NAME: &[StackVerdict] = &[firefox(
        "SIPCC Failed to parse SDP: SDP Parse Error on line 9:  Error parsing address med for mcast.",
    )];
    /// `c=` with `/ttl` or `/count` (probe `c-ipv4-multicast-ttl`).
    pub(crate) const ADDRESS_SUFFIX: &[StackVerdict] = &[chromium(
        "Failed to parse SessionDescription. c=IN IP4 233.252.0.1/127 Failed to parse the connection data. Multicast is not currently supported.",
    )];
    /// ICE credentials too short (`fixtures/rules/SDP3003/`).
    pub(crate) const ICE_TOO_SHORT: &[StackVerdict] = &[
        chromium(
            "Failed to set remote offer sdp: Failed to apply the description for m= section with mid='0': Invalid ICE parameters: ICE ufrag must be between 4 and 256 characters long.",
        ),
        firefox("Invalid description, ice-ufrag is too short at level 0"),
    ];
    /// ICE credentials too long: SIPCC has no upper bound.
    pub(crate) const ICE_TOO_LONG: &[StackVerdict] = &[chromium(
        "Failed to set remote offer sdp: Failed to apply the description for m= section with mid='0': Invalid ICE parameters: ICE ufrag must be between 4 and 256 characters long.",
    )];
    /// `a=setup` with a value no browser takes (`fixtures/rules/SDP3008/`).
    pub(crate) const SETUP_ROLE: &[StackVerdict] = &[
        chromium("Failed to create transport answer, transport is missing"),
        firefox("Invalid description, illegal setup attribute \"holdconn\" at level 0"),
    ];
    /// A BUNDLE group naming a mid no section has (`fixtures/rules/SDP3009/`).
    pub(crate) const BUNDLE_UNKNOWN_MID: &[StackVerdict] = &[
        chromium(
            "Failed to set remote offer sdp: A BUNDLE group contains a MID='2' matching no m= section.",
        ),
        firefox("No transceiver for bundled mid 2"),
    ];
    /// `a=setup:actpass` in an answer
    /// (`fixtures/rules/SDP5008/fail_answer_echoes_actpass.answer.sdp`).
    pub(crate) const ACTPASS_IN_ANSWER: &[StackVerdict] = &[
        chromium(
            "Failed to set remote answer sdp: Failed to apply the description for m= section with mid='0': Answerer must use either active or passive value for setup attribute.",
        ),
        firefox("Invalid answer, illegal setup attribute \"actpass\" at level 0"),
    ];
    /// Two sections with one mid: SIPCC accepts it (`fixtures/rules/SDP3010/`).
    pub(crate) const DUPLICATE_MID: &[StackVerdict] =
        &[chromium("Failed to set remote offer sdp: Duplicate a=mid value '1'.")];
    /// A missing mid filled in by libwebrtc collides with a written one
    /// (`fixtures/rules/SDP3011/fail_video_mid_stripped.sdp`).
    pub(crate) const FILLED_IN_MID_COLLIDES: &[StackVerdict] =
        &[chromium("Failed to set remote offer sdp: Duplicate a=mid value '0'.")];
    /// No `a=rtcp-mux`: Firefox always (rtcpMuxPolicy `require`).
    pub(crate) const NO_RTCP_MUX: &[StackVerdict] = &[firefox(
        "m-section at level 0 is missing a=rtcp-mux, which is required by rtcpMuxPolicy",
    )];
    /// No `a=rtcp-mux` in a BUNDLE'd section: both (probe `pt-opus-72-no-rtcp-mux`).
    pub(crate) const NO_RTCP_MUX_BUNDLED: &[StackVerdict] = &[
        chromium(
            "Failed to set remote offer sdp: rtcp-mux must be enabled when BUNDLE is enabled.",
        ),
        firefox("m-section at level 0 is missing a=rtcp-mux, which is required by rtcpMuxPolicy"),
    ];
    /// `a=simulcast` naming a rid with no `a=rid` line: SIPCC only
    /// (`fixtures/rules/SDP3019/`).
    pub(crate) const SIMULCAST_UNKNOWN_RID: &[StackVerdict] = &[firefox(
        "SIPCC Failed to parse SDP: SDP Parse Error on line 25: No rid attribute for 'q'",
    )];
    /// Two conflicting `a=rtpmap` for one payload type (probe
    /// `rtpmap-duplicate-conflicting`); SIPCC keeps one.
    pub(crate) const CONFLICTING_RTPMAP: &[StackVerdict] = &[chromium(
        "Failed to parse SessionDescription. a=rtpmap:0 PCMA/8000 Duplicate statically assigned payload type with conflicting codec name or clock rate.",
    )];
    /// Firefox reads `o=` numbers into a wrapping 64-bit integer and
    /// refuses a negative one (probes `o-session-id-*`, `o-version-*`).
    pub(crate) const ORIGIN_ID: &[StackVerdict] = &[firefox(
        "SIPCC Failed to parse SDP: SDP Parse Error on line 2:  Invalid owner session id specified for o=.",
    )];
    /// The same for the session version.
    pub(crate) const ORIGIN_VERSION: &[StackVerdict] = &[firefox(
        "SIPCC Failed to parse SDP: SDP Parse Error on line 2:  Invalid owner version specified for o=.",
    )];
    /// An MD5 fingerprint (`fixtures/rules/SDP3021/fail_md5_gateway.sdp`).
    pub(crate) const FINGERPRINT_MD5: &[StackVerdict] = &[chromium(
        "Failed to parse SessionDescription. a=fingerprint:MD5 7F:C5:CB:6D:E3:55:24:CB:CC:11:58:28:32:62:24:5E Failed to create fingerprint from the digest.",
    )];
    /// A digest of the wrong length
    /// (`fixtures/rules/SDP3021/fail_sha256_with_sha1_length.sdp`).
    pub(crate) const FINGERPRINT_LENGTH: &[StackVerdict] = &[chromium(
        "Failed to set local answer sdp: Failed to apply the description for m= section with mid='0': Failed to apply remote fingerprint.",
    )];
    /// Two fingerprints at session level
    /// (`fixtures/rules/SDP3007/fail_session_level_case_variant.sdp`).
    pub(crate) const FINGERPRINT_TWO_AT_SESSION: &[StackVerdict] = &[chromium(
        "Failed to parse SessionDescription. a=fingerprint:SHA-256 ED:03:5E:A5:4E:12:AB:4D:93:69:FC:47:2D:B8:7C:25:ED:AD:23:54:8E:38:41:77:DF:48:32:13:F7:B8:12:72 Can't have multiple fingerprint attributes at the same level.",
    )];
    /// `a=extmap` at both levels (probe `extmap-session-and-media`).
    pub(crate) const EXTMAP_BOTH_LEVELS: &[StackVerdict] = &[chromium(
        "Failed to parse SessionDescription.  The a=extmap MUST be either all session level or all media level.",
    )];
    /// A mid over 16 characters (probe `mid-length-17`).
    pub(crate) const MID_TOO_LONG: &[StackVerdict] = &[
        chromium(
            "Failed to set remote offer sdp: The MID attribute exceeds the maximum supported length of 16 characters.",
        ),
        firefox(
            "Invalid description, mid length greater than 16 unsupported until 2-byte rtp header extensions are supported in webrtc.org",
        ),
    ];
    /// Payload type 1 or 2 given a codec (probe `pt-opus-1`).
    pub(crate) const PT_RESERVED_BOTH: &[StackVerdict] = &[
        chromium(
            "Failed to parse SessionDescription. a=rtpmap:1 opus/48000/2 Duplicate statically assigned payload type with conflicting codec name or clock rate.",
        ),
        firefox("Illegal audio/video payload type \"1\" at level 0"),
    ];
    /// Payload type 19 (probe `pt-opus-19`).
    pub(crate) const PT_RESERVED_FIREFOX: &[StackVerdict] =
        &[firefox("Illegal audio/video payload type \"19\" at level 0")];
    /// Payload types 64-95 with `a=rtcp-mux` (probe `pt-opus-64`).
    pub(crate) const PT_RTCP_RANGE_BOTH: &[StackVerdict] = &[
        chromium(
            "Failed to set remote offer sdp: The media section with MID='0' used an invalid payload type 64 for codec 'opus, rtcp-mux:enabled",
        ),
        firefox("Illegal audio/video payload type \"64\" at level 0"),
    ];
    /// Payload types 64-95 without `a=rtcp-mux` (probe `pt-opus-72-no-rtcp-mux`).
    pub(crate) const PT_RTCP_RANGE_FIREFOX: &[StackVerdict] =
        &[firefox("Illegal audio/video payload type \"72\" at level 0")];
    /// `tcptype` on a UDP candidate (probe `candidate-tcptype-on-udp`).
    pub(crate) const TCPTYPE_ON_UDP: &[StackVerdict] = &[chromium(
        "Failed to parse SessionDescription. a=candidate:2372012757 1 udp 2122260223 198.51.100.73 49822 typ host tcptype active Invalid non-TCP candidate",
    )];
    /// Simulcast without the RID extension (probe
    /// `simulcast-without-rid-extension`).
    pub(crate) const SIMULCAST_WITHOUT_RID_EXTENSION: &[StackVerdict] = &[chromium(
        "Failed to set remote offer sdp: The media section with MID='1' negotiates simulcast but does not negotiate the RID RTP header extension.",
    )];
    /// `multiopus` past 16 channels (probe `multiopus-17`).
    pub(crate) const MULTIOPUS_CHANNELS: &[StackVerdict] = &[chromium(
        "Failed to parse SessionDescription. a=rtpmap:100 multiopus/48000/17 At most 16 channels are supported.",
    )];
    /// Audio or video over SCTP (probe `audio-with-sctp-proto`).
    pub(crate) const SCTP_FOR_AUDIO_VIDEO: &[StackVerdict] = &[
        chromium(
            "Failed to parse SessionDescription. m=audio 9 UDP/DTLS/SCTP webrtc-datachannel Unsupported protocol for media type",
        ),
        firefox(
            "SIPCC Failed to parse SDP: SDP Parse Error on line 9:  No webrtc-datachannel token in m= media line, parse failed.",
        ),
    ];
    /// A mid in two BUNDLE groups (probe `bundle-mid-in-two-groups`).
    pub(crate) const BUNDLE_MID_IN_TWO_GROUPS: &[StackVerdict] = &[
        chromium(
            "Failed to set remote offer sdp: A BUNDLE group contains a MID='1' that is already in a BUNDLE group.",
        ),
        firefox("mid '1' appears more than once in a BUNDLE group"),
    ];
    /// A mid twice in one BUNDLE group (probe `bundle-mid-twice`).
    pub(crate) const BUNDLE_MID_TWICE: &[StackVerdict] =
        &[firefox("mid '0' appears more than once in a BUNDLE group")];
    /// A rejected BUNDLE tag section (probe `bundle-tag-rejected`).
    pub(crate) const BUNDLE_TAG_REJECTED: &[StackVerdict] = &[firefox(
        "mid specified for bundle transport in group attribute points at a disabled m-section. (mid=0)",
    )];
    /// An offer without `a=setup` (probe `offer-without-setup`).
    pub(crate) const OFFER_WITHOUT_SETUP: &[StackVerdict] =
        &[firefox("Invalid offer, no setup attribute at level 0")];
    /// An SSRC twice in one group (probe `ssrc-group-duplicate-ssrc`).
    pub(crate) const SSRC_GROUP_DUPLICATE: &[StackVerdict] = &[chromium(
        "Failed to parse SessionDescription. a=ssrc-group:FID 1767862311 1767862311 Duplicate SSRC in ssrc-group",
    )];
    /// An FID group without two SSRCs (probe `ssrc-group-fid-one`).
    pub(crate) const SSRC_GROUP_FID_COUNT: &[StackVerdict] = &[chromium(
        "Failed to set remote offer sdp: The media section with MID='1' has a ssrc-group with semantics FID and an unexpected number of SSRCs.",
    )];
    /// One `a=msid` in two sections (probe `msid-same-in-two-sections`).
    pub(crate) const MSID_DUPLICATE: &[StackVerdict] =
        &[chromium("Failed to parse SessionDescription.  Duplicate a=msid lines detected")];
    /// Two track ids in one section (probe `msid-two-tracks-one-section`).
    pub(crate) const MSID_TWO_TRACKS: &[StackVerdict] = &[chromium(
        "Failed to parse SessionDescription. a=msid:187b793c-10a9-4f72-8ff1-d453bc81f5dd second-track Two different track IDs in msid attribute in one m= section",
    )];
    /// A data-channel answer without `a=sctp-port`
    /// (`fixtures/rules/SDP5012/fail_answer_without_sctp_port.answer.sdp`).
    pub(crate) const ANSWER_WITHOUT_SCTP_PORT: &[StackVerdict] =
        &[firefox("Answer had no codecs in common with offer in m-section 0")];
    /// Codec lines libwebrtc cannot tie to a codec
    /// (`fixtures/rules/SDP3013/fail_chrome_av1_rtpmap_removed.sdp`).
    pub(crate) const CODECS_UNPARSED: &[StackVerdict] =
        &[chromium("Failed to parse SessionDescription.  Failed to parse codecs correctly.")];
}

/// The real browsers that refuse the typical fault of `id`: what a new
/// finding of the rule claims unless its rule narrows it for the case at
/// hand ([`crate::Finding::with_stacks`]). Empty for a rule whose faults no
/// browser refuses on their own (`no-media`: a call without media, 32009,
/// but both browsers apply it), for SIP-only rules, and for
/// `webrtc-sdp-rejects`, which models a parser no shipping browser uses.
pub(crate) fn default_stacks(id: RuleId) -> &'static [crate::stacks::StackVerdict] {
    use RuleId as R;
    match id {
        R::InvalidLine
        | R::UnknownLineType
        | R::LineOutOfOrder
        | R::MissingRequiredLine
        | R::DuplicateLine
        | R::UnsupportedVersion
        | R::MalformedField
        | R::MalformedNumber
        | R::NumberOutOfRange
        | R::MalformedAttribute
        | R::EmptySessionName
        | R::LoneCarriageReturn
        | R::InvalidUtf8
        | R::NulByte
        | R::LimitExceeded => said::SYNTAX,
        R::BlankLine => said::BLANK_LINE,
        R::ByteOrderMark => said::BYTE_ORDER_MARK,
        R::PlainRtpInWebrtc => said::NO_DTLS_NO_ICE,
        R::MissingConnection => said::NO_CONNECTION,
        R::MissingIceCredentials => said::NO_ICE,
        R::InvalidIceCredentials => said::ICE_TOO_SHORT,
        R::MissingFingerprint => said::NO_FINGERPRINT,
        R::InvalidSetupRole => said::SETUP_ROLE,
        R::BundleUnknownMid => said::BUNDLE_UNKNOWN_MID,
        R::DuplicateMid => said::DUPLICATE_MID,
        R::MissingRtcpMux => said::NO_RTCP_MUX,
        R::SimulcastUnknownRid => said::SIMULCAST_UNKNOWN_RID,
        R::MidTooLong => said::MID_TOO_LONG,
        R::ProtocolMediaMismatch => said::SCTP_FOR_AUDIO_VIDEO,
        _ => &[],
    }
}
