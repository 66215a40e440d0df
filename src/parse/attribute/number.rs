//! Attributes whose value is one number: `a=ptime`, `a=maxptime`,
//! `a=framerate` and `a=quality` (RFC 8866 §6.4, §6.5, §6.13, §6.14).
//!
//! ```text
//! ptime-value     = non-zero-int-or-real
//! maxptime-value  = non-zero-int-or-real
//! framerate-value = non-zero-int-or-real
//! quality-value   = zero-based-integer
//! non-zero-int-or-real = integer / non-zero-real
//! non-zero-real        = zero-based-integer "." *DIGIT POS-DIGIT
//! ```
//!
//! The RFC 8866 grammar forbids leading zeros and a fraction ending in 0
//! (`20.0`). sdpcheck reads `1*DIGIT ["." 1*DIGIT]` and requires a non-zero
//! value: the zero padding changes nothing a receiver does, the rest of the
//! parser accepts leading zeros in every number too, and [`Real`] keeps the
//! digits as written so a rule can still flag them.

use super::common::{consumed, expected, fail, first_char, number, put};
use crate::model::Num;
use crate::parse::error::{FieldError, FieldErrorKind, PResult};
use crate::parse::grammar::complete;

/// A positive decimal as written, e.g. `20`, `2.5` or `29.97`: the value of
/// `a=ptime`, `a=maxptime` and `a=framerate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Real<'a> {
    /// The digits before the `.` (all of them for an integer).
    pub whole: Num<'a, u32>,
    /// The digits after the `.`, if there is one.
    pub fraction: Option<&'a str>,
}

impl Real<'_> {
    /// The value as a float (milliseconds for ptime, frames per second for
    /// framerate).
    pub fn as_f64(&self) -> f64 {
        let whole = f64::from(self.whole.value);
        let Some(fraction) = self.fraction else { return whole };
        let mut scale = 1.0;
        let mut frac = 0.0;
        // Past 15 digits the float cannot hold more precision anyway.
        for b in fraction.bytes().take(15) {
            scale /= 10.0;
            frac += f64::from(b - b'0') * scale;
        }
        whole + frac
    }

    /// The value when it is a whole number (`20`, not `20.5`).
    pub fn integer(&self) -> Option<u32> {
        match self.fraction {
            None => Some(self.whole.value),
            Some(f) if f.bytes().all(|b| b == b'0') => Some(self.whole.value),
            Some(_) => None,
        }
    }

    /// Writes the value as parsed.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        put(out, self.whole.raw);
        if let Some(fraction) = self.fraction {
            out.push(b'.');
            put(out, fraction);
        }
    }
}

/// Parses a `non-zero-int-or-real` value, naming it `what` in errors.
pub(super) fn parse_real<'a>(
    value: &'a str,
    what: &'static str,
) -> Result<Real<'a>, FieldError<'a>> {
    complete(value, |i| real(i, what))
}

/// Parses an `a=quality` value: an integer from 0 (worst) to 10 (best).
pub(super) fn parse_quality(value: &str) -> Result<Num<'_, u8>, FieldError<'_>> {
    complete(value, number("quality", 0, 10, &[]))
}

/// a=ptime:20
fn real<'a>(start: &'a str, what: &'static str) -> PResult<'a, Real<'a>> {
    let (i, whole) = number::<u32>(what, 0, u64::from(u32::MAX), &['.'])(start)?;
    let (i, fraction) = match i.strip_prefix('.') {
        Some(rest) => {
            let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            let digits = rest.get(..end).unwrap_or_default();
            let after = rest.get(end..).unwrap_or_default();
            if digits.is_empty() {
                return Err(expected(first_char(after), what));
            }
            (after, Some(digits))
        }
        None => (i, None),
    };
    let real = Real { whole, fraction };
    if whole.value == 0 && real.integer().is_some() {
        let zero = consumed(start, i);
        return Err(fail(
            zero,
            FieldErrorKind::OutOfRange { what, min: 1, max: u64::from(u32::MAX) },
        ));
    }
    Ok((i, real))
}

#[cfg(test)]
mod tests {
    use super::super::AttrValue;
    use super::super::testing::{bad, ok};
    use super::Real;
    use crate::parse::error::FieldErrorKind::{Expected, NotANumber, OutOfRange, Trailing};

    fn ptime(value: &str) -> Real<'_> {
        match ok("ptime", value) {
            AttrValue::Ptime(r) => r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn packet_times() {
        assert_eq!(ptime("20").integer(), Some(20));
        assert_eq!(ptime("20.0").integer(), Some(20));
        let r = ptime("2.5");
        assert_eq!((r.integer(), r.as_f64()), (None, 2.5));
        assert!((ptime("0.125").as_f64() - 0.125).abs() < f64::EPSILON);
        assert!(
            matches!(ok("maxptime", "120"), AttrValue::MaxPtime(r) if r.integer() == Some(120))
        );
        assert!(
            matches!(ok("framerate", "29.97"), AttrValue::Framerate(r) if r.integer().is_none())
        );
        assert!(matches!(ok("framerate", "60"), AttrValue::Framerate(_)));
    }

    #[test]
    fn bad_packet_times() {
        let zero = OutOfRange { what: "packet time", min: 1, max: 4_294_967_295 };
        assert_eq!(bad("ptime", "0"), (0, "0", zero));
        assert_eq!(bad("ptime", "0.00"), (0, "0.00", zero));
        assert_eq!(bad("ptime", ""), (0, "", Expected("packet time")));
        assert_eq!(bad("ptime", "20ms"), (0, "20ms", NotANumber("packet time")));
        assert_eq!(bad("ptime", "-20"), (0, "-20", NotANumber("packet time")));
        assert_eq!(bad("ptime", ".5"), (0, ".", Expected("packet time")));
        assert_eq!(bad("ptime", "20."), (3, "", Expected("packet time")));
        assert_eq!(bad("ptime", "20.x"), (3, "x", Expected("packet time")));
        assert_eq!(bad("ptime", "20.é"), (3, "é", Expected("packet time")));
        assert_eq!(bad("ptime", "20.5.1"), (4, ".1", Trailing));
        assert_eq!(bad("ptime", "20 "), (2, " ", Trailing));
        assert_eq!(
            bad("ptime", "99999999999").2,
            OutOfRange { what: "packet time", min: 0, max: 4_294_967_295 }
        );
        assert_eq!(bad("maxptime", "0").1, "0");
        assert_eq!(bad("framerate", "0").1, "0");
    }

    #[test]
    fn quality() {
        assert!(matches!(ok("quality", "10"), AttrValue::Quality(q) if q.value == 10));
        assert!(matches!(ok("quality", "0"), AttrValue::Quality(q) if q.value == 0));
        assert_eq!(
            bad("quality", "11"),
            (0, "11", OutOfRange { what: "quality", min: 0, max: 10 })
        );
        assert_eq!(bad("quality", "high"), (0, "high", NotANumber("quality")));
    }
}
