//! `a=rtpmap` (RFC 8866 §6.6): maps an RTP payload type to a codec.
//!
//! ```text
//! rtpmap-value    = payload-type SP encoding-name
//!                   "/" clock-rate [ "/" encoding-params ]
//! payload-type    = zero-based-integer
//! encoding-name   = token
//! clock-rate      = integer
//! encoding-params = channels
//! channels        = integer
//! ```
//!
//! The payload type is a 7-bit RTP header field (0-127), the clock rate a
//! positive 32-bit RTP timestamp rate, and the channel count (the only
//! encoding parameter defined, audio only) 1-255. Anything outside those is
//! reported as out of range rather than wrapped: `PCMU/8000/1000` is not
//! 232 channels.

use super::common::{number, payload_type, put, word};
use crate::model::Num;
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::{complete, is_token_char, literal, sp};

/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]`
/// (RFC 8866 §6.6), e.g. `a=rtpmap:111 opus/48000/2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rtpmap<'a> {
    /// The RTP payload type, 0-127, as listed on the `m=` line.
    pub payload_type: Num<'a, u8>,
    /// The encoding name as written (`opus`, `PCMU`, `H264`,
    /// `telephone-event`). Media subtype names compare case-insensitively
    /// (RFC 6838 §4.2), so compare with `eq_ignore_ascii_case`.
    pub encoding: &'a str,
    /// The RTP clock rate in Hz, at least 1.
    pub clock_rate: Num<'a, u32>,
    /// The encoding parameters: for audio, the channel count (1-255).
    /// Absent means one channel (RFC 8866 §6.6).
    pub channels: Option<Num<'a, u8>>,
}

impl Rtpmap<'_> {
    /// The channel count, 1 when none is written.
    pub fn channel_count(&self) -> u8 {
        self.channels.map_or(1, |c| c.value)
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.payload_type.raw);
        out.push(b' ');
        put(out, self.encoding);
        out.push(b'/');
        put(out, self.clock_rate.raw);
        if let Some(channels) = self.channels {
            out.push(b'/');
            put(out, channels.raw);
        }
    }
}

/// Parses an `a=rtpmap` value.
pub(super) fn parse(value: &str) -> Result<Rtpmap<'_>, FieldError<'_>> {
    complete(value, rtpmap)
}

/// a=rtpmap:111 opus/48000/2
fn rtpmap(i: &str) -> PResult<'_, Rtpmap<'_>> {
    let (i, payload_type) = payload_type(i)?;
    let (i, _) = sp("encoding name")(i)?;
    let (i, encoding) = word(is_token_char, &['/'], "encoding name")(i)?;
    let (i, _) = literal("/", "`/` and clock rate")(i)?;
    let (i, clock_rate) = number("clock rate", 1, u64::from(u32::MAX), &['/'])(i)?;
    let (i, channels) = match i.strip_prefix('/') {
        Some(rest) => {
            let (rest, channels) = number("channels", 1, 255, &[])(rest)?;
            (rest, Some(channels))
        }
        None => (i, None),
    };
    Ok((i, Rtpmap { payload_type, encoding, clock_rate, channels }))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use crate::parse::error::FieldErrorKind::{self, Expected, NotANumber, OutOfRange, Trailing};

    fn rtpmap(value: &str) -> super::Rtpmap<'_> {
        match ok("rtpmap", value) {
            AttrValue::Rtpmap(r) => r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn field_lines_parse() {
        // Chrome / Firefox
        let r = rtpmap("111 opus/48000/2");
        assert_eq!(
            (r.payload_type.value, r.encoding, r.clock_rate.value, r.channel_count()),
            (111, "opus", 48000, 2)
        );
        assert_eq!(rtpmap("96 VP8/90000").channels, None);
        assert_eq!(rtpmap("96 VP8/90000").channel_count(), 1);
        rtpmap("126 telephone-event/8000");
        rtpmap("97 rtx/90000");
        rtpmap("102 H264/90000");
        rtpmap("63 red/48000/2");
        // Asterisk / FreeSWITCH
        rtpmap("0 PCMU/8000");
        rtpmap("8 PCMA/8000");
        rtpmap("9 G722/8000");
        rtpmap("18 G729/8000/1");
        rtpmap("101 telephone-event/8000");
        rtpmap("98 L16/16000/2");
        rtpmap("104 AMR-WB/16000/1");
        rtpmap("99 h263-1998/90000");
        rtpmap("127 opus/48000/255");
    }

    fn range(what: &'static str, min: u64, max: u64) -> FieldErrorKind {
        OutOfRange { what, min, max }
    }

    #[test]
    fn hostile_numbers_are_out_of_range() {
        let pt = range("payload type", 0, 127);
        for big in ["128", "255", "4294967296", "18446744073709551616"] {
            let value = format!("{big} opus/48000/2");
            let (offset, at, kind) = bad("rtpmap", &value);
            assert_eq!((offset, at, kind), (0, big, pt));
        }
        assert_eq!(bad("rtpmap", "111 opus/0/2"), (9, "0", range("clock rate", 1, 4_294_967_295)));
        assert_eq!(
            bad("rtpmap", "111 opus/99999999999/2"),
            (9, "99999999999", range("clock rate", 1, 4_294_967_295))
        );
        assert_eq!(bad("rtpmap", "111 opus/48000/0"), (15, "0", range("channels", 1, 255)));
        assert_eq!(bad("rtpmap", "0 PCMU/8000/1000"), (12, "1000", range("channels", 1, 255)));
    }

    #[test]
    fn malformed_values() {
        assert_eq!(bad("rtpmap", "-0 PCMU/8000").1, "-0");
        assert_eq!(bad("rtpmap", "-0 PCMU/8000").2, NotANumber("payload type"));
        assert_eq!(bad("rtpmap", "abc opus/48000").2, NotANumber("payload type"));
        assert_eq!(bad("rtpmap", ""), (0, "", Expected("payload type")));
        assert_eq!(bad("rtpmap", "111"), (3, "", Expected("encoding name")));
        assert_eq!(bad("rtpmap", "111  opus/48000"), (4, " ", Expected("encoding name")));
        assert_eq!(bad("rtpmap", "111 opus 48000/2"), (8, " ", Expected("`/` and clock rate")));
        assert_eq!(bad("rtpmap", "111 opus"), (8, "", Expected("`/` and clock rate")));
        assert_eq!(bad("rtpmap", "111 op\"us/48000"), (6, "\"", Expected("encoding name")));
        assert_eq!(bad("rtpmap", "111 opus/"), (9, "", Expected("clock rate")));
        assert_eq!(bad("rtpmap", "111 opus/48000/"), (15, "", Expected("channels")));
        assert_eq!(bad("rtpmap", "111 opus/48kHz").2, NotANumber("clock rate"));
        assert_eq!(bad("rtpmap", "111 opus/48000/2/1"), (15, "2/1", NotANumber("channels")));
        assert_eq!(bad("rtpmap", "111 opus/48000/2 "), (16, " ", Trailing));
        assert_eq!(bad("rtpmap", " 111 opus/48000/2"), (0, " ", Expected("payload type")));
        assert_eq!(bad("rtpmap", "111\topus/48000"), (3, "\t", Expected("encoding name")));
    }
}
