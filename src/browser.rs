//! A browser's SDP parser as a second opinion: mozilla/webrtc-sdp.
//!
//! webrtc-sdp (crates.io `webrtc-sdp`, MPL-2.0) is the Rust SDP parser
//! written for Firefox. It answers a question no RFC check answers: "would a
//! strict browser parser accept this description?". This module is the only
//! place that talks to it, for two callers:
//!
//! - the `webrtc-sdp-rejects` rule (SDP1004) asks [`rejections`]: every
//!   fault webrtc-sdp finds, each located on one of *our* lines;
//! - the differential tests (`tests/it/differential.rs`) and the
//!   `differential` fuzz target ask [`compare`]: when both parsers accept a
//!   description, do they read the same media sections, origin and
//!   connection?
//!
//! webrtc-sdp 0.3.17 reads some descriptions differently from RFC 8866 and
//! from sdpcheck. Each known way is one [`Quirk`] in [`QUIRKS`], the same
//! table `sdpcheck explain webrtc-sdp-rejects` prints; a [`Difference`] that
//! no quirk explains is a bug in one of the two parsers.
//!
//! Only built with the `browser-check` cargo feature (on by default). No
//! webrtc-sdp type appears in this module's API, so its releases do not
//! change ours.

use std::net::IpAddr;

use webrtc_sdp::SdpSession;
use webrtc_sdp::address::ExplicitlyTypedAddress;
use webrtc_sdp::error::SdpParserError;
use webrtc_sdp::media_type::SdpFormatList;

use crate::model::{Line, LineKind, SessionDescription};
use crate::parse::Parsed;
use crate::parse::attribute::AttrValue;

/// webrtc-sdp refuses any description shorter than this many bytes
/// (`string too short to be valid SDP`, the `min-length` quirk).
pub const MIN_LENGTH: usize = 51;

/// One way webrtc-sdp 0.3.17 reads a description differently from RFC 8866
/// or from sdpcheck, and what sdpcheck does about it.
#[derive(Debug)]
pub struct Quirk {
    /// Stable id, the first column of the table in the SDP1004 docs.
    pub id: &'static str,
    /// What webrtc-sdp does.
    pub behaviour: &'static str,
    /// What sdpcheck does about it.
    pub handling: &'static str,
    /// True when this quirk explains a [`Difference`]. Quirks about what
    /// webrtc-sdp rejects, or how it reports it, never do.
    explains: fn(&Difference) -> bool,
}

/// Quirks are the same when their ids are.
impl PartialEq for Quirk {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Quirk {}

impl Quirk {
    /// True when this quirk explains `difference`.
    pub fn explains(&self, difference: &Difference) -> bool {
        (self.explains)(difference)
    }
}

/// Index of each quirk in [`QUIRKS`], for the code that names one.
mod q {
    pub(super) const MIN_LENGTH: usize = 3;
    pub(super) const UNSUPPORTED_LINE_TYPES: usize = 4;
    pub(super) const U64_ORIGIN: usize = 5;
    pub(super) const ONE_CONNECTION: usize = 6;
}

/// Every known webrtc-sdp 0.3.17 quirk: the allow-list of the differential
/// tests, and the table in `sdpcheck explain webrtc-sdp-rejects` (a unit
/// test keeps the two identical).
pub static QUIRKS: &[Quirk] = &[
    Quirk {
        id: "line-index",
        behaviour: "an error's `line_number` is a 0-based index into `str::lines()`, blank lines counted",
        handling: "mapped to sdpcheck's own line (1-based, same splitting on `\\n` and `\\r\\n`)",
        explains: never,
    },
    Quirk {
        id: "session-line-zero",
        behaviour: "whole-description checks (`c=` in every section, `a=extmap` at both levels, `a=rtcp-mux-only` without `a=rtcp-mux`, `a=rid` payload types, `a=simulcast` rids) all say line 0",
        handling: "sdpcheck runs webrtc-sdp on the session level with each section in turn, and points at the attribute the message names (or the section's `m=` line), in every section at fault",
        explains: never,
    },
    Quirk {
        id: "last-error-only",
        behaviour: "of several bad lines, only the last one is returned",
        handling: "sdpcheck runs webrtc-sdp's line parser on every line and reports each bad line",
        explains: never,
    },
    Quirk {
        id: "min-length",
        behaviour: "rejects any description under 51 bytes (`string too short to be valid SDP`), valid or not",
        handling: "reported under the WebRTC profile as a browser-only rejection of valid RFC 8866; never under SIP",
        explains: never,
    },
    Quirk {
        id: "unsupported-line-types",
        behaviour: "rejects every `u=`, `e=`, `p=`, `r=`, `z=` and `k=` line, all valid RFC 8866",
        handling: "reported under the WebRTC profile as a browser-only rejection of valid RFC 8866; never under SIP",
        explains: never,
    },
    Quirk {
        id: "u64-origin",
        behaviour: "rejects an `o=` session id or version above 2^64-1 (RFC 8866 allows any number of digits)",
        handling: "reported under the WebRTC profile as a browser-only rejection of valid RFC 8866; never under SIP",
        explains: never,
    },
    Quirk {
        id: "one-connection-per-section",
        behaviour: "rejects a second `c=` line in a media section (`connection type already exists at this media level`); RFC 8866 allows several, for layered multicast",
        handling: "reported under the WebRTC profile as a browser-only rejection of valid RFC 8866; never under SIP",
        explains: never,
    },
    Quirk {
        id: "drops-unknown-transport",
        behaviour: "an `m=` line whose transport it does not know (`udptl`, `TCP/MRCPv2`, `TCP/MSRP`) is dropped with a warning, and the lines after it join the previous section (or the session level)",
        handling: "sections are never matched by index: the comparison skips dropped sections, and a rejection inside one says that webrtc-sdp dropped its `m=` line",
        explains: explains_dropped,
    },
    Quirk {
        id: "case-insensitive-tokens",
        behaviour: "reads the media type and the transport case-insensitively, and stores them in its own case (`AUDIO` is `audio`, `rtp/avp` is `RTP/AVP`)",
        handling: "a difference in case only is not a disagreement",
        explains: explains_case,
    },
    Quirk {
        id: "host-normalisation",
        behaviour: "reads host names with the URL host parser: lower-cased, IDNA-encoded (`É` is `xn--9ca`), and a numeric host name (`0x7f.1`) becomes an IPv4 address; it reads the address type case-insensitively, so in `c=in ip4 É` it sees an IPv4 host name where sdpcheck sees an extension address type (`ip4`), whose address is any text",
        handling: "a host name that differs only that way is not a disagreement",
        explains: explains_host,
    },
    Quirk {
        id: "unicode-whitespace",
        behaviour: "splits `o=` fields on any Unicode whitespace (U+00A0, U+2003, ...), which RFC 8866 allows inside a `non-ws-string`",
        handling: "an `o=` username that differs only by such characters is not a disagreement",
        explains: explains_unicode_whitespace,
    },
    Quirk {
        id: "accepts-what-chrome-rejects",
        behaviour: "accepts a duplicate `a=mid`, a BUNDLE group naming no section, `a= sendrecv` and an empty `s=`, which Chrome rejects",
        handling: "sdpcheck's own rules report those (`duplicate-mid`, `bundle-unknown-mid`, `malformed-attribute`, `empty-session-name`)",
        explains: never,
    },
];

/// The matcher of quirks that never explain a reading difference.
fn never(_: &Difference) -> bool {
    false
}

/// `drops-unknown-transport`: fewer sections by exactly the dropped ones,
/// or a `c=` line taken from a dropped section that follows.
fn explains_dropped(d: &Difference) -> bool {
    match d.field {
        Field::MediaCount => {
            let ours: usize = d.ours.parse().unwrap_or(0);
            let browser: usize = d.browser.parse().unwrap_or(0);
            d.dropped > 0 && ours.checked_sub(d.dropped) == Some(browser)
        }
        Field::SessionConnection | Field::MediaConnection { .. } => d.dropped > 0,
        _ => false,
    }
}

/// `case-insensitive-tokens`.
fn explains_case(d: &Difference) -> bool {
    matches!(d.field, Field::MediaKind { .. } | Field::Protocol { .. })
        && d.ours.eq_ignore_ascii_case(&d.browser)
}

/// `host-normalisation`: our side is a host name, theirs its lower-case
/// form, its IDNA (punycode) form, or an IP address made from it.
fn explains_host(d: &Difference) -> bool {
    let address = matches!(
        d.field,
        Field::OriginAddress | Field::SessionConnection | Field::MediaConnection { .. }
    );
    let idna = !d.ours.is_ascii() && d.browser.contains("xn--");
    address
        && d.ours.parse::<IpAddr>().is_err()
        && !d.ours.is_empty()
        && (d.ours.to_ascii_lowercase() == d.browser || d.browser.parse::<IpAddr>().is_ok() || idna)
}

/// `unicode-whitespace`: the username with non-ASCII whitespace cut off.
fn explains_unicode_whitespace(d: &Difference) -> bool {
    matches!(d.field, Field::OriginUsername)
        && d.ours.split_whitespace().next() == Some(d.browser.as_str())
        && d.ours.contains(|c: char| !c.is_ascii() && c.is_whitespace())
}

/// What kind of fault webrtc-sdp found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RejectionKind {
    /// A line it cannot parse (its `Line` error).
    Line,
    /// A line in a place it does not allow (its `Sequence` error with a
    /// line number: an attribute at the wrong level, a second `c=`).
    Placement,
    /// A whole-description check (its `Sequence` error on line 0),
    /// located by sdpcheck.
    Description,
    /// The description is under [`MIN_LENGTH`] bytes.
    Length,
}

/// One fault webrtc-sdp finds in a description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// What kind of fault.
    pub kind: RejectionKind,
    /// webrtc-sdp's own words, e.g. `Parsing error: Unsupported setup value`.
    pub message: String,
    /// The 0-based index of the line it is about (the index of
    /// [`SessionDescription::lines`]), or `None` for the whole description.
    pub line: Option<usize>,
    /// The quirk it comes from, when the description is valid RFC 8866
    /// there and only a browser refuses it.
    pub quirk: Option<&'static Quirk>,
}

/// Every fault webrtc-sdp 0.3.17 finds in `sdp`; empty when it accepts it,
/// or when the input is not UTF-8 (webrtc-sdp reads only `&str`; sdpcheck's
/// `invalid-utf8` rule reports that).
///
/// Works around `last-error-only` (every bad line is reported, not just the
/// last), `session-line-zero` (whole-description faults are located, in
/// every section that has one) and `min-length` (a short description is
/// also checked line by line).
///
/// webrtc-sdp's own `parse_sdp` takes time in the square of the number of
/// lines (it removes each line from the front of a `Vec`): 30,000 lines take
/// seconds. So the description is checked in pieces that give the same
/// verdict: every line on its own (linear), then the session level with
/// each media section in turn, as webrtc-sdp's structural checks are per
/// section. Pieces past [`MAX_WORK`] are not checked. A description of at
/// most [`MAX_COMPARE_LINES`] lines that webrtc-sdp accepts whole costs one
/// parse.
pub fn rejections(sdp: &SessionDescription<'_>) -> Vec<Rejection> {
    let Ok(text) = std::str::from_utf8(sdp.source()) else { return Vec::new() };
    // Where sdpcheck's parser stopped at a limit (`limit-exceeded`), its
    // model does not cover the text, and webrtc-sdp gets nothing unbounded.
    if text.lines().count() != sdp.lines().len() {
        return Vec::new();
    }
    // The common case, a description of ordinary size that webrtc-sdp
    // accepts, costs one parse.
    if sdp.lines().len() <= MAX_COMPARE_LINES && webrtc_sdp::parse_sdp(text, false).is_ok() {
        return Vec::new();
    }
    piecewise(text, sdp)
}

/// [`rejections`] without its first try on the whole description: only
/// the pieces. Public so that the differential tests and the fuzz target
/// can check that the pieces give webrtc-sdp's verdict on the whole.
pub fn rejections_piecewise(sdp: &SessionDescription<'_>) -> Vec<Rejection> {
    let Ok(text) = std::str::from_utf8(sdp.source()) else { return Vec::new() };
    if text.lines().count() != sdp.lines().len() {
        return Vec::new();
    }
    piecewise(text, sdp)
}

/// The pieces: the length check, every line, then the structure.
fn piecewise(text: &str, sdp: &SessionDescription<'_>) -> Vec<Rejection> {
    let mut out = Vec::new();
    if text.len() < MIN_LENGTH {
        // Returned at once, before any line is read.
        if let Err(error) = webrtc_sdp::parse_sdp(text, false) {
            out.push(Rejection {
                kind: RejectionKind::Length,
                message: short_message(&error),
                line: None,
                quirk: QUIRKS.get(q::MIN_LENGTH),
            });
        }
    }
    // webrtc-sdp reads every line before it looks at the structure, and
    // stops there if any line is bad: so do we.
    let before = out.len();
    line_errors(text, sdp, &mut out);
    if out.len() == before {
        structure_errors(text, sdp, &mut out);
    }
    out
}

/// The most structural parsing [`rejections`] does for one description:
/// the sum, over the pieces it hands to webrtc-sdp, of the square of their
/// line counts (webrtc-sdp's cost), about a tenth of a second of work.
/// Real descriptions need far less: a 50-section offer of 80 lines per
/// section is 50 × 90² = 405,000.
pub const MAX_WORK: usize = 20_000_000;

/// webrtc-sdp's message without the line it quotes (which may be long).
fn short_message(error: &SdpParserError) -> String {
    match error {
        SdpParserError::Line { error, .. } | SdpParserError::Unsupported { error, .. } => {
            error.to_string()
        }
        SdpParserError::Sequence { message, .. } => message.clone(),
    }
}

/// `last-error-only`: webrtc-sdp's own line parser on every line, as
/// `parse_sdp` runs it (same `str::lines()` indices, blank lines skipped).
fn line_errors(text: &str, sdp: &SessionDescription<'_>, out: &mut Vec<Rejection>) {
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if let Err(error @ SdpParserError::Line { .. }) = webrtc_sdp::parse_sdp_line(line, index) {
            out.push(Rejection {
                kind: RejectionKind::Line,
                message: short_message(&error),
                line: Some(index),
                quirk: line_quirk(sdp, index),
            });
        }
    }
}

/// The quirk behind a line webrtc-sdp refuses, if the line is valid RFC
/// 8866 (sdpcheck parsed it) and refused only for being what it is.
fn line_quirk(sdp: &SessionDescription<'_>, index: usize) -> Option<&'static Quirk> {
    match &line_at(sdp, index)?.kind {
        LineKind::Uri(_)
        | LineKind::Email(_)
        | LineKind::Phone(_)
        | LineKind::Repeat(_)
        | LineKind::ZoneAdjustments(_)
        | LineKind::Key(_) => QUIRKS.get(q::UNSUPPORTED_LINE_TYPES),
        LineKind::Origin(o)
            if o.sess_id.parse::<u64>().is_err() || o.sess_version.parse::<u64>().is_err() =>
        {
            QUIRKS.get(q::U64_ORIGIN)
        }
        _ => None,
    }
}

/// Our line at webrtc-sdp's 0-based `str::lines()` index (`line-index`).
///
/// Both split on `\n` and drop a `\r` before it, and both count blank
/// lines, so the index is the same; the line number is checked anyway.
pub(crate) fn line_at<'s, 'a>(
    sdp: &'s SessionDescription<'a>,
    index: usize,
) -> Option<&'s Line<'a>> {
    sdp.lines().get(index).filter(|l| l.number as usize == index + 1)
}

/// True when webrtc-sdp drops this `m=` line (`drops-unknown-transport`):
/// its line parser calls the transport unsupported, a warning, not an error.
pub(crate) fn is_dropped(sdp: &SessionDescription<'_>, header: &Line<'_>) -> bool {
    let Ok(text) = std::str::from_utf8(sdp.text(header.span)) else { return false };
    matches!(webrtc_sdp::parse_sdp_line(text, 0), Err(SdpParserError::Unsupported { .. }))
}

/// A media section as webrtc-sdp sees it: a kept `m=` line and the lines up
/// to the next kept one (a dropped section's lines join the one before).
struct Unit {
    /// Byte range in the text.
    start: usize,
    end: usize,
    /// Index of its first line (the `m=` line) and its number of lines.
    first_line: usize,
    lines: usize,
}

/// The structural faults: the session level alone, then the session level
/// with each section. webrtc-sdp's structural checks (a section's lines,
/// `c=` in every section, `a=extmap` at both levels, rtcp-mux-only, rid,
/// simulcast) each look at the session level and one section, so a piece
/// fails exactly when the whole description fails because of that section.
fn structure_errors(text: &str, sdp: &SessionDescription<'_>, out: &mut Vec<Rejection>) {
    let mut units: Vec<Unit> = Vec::new();
    for media in sdp.media() {
        let (Some(header), Some(last)) = (media.header(), media.lines().last()) else { continue };
        let end = last.span.end as usize + last.ending.as_bytes().len();
        if is_dropped(sdp, header) {
            // Before the first kept section, its lines are session lines.
            if let Some(unit) = units.last_mut() {
                unit.end = end;
                unit.lines += media.lines().len();
            }
            continue;
        }
        let start = header.span.start as usize;
        let first_line = header.number as usize - 1;
        units.push(Unit { start, end, first_line, lines: media.lines().len() });
    }
    let (session_end, session_lines) =
        units.first().map_or((text.len(), sdp.lines().len()), |u| (u.start, u.first_line));
    let Some(session) = text.get(..session_end) else { return };
    let mut work = session_lines.saturating_mul(session_lines);
    if work > MAX_WORK {
        return;
    }
    // A fault of the session level would show in every piece: report it once.
    if let Some((message, index)) = sequence_error(session) {
        let whole = index == 0 && !message.starts_with("first line");
        let (kind, line) = if whole {
            (RejectionKind::Description, None)
        } else {
            (RejectionKind::Placement, Some(index))
        };
        out.push(Rejection { kind, message, line, quirk: None });
        return;
    }
    for unit in &units {
        let n = session_lines + unit.lines;
        work = work.saturating_add(n.saturating_mul(n));
        if work > MAX_WORK {
            break;
        }
        let Some(body) = text.get(unit.start..unit.end) else { continue };
        let Some((message, index)) = sequence_error(&format!("{session}{body}")) else { continue };
        let rejection = if index == 0 && !message.starts_with("first line") {
            let line = locate(sdp, unit, &message);
            Rejection { kind: RejectionKind::Description, message, line, quirk: None }
        } else {
            // The piece's line index, back to the description's.
            let line =
                if index < session_lines { index } else { unit.first_line + index - session_lines };
            let quirk = placement_quirk(sdp, line, &message);
            Rejection { kind: RejectionKind::Placement, message, line: Some(line), quirk }
        };
        out.push(rejection);
    }
}

/// `one-connection-per-section`: a second `c=` line of the same section
/// (not one that joined it from a dropped section) is valid RFC 8866.
fn placement_quirk(
    sdp: &SessionDescription<'_>,
    index: usize,
    message: &str,
) -> Option<&'static Quirk> {
    if message != "connection type already exists at this media level" {
        return None;
    }
    let line = line_at(sdp, index)?;
    let media = sdp.media().find(|m| m.lines().iter().any(|l| l.span == line.span))?;
    let own = media.header().is_some_and(|h| !is_dropped(sdp, h));
    (own && media.connections().nth(1).is_some()).then(|| QUIRKS.get(q::ONE_CONNECTION)).flatten()
}

/// webrtc-sdp's structural verdict on a piece: the message and line index
/// of its `Sequence` error. Padded with blank lines (which it skips) to get
/// past its length check.
fn sequence_error(piece: &str) -> Option<(String, usize)> {
    let padded;
    let piece = if piece.len() < MIN_LENGTH {
        padded = format!("{piece}{}", "\n".repeat(MIN_LENGTH - piece.len()));
        padded.as_str()
    } else {
        piece
    };
    match webrtc_sdp::parse_sdp(piece, false) {
        Err(SdpParserError::Sequence { message, line_number }) => Some((message, line_number)),
        _ => None,
    }
}

/// `session-line-zero`: the line of `unit` a whole-description check is
/// about: the attribute the message names, else the `m=` line.
fn locate(sdp: &SessionDescription<'_>, unit: &Unit, message: &str) -> Option<usize> {
    let lines = sdp.lines().get(unit.first_line..unit.first_line + unit.lines)?;
    let named =
        |name: &str| lines.iter().position(|l| crate::rules::helpers::is_attribute(l, name));
    let within = if message.starts_with("Extmap") {
        named("extmap")
    } else if message.starts_with("rtcp-mux-only") {
        named("rtcp-mux-only")
    } else if message.starts_with("Simulcast") {
        named("simulcast")
    } else if message.starts_with("Rid pts") {
        undeclared_rid(lines).or_else(|| named("rid"))
    } else {
        None
    };
    Some(unit.first_line + within.unwrap_or(0))
}

/// The position in `lines` (a section, its `m=` line first) of the first
/// `a=rid` whose `pt=` list names a format the `m=` line does not list.
fn undeclared_rid(lines: &[Line<'_>]) -> Option<usize> {
    let LineKind::Media(m) = &lines.first()?.kind else { return None };
    lines.iter().position(|line| {
        let LineKind::Attribute(a) = &line.kind else { return false };
        let AttrValue::Rid(rid) = &a.typed else { return false };
        rid.params()
            .filter(|p| p.name == "pt")
            .filter_map(|p| p.value)
            .any(|pts| pts.split(',').any(|pt| !m.formats().any(|f| f == pt)))
    })
}

/// What the comparison of one description found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Comparison {
    /// The input is not UTF-8, and webrtc-sdp reads only `&str`.
    NotUtf8,
    /// sdpcheck's parser reported syntax findings; nothing compared.
    OursRejects,
    /// More than [`MAX_COMPARE_LINES`] lines: not compared (webrtc-sdp's
    /// time grows with the square of the line count).
    TooLarge,
    /// webrtc-sdp rejects what sdpcheck accepts: what SDP1004 reports.
    BrowserRejects(Vec<Rejection>),
    /// Both accept. Every difference in what they read, explained or not.
    BothAccept(Vec<Difference>),
}

impl Comparison {
    /// The differences no quirk explains: each is a bug in one parser.
    pub fn unexplained(&self) -> impl Iterator<Item = &Difference> {
        let all = match self {
            Comparison::BothAccept(d) => d.as_slice(),
            _ => &[],
        };
        all.iter().filter(|d| d.quirk().is_none())
    }
}

/// What a [`Difference`] is about. Sections are numbered as in sdpcheck
/// (0-based, every `m=` line counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Field {
    /// The number of media sections.
    MediaCount,
    /// A section's media type.
    MediaKind {
        /// The section.
        section: usize,
    },
    /// A section's port.
    Port {
        /// The section.
        section: usize,
    },
    /// A section's transport protocol.
    Protocol {
        /// The section.
        section: usize,
    },
    /// A section's format list.
    Formats {
        /// The section.
        section: usize,
    },
    /// A section's `c=` address.
    MediaConnection {
        /// The section.
        section: usize,
    },
    /// The `o=` username.
    OriginUsername,
    /// The `o=` session id.
    OriginSessionId,
    /// The `o=` session version.
    OriginSessionVersion,
    /// The `o=` unicast address.
    OriginAddress,
    /// The session-level `c=` address.
    SessionConnection,
}

/// One value the two parsers read differently from a description both
/// accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What differs.
    pub field: Field,
    /// sdpcheck's reading (`-` for none).
    pub ours: String,
    /// webrtc-sdp's reading (`-` for none).
    pub browser: String,
    /// How many `m=` lines webrtc-sdp dropped that bear on this field: all
    /// of them for [`Field::MediaCount`]; for a `c=` address, those whose
    /// lines joined this section (or the session level).
    pub dropped: usize,
}

impl Difference {
    /// The quirk that explains this difference, if one does.
    pub fn quirk(&self) -> Option<&'static Quirk> {
        QUIRKS.iter().find(|q| q.explains(self))
    }
}

/// Compares what sdpcheck and webrtc-sdp read from one description.
///
/// ```
/// let parsed = sdpcheck::parse(b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n\
/// c=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n");
/// let comparison = sdpcheck::browser::compare(&parsed);
/// assert_eq!(comparison, sdpcheck::browser::Comparison::BothAccept(vec![]));
/// ```
pub fn compare(parsed: &Parsed<'_>) -> Comparison {
    let sdp = parsed.sdp();
    let Ok(text) = std::str::from_utf8(sdp.source()) else { return Comparison::NotUtf8 };
    if !parsed.findings().is_empty() {
        return Comparison::OursRejects;
    }
    if sdp.lines().len() > MAX_COMPARE_LINES {
        return Comparison::TooLarge;
    }
    match webrtc_sdp::parse_sdp(text, false) {
        Ok(session) => Comparison::BothAccept(differences(sdp, &session)),
        Err(_) => Comparison::BrowserRejects(rejections(sdp)),
    }
}

/// The most lines [`compare`] (and the first try of [`rejections`]) hands
/// to webrtc-sdp whole: its time grows with the square of the line count,
/// and 2,000 lines in one section take about 25 ms.
pub const MAX_COMPARE_LINES: usize = 2_000;

/// Shown for an absent value.
const NONE: &str = "-";

/// Every difference between our reading and webrtc-sdp's.
fn differences(sdp: &SessionDescription<'_>, session: &SdpSession) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut push = |field, ours: String, browser: String, dropped| {
        if ours != browser {
            out.push(Difference { field, ours, browser, dropped });
        }
    };

    // Origin. A clean parse has exactly one `o=` line.
    let origin = sdp.session_lines().iter().find_map(|l| match &l.kind {
        LineKind::Origin(o) => Some(o),
        _ => None,
    });
    if let Some(o) = origin {
        let theirs = &session.origin;
        push(Field::OriginUsername, o.username.to_owned(), theirs.username.clone(), 0);
        push(Field::OriginSessionId, number(o.sess_id), theirs.session_id.to_string(), 0);
        push(
            Field::OriginSessionVersion,
            number(o.sess_version),
            theirs.session_version.to_string(),
            0,
        );
        let (ours, browser) = addresses(o.address, Some(&theirs.unicast_addr));
        push(Field::OriginAddress, ours, browser, 0);
    }

    // Which sections webrtc-sdp keeps, and how many dropped ones follow each
    // kept one (their lines join it) or lead (their lines join the session).
    let dropped: Vec<bool> =
        sdp.media().map(|m| m.header().is_some_and(|h| is_dropped(sdp, h))).collect();
    let total_dropped = dropped.iter().filter(|&&d| d).count();
    let leading = dropped.iter().take_while(|&&d| d).count();
    let following = |section: usize| dropped.iter().skip(section + 1).take_while(|&&d| d).count();

    let session_c = sdp.session_connection().map(|(_, c)| c.address);
    let (ours, browser) = addresses_opt(session_c, session.connection.as_ref().map(|c| &c.address));
    push(Field::SessionConnection, ours, browser, leading);

    let count = sdp.media().len();
    push(Field::MediaCount, count.to_string(), session.media.len().to_string(), total_dropped);

    let kept = sdp.media().filter(|m| !dropped.get(m.index()).copied().unwrap_or(false));
    for (media, theirs) in kept.zip(&session.media) {
        let section = media.index();
        let Some(m) = media.media_line() else { continue };
        push(Field::MediaKind { section }, m.media.to_owned(), theirs.get_type().to_string(), 0);
        push(Field::Port { section }, m.port.value.to_string(), theirs.get_port().to_string(), 0);
        push(Field::Protocol { section }, m.proto.to_owned(), theirs.get_proto().to_string(), 0);
        push(Field::Formats { section }, formats(m), their_formats(theirs.get_formats()), 0);
        let ours_c = media.connections().next().map(|(_, c)| c.address);
        let (ours, browser) =
            addresses_opt(ours_c, theirs.get_connection().as_ref().map(|c| &c.address));
        push(Field::MediaConnection { section }, ours, browser, following(section));
    }
    out
}

/// A decimal number as its value (webrtc-sdp keeps no leading zeros).
fn number(digits: &str) -> String {
    digits.parse::<u64>().map_or_else(|_| digits.to_owned(), |n| n.to_string())
}

/// Our format list, with payload types as their values under the media
/// types whose formats webrtc-sdp reads as integers.
fn formats(m: &crate::model::MediaLine<'_>) -> String {
    let integers = matches!(m.media.to_ascii_lowercase().as_str(), "audio" | "video");
    if !integers {
        return m.formats.to_owned();
    }
    m.formats().map(number).collect::<Vec<_>>().join(" ")
}

/// webrtc-sdp's format list, one space between formats.
fn their_formats(list: &SdpFormatList) -> String {
    match list {
        SdpFormatList::Integers(v) => v.iter().map(u32::to_string).collect::<Vec<_>>().join(" "),
        SdpFormatList::Strings(v) => v.join(" "),
        SdpFormatList::Unknown(s) => s.clone(),
    }
}

/// Both readings of an optional address, equal when they denote the same
/// host: the same IP address, or the same host name.
fn addresses_opt(ours: Option<&str>, theirs: Option<&ExplicitlyTypedAddress>) -> (String, String) {
    match ours {
        Some(ours) => addresses(ours, theirs),
        None => (NONE.to_owned(), theirs.map_or_else(|| NONE.to_owned(), their_address)),
    }
}

/// Both readings of an address; an IP literal is compared as an address
/// (`::1` and `0::1` are the same), so each side shows its canonical form.
fn addresses(ours: &str, theirs: Option<&ExplicitlyTypedAddress>) -> (String, String) {
    let ours = ours.parse::<IpAddr>().map_or_else(|_| ours.to_owned(), |ip| ip.to_string());
    (ours, theirs.map_or_else(|| NONE.to_owned(), their_address))
}

/// webrtc-sdp's address, as text.
fn their_address(address: &ExplicitlyTypedAddress) -> String {
    match address {
        ExplicitlyTypedAddress::Ip(ip) => ip.to_string(),
        ExplicitlyTypedAddress::Fqdn { domain, .. } => domain.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Chrome-shaped audio offer, one `{}` for extra media lines.
    fn offer(extra: &str) -> String {
        format!(
            "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n\
             a=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n\
             a=mid:0\r\na=rtpmap:111 opus/48000/2\r\n{extra}"
        )
    }

    fn rejections_of(text: &str) -> Vec<Rejection> {
        rejections(crate::parse(text.as_bytes()).sdp())
    }

    #[test]
    fn quirk_table_is_the_documented_table() {
        let docs = crate::rules::session::webrtc_sdp_rejects::DOCS;
        let rows = docs.lines().filter(|l| l.trim_start().starts_with("| `")).count();
        assert_eq!(rows, QUIRKS.len(), "one docs row per quirk");
        for quirk in QUIRKS {
            let row = format!("| `{}` | {} | {} |", quirk.id, quirk.behaviour, quirk.handling);
            assert!(docs.contains(&row), "docs lack the row:\n{row}");
        }
        assert_eq!(QUIRKS[q::MIN_LENGTH].id, "min-length");
        assert_eq!(QUIRKS[q::UNSUPPORTED_LINE_TYPES].id, "unsupported-line-types");
        assert_eq!(QUIRKS[q::U64_ORIGIN].id, "u64-origin");
        assert_eq!(QUIRKS[q::ONE_CONNECTION].id, "one-connection-per-section");
    }

    #[test]
    fn accepted_description_has_no_rejection() {
        assert!(rejections_of(&offer("")).is_empty());
    }

    #[test]
    fn line_index_counts_blank_lines_and_either_ending() {
        // A bad line after a blank line, with LF endings: index 7 either way.
        let text = offer("\r\na=setup:client\r\n").replace("\r\n", "\n");
        let found = rejections_of(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, Some(10));
        let sdp = crate::parse(text.as_bytes());
        let line = line_at(sdp.sdp(), 10).unwrap();
        assert_eq!(sdp.sdp().text(line.span), b"a=setup:client");
    }

    #[test]
    fn every_bad_line_is_reported_not_only_the_last() {
        let found = rejections_of(&offer("a=setup:client\r\na=ptime:20.5\r\n"));
        let lines: Vec<_> = found.iter().map(|r| r.line).collect();
        assert_eq!(lines, [Some(9), Some(10)]);
    }

    #[test]
    fn valid_rfc_lines_name_their_quirk() {
        let text = offer("").replace("s=-\r\n", "s=-\r\nu=https://example.com/\r\n");
        let found = rejections_of(&text);
        assert_eq!(found[0].quirk.map(|q| q.id), Some("unsupported-line-types"));
        let text = offer("").replace("4611731400430051336", "46117314004300513360000");
        let found = rejections_of(&text);
        assert_eq!(found[0].line, Some(1));
        assert_eq!(found[0].quirk.map(|q| q.id), Some("u64-origin"));
    }

    #[test]
    fn short_description_is_also_read_line_by_line() {
        let found = rejections_of("v=0\no=- 1 1 IN IP6 ::1\ns=-\nt=0 0\nk=prompt\n");
        let kinds: Vec<_> = found.iter().map(|r| (r.kind, r.line)).collect();
        assert_eq!(kinds, [(RejectionKind::Length, None), (RejectionKind::Line, Some(4))]);
        assert_eq!(found[0].message, "Parsing error: string too short to be valid SDP");
    }

    #[test]
    fn whole_description_checks_are_located() {
        // Second section without c=: the m= line of section 1 (line 9).
        let text = offer("m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\n")
            .replace("c=IN IP4 0.0.0.0\r\n", "")
            .replace("a=mid:0\r\n", "c=IN IP4 0.0.0.0\r\na=mid:0\r\n");
        let found = rejections_of(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, RejectionKind::Description);
        assert_eq!(found[0].line, Some(9));
        // rtcp-mux-only without rtcp-mux: the attribute's line.
        let found = rejections_of(&offer("a=rtcp-mux-only\r\n"));
        assert_eq!(found[0].line, Some(9));
    }

    #[test]
    fn second_connection_line_is_valid_rfc() {
        let text = offer("c=IN IP4 0.0.0.0\r\n");
        let found = rejections_of(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, Some(9));
        assert_eq!(found[0].quirk.map(|q| q.id), Some("one-connection-per-section"));
    }

    #[test]
    fn every_section_at_fault_is_reported() {
        // Sections 1 and 2 both lack c=, section 0 has one.
        let text = offer(
            "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\nm=video 9 UDP/TLS/RTP/SAVPF 97\r\na=mid:2\r\n",
        );
        let lines: Vec<_> = rejections_of(&text).iter().map(|r| r.line).collect();
        assert_eq!(lines, [Some(9), Some(11)]);
    }

    #[test]
    fn a_huge_section_costs_no_quadratic_time() {
        // 20,000 lines in one section: webrtc-sdp's parse_sdp would take
        // seconds; the line pass is linear and the structural pass is skipped.
        let extra = "a=ssrc:1 label:x\r\n".repeat(20_000);
        let text = offer(&extra);
        // Past the parser's size limit, the model is empty: nothing is run.
        let huge = offer(&"a=ssrc:1 label:x\r\n".repeat(60_000));
        let parsed = crate::parse(huge.as_bytes());
        let start = std::time::Instant::now();
        assert!(rejections(parsed.sdp()).is_empty());
        assert!(start.elapsed() < std::time::Duration::from_secs(1), "{:?}", start.elapsed());
        let parsed = crate::parse(text.as_bytes());
        let start = std::time::Instant::now();
        assert!(rejections(parsed.sdp()).is_empty());
        assert!(start.elapsed() < std::time::Duration::from_secs(2), "{:?}", start.elapsed());
    }

    #[test]
    fn dropped_section_lines_join_the_previous_one() {
        // The T.38 section's c= lands on the audio section, which has one.
        let text = offer("m=image 9 udptl t38\r\nc=IN IP4 0.0.0.0\r\n");
        let sdp = crate::parse(text.as_bytes());
        let found = rejections(sdp.sdp());
        assert_eq!(found[0].kind, RejectionKind::Placement);
        assert_eq!(found[0].line, Some(10));
        let header = line_at(sdp.sdp(), 9).unwrap();
        assert!(is_dropped(sdp.sdp(), header));
    }

    #[test]
    fn comparison_skips_dropped_sections() {
        let text = offer(
            "m=image 9 udptl t38\r\na=T38FaxVersion:0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n",
        );
        let parsed = crate::parse(text.as_bytes());
        let Comparison::BothAccept(found) = compare(&parsed) else {
            panic!("{:?}", compare(&parsed))
        };
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].field, Field::MediaCount);
        assert_eq!(found[0].quirk().map(|q| q.id), Some("drops-unknown-transport"));
    }
}
