//! `duplicate-payload-type`: one payload type listed twice on an `m=` line.

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::rtp_sections;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an RTP payload type that appears a second time in the format list
    /// of the same `m=` line, such as `m=audio 9 RTP/AVP 0 8 0`.
    ///
    /// ## Why is this bad?
    /// The format list is the sender's codec preference, one entry per payload
    /// type (RFC 8866 §5.14); a payload type listed twice has no meaning of its
    /// own, and middleboxes that rewrite the list choke on it: rtpengine was
    /// seen replacing the second copy with a garbage number
    /// (sipwise/rtpengine#598). It comes from SDP assembled by hand or by a
    /// gateway that merges codec lists without removing duplicates. Under a
    /// hostile input (10,000 formats) it is also the cheapest way to make a
    /// naive duplicate check quadratic; sdpcheck checks in one pass.
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 49170 RTP/AVP 0 8 0 101
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 49170 RTP/AVP 0 8 101
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.14 (the `<fmt>` list of the media description)
    /// - RFC 3264 §5.1 (the list is in order of preference)
    pub(crate) const DOCS;
}

/// Reports each repeat of a payload type on an RTP `m=` line.
pub(crate) fn duplicate_payload_type(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for (_, m) in rtp_sections(sdp) {
        // The parser has checked every RTP format is 0-127, so a table of
        // 128 first occurrences finds repeats in one pass, however long the
        // list.
        let mut first: [Option<&str>; 128] = [None; 128];
        for fmt in m.formats() {
            let Some(slot) = fmt.parse::<usize>().ok().and_then(|pt| first.get_mut(pt)) else {
                continue;
            };
            match slot {
                Some(earlier) => ctx.report(duplicate_payload_type_diagnostic(
                    sdp.span_of(earlier),
                    sdp.span_of(fmt),
                    fmt,
                )),
                None => *slot = Some(fmt),
            }
        }
    }
}

fn duplicate_payload_type_diagnostic(first: Span, dup: Span, pt: &str) -> Finding {
    Finding::new(
        RuleId::DuplicatePayloadType,
        format!("Payload type `{}` is listed twice on the `m=` line", shown(pt)),
    )
    .with_label(dup, "listed again here")
    .with_label(first, "first listed here")
    .with_help("list each payload type once, in order of preference")
}

#[cfg(test)]
mod tests {
    use crate::Severity;

    fn names(sdp: &[u8]) -> Vec<(&'static str, std::ops::Range<usize>)> {
        crate::check(sdp)
            .findings()
            .iter()
            .filter(|f| f.name() == "duplicate-payload-type")
            .map(|f| {
                assert_eq!(f.severity(), Severity::Warning);
                (f.name(), f.primary_span().map(crate::span::Span::range).unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn repeats_are_reported_at_the_repeat_only() {
        let sdp = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0 8 0 8 0\r\n";
        let found = names(sdp);
        let at = |n: usize| {
            let line = 81; // offset of "0 8 0 8 0"
            line + 2 * n..line + 2 * n + 1
        };
        assert_eq!(found.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>(), [at(2), at(3), at(4)]);
        assert_eq!(&sdp[at(2)], b"0");
    }

    #[test]
    fn non_rtp_formats_and_distinct_payload_types_pass() {
        let ok = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0 8 101\r\nm=application 9 TCP/MSRP * *\r\n";
        assert!(names(ok).is_empty());
    }
}
