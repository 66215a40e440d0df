//! The required-codec policy (`--require-codec`, the G.711 A-law policy)'s
//! view of a description: the sections it applies to ([`policy_sections`])
//! and each format of their `m=` lines with the codec it stands for. Shared
//! by `required-codec-missing`, `required-codec-not-preferred` and
//! `required-codec-bad-format`, so the three agree on what "the section
//! offers the codec" means.
//!
//! Not a rule: no `DOCS`, no check function, no registry row.

use std::fmt::Write as _;

use crate::codec::{Codec, static_codec};
use crate::model::{Attribute, Media, MediaLine, SessionDescription};
use crate::options::RequiredCodec;
use crate::parse::attribute::{AttrValue, Rtpmap};
use crate::rules::shown;

/// Writes an `m=` line with `line`'s media, port and profile and the given
/// formats, for help text. A long format list is shortened.
pub(crate) fn m_line<'f>(line: &MediaLine<'_>, formats: impl Iterator<Item = &'f str>) -> String {
    /// Formats shown before the list is cut: audio lists are short, and a
    /// pathological one must not make a megabyte of help.
    const MAX_FORMATS: usize = 12;
    let mut out = format!("m={} {}", shown(line.media), line.port.raw);
    if let Some(count) = line.port_count {
        let _ = write!(out, "/{}", count.raw);
    }
    let _ = write!(out, " {}", shown(line.proto));
    for (i, fmt) in formats.enumerate() {
        if i == MAX_FORMATS {
            out.push_str(" …");
            break;
        }
        let _ = write!(out, " {}", shown(fmt));
    }
    out
}

/// The sections the policy applies to: live `audio` sections whose
/// profile is RTP, so that their formats are payload types.
pub(crate) fn policy_sections<'s, 'a>(
    sdp: &'s SessionDescription<'a>,
) -> impl Iterator<Item = PolicySection<'s, 'a>> {
    sdp.media().filter_map(|media| {
        let line = media.media_line()?;
        (line.media == "audio" && line.port.value != 0 && line.is_rtp())
            .then(|| PolicySection::new(media, line))
    })
}

/// One policy section, with its `a=rtpmap` lines indexed by payload type
/// so that resolving the whole `m=` line is linear.
pub(crate) struct PolicySection<'s, 'a> {
    /// The parsed `m=` line.
    pub(crate) line: &'s MediaLine<'a>,
    /// The first `a=rtpmap` of each payload type (RTP payload types are
    /// 7 bits, and the parser keeps them in range).
    rtpmaps: [Option<&'s Attribute<'a>>; 128],
}

impl<'s, 'a> PolicySection<'s, 'a> {
    fn new(media: Media<'s, 'a>, line: &'s MediaLine<'a>) -> Self {
        let mut rtpmaps = [None; 128];
        for (_, attr) in media.attributes() {
            if let AttrValue::Rtpmap(r) = &attr.typed
                && let Some(slot) = rtpmaps.get_mut(usize::from(r.payload_type.value))
            {
                // The first mapping wins, as in `codec::media_codecs`; a
                // second one is `duplicate-rtpmap`'s business.
                slot.get_or_insert(attr);
            }
        }
        PolicySection { line, rtpmaps }
    }

    /// The `a=rtpmap` line of a payload type, if the section has one.
    pub(crate) fn rtpmap(&self, pt: u8) -> Option<&'s Attribute<'a>> {
        self.rtpmaps.get(usize::from(pt)).copied().flatten()
    }

    /// Each format of the `m=` line, in order, with the codec it stands for.
    pub(crate) fn formats(&self) -> impl Iterator<Item = Format<'s, 'a>> + '_ {
        self.line.formats().map(|token| {
            let pt = token.parse::<u8>().ok().filter(|pt| *pt < 128);
            let rtpmap = pt.and_then(|pt| self.rtpmap(pt));
            let codec = match (pt, rtpmap.map(|a| &a.typed)) {
                (Some(pt), Some(AttrValue::Rtpmap(r))) => Some(codec_of(pt, r)),
                (Some(pt), _) => static_codec(pt),
                (None, _) => None,
            };
            Format { token, codec, rtpmap }
        })
    }

    /// A payload type to offer `codec` on: its static one if the `m=` line
    /// does not use that for something else, else the first dynamic one
    /// (96-127, RFC 3551 §3) that neither the `m=` line nor an `a=rtpmap` uses.
    pub(crate) fn free_payload_type(&self, codec: &RequiredCodec) -> Option<u8> {
        let mut used = [false; 128];
        for pt in self.line.formats().filter_map(|t| t.parse::<u8>().ok()) {
            if let Some(slot) = used.get_mut(usize::from(pt)) {
                *slot = true;
            }
        }
        let free = |pt: u8| {
            !used.get(usize::from(pt)).copied().unwrap_or(true) && self.rtpmap(pt).is_none()
        };
        codec.static_payload_type.filter(|pt| free(*pt)).or_else(|| (96..128).find(|pt| free(*pt)))
    }
}

/// One format of a policy section's `m=` line.
pub(crate) struct Format<'s, 'a> {
    /// The format token as written on the `m=` line.
    pub(crate) token: &'a str,
    /// The codec it stands for, if the description says.
    pub(crate) codec: Option<Codec<'a>>,
    /// The `a=rtpmap` line that maps it, if any.
    pub(crate) rtpmap: Option<&'s Attribute<'a>>,
}

impl Format<'_, '_> {
    /// True when this format is the required codec, whatever its rate.
    pub(crate) fn is(&self, codec: &RequiredCodec) -> bool {
        self.codec.is_some_and(|c| c.name.eq_ignore_ascii_case(&codec.name))
    }
}

fn codec_of<'a>(pt: u8, r: &Rtpmap<'a>) -> Codec<'a> {
    Codec {
        payload_type: pt,
        name: r.encoding,
        clock_rate: r.clock_rate.value,
        channels: r.channels.map(|c| c.value),
        is_static: false,
    }
}
