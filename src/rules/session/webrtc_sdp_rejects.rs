//! `webrtc-sdp-rejects`: a description that sdpcheck's parser accepts and
//! mozilla/webrtc-sdp rejects (off by default).

use crate::rules::context::Context;

declare_rule! {
    /// ## What it does
    /// Flags a description that mozilla/webrtc-sdp rejects although
    /// sdpcheck's own parser accepts it. The description is handed to
    /// webrtc-sdp, the Rust SDP parser written for Firefox, and each fault it
    /// finds is reported on the line it is about, with its own words in the
    /// help.
    ///
    /// **Off by default** (`--select SDP1004` or `--select webrtc-sdp-rejects`
    /// runs it; it was called `browser-acceptance`, a name still accepted).
    /// Shipping Firefox does not use webrtc-sdp: it parses with SIPCC
    /// (`media.peerconnection.sdp.parser = "sipcc"`,
    /// `alternate_parse_mode = "never"`), so webrtc-sdp decides nothing in a
    /// real browser, and half of what it refused, both real browsers accept
    /// (measured with Chromium 156 and Firefox ESR 153, issue 14). Its
    /// findings therefore name no stack (`stacks` is empty); what real
    /// browsers refuse has native rules.
    ///
    /// The rule reports nothing when sdpcheck's parser already reported a
    /// syntax finding (that finding says what is wrong), when the bytes are not
    /// UTF-8 (`invalid-utf8` says so), or when another rule already reports an
    /// error on the same line (`invalid-setup-role` explains a refused
    /// `a=setup:client` better than the parser's message does). It runs under
    /// the WebRTC profile only.
    ///
    /// The check needs the `browser-check` cargo feature (on by default). A
    /// library built without it (to keep the MPL-2.0 webrtc-sdp out of its
    /// dependency tree) still lists the rule, which then reports nothing. It
    /// costs about one full webrtc-sdp parse per description, far more than
    /// any other rule, which is one more reason it is off by default. webrtc-sdp's
    /// time grows with the square of a section's line count, so a media
    /// section of thousands of lines (or a description of tens of thousands)
    /// is checked line by line only, not for its structure.
    ///
    /// ## Why is this bad?
    /// A browser refuses the whole description when its parser refuses one
    /// line: `setRemoteDescription` fails, and the platforms report Telnyx
    /// 40004 (`SDP_SET_REMOTE_DESCRIPTION_FAILED`) or Twilio 53402 ("Client is
    /// unable to apply a remote media description"). Browser parsers are
    /// stricter than RFC 8866 in places, so a description can be valid SDP and
    /// still be refused; no RFC check finds those places, a browser's parser
    /// does.
    ///
    /// Some of what webrtc-sdp refuses is valid RFC 8866. It is reported all
    /// the same, because a browser parser rejects this, and the help says the
    /// line is valid SDP:
    ///
    /// - any description under 51 bytes: `string too short to be valid SDP`;
    /// - every `u=`, `e=`, `p=`, `r=`, `z=` and `k=` line: `unsupported type
    ///   uri`, `unsupported type email`, `unsupported type phone`,
    ///   `unsupported type repeat`, `unsupported type zone`, `unsupported
    ///   insecure key exchange`;
    /// - an `o=` session id or version above 2^64-1: `number too large to fit
    ///   in target type`. JSEP (RFC 9429 §5.2.1) asks for a 63-bit id anyway;
    /// - a second `c=` line in a media section: `connection type already
    ///   exists at this media level`.
    ///
    /// Under the SIP profile none of this is a finding: SIP stacks accept all
    /// of it, and the rule does not run.
    ///
    /// Whole-description faults webrtc-sdp words as (each located by sdpcheck,
    /// because webrtc-sdp says "line 0"):
    ///
    /// - `Without connection type at session level all media sections must
    ///   have connection types`: it wants a `c=` line in every section, even a
    ///   rejected (port 0) one, unless the session level has one;
    /// - `Extmap can't be define at session and media level`;
    /// - `rtcp-mux-only media sections must also contain the rtcp-mux
    ///   attribute` (RFC 8858 §3 says so too);
    /// - `Rid pts must be declared in the media section`;
    /// - `Simulcast RIDs must be defined in any rid attribute`.
    ///
    /// Lines in the wrong place are worded `<attribute> not allowed at session
    /// level` (`a=mid`, `a=rtpmap`, `a=candidate` before the first `m=`),
    /// `<attribute> not allowed at media level` (`a=group`, `a=ice-lite`,
    /// `a=msid-semantic` inside a section), and `connection type already
    /// exists at this media level`. webrtc-sdp drops an `m=` line whose
    /// transport it does not know (`m=image 9 udptl t38`) and reads the lines
    /// after it as part of the previous section, so the `c=` line of a T.38 or
    /// MSRP section becomes a second `c=` line of the audio section before it:
    /// the finding then points at the dropped `m=` line too.
    ///
    /// webrtc-sdp is also looser than Chrome in places: it accepts a duplicate
    /// `a=mid`, a BUNDLE group naming no section, `a= sendrecv` and an empty
    /// `s=`. sdpcheck's own rules report those (`duplicate-mid`,
    /// `bundle-unknown-mid`, `malformed-attribute`, `empty-session-name`).
    ///
    /// ### webrtc-sdp quirks
    /// Measured on webrtc-sdp 0.3.17. The differential tests compare what the
    /// two parsers read from every fixture (media sections, origin,
    /// connection); a difference this table does not explain fails them.
    ///
    /// | quirk | what webrtc-sdp does | what sdpcheck does |
    /// | --- | --- | --- |
    /// | `line-index` | an error's `line_number` is a 0-based index into `str::lines()`, blank lines counted | mapped to sdpcheck's own line (1-based, same splitting on `\n` and `\r\n`) |
    /// | `session-line-zero` | whole-description checks (`c=` in every section, `a=extmap` at both levels, `a=rtcp-mux-only` without `a=rtcp-mux`, `a=rid` payload types, `a=simulcast` rids) all say line 0 | sdpcheck runs webrtc-sdp on the session level with each section in turn, and points at the attribute the message names (or the section's `m=` line), in every section at fault |
    /// | `last-error-only` | of several bad lines, only the last one is returned | sdpcheck runs webrtc-sdp's line parser on every line and reports each bad line |
    /// | `min-length` | rejects any description under 51 bytes (`string too short to be valid SDP`), valid or not | reported under the WebRTC profile as a browser-only rejection of valid RFC 8866; never under SIP |
    /// | `unsupported-line-types` | rejects every `u=`, `e=`, `p=`, `r=`, `z=` and `k=` line, all valid RFC 8866 | reported under the WebRTC profile as a browser-only rejection of valid RFC 8866; never under SIP |
    /// | `u64-origin` | rejects an `o=` session id or version above 2^64-1 (RFC 8866 allows any number of digits) | reported under the WebRTC profile as a browser-only rejection of valid RFC 8866; never under SIP |
    /// | `one-connection-per-section` | rejects a second `c=` line in a media section (`connection type already exists at this media level`); RFC 8866 allows several, for layered multicast | reported under the WebRTC profile as a browser-only rejection of valid RFC 8866; never under SIP |
    /// | `drops-unknown-transport` | an `m=` line whose transport it does not know (`udptl`, `TCP/MRCPv2`, `TCP/MSRP`) is dropped with a warning, and the lines after it join the previous section (or the session level) | sections are never matched by index: the comparison skips dropped sections, and a rejection inside one says that webrtc-sdp dropped its `m=` line |
    /// | `case-insensitive-tokens` | reads the media type and the transport case-insensitively, and stores them in its own case (`AUDIO` is `audio`, `rtp/avp` is `RTP/AVP`) | a difference in case only is not a disagreement |
    /// | `host-normalisation` | reads host names with the URL host parser: lower-cased, IDNA-encoded (`É` is `xn--9ca`), and a numeric host name (`0x7f.1`) becomes an IPv4 address; it reads the address type case-insensitively, so in `c=in ip4 É` it sees an IPv4 host name where sdpcheck sees an extension address type (`ip4`), whose address is any text | a host name that differs only that way is not a disagreement |
    /// | `unicode-whitespace` | splits `o=` fields on any Unicode whitespace (U+00A0, U+2003, ...), which RFC 8866 allows inside a `non-ws-string` | an `o=` username that differs only by such characters is not a disagreement |
    /// | `accepts-what-chrome-rejects` | accepts a duplicate `a=mid`, a BUNDLE group naming no section, `a= sendrecv` and an empty `s=`, which Chrome rejects | sdpcheck's own rules report those (`duplicate-mid`, `bundle-unknown-mid`, `malformed-attribute`, `empty-session-name`) |
    ///
    /// ## Example
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// c=IN IP4 0.0.0.0
    /// a=mid:0
    /// a=rtcp-mux-only
    /// a=rtpmap:111 opus/48000/2
    /// ```
    ///
    /// Use instead:
    /// ```sdp
    /// m=audio 9 UDP/TLS/RTP/SAVPF 111
    /// c=IN IP4 0.0.0.0
    /// a=mid:0
    /// a=rtcp-mux
    /// a=rtcp-mux-only
    /// a=rtpmap:111 opus/48000/2
    /// ```
    ///
    /// ## References
    /// - mozilla/webrtc-sdp 0.3.17, `src/lib.rs` (`parse_sdp`, `sanity_check_sdp_session`)
    /// - RFC 9429 §5.8 (JSEP: parsing a remote description; failure rejects it whole)
    /// - RFC 9429 §5.2.1 (JSEP: `<sess-id>` is a 64-bit signed integer below 2^63)
    /// - RFC 8866 §5 (the line types, `u= e= p= r= z=` included), §5.2 (`sess-id = 1*DIGIT`)
    /// - RFC 8858 §3 (`a=rtcp-mux-only` comes with `a=rtcp-mux`)
    /// - RFC 8285 §7 (`a=extmap` at session or media level)
    /// - RFC 8851 §4 and RFC 8853 §5.1 (`a=rid` payload types, `a=simulcast` rids)
    pub(crate) const DOCS;
}

/// Runs webrtc-sdp on the description and reports what it rejects (nothing
/// when the `browser-check` feature is off).
pub(crate) fn webrtc_sdp_rejects(ctx: &mut Context<'_, '_>) {
    #[cfg(feature = "browser-check")]
    enabled::check(ctx);
    #[cfg(not(feature = "browser-check"))]
    let _ = ctx;
}

/// The check itself, built only with the `browser-check` feature.
#[cfg(feature = "browser-check")]
mod enabled {
    use crate::browser::{self, Rejection, RejectionKind};
    use crate::finding::{Finding, Severity};
    use crate::model::{Line, LineKind, SessionDescription};
    use crate::parse::attribute::AttrValue;
    use crate::registry::{RuleId, RuleKind};
    use crate::rules::context::Context;
    use crate::rules::shown;
    use crate::span::Span;

    /// Reports each fault webrtc-sdp finds where sdpcheck's parser found none.
    pub(super) fn check(ctx: &mut Context<'_, '_>) {
        let sdp = ctx.sdp;
        // The clean path: webrtc-sdp accepts (one parse of the description).
        let found = browser::rejections(sdp);
        if found.is_empty() {
            return;
        }
        // Where sdpcheck's parser found a fault, its finding says what is
        // wrong, and a browser's complaint about the same bytes would be
        // noise. The parser's findings come first in `earlier()`.
        if ctx.earlier().iter().any(|f| f.rule().meta().kind == RuleKind::Syntax) {
            return;
        }
        let covered = other_errors(ctx);
        for rejection in &found {
            let line = rejection.line.and_then(|i| browser::line_at(sdp, i));
            if let Some(line) = line {
                let on_line = |s: &Span| s.start >= line.span.start && s.start <= line.span.end;
                if covered.iter().any(on_line) {
                    continue;
                }
            }
            // A fault of the whole description is anchored on `v=`.
            let Some(anchor) = line.or_else(|| sdp.lines().first()) else { continue };
            ctx.report(webrtc_sdp_rejects_diagnostic(sdp, rejection, anchor));
        }
    }

    /// The primary spans of the errors the other selected rules reported on
    /// this description (they ran before this rule, which the registry marks
    /// `reads_earlier`): a browser rejection on one of those lines is the
    /// same fault, which that rule explains better.
    fn other_errors(ctx: &Context<'_, '_>) -> Vec<Span> {
        ctx.earlier()
            .iter()
            .filter(|f| f.rule().meta().kind == RuleKind::Session)
            .filter(|f| f.severity() == Severity::Error)
            .filter_map(Finding::primary_span)
            .collect()
    }

    /// Builds the finding for one rejection, anchored on `line`.
    fn webrtc_sdp_rejects_diagnostic(
        sdp: &SessionDescription<'_>,
        rejection: &Rejection,
        line: &Line<'_>,
    ) -> Finding {
        let said = format!("webrtc-sdp, Firefox's SDP parser, says `{}`", said(&rejection.message));
        let text = String::from_utf8_lossy(sdp.text(line.span));
        let valid = "it is valid RFC 8866, but a browser parser rejects this";
        match (rejection.kind, rejection.quirk.map(|q| q.id)) {
            (RejectionKind::Length, _) => {
                let len = sdp.source().len();
                Finding::new(
                    RuleId::WebrtcSdpRejects,
                    format!("Browser SDP parser rejects a description of {len} bytes, under its minimum of {}", browser::MIN_LENGTH),
                )
                .with_label(line.span, format!("the whole description is {len} bytes"))
                .with_help(format!("send the complete description, with its media sections: {valid} ({said})"))
            }
            (_, Some("unsupported-line-types")) => {
                let letter = text.get(..1).unwrap_or("?");
                Finding::new(
                    RuleId::WebrtcSdpRejects,
                    format!("Browser SDP parser rejects the `{letter}=` line"),
                )
                .with_label(line.span, format!("webrtc-sdp does not support `{letter}=` lines"))
                .with_help(format!(
                    "remove this line before the description reaches a browser: {valid} ({said})"
                ))
            }
            (_, Some("u64-origin")) => origin_diagnostic(sdp, line, &said),
            (_, Some("one-connection-per-section")) => Finding::new(
                RuleId::WebrtcSdpRejects,
                "Browser SDP parser rejects a second `c=` line in one media section",
            )
            .with_label(line.span, "a browser parser takes one `c=` line per section")
            .with_help(format!(
                "keep one `c=` line in this section (browsers send one unicast address per section): {valid} ({said})"
            )),
            (RejectionKind::Line, _) => Finding::new(
                RuleId::WebrtcSdpRejects,
                format!("Browser SDP parser rejects `{}`", shown(&text)),
            )
            .with_label(line.span, "a browser parser cannot read this line")
            .with_help(format!("write this line the way browsers write it, or remove it: {said}")),
            (RejectionKind::Placement, _) => placement_diagnostic(sdp, line, &text, &said),
            (RejectionKind::Description, _) => description_diagnostic(sdp, rejection, line, &said),
        }
    }

    /// An `o=` line whose session id or version does not fit in 64 bits:
    /// labelled on the number.
    fn origin_diagnostic(sdp: &SessionDescription<'_>, line: &Line<'_>, said: &str) -> Finding {
        let LineKind::Origin(o) = &line.kind else {
            return Finding::new(
                RuleId::WebrtcSdpRejects,
                "Browser SDP parser rejects the `o=` line",
            )
            .with_label(line.span, "a browser parser cannot read this line")
            .with_help(said.to_owned());
        };
        let (what, digits) = if o.sess_id.parse::<u64>().is_err() {
            ("session id", o.sess_id)
        } else {
            ("session version", o.sess_version)
        };
        Finding::new(
            RuleId::WebrtcSdpRejects,
            format!("Browser SDP parser rejects {what} `{}`, longer than 64 bits", shown(digits)),
        )
        .with_label(sdp.span_of(digits), format!("{} digits", digits.len()))
        .with_help(format!(
            "use a {what} below 2^63, as JSEP asks and as browsers write it (`o=- 4611731400430051336 2 IN IP4 127.0.0.1`); \
             the long one is valid RFC 8866, but a browser parser rejects this ({said})"
        ))
    }

    /// A line in a place webrtc-sdp does not allow it. When its section's
    /// `m=` line is one webrtc-sdp dropped, the line joined the section
    /// before: say so, with a label on the dropped `m=` line.
    fn placement_diagnostic(
        sdp: &SessionDescription<'_>,
        line: &Line<'_>,
        text: &str,
        said: &str,
    ) -> Finding {
        let finding = Finding::new(
            RuleId::WebrtcSdpRejects,
            format!("Browser SDP parser rejects `{}` in this place", shown(text)),
        );
        let dropped = sdp
            .media()
            .find(|m| m.lines().iter().any(|l| l.span == line.span))
            .and_then(|m| m.header().zip(m.media_line()))
            .filter(|(header, _)| browser::is_dropped(sdp, header));
        if let Some((_, m)) = dropped {
            return finding
                .with_label(line.span, "read as part of the previous section")
                .with_label(
                    sdp.span_of(m.proto),
                    format!("webrtc-sdp drops this `m=` line: it does not know `{}`", shown(m.proto)),
                )
                .with_help(format!(
                    "webrtc-sdp drops an `m=` line whose transport it does not know and reads the lines after it as part of the previous section; \
                     give this section a transport browsers know, or leave it out of what a browser receives ({said})"
                ));
        }
        let fix = if said.contains("not allowed at media level") {
            "move this line to the session level, before the first `m=` line"
        } else if said.contains("not allowed at session level") {
            "move this line into the media section it describes, after its `m=` line"
        } else {
            "move or remove this line"
        };
        finding
            .with_label(line.span, "not allowed here by a browser parser")
            .with_help(format!("{fix}: {said}"))
    }

    /// A whole-description fault, on the line sdpcheck located (or `v=`).
    fn description_diagnostic(
        sdp: &SessionDescription<'_>,
        rejection: &Rejection,
        line: &Line<'_>,
        said: &str,
    ) -> Finding {
        let m = rejection.message.as_str();
        let (message, label, fix) = if m.starts_with("Without connection type") {
            (
                "Browser SDP parser wants a `c=` line in this section or at session level",
                "no `c=` line in this section, and none at session level",
                "add `c=IN IP4 0.0.0.0` to this section (a browser parser wants one in every section, even a rejected one), or one `c=` line at session level",
            )
        } else if m.starts_with("Extmap") {
            (
                "Browser SDP parser rejects `a=extmap` at both session and media level",
                "`a=extmap` in a section, with others at session level",
                "keep the `a=extmap` lines at one level: in the media sections (as browsers write them), or at session level only",
            )
        } else if m.starts_with("rtcp-mux-only") {
            (
                "Browser SDP parser rejects `a=rtcp-mux-only` without `a=rtcp-mux`",
                "no `a=rtcp-mux` in this section",
                "add `a=rtcp-mux` next to `a=rtcp-mux-only`",
            )
        } else if m.starts_with("Rid pts") {
            (
                "Browser SDP parser rejects an `a=rid` payload type that the `m=` line does not list",
                "not a payload type of this section's `m=` line",
                "list every `pt=` payload type of `a=rid` on the `m=` line, or drop it from `pt=`",
            )
        } else if m.starts_with("Simulcast") {
            (
                "Browser SDP parser rejects an `a=simulcast` rid with no `a=rid` line",
                "a rid with no `a=rid` line of that direction",
                "add an `a=rid:<id> send` (or `recv`) line for every rid that `a=simulcast` lists",
            )
        } else {
            (
                "Browser SDP parser rejects the description",
                "a browser parser stops here",
                "fix what the browser parser names",
            )
        };
        // The exact bytes where the model has them: the undeclared payload
        // type of `a=rid`; and the session-level `a=extmap` it clashes with.
        let primary = if m.starts_with("Rid pts") { undeclared_pt(sdp, line) } else { None };
        let finding = Finding::new(RuleId::WebrtcSdpRejects, message)
            .with_label(primary.unwrap_or(line.span), label)
            .with_help(format!("{fix} ({said})"));
        let session_extmap = sdp.session_attributes().find(|(_, a)| a.name == "extmap");
        match session_extmap {
            Some((other, _)) if m.starts_with("Extmap") => {
                finding.with_label(other.span, "and this one at session level")
            }
            _ => finding,
        }
    }

    /// The first `pt=` payload type of the `a=rid` on `line` that its
    /// section's `m=` line does not list.
    fn undeclared_pt(sdp: &SessionDescription<'_>, line: &Line<'_>) -> Option<Span> {
        let LineKind::Attribute(a) = &line.kind else { return None };
        let AttrValue::Rid(rid) = &a.typed else { return None };
        let media = sdp.media().find(|m| m.lines().iter().any(|l| l.span == line.span))?;
        let m = media.media_line()?;
        let pt = rid
            .params()
            .filter(|p| p.name == "pt")
            .filter_map(|p| p.value)
            .flat_map(|pts| pts.split(','))
            .find(|pt| !m.formats().any(|f| f == *pt))?;
        Some(sdp.span_of(pt))
    }

    /// webrtc-sdp's message, cut to a readable length (it may quote a line).
    fn said(message: &str) -> String {
        const MAX: usize = 120;
        match message.char_indices().nth(MAX) {
            Some((cut, _)) => format!("{}…", message.get(..cut).unwrap_or(message)),
            None => message.to_owned(),
        }
    }
}

#[cfg(all(test, feature = "browser-check"))]
mod tests {
    use crate::registry::RuleId;
    use crate::select::{Selection, Selector};
    use crate::{Finding, Options, ProfileChoice};

    /// A Chrome-shaped audio offer; `{}` is inserted after `s=-`.
    fn offer(after_s: &str, in_media: &str) -> String {
        format!(
            "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n{after_s}t=0 0\r\n\
             a=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n\
             a=ice-ufrag:Zq3v\r\na=ice-pwd:Jd8rW2kPz5yQmN0tLx7bHc4s\r\n\
             a=fingerprint:sha-256 9C:41:E7:0A:52:B3:6D:F8:14:C2:87:3E:A9:5F:D0:66:2B:71:C8:E4:30:9A:5D:F2:87:1B:6C:E0:43:A8:D5:19\r\n\
             a=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\n\
             a=rtpmap:111 opus/48000/2\r\n{in_media}"
        )
    }

    fn browser_findings(text: &[u8], options: &Options) -> Vec<Finding> {
        let report = crate::check_with(text, options);
        report.findings().iter().filter(|f| f.rule() == RuleId::WebrtcSdpRejects).cloned().collect()
    }

    /// The WebRTC profile with every rule, this one included (it is off
    /// by default: `--select ALL --select SDP1004`).
    fn webrtc() -> Options {
        let select = [Selector::All, Selector::Rule(RuleId::WebrtcSdpRejects)];
        Options {
            profile: ProfileChoice::WebRtc,
            selection: Selection::new(&select, &[]),
            ..Options::default()
        }
    }

    #[test]
    fn off_by_default_and_names_no_stack() {
        let text = offer("u=https://example.com/call\r\n", "");
        let default = Options { profile: ProfileChoice::WebRtc, ..Options::default() };
        assert!(browser_findings(text.as_bytes(), &default).is_empty());
        let found = browser_findings(text.as_bytes(), &webrtc());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].stacks().is_empty());
    }

    #[test]
    fn clean_offer_is_accepted() {
        assert!(browser_findings(offer("", "").as_bytes(), &webrtc()).is_empty());
    }

    #[test]
    fn valid_rfc_lines_are_reported_as_browser_only_under_webrtc() {
        let text = offer("u=https://example.com/call\r\n", "");
        let found = browser_findings(text.as_bytes(), &webrtc());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].message(), "Browser SDP parser rejects the `u=` line");
        assert!(
            found[0].help().unwrap().contains("valid RFC 8866, but a browser parser rejects this")
        );
        let report = crate::check_with(text.as_bytes(), &webrtc());
        let span = found[0].primary_span().unwrap();
        assert_eq!(report.position(span.start as usize), (4, 1));
    }

    #[test]
    fn nothing_under_sip() {
        let text = offer("u=https://example.com/call\r\n", "");
        let sip = Options { profile: ProfileChoice::Sip, ..Options::default() };
        assert!(browser_findings(text.as_bytes(), &sip).is_empty());
    }

    #[test]
    fn short_description_is_anchored_on_v() {
        let text = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n";
        let found = browser_findings(text, &webrtc());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].primary_span().map(|s| s.start), Some(0));
        assert!(found[0].message().contains("under its minimum of 51"));
    }

    #[test]
    fn quiet_where_our_parser_found_a_fault() {
        // A browser-only `u=` line, and an uppercase line type sdpcheck reports.
        let text = offer("u=https://example.com/call\r\n", "A=sendrecv\r\n");
        assert!(browser_findings(text.as_bytes(), &webrtc()).is_empty());
        // Not UTF-8: `invalid-utf8` reports it, webrtc-sdp cannot read it.
        let mut bytes = offer("k=prompt\r\n", "").into_bytes();
        let at = bytes.windows(3).position(|w| w == b"s=-").unwrap();
        bytes[at + 2] = 0xFF;
        assert!(browser_findings(&bytes, &webrtc()).is_empty());
    }

    #[test]
    fn quiet_where_another_rule_explains_the_line() {
        let text = offer("", "").replace("a=setup:actpass", "a=setup:client");
        assert!(browser_findings(text.as_bytes(), &webrtc()).is_empty());
        // With that rule ignored, the browser's complaint is the only word.
        let ignore: Selector = "invalid-setup-role".parse().unwrap();
        let select = [Selector::All, Selector::Rule(RuleId::WebrtcSdpRejects)];
        let options = Options { selection: Selection::new(&select, &[ignore]), ..webrtc() };
        let found = browser_findings(text.as_bytes(), &options);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].help().unwrap().contains("Unsupported setup value"));
    }

    #[test]
    fn an_ignored_syntax_rule_no_longer_stands_for_the_line() {
        // The parser's finding, once ignored, is not among the earlier
        // findings, so the browser's complaint is reported, as it is for an
        // ignored session rule.
        let text = offer("u=https://example.com/call\r\n", "A=sendrecv\r\n");
        let ignore: Selector = "invalid-line".parse().unwrap();
        let select = [Selector::All, Selector::Rule(RuleId::WebrtcSdpRejects)];
        let options = Options { selection: Selection::new(&select, &[ignore]), ..webrtc() };
        assert!(!browser_findings(text.as_bytes(), &options).is_empty());
    }

    #[test]
    fn every_bad_line_is_reported() {
        let text = offer("", "a=ptime:20.5\r\na=imageattr:111 foo\r\n");
        let found = browser_findings(text.as_bytes(), &webrtc());
        let report = crate::check_with(text.as_bytes(), &webrtc());
        let lines: Vec<_> = found
            .iter()
            .map(|f| report.position(f.primary_span().unwrap().start as usize).0)
            .collect();
        assert_eq!(lines, [16, 17], "{found:?}");
    }
}
