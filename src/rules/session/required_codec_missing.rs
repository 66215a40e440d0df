//! `required-codec-missing`: an audio section without the codec that
//! `--require-codec` asks for (the G.711 A-law policy).
//!
//! The policy's view of a section comes from
//! [`crate::rules::session::required_codec`].

use crate::finding::Finding;
use crate::model::SessionDescription;
use crate::options::RequiredCodec;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::session::required_codec::{PolicySection, m_line, policy_sections};
use crate::rules::shown;
use crate::rules::sip;

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
    /// `allow=` list (read from its source, not run here). Twilio and Telnyx accept both G.711 laws on their SIP
    /// trunks, so the same call can work towards them and fail on the
    /// carrier behind them. The failure shows up only at call time, as a
    /// call rejected before it rings.
    ///
    /// Measured with `conformance/sip/` (configuration `pcma-trunk`: pjsip
    /// and baresip offering PCMA and telephone-event only): an offer with no
    /// PCMA in any audio section gets `488 Not Acceptable Here` from both,
    /// and the finding names them. Two cases are not refused, so their
    /// findings name no stack: a static payload type 8 remapped by
    /// `a=rtpmap` (both read 8 as PCMA/8000 whatever the rtpmap says, and
    /// answer with it), and a second audio section without PCMA beside one
    /// with it (that section is rejected with port 0, the call goes on).
    /// The error stays in both: the description does not offer what the
    /// policy asks for.
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
    // What `conformance/sip/` saw; attached under the SIP profile only.
    stacks = [sip::PJSIP_NOT_ACCEPTABLE_HERE, sip::BARESIP_NOT_ACCEPTABLE_HERE];
}

/// Reports each policy section that lacks a required codec.
pub(crate) fn required_codec_missing(ctx: &mut Context<'_, '_>) {
    let required = &ctx.options.required_codecs;
    if required.is_empty() {
        return;
    }
    let sdp = ctx.sdp;
    let sections: Vec<PolicySection<'_, '_>> = policy_sections(sdp).collect();
    for section in &sections {
        for (i, codec) in required.iter().enumerate() {
            if section.formats().any(|f| f.is(codec)) {
                continue;
            }
            // Only the first codec named must lead (`required-codec-not-preferred`).
            let finding = required_codec_missing_diagnostic(sdp, section, codec, i == 0);
            ctx.report(if trunk_refuses(&sections, codec) {
                finding.with_stacks(sip::BOTH_NOT_ACCEPTABLE_HERE)
            } else {
                finding
            });
        }
    }
}

/// True when pjsip and baresip configured as a PCMA-only trunk
/// (`conformance/sip/`, config `pcma-trunk`) answer 488 to this offer: no
/// audio section offers PCMA. Both read static payload type 8 as PCMA
/// whatever its `a=rtpmap` says (RFC 3551 §6), and answer with PCMA when
/// one audio section has it and another has not (the other is rejected
/// with port 0), so neither case is a refusal. Other required codecs were
/// not measured: their findings name no stack.
fn trunk_refuses(sections: &[PolicySection<'_, '_>], codec: &RequiredCodec) -> bool {
    codec.name.eq_ignore_ascii_case("PCMA")
        && !sections.iter().any(|s| s.formats().any(|f| f.is(codec) || f.token.trim() == "8"))
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

#[cfg(test)]
mod tests {
    use crate::{Options, RuleId};

    use crate::rules::tester::HEAD;

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
