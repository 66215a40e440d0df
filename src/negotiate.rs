//! Offer/answer negotiation (RFC 3264): aligns the answer's media sections
//! with the offer's, intersects their codecs, and computes what the two
//! sides agreed on.
//!
//! The pair rules (`rules::pair`) read the [`Negotiation`]; the CLI shows it
//! as a table and as `pairs[].media` in JSON. Codecs are matched by encoding
//! name, clock rate and channels, never by payload type number: dynamic
//! payload types may differ between the sides (RFC 3264 §6.1). H.264 also
//! needs the same `packetization-mode` and profile (RFC 6184 §8.2.2), since
//! the field refuses to decode across them; Opus's fmtp never prevents a
//! match (RFC 7587 §7).

use crate::codec::{Codec, at_payload_type, first_per_payload_type, is_media_codec};
use crate::model::{Media, SessionDescription};
use crate::parse::attribute::{AttrValue, Direction};

/// One codec of a section with the fmtp parameters that affect matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionCodec<'a> {
    /// The codec.
    pub codec: Codec<'a>,
    /// The section's `a=fmtp` parameters for its payload type, if any.
    pub fmtp: Option<&'a str>,
}

impl SectionCodec<'_> {
    /// The parameter `name` of this codec's fmtp (case-insensitive name).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.fmtp?
            .split(';')
            .map(str::trim)
            .filter_map(|item| item.split_once('='))
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// True when this codec carries media (not telephone-event, CN, red, ...).
    pub fn is_media(&self) -> bool {
        is_media_codec(self.codec.name)
    }
}

/// The codecs of a section, each with its fmtp.
pub fn section_codecs<'a>(media: &Media<'_, 'a>) -> Vec<SectionCodec<'a>> {
    // The first fmtp of each payload type, in one pass (see
    // `first_per_payload_type`).
    let lines = media.lines();
    let fmtps = first_per_payload_type(lines, |a| match a {
        AttrValue::Fmtp(f) => f.payload_type(),
        _ => None,
    });
    media
        .codecs()
        .into_iter()
        .map(|codec| {
            let fmtp = at_payload_type(lines, &fmtps, codec.payload_type).and_then(|a| match a {
                AttrValue::Fmtp(f) => Some(f.params),
                _ => None,
            });
            SectionCodec { codec, fmtp }
        })
        .collect()
}

/// Why two codecs with the same name do not match, if they don't.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// Different encoding names.
    Name,
    /// Same name, different clock rate.
    ClockRate,
    /// Same name and rate, different channel count.
    Channels,
    /// H.264 with different `packetization-mode`.
    PacketizationMode,
    /// H.264 with a different profile in `profile-level-id`.
    H264Profile,
}

/// Compares an offered and an answered codec (RFC 3264 §6.1 by name, clock
/// rate and channels; plus H.264's mode and profile).
///
/// # Errors
///
/// The first [`Mismatch`] found, when the two do not match.
pub fn compare(offer: &SectionCodec<'_>, answer: &SectionCodec<'_>) -> Result<(), Mismatch> {
    let (o, a) = (offer.codec, answer.codec);
    if !o.name.eq_ignore_ascii_case(a.name) {
        return Err(Mismatch::Name);
    }
    if o.clock_rate != a.clock_rate {
        return Err(Mismatch::ClockRate);
    }
    // No channel count means one (RFC 8866 §6.6).
    if o.channels.unwrap_or(1) != a.channels.unwrap_or(1) {
        return Err(Mismatch::Channels);
    }
    if o.name.eq_ignore_ascii_case("H264") {
        // RFC 6184 §8.1: packetization-mode defaults to 0.
        let mode = |c: &SectionCodec<'_>| c.param("packetization-mode").unwrap_or("0").to_owned();
        if mode(offer) != mode(answer) {
            return Err(Mismatch::PacketizationMode);
        }
        // profile-level-id is profile_idc, profile-iop, level_idc as hex;
        // the level may differ (it is negotiated down), the profile may not.
        // Default 42000A (Constrained Baseline-ish, level 1) per RFC 6184 §8.1.
        let profile = |c: &SectionCodec<'_>| {
            let id = c.param("profile-level-id").unwrap_or("42000a");
            id.get(..4).map(str::to_ascii_lowercase).unwrap_or_default()
        };
        if profile(offer) != profile(answer) {
            return Err(Mismatch::H264Profile);
        }
    }
    Ok(())
}

/// The section's direction: its own attribute, else the session's, else
/// `sendrecv` (RFC 8866 §6.7).
pub fn direction(sdp: &SessionDescription<'_>, media: &Media<'_, '_>) -> Direction {
    fn first(a: &AttrValue<'_>) -> Option<Direction> {
        match a {
            AttrValue::Direction(d) => Some(*d),
            _ => None,
        }
    }
    media
        .attributes()
        .find_map(|(_, a)| first(&a.typed))
        .or_else(|| sdp.session_attributes().find_map(|(_, a)| first(&a.typed)))
        .unwrap_or(Direction::SendRecv)
}

/// What the two sides agreed on for one m= line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NegotiatedMedia<'a> {
    /// 0-based m-line index.
    pub index: usize,
    /// The media kind (`audio`, `video`, `application`), from the answer.
    pub kind: &'a str,
    /// The mid, from the answer (or the offer when the answer has none).
    pub mid: Option<&'a str>,
    /// False when the answer rejected the section (port 0) or either m= line
    /// is malformed.
    pub accepted: bool,
    /// The answer's codecs that match an offered codec, in the answer's order.
    pub codecs: Vec<Codec<'a>>,
    /// The offer's direction.
    pub offer_direction: Direction,
    /// The answer's direction.
    pub answer_direction: Direction,
    /// The answer's transport protocol.
    pub transport: &'a str,
}

/// The negotiated result of a pair.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Negotiation<'a> {
    /// One entry per m= line both sides have, in order.
    pub media: Vec<NegotiatedMedia<'a>>,
}

/// Negotiates `offer` and `answer`, aligned by m-line position (RFC 3264 §6).
pub fn negotiate<'a>(
    offer: &SessionDescription<'a>,
    answer: &SessionDescription<'a>,
) -> Negotiation<'a> {
    let media = offer
        .media()
        .zip(answer.media())
        .map(|(o, a)| {
            let (Some(_), Some(al)) = (o.media_line(), a.media_line()) else {
                return NegotiatedMedia {
                    index: a.index(),
                    kind: a.media_line().or(o.media_line()).map_or("", |m| m.media),
                    mid: a.mid().or(o.mid()),
                    accepted: false,
                    codecs: Vec::new(),
                    offer_direction: direction(offer, &o),
                    answer_direction: direction(answer, &a),
                    transport: a.media_line().map_or("", |m| m.proto),
                };
            };
            let accepted = al.port.value != 0 || a.attribute("bundle-only").is_some();
            let offered = section_codecs(&o);
            let codecs = if accepted {
                section_codecs(&a)
                    .into_iter()
                    .filter(|ac| offered.iter().any(|oc| compare(oc, ac).is_ok()))
                    .map(|ac| ac.codec)
                    .collect()
            } else {
                Vec::new()
            };
            NegotiatedMedia {
                index: a.index(),
                kind: al.media,
                mid: a.mid().or(o.mid()),
                accepted,
                codecs,
                offer_direction: direction(offer, &o),
                answer_direction: direction(answer, &a),
                transport: al.proto,
            }
        })
        .collect();
    Negotiation { media }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codec(
        name: &'static str,
        rate: u32,
        channels: Option<u8>,
        fmtp: Option<&'static str>,
    ) -> SectionCodec<'static> {
        SectionCodec {
            codec: Codec { payload_type: 96, name, clock_rate: rate, channels, is_static: false },
            fmtp,
        }
    }

    #[test]
    fn matching_ignores_case_and_payload_type() {
        assert_eq!(
            compare(&codec("PCMA", 8000, None, None), &codec("pcma", 8000, Some(1), None)),
            Ok(())
        );
        assert_eq!(
            compare(
                &codec("opus", 48000, Some(2), Some("minptime=10")),
                &codec("opus", 48000, Some(2), None)
            ),
            Ok(())
        );
        assert_eq!(
            compare(&codec("G722", 8000, None, None), &codec("G722", 16000, None, None)),
            Err(Mismatch::ClockRate)
        );
        assert_eq!(
            compare(&codec("opus", 48000, Some(2), None), &codec("opus", 48000, Some(1), None)),
            Err(Mismatch::Channels)
        );
    }

    #[test]
    fn h264_needs_mode_and_profile() {
        let base = codec(
            "H264",
            90000,
            None,
            Some("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"),
        );
        let other_level =
            codec("H264", 90000, None, Some("packetization-mode=1;profile-level-id=42e034"));
        let mode0 = codec("H264", 90000, None, Some("profile-level-id=42e01f"));
        let high = codec("H264", 90000, None, Some("packetization-mode=1;profile-level-id=640c1f"));
        assert_eq!(compare(&base, &other_level), Ok(()));
        assert_eq!(compare(&base, &mode0), Err(Mismatch::PacketizationMode));
        assert_eq!(compare(&base, &high), Err(Mismatch::H264Profile));
    }
}
