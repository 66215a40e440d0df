//! `candidate-raddr-without-rport`: an ICE candidate with a related address
//! and no related port, or a related port and no related address.

use crate::finding::Finding;
use crate::model::LineKind;
use crate::parse::attribute::{AttrValue, Candidate, CandidateType};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `a=candidate` that has `raddr` without `rport` right after it,
    /// or `rport` without `raddr` right before it.
    ///
    /// The grammar puts the pair at a fixed place, right after the type and
    /// before any extension: `typ <type> [raddr <address>] [rport <port>]`.
    /// A pair written in the wrong order (`rport 9 raddr 10.0.0.1`) or split
    /// by an extension (`raddr 10.0.0.1 generation 0 rport 9`) is flagged
    /// too, because parsers read the misplaced half as an unknown extension;
    /// the help then says where to move it.
    ///
    /// ## Why is this bad?
    /// RFC 8839 §5.1 requires `rel-addr` and `rel-port` together on
    /// server-reflexive, peer-reflexive and relayed candidates, and neither on
    /// host candidates. Half a pair breaks parsers differently:
    ///
    /// - Firefox's ICE stack (nICEr) requires `raddr <address> rport <port>`,
    ///   in that order, right after the type of every `srflx`, `prflx` and
    ///   `relay` candidate; it drops any other such candidate as unparsable,
    ///   so that candidate is never paired.
    /// - libwebrtc reads `raddr` and `rport` only at that position and never
    ///   fails on half a pair: it keeps a related address with port 0, or a
    ///   port with no address, and skips a misplaced `raddr`/`rport` as an
    ///   unknown extension (its loop over the remaining fields walks
    ///   name/value pairs). The candidate still connects, but its
    ///   related-address statistics are wrong.
    ///
    /// The result is a call that connects from Chrome and fails from Firefox
    /// (Telnyx 40004, Twilio 32009 where the platform parses candidates
    /// strictly). Hand-assembled candidates in signalling servers and SBCs
    /// that rewrite addresses are the usual source.
    ///
    /// Measured with the browser harness: Chromium 156 and Firefox ESR 153 both
    /// accept a candidate with `raddr` and no `rport`, so the finding names no
    /// browser; RFC 8839 §5.1 still requires the pair.
    ///
    /// ## Example
    /// ```sdp
    /// a=candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 10.0.1.1 generation 0
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 10.0.1.1 rport 61665 generation 0
    /// ```
    ///
    /// ## References
    /// - RFC 8839 §5.1 (`cand-type [SP rel-addr] [SP rel-port]`; both MUST be present for srflx, prflx and relay candidates, and omitted for host candidates)
    /// - RFC 8445 §5.1.1 (the base and mapped addresses the pair reports)
    pub(crate) const DOCS;
}

/// Checks every `a=candidate`, at any level.
pub(crate) fn candidate_raddr_without_rport(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for line in sdp.lines() {
        let LineKind::Attribute(attr) = &line.kind else { continue };
        let AttrValue::Candidate(cand) = &attr.typed else { continue };
        // The parser takes `raddr` and `rport` only at their grammar
        // position, as libwebrtc and nICEr do; anything later is an
        // extension, which is where a misplaced half ends up.
        let half = match (cand.rel_addr, cand.rel_port) {
            (Some(_), Some(_)) | (None, None) => continue,
            (Some(addr), None) => Half::Addr { addr, misplaced_port: cand.extension("rport") },
            (None, Some(port)) => {
                Half::Port { port: port.raw, misplaced_addr: cand.extension("raddr") }
            }
        };
        let keyword_and_value = |value: &str, keyword: &str| {
            let value = sdp.span_of(value);
            // `<keyword> <value>`: the grammar puts exactly one space
            // between them; fall back to the value if it does not hold.
            let start = (value.start as usize).saturating_sub(keyword.len() + 1);
            let whole = Span::new(start, value.end as usize);
            let text = sdp.text(whole);
            if text.starts_with(keyword.as_bytes()) { whole } else { value }
        };
        let finding = match half {
            Half::Addr { addr, misplaced_port } => {
                let span = keyword_and_value(addr, "raddr");
                raddr_diagnostic(span, cand, addr, misplaced_port.map(|p| (sdp.span_of(p), p)))
            }
            Half::Port { port, misplaced_addr } => {
                let span = keyword_and_value(port, "rport");
                rport_diagnostic(span, cand, port, misplaced_addr.map(|a| (sdp.span_of(a), a)))
            }
        };
        ctx.report(finding);
    }
}

/// The half of the related pair a candidate has at the grammar position.
#[derive(Debug, Clone, Copy)]
enum Half<'a> {
    /// `raddr` with no `rport` right after it.
    Addr {
        /// The related address.
        addr: &'a str,
        /// The value of an `rport` written later, among the extensions.
        misplaced_port: Option<&'a str>,
    },
    /// `rport` with no `raddr` right before it.
    Port {
        /// The related port as written.
        port: &'a str,
        /// The value of a `raddr` written later, among the extensions.
        misplaced_addr: Option<&'a str>,
    },
}

/// `raddr` without `rport`; `misplaced` is a later `rport` (span, value).
fn raddr_diagnostic(
    span: Span,
    cand: &Candidate<'_>,
    addr: &str,
    misplaced: Option<(Span, &str)>,
) -> Finding {
    let addr = crate::rules::shown(addr);
    match misplaced {
        Some((port_span, port)) => {
            let port = crate::rules::shown(port);
            Finding::new(
                RuleId::CandidateRaddrWithoutRport,
                format!("Candidate has `raddr {addr}` but its `rport` does not follow it"),
            )
            .with_label(span, "related address with no related port after it")
            .with_label(port_span, "the related port, out of place among the extensions")
            .with_help(format!(
                "move `rport {port}` to right after `raddr {addr}`: `typ {} raddr {addr} rport {port}`",
                cand.kind.as_str()
            ))
        }
        None => Finding::new(
            RuleId::CandidateRaddrWithoutRport,
            format!("Candidate has `raddr {addr}` but no `rport`"),
        )
        .with_label(span, "related address with no related port")
        .with_help(if cand.kind == CandidateType::Host {
            format!("a host candidate has no related address: remove `raddr {addr}`")
        } else {
            format!(
                "add the related port right after the related address: `raddr {addr} rport <port>` (the port of the candidate's base)"
            )
        }),
    }
}

/// `rport` without `raddr`; `misplaced` is a later `raddr` (span, value).
fn rport_diagnostic(
    span: Span,
    cand: &Candidate<'_>,
    port: &str,
    misplaced: Option<(Span, &str)>,
) -> Finding {
    let port = crate::rules::shown(port);
    match misplaced {
        Some((addr_span, addr)) => {
            let addr = crate::rules::shown(addr);
            Finding::new(
                RuleId::CandidateRaddrWithoutRport,
                format!("Candidate has `rport {port}` before its `raddr`"),
            )
            .with_label(span, "related port with no related address before it")
            .with_label(addr_span, "the related address, out of place among the extensions")
            .with_help(format!(
                "write the related address first: `typ {} raddr {addr} rport {port}`",
                cand.kind.as_str()
            ))
        }
        None => Finding::new(
            RuleId::CandidateRaddrWithoutRport,
            format!("Candidate has `rport {port}` but no `raddr`"),
        )
        .with_label(span, "related port with no related address")
        .with_help(if cand.kind == CandidateType::Host {
            format!("a host candidate has no related port: remove `rport {port}`")
        } else {
            format!(
                "add the related address right before the related port: `raddr <address> rport {port}` (the address of the candidate's base)"
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use crate::registry::RuleId;

    /// The rule's findings on one candidate line, as (message, labelled texts).
    fn findings(candidate: &str) -> Vec<(String, Vec<String>)> {
        let sdp = format!(
            "v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\nc=IN IP4 192.0.2.1\r\na=candidate:{candidate}\r\n"
        );
        crate::rules::tester::session(
            RuleId::CandidateRaddrWithoutRport,
            crate::ProfileChoice::Auto,
            &sdp,
        )
        .iter()
        .map(|f| {
            let texts = f.labels().iter().map(|l| sdp[l.span.range()].to_owned()).collect();
            (f.message().to_owned(), texts)
        })
        .collect()
    }

    #[test]
    fn complete_pairs_and_none_are_clean() {
        assert_eq!(findings("1 1 udp 1 203.0.113.7 5 typ srflx raddr 10.0.0.1 rport 5"), []);
        assert_eq!(findings("1 1 udp 1 192.0.2.7 5 typ host generation 0"), []);
        // Both halves among the extensions: no grammar-position half, and
        // both present; another concern than this rule's.
        assert_eq!(
            findings("1 1 udp 1 203.0.113.7 5 typ srflx generation 0 raddr 10.0.0.1 rport 5"),
            []
        );
    }

    #[test]
    fn half_pairs_label_keyword_and_value() {
        let found = findings("1 1 udp 1 203.0.113.7 5 typ srflx raddr 10.0.0.1 generation 0");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, ["raddr 10.0.0.1"]);
        let found = findings("1 1 udp 1 203.0.113.7 5 typ relay rport 5");
        assert_eq!(found[0].1, ["rport 5"]);
    }

    #[test]
    fn misplaced_halves_are_pointed_at() {
        let found = findings("1 1 udp 1 203.0.113.7 5 typ srflx rport 5 raddr 10.0.0.1");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, ["rport 5", "10.0.0.1"]);
        let found =
            findings("1 1 udp 1 203.0.113.7 5 typ srflx raddr 10.0.0.1 generation 0 rport 5");
        assert_eq!(found[0].1, ["raddr 10.0.0.1", "5"]);
    }
}
