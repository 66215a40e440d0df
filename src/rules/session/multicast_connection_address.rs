//! `multicast-connection-address`: a multicast group in a WebRTC `c=` line.

use std::net::IpAddr;

use crate::finding::Finding;
use crate::model::{Connection, LineKind, SessionDescription};
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a `c=` line with a multicast address (IPv4 `224.0.0.0/4`, IPv6
    /// `ff00::/8`) in a description judged as WebRTC.
    ///
    /// Every `c=` line is checked, at session level and in every media
    /// section, rejected ones included: browsers parse them all.
    ///
    /// ## Why is this bad?
    /// WebRTC media is unicast only: ICE pairs one transport address with
    /// another (RFC 8445) and DTLS-SRTP keys one association per pair, so
    /// there is no way to join a multicast group. Chrome and Safari
    /// (libwebrtc) refuse the description in `setRemoteDescription` with
    /// `Failed to parse the connection data. Multicast is not currently
    /// supported.` as soon as a `c=` address carries the `/ttl` that IPv4
    /// multicast requires. The description typically comes from an IPTV or
    /// paging system (RFC 8866 §5.7 multicast sessions) handed to a browser
    /// unchanged; the browser needs a gateway or an SFU that receives the
    /// group and forwards it over unicast.
    ///
    /// Browser errors for this fault, as `setRemoteDescription` reports them
    /// (`sdpcheck explain "<error>"` finds this rule from any of them):
    ///
    /// - Chrome, Safari (libwebrtc, `pc/webrtc_sdp.cc`), after `Failed to parse
    ///   SessionDescription.` and the line: `Failed to parse the connection
    ///   data. Multicast is not currently supported.`
    ///
    /// Measured with the browser harness: libwebrtc refuses any `/ttl` or
    /// `/count` suffix in `c=` (`Failed to parse the connection data. Multicast is
    /// not currently supported.`), not the group address itself; Firefox ESR 153
    /// accepts every multicast form. The finding names Chromium only when the
    /// address has a suffix.
    ///
    /// ## Example
    /// ```sdp
    /// c=IN IP4 233.252.0.1/127
    /// t=0 0
    /// m=audio 50000 UDP/TLS/RTP/SAVPF 111
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// c=IN IP4 203.0.113.9
    /// t=0 0
    /// m=audio 50000 UDP/TLS/RTP/SAVPF 111
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.7 (multicast connection addresses, `/ttl` and `/count`)
    /// - RFC 8445 (ICE pairs unicast transport addresses)
    /// - RFC 8827 §6.5 (WebRTC media is DTLS-SRTP over ICE)
    /// - RFC 5771 (IPv4 multicast), RFC 4291 §2.7 (IPv6 multicast)
    pub(crate) const DOCS;
}

/// Reports each `c=` line whose address is a multicast group.
pub(crate) fn multicast_connection_address(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for line in sdp.lines() {
        let LineKind::Connection(c) = &line.kind else { continue };
        let multicast = match c.address.parse::<IpAddr>() {
            Ok(ip) => ip.is_multicast(),
            Err(_) => false,
        };
        if multicast {
            // libwebrtc refuses any `/ttl` or `/count` suffix ("Multicast is
            // not currently supported"), not the group address itself;
            // Firefox accepts both (probes `c-ipv4-multicast-ttl`,
            // `c-ipv6-multicast`, `c-ipv4-multicast-no-ttl`).
            let suffixed = c.ttl.is_some() || c.count.is_some();
            let finding = multicast_connection_address_diagnostic(group_span(sdp, c), c.address);
            ctx.report(if suffixed {
                finding.with_stacks(crate::registry::said::ADDRESS_SUFFIX)
            } else {
                finding.with_stacks(&[])
            });
        }
    }
}

/// The address with its `/ttl` and `/count` suffixes: the whole group.
fn group_span(sdp: &SessionDescription<'_>, c: &Connection<'_>) -> Span {
    let mut span = sdp.span_of(c.address);
    for raw in [c.ttl.map(|t| t.raw), c.count.map(|n| n.raw)].into_iter().flatten() {
        span = span.cover(sdp.span_of(raw));
    }
    span
}

fn multicast_connection_address_diagnostic(span: Span, address: &str) -> Finding {
    Finding::new(
        RuleId::MulticastConnectionAddress,
        format!("Connection address `{}` is a multicast group", shown(address)),
    )
    .with_label(span, "multicast group: WebRTC media is unicast only")
    .with_help("give the unicast address of the peer or media server, such as `c=IN IP4 203.0.113.9`, and forward the multicast stream through a gateway or SFU")
}
