//! Model queries the rules share: is a section live, which mids are
//! bundled, does the description use ICE or DTLS, which line is an `a=<name>`
//! attribute (well-formed or not). Each is a question about the parsed
//! description, answered the same way for every rule that asks it, so two
//! rules cannot disagree on what "uses ICE" means.
//!
//! Not a rule: rule files import this module, never each other.

use std::collections::HashSet;

use crate::model::{Connection, Line, LineKind, Media, MediaLine, SessionDescription};
use crate::parse::attribute::AttrValue;

/// True when `line` is an `a=<name>` attribute, well-formed or not. A
/// malformed line of that name still counts as present: its own finding says
/// what is wrong with it, and a second finding saying it is absent would be
/// noise (the same reasoning as `missing-connection` for `c=`).
pub(crate) fn is_attribute(line: &Line<'_>, name: &str) -> bool {
    match &line.kind {
        LineKind::Attribute(a) => a.name == name,
        LineKind::Malformed { letter: b'a', value } => value
            .strip_prefix(name.as_bytes())
            .is_some_and(|rest| rest.is_empty() || rest.first() == Some(&b':')),
        _ => false,
    }
}

/// True when the description uses ICE: a candidate or ICE credentials at
/// any level (RFC 8839 §5). A trickle-ICE offer may carry credentials and
/// no candidate yet; it still traverses NATs with ICE.
pub(crate) fn uses_ice(sdp: &SessionDescription<'_>) -> bool {
    sdp.lines().iter().any(|line| {
        ["candidate", "ice-ufrag", "ice-pwd"].iter().any(|name| is_attribute(line, name))
    })
}

/// True when the description has an `a=fingerprint` (DTLS, RFC 8122 §5) at
/// any level.
pub(crate) fn has_fingerprint(sdp: &SessionDescription<'_>) -> bool {
    sdp.lines().iter().any(|line| is_attribute(line, "fingerprint"))
}

/// The `c=` lines that give a live media section (port not 0) its address:
/// each live section's own `c=` lines, then the session-level `c=` line if
/// some live section has none of its own (RFC 8866 §5.7). A section whose
/// `c=` line is malformed has one, so it does not fall back to the session's.
pub(crate) fn live_connections<'s, 'a>(
    sdp: &'s SessionDescription<'a>,
) -> impl Iterator<Item = (&'s Line<'a>, &'s Connection<'a>)> {
    let live = move || sdp.media().filter(|m| !m.is_port_zero());
    let session_used = live().any(|m| !m.has_connection_line());
    let session = sdp.session_connection().filter(|_| session_used);
    let media = live().flat_map(|m| {
        m.lines().iter().filter_map(|line| match &line.kind {
            LineKind::Connection(c) => Some((line, c)),
            _ => None,
        })
    });
    session.into_iter().chain(media)
}

/// True when the section takes part in the session: its port is not 0, or
/// it is port 0 only because it is `a=bundle-only` (RFC 9143 §6). libwebrtc
/// and Firefox skip the other port-0 sections, which are rejected or
/// disabled (RFC 3264 §6).
pub(crate) fn is_live(media: &Media<'_, '_>) -> bool {
    !media.is_port_zero()
        || media.attributes().any(|(_, a)| matches!(a.typed, AttrValue::BundleOnly))
}

/// The mids a `BUNDLE` group lists after its first one: those sections are
/// bundled into the group's tagged section and use its transport, so its
/// ICE credentials and DTLS fingerprint (RFC 9143 §7.1.3, §8.1). libwebrtc's
/// `VerifyIceUfragPwdPresent` and `VerifyCrypto` skip exactly these.
pub(crate) fn bundled_mids<'a>(sdp: &SessionDescription<'a>) -> HashSet<&'a str> {
    let mut mids = HashSet::new();
    for (_, attr) in sdp.session_attributes() {
        if let AttrValue::Group(group) = attr.typed
            && group.semantics == "BUNDLE"
        {
            mids.extend(group.mids().skip(1));
        }
    }
    mids
}

/// The octet count of a digest, for the registered hash functions
/// (RFC 8122 §5), matched case-insensitively as hash names are.
pub(crate) fn digest_octets(hash_func: &str) -> Option<usize> {
    const TABLE: [(&str, usize); 7] = [
        ("sha-1", 20),
        ("sha-224", 28),
        ("sha-256", 32),
        ("sha-384", 48),
        ("sha-512", 64),
        ("md5", 16),
        ("md2", 16),
    ];
    TABLE.iter().find(|(name, _)| name.eq_ignore_ascii_case(hash_func)).map(|&(_, n)| n)
}

/// The first line of `lines` that is an `a=<name>` attribute, whether its
/// value parsed or not.
pub(crate) fn find_attribute_line<'s, 'a>(
    lines: &'s [Line<'a>],
    name: &str,
) -> Option<&'s Line<'a>> {
    lines.iter().find(|line| attribute_name(line) == Some(name.as_bytes()))
}

/// The name of an `a=` line: the parsed name, or for a line whose value
/// broke its grammar, the text before its first `:`. A malformed
/// `a=ice-ufrag` or `a=fingerprint` has had its own finding from the parser;
/// counting it as present keeps a second, misleading "missing" finding away.
pub(crate) fn attribute_name<'a>(line: &Line<'a>) -> Option<&'a [u8]> {
    match &line.kind {
        LineKind::Attribute(a) => Some(a.name.as_bytes()),
        LineKind::Malformed { letter: b'a', value } => {
            let value: &'a [u8] = value;
            value.split(|&b| b == b':').next()
        }
        _ => None,
    }
}

/// True when the protocol runs over DTLS or TLS and so authenticates the
/// peer's certificate by fingerprint: `UDP/TLS/RTP/SAVPF`, `UDP/DTLS/SCTP`,
/// `DTLS/SCTP`, `TCP/DTLS/SCTP`, `TCP/TLS/RTP/SAVP`... Case is ignored: a
/// protocol spelled in odd case still runs DTLS and still needs a
/// fingerprint.
pub(crate) fn uses_dtls(proto: &str) -> bool {
    proto
        .split('/')
        .any(|part| part.eq_ignore_ascii_case("DTLS") || part.eq_ignore_ascii_case("TLS"))
}

/// The RTP sections of a description with their parsed `m=` lines: the
/// sections whose formats are payload types (RFC 8866 §5.14), which the
/// codec rules walk. A section whose `m=` line did not parse has its own
/// finding and is skipped.
pub(crate) fn rtp_sections<'s, 'a>(
    sdp: &'s SessionDescription<'a>,
) -> impl Iterator<Item = (Media<'s, 'a>, &'s MediaLine<'a>)> {
    sdp.media().filter_map(|media| {
        let m = media.media_line().filter(|m| m.is_rtp())?;
        Some((media, m))
    })
}

#[cfg(test)]
mod tests {
    use super::uses_dtls;

    #[test]
    fn dtls_protocols() {
        for proto in [
            "UDP/TLS/RTP/SAVPF",
            "UDP/TLS/RTP/SAVP",
            "TCP/TLS/RTP/SAVPF",
            "UDP/DTLS/SCTP",
            "TCP/DTLS/SCTP",
            "DTLS/SCTP",
            "udp/tls/rtp/savpf",
        ] {
            assert!(uses_dtls(proto), "{proto}");
        }
        for proto in ["RTP/AVP", "RTP/SAVP", "RTP/SAVPF", "RTP/AVPF", "udp", "TLSX/RTP"] {
            assert!(!uses_dtls(proto), "{proto}");
        }
    }
}
