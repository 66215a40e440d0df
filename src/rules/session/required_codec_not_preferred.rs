//! `required-codec-not-preferred`: the codec `--require-codec` asks for is
//! offered, but another codec comes first.

use crate::finding::Finding;
use crate::options::RequiredCodec;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::session::required_codec::{Format, m_line, policy_sections};
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a live audio section where the first codec named with
    /// `--require-codec` is offered, but another media codec comes before it
    /// on the `m=` line.
    ///
    /// The rule is off unless `--require-codec` is given; with several, the
    /// first is the one that must come first. Formats that are not media
    /// codecs do not count as preferred ahead: `telephone-event` (RFC 4733),
    /// comfort noise `CN` (RFC 3389), `red`, `ulpfec`, `flexfec` and `rtx`.
    ///
    /// ## Why is this bad?
    /// The order of the formats on the `m=` line is the offerer's preference
    /// (RFC 8866 §5.14, RFC 3264 §5.1), and answerers generally take the
    /// first codec they support. With `PCMU` first, a peer that has both
    /// answers with μ-law, and on an A-law network a transcoding leg
    /// somewhere converts it, adding delay and losing quality. Worse, a
    /// B2BUA that passes on only the codec it settled on offers the next
    /// hop `PCMU` alone, and a PCMA-only trunk there answers
    /// `488 Not Acceptable Here`.
    /// Putting the required codec first makes every answerer that supports
    /// it choose it. This is a warning: an answerer may legitimately apply
    /// its own order.
    ///
    /// Measured with `conformance/sip/` (configuration `pcma-trunk`: pjsip
    /// and baresip offering PCMA and telephone-event only): offers with
    /// PCMA after PCMU (`0 8`) or after G722 and PCMU (`9 0 8`) are
    /// answered `200` with PCMA by both; neither refuses, so the finding
    /// names no stack. The refusal this warns of happens one hop further,
    /// behind a B2BUA that forwards only the codec it chose.
    ///
    /// ## Example
    /// With `--require-codec pcma`:
    /// ```sdp
    /// m=audio 4000 RTP/AVP 0 8 101
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 4000 RTP/AVP 8 0 101
    /// a=rtpmap:101 telephone-event/8000
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.14 (formats are listed in order of preference)
    /// - RFC 3264 §5.1 (the offerer lists formats in order of preference)
    /// - RFC 3551 §4.5.14 (PCMA and PCMU, G.711)
    /// - RFC 4733, RFC 3389, RFC 2198, RFC 5109, RFC 4588 (formats that are not codecs)
    pub(crate) const DOCS;
}

/// Reports each policy section whose preferred codec is not the required one.
pub(crate) fn required_codec_not_preferred(ctx: &mut Context<'_, '_>) {
    let Some(required) = ctx.options.required_codecs.first() else { return };
    let sdp = ctx.sdp;
    for section in policy_sections(sdp) {
        let mut ahead: Option<Format<'_, '_>> = None;
        for format in section.formats() {
            if format.is(required) {
                if let Some(first) = ahead {
                    let finding = required_codec_not_preferred_diagnostic(
                        sdp.span_of(format.token),
                        sdp.span_of(first.token),
                        &first,
                        required,
                        &m_line(
                            section.line,
                            std::iter::once(format.token).chain(
                                // Every other token, in order: only the
                                // required one moves.
                                section.line.formats().filter(|t| !std::ptr::eq(*t, format.token)),
                            ),
                        ),
                    );
                    ctx.report(finding);
                }
                break;
            }
            if ahead.is_none() && format.codec.is_some_and(|c| is_media_codec(c.name)) {
                ahead = Some(format);
            }
        }
    }
}

/// False for the payload formats that carry no audio of their own:
/// DTMF events, comfort noise, redundancy, FEC and retransmission.
fn is_media_codec(name: &str) -> bool {
    const NOT_MEDIA: [&str; 7] =
        ["telephone-event", "CN", "red", "ulpfec", "flexfec", "flexfec-03", "rtx"];
    !NOT_MEDIA.iter().any(|n| n.eq_ignore_ascii_case(name))
}

fn required_codec_not_preferred_diagnostic(
    required_span: Span,
    ahead_span: Span,
    ahead: &Format<'_, '_>,
    required: &RequiredCodec,
    reordered: &str,
) -> Finding {
    let ahead_name = ahead.codec.map_or(ahead.token, |c| c.name);
    Finding::new(
        RuleId::RequiredCodecNotPreferred,
        format!(
            "Required codec `{}` is offered after `{}`",
            shown(&required.name),
            shown(ahead_name)
        ),
    )
    .with_label(required_span, format!("{} offered here", shown(&required.name)))
    .with_label(ahead_span, format!("{} preferred ahead of it", shown(ahead_name)))
    .with_help(format!("put {} first: `{reordered}`", shown(&required.name)))
}
