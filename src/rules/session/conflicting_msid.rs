//! `conflicting-msid`: one `a=msid` in two media sections, or two track ids
//! in one section.

use crate::finding::Finding;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::span::Span;
use crate::stacks::StackVerdict;

declare_rule! {
    /// ## What it does
    /// Flags an `a=msid` (stream id and track id) that a second media
    /// section repeats, and a media section whose `a=msid` lines name two
    /// different track ids.
    ///
    /// ## Why is this bad?
    /// RFC 8830 §2 ties each media section to one track: the track id names
    /// the section's `MediaStreamTrack`, so two sections cannot share it and
    /// one section cannot have two. libwebrtc refuses both; Firefox ESR 153
    /// accepts them (browser harness: probes `msid-same-in-two-sections`,
    /// `msid-two-tracks-one-section`; fixtures `SDP3033/`). Chromium 156
    /// says:
    ///
    /// - `Failed to parse SessionDescription.  Duplicate a=msid lines
    ///   detected`
    /// - `Failed to parse SessionDescription.
    ///   a=msid:187b793c-10a9-4f72-8ff1-d453bc81f5dd second-track Two
    ///   different track IDs in msid attribute in one m= section`
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=msid:stream track-a
    /// a=msid:stream track-b
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// a=msid:stream track-a
    /// ```
    ///
    /// ## References
    /// - RFC 8830 §2 (`a=msid`: one track per media section)
    pub(crate) const DOCS;
}

/// Checks the `a=msid` lines of every section against each other.
pub(crate) fn conflicting_msid(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    // (stream id, track id, section index) of every `a=msid` seen so far.
    let mut seen: Vec<(&str, Option<&str>, usize)> = Vec::new();
    for media in sdp.media() {
        let mut track: Option<&str> = None;
        for (line, attr) in media.attributes() {
            let AttrValue::Msid(msid) = &attr.typed else { continue };
            if let (Some(first), Some(other)) = (track, msid.appdata)
                && first != other
            {
                let what = format!("names a second track id `{}` in this section", shown(other));
                ctx.report(diagnostic(line.span, &what, crate::registry::said::MSID_TWO_TRACKS));
            }
            track = track.or(msid.appdata);
            let again = seen
                .iter()
                .any(|&(id, app, at)| at != media.index() && id == msid.id && app == msid.appdata);
            if again {
                ctx.report(diagnostic(
                    line.span,
                    "repeats another section's stream and track ids",
                    crate::registry::said::MSID_DUPLICATE,
                ));
            }
            seen.push((msid.id, msid.appdata, media.index()));
        }
    }
}

fn diagnostic(span: Span, what: &str, stacks: &'static [StackVerdict]) -> Finding {
    Finding::new(
        RuleId::ConflictingMsid,
        format!("`a=msid` {what}: Chromium rejects it, Firefox accepts it"),
    )
    .with_label(span, "one track per media section")
    .with_help("give each media section one `a=msid:<stream> <track>` with its own track id")
    .with_stacks(stacks)
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn cases() {
        let audio =
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=msid:s a\r\n";
        let video =
            "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=msid:s b\r\n";
        let ok = format!("{audio}{video}");
        let same = format!("{audio}{}", video.replace("s b", "s a"));
        let two = format!("{audio}a=msid:s c\r\n");
        Tester::new(RuleId::ConflictingMsid, ProfileChoice::WebRtc).test(&[&ok], &[&same, &two]);
    }
}
