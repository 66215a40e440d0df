//! `a=candidate` (RFC 8839 §5.1, with `tcptype` from RFC 6544 §4.5).
//!
//! ```text
//! candidate-attribute = "candidate" ":" foundation SP component-id SP
//!                       transport SP priority SP connection-address SP
//!                       port SP cand-type [SP rel-addr] [SP rel-port]
//!                       *(SP cand-extension)
//! foundation          = 1*32ice-char
//! component-id        = 1*3DIGIT
//! transport           = "UDP" / transport-extension
//! priority            = 1*10DIGIT
//! cand-type           = "typ" SP candidate-types
//! candidate-types     = "host" / "srflx" / "prflx" / "relay" / token
//! rel-addr            = "raddr" SP connection-address
//! rel-port            = "rport" SP port
//! cand-extension      = extension-att-name SP extension-att-value
//! extension-att-name  = token
//! extension-att-value = *VCHAR
//! ```
//!
//! The value starts at the foundation (`a=candidate:1 1 udp ...`); the
//! `candidate:` prefix of trickled JSON candidates is not part of it.
//! Keywords (`typ`, `raddr`, `rport`) and the candidate types are matched
//! in lower case, as libwebrtc and Firefox require and every stack writes
//! them. `raddr` without `rport` is accepted (each is optional in the
//! grammar) and both are exposed, so a rule can flag the pair.
//! Extensions (`tcptype`, `generation`, `ufrag`, `network-id`,
//! `network-cost`) are kept as written, in order, and read on demand.

use super::common::{
    address, consumed, expected, is_ice_char, is_vchar, more, number, put, put_opt, sp_keyword,
    word,
};
use crate::model::Num;
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::{complete, is_token_char, sp};

/// The type of a candidate (RFC 8445 §5.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateType<'a> {
    /// `host`: an address on the agent's own interface.
    Host,
    /// `srflx`: server reflexive, learned from a STUN server.
    ServerReflexive,
    /// `prflx`: peer reflexive, learned from a connectivity check.
    PeerReflexive,
    /// `relay`: allocated on a TURN server.
    Relayed,
    /// Another token (the grammar's extension production), as written.
    Other(&'a str),
}

impl<'a> CandidateType<'a> {
    /// The type as written in SDP.
    pub fn as_str(&self) -> &'a str {
        match *self {
            CandidateType::Host => "host",
            CandidateType::ServerReflexive => "srflx",
            CandidateType::PeerReflexive => "prflx",
            CandidateType::Relayed => "relay",
            CandidateType::Other(s) => s,
        }
    }

    fn from_token(s: &'a str) -> Self {
        match s {
            "host" => CandidateType::Host,
            "srflx" => CandidateType::ServerReflexive,
            "prflx" => CandidateType::PeerReflexive,
            "relay" => CandidateType::Relayed,
            other => CandidateType::Other(other),
        }
    }
}

/// The role of a TCP candidate (RFC 6544 §4.5 `tcptype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcpType {
    /// `active`: opens outgoing connections only.
    Active,
    /// `passive`: accepts incoming connections only.
    Passive,
    /// `so`: simultaneous open.
    SimultaneousOpen,
}

impl TcpType {
    fn from_token(s: &str) -> Option<Self> {
        Some(match s {
            "active" => TcpType::Active,
            "passive" => TcpType::Passive,
            "so" => TcpType::SimultaneousOpen,
            _ => return None,
        })
    }
}

/// `a=candidate:<foundation> <component> <transport> <priority> <address>
/// <port> typ <type> [raddr <address>] [rport <port>] [<name> <value>]...`
/// (RFC 8839 §5.1), e.g.
/// `a=candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx
/// raddr 10.0.1.1 rport 61665 generation 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// 1-32 ICE characters identifying candidates of the same base.
    pub foundation: &'a str,
    /// The component: 1 for RTP, 2 for RTCP (1-256).
    pub component: Num<'a, u16>,
    /// `UDP`, `TCP` or an extension token, case as written (Chrome writes
    /// `udp`, Firefox `UDP`; compare case-insensitively).
    pub transport: &'a str,
    /// The priority. The grammar allows ten digits; sdpcheck accepts the
    /// full `u32` range (RFC 8445 §5.1.2 caps it at 2^31-1, a rule's call).
    pub priority: Num<'a, u32>,
    /// The IP address or host name (`<uuid>.local` for mDNS candidates).
    pub address: &'a str,
    /// The port (0 and 9 appear on TCP active candidates).
    pub port: Num<'a, u16>,
    /// The candidate type after `typ`.
    pub kind: CandidateType<'a>,
    /// The related address after `raddr`.
    pub rel_addr: Option<&'a str>,
    /// The related port after `rport`.
    pub rel_port: Option<Num<'a, u16>>,
    /// The extension pairs as written (`tcptype active generation 0`),
    /// without the leading space; empty when there are none.
    pub extensions: &'a str,
}

impl<'a> Candidate<'a> {
    /// Each extension as (name, value), in order.
    pub fn extensions(&self) -> impl Iterator<Item = (&'a str, &'a str)> + use<'a> {
        let mut fields = self.extensions.split(' ').filter(|f| !f.is_empty());
        std::iter::from_fn(move || Some((fields.next()?, fields.next()?)))
    }

    /// The value of the first extension named `name`.
    pub fn extension(&self, name: &str) -> Option<&'a str> {
        self.extensions().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The `tcptype` of a TCP candidate (checked at parse time).
    pub fn tcp_type(&self) -> Option<TcpType> {
        self.extension("tcptype").and_then(TcpType::from_token)
    }

    /// Whether the transport is UDP (any case).
    pub fn is_udp(&self) -> bool {
        self.transport.eq_ignore_ascii_case("udp")
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        for (n, field) in [
            self.foundation,
            self.component.raw,
            self.transport,
            self.priority.raw,
            self.address,
            self.port.raw,
            "typ",
            self.kind.as_str(),
        ]
        .into_iter()
        .enumerate()
        {
            if n > 0 {
                out.push(b' ');
            }
            put(out, field);
        }
        if let Some(addr) = self.rel_addr {
            put(out, " raddr ");
            put(out, addr);
        }
        if let Some(port) = self.rel_port {
            put(out, " rport ");
            put(out, port.raw);
        }
        put_opt(out, b' ', (!self.extensions.is_empty()).then_some(self.extensions));
    }
}

/// Parses an `a=candidate` value.
pub(super) fn parse(value: &str) -> Result<Candidate<'_>, FieldError<'_>> {
    complete(value, candidate)
}

/// a=candidate:1 1 UDP 2130706431 10.0.1.1 8998 typ host
fn candidate(i: &str) -> PResult<'_, Candidate<'_>> {
    let (i, foundation) = foundation(i)?;
    let (i, _) = sp("component id")(i)?;
    let (i, component) = number("component id", 1, 256, &[])(i)?;
    let (i, _) = sp("transport")(i)?;
    let (i, transport) = word(is_token_char, &[], "transport")(i)?;
    let (i, _) = sp("priority")(i)?;
    let (i, priority) = number("priority", 0, u64::from(u32::MAX), &[])(i)?;
    let (i, _) = sp("connection address")(i)?;
    let (i, address) = address("connection address")(i)?;
    let (i, _) = sp("port")(i)?;
    let (i, port) = number("port", 0, u64::from(u16::MAX), &[])(i)?;
    let (i, _) = sp("`typ`")(i)?;
    let (i, kind) = cand_type(i)?;
    let (i, rel_addr) = related_address(i)?;
    let (i, rel_port) = related_port(i)?;
    let (i, extensions) = extensions(i)?;
    Ok((
        i,
        Candidate {
            foundation,
            component,
            transport,
            priority,
            address,
            port,
            kind,
            rel_addr,
            rel_port,
            extensions,
        },
    ))
}

/// `1*32ice-char`
fn foundation(i: &str) -> PResult<'_, &str> {
    let (rest, f) = word(is_ice_char, &[], "foundation (1 to 32 ICE characters)")(i)?;
    if f.len() > 32 {
        return Err(expected(f, "foundation (1 to 32 ICE characters)"));
    }
    Ok((rest, f))
}

/// typ host
fn cand_type(i: &str) -> PResult<'_, CandidateType<'_>> {
    let (i, typ) = word(is_token_char, &[], "`typ`")(i)?;
    if typ != "typ" {
        return Err(expected(typ, "`typ`"));
    }
    let (i, _) = sp("candidate type")(i)?;
    let (i, kind) = word(is_token_char, &[], "candidate type")(i)?;
    Ok((i, CandidateType::from_token(kind)))
}

/// raddr 192.0.2.1
fn related_address(i: &str) -> PResult<'_, Option<&str>> {
    let Some(after) = sp_keyword(i, "raddr") else { return Ok((i, None)) };
    let (after, _) = sp("related address")(after)?;
    let (after, addr) = address("related address")(after)?;
    Ok((after, Some(addr)))
}

/// rport 61665
fn related_port(i: &str) -> PResult<'_, Option<Num<'_, u16>>> {
    let Some(after) = sp_keyword(i, "rport") else { return Ok((i, None)) };
    let (after, _) = sp("related port")(after)?;
    let (after, port) = number("related port", 0, u64::from(u16::MAX), &[])(after)?;
    Ok((after, Some(port)))
}

/// generation 0 network-id 1
fn extensions(start: &str) -> PResult<'_, &str> {
    let mut i = start;
    loop {
        let (next, go_on) = more("extension name")(i)?;
        if !go_on {
            break;
        }
        let (next, name) = word(is_token_char, &[], "extension name")(next)?;
        let (next, _) = sp("extension value")(next)?;
        let (next, value) = word(is_vchar, &[], "extension value")(next)?;
        if name == "tcptype" && TcpType::from_token(value).is_none() {
            return Err(expected(value, "`active`, `passive` or `so`"));
        }
        i = next;
    }
    let all = consumed(start, i);
    Ok((i, all.strip_prefix(' ').unwrap_or(all)))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use super::{Candidate, CandidateType, TcpType};
    use crate::parse::error::FieldErrorKind::{Expected, NotANumber, OutOfRange, Trailing};

    fn cand(value: &str) -> Candidate<'_> {
        match ok("candidate", value) {
            AttrValue::Candidate(c) => c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn chrome_candidates() {
        let c = cand(
            "842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 10.0.1.1 rport 61665 generation 0 ufrag 8hhY network-id 1 network-cost 10",
        );
        assert_eq!(c.foundation, "842163049");
        assert_eq!(c.component.value, 1);
        assert!(c.is_udp());
        assert_eq!(c.priority.value, 1_677_729_535);
        assert_eq!((c.address, c.port.value), ("203.0.113.7", 61665));
        assert_eq!(c.kind, CandidateType::ServerReflexive);
        assert_eq!((c.rel_addr, c.rel_port.map(|p| p.value)), (Some("10.0.1.1"), Some(61665)));
        assert_eq!(c.extension("ufrag"), Some("8hhY"));
        assert_eq!(c.extensions().count(), 4);
        // mDNS host candidate
        let c = cand(
            "1467250027 1 udp 2122260223 4a1c6f3e-8a2b-4c1d-9e0f-0123456789ab.local 54400 typ host generation 0 network-id 1",
        );
        assert_eq!(c.kind, CandidateType::Host);
        assert_eq!(c.rel_addr, None);
        // TCP active
        let c = cand(
            "1 1 tcp 1518280447 192.168.1.5 9 typ host tcptype active generation 0 network-id 1",
        );
        assert_eq!(c.tcp_type(), Some(TcpType::Active));
        assert!(!c.is_udp());
        let c = cand(
            "3 1 tcp 1010827775 198.51.100.7 443 typ relay raddr 0.0.0.0 rport 0 tcptype passive",
        );
        assert_eq!(c.tcp_type(), Some(TcpType::Passive));
        assert_eq!(c.kind, CandidateType::Relayed);
        // IPv6
        cand("2 1 udp 2122262783 2001:db8::1 50000 typ host generation 0");
    }

    #[test]
    fn firefox_asterisk_freeswitch_candidates() {
        let c = cand("0 1 UDP 2122252543 192.168.1.20 56123 typ host");
        assert_eq!(c.extensions, "");
        assert!(c.is_udp());
        cand("1 1 UDP 1686052863 198.51.100.2 56123 typ srflx raddr 192.168.1.20 rport 56123");
        cand("3 1 TCP 2105524479 192.168.1.20 9 typ host tcptype active");
        // Asterisk (pjnath): hex foundations, a component-2 RTCP candidate
        cand("Hc0a80105 1 UDP 2130706431 192.168.1.5 10000 typ host");
        cand("Hc0a80105 2 UDP 2130706430 192.168.1.5 10001 typ host");
        // FreeSWITCH
        cand("0258417135 1 udp 659136 203.0.113.9 24598 typ host generation 0");
        // prflx and unknown types parse; a rule judges them.
        assert_eq!(cand("1 1 udp 1 1.2.3.4 5 typ prflx").kind, CandidateType::PeerReflexive);
        assert_eq!(cand("1 1 udp 1 1.2.3.4 5 typ nat64").kind, CandidateType::Other("nat64"));
        // Priority up to 2^32-1 (some stacks exceed 2^31-1).
        assert_eq!(cand("1 1 udp 4294967295 1.2.3.4 5 typ host").priority.value, u32::MAX);
    }

    #[test]
    fn raddr_without_rport_is_exposed() {
        let c = cand("1 1 udp 100 1.2.3.4 5 typ srflx raddr 10.0.0.1");
        assert_eq!((c.rel_addr, c.rel_port), (Some("10.0.0.1"), None));
        let c = cand("1 1 udp 100 1.2.3.4 5 typ srflx rport 9");
        assert_eq!((c.rel_addr, c.rel_port.map(|p| p.value)), (None, Some(9)));
    }

    #[test]
    fn missing_fields() {
        assert_eq!(bad("candidate", ""), (0, "", Expected("foundation (1 to 32 ICE characters)")));
        assert_eq!(bad("candidate", "1"), (1, "", Expected("component id")));
        assert_eq!(bad("candidate", "1 1"), (3, "", Expected("transport")));
        assert_eq!(bad("candidate", "1 1 udp"), (7, "", Expected("priority")));
        assert_eq!(bad("candidate", "1 1 udp 100"), (11, "", Expected("connection address")));
        assert_eq!(bad("candidate", "1 1 udp 100 1.2.3.4"), (19, "", Expected("port")));
        assert_eq!(bad("candidate", "1 1 udp 100 1.2.3.4 5"), (21, "", Expected("`typ`")));
        assert_eq!(
            bad("candidate", "1 1 udp 100 1.2.3.4 5 typ"),
            (25, "", Expected("candidate type"))
        );
        assert_eq!(bad("candidate", "1 1 udp 100 1.2.3.4 5 host"), (22, "host", Expected("`typ`")));
        assert_eq!(
            bad("candidate", "1 1 udp 100 1.2.3.4 5 TYP host"),
            (22, "TYP", Expected("`typ`"))
        );
        assert_eq!(
            bad("candidate", "1 1 udp 100 1.2.3.4 5 typ srflx raddr"),
            (37, "", Expected("related address"))
        );
        assert_eq!(
            bad("candidate", "1 1 udp 100 1.2.3.4 5 typ srflx raddr 1.1.1.1 rport"),
            (51, "", Expected("related port"))
        );
        assert_eq!(
            bad("candidate", "1 1 udp 100 1.2.3.4 5 typ host generation"),
            (41, "", Expected("extension value"))
        );
    }

    #[test]
    fn bad_numbers_and_tokens() {
        let prio = OutOfRange { what: "priority", min: 0, max: 4_294_967_295 };
        assert_eq!(
            bad("candidate", "1 1 udp 4294967296 1.2.3.4 5 typ host"),
            (8, "4294967296", prio)
        );
        assert_eq!(bad("candidate", "1 1 udp 18446744073709551615 1.2.3.4 5 typ host").2, prio);
        assert_eq!(
            bad("candidate", "1 0 udp 1 1.2.3.4 5 typ host"),
            (2, "0", OutOfRange { what: "component id", min: 1, max: 256 })
        );
        assert_eq!(
            bad("candidate", "1 257 udp 1 1.2.3.4 5 typ host").2,
            OutOfRange { what: "component id", min: 1, max: 256 }
        );
        assert_eq!(
            bad("candidate", "1 1 udp 1 1.2.3.4 70000 typ host"),
            (18, "70000", OutOfRange { what: "port", min: 0, max: 65535 })
        );
        assert_eq!(
            bad("candidate", "1 1 udp -1 1.2.3.4 5 typ host"),
            (8, "-1", NotANumber("priority"))
        );
        assert_eq!(
            bad("candidate", "1 1 udp 1 999.1.1.1 5 typ host"),
            (10, "999.1.1.1", Expected("connection address"))
        );
        assert_eq!(
            bad("candidate", &format!("{} 1 udp 1 1.2.3.4 5 typ host", "a".repeat(33))).1,
            "a".repeat(33)
        );
        assert_eq!(
            bad("candidate", "candidate:1 1 udp 1 1.2.3.4 5 typ host"),
            (9, ":", Expected("foundation (1 to 32 ICE characters)"))
        );
        assert_eq!(
            bad("candidate", "1 1 tcp 1 1.2.3.4 9 typ host tcptype client"),
            (37, "client", Expected("`active`, `passive` or `so`"))
        );
        assert_eq!(bad("candidate", "1 1 udp 1 1.2.3.4 5 typ host "), (28, " ", Trailing));
        assert_eq!(
            bad("candidate", "1 1 udp 1 1.2.3.4 5 typ host generation 0 "),
            (41, " ", Trailing)
        );
        assert_eq!(bad("candidate", "1 1 udp 1 1.2.3.4 5  typ host"), (20, " ", Expected("`typ`")));
        assert_eq!(
            bad("candidate", "1 1 udp 1 1.2.3.4 5 typ host gen é"),
            (33, "é", Expected("extension value"))
        );
    }
}
