//! `telephone-event-rate-mismatch`: DTMF events at a clock rate no audio codec of the section uses.

use smallvec::SmallVec;

use crate::codec::{PayloadTypeSet, is_media_codec, static_codec};
use crate::finding::Finding;
use crate::model::{Attribute, LineKind, Media};
use crate::parse::attribute::{AttrValue, Rtpmap};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::rtp_sections;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a `telephone-event/<rate>` mapping in an audio section when no
    /// audio codec of that section runs at the same clock rate.
    ///
    /// Each `telephone-event` payload type on the `m=` line is checked on its
    /// own, so Chrome's usual offer (`opus/48000/2` with `PCMU/8000`,
    /// `telephone-event/48000` and `telephone-event/8000`) is fine: each
    /// event rate has a codec. Only codecs that carry audio count: comfort
    /// noise (`CN`), `red`, `rtx`, FEC and other `telephone-event` mappings
    /// do not. Static payload types listed without an `a=rtpmap` count with
    /// their RFC 3551 rate. A section with no audio codec at all (an
    /// events-only stream) is not checked, nor are `a=rtpmap` lines for
    /// payload types missing from the `m=` line (`orphan-format-attribute`).
    ///
    /// ## Why is this bad?
    /// RFC 4733 times each event (its RTP timestamp and duration) in the
    /// clock of the `telephone-event` payload type. The events stand in for
    /// the audio of the same RTP stream, so that clock is meant to be the
    /// audio codec's (RFC 4733 §2.1 and §2.3.1). With `telephone-event/8000`
    /// next to only `opus/48000/2`, the two disagree about time:
    ///
    /// - libwebrtc (Chrome, Edge, Safari's WebRTC) sends DTMF with the
    ///   `telephone-event` whose rate matches its send codec and, when none
    ///   does, falls back to the lowest-rate one; the events then run on a
    ///   clock the audio stream does not use.
    /// - Receivers that time events against the audio stream mis-measure
    ///   their duration or drop them: digits go missing, double up or are
    ///   cut short, which breaks IVR menus and PIN entry. The call itself
    ///   connects, so the fault shows only when someone presses a key.
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111 126
    /// a=rtpmap:111 opus/48000/2
    /// a=rtpmap:126 telephone-event/8000
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111 110
    /// a=rtpmap:111 opus/48000/2
    /// a=rtpmap:110 telephone-event/48000
    /// ```
    ///
    /// ## References
    /// - RFC 4733 §2.1 and §2.3.1 (event timing) and §7.1.1 (the `rate` of `telephone-event`)
    /// - RFC 3551 §4.5 (audio codec clock rates)
    /// - RFC 8866 §6.6 (`a=rtpmap`)
    pub(crate) const DOCS;
}

/// Checks the DTMF event rates of every RTP audio section.
pub(crate) fn telephone_event_rate_mismatch(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for (media, m) in rtp_sections(sdp) {
        if !m.media.eq_ignore_ascii_case("audio") {
            continue;
        }
        let listed = PayloadTypeSet::of_media_line(m);
        let has_events = listed_rtpmaps(&media, listed).any(|r| is_telephone_event(r));
        if has_events {
            check_section(ctx, &media, listed);
        }
    }
}

/// Compares each event rate of one section with its audio codecs' rates.
fn check_section(ctx: &mut Context<'_, '_>, media: &Media<'_, '_>, listed: PayloadTypeSet) {
    let sdp = ctx.sdp;
    let Some(m) = media.media_line() else { return };
    // Payload type -> clock rate of the audio codecs mapped by rtpmap. The
    // first mapping of a payload type wins (`duplicate-rtpmap` reports the
    // others). Payload types are 0-127, so a fixed table keeps this linear.
    let mut mapped = PayloadTypeSet::default();
    let mut rate_of = [None::<u32>; 128];
    for r in listed_rtpmaps(media, listed) {
        let pt = r.payload_type.value;
        if mapped.insert(pt)
            && is_media_codec(r.encoding)
            && let Some(slot) = rate_of.get_mut(usize::from(pt))
        {
            *slot = Some(r.clock_rate.value);
        }
    }
    // The audio codecs' rates in m= line order; static payload types listed
    // without an rtpmap count with their RFC 3551 rate.
    let mut rates: SmallVec<[u32; 8]> = SmallVec::new();
    for format in m.formats() {
        let Ok(pt) = format.parse::<u8>() else { continue };
        let rate = if mapped.contains(pt) {
            rate_of.get(usize::from(pt)).copied().flatten()
        } else {
            static_codec(pt).filter(|c| is_media_codec(c.name)).map(|c| c.clock_rate)
        };
        rates.extend(rate);
    }
    // No audio codec at all: an events-only stream, nothing to match.
    // Otherwise the first one is the preferred codec, whose rate the help
    // suggests.
    let Some(&preferred) = rates.first() else { return };
    rates.sort_unstable();
    rates.dedup();
    let mut seen = PayloadTypeSet::default();
    for r in listed_rtpmaps(media, listed) {
        if !seen.insert(r.payload_type.value) || !is_telephone_event(r) {
            continue;
        }
        if rates.binary_search(&r.clock_rate.value).is_err() {
            let span = sdp.span_of(r.encoding).cover(sdp.span_of(r.clock_rate.raw));
            ctx.report(telephone_event_rate_mismatch_diagnostic(span, r, preferred));
        }
    }
}

/// The section's `a=rtpmap` values whose payload type is on the `m=` line.
fn listed_rtpmaps<'s, 'a>(
    media: &Media<'s, 'a>,
    listed: PayloadTypeSet,
) -> impl Iterator<Item = &'s Rtpmap<'a>> + use<'s, 'a> {
    // Walks `lines()` rather than `attributes()`: the slice carries the
    // section's own lifetime, not that of the `media` borrow.
    media.lines().iter().filter_map(move |line| match &line.kind {
        LineKind::Attribute(Attribute { typed: AttrValue::Rtpmap(r), .. })
            if listed.contains(r.payload_type.value) =>
        {
            Some(r)
        }
        _ => None,
    })
}

/// True for a `telephone-event` mapping (RFC 4733), any case.
fn is_telephone_event(r: &Rtpmap<'_>) -> bool {
    r.encoding.eq_ignore_ascii_case("telephone-event")
}

fn telephone_event_rate_mismatch_diagnostic(span: Span, r: &Rtpmap<'_>, preferred: u32) -> Finding {
    let rate = r.clock_rate.value;
    let pt = r.payload_type.value;
    Finding::new(
        RuleId::TelephoneEventRateMismatch,
        format!(
            "`telephone-event/{rate}` matches the clock rate of no audio codec in this section"
        ),
    )
    .with_label(span, format!("no audio codec here runs at {rate} Hz"))
    .with_help(format!(
        "write `a=rtpmap:{pt} telephone-event/{preferred}` to match the preferred audio codec's \
         clock, or add a `telephone-event/{preferred}` mapping on an unused payload type listed \
         on the `m=` line and remove this one"
    ))
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    /// The help lines of each `telephone-event-rate-mismatch` finding in `media`.
    fn helps(media: &str) -> Vec<String> {
        let sdp = format!(
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n{media}"
        );
        crate::rules::tester::session(
            RuleId::TelephoneEventRateMismatch,
            crate::ProfileChoice::Auto,
            &sdp,
        )
        .iter()
        .map(|f| f.help().unwrap_or_default().to_owned())
        .collect()
    }

    #[test]
    fn static_codecs_without_rtpmap_count() {
        assert!(
            helps("m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n").is_empty()
        );
    }

    #[test]
    fn helpers_are_not_audio_codecs() {
        let media = "m=audio 4000 RTP/AVP 111 13 101\r\na=rtpmap:111 opus/48000/2\r\n\
                     a=rtpmap:101 telephone-event/8000\r\n";
        let found = helps(media);
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("write `a=rtpmap:101 telephone-event/48000`"), "{}", found[0]);
    }

    #[test]
    fn the_suggestion_follows_the_preferred_codec() {
        let media = "m=audio 4000 RTP/AVP 9 111 101\r\na=rtpmap:111 opus/48000/2\r\n\
                     a=rtpmap:101 telephone-event/16000\r\n";
        assert!(helps(media)[0].starts_with("write `a=rtpmap:101 telephone-event/8000`"));
    }

    #[test]
    fn events_only_and_video_sections_are_not_checked() {
        assert!(
            helps("m=audio 4000 RTP/AVP 101\r\na=rtpmap:101 telephone-event/8000\r\n").is_empty()
        );
        assert!(
            helps("m=video 4000 RTP/AVP 101\r\na=rtpmap:101 telephone-event/8000\r\n").is_empty()
        );
    }
}
