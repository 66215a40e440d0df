//! `a=rtcp` (RFC 3605 §2.1): the RTCP port, and address, when it is not
//! the RTP port + 1.
//!
//! ```text
//! rtcp-attribute = "a=rtcp:" port [nettype SP addrtype SP
//!                  connection-address] CRLF
//! ```
//!
//! The RFC's ABNF omits the SP between the port and the network type; its
//! own example (`a=rtcp:53020 IN IP4 126.16.64.4`) and every stack write
//! one, so one is required. `a=rtcp-mux` is a property attribute (see
//! `flag`).

use super::common::{address, check_address_type, more, number, put, word};
use crate::model::Num;
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::{complete, is_token_char, sp};

/// `a=rtcp:<port> [<nettype> <addrtype> <address>]` (RFC 3605 §2.1), e.g.
/// `a=rtcp:9 IN IP4 0.0.0.0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rtcp<'a> {
    /// The RTCP port.
    pub port: Num<'a, u16>,
    /// The RTCP address, when given.
    pub address: Option<RtcpAddress<'a>>,
}

/// The address part of an `a=rtcp` line, shaped like a `c=` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RtcpAddress<'a> {
    /// `IN`.
    pub nettype: &'a str,
    /// `IP4` or `IP6` (or an extension token).
    pub addrtype: &'a str,
    /// The address or host name, checked against the address type.
    pub address: &'a str,
}

impl Rtcp<'_> {
    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.port.raw);
        if let Some(a) = self.address {
            for field in [a.nettype, a.addrtype, a.address] {
                out.push(b' ');
                put(out, field);
            }
        }
    }
}

/// Parses an `a=rtcp` value.
pub(super) fn parse(value: &str) -> Result<Rtcp<'_>, FieldError<'_>> {
    complete(value, rtcp)
}

/// a=rtcp:9 IN IP4 0.0.0.0
fn rtcp(i: &str) -> PResult<'_, Rtcp<'_>> {
    let (i, port) = number("port", 0, u64::from(u16::MAX), &[])(i)?;
    let (i, has_address) = more("network type (`IN`)")(i)?;
    if !has_address {
        return Ok((i, Rtcp { port, address: None }));
    }
    let (i, nettype) = word(is_token_char, &[], "network type (`IN`)")(i)?;
    let (i, _) = sp("address type")(i)?;
    let (i, addrtype) = word(is_token_char, &[], "address type (`IP4` or `IP6`)")(i)?;
    let (i, _) = sp("connection address")(i)?;
    let (i, addr) = address("connection address")(i)?;
    check_address_type(addrtype, addr)?;
    Ok((i, Rtcp { port, address: Some(RtcpAddress { nettype, addrtype, address: addr }) }))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use crate::parse::error::FieldErrorKind::{Expected, NotANumber, OutOfRange, Trailing};

    #[test]
    fn field_lines_parse() {
        let AttrValue::Rtcp(r) = ok("rtcp", "9 IN IP4 0.0.0.0") else { panic!() };
        assert_eq!(r.port.value, 9);
        assert_eq!(r.address.map(|a| a.address), Some("0.0.0.0"));
        let AttrValue::Rtcp(r) = ok("rtcp", "10001") else { panic!() };
        assert_eq!((r.port.value, r.address), (10001, None));
        ok("rtcp", "53020 IN IP6 2001:db8::1");
        ok("rtcp", "53020 IN IP4 rtcp.example.com");
    }

    #[test]
    fn malformed_values() {
        assert_eq!(
            bad("rtcp", "99999"),
            (0, "99999", OutOfRange { what: "port", min: 0, max: 65535 })
        );
        assert_eq!(bad("rtcp", "x"), (0, "x", NotANumber("port")));
        assert_eq!(bad("rtcp", "9 "), (1, " ", Trailing));
        assert_eq!(bad("rtcp", "9 IN"), (4, "", Expected("address type")));
        assert_eq!(bad("rtcp", "9 IN IP4"), (8, "", Expected("connection address")));
        assert_eq!(bad("rtcp", "9 IN IP4 1.2.3"), (9, "1.2.3", Expected("connection address")));
        assert_eq!(
            bad("rtcp", "9 IN IP6 1.2.3.4"),
            (9, "1.2.3.4", Expected("an IPv6 address or a host name"))
        );
        assert_eq!(
            bad("rtcp", "9 IN IP4 ::1"),
            (9, "::1", Expected("an IPv4 address or a host name"))
        );
        assert_eq!(bad("rtcp", "9 IN IP4 0.0.0.0 "), (16, " ", Trailing));
    }
}
