//! Offer/answer rules (RFC 3264, JSEP): one file per rule; each exposes
//! `DOCS` and a check function `fn <name>(ctx: &mut PairContext)`. Findings
//! sit on the answer, with labels into the offer. `codecs` is shared code
//! (codec pairing, spans, codec lists), not a rule.

pub(crate) mod answer_codec_not_offered;
pub(crate) mod bundle_not_subset;
pub(crate) mod codec_clock_rate_mismatch;
pub(crate) mod codecs;
pub(crate) mod crypto_no_common_suite;
pub(crate) mod direction_mismatch;
pub(crate) mod dtls_role_conflict;
pub(crate) mod ice_lite_both_sides;
pub(crate) mod m_line_count_mismatch;
pub(crate) mod media_section_mismatch;
pub(crate) mod no_common_codec;
pub(crate) mod ptime_mismatch;
pub(crate) mod sctp_port_missing;
pub(crate) mod telephone_event_dropped;
pub(crate) mod transport_mismatch;
