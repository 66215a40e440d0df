//! `mid-too-long`: an `a=mid` longer than 16 characters.

use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::span::Span;

/// The longest mid both browsers take: what fits a one-byte RTP header
/// extension element (RFC 8285 §4.2: 16 bytes of data).
const MAX_MID: usize = 16;

declare_rule! {
    /// ## What it does
    /// Flags an `a=mid` value longer than 16 characters.
    ///
    /// ## Why is this bad?
    /// RFC 5888 puts no bound on a mid, but the mid travels in the RTP
    /// `sdes:mid` header extension (RFC 9143 §15), and a one-byte header
    /// extension element holds 16 bytes (RFC 8285 §4.2). Both browsers
    /// refuse a longer one (browser harness: probes `mid-length-16` to
    /// `mid-length-256`, fixtures `SDP3023/`):
    ///
    /// - Chromium 156: `Failed to set remote offer sdp: The MID attribute
    ///   exceeds the maximum supported length of 16 characters.`
    /// - Firefox ESR 153: `Invalid description, mid length greater than 16
    ///   unsupported until 2-byte rtp header extensions are supported in
    ///   webrtc.org`
    ///
    /// ## Example
    /// ```sdp
    /// a=mid:audio-main-microphone
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=mid:audio0
    /// ```
    ///
    /// ## References
    /// - RFC 5888 §4 (`a=mid`)
    /// - RFC 8285 §4.2 (one-byte header extension elements: 16 bytes)
    /// - RFC 9143 §15 (the `sdes:mid` header extension)
    pub(crate) const DOCS;
}

/// Checks every `a=mid` value's length.
pub(crate) fn mid_too_long(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for media in sdp.media() {
        for (_, attr) in media.attributes() {
            let AttrValue::Mid(mid) = attr.typed else { continue };
            if mid.chars().count() > MAX_MID {
                ctx.report(mid_too_long_diagnostic(sdp.span_of(mid), mid));
            }
        }
    }
}

fn mid_too_long_diagnostic(span: Span, mid: &str) -> Finding {
    Finding::new(
        RuleId::MidTooLong,
        format!("`a=mid:{}` is {} characters long; browsers take at most {MAX_MID}", shown(mid), mid.chars().count()),
    )
    .with_label(span, "longer than 16 characters")
    .with_help("use a mid of at most 16 characters (browsers use `0`, `1`, ...), and the same one in `a=group:BUNDLE`")
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn sixteen_is_the_limit() {
        let audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n";
        let ok = format!("{audio}a=mid:{}\r\n", "a".repeat(16));
        let long = format!("{audio}a=mid:{}\r\n", "a".repeat(17));
        Tester::new(RuleId::MidTooLong, ProfileChoice::WebRtc).test(&[&ok], &[&long]);
    }
}
