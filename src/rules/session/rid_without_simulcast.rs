//! `rid-without-simulcast`: `a=rid` lines in a section that has no `a=simulcast`.

use std::fmt::Write as _;

use crate::finding::Finding;
use crate::model::{Line, LineKind};
use crate::parse::attribute::{AttrValue, Rid, RidDirection};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::is_attribute;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a live media section with `a=rid` lines but no `a=simulcast`.
    ///
    /// ## Why is this bad?
    /// RFC 8851 allows an `a=rid` on its own, to restrict one RTP stream, but
    /// WebRTC uses rids for simulcast, and there the `a=simulcast` line is
    /// what turns them into layers (RFC 8853 §5.1). libwebrtc (Chrome,
    /// Safari) builds simulcast layers from `a=simulcast` alone: without it
    /// the rids are ignored, the SFU's request for simulcast is lost, and the
    /// sender falls back to one stream, with no error anywhere. Chrome itself
    /// never writes a lone rid: it signals rids only for two or more
    /// encodings, together with `a=simulcast`.
    ///
    /// So a lone `a=rid` is almost always the trace of SDP munging that
    /// dropped or mangled the `a=simulcast` line (a malformed one is reported
    /// by its own finding, not here). It is a warning, not an error, because
    /// the RFC 8851 restriction-only use is legal.
    ///
    /// Sections with port 0 are not flagged: they carry no media.
    ///
    /// ## Example
    /// ```sdp
    /// m=video 9 UDP/TLS/RTP/SAVPF 96
    /// a=rid:q send
    /// a=rid:h send
    /// a=rid:f send
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=video 9 UDP/TLS/RTP/SAVPF 96
    /// a=rid:q send
    /// a=rid:h send
    /// a=rid:f send
    /// a=simulcast:send q;h;f
    /// ```
    ///
    /// ## References
    /// - RFC 8851 §4 (`a=rid`, which may restrict a stream on its own)
    /// - RFC 8853 §5.1 (`a=simulcast` names the rids that form the simulcast streams)
    /// - RFC 9429 §5.2.1 (JSEP offers rids together with `a=simulcast`)
    pub(crate) const DOCS;
}

/// The most rids spelled out in the suggested `a=simulcast` line; past it
/// the help names the form only, so a hostile section cannot make it huge.
const MAX_SUGGESTED: usize = 8;

/// Checks each live section with rids for an `a=simulcast` line.
pub(crate) fn rid_without_simulcast(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for media in sdp.media() {
        if media.is_port_zero() {
            continue;
        }
        let mut first: Option<&Line<'_>> = None;
        let mut count = 0usize;
        let mut has_simulcast = false;
        for line in media.lines() {
            if let LineKind::Attribute(a) = &line.kind
                && let AttrValue::Rid(_) = a.typed
            {
                count += 1;
                first.get_or_insert(line);
            } else if is_attribute(line, "simulcast") {
                // Malformed included: its own finding explains it.
                has_simulcast = true;
            }
        }
        let Some(first) = first else { continue };
        if has_simulcast {
            continue;
        }
        let kind = media.media_line().map_or("?", |m| m.media);
        let rids = media.attributes().filter_map(|(_, a)| match &a.typed {
            AttrValue::Rid(rid) => Some(rid),
            _ => None,
        });
        ctx.report(rid_without_simulcast_diagnostic(first.span, kind, count, suggestion(rids)));
    }
}

/// The `a=simulcast` line naming `rids`, each under its direction, in
/// order: `a=simulcast:send q;h;f`. `None` when there are too many, or an
/// id too long, to spell out.
fn suggestion<'r, 'a: 'r>(rids: impl Iterator<Item = &'r Rid<'a>>) -> Option<String> {
    let mut send = String::new();
    let mut recv = String::new();
    for (n, rid) in rids.enumerate() {
        if n >= MAX_SUGGESTED || rid.id.len() > 40 {
            return None;
        }
        let list = match rid.direction {
            RidDirection::Send => &mut send,
            RidDirection::Recv => &mut recv,
        };
        if !list.is_empty() {
            list.push(';');
        }
        list.push_str(rid.id);
    }
    let mut line = String::from("a=simulcast:");
    for (dir, list) in [("send", &send), ("recv", &recv)] {
        if !list.is_empty() {
            if !line.ends_with(':') {
                line.push(' ');
            }
            let _ = write!(line, "{dir} {list}");
        }
    }
    Some(line)
}

fn rid_without_simulcast_diagnostic(
    span: Span,
    kind: &str,
    count: usize,
    suggestion: Option<String>,
) -> Finding {
    let kind = shown(kind);
    let message = if count == 1 {
        format!("Media section `{kind}` has an `a=rid` line but no `a=simulcast`")
    } else {
        format!("Media section `{kind}` has {count} `a=rid` lines but no `a=simulcast`")
    };
    let help = match suggestion {
        Some(line) => format!(
            "add `{line}` to this section to use them as simulcast layers, or remove the `a=rid` lines"
        ),
        None => "add an `a=simulcast:send <rid>;<rid>` line naming these rids, or remove the `a=rid` lines".to_owned(),
    };
    Finding::new(RuleId::RidWithoutSimulcast, message)
        .with_label(span, "no `a=simulcast` names this rid")
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use crate::{ProfileChoice, RuleId};

    fn helps(sdp: &str) -> Vec<String> {
        crate::rules::tester::session(RuleId::RidWithoutSimulcast, ProfileChoice::WebRtc, sdp)
            .iter()
            .map(|f| f.help().unwrap_or_default().to_owned())
            .collect()
    }

    use crate::rules::tester::BARE_HEAD as HEAD;

    fn video(port: u16) -> String {
        format!(
            "m=video {port} UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtcp-mux\r\n"
        )
    }

    #[test]
    fn suggests_both_directions() {
        let sdp = format!("{HEAD}{}a=rid:a send\r\na=rid:b recv\r\na=rid:c send\r\n", video(9));
        let found = helps(&sdp);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("`a=simulcast:send a;c recv b`"), "{}", found[0]);
    }

    #[test]
    fn a_malformed_simulcast_or_port_zero_stays_quiet() {
        // The pre-RFC draft syntax is malformed; the parser says so.
        let sdp = format!("{HEAD}{}a=rid:a send\r\na=simulcast: send rid=a\r\n", video(9));
        assert_eq!(helps(&sdp), Vec::<String>::new());
        let sdp = format!("{HEAD}{}a=rid:a send\r\n", video(0));
        assert_eq!(helps(&sdp), Vec::<String>::new());
    }

    #[test]
    fn too_many_rids_give_the_form_only() {
        let rids = (0..9).fold(String::new(), |mut out, n| {
            let _ = write!(out, "a=rid:r{n} send\r\n");
            out
        });
        let sdp = format!("{HEAD}{}{rids}", video(9));
        let found = helps(&sdp);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("`a=simulcast:send <rid>;<rid>`"), "{}", found[0]);
    }
}
