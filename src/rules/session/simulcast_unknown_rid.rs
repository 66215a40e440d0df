//! `simulcast-unknown-rid`: an `a=simulcast` stream with no `a=rid` of its direction.

use smallvec::SmallVec;

use crate::finding::Finding;
use crate::model::LineKind;
use crate::parse::attribute::{AttrValue, RidDirection};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an id in `a=simulcast` that no `a=rid` line of the same direction
    /// defines.
    ///
    /// Both the `send` and `recv` lists are checked, every alternative of a
    /// stream, and paused ids (`~h`) by their id without the `~`.
    ///
    /// ## Why is this bad?
    /// Every id in `a=simulcast:send ...` must be defined by an `a=rid:<id>
    /// send` line in the same media section, and every id in `recv ...` by an
    /// `a=rid:<id> recv` line (RFC 8853 §5.1): the `a=rid` line is what the
    /// stream is, `a=simulcast` only orders them.
    ///
    /// Mozilla's Rust SDP parser (mozilla/webrtc-sdp) refuses the whole
    /// description: `Simulcast RIDs must be defined in any rid attribute`
    /// (release Firefox parses with its older sipcc parser by default, so
    /// this message appears where webrtc-sdp is the parser in use).
    /// libwebrtc (Chrome, Safari) is looser than the RFC: it silently drops
    /// the undefined layer from the simulcast description, so the call is set
    /// up with fewer simulcast layers than the SFU asked for, or with none,
    /// and no error says why. Either way the SDP does not mean what its
    /// author intended.
    ///
    /// It nearly always comes from hand-written or munged SDP: a rid renamed
    /// in one line and not the other, or an SFU that answers `a=simulcast:recv
    /// q;h;f` while keeping the offer's `a=rid:... send` lines (an answer's
    /// rids are `recv` when the offer's are `send`).
    ///
    /// Measured with the browser harness: Firefox ESR 153 (SIPCC) refuses it
    /// (`No rid attribute for 'q'`); Chromium 156 accepts it. The finding names
    /// Firefox only.
    ///
    /// ## Example
    /// ```sdp
    /// a=rid:q send
    /// a=rid:h send
    /// a=simulcast:send q;h;f
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=rid:q send
    /// a=rid:h send
    /// a=rid:f send
    /// a=simulcast:send q;h;f
    /// ```
    ///
    /// ## References
    /// - RFC 8853 §5.1 (`a=simulcast`: each id names an `a=rid` of its direction), §5.3 (offer/answer)
    /// - RFC 8851 §4, §10 (`a=rid`)
    /// - RFC 9429 §5.2.1 (JSEP offers with simulcast)
    pub(crate) const DOCS;
}

/// One `a=rid` line of a section: its id, whether it is `send`, and the
/// line's span. Sorted, so a stream id is found by binary search.
type RidEntry<'a> = (&'a str, bool, Span);

/// Checks every id of every `a=simulcast` against the section's `a=rid` lines.
pub(crate) fn simulcast_unknown_rid(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    // Every section, port 0 included: webrtc-sdp refuses an undefined rid
    // wherever it is.
    for media in sdp.media() {
        // Built at the section's first `a=simulcast` only, so sections
        // without simulcast (almost all) cost one attribute scan. Eight rids
        // fit inline; a sorted list keeps 10,000 ids x 10,000 rids linear-ish.
        let mut rids: Option<SmallVec<[RidEntry<'_>; 8]>> = None;
        for (_, attr) in media.attributes() {
            let AttrValue::Simulcast(simulcast) = &attr.typed else { continue };
            let rids = rids.get_or_insert_with(|| {
                let mut rids: SmallVec<[RidEntry<'_>; 8]> = media
                    .lines()
                    .iter()
                    .filter_map(|line| match &line.kind {
                        LineKind::Attribute(a) => match &a.typed {
                            AttrValue::Rid(rid) => {
                                Some((rid.id, rid.direction == RidDirection::Send, line.span))
                            }
                            _ => None,
                        },
                        _ => None,
                    })
                    .collect();
                rids.sort_unstable();
                rids
            });
            for list in std::iter::once(simulcast.first).chain(simulcast.second) {
                let send = list.direction == RidDirection::Send;
                // `~` (paused) is not part of the id: `SimulcastId::rid`
                // has it stripped.
                for id in list.ids() {
                    if find(rids, id.rid, send).is_some() {
                        continue;
                    }
                    let other = find(rids, id.rid, !send);
                    ctx.report(simulcast_unknown_rid_diagnostic(
                        sdp.span_of(id.rid),
                        id.rid,
                        list.direction,
                        other,
                    ));
                }
            }
        }
    }
}

/// The span of the first `a=rid:<id> <direction>` line, if any.
fn find(rids: &[RidEntry<'_>], id: &str, send: bool) -> Option<Span> {
    let at = rids.partition_point(|&(rid, is_send, _)| (rid, is_send) < (id, send));
    rids.get(at)
        .filter(|&&(rid, is_send, _)| rid == id && is_send == send)
        .map(|&(_, _, span)| span)
}

fn simulcast_unknown_rid_diagnostic(
    span: Span,
    rid: &str,
    direction: RidDirection,
    other_direction: Option<Span>,
) -> Finding {
    let rid = shown(rid);
    let dir = direction.as_str();
    let other = match direction {
        RidDirection::Send => RidDirection::Recv,
        RidDirection::Recv => RidDirection::Send,
    }
    .as_str();
    match other_direction {
        Some(declared) => Finding::new(
            RuleId::SimulcastUnknownRid,
            format!("`a=simulcast` lists rid `{rid}` under `{dir}`, but `a=rid:{rid}` is declared `{other}`"),
        )
        .with_label(span, format!("no `a=rid:{rid} {dir}` for this stream"))
        .with_label(declared, format!("declared `{other}` here"))
        .with_help(format!(
            "make the directions agree: write `a=rid:{rid} {dir}`, or move `{rid}` to the `{other}` list of `a=simulcast`"
        )),
        None => Finding::new(
            RuleId::SimulcastUnknownRid,
            format!("`a=simulcast` lists rid `{rid}`, but no `a=rid:{rid} {dir}` line defines it"),
        )
        .with_label(span, format!("no `a=rid:{rid} {dir}` in this section"))
        .with_help(format!(
            "add `a=rid:{rid} {dir}` to this section, or remove `{rid}` from `a=simulcast`"
        )),
    }
}

#[cfg(test)]
mod tests {
    use crate::{ProfileChoice, RuleId};

    /// The rule's findings: the text under each label, primary first.
    fn hits(sdp: &str) -> Vec<Vec<&str>> {
        crate::rules::tester::session(RuleId::SimulcastUnknownRid, ProfileChoice::WebRtc, sdp)
            .iter()
            .map(|f| f.labels().iter().map(|l| &sdp[l.span.range()]).collect())
            .collect()
    }

    const HEAD: &str = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtcp-mux\r\n";

    #[test]
    fn alternatives_paused_ids_and_both_directions() {
        let sdp = format!(
            "{HEAD}a=rid:1 send\r\na=rid:2 send\r\na=rid:3 send\r\na=rid:4 recv\r\na=simulcast:send 1,2;~3 recv ~4\r\n"
        );
        assert_eq!(hits(&sdp), Vec::<Vec<&str>>::new());
    }

    #[test]
    fn wrong_direction_points_at_the_declaration() {
        let sdp = format!("{HEAD}a=rid:h recv\r\na=simulcast:send ~h\r\n");
        assert_eq!(hits(&sdp), [vec!["h", "a=rid:h recv"]]);
    }

    #[test]
    fn each_unknown_alternative_is_reported() {
        let sdp = format!("{HEAD}a=rid:a send\r\na=simulcast:send a,b;c\r\n");
        assert_eq!(hits(&sdp), [vec!["b"], vec!["c"]]);
    }
}
