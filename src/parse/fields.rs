//! Grammars of the line types other than `a=` (RFC 8866 §5 and §9, plus
//! RFC 4566 §5.12 `k=`).
//!
//! Each function reads one line's value (the text after `<type>=`) and
//! returns its typed form, or a [`FieldError`] on the exact token that broke
//! the grammar. Called only from `parse::mod`, one line at a time.

use std::net::{Ipv4Addr, Ipv6Addr};

use nom::Parser;
use nom::bytes::complete::take_while1;
use nom::combinator::{cut, opt};
use nom::sequence::preceded;

use super::error::{FieldError, FieldErrorKind, PResult};
use super::grammar::{
    complete, decimal, decimal_until, decimal_value, literal, non_ws, rest1, sp, token,
};
use crate::model::{
    Bandwidth, Connection, Key, MediaLine, Num, Origin, Repeat, Timing, Version, ZoneAdjustments,
};

/// The grammar form of each line type, quoted in help lines.
pub(crate) fn form(letter: u8) -> &'static str {
    match letter {
        b'v' => "v=0",
        b'o' => {
            "o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>, e.g. `o=- 4611731400430051336 2 IN IP4 127.0.0.1`"
        }
        b's' => "s=<session name>, at least one character; `s=-` when there is none",
        b'i' => "i=<session or media information>",
        b'u' => "u=<uri>",
        b'e' => "e=<email-address>, e.g. `e=j.doe@example.com (Jane Doe)`",
        b'p' => "p=<phone-number>, e.g. `p=+1 617 555-6011`",
        b'c' => "c=<nettype> <addrtype> <connection-address>, e.g. `c=IN IP4 203.0.113.1`",
        b'b' => "b=<bwtype>:<bandwidth>, e.g. `b=AS:256`",
        b't' => "t=<start-time> <stop-time>, e.g. `t=0 0`",
        b'r' => {
            "r=<repeat interval> <active duration> <offsets from start-time>, e.g. `r=7d 1h 0 25h`"
        }
        b'z' => "z=<adjustment time> <offset> ..., e.g. `z=2882844526 -1h 2898848070 0`",
        b'k' => "k=<method>[:<encryption key>] with method `clear`, `base64`, `uri` or `prompt`",
        b'm' => {
            "m=<media> <port>[/<number of ports>] <proto> <fmt> ..., e.g. `m=audio 49170 RTP/AVP 0 8 101`"
        }
        b'a' => "a=<attribute-name>[:<attribute-value>]",
        _ => "<type>=<value>",
    }
}

/// `v=0`
pub(crate) fn version(value: &str) -> Result<Version<'_>, FieldError<'_>> {
    complete(value, |i| {
        let (i, (raw, v)) = decimal::<u32>("protocol version")(i)?;
        Ok((i, Version { version: Num { raw, value: v } }))
    })
}

/// `o=- 4611731400430051336 2 IN IP4 127.0.0.1`
pub(crate) fn origin(value: &str) -> Result<Origin<'_>, FieldError<'_>> {
    complete(value, |i| {
        let (i, username) = non_ws("username (`-` if none)")(i)?;
        let (i, _) = sp("session id")(i)?;
        let (i, sess_id) = digits("session id")(i)?;
        let (i, _) = sp("session version")(i)?;
        let (i, sess_version) = digits("session version")(i)?;
        let (i, _) = sp("network type")(i)?;
        let (i, nettype) = token("network type (`IN`)")(i)?;
        let (i, _) = sp("address type")(i)?;
        let (i, addrtype) = token("address type (`IP4` or `IP6`)")(i)?;
        let (i, _) = sp("unicast address")(i)?;
        let (i, address) = non_ws("unicast address")(i)?;
        check_unicast(addrtype, address)?;
        Ok((i, Origin { username, sess_id, sess_version, nettype, addrtype, address }))
    })
}

/// RFC 8866 §9 `sess-id = 1*DIGIT`: any length, so the digits are kept as
/// text rather than squeezed into a u64 that 20+ digit ids would overflow.
fn digits<'a>(what: &'static str) -> impl Fn(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| {
        let (after, tok) = non_ws(what)(i)?;
        if !tok.bytes().all(|b| b.is_ascii_digit()) {
            return Err(nom::Err::Error(FieldError::at(tok, FieldErrorKind::NotANumber(what))));
        }
        Ok((after, tok))
    }
}

/// `c=IN IP4 203.0.113.1`, `c=IN IP4 233.252.0.1/127/2`, `c=IN IP6 ff15::101/3`
pub(crate) fn connection(value: &str) -> Result<Connection<'_>, FieldError<'_>> {
    complete(value, |i| {
        let (i, nettype) = token("network type (`IN`)")(i)?;
        let (i, _) = sp("address type")(i)?;
        let (i, addrtype) = token("address type (`IP4` or `IP6`)")(i)?;
        let (i, _) = sp("connection address")(i)?;
        let (i, address) = take_while1(|c: char| c != '/' && c != ' ').parse(i).map_err(
            |_: nom::Err<FieldError<'_>>| {
                nom::Err::Error(FieldError::expected(i, "connection address"))
            },
        )?;
        let multicast = check_connection_address(addrtype, address)?;
        let (i, first) = opt(preceded(
            literal("/", "`/`"),
            cut(decimal_until::<u32>("TTL or number of addresses", &['/'])),
        ))
        .parse(i)?;
        let (i, second) =
            opt(preceded(literal("/", "`/`"), cut(decimal::<u32>("number of addresses"))))
                .parse(i)?;
        let (ttl, count) = connection_suffixes(addrtype, multicast, first, second)?;
        Ok((i, Connection { nettype, addrtype, address, ttl, count }))
    })
}

/// The TTL and address count of a multicast `c=` address.
type MulticastSuffixes<'a> = (Option<Num<'a, u8>>, Option<Num<'a, u32>>);

/// RFC 8866 §5.7: IPv4 multicast takes `/ttl[/count]`, IPv6 multicast takes
/// `/count`, and unicast addresses take neither.
fn connection_suffixes<'a>(
    addrtype: &str,
    multicast: bool,
    first: Option<(&'a str, u32)>,
    second: Option<(&'a str, u32)>,
) -> Result<MulticastSuffixes<'a>, nom::Err<FieldError<'a>>> {
    let Some((raw, value)) = first else { return Ok((None, None)) };
    if !multicast {
        return Err(nom::Err::Error(FieldError::at(
            raw,
            FieldErrorKind::Expected(
                "no `/` suffix: TTL and address counts are for multicast only",
            ),
        )));
    }
    if addrtype == "IP4" {
        let ttl = decimal_value::<u8>(raw, "TTL", 0, 255)?;
        let count = match second {
            Some((raw, value)) => {
                decimal_value::<u32>(raw, "number of addresses", 1, u64::from(u32::MAX))?;
                Some(Num { raw, value })
            }
            None => None,
        };
        Ok((Some(Num { raw, value: ttl }), count))
    } else {
        if let Some((raw, _)) = second {
            return Err(nom::Err::Error(FieldError::at(
                raw,
                FieldErrorKind::Expected("end of line: IPv6 multicast takes only `/<count>`"),
            )));
        }
        decimal_value::<u32>(raw, "number of addresses", 1, u64::from(u32::MAX))?;
        Ok((None, Some(Num { raw, value })))
    }
}

/// Checks an address against its address type; returns whether it is multicast.
fn check_connection_address<'a>(
    addrtype: &str,
    address: &'a str,
) -> Result<bool, nom::Err<FieldError<'a>>> {
    match addrtype {
        "IP4" => {
            if let Ok(ip) = address.parse::<Ipv4Addr>() {
                return Ok(ip.is_multicast());
            }
            check_fqdn_or(address, "an IPv4 address or a host name")?;
            Ok(false)
        }
        "IP6" => {
            if let Ok(ip) = address.parse::<Ipv6Addr>() {
                return Ok(ip.is_multicast());
            }
            check_fqdn_or(address, "an IPv6 address or a host name")?;
            Ok(false)
        }
        // extn-addrtype: the address is any non-ws-string.
        _ => Ok(false),
    }
}

fn check_unicast<'a>(addrtype: &str, address: &'a str) -> Result<(), nom::Err<FieldError<'a>>> {
    match addrtype {
        "IP4" if address.parse::<Ipv4Addr>().is_ok() => Ok(()),
        "IP6" if address.parse::<Ipv6Addr>().is_ok() => Ok(()),
        "IP4" => check_fqdn_or(address, "an IPv4 address or a host name"),
        "IP6" => check_fqdn_or(address, "an IPv6 address or a host name"),
        _ => Ok(()),
    }
}

/// RFC 8866 §9 `FQDN = 4*(alpha-numeric / "-" / ".")`. Anything made only of
/// digits and dots was meant as an IPv4 address, and is not a host name.
fn check_fqdn_or<'a>(address: &'a str, what: &'static str) -> Result<(), nom::Err<FieldError<'a>>> {
    let fqdn_chars = address.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let looks_numeric = address.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b':');
    if fqdn_chars && address.len() >= 4 && !looks_numeric {
        Ok(())
    } else {
        Err(nom::Err::Error(FieldError::at(address, FieldErrorKind::Expected(what))))
    }
}

/// `b=AS:256`
pub(crate) fn bandwidth(value: &str) -> Result<Bandwidth<'_>, FieldError<'_>> {
    complete(value, |i| {
        let (i, bwtype) = take_while1(|c: char| super::grammar::is_token_char(c) && c != ':')
            .parse(i)
            .map_err(|_: nom::Err<FieldError<'_>>| {
                nom::Err::Error(FieldError::expected(i, "bandwidth type (`AS`, `CT`, `TIAS`)"))
            })?;
        let (i, _) = literal(":", "`:` after the bandwidth type")(i)?;
        let (i, (raw, v)) = decimal::<u64>("bandwidth")(i)?;
        Ok((i, Bandwidth { bwtype, bandwidth: Num { raw, value: v } }))
    })
}

/// `t=3034423619 3042462419`
pub(crate) fn timing(value: &str) -> Result<Timing<'_>, FieldError<'_>> {
    complete(value, |i| {
        let (i, (raw, v)) = decimal::<u64>("start time")(i)?;
        let start = Num { raw, value: v };
        let (i, _) = sp("stop time")(i)?;
        let (i, (raw, v)) = decimal::<u64>("stop time")(i)?;
        Ok((i, Timing { start, stop: Num { raw, value: v } }))
    })
}

/// RFC 8866 §9 `typed-time = 1*DIGIT [fixed-len-time-unit]`, units `d h m s`.
fn typed_time<'a>(
    tok: &'a str,
    what: &'static str,
    signed: bool,
) -> Result<(), nom::Err<FieldError<'a>>> {
    let unsigned = if signed { tok.strip_prefix('-').unwrap_or(tok) } else { tok };
    let digits = unsigned.strip_suffix(['d', 'h', 'm', 's']).unwrap_or(unsigned);
    decimal_value::<u64>(digits, what, 0, u64::MAX).map(|_| ())
}

/// `r=604800 3600 0 90000`
pub(crate) fn repeat(value: &str) -> Result<Repeat<'_>, FieldError<'_>> {
    complete(value, |i| {
        let mut rest = i;
        let mut count = 0usize;
        loop {
            let what = match count {
                0 => "repeat interval",
                1 => "active duration",
                _ => "offset from start time",
            };
            let (after, tok) = non_ws(what)(rest)?;
            typed_time(tok, what, false)?;
            // RFC 8866 §9: repeat-interval = POS-DIGIT *DIGIT [unit].
            if count == 0 && tok.starts_with('0') {
                return Err(nom::Err::Error(FieldError::at(
                    tok,
                    FieldErrorKind::OutOfRange { what, min: 1, max: u64::MAX },
                )));
            }
            count += 1;
            if after.is_empty() {
                rest = after;
                break;
            }
            let (after, _) = sp(what)(after)?;
            rest = after;
        }
        if count < 3 {
            return Err(nom::Err::Error(FieldError::at(
                rest,
                FieldErrorKind::Expected("offset from start time"),
            )));
        }
        Ok((rest, Repeat { value: i }))
    })
}

/// `z=2882844526 -1h 2898848070 0`
pub(crate) fn zone_adjustments(value: &str) -> Result<ZoneAdjustments<'_>, FieldError<'_>> {
    complete(value, |i| {
        let mut rest = i;
        loop {
            let (after, time) = non_ws("adjustment time")(rest)?;
            decimal_value::<u64>(time, "adjustment time", 0, u64::MAX)?;
            let (after, _) = sp("offset")(after)?;
            let (after, offset) = non_ws("offset")(after)?;
            typed_time(offset, "offset", true)?;
            if after.is_empty() {
                rest = after;
                break;
            }
            let (after, _) = sp("adjustment time")(after)?;
            rest = after;
        }
        Ok((rest, ZoneAdjustments { value: i }))
    })
}

/// `k=prompt`, `k=clear:<key>`, `k=base64:<key>`, `k=uri:<uri>`
pub(crate) fn key(value: &str) -> Result<Key<'_>, FieldError<'_>> {
    complete(value, |i| {
        if i == "prompt" {
            return Ok(("", Key { method: i, key: None }));
        }
        let Some((method, key)) = i.split_once(':') else {
            return Err(nom::Err::Error(FieldError::at(
                i,
                FieldErrorKind::Expected("`prompt` or `<method>:<key>`"),
            )));
        };
        if !matches!(method, "clear" | "base64" | "uri") {
            return Err(nom::Err::Error(FieldError::at(
                method,
                FieldErrorKind::Expected("key method `clear`, `base64`, `uri` or `prompt`"),
            )));
        }
        let (after, key) = rest1("encryption key")(key)?;
        Ok((after, Key { method, key: Some(key) }))
    })
}

/// `u=http://www.example.com/seminars/sdp.pdf`
pub(crate) fn uri(value: &str) -> Result<&str, FieldError<'_>> {
    let uri = complete(value, |i| non_ws("URI")(i))?;
    if let Some(bad) = super::grammar::bad_percent(uri) {
        return Err(FieldError::at(bad, FieldErrorKind::Expected(PERCENT)));
    }
    Ok(uri)
}

/// What a `%` in a URI must start (RFC 3986 §2.1).
pub(crate) const PERCENT: &str = "`%` followed by two hex digits (RFC 3986 percent-encoding)";

/// `e=j.doe@example.com (Jane Doe)` or `e=Jane Doe <j.doe@example.com>`
pub(crate) fn email(value: &str) -> Result<&str, FieldError<'_>> {
    complete(value, |i| {
        let (after, all) = rest1("email address")(i)?;
        if !all.contains('@') {
            return Err(nom::Err::Error(FieldError::at(
                all,
                FieldErrorKind::Expected("an email address containing `@`"),
            )));
        }
        Ok((after, all))
    })
}

/// `p=+1 617 555-6011`
pub(crate) fn phone(value: &str) -> Result<&str, FieldError<'_>> {
    complete(value, |i| {
        let (after, all) = rest1("phone number")(i)?;
        if !all.bytes().any(|b| b.is_ascii_digit()) {
            return Err(nom::Err::Error(FieldError::at(
                all,
                FieldErrorKind::Expected("a phone number with digits"),
            )));
        }
        Ok((after, all))
    })
}

/// `m=audio 49170 RTP/AVP 0 8 101`
///
/// Returns the line and the number of formats, so the caller can enforce
/// its format limit without counting twice.
pub(crate) fn media(value: &str, max_formats: usize) -> Result<MediaLine<'_>, FieldError<'_>> {
    complete(value, |i| {
        let (i, media) = token("media type (`audio`, `video`, `application`)")(i)?;
        let (i, _) = sp("port")(i)?;
        let (i, (raw, port)) = decimal_until::<u16>("port", &['/'])(i)?;
        let port = Num { raw, value: port };
        let (i, port_count) =
            opt(preceded(literal("/", "`/`"), cut(decimal::<u16>("number of ports")))).parse(i)?;
        let port_count = match port_count {
            Some((raw, value)) => {
                // RFC 8866 §5.14: ports run from <port> to <port>+2*(n-1) for
                // RTP; never add unchecked, a crafted count must not wrap.
                if value == 0 || u32::from(port.value) + u32::from(value) - 1 > u32::from(u16::MAX)
                {
                    return Err(nom::Err::Error(FieldError::at(
                        raw,
                        FieldErrorKind::OutOfRange {
                            what: "number of ports",
                            min: 1,
                            max: u64::from(u16::MAX - port.value) + 1,
                        },
                    )));
                }
                Some(Num { raw, value })
            }
            None => None,
        };
        let (i, _) = sp("transport protocol")(i)?;
        let (i, proto) = proto(i)?;
        let (i, _) = sp("media format")(i)?;
        let line_formats = i;
        let is_rtp = proto.split('/').any(|p| p == "RTP");
        let mut rest = i;
        let mut count = 0usize;
        loop {
            let (after, fmt) = token("media format")(rest)?;
            if is_rtp {
                // RFC 3551 §3 / RFC 8866 §5.14: under RTP, each fmt is a
                // payload type 0-127.
                decimal_value::<u8>(fmt, "payload type", 0, 127)?;
            }
            count += 1;
            if count > max_formats {
                return Err(nom::Err::Failure(FieldError::at(
                    fmt,
                    FieldErrorKind::Limit { what: "formats on one `m=` line", max: max_formats },
                )));
            }
            if after.is_empty() {
                rest = after;
                break;
            }
            let (after, _) = sp("media format")(after)?;
            rest = after;
        }
        Ok((rest, MediaLine { media, port, port_count, proto, formats: line_formats }))
    })
}

/// RFC 8866 §9 `proto = token *("/" token)`.
fn proto(i: &str) -> PResult<'_, &str> {
    let what = "transport protocol (`RTP/AVP`, `UDP/TLS/RTP/SAVPF`)";
    let (after, all) = non_ws(what)(i)?;
    let valid = all.split('/').all(|part| {
        !part.is_empty() && part.chars().all(|c| super::grammar::is_token_char(c) && c != '/')
    });
    if !valid {
        return Err(nom::Err::Error(FieldError::at(all, FieldErrorKind::Expected(what))));
    }
    Ok((after, all))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_keeps_long_session_ids() {
        let o = origin("- 1234567890123456789012345678901234567890 2 IN IP4 127.0.0.1").unwrap();
        assert_eq!(o.sess_id.len(), 40);
    }

    #[test]
    fn origin_rejects_bad_ipv4() {
        let err = origin("- 1 2 IN IP4 300.1.2.3").unwrap_err();
        assert_eq!(err.at, "300.1.2.3");
    }

    #[test]
    fn connection_forms() {
        let c = connection("IN IP4 233.252.0.1/127/3").unwrap();
        assert_eq!(c.ttl.map(|t| t.value), Some(127));
        assert_eq!(c.count.map(|t| t.value), Some(3));
        let c = connection("IN IP6 ff15::101/3").unwrap();
        assert_eq!(c.count.map(|t| t.value), Some(3));
        assert!(connection("IN IP4 192.0.2.1/127").is_err());
        assert_eq!(connection("IN IP4 ３.３.３.３").unwrap_err().at, "３.３.３.３");
        assert!(connection("IN IP4 sip.example.com").is_ok());
    }

    #[test]
    fn media_ports_and_formats() {
        let m = media("audio 49170/2 RTP/AVP 0 8 101", 1024).unwrap();
        assert_eq!(m.port.value, 49170);
        assert_eq!(m.formats().collect::<Vec<_>>(), ["0", "8", "101"]);
        for (bad, at) in [
            ("audio 99999 RTP/AVP 0", "99999"),
            ("audio -1 RTP/AVP 0", "-1"),
            ("audio 0x1F4 RTP/AVP 0", "0x1F4"),
            ("audio +5000 RTP/AVP 0", "+5000"),
            ("audio RTP/AVP 0", "RTP/AVP"),
            ("audio 49170/65535 RTP/AVP 0", "65535"),
            ("audio 49170/0 RTP/AVP 0", "0"),
            ("audio 49170/ RTP/AVP 0", ""),
            ("audio 9 RTP/AVP 128", "128"),
            ("audio 9 RTP/AVP 0 ", ""),
            ("audio  9 RTP/AVP 0", " "),
        ] {
            let err = media(bad, 1024).unwrap_err();
            assert_eq!(err.at, at, "{bad}");
        }
        assert!(media("audio 49170 RTP/AVP", 1024).is_err());
        assert!(media("application 9 UDP/DTLS/SCTP webrtc-datachannel", 1024).is_ok());
    }

    #[test]
    fn media_format_limit() {
        let fmts = ["0"; 11].join(" ");
        let line = format!("audio 9 RTP/AVP {fmts}");
        let err = media(&line, 10).unwrap_err();
        assert!(matches!(err.kind, FieldErrorKind::Limit { .. }));
    }

    #[test]
    fn times() {
        assert!(timing("0 0").is_ok());
        assert_eq!(timing("-1 -1").unwrap_err().at, "-1");
        assert_eq!(timing("18446744073709551616 0").unwrap_err().at, "18446744073709551616");
        assert!(repeat("604800 3600 0 90000").is_ok());
        assert!(repeat("7d 1h 0 25h").is_ok());
        assert!(repeat("0 1h 0").is_err());
        assert!(zone_adjustments("2882844526 -1h 2898848070 0").is_ok());
        assert!(zone_adjustments("2882844526").is_err());
    }

    #[test]
    fn key_methods() {
        assert!(key("prompt").is_ok());
        assert!(key("clear:secret").is_ok());
        assert_eq!(key("rot13:x").unwrap_err().at, "rot13");
    }
}
