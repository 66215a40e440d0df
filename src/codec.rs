//! Codecs of a media section: each RTP payload type on the `m=` line with
//! the encoding it stands for, from its `a=rtpmap` or, for static payload
//! types without one, from the RFC 3551 table.
//!
//! Used by the JSON output (`media[].codecs`) and by the codec rules.

use std::fmt;

use crate::model::{Line, LineKind, Media};
use crate::parse::attribute::AttrValue;

/// One payload type and its encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Codec<'a> {
    /// The RTP payload type (0–127).
    pub payload_type: u8,
    /// The encoding name as written (`opus`, `PCMU`); compare case-insensitively.
    pub name: &'a str,
    /// The RTP clock rate in Hz.
    pub clock_rate: u32,
    /// The channel count, when the description states one (audio only).
    pub channels: Option<u8>,
    /// True when the encoding comes from the RFC 3551 static table rather
    /// than an `a=rtpmap` line.
    pub is_static: bool,
}

impl<'a> Codec<'a> {
    /// The codec an `a=rtpmap` line maps its payload type to, as written
    /// (a stated `/1` channel count is kept, so it displays as written).
    pub fn from_rtpmap(rtpmap: &crate::parse::attribute::Rtpmap<'a>) -> Self {
        Codec {
            payload_type: rtpmap.payload_type.value,
            name: rtpmap.encoding,
            clock_rate: rtpmap.clock_rate.value,
            channels: rtpmap.channels.map(|c| c.value),
            is_static: false,
        }
    }
}

impl fmt::Display for Codec<'_> {
    /// `opus/48000/2`, `PCMU/8000`: the rtpmap form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.name, self.clock_rate)?;
        if let Some(channels) = self.channels {
            write!(f, "/{channels}")?;
        }
        Ok(())
    }
}

/// RFC 3551 §6 Tables 4 and 5: the static payload types still assigned.
/// (name, clock rate, channels)
const STATIC: [Option<(&str, u32, Option<u8>)>; 35] = [
    Some(("PCMU", 8000, Some(1))),
    None,
    None,
    Some(("GSM", 8000, Some(1))),
    Some(("G723", 8000, Some(1))),
    Some(("DVI4", 8000, Some(1))),
    Some(("DVI4", 16000, Some(1))),
    Some(("LPC", 8000, Some(1))),
    Some(("PCMA", 8000, Some(1))),
    Some(("G722", 8000, Some(1))),
    Some(("L16", 44100, Some(2))),
    Some(("L16", 44100, Some(1))),
    Some(("QCELP", 8000, Some(1))),
    Some(("CN", 8000, Some(1))),
    Some(("MPA", 90000, None)),
    Some(("G728", 8000, Some(1))),
    Some(("DVI4", 11025, Some(1))),
    Some(("DVI4", 22050, Some(1))),
    Some(("G729", 8000, Some(1))),
    None,
    None,
    None,
    None,
    None,
    None,
    Some(("CelB", 90000, None)),
    Some(("JPEG", 90000, None)),
    None,
    Some(("nv", 90000, None)),
    None,
    None,
    Some(("H261", 90000, None)),
    Some(("MPV", 90000, None)),
    Some(("MP2T", 90000, None)),
    Some(("H263", 90000, None)),
];

/// The RFC 3551 encoding of a static payload type, if it has one.
pub fn static_codec(payload_type: u8) -> Option<Codec<'static>> {
    let (name, clock_rate, channels) = STATIC.get(usize::from(payload_type)).copied().flatten()?;
    // The table lists mono for audio; written rtpmaps usually omit `/1`.
    let channels = channels.filter(|c| *c != 1);
    Some(Codec { payload_type, name, clock_rate, channels, is_static: true })
}

/// True for encodings that carry the media itself, false for the helper
/// formats that only ride along with a media codec: comfort noise (`CN`,
/// RFC 3389), DTMF events (`telephone-event`, RFC 4733), redundancy (`red`,
/// RFC 2198), retransmission (`rtx`, RFC 4588) and forward error correction
/// (`ulpfec` RFC 5109, `flexfec` RFC 8627 and its draft name `flexfec-03`,
/// `parityfec` RFC 3009). Names compare case-insensitively (RFC 6838 §4.2).
///
/// Used where a rule needs "the real codecs" of a section, for example to
/// match a `telephone-event` clock rate against the audio it accompanies.
pub fn is_media_codec(name: &str) -> bool {
    const HELPERS: [&str; 8] =
        ["CN", "telephone-event", "red", "rtx", "ulpfec", "flexfec", "flexfec-03", "parityfec"];
    !HELPERS.iter().any(|h| h.eq_ignore_ascii_case(name))
}

/// How many channels a well-known encoding may state in its `a=rtpmap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelRule {
    /// Exactly this count, written out: Opus is always `/2` (RFC 7587 §7).
    Exactly(u8),
    /// None, or `/1`: mono audio, and video (for which RFC 8866 §6.6
    /// defines no encoding parameter; `/1` is harmless and tolerated).
    AtMostOne,
}

/// The clock rate and channel count a well-known encoding must be written
/// with in `a=rtpmap`, whatever payload type carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CanonicalFormat {
    /// The only valid clock rate, or `None` when any rate is valid
    /// (`telephone-event` follows the audio codec it accompanies).
    pub clock_rate: Option<u32>,
    /// The valid channel counts.
    pub channels: ChannelRule,
}

/// The canonical `a=rtpmap` form of the encodings whose clock rate and
/// channel count are fixed by their payload format RFC, if `name` is one
/// (compared case-insensitively):
///
/// - `opus/48000/2` (RFC 7587 §7: always 48000 and 2, even for mono);
/// - `PCMU`, `PCMA`, `G722`, `G729` at 8000, mono (RFC 3551 §4.5; G.722
///   samples at 16 kHz but its RTP clock is 8000 by §4.5.2);
/// - `telephone-event` at any rate, mono (RFC 4733 §7.1.1);
/// - `VP8`, `VP9`, `H264`, `H265`, `AV1` at 90000, no channels (RFC 7741,
///   the VP9 payload RFC 9628, RFC 6184, RFC 7798, the AV1 RTP spec).
pub fn canonical_format(name: &str) -> Option<CanonicalFormat> {
    const EIGHT_KHZ_MONO: [&str; 4] = ["PCMU", "PCMA", "G722", "G729"];
    const VIDEO: [&str; 5] = ["VP8", "VP9", "H264", "H265", "AV1"];
    let is = |n: &str| n.eq_ignore_ascii_case(name);
    let (clock_rate, channels) = if is("opus") {
        (Some(48_000), ChannelRule::Exactly(2))
    } else if EIGHT_KHZ_MONO.into_iter().any(is) {
        (Some(8_000), ChannelRule::AtMostOne)
    } else if is("telephone-event") {
        (None, ChannelRule::AtMostOne)
    } else if VIDEO.into_iter().any(is) {
        (Some(90_000), ChannelRule::AtMostOne)
    } else {
        return None;
    };
    Some(CanonicalFormat { clock_rate, channels })
}

/// A set of RTP payload types (0-127) held in one 128-bit mask, so a rule
/// can ask "is this payload type on the `m=` line?" in O(1) without
/// allocating.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PayloadTypeSet(u128);

impl PayloadTypeSet {
    /// The payload types listed on an `m=` line (empty for non-RTP lines,
    /// whose formats are not payload types).
    pub fn of_media_line(line: &crate::model::MediaLine<'_>) -> Self {
        let mut set = PayloadTypeSet::default();
        if line.is_rtp() {
            for format in line.formats() {
                if let Ok(pt) = format.parse::<u8>() {
                    set.insert(pt);
                }
            }
        }
        set
    }

    /// Adds `pt`; returns false if it was already there or is not a payload
    /// type (above 127).
    pub fn insert(&mut self, pt: u8) -> bool {
        if pt > 127 {
            return false;
        }
        let bit = 1u128 << pt;
        let added = self.0 & bit == 0;
        self.0 |= bit;
        added
    }

    /// True if `pt` is in the set.
    pub fn contains(self, pt: u8) -> bool {
        pt <= 127 && (self.0 >> pt) & 1 == 1
    }
}

/// The codecs of an RTP media section, in the `m=` line's order. A payload
/// type with neither an rtpmap nor a static assignment is left out.
pub fn media_codecs<'a>(media: &Media<'_, 'a>) -> Vec<Codec<'a>> {
    let Some(line) = media.media_line() else { return Vec::new() };
    if !line.is_rtp() {
        return Vec::new();
    }
    let lines = media.lines();
    let rtpmaps = first_per_payload_type(lines, |a| match a {
        AttrValue::Rtpmap(r) => Some(r.payload_type.value),
        _ => None,
    });
    line.formats()
        .filter_map(|fmt| {
            let pt: u8 = fmt.parse().ok()?;
            let mapped = at_payload_type(lines, &rtpmaps, pt).and_then(|a| match a {
                AttrValue::Rtpmap(r) => Some(Codec {
                    payload_type: pt,
                    name: r.encoding,
                    clock_rate: r.clock_rate.value,
                    channels: r.channels.map(|c| c.value),
                    is_static: false,
                }),
                _ => None,
            });
            mapped.or_else(|| static_codec(pt))
        })
        .collect()
}

/// No line: an empty slot of a [`first_per_payload_type`] table.
const NO_LINE: u32 = u32::MAX;

/// For each payload type (0-127), the index in `lines` of the first
/// attribute that `pt_of` says is about it, or [`NO_LINE`].
///
/// One pass over a section, so looking up every format of the `m=` line
/// is linear: searching the section once per format was quadratic, and a
/// Chrome video section has 17 formats over about 100 lines.
pub(crate) fn first_per_payload_type(
    lines: &[Line<'_>],
    pt_of: impl Fn(&AttrValue<'_>) -> Option<u8>,
) -> [u32; 128] {
    let mut table = [NO_LINE; 128];
    for (index, line) in lines.iter().enumerate() {
        let LineKind::Attribute(a) = &line.kind else { continue };
        let Some(slot) = pt_of(&a.typed).and_then(|pt| table.get_mut(usize::from(pt))) else {
            continue;
        };
        if *slot == NO_LINE {
            *slot = u32::try_from(index).unwrap_or(NO_LINE);
        }
    }
    table
}

/// The typed attribute a [`first_per_payload_type`] table holds for `pt`.
pub(crate) fn at_payload_type<'s, 'a>(
    lines: &'s [Line<'a>],
    table: &[u32; 128],
    pt: u8,
) -> Option<&'s AttrValue<'a>> {
    let index = *table.get(usize::from(pt))?;
    match &lines.get(usize::try_from(index).ok()?)?.kind {
        LineKind::Attribute(a) => Some(&a.typed),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_table_matches_rfc_3551() {
        assert_eq!(static_codec(0).map(|c| c.to_string()).as_deref(), Some("PCMU/8000"));
        assert_eq!(static_codec(8).map(|c| c.to_string()).as_deref(), Some("PCMA/8000"));
        assert_eq!(static_codec(9).map(|c| c.to_string()).as_deref(), Some("G722/8000"));
        assert_eq!(static_codec(10).map(|c| c.to_string()).as_deref(), Some("L16/44100/2"));
        assert_eq!(static_codec(34).map(|c| c.to_string()).as_deref(), Some("H263/90000"));
        assert!(static_codec(1).is_none());
        assert!(static_codec(96).is_none());
    }

    #[test]
    fn helper_encodings_are_not_media() {
        for name in ["CN", "cn", "telephone-event", "RED", "rtx", "ulpfec", "flexfec-03"] {
            assert!(!is_media_codec(name), "{name}");
        }
        for name in ["opus", "PCMU", "G722", "VP8", "AV1", "iLBC"] {
            assert!(is_media_codec(name), "{name}");
        }
    }

    #[test]
    fn canonical_formats() {
        let opus = canonical_format("OPUS").unwrap();
        assert_eq!((opus.clock_rate, opus.channels), (Some(48_000), ChannelRule::Exactly(2)));
        assert_eq!(canonical_format("g722").unwrap().clock_rate, Some(8_000));
        assert_eq!(canonical_format("telephone-event").unwrap().clock_rate, None);
        assert_eq!(canonical_format("H264").unwrap().clock_rate, Some(90_000));
        assert!(canonical_format("red").is_none());
        assert!(canonical_format("iLBC").is_none());
    }

    #[test]
    fn payload_type_set() {
        let mut set = PayloadTypeSet::default();
        assert!(set.insert(0));
        assert!(set.insert(127));
        assert!(!set.insert(127));
        assert!(!set.insert(128));
        assert!(!set.insert(255));
        assert!(set.contains(0) && set.contains(127));
        assert!(!set.contains(1) && !set.contains(128));
    }

    #[test]
    fn rtpmap_wins_over_static_and_order_follows_m_line() {
        let sdp = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n\
m=audio 9 RTP/AVP 111 0 8 96\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:8 PCMA/8000\r\n";
        let parsed = crate::parse(sdp);
        let media = parsed.sdp().media().next().unwrap();
        let codecs: Vec<String> = media_codecs(&media).iter().map(ToString::to_string).collect();
        // 96 has no rtpmap and no static meaning: left out.
        assert_eq!(codecs, ["opus/48000/2", "PCMU/8000", "PCMA/8000"]);
    }
}
