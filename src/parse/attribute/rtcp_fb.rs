//! `a=rtcp-fb` (RFC 4585 §4.2): the RTCP feedback a payload type accepts.
//!
//! ```text
//! rtcp-fb-val   = "ack" rtcp-fb-ack-param / "nack" rtcp-fb-nack-param
//!               / "trr-int" SP 1*DIGIT / rtcp-fb-id rtcp-fb-param
//! rtcp-fb-pt    = "*" / fmt
//! rtcp-fb-id    = 1*(alpha-numeric / "-" / "_")
//! rtcp-fb-param = SP "app" [SP byte-string] / SP token [SP byte-string]
//!               / ; empty
//! ```
//!
//! Every branch but `trr-int` reduces to `<id> [SP <token> [SP <bytes>]]`
//! (`nack pli`, `ccm fir`, `ccm tmmbr smaxpr=120`), so that is the shape
//! kept; unknown ids (`goog-remb`, `transport-cc`) are the extension
//! production and parse like the others.

use super::common::{is_id_char, more, number, payload_type, put, put_opt, text, word};
use crate::model::Num;
use crate::parse::error::{FieldError, PResult};
use crate::parse::grammar::{complete, is_token_char, sp};

/// The payload type an `a=rtcp-fb` line applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackPayload<'a> {
    /// `*`: every payload type of the media section.
    All,
    /// One RTP payload type, 0-127.
    Type(Num<'a, u8>),
}

/// `a=rtcp-fb:<payload type or *> <feedback> [<param> [<bytes>]]`
/// (RFC 4585 §4.2), e.g. `a=rtcp-fb:96 nack pli`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RtcpFb<'a> {
    /// The payload type, or `*`.
    pub payload: FeedbackPayload<'a>,
    /// The feedback type (`ack`, `nack`, `trr-int`, `ccm`, `goog-remb`,
    /// `transport-cc`, ...), case as written.
    pub feedback: &'a str,
    /// The parameter (`pli`, `fir`, `rpsi`, ...; for `trr-int` the interval
    /// in milliseconds, checked to be a number).
    pub param: Option<&'a str>,
    /// Further parameter text after the parameter (`smaxpr=120`).
    pub extra: Option<&'a str>,
}

impl RtcpFb<'_> {
    /// The minimum interval between regular RTCP reports in milliseconds,
    /// for `trr-int` lines (RFC 4585 §4.2).
    pub fn trr_int(&self) -> Option<u32> {
        if self.feedback != "trr-int" {
            return None;
        }
        self.param.and_then(|p| p.parse().ok())
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        match self.payload {
            FeedbackPayload::All => out.push(b'*'),
            FeedbackPayload::Type(pt) => put(out, pt.raw),
        }
        out.push(b' ');
        put(out, self.feedback);
        put_opt(out, b' ', self.param);
        put_opt(out, b' ', self.extra);
    }
}

/// Parses an `a=rtcp-fb` value.
pub(super) fn parse(value: &str) -> Result<RtcpFb<'_>, FieldError<'_>> {
    complete(value, rtcp_fb)
}

/// a=rtcp-fb:96 nack pli
fn rtcp_fb(i: &str) -> PResult<'_, RtcpFb<'_>> {
    let (i, payload) = feedback_payload(i)?;
    let (i, _) = sp("feedback type")(i)?;
    let (i, feedback) = word(is_id_char, &[], "feedback type")(i)?;
    if feedback == "trr-int" {
        return trr_int(payload, feedback, i);
    }
    let (i, has_param) = more("feedback parameter")(i)?;
    if !has_param {
        return Ok((i, RtcpFb { payload, feedback, param: None, extra: None }));
    }
    let (i, param) = word(is_token_char, &[], "feedback parameter")(i)?;
    let (i, has_extra) = more("feedback parameter value")(i)?;
    let (i, extra) = if has_extra {
        let (i, extra) = text("feedback parameter value")(i)?;
        (i, Some(extra))
    } else {
        (i, None)
    };
    Ok((i, RtcpFb { payload, feedback, param: Some(param), extra }))
}

/// `*` or a payload type.
fn feedback_payload(i: &str) -> PResult<'_, FeedbackPayload<'_>> {
    if let Some(rest) = i.strip_prefix('*') {
        return Ok((rest, FeedbackPayload::All));
    }
    let (i, pt) = payload_type(i)?;
    Ok((i, FeedbackPayload::Type(pt)))
}

/// a=rtcp-fb:96 trr-int 100
fn trr_int<'a>(
    payload: FeedbackPayload<'a>,
    feedback: &'a str,
    i: &'a str,
) -> PResult<'a, RtcpFb<'a>> {
    let (i, _) = sp("interval in milliseconds")(i)?;
    let (i, interval) = number::<u32>("interval in milliseconds", 0, u64::from(u32::MAX), &[])(i)?;
    Ok((i, RtcpFb { payload, feedback, param: Some(interval.raw), extra: None }))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use super::{FeedbackPayload, RtcpFb};
    use crate::parse::error::FieldErrorKind::{Expected, NotANumber, OutOfRange, Trailing};

    fn fb(value: &str) -> RtcpFb<'_> {
        match ok("rtcp-fb", value) {
            AttrValue::RtcpFb(f) => f,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn field_lines_parse() {
        let f = fb("96 nack pli");
        assert!(matches!(f.payload, FeedbackPayload::Type(pt) if pt.value == 96));
        assert_eq!((f.feedback, f.param, f.extra), ("nack", Some("pli"), None));
        assert_eq!(fb("96 nack").param, None);
        assert_eq!(fb("96 ccm fir").param, Some("fir"));
        assert_eq!(fb("111 transport-cc").feedback, "transport-cc");
        assert_eq!(fb("96 goog-remb").feedback, "goog-remb");
        assert_eq!(fb("100 goog-lntf").feedback, "goog-lntf");
        assert_eq!(fb("* nack").payload, FeedbackPayload::All);
        assert_eq!(fb("97 ccm tmmbr smaxpr=120").extra, Some("smaxpr=120"));
        assert_eq!(fb("98 ack app foo bar").extra, Some("foo bar"));
        let f = fb("* trr-int 100");
        assert_eq!(f.trr_int(), Some(100));
        assert_eq!(fb("96 nack pli").trr_int(), None);
    }

    #[test]
    fn malformed_values() {
        assert_eq!(
            bad("rtcp-fb", "128 nack"),
            (0, "128", OutOfRange { what: "payload type", min: 0, max: 127 })
        );
        assert_eq!(bad("rtcp-fb", "96"), (2, "", Expected("feedback type")));
        assert_eq!(bad("rtcp-fb", "96 "), (3, "", Expected("feedback type")));
        assert_eq!(bad("rtcp-fb", "96 nack "), (7, " ", Trailing));
        assert_eq!(bad("rtcp-fb", "96 nack pli "), (11, " ", Trailing));
        assert_eq!(bad("rtcp-fb", "96 nack  pli"), (8, " ", Expected("feedback parameter")));
        assert_eq!(bad("rtcp-fb", "96 na.ck"), (5, ".", Expected("feedback type")));
        assert_eq!(bad("rtcp-fb", "96 nack p\"li"), (9, "\"", Expected("feedback parameter")));
        assert_eq!(bad("rtcp-fb", "96 trr-int"), (10, "", Expected("interval in milliseconds")));
        assert_eq!(
            bad("rtcp-fb", "96 trr-int x"),
            (11, "x", NotANumber("interval in milliseconds"))
        );
        assert_eq!(bad("rtcp-fb", "96 trr-int 100 x"), (14, " x", Trailing));
        assert_eq!(bad("rtcp-fb", "*x nack"), (1, "x", Expected("feedback type")));
    }
}
