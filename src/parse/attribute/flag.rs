//! Property attributes: attributes that are a name alone, with no value.
//!
//! RFC 8866 §5.13 calls these "property attributes" (`a=<attribute-name>`).
//! The media direction (RFC 8866 §6.7), `rtcp-mux` (RFC 5761 §5.1.1),
//! `rtcp-mux-only` (RFC 8858), `rtcp-rsize` (RFC 5506 §5), `ice-lite` and
//! `end-of-candidates` (RFC 8839 §5.3, §5.2), `extmap-allow-mixed`
//! (RFC 8285 §6) and `bundle-only` (RFC 9143 §6) are all of this kind; a
//! value after them (`a=sendrecv:1`) is a grammar error.

use super::AttrValue;
use crate::parse::error::{FieldError, FieldErrorKind};

/// A media direction attribute (RFC 8866 §6.7), also the optional
/// direction of an `a=extmap` (RFC 8285 §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `sendrecv`: send and receive (the default when none is given).
    SendRecv,
    /// `sendonly`: send only.
    SendOnly,
    /// `recvonly`: receive only.
    RecvOnly,
    /// `inactive`: neither send nor receive.
    Inactive,
}

impl Direction {
    /// The direction as written in SDP.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::SendRecv => "sendrecv",
            Direction::SendOnly => "sendonly",
            Direction::RecvOnly => "recvonly",
            Direction::Inactive => "inactive",
        }
    }

    /// The direction named `s`, in lower case as every stack writes it.
    pub fn from_name(s: &str) -> Option<Direction> {
        Some(match s {
            "sendrecv" => Direction::SendRecv,
            "sendonly" => Direction::SendOnly,
            "recvonly" => Direction::RecvOnly,
            "inactive" => Direction::Inactive,
            _ => return None,
        })
    }

    /// Whether media flows from the describing side.
    pub fn sends(self) -> bool {
        matches!(self, Direction::SendRecv | Direction::SendOnly)
    }

    /// Whether media flows towards the describing side.
    pub fn receives(self) -> bool {
        matches!(self, Direction::SendRecv | Direction::RecvOnly)
    }
}

/// The typed value of a property attribute, or `None` if `name` is not one.
pub(super) fn flag(name: &str) -> Option<AttrValue<'static>> {
    if let Some(direction) = Direction::from_name(name) {
        return Some(AttrValue::Direction(direction));
    }
    Some(match name {
        "rtcp-mux" => AttrValue::RtcpMux,
        "rtcp-mux-only" => AttrValue::RtcpMuxOnly,
        "rtcp-rsize" => AttrValue::RtcpRsize,
        "ice-lite" => AttrValue::IceLite,
        "end-of-candidates" => AttrValue::EndOfCandidates,
        "extmap-allow-mixed" => AttrValue::ExtmapAllowMixed,
        "bundle-only" => AttrValue::BundleOnly,
        _ => return None,
    })
}

/// The error for a value given to a property attribute: the value itself
/// is unexpected text; a bare `:` with nothing after it is labelled at the
/// end of the line.
pub(super) fn value_given(value: &str) -> FieldError<'_> {
    let kind = if value.is_empty() {
        FieldErrorKind::Expected("no value (drop the `:`)")
    } else {
        FieldErrorKind::Trailing
    };
    FieldError::at(value, kind)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{bad, ok};
    use super::*;
    use crate::parse::attribute::parse_value;

    #[test]
    fn property_attributes_take_no_value() {
        for (name, typed) in [
            ("sendrecv", AttrValue::Direction(Direction::SendRecv)),
            ("sendonly", AttrValue::Direction(Direction::SendOnly)),
            ("recvonly", AttrValue::Direction(Direction::RecvOnly)),
            ("inactive", AttrValue::Direction(Direction::Inactive)),
            ("rtcp-mux", AttrValue::RtcpMux),
            ("rtcp-mux-only", AttrValue::RtcpMuxOnly),
            ("rtcp-rsize", AttrValue::RtcpRsize),
            ("ice-lite", AttrValue::IceLite),
            ("end-of-candidates", AttrValue::EndOfCandidates),
            ("extmap-allow-mixed", AttrValue::ExtmapAllowMixed),
            ("bundle-only", AttrValue::BundleOnly),
        ] {
            assert_eq!(parse_value(name, None).unwrap(), typed, "{name}");
            let (_, at, kind) = bad(name, "x");
            assert_eq!((at, kind), ("x", FieldErrorKind::Trailing), "{name}");
            let (_, at, kind) = bad(name, "");
            assert_eq!((at, kind), ("", FieldErrorKind::Expected("no value (drop the `:`)")));
        }
    }

    #[test]
    fn names_match_case_sensitively() {
        // RFC 8866 §5.13 names are registered in lower case; `SendRecv` is
        // some other (unknown) attribute, kept verbatim.
        assert_eq!(parse_value("SendRecv", None).unwrap(), AttrValue::Other);
        assert_eq!(ok("RTCP-MUX", "x"), AttrValue::Other);
    }

    #[test]
    fn direction_helpers() {
        assert!(Direction::SendRecv.sends() && Direction::SendRecv.receives());
        assert!(Direction::SendOnly.sends() && !Direction::SendOnly.receives());
        assert!(!Direction::Inactive.sends() && !Direction::Inactive.receives());
        for d in
            [Direction::SendRecv, Direction::SendOnly, Direction::RecvOnly, Direction::Inactive]
        {
            assert_eq!(Direction::from_name(d.as_str()), Some(d));
        }
    }
}
