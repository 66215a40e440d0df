//! What the codec rules of an offer/answer pair share: which section pairs
//! they compare ([`codec_pairs`], [`same_stream`]), why two codecs of the
//! same name do not match ([`CodecPair::nearest_offered`]), and the spans
//! and codec lists their findings show. Keeping this in one place keeps
//! `no-common-codec`, `answer-codec-not-offered`, `telephone-event-dropped`
//! and `codec-clock-rate-mismatch` agreeing on what "the same codec" means,
//! which is what lets each fault give one finding.
//!
//! Not a rule: no `DOCS`, no check function, no registry row.

use crate::codec::PayloadTypeSet;
use crate::model::{Media, SessionDescription};
use crate::negotiate::{Mismatch, SectionCodec, compare, section_codecs};
use crate::parse::attribute::AttrValue;
use crate::rules::shown;
use crate::span::Span;

/// An offered RTP section and its answer, paired by position, that the
/// codec rules compare: both `m=` lines parse, both are RTP, they are the
/// same stream (`media-section-mismatch` reports the others) and the offer
/// did not disable the section.
pub(crate) struct CodecPair<'s, 'a> {
    /// The offered section.
    pub(crate) offer: Media<'s, 'a>,
    /// The answered section.
    pub(crate) answer: Media<'s, 'a>,
    /// The offer's codecs, one per payload type, in `m=` line order.
    pub(crate) offered: Vec<SectionCodec<'a>>,
    /// The answer's codecs, one per payload type, in `m=` line order.
    pub(crate) answered: Vec<SectionCodec<'a>>,
    /// False when the answer rejected the section (port 0 without
    /// `a=bundle-only`).
    pub(crate) accepted: bool,
}

impl<'a> CodecPair<'_, 'a> {
    /// True when some offered codec matches `codec` ([`compare`]).
    pub(crate) fn is_offered(&self, codec: &SectionCodec<'_>) -> bool {
        self.offered.iter().any(|o| compare(o, codec).is_ok())
    }

    /// True when the answer lists at least one offered media codec.
    pub(crate) fn shares_media_codec(&self) -> bool {
        self.answered.iter().any(|a| a.is_media() && self.is_offered(a))
    }

    /// For an answered codec that matches no offered one: the offered codec
    /// of the same name it came closest to matching, and why it did not.
    /// Closest means it failed the latest check of [`compare`] (an offered
    /// `opus/48000/1` beats `opus/16000/2` for an answered `opus/48000/2`:
    /// the clock rate is then not the reason). `None` when the codec matches
    /// or the offer has nothing of that name.
    pub(crate) fn nearest_offered(
        &self,
        codec: &SectionCodec<'_>,
    ) -> Option<(&SectionCodec<'a>, Mismatch)> {
        if self.is_offered(codec) {
            return None;
        }
        self.offered
            .iter()
            .filter_map(|o| match compare(o, codec) {
                Err(Mismatch::Name) | Ok(()) => None,
                Err(why) => Some((o, why)),
            })
            // The first of the closest, so the label points at the offer's
            // earliest such codec.
            .min_by_key(|(_, why)| std::cmp::Reverse(rank(*why)))
    }

    /// True when a rejected answer's format list is one of the placeholders
    /// stacks write into a rejected section (Firefox's `SdpHelper::
    /// DisableMsection`: `0 PCMU/8000` for audio, `120 VP8/90000` for
    /// video), which says nothing about what the answerer supports.
    pub(crate) fn is_placeholder(&self) -> bool {
        let single = self.answer.media_line().is_some_and(|m| m.formats().nth(1).is_none());
        match self.answered.as_slice() {
            [only] if single => {
                let c = only.codec;
                (c.payload_type == 0 && c.name.eq_ignore_ascii_case("PCMU"))
                    || (c.payload_type == 120 && c.name.eq_ignore_ascii_case("VP8"))
            }
            _ => false,
        }
    }
}

/// How far a codec got through [`compare`]'s checks before failing.
fn rank(why: Mismatch) -> u8 {
    match why {
        Mismatch::Name => 0,
        Mismatch::ClockRate => 1,
        Mismatch::Channels => 2,
        Mismatch::PacketizationMode => 3,
        Mismatch::H264Profile => 4,
    }
}

/// The section pairs the codec rules compare ([`CodecPair`]).
pub(crate) fn codec_pairs<'s, 'a>(
    offer: &'s SessionDescription<'a>,
    answer: &'s SessionDescription<'a>,
) -> impl Iterator<Item = CodecPair<'s, 'a>> {
    offer.media().zip(answer.media()).filter_map(|(o, a)| {
        let (ol, al) = (o.media_line()?, a.media_line()?);
        if !ol.is_rtp() || !al.is_rtp() || !same_stream(&o, &a) {
            return None;
        }
        // RFC 9143 §7.5: an offered port 0 with `a=bundle-only` is live.
        let live = |m: &Media<'_, '_>, port: u16| port != 0 || m.attribute("bundle-only").is_some();
        if !live(&o, ol.port.value) {
            return None;
        }
        let accepted = live(&a, al.port.value);
        Some(CodecPair {
            offered: unique(section_codecs(&o)),
            answered: unique(section_codecs(&a)),
            offer: o,
            answer: a,
            accepted,
        })
    })
}

/// The first codec of each payload type: a payload type listed twice on an
/// `m=` line is `duplicate`-rules' business, and deduplicating bounds the
/// pairwise comparisons at 128 × 128 per section.
fn unique(codecs: Vec<SectionCodec<'_>>) -> Vec<SectionCodec<'_>> {
    let mut seen = PayloadTypeSet::default();
    codecs.into_iter().filter(|c| seen.insert(c.codec.payload_type)).collect()
}

/// True for a `telephone-event` codec (RFC 4733), any case.
pub(crate) fn is_telephone_event(codec: &SectionCodec<'_>) -> bool {
    codec.codec.name.eq_ignore_ascii_case("telephone-event")
}

/// The span of a section's whole format list on its `m=` line.
pub(crate) fn format_list_span(sdp: &SessionDescription<'_>, media: &Media<'_, '_>) -> Span {
    match media.media_line() {
        Some(m) => sdp.span_of(m.formats),
        None => media.header().map_or(Span::empty(0), |h| h.span),
    }
}

/// The span of payload type `pt` on a section's `m=` line.
pub(crate) fn format_span(
    sdp: &SessionDescription<'_>,
    media: &Media<'_, '_>,
    pt: u8,
) -> Option<Span> {
    let m = media.media_line()?;
    m.formats().find(|f| f.parse::<u8>().ok() == Some(pt)).map(|f| sdp.span_of(f))
}

/// The `a=rtpmap` line of payload type `pt` in a section.
pub(crate) fn rtpmap_span(media: &Media<'_, '_>, pt: u8) -> Option<Span> {
    media.attributes().find_map(|(line, a)| match &a.typed {
        AttrValue::Rtpmap(r) if r.payload_type.value == pt => Some(line.span),
        _ => None,
    })
}

/// The `a=fmtp` line of payload type `pt` in a section.
fn fmtp_span(media: &Media<'_, '_>, pt: u8) -> Option<Span> {
    media.attributes().find_map(|(line, a)| match &a.typed {
        AttrValue::Fmtp(f) if f.payload_type() == Some(pt) => Some(line.span),
        _ => None,
    })
}

/// Where a codec is defined: its `a=rtpmap` line, or (a static payload type
/// used without one) its number on the `m=` line.
pub(crate) fn codec_span(sdp: &SessionDescription<'_>, media: &Media<'_, '_>, pt: u8) -> Span {
    rtpmap_span(media, pt)
        .or_else(|| format_span(sdp, media, pt))
        .unwrap_or_else(|| format_list_span(sdp, media))
}

/// Where the reason two codecs differ is written: the `a=fmtp` line for
/// the H.264 parameters, else the codec's definition.
pub(crate) fn cause_span(
    sdp: &SessionDescription<'_>,
    media: &Media<'_, '_>,
    codec: &SectionCodec<'_>,
    why: Mismatch,
) -> Span {
    let pt = codec.codec.payload_type;
    match why {
        Mismatch::PacketizationMode | Mismatch::H264Profile => {
            fmtp_span(media, pt).unwrap_or_else(|| codec_span(sdp, media, pt))
        }
        _ => codec_span(sdp, media, pt),
    }
}

/// Most codecs a list in a message shows before `…`.
const LIST_MAX: usize = 6;

/// The media codecs of a section as `opus/48000/2, PCMU/8000`, each shown
/// once (Chrome offers several `H264/90000` that differ only in fmtp).
pub(crate) fn media_list(codecs: &[SectionCodec<'_>]) -> String {
    codec_list(codecs.iter().filter(|c| c.is_media()))
}

/// `codecs` as `opus/48000/2, PCMU/8000`, each shown once, at most
/// [`LIST_MAX`] of them.
pub(crate) fn codec_list<'c, 'a: 'c>(codecs: impl Iterator<Item = &'c SectionCodec<'a>>) -> String {
    let mut shown_codecs: Vec<String> = Vec::new();
    let mut more = false;
    for c in codecs {
        let text = codec_text(c);
        if shown_codecs.contains(&text) {
            continue;
        }
        if shown_codecs.len() == LIST_MAX {
            more = true;
            break;
        }
        shown_codecs.push(text);
    }
    let mut list = shown_codecs.join(", ");
    if more {
        list.push_str(", …");
    }
    list
}

/// A codec as a message shows it: its rtpmap form (`opus/48000/2`), and
/// for H.264 the two fmtp parameters that decide whether it matches
/// (`H264/90000 (profile-level-id=42e01f;packetization-mode=1)`), so that
/// two H.264 codecs that do not match do not read the same.
pub(crate) fn codec_text(codec: &SectionCodec<'_>) -> String {
    let text = shown(&codec.codec.to_string());
    if !codec.codec.name.eq_ignore_ascii_case("H264") {
        return text;
    }
    let params: Vec<String> = ["profile-level-id", "packetization-mode"]
        .into_iter()
        .filter_map(|name| codec.param(name).map(|value| format!("{name}={}", shown(value))))
        .collect();
    if params.is_empty() { text } else { format!("{text} ({})", params.join(";")) }
}

/// The line that gives an answered codec the offered codec's form, for a
/// help line: the offered rtpmap (clock rate, channels) or the offered
/// H.264 fmtp, on the answer's payload type.
pub(crate) fn offered_form(
    answer: &SectionCodec<'_>,
    offer: &SectionCodec<'_>,
    why: Mismatch,
) -> String {
    let pt = answer.codec.payload_type;
    match why {
        Mismatch::PacketizationMode | Mismatch::H264Profile => {
            // The parameters that decide the match, as the offer writes them
            // (rebuilt from the parsed values, so a long fmtp stays short).
            let params: Vec<String> =
                ["level-asymmetry-allowed", "packetization-mode", "profile-level-id"]
                    .into_iter()
                    .filter_map(|name| offer.param(name).map(|v| format!("{name}={}", shown(v))))
                    .collect();
            if params.is_empty() {
                "answer H.264 as offered, without `a=fmtp` (the RFC 6184 defaults: \
                 `profile-level-id=42000a`, `packetization-mode=0`)"
                    .to_owned()
            } else {
                format!("answer H.264 as offered: `a=fmtp:{pt} {}`", params.join(";"))
            }
        }
        Mismatch::Name | Mismatch::ClockRate | Mismatch::Channels => {
            format!("answer as offered: `a=rtpmap:{pt} {}`", shown(&offer.codec.to_string()))
        }
    }
}

/// Why a codec of the offered name did not match, in words, for a help
/// line; the caller adds the fix.
pub(crate) fn mismatch_text(
    answer: &SectionCodec<'_>,
    offer: &SectionCodec<'_>,
    why: Mismatch,
) -> String {
    let (a, o) = (shown(&answer.codec.to_string()), shown(&offer.codec.to_string()));
    match why {
        Mismatch::Name => format!("`{a}` is not `{o}`"),
        Mismatch::ClockRate => {
            format!("the answer's `{a}` runs at another clock rate than the offer's `{o}`")
        }
        Mismatch::Channels => {
            format!("the answer's `{a}` has another channel count than the offer's `{o}`")
        }
        Mismatch::PacketizationMode => format!(
            "the answer's H.264 has `packetization-mode={}`, the offer's `packetization-mode={}` (RFC 6184 §8.2.2)",
            shown(answer.param("packetization-mode").unwrap_or("0")),
            shown(offer.param("packetization-mode").unwrap_or("0"))
        ),
        Mismatch::H264Profile => format!(
            "the answer's H.264 has `profile-level-id={}`, a profile the offer's `profile-level-id={}` is not (RFC 6184 §8.2.2)",
            shown(answer.param("profile-level-id").unwrap_or("42000a")),
            shown(offer.param("profile-level-id").unwrap_or("42000a"))
        ),
    }
}

/// How two sections at the same position fail to be the same stream.
pub(crate) enum StreamMismatch<'a> {
    /// Different media kinds.
    Kind {
        /// The offer's kind.
        offer: &'a str,
        /// The answer's kind.
        answer: &'a str,
    },
    /// The same kind, different `a=mid` values.
    Mid {
        /// The offer's mid.
        offer: &'a str,
        /// The answer's mid.
        answer: &'a str,
    },
}

/// Why `offer` and `answer` are not the same stream, if they are not. An
/// unparsable `m=` line is left to its own finding.
pub(crate) fn stream_mismatch<'a>(
    offer: &Media<'_, 'a>,
    answer: &Media<'_, 'a>,
) -> Option<StreamMismatch<'a>> {
    let (o, a) = (offer.media_line()?, answer.media_line()?);
    if !o.media.eq_ignore_ascii_case(a.media) {
        return Some(StreamMismatch::Kind { offer: o.media, answer: a.media });
    }
    match (offer.mid(), answer.mid()) {
        (Some(om), Some(am)) if om != am => Some(StreamMismatch::Mid { offer: om, answer: am }),
        _ => None,
    }
}

/// True when the two sections at the same position describe the same
/// stream as far as `media-section-mismatch` can tell: the codec rules compare only
/// these, so a misaligned pair gives one finding (this rule's), not a
/// cascade of codec findings.
pub(crate) fn same_stream(offer: &Media<'_, '_>, answer: &Media<'_, '_>) -> bool {
    stream_mismatch(offer, answer).is_none()
}
