//! Codecs of a media section: each RTP payload type on the `m=` line with
//! the encoding it stands for, from its `a=rtpmap` or, for static payload
//! types without one, from the RFC 3551 table.
//!
//! Used by the JSON output (`media[].codecs`) and by the codec rules.

use std::fmt;

use crate::model::Media;
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

/// The codecs of an RTP media section, in the `m=` line's order. A payload
/// type with neither an rtpmap nor a static assignment is left out.
pub fn media_codecs<'a>(media: &Media<'_, 'a>) -> Vec<Codec<'a>> {
    let Some(line) = media.media_line() else { return Vec::new() };
    if !line.is_rtp() {
        return Vec::new();
    }
    line.formats()
        .filter_map(|fmt| {
            let pt: u8 = fmt.parse().ok()?;
            let mapped = media.attributes().find_map(|(_, a)| match &a.typed {
                AttrValue::Rtpmap(r) if r.payload_type.value == pt => Some(Codec {
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
