//! `private-connection-address`: a media address the far end cannot reach
//! across a NAT, in a description without ICE.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::finding::Finding;
use crate::model::{LineKind, SessionDescription};
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::helpers::{live_connections, uses_ice};
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a media address the far end cannot reach (loopback, link-local,
    /// carrier-grade NAT, or private next to a public address) in a
    /// description without ICE.
    ///
    /// Loopback (`127.0.0.0/8`, `::1`), link-local (`169.254.0.0/16`,
    /// `fe80::/10`) and carrier-grade NAT (`100.64.0.0/10`) addresses are
    /// always reported. A private address (RFC 1918 `10/8`, `172.16/12`,
    /// `192.168/16`, IPv6 unique local `fc00::/7`) is correct between hosts
    /// of one network, and a single description cannot tell a LAN call from
    /// one through a NAT; so it is reported only when the same description also
    /// shows a public address (in `o=`, another `c=`, or `a=rtcp`): the trace
    /// of an SBC, a SIP ALG or a PBX setting that rewrote the signalling
    /// address but not the media address. `0.0.0.0` is the hold address and
    /// is left to `hold-connection-address`.
    ///
    /// ## Why is this bad?
    /// The far end sends its RTP to the `c=` address and the `m=` port. A
    /// private address is not routed on the internet, so that RTP is lost:
    /// the party behind the NAT hears nothing while the far end hears them
    /// (one-way audio), or nobody hears anything when both sides do the same.
    /// The call itself is set up normally, with a `200 OK`. It still works
    /// when the far end does symmetric RTP,
    /// also called latching (RFC 4961, RFC 7362): it sends to the address the
    /// RTP really comes from. Asterisk does that with `rtp_symmetric=yes`
    /// (with `force_rport=yes` for the signalling), `FreeSWITCH` with its RTP
    /// auto-adjust, and most SBCs do it towards their access side; a trunk
    /// that sends strictly to the `c=` address does not.
    ///
    /// ICE (RFC 8839) solves the problem with server-reflexive and relay
    /// candidates, so a description with candidates or ICE credentials is
    /// not reported. RFC 8866 allows any unicast address in `c=`; the fault
    /// is in the deployment, hence a warning.
    ///
    /// ## Example
    /// ```sdp
    /// o=- 739201846 739201848 IN IP4 203.0.113.23
    /// s=-
    /// c=IN IP4 192.168.1.23
    /// t=0 0
    /// m=audio 17236 RTP/AVP 8 101
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// o=- 739201846 739201848 IN IP4 203.0.113.23
    /// s=-
    /// c=IN IP4 203.0.113.23
    /// t=0 0
    /// m=audio 17236 RTP/AVP 8 101
    /// ```
    /// In Asterisk set `external_media_address` (and `local_net`) on the
    /// PJSIP transport; in `FreeSWITCH` set `ext-rtp-ip` on the SIP profile.
    ///
    /// ## References
    /// - RFC 8866 §5.7 (the `c=` address is where media is sent)
    /// - RFC 1918 (private IPv4), RFC 6598 (`100.64.0.0/10` shared address space)
    /// - RFC 4193 (IPv6 unique local), RFC 4291 §2.5.6 (IPv6 link-local), RFC 3927 (IPv4 link-local)
    /// - RFC 4961 (symmetric RTP), RFC 7362 (latching)
    /// - RFC 8839 (ICE in SDP)
    pub(crate) const DOCS;
}

/// Reports each unreachable address a live section would receive media on.
pub(crate) fn private_connection_address(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    // Decided lazily: most descriptions have no private address at all.
    let mut checked_ice = false;
    let mut public: Option<Option<&str>> = None;
    for (_, c) in live_connections(sdp) {
        let Some(reach) = reach(c.address) else { continue };
        if !checked_ice {
            if uses_ice(sdp) {
                return;
            }
            checked_ice = true;
        }
        let span = sdp.span_of(c.address);
        match reach {
            Reach::Unreachable(what) => {
                ctx.report(private_connection_address_diagnostic(span, c.address, what, None));
            }
            Reach::Private(what) => {
                let evidence = *public.get_or_insert_with(|| public_address(sdp));
                if let Some(public) = evidence {
                    let evidence = Some((sdp.span_of(public), public));
                    ctx.report(private_connection_address_diagnostic(
                        span, c.address, what, evidence,
                    ));
                }
            }
        }
    }
}

/// Why an address cannot be reached from another network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Correct inside one network, wrong across a NAT.
    Private(&'static str),
    /// Wrong for any peer on another host or behind another NAT.
    Unreachable(&'static str),
}

/// Classifies an address; `None` for public, unspecified, multicast and
/// host names (only IP literals can be judged).
fn reach(address: &str) -> Option<Reach> {
    match address.parse::<IpAddr>().ok()? {
        IpAddr::V4(ip) => reach_v4(ip),
        IpAddr::V6(ip) => reach_v6(ip),
    }
}

fn reach_v4(ip: Ipv4Addr) -> Option<Reach> {
    let [a, b, ..] = ip.octets();
    if ip.is_private() {
        Some(Reach::Private("a private (RFC 1918)"))
    } else if a == 100 && (64..128).contains(&b) {
        Some(Reach::Unreachable("a carrier-grade NAT (RFC 6598)"))
    } else if ip.is_loopback() {
        Some(Reach::Unreachable("a loopback"))
    } else if ip.is_link_local() {
        Some(Reach::Unreachable("a link-local (RFC 3927)"))
    } else {
        None
    }
}

fn reach_v6(ip: Ipv6Addr) -> Option<Reach> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return reach_v4(v4);
    }
    let first = ip.segments()[0];
    if ip.is_loopback() {
        Some(Reach::Unreachable("a loopback"))
    } else if first & 0xffc0 == 0xfe80 {
        Some(Reach::Unreachable("a link-local (RFC 4291)"))
    } else if first & 0xfe00 == 0xfc00 {
        Some(Reach::Private("a unique local (RFC 4193)"))
    } else {
        None
    }
}

/// True for an address that is routed on the internet (documentation
/// ranges included: they stand for public addresses in examples).
fn is_public(address: &str) -> bool {
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => {
            !(ip.is_unspecified() || ip.is_multicast() || ip.is_broadcast() || ip.octets()[0] == 0)
                && reach_v4(ip).is_none()
        }
        Ok(IpAddr::V6(ip)) => !(ip.is_unspecified() || ip.is_multicast()) && reach_v6(ip).is_none(),
        Err(_) => false,
    }
}

/// The first public address the description shows: in `o=`, a `c=` line
/// (used or not) or an `a=rtcp` line.
fn public_address<'a>(sdp: &SessionDescription<'a>) -> Option<&'a str> {
    sdp.lines().iter().find_map(|line| {
        let address = match &line.kind {
            LineKind::Origin(o) => o.address,
            LineKind::Connection(c) => c.address,
            LineKind::Attribute(a) => match &a.typed {
                AttrValue::Rtcp(r) => r.address?.address,
                _ => return None,
            },
            _ => return None,
        };
        is_public(address).then_some(address)
    })
}

fn private_connection_address_diagnostic(
    span: Span,
    address: &str,
    what: &str,
    public: Option<(Span, &str)>,
) -> Finding {
    let help = "advertise the public media address (Asterisk: `external_media_address` and `local_net` on the transport; FreeSWITCH: `ext-rtp-ip`), or make the far end latch on to the RTP source (Asterisk: `rtp_symmetric=yes` and `force_rport=yes`)";
    match public {
        Some((public_span, public)) => Finding::new(
            RuleId::PrivateConnectionAddress,
            format!(
                "Media address `{}` is {what} address, but this description also shows public `{}` and has no ICE",
                shown(address),
                shown(public)
            ),
        )
        .with_label(span, "the far end cannot send RTP here across the NAT")
        .with_label(public_span, "public address: this description crossed a NAT")
        .with_help(help),
        None => Finding::new(
            RuleId::PrivateConnectionAddress,
            format!(
                "Media address `{}` is {what} address, unreachable from the far end, and there is no ICE",
                shown(address)
            ),
        )
        .with_label(span, "the far end cannot send RTP here")
        .with_help(help),
    }
}

#[cfg(test)]
mod tests {
    use super::{Reach, is_public, reach};

    #[test]
    fn ranges_end_where_their_rfcs_say() {
        for public in [
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "192.0.2.1",
            "2001:db8::1",
        ] {
            assert_eq!(reach(public), None, "{public}");
            assert!(is_public(public), "{public}");
        }
        for private in [
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.254",
            "192.168.0.1",
            "fd00::1",
            "fc00::1",
            "::ffff:10.1.2.3",
        ] {
            assert!(matches!(reach(private), Some(Reach::Private(_))), "{private}");
        }
        for unreachable in [
            "100.64.0.1",
            "100.127.255.254",
            "127.0.0.2",
            "169.254.1.1",
            "::1",
            "fe80::1",
            "febf::1",
        ] {
            assert!(matches!(reach(unreachable), Some(Reach::Unreachable(_))), "{unreachable}");
        }
        for neither in ["0.0.0.0", "::", "233.252.0.1", "ff0e::101", "pbx.example.com"] {
            assert_eq!(reach(neither), None, "{neither}");
            assert!(!is_public(neither), "{neither}");
        }
    }
}
