//! `fqdn-connection-address`: a host name instead of an IP address in `c=`.

use std::net::IpAddr;

use crate::finding::Finding;
use crate::model::LineKind;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a `c=` line whose address is a host name rather than an IP
    /// address, in a description judged as WebRTC.
    ///
    /// Every `c=` line is checked, at session level and in every media
    /// section, rejected ones included: browsers parse them all.
    ///
    /// ## Why is this bad?
    /// RFC 8866 §5.7 allows a fully qualified domain name in `c=`, but WebRTC
    /// stacks never resolve one. Firefox's SDP parser (sipcc) reads the first
    /// characters of an `IP4` address as a number, so it refuses a name that
    /// does not start with a digit: `setRemoteDescription` fails with `Error parsing address <first three
    /// characters> for mcast.`. Chrome and Safari (libwebrtc) accept the line
    /// but drop the name, so the default address is simply lost; and ICE
    /// verifies that the `c=` address is one of the candidates (RFC 8839
    /// §4.2), which a name can never be. The usual cause is a gateway that
    /// writes its configured host name, or an mDNS `.local` name copied from
    /// a host candidate: browsers put mDNS names only in `a=candidate` lines
    /// and write `c=IN IP4 0.0.0.0` when such a candidate is the default.
    ///
    /// Measured with the browser harness: Firefox ESR 153 refuses a host name
    /// (`SIPCC Failed to parse SDP: SDP Parse Error on line 9:  Error parsing
    /// address med for mcast.`), Chromium 156 accepts it, and both accept an mDNS
    /// `.local` name; only the host-name finding names a browser (Firefox).
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 50000 UDP/TLS/RTP/SAVPF 111
    /// c=IN IP4 media.example.com
    /// a=candidate:1 1 udp 2122260223 203.0.113.9 50000 typ host
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 50000 UDP/TLS/RTP/SAVPF 111
    /// c=IN IP4 203.0.113.9
    /// a=candidate:1 1 udp 2122260223 203.0.113.9 50000 typ host
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.7 (`c=` may hold an FQDN; WebRTC is stricter)
    /// - RFC 8839 §4.2 (the `c=` address and `m=` port are the default candidate)
    /// - RFC 9429 §5.8 (JSEP: `c=` is parsed but candidates carry the addresses)
    /// - draft-ietf-mmusic-mdns-ice-candidates (mDNS names appear only in candidates)
    pub(crate) const DOCS;
}

/// Reports each `c=` line that names a host.
pub(crate) fn fqdn_connection_address(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for line in sdp.lines() {
        let LineKind::Connection(c) = &line.kind else { continue };
        // Only IP4 and IP6 define the address as an IP literal; an extension
        // address type takes any string (RFC 8866 §5.7).
        if !matches!(c.addrtype, "IP4" | "IP6") || c.address.parse::<IpAddr>().is_ok() {
            continue;
        }
        ctx.report(fqdn_connection_address_diagnostic(sdp.span_of(c.address), c.address));
    }
}

fn fqdn_connection_address_diagnostic(span: Span, name: &str) -> Finding {
    // Firefox (SIPCC) refuses a host name in `c=` ("Error parsing address
    // ... for mcast"); both browsers accept an mDNS name there, and
    // libwebrtc accepts any name (probes `c-hostname`, `c-mdns`).
    let (stacks, label) = if is_mdns(name) {
        (&[][..], "an mDNS name: both browsers accept it, RFC 8866 §5.7 wants an IP address")
    } else {
        (crate::registry::said::HOST_NAME, "Firefox rejects a host name here; Chromium accepts it")
    };
    let help = if is_mdns(name) {
        "write `c=IN IP4 0.0.0.0`: an mDNS name belongs only in `a=candidate` lines"
    } else {
        "write the IP address media is sent to, such as `c=IN IP4 203.0.113.9`, or `c=IN IP4 0.0.0.0` when the addresses come in ICE candidates"
    };
    Finding::new(
        RuleId::FqdnConnectionAddress,
        format!("Connection address `{}` is a host name, not an IP address", shown(name)),
    )
    .with_label(span, label)
    .with_help(help)
    .with_stacks(stacks)
}

/// True for an mDNS name (RFC 6762 §3: the `.local.` domain).
fn is_mdns(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    name.len() > 6
        && name.get(name.len() - 6..).is_some_and(|tail| tail.eq_ignore_ascii_case(".local"))
}

#[cfg(test)]
mod tests {
    use super::is_mdns;

    #[test]
    fn mdns_names_end_in_local() {
        assert!(is_mdns("3c8a07e2-4b1d-4e2a-9f0c-6d5e4a3b2c1d.local"));
        assert!(is_mdns("host.LOCAL."));
        assert!(!is_mdns(".local"));
        assert!(!is_mdns("media.example.com"));
        assert!(!is_mdns("notlocal"));
    }
}
