//! Rules over one parsed description. One file per rule; each exposes
//! `DOCS` and a check function `fn <name>(ctx: &mut Context)` that reports
//! through `ctx.report`. `required_codec` is shared code (the
//! `--require-codec` policy's sections), not a rule.

pub(crate) mod answer_without_sctp_port;
pub(crate) mod bundle_unknown_mid;
pub(crate) mod candidate_raddr_without_rport;
pub(crate) mod codec_parameters_mismatch;
pub(crate) mod conflicting_msid;
pub(crate) mod duplicate_mid;
pub(crate) mod duplicate_payload_type;
pub(crate) mod duplicate_rtpmap;
pub(crate) mod extmap_at_both_levels;
pub(crate) mod fqdn_connection_address;
pub(crate) mod hold_connection_address;
pub(crate) mod host_only_candidates;
pub(crate) mod invalid_ice_credentials;
pub(crate) mod invalid_setup_role;
pub(crate) mod invalid_ssrc_group;
pub(crate) mod large_origin_number;
pub(crate) mod lenient_ice_characters;
pub(crate) mod malformed_bundle_group;
pub(crate) mod mid_too_long;
pub(crate) mod missing_connection;
pub(crate) mod missing_fingerprint;
pub(crate) mod missing_ice_credentials;
pub(crate) mod missing_mid;
pub(crate) mod missing_rtcp_mux;
pub(crate) mod missing_rtpmap;
pub(crate) mod missing_setup;
pub(crate) mod multicast_connection_address;
pub(crate) mod multiple_fingerprints;
pub(crate) mod no_media;
pub(crate) mod orphan_format_attribute;
pub(crate) mod plain_rtp_in_webrtc;
pub(crate) mod private_connection_address;
pub(crate) mod protocol_media_mismatch;
pub(crate) mod required_codec;
pub(crate) mod required_codec_bad_format;
pub(crate) mod required_codec_missing;
pub(crate) mod required_codec_not_preferred;
pub(crate) mod reserved_payload_type;
pub(crate) mod rid_without_simulcast;
pub(crate) mod savp_without_crypto;
pub(crate) mod simulcast_unknown_rid;
pub(crate) mod simulcast_without_rid_extension;
pub(crate) mod static_payload_type_remapped;
pub(crate) mod tcptype_on_udp_candidate;
pub(crate) mod telephone_event_rate_mismatch;
pub(crate) mod too_many_opus_channels;
pub(crate) mod unusable_fingerprint;
pub(crate) mod weak_fingerprint_hash;
pub(crate) mod webrtc_sdp_rejects;
pub(crate) mod webrtc_transport_in_sip;
