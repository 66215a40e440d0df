//! SCTP data channel attributes: `a=sctp-port` and `a=max-message-size`
//! (RFC 8841 §5.2, §6.2), and the legacy `a=sctpmap`
//! (draft-ietf-mmusic-sctp-sdp-05, still sent by older stacks).
//!
//! ```text
//! sctp-port-attr        = "a=sctp-port:" portnumber
//! portnumber            = 1*5DIGIT
//! max-message-size-attr = "a=max-message-size:" max-message-size
//! max-message-size      = 1*DIGIT
//! sctpmap-attr          = "a=sctpmap:" sctpmap-number SP app [SP streams]
//! ```
//!
//! `max-message-size` has no upper bound in the grammar; it is read into a
//! u64 and anything larger (such as 2^70) is out of range rather than
//! wrapped. 0 means "no limit" (RFC 8841 §6).

use super::common::{more, number, put, word};
use crate::model::Num;
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::{complete, is_token_char, sp};

/// `a=sctpmap:<port> <app> [<streams>]` (draft-ietf-mmusic-sctp-sdp-05
/// §4.1), e.g. `a=sctpmap:5000 webrtc-datachannel 1024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sctpmap<'a> {
    /// The SCTP port (what `a=sctp-port` carries today).
    pub port: Num<'a, u16>,
    /// The application: `webrtc-datachannel`.
    pub app: &'a str,
    /// The number of incoming SCTP streams.
    pub streams: Option<Num<'a, u16>>,
}

impl Sctpmap<'_> {
    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.port.raw);
        out.push(b' ');
        put(out, self.app);
        if let Some(streams) = self.streams {
            out.push(b' ');
            put(out, streams.raw);
        }
    }
}

/// Parses an `a=sctp-port` value: a 16-bit port.
pub(super) fn parse_port(value: &str) -> Result<Num<'_, u16>, FieldError<'_>> {
    complete(value, number("SCTP port", 0, u64::from(u16::MAX), &[]))
}

/// Parses an `a=max-message-size` value: a 64-bit byte count.
pub(super) fn parse_max_message_size(value: &str) -> Result<Num<'_, u64>, FieldError<'_>> {
    complete(value, number("maximum message size", 0, u64::MAX, &[]))
}

/// Parses an `a=sctpmap` value.
pub(super) fn parse_sctpmap(value: &str) -> Result<Sctpmap<'_>, FieldError<'_>> {
    complete(value, sctpmap)
}

/// a=sctpmap:5000 webrtc-datachannel 1024
fn sctpmap(i: &str) -> PResult<'_, Sctpmap<'_>> {
    let (i, port) = number("SCTP port", 0, u64::from(u16::MAX), &[])(i)?;
    let (i, _) = sp("application (`webrtc-datachannel`)")(i)?;
    let (i, app) = word(is_token_char, &[], "application (`webrtc-datachannel`)")(i)?;
    let (i, has_streams) = more("number of streams")(i)?;
    let (i, streams) = if has_streams {
        let (i, streams) = number("number of streams", 0, u64::from(u16::MAX), &[])(i)?;
        (i, Some(streams))
    } else {
        (i, None)
    };
    Ok((i, Sctpmap { port, app, streams }))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use crate::parse::error::FieldErrorKind::{Expected, NotANumber, OutOfRange, Trailing};

    #[test]
    fn ports_and_sizes() {
        assert!(matches!(ok("sctp-port", "5000"), AttrValue::SctpPort(p) if p.value == 5000));
        assert!(
            matches!(ok("max-message-size", "262144"), AttrValue::MaxMessageSize(m) if m.value == 262_144)
        );
        assert!(
            matches!(ok("max-message-size", "0"), AttrValue::MaxMessageSize(m) if m.value == 0)
        );
        assert!(matches!(
            ok("max-message-size", "18446744073709551615"),
            AttrValue::MaxMessageSize(m) if m.value == u64::MAX
        ));
        assert_eq!(
            bad("sctp-port", "70000"),
            (0, "70000", OutOfRange { what: "SCTP port", min: 0, max: 65535 })
        );
        assert_eq!(bad("sctp-port", "5000 "), (4, " ", Trailing));
        assert_eq!(bad("sctp-port", ""), (0, "", Expected("SCTP port")));
        let two_to_the_70 = "1180591620717411303424";
        assert_eq!(
            bad("max-message-size", two_to_the_70),
            (0, two_to_the_70, OutOfRange { what: "maximum message size", min: 0, max: u64::MAX })
        );
        assert_eq!(bad("max-message-size", "64K"), (0, "64K", NotANumber("maximum message size")));
    }

    #[test]
    fn sctpmap() {
        let AttrValue::Sctpmap(m) = ok("sctpmap", "5000 webrtc-datachannel 1024") else { panic!() };
        assert_eq!(
            (m.port.value, m.app, m.streams.map(|s| s.value)),
            (5000, "webrtc-datachannel", Some(1024))
        );
        let AttrValue::Sctpmap(m) = ok("sctpmap", "5000 webrtc-datachannel") else { panic!() };
        assert_eq!(m.streams, None);
        assert_eq!(bad("sctpmap", "5000"), (4, "", Expected("application (`webrtc-datachannel`)")));
        assert_eq!(bad("sctpmap", "5000 webrtc-datachannel "), (23, " ", Trailing));
        assert_eq!(
            bad("sctpmap", "5000 webrtc-datachannel 70000").2,
            OutOfRange { what: "number of streams", min: 0, max: 65535 }
        );
    }
}
