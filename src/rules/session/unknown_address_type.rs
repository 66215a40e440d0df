//! `unknown-address-type`: a `c=` or `o=` line whose network type is not
//! `IN` or whose address type is not `IP4`/`IP6`.

use crate::finding::Finding;
use crate::model::LineKind;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::rules::sip;
use crate::span::Span;
use crate::stacks::StackVerdict;

declare_rule! {
    /// ## What it does
    /// Flags a `c=` line (at either level) or the `o=` line whose network
    /// type is not `IN` or whose address type is not `IP4` or `IP6`.
    ///
    /// ## Why is this bad?
    /// RFC 8866 §5.7 lets `<nettype>` and `<addrtype>` be extension tokens,
    /// but the only ones registered for RTP over the internet are `IN` with
    /// `IP4` or `IP6` (§8.2.6, §8.2.7): a peer cannot send media to an
    /// `ATM NSAP` or `IN IP5` address. Measured with `conformance/sip/`
    /// (probes `c-nettype-atm`, `c-addrtype-ip5`, `c-media-addrtype-ip5`,
    /// `o-nettype-atm`, `o-addrtype-ip5`): pjsip answers `400 Bad SDP`
    /// (`PJMEDIA_SDP_EINCONN`, `PJMEDIA_SDP_EINORIGIN`) to either line;
    /// baresip answers `500 Call Error` to such a `c=` line and accepts
    /// such an `o=` line. The usual cause is a gateway writing a placeholder
    /// or a typo (`IN IP44`).
    ///
    /// ## Example
    /// ```sdp
    /// c=IN IP5 192.0.2.1
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// c=IN IP4 192.0.2.1
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.2 (`o=`), §5.7 (`c=`), §8.2.6 and §8.2.7 (the registered types)
    /// - RFC 3261 §21.4.1 (400 Bad Request)
    pub(crate) const DOCS;
    // What `conformance/sip/` saw; attached under the SIP profile only.
    stacks = [sip::PJSIP_BAD_SDP, sip::BARESIP_CALL_ERROR];
}

/// pjsip refuses an odd `c=` (400), baresip too (500).
const CONNECTION_REFUSED: &[StackVerdict] = &[sip::PJSIP_BAD_SDP, sip::BARESIP_CALL_ERROR];

/// Checks the `o=` line and every `c=` line.
pub(crate) fn unknown_address_type(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for line in sdp.lines() {
        let (nettype, addrtype, what, stacks) = match &line.kind {
            LineKind::Origin(o) => (o.nettype, o.addrtype, "o=", sip::PJSIP_REFUSES_SYNTAX),
            LineKind::Connection(c) => (c.nettype, c.addrtype, "c=", CONNECTION_REFUSED),
            _ => continue,
        };
        let (token, expected) = if nettype != "IN" {
            (nettype, "network type `IN`")
        } else if !matches!(addrtype, "IP4" | "IP6") {
            (addrtype, "address type `IP4` or `IP6`")
        } else {
            continue;
        };
        ctx.report(
            unknown_address_type_diagnostic(sdp.span_of(token), what, token, expected)
                .with_stacks(stacks),
        );
    }
}

fn unknown_address_type_diagnostic(span: Span, what: &str, token: &str, expected: &str) -> Finding {
    Finding::new(
        RuleId::UnknownAddressType,
        format!("`{what}` line has `{}` where SIP peers expect the {expected}", shown(token)),
    )
    .with_label(span, "not a type RTP peers can reach")
    .with_help(format!("write `{what}IN IP4 <address>` (or `IN IP6`)"))
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn pass_and_fail() {
        const HEAD: &str = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n";
        let tester = Tester::new(RuleId::UnknownAddressType, ProfileChoice::Sip).head(HEAD);
        let media = "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
        tester.test(
            &[
                &format!("c=IN IP4 192.0.2.1\r\n{media}"),
                &format!("c=IN IP6 2001:db8::1\r\n{media}"),
            ],
            &[
                &format!("c=ATM NSAP 47.0091.8100\r\n{media}"),
                &format!("c=IN IP5 192.0.2.1\r\n{media}"),
                "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP5 192.0.2.1\r\n",
            ],
        );
    }
}
