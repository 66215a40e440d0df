//! `large-origin-number`: an `o=` session id or version that Firefox reads
//! as a negative 64-bit number.

use crate::finding::Finding;
use crate::model::LineKind;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags an `o=` session id or session version that Firefox refuses:
    /// one whose value, taken modulo 2^64, is 2^63 or more.
    ///
    /// ## Why is this bad?
    /// RFC 8866 §5.2 lets both numbers be any run of digits, and RFC 9429
    /// §5.2.1 has a JSEP offerer pick a session id below 2^63. Firefox's
    /// SIPCC parser reads each into a 64-bit integer, letting it wrap, and
    /// refuses the description when the result is negative as a signed
    /// number, so it rejects 9223372036854775808 (2^63) up to
    /// 18446744073709551615, accepts 18446744073709551616 (which wraps to
    /// 0), and so on (found with the browser harness, probes
    /// `o-session-id-*` and `o-version-*`). Chromium accepts every length.
    ///
    /// Firefox ESR 153 says, for `setRemoteDescription`:
    ///
    /// - `SIPCC Failed to parse SDP: SDP Parse Error on line 2:  Invalid
    ///   owner session id specified for o=.`
    /// - `SIPCC Failed to parse SDP: SDP Parse Error on line 2:  Invalid
    ///   owner version specified for o=.`
    ///
    /// Chromium 156 accepts the description.
    ///
    /// ## Example
    /// ```sdp
    /// o=- 9223372036854775808 2 IN IP4 127.0.0.1
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// o=- 4611686018427387904 2 IN IP4 127.0.0.1
    /// ```
    ///
    /// ## References
    /// - RFC 8866 §5.2 (`sess-id`, `sess-version`: `1*DIGIT`)
    /// - RFC 9429 §5.2.1 (a session id below 2^63)
    pub(crate) const DOCS;
}

/// Which number of the origin line.
#[derive(Debug, Clone, Copy)]
enum Field {
    Id,
    Version,
}

/// Checks the `o=` line's session id and version.
pub(crate) fn large_origin_number(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for line in sdp.lines() {
        let LineKind::Origin(o) = &line.kind else { continue };
        for (value, field) in [(o.sess_id, Field::Id), (o.sess_version, Field::Version)] {
            if wraps_negative(value) {
                ctx.report(large_origin_number_diagnostic(sdp.span_of(value), value, field));
            }
        }
    }
}

/// True when the digits, read as SIPCC reads them (into a 64-bit integer
/// that wraps), give a value of 2^63 or more.
fn wraps_negative(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let value =
        digits.bytes().fold(0u64, |acc, b| acc.wrapping_mul(10).wrapping_add(u64::from(b - b'0')));
    value >= 1 << 63
}

fn large_origin_number_diagnostic(span: Span, value: &str, field: Field) -> Finding {
    let what = match field {
        Field::Id => "session id",
        Field::Version => "session version",
    };
    let stacks = match field {
        Field::Id => crate::registry::said::ORIGIN_ID,
        Field::Version => crate::registry::said::ORIGIN_VERSION,
    };
    Finding::new(
        RuleId::LargeOriginNumber,
        format!(
            "`o=` {what} `{}` is 2^63 or more as a 64-bit number: Firefox rejects it, Chromium accepts it",
            shown(value)
        ),
    )
    .with_label(span, "Firefox reads this as a negative number")
    .with_help(format!("use a {what} below 9223372036854775808 (2^63), as JSEP does"))
    .with_stacks(stacks)
}

#[cfg(test)]
mod tests {
    use super::wraps_negative;

    #[test]
    fn boundaries_measured_in_firefox() {
        for rejected in [
            "9223372036854775808",
            "18446744073709551615",
            "10000000000000000000",
            "27670116110564327424",
        ] {
            assert!(wraps_negative(rejected), "{rejected}");
        }
        for accepted in [
            "0",
            "9223372036854775807",
            "18446744073709551616",
            "27670116110564327423",
            "99999999999999999999",
        ] {
            assert!(!wraps_negative(accepted), "{accepted}");
        }
    }
}
