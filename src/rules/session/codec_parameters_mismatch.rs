//! `codec-parameters-mismatch`: a well-known codec mapped with the wrong clock rate or channel count.

use crate::codec::{ChannelRule, Codec, PayloadTypeSet, canonical_format};
use crate::finding::Finding;
use crate::parse::attribute::{AttrValue, Rtpmap};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::rtp_sections;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `a=rtpmap` of a well-known codec written with the wrong clock
    /// rate or channel count.
    ///
    /// The forms are fixed by each codec's payload format:
    ///
    /// | codec | must be written |
    /// | --- | --- |
    /// | Opus | `opus/48000/2`, even for mono (RFC 7587 §7) |
    /// | G.711, G.722, G.729 | `PCMU/8000`, `PCMA/8000`, `G722/8000`, `G729/8000` (a `/1` is fine) |
    /// | DTMF | `telephone-event/<any rate>`, no channel count above 1 |
    /// | VP8, VP9, H.264, H.265, AV1 | `<name>/90000`, no channel count above 1 |
    ///
    /// Names compare case-insensitively. Only payload types on the `m=` line
    /// are checked (an `a=rtpmap` for another one is
    /// `orphan-format-attribute`); rejected sections (port 0) are checked too.
    /// Other codecs (`red`, `rtx`, iLBC, AMR, ...) are not judged here.
    ///
    /// ## Why is this bad?
    /// Audio codec negotiation compares encoding name, clock rate and channel
    /// count, so a wrongly written codec matches nothing, not even itself:
    ///
    /// - libwebrtc (Chrome, Edge, Safari's WebRTC) matches audio codecs on all
    ///   three (a missing channel count counts as 1). `opus/48000/1`,
    ///   `opus/48000` and `opus/16000/2` never match its own `opus/48000/2`,
    ///   nor `G722/16000` its `G722/8000`: the codec silently drops out of
    ///   the negotiation, and the call falls back to another codec or fails
    ///   with no codec in common (Twilio 53404 / 32009, SIP `488 Not
    ///   Acceptable Here`).
    /// - G.722 samples at 16 kHz but its RTP clock is 8000 for historical
    ///   reasons (RFC 3551 §4.5.2). A stack that writes `G722/16000` does not
    ///   match the ones that follow the RFC, so the wideband codec is lost
    ///   and the call drops to narrowband G.711, or fails.
    /// - Opus always signals 48000 Hz and 2 channels, whatever it actually
    ///   sends (RFC 7587 §7); mono is asked for with `a=fmtp` `stereo=0`, not
    ///   in the rtpmap.
    /// - Video payload formats fix the RTP clock at 90000. libwebrtc ignores
    ///   the written video rate, so a wrong one breaks only with peers that
    ///   take the rate from the SDP (SIP video endpoints, media servers,
    ///   recorders).
    ///
    /// Measured with the browser harness: both browsers accept `opus/48000`
    /// without `/2`, so this rule's findings name no browser; they stay errors for
    /// the negotiation (RFC 7587 §7 requires `/2`, and SIP stacks refuse it).
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 49170 RTP/AVP 111 9
    /// a=rtpmap:111 opus/48000/1
    /// a=rtpmap:9 G722/16000
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 49170 RTP/AVP 111 9
    /// a=rtpmap:111 opus/48000/2
    /// a=fmtp:111 stereo=0
    /// a=rtpmap:9 G722/8000
    /// ```
    ///
    /// ## References
    /// - RFC 7587 §7 (Opus: "The RTP clock rate in "a=rtpmap" MUST be 48000, and the number of channels MUST be 2")
    /// - RFC 3551 §4.5 and §4.5.2 (G.711, G.722, G.729 clock rates), §6 Table 4
    /// - RFC 4733 §7.1.1 (telephone-event)
    /// - RFC 7741 §6.1 (VP8), RFC 9628 (VP9), RFC 6184 §8.1 (H.264), RFC 7798 §7.1 (H.265)
    /// - RFC 8866 §6.6 (`a=rtpmap` encoding parameters)
    pub(crate) const DOCS;
}

/// Checks every `a=rtpmap` of a listed payload type against its codec's form.
pub(crate) fn codec_parameters_mismatch(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for (media, m) in rtp_sections(sdp) {
        let listed = PayloadTypeSet::of_media_line(m);
        for (_, attr) in media.attributes() {
            let AttrValue::Rtpmap(r) = &attr.typed else { continue };
            if !listed.contains(r.payload_type.value) {
                continue;
            }
            let Some(canon) = canonical_format(r.encoding) else { continue };
            // Under `--require-codec`, the policy rule `required-codec-bad-format`
            // reports the required codec with the trunk's codes; one finding
            // per fault.
            if ctx.options.required_codecs.iter().any(|c| c.name.eq_ignore_ascii_case(r.encoding)) {
                continue;
            }
            let rate = canon.clock_rate.filter(|rate| *rate != r.clock_rate.value);
            let channels = match (canon.channels, r.channels) {
                (ChannelRule::Exactly(n), Some(c)) if c.value != n => Some(ChannelFault::Wrong),
                (ChannelRule::Exactly(_), None) => Some(ChannelFault::Missing),
                (ChannelRule::AtMostOne, Some(c)) if c.value > 1 => Some(ChannelFault::Wrong),
                _ => None,
            };
            if rate.is_none() && channels.is_none() {
                continue;
            }
            let finding = codec_parameters_mismatch_diagnostic(
                r,
                Fault { rate, channels, rule: canon.channels },
                |part| sdp.span_of(part),
            );
            ctx.report(finding);
        }
    }
}

/// What is wrong with an rtpmap's channel count.
#[derive(Clone, Copy)]
enum ChannelFault {
    /// A count is written and is not allowed.
    Wrong,
    /// A count is required (Opus's `/2`) and absent.
    Missing,
}

/// Everything wrong with one rtpmap.
#[derive(Clone, Copy)]
struct Fault {
    /// The required clock rate, when the written one differs.
    rate: Option<u32>,
    /// The channel count fault, if any.
    channels: Option<ChannelFault>,
    /// The codec's channel rule, for the canonical form and the labels.
    rule: ChannelRule,
}

fn codec_parameters_mismatch_diagnostic(
    r: &Rtpmap<'_>,
    fault: Fault,
    span_of: impl Fn(&str) -> Span,
) -> Finding {
    let pt = r.payload_type.value;
    let name = shown(r.encoding);
    let written = shown(&Codec::from_rtpmap(r).to_string());
    let required_channels = match fault.rule {
        ChannelRule::Exactly(n) => format!("/{n}"),
        ChannelRule::AtMostOne => String::new(),
    };
    let canonical =
        format!("{name}/{}{required_channels}", fault.rate.unwrap_or(r.clock_rate.value));
    let what = match (fault.rate, fault.channels) {
        (Some(_), Some(_)) => "clock rate and channel count",
        (Some(_), None) => "clock rate",
        (None, _) => "channel count",
    };
    let mut finding = Finding::new(
        RuleId::CodecParametersMismatch,
        format!("`{written}` has the wrong {what} for `{name}`"),
    );
    let rate_span = span_of(r.clock_rate.raw);
    match (fault.rate, fault.channels) {
        (Some(rate), Some(ChannelFault::Missing)) => {
            finding = finding.with_label(rate_span, format!("must be `{rate}{required_channels}`"));
        }
        (Some(rate), _) => {
            finding = finding.with_label(rate_span, format!("must be {rate}"));
        }
        (None, Some(ChannelFault::Missing)) => {
            finding =
                finding.with_label(rate_span, format!("`{required_channels}` missing after this"));
        }
        (None, _) => {}
    }
    if let (Some(ChannelFault::Wrong), Some(c)) = (fault.channels, r.channels) {
        let text = match fault.rule {
            ChannelRule::Exactly(n) => format!("must be {n}"),
            ChannelRule::AtMostOne => "must be omitted".to_owned(),
        };
        finding = finding.with_label(span_of(c.raw), text);
    }
    let why = if r.encoding.eq_ignore_ascii_case("opus") {
        format!(
            "; RFC 7587 §7 always signals Opus as 48000 Hz and 2 channels, even for mono \
             (ask for mono with `a=fmtp:{pt} stereo=0`)"
        )
    } else if r.encoding.eq_ignore_ascii_case("G722") {
        "; RFC 3551 §4.5.2 sets G.722's RTP clock to 8000 although it samples at 16 kHz".to_owned()
    } else {
        String::new()
    };
    finding.with_help(format!("write `a=rtpmap:{pt} {canonical}`{why}"))
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    /// `(message, labelled texts)` of each `codec-parameters-mismatch` finding.
    fn findings(media: &str) -> Vec<(String, Vec<String>)> {
        let sdp = format!(
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n{media}"
        );
        crate::rules::tester::session(
            RuleId::CodecParametersMismatch,
            crate::ProfileChoice::Auto,
            &sdp,
        )
        .iter()
        .map(|f| {
            let labels = f
                .labels()
                .iter()
                .map(|l| String::from_utf8_lossy(&sdp.as_bytes()[l.span.range()]).into_owned())
                .collect();
            (f.message().to_owned(), labels)
        })
        .collect()
    }

    #[test]
    fn canonical_forms_pass() {
        let media = "m=audio 4000 RTP/AVP 111 0 9 18 101\r\na=rtpmap:111 OPUS/48000/2\r\n\
                     a=rtpmap:0 PCMU/8000/1\r\na=rtpmap:9 G722/8000\r\na=rtpmap:18 G729/8000\r\n\
                     a=rtpmap:101 telephone-event/48000\r\n\
                     m=video 4002 RTP/AVP 96 97\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:97 h264/90000/1\r\n";
        assert!(findings(media).is_empty());
    }

    #[test]
    fn opus_faults_are_labelled_on_the_wrong_tokens() {
        let media = "m=audio 4000 RTP/AVP 96 97 98\r\na=rtpmap:96 opus/48000/1\r\n\
                     a=rtpmap:97 opus/48000\r\na=rtpmap:98 opus/16000\r\n";
        let found = findings(media);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].0, "`opus/48000/1` has the wrong channel count for `opus`");
        assert_eq!(found[0].1, ["1"]);
        assert_eq!(found[1].1, ["48000"]);
        assert_eq!(
            found[2].0,
            "`opus/16000` has the wrong clock rate and channel count for `opus`"
        );
        assert_eq!(found[2].1, ["16000"]);
    }

    #[test]
    fn both_tokens_when_both_are_wrong() {
        let found = findings("m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus/16000/1\r\n");
        assert_eq!(found[0].1, ["16000", "1"]);
    }

    #[test]
    fn mono_and_video_channel_counts() {
        let found = findings(
            "m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000/2\r\na=rtpmap:101 telephone-event/8000/2\r\n",
        );
        assert_eq!(found.len(), 2);
        let found = findings("m=video 4002 RTP/AVP 96\r\na=rtpmap:96 VP8/90000/2\r\n");
        assert_eq!(found[0].1, ["2"]);
    }
}
