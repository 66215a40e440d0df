//! `required-codec-missing`: an audio section without the codec that
//! `--require-codec` asks for (the G.711 A-law policy).
//!
//! This file also holds the policy's view of a section ([`PolicySection`]),
//! shared with `required-codec-not-preferred` and `required-codec-bad-format`.

use std::fmt::Write as _;

use crate::codec::{Codec, static_codec};
use crate::finding::Finding;
use crate::model::{Attribute, Media, MediaLine, SessionDescription};
use crate::options::RequiredCodec;
use crate::parse::attribute::{AttrValue, Rtpmap};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;

declare_rule! {
    /// ## What it does
    /// Flags a live audio section that does not offer a codec named with
    /// `--require-codec` (for example `--require-codec pcma`).
    ///
    /// The rule is off unless `--require-codec` is given. It applies to every
    /// `audio` section with an RTP profile and a port other than 0. A codec
    /// counts as offered when one of the `m=` line's payload types stands for
    /// it: its static payload type with no `a=rtpmap` (8 for PCMA, RFC 3551),
    /// or any payload type whose `a=rtpmap` names it (case-insensitively).
    /// A static payload type that an `a=rtpmap` remaps to another codec no
    /// longer counts: `a=rtpmap:8 G729/8000` makes 8 mean G.729.
    ///
    /// ## Why is this bad?
    /// Many SIP trunks accept a single codec. In A-law countries (Europe,
    /// India, most of the world outside North America and Japan) carriers
    /// commonly take only G.711 A-law (PCMA) and answer an offer without it
    /// with `488 Not Acceptable Here`, some with `415 Unsupported Media Type`;
    /// Asterisk answers 488 when an offer shares no codec with the endpoint's
    /// `allow=` list. Twilio and Telnyx accept both G.711 laws on their SIP
    /// trunks, so the same call can work towards them and fail on the
    /// carrier behind them. The failure shows up only at call time, as a
    /// call rejected before it rings.
    ///
    /// ## Example
    /// With `--require-codec pcma`:
    /// ```sdp
    /// m=audio 4000 RTP/AVP 0 101
    /// a=rtpmap:0 PCMU/8000
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 4000 RTP/AVP 8 0 101
    /// a=rtpmap:8 PCMA/8000
    /// a=rtpmap:0 PCMU/8000
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// ## References
    /// - RFC 3551 §4.5.14 and §6 (PCMA, static payload type 8, 8000 Hz mono)
    /// - RFC 3264 §6 (an answerer rejects or refuses what it cannot use)
    /// - RFC 3261 §21.4.26 (488 Not Acceptable Here), §21.4.13 (415)
    /// - RFC 8866 §6.6 (`a=rtpmap`)
    pub(crate) const DOCS;
}

/// Reports each policy section that lacks a required codec.
pub(crate) fn required_codec_missing(ctx: &mut Context<'_, '_>) {
    let required = &ctx.options.required_codecs;
    if required.is_empty() {
        return;
    }
    let sdp = ctx.sdp;
    for section in policy_sections(sdp) {
        for (i, codec) in required.iter().enumerate() {
            if section.formats().any(|f| f.is(codec)) {
                continue;
            }
            // Only the first codec named must lead (`required-codec-not-preferred`).
            ctx.report(required_codec_missing_diagnostic(sdp, &section, codec, i == 0));
        }
    }
}

fn required_codec_missing_diagnostic(
    sdp: &SessionDescription<'_>,
    section: &PolicySection<'_, '_>,
    codec: &RequiredCodec,
    lead: bool,
) -> Finding {
    let line = section.line;
    let mut finding = Finding::new(
        RuleId::RequiredCodecMissing,
        format!(
            "Audio section does not offer `{}`, the codec `--require-codec` asks for",
            shown(&codec.name)
        ),
    )
    .with_label(sdp.span_of(line.formats), format!("none of these is {}", shown(&codec.name)));
    // A remapped static payload type is the surprising case: say so where it happens.
    if let Some(pt) = codec.static_payload_type
        && let Some(remap) = section.rtpmap(pt)
        && let Some(value) = remap.value
    {
        finding = finding.with_label(
            sdp.span_of(value),
            format!("payload type {pt} is remapped here, so it is not {}", shown(&codec.name)),
        );
    }
    let help = match section.free_payload_type(codec) {
        Some(pt) => {
            let rtpmap = match codec.clock_rate {
                Some(_) => format!("`a=rtpmap:{pt} {codec}`"),
                None => format!("`a=rtpmap:{pt} {}/<clock rate>`", shown(&codec.name)),
            };
            let pt = pt.to_string();
            let pt = std::iter::once(pt.as_str());
            if lead {
                format!(
                    "add {} first: `{}` and {rtpmap}",
                    shown(&codec.name),
                    m_line(line, pt.chain(line.formats()))
                )
            } else {
                format!(
                    "add {}: `{}` and {rtpmap}",
                    shown(&codec.name),
                    m_line(line, line.formats().chain(pt))
                )
            }
        }
        None => {
            format!("offer {} on a free payload type with its `a=rtpmap` line", shown(&codec.name))
        }
    };
    finding.with_help(help)
}

/// Writes an `m=` line with `line`'s media, port and profile and the given
/// formats, for help text. A long format list is shortened.
pub(super) fn m_line<'f>(line: &MediaLine<'_>, formats: impl Iterator<Item = &'f str>) -> String {
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
pub(super) fn policy_sections<'s, 'a>(
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
pub(super) struct PolicySection<'s, 'a> {
    /// The parsed `m=` line.
    pub(super) line: &'s MediaLine<'a>,
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
    pub(super) fn rtpmap(&self, pt: u8) -> Option<&'s Attribute<'a>> {
        self.rtpmaps.get(usize::from(pt)).copied().flatten()
    }

    /// Each format of the `m=` line, in order, with the codec it stands for.
    pub(super) fn formats(&self) -> impl Iterator<Item = Format<'s, 'a>> + '_ {
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
    fn free_payload_type(&self, codec: &RequiredCodec) -> Option<u8> {
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
pub(super) struct Format<'s, 'a> {
    /// The format token as written on the `m=` line.
    pub(super) token: &'a str,
    /// The codec it stands for, if the description says.
    pub(super) codec: Option<Codec<'a>>,
    /// The `a=rtpmap` line that maps it, if any.
    pub(super) rtpmap: Option<&'s Attribute<'a>>,
}

impl Format<'_, '_> {
    /// True when this format is the required codec, whatever its rate.
    pub(super) fn is(&self, codec: &RequiredCodec) -> bool {
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

#[cfg(test)]
mod tests {
    use crate::{Options, RuleId};

    const HEAD: &str = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";

    /// The help lines of the findings of `rule` on `media` under `--require-codec` of `codecs`.
    fn helps(rule: RuleId, codecs: &[&str], media: &str) -> Vec<String> {
        let options = Options {
            required_codecs: codecs.iter().map(|c| c.parse().unwrap()).collect(),
            ..Options::default()
        };
        let sdp = format!("{HEAD}{media}");
        crate::check_with(sdp.as_bytes(), &options)
            .findings()
            .iter()
            .filter(|f| f.rule() == rule)
            .map(|f| f.help().unwrap_or_default().to_owned())
            .collect()
    }

    #[test]
    fn the_static_payload_type_is_suggested_when_free() {
        let found =
            helps(RuleId::RequiredCodecMissing, &["pcma"], "m=audio 4000 RTP/AVP 0 101\r\n");
        assert_eq!(
            found,
            ["add PCMA first: `m=audio 4000 RTP/AVP 8 0 101` and `a=rtpmap:8 PCMA/8000`"]
        );
    }

    #[test]
    fn a_dynamic_payload_type_is_suggested_when_the_static_one_is_taken() {
        // 96 is on the m= line and 97 is mapped by an orphan rtpmap: 98 is free.
        let media = "m=audio 4000 RTP/AVP 8 96 0\r\na=rtpmap:8 G729/8000\r\n\
                     a=rtpmap:96 opus/48000/2\r\na=rtpmap:97 iLBC/8000\r\n";
        let found = helps(RuleId::RequiredCodecMissing, &["pcma"], media);
        assert_eq!(
            found,
            ["add PCMA first: `m=audio 4000 RTP/AVP 98 8 96 0` and `a=rtpmap:98 PCMA/8000`"]
        );
    }

    #[test]
    fn every_required_codec_is_checked_and_only_the_first_must_lead() {
        let media = "m=audio 4000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";
        assert_eq!(helps(RuleId::RequiredCodecMissing, &["pcma", "pcmu"], media).len(), 0);
        assert_eq!(
            helps(RuleId::RequiredCodecMissing, &["pcma", "g722", "opus"], media),
            [
                "add G722: `m=audio 4000 RTP/AVP 0 8 101 9` and `a=rtpmap:9 G722/8000`",
                "add opus: `m=audio 4000 RTP/AVP 0 8 101 96` and `a=rtpmap:96 opus/48000/2`"
            ]
        );
        // PCMU is required too, but only the first codec named must be preferred.
        assert_eq!(
            helps(RuleId::RequiredCodecNotPreferred, &["pcma", "pcmu"], media),
            ["put PCMA first: `m=audio 4000 RTP/AVP 8 0 101`"]
        );
        assert!(helps(RuleId::RequiredCodecNotPreferred, &["pcmu", "pcma"], media).is_empty());
    }

    #[test]
    fn only_live_rtp_audio_sections_are_judged() {
        let media = "m=audio 0 RTP/AVP 0\r\nm=video 4002 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n\
                     m=audio 4004 udp MP2T\r\n";
        assert!(helps(RuleId::RequiredCodecMissing, &["pcma"], media).is_empty());
    }

    #[test]
    fn opus_must_be_stereo_and_unknown_codecs_match_by_name() {
        let media = "m=audio 4000 RTP/AVP 111 100\r\na=rtpmap:111 opus/48000\r\na=rtpmap:100 AMR-WB/16000\r\n";
        assert_eq!(
            helps(RuleId::RequiredCodecBadFormat, &["opus"], media),
            ["write `a=rtpmap:111 opus/48000/2`"]
        );
        assert!(helps(RuleId::RequiredCodecMissing, &["amr-wb"], media).is_empty());
        assert!(helps(RuleId::RequiredCodecBadFormat, &["amr-wb"], media).is_empty());
    }
}
