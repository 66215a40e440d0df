//! `hold-connection-address`: RFC 2543-style hold with `c=IN IP4 0.0.0.0`.

use std::net::Ipv4Addr;

use crate::finding::Finding;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::{live_connections, uses_ice};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags `c=IN IP4 0.0.0.0` on a live media section of a SIP description
    /// without ICE: the RFC 2543 way of putting a call on hold.
    ///
    /// WebRTC stacks write `0.0.0.0` (with port 9) when the real addresses
    /// travel in ICE candidates, so a description with candidates or ICE
    /// credentials is not reported. A section rejected with port 0 is not
    /// reported either.
    ///
    /// ## Why is this bad?
    /// RFC 3264 §8.4 replaced this form of hold with the direction
    /// attributes: the holding side keeps its real address and sends
    /// `a=sendonly` (or `a=inactive`). The zero address also stops RTCP,
    /// has no IPv6 form, and breaks connection-oriented media. Most stacks
    /// still understand it, but not all alike: some SBCs and carriers read it
    /// as "no media" and drop the stream, or the whole call once their RTP
    /// inactivity timer expires. Some old endpoints still send it, so this is
    /// advice rather than an error.
    ///
    /// ## Example
    /// ```sdp
    /// c=IN IP4 0.0.0.0
    /// t=0 0
    /// m=audio 12020 RTP/AVP 0 101
    /// a=sendonly
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// c=IN IP4 198.51.100.20
    /// t=0 0
    /// m=audio 12020 RTP/AVP 0 101
    /// a=sendonly
    /// ```
    ///
    /// ## References
    /// - RFC 3264 §8.4 (putting a unicast media stream on hold)
    /// - RFC 2543 (the obsolete SIP that defined the zero-address hold)
    /// - RFC 6337 §5.3 (SIP offer/answer usage: hold with direction attributes)
    /// - RFC 8840 (trickle ICE writes `0.0.0.0` with port 9 until candidates arrive)
    pub(crate) const DOCS;
}

/// Reports each zero address that a live section would use.
pub(crate) fn hold_connection_address(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    let mut checked_ice = false;
    for (_, c) in live_connections(sdp) {
        let zero = c.addrtype == "IP4"
            && c.address.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_unspecified());
        if !zero {
            continue;
        }
        // Checked only once a zero address is seen: the common case costs
        // nothing.
        if !checked_ice {
            if uses_ice(sdp) {
                return;
            }
            checked_ice = true;
        }
        ctx.report(hold_connection_address_diagnostic(sdp.span_of(c.address)));
    }
}

fn hold_connection_address_diagnostic(span: Span) -> Finding {
    Finding::new(
        RuleId::HoldConnectionAddress,
        "Connection address `0.0.0.0` puts the call on hold the RFC 2543 way",
    )
    .with_label(span, "zero address: the far end sends no media here")
    .with_help("keep the real address, such as `c=IN IP4 198.51.100.20`, and put the section on hold with `a=sendonly` (or `a=inactive`)")
}
