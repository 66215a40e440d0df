//! `lenient-ice-characters`: `-` or `_` in an ICE ufrag, password or option.

use crate::finding::Finding;
use crate::model::LineKind;
use crate::parse::attribute::AttrValue;
use crate::registry::RuleId;
use crate::rules::context::Context;
use crate::rules::shown;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Flags a `-` or `_` in `a=ice-ufrag`, `a=ice-pwd` or `a=ice-options`.
    /// A warning: RFC 8839 forbids them, and every stack this project runs
    /// accepts them.
    ///
    /// ## Why is this bad?
    /// RFC 8839 §5.4 makes ICE credentials and option tags `ice-char`s:
    /// `ALPHA / DIGIT / "+" / "/"`. Chromium 156 and Firefox ESR 153 accept
    /// `_` in a ufrag and `-` in an option (browser harness: probes
    /// `ice-ufrag-underscore`, `ice-options-dash`; fixtures `SDP3025/`),
    /// and Chrome itself sent `a=ice-options:google-ice` for years. A strict
    /// ICE agent may still refuse them, so a generator should keep to
    /// ice-chars.
    ///
    /// ## Example
    /// ```sdp
    /// a=ice-ufrag:ab_cd
    /// a=ice-options:google-ice
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// a=ice-ufrag:abcd
    /// a=ice-options:trickle
    /// ```
    ///
    /// ## References
    /// - RFC 8839 §5.4 (`ice-char`), §5.6 (`ice-options`)
    pub(crate) const DOCS;
}

/// Checks every ICE credential and option tag.
pub(crate) fn lenient_ice_characters(ctx: &mut Context<'_, '_>) {
    let sdp = ctx.sdp;
    for line in sdp.lines() {
        let LineKind::Attribute(attr) = &line.kind else { continue };
        let (value, name) = match attr.typed {
            AttrValue::IceUfrag(v) => (v, "ice-ufrag"),
            AttrValue::IcePwd(v) => (v, "ice-pwd"),
            AttrValue::IceOptions(o) => (o.tags, "ice-options"),
            _ => continue,
        };
        if let Some(at) = value.find(['-', '_']) {
            let span = sdp.span_of(value.get(at..=at).unwrap_or_default());
            ctx.report(lenient_ice_characters_diagnostic(span, name, value));
        }
    }
}

fn lenient_ice_characters_diagnostic(span: Span, name: &str, value: &str) -> Finding {
    Finding::new(
        RuleId::LenientIceCharacters,
        format!(
            "`a={name}:{}` has a character RFC 8839 does not allow; Chromium and Firefox accept it",
            shown(value)
        ),
    )
    .with_label(span, "not an ice-char (ALPHA / DIGIT / `+` / `/`)")
    .with_help("keep ICE credentials and option tags to letters, digits, `+` and `/`")
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;
    use crate::{ProfileChoice, RuleId};

    #[test]
    fn cases() {
        let audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n";
        let ok = format!("{audio}a=ice-ufrag:ab+/cd\r\na=ice-options:trickle\r\n");
        let underscore = format!("{audio}a=ice-ufrag:ab_cd\r\n");
        let dash = format!("{audio}a=ice-options:google-ice\r\n");
        Tester::new(RuleId::LenientIceCharacters, ProfileChoice::WebRtc)
            .test(&[&ok], &[&underscore, &dash]);
    }
}
