//! The parsed form of one session description.
//!
//! Zero-copy: every node borrows its text from the input bytes, and every
//! line keeps its [`Span`]. The description is stored as its flat list of
//! [`Line`]s in input order (which makes the round trip through
//! [`crate::write`] exact) plus the index ranges of the media sections, so
//! rules walk a section's lines without any copying.
//!
//! Built by [`crate::parse()`]; read by the rules and by library users.

use crate::parse::attribute::AttrValue;
use crate::span::{Span, span_of};

/// A number as written (`raw`, kept for the round trip and for spans) and
/// its value, parsed into the exact target type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num<'a, T> {
    /// The digits as they appear in the input, leading zeros included.
    pub raw: &'a str,
    /// The value they denote.
    pub value: T,
}

/// Text in a field whose grammar is `byte-string` (`s=`, `i=`): any bytes
/// but NUL, CR and LF, in the charset named by `a=charset` (UTF-8 if none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text<'a>(pub &'a [u8]);

impl<'a> Text<'a> {
    /// The text, if it is valid UTF-8.
    pub fn as_str(&self) -> Option<&'a str> {
        std::str::from_utf8(self.0).ok()
    }
}

/// How a line was terminated in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    /// `\r\n`, as RFC 8866 §5 requires.
    CrLf,
    /// A bare `\n`, which RFC 8866 §5 asks parsers to accept.
    Lf,
    /// The last line, with no terminator.
    None,
}

impl LineEnding {
    /// The terminator's bytes.
    pub fn as_bytes(self) -> &'static [u8] {
        match self {
            LineEnding::CrLf => b"\r\n",
            LineEnding::Lf => b"\n",
            LineEnding::None => b"",
        }
    }
}

/// `v=0` (RFC 8866 §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version<'a> {
    /// Always 0 in a valid description.
    pub version: Num<'a, u32>,
}

/// `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>`
/// (RFC 8866 §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin<'a> {
    /// `-` when the host has no user ids.
    pub username: &'a str,
    /// `1*DIGIT` of any length (RFC 8866 §9), so kept as text.
    pub sess_id: &'a str,
    /// `1*DIGIT` of any length, so kept as text.
    pub sess_version: &'a str,
    /// `IN` for the internet.
    pub nettype: &'a str,
    /// `IP4` or `IP6` (or an extension token).
    pub addrtype: &'a str,
    /// The originating host's address or FQDN.
    pub address: &'a str,
}

/// `c=<nettype> <addrtype> <connection-address>` (RFC 8866 §5.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Connection<'a> {
    /// `IN` for the internet.
    pub nettype: &'a str,
    /// `IP4` or `IP6` (or an extension token).
    pub addrtype: &'a str,
    /// The address or FQDN, without the `/ttl` and `/count` suffixes.
    pub address: &'a str,
    /// The IPv4 multicast TTL (`/127`).
    pub ttl: Option<Num<'a, u8>>,
    /// The number of consecutive multicast addresses (`/3`).
    pub count: Option<Num<'a, u32>>,
}

/// `b=<bwtype>:<bandwidth>` (RFC 8866 §5.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bandwidth<'a> {
    /// `AS`, `CT`, `TIAS`, `RR`, `RS` or an extension token.
    pub bwtype: &'a str,
    /// The value, in kbit/s for `AS` and `CT`, bit/s for `TIAS`.
    pub bandwidth: Num<'a, u64>,
}

/// `t=<start-time> <stop-time>` (RFC 8866 §5.9), NTP seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing<'a> {
    /// 0 for a permanent session.
    pub start: Num<'a, u64>,
    /// 0 for an unbounded session.
    pub stop: Num<'a, u64>,
}

/// `r=<repeat interval> <active duration> <offsets from start-time>`
/// (RFC 8866 §5.10). The validated value is kept whole; [`Repeat::times`]
/// iterates its typed times without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repeat<'a> {
    /// The whole value, every field of which is a valid `typed-time`.
    pub value: &'a str,
}

impl<'a> Repeat<'a> {
    /// Each `typed-time` (`7d`, `3600`, `25h`): interval, duration, offsets.
    pub fn times(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.value.split(' ')
    }
}

/// `z=<adjustment time> <offset> ...` (RFC 8866 §5.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZoneAdjustments<'a> {
    /// The whole value: validated pairs of time and signed typed-time.
    pub value: &'a str,
}

impl<'a> ZoneAdjustments<'a> {
    /// Each `(adjustment time, offset)` pair.
    pub fn pairs(&self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let mut fields = self.value.split(' ');
        std::iter::from_fn(move || Some((fields.next()?, fields.next()?)))
    }
}

/// `k=<method>[:<encryption key>]` (RFC 4566 §5.12; obsolete in RFC 8866).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key<'a> {
    /// `clear`, `base64`, `uri` or `prompt`.
    pub method: &'a str,
    /// The key, absent for `prompt`.
    pub key: Option<&'a str>,
}

/// `m=<media> <port>[/<number of ports>] <proto> <fmt> ...` (RFC 8866 §5.14).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaLine<'a> {
    /// `audio`, `video`, `text`, `application`, `message` or an extension.
    pub media: &'a str,
    /// The transport port; 0 rejects or disables the section (RFC 3264 §6).
    pub port: Num<'a, u16>,
    /// The number of ports, for layered encodings.
    pub port_count: Option<Num<'a, u16>>,
    /// `RTP/AVP`, `UDP/TLS/RTP/SAVPF`, `UDP/DTLS/SCTP`, ...
    pub proto: &'a str,
    /// The format list as written: one or more tokens separated by one SP.
    pub formats: &'a str,
}

impl<'a> MediaLine<'a> {
    /// Each media format (an RTP payload type under RTP protocols).
    pub fn formats(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.formats.split(' ')
    }

    /// True for RTP-based protocols, whose formats are payload types.
    pub fn is_rtp(&self) -> bool {
        // The transports every browser and SIP stack writes are compared
        // whole first: most rules ask this of every section, and splitting
        // the protocol each time was a visible share of a check.
        matches!(
            self.proto,
            "RTP/AVP" | "RTP/SAVP" | "RTP/AVPF" | "RTP/SAVPF" | "UDP/TLS/RTP/SAVPF"
        ) || (!matches!(self.proto, "UDP/DTLS/SCTP" | "DTLS/SCTP")
            && self.proto.split('/').any(|part| part == "RTP"))
    }
}

/// `a=<attribute-name>[:<attribute-value>]` (RFC 8866 §5.13).
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute<'a> {
    /// The name, a `token`.
    pub name: &'a str,
    /// The value after the first `:`, if there is one.
    pub value: Option<&'a str>,
    /// The value parsed by the attribute's own grammar, or
    /// [`AttrValue::Other`] for attributes sdpcheck does not interpret.
    pub typed: AttrValue<'a>,
}

/// What one line holds.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LineKind<'a> {
    /// `v=`
    Version(Version<'a>),
    /// `o=`
    Origin(Origin<'a>),
    /// `s=`
    SessionName(Text<'a>),
    /// `i=`
    Information(Text<'a>),
    /// `u=`
    Uri(&'a str),
    /// `e=`
    Email(&'a str),
    /// `p=`
    Phone(&'a str),
    /// `c=`
    Connection(Connection<'a>),
    /// `b=`
    Bandwidth(Bandwidth<'a>),
    /// `t=`
    Timing(Timing<'a>),
    /// `r=`
    Repeat(Repeat<'a>),
    /// `z=`
    ZoneAdjustments(ZoneAdjustments<'a>),
    /// `k=`
    Key(Key<'a>),
    /// `a=`
    Attribute(Attribute<'a>),
    /// `m=`
    Media(MediaLine<'a>),
    /// A line of a known type whose value breaks its grammar (a finding says
    /// how); kept raw so the section structure and the round trip survive.
    Malformed {
        /// The type letter.
        letter: u8,
        /// The value after `=`.
        value: &'a [u8],
    },
    /// A well-shaped line whose type letter SDP does not define.
    Unknown {
        /// The type letter.
        letter: u8,
        /// The value after `=`.
        value: &'a [u8],
    },
    /// A line that is not `<letter>=<value>` at all.
    Invalid {
        /// The line's bytes.
        raw: &'a [u8],
        /// The type the line evidently meant (` s=x` and `S=x` mean `s=`),
        /// used only for the section structure, so that one stray space
        /// does not also report a missing `s=` line.
        intended: Option<u8>,
    },
    /// An empty line (allowed only at the end of the input).
    Blank,
}

impl LineKind<'_> {
    /// The line's type letter, if it has the `<letter>=` shape.
    pub fn letter(&self) -> Option<u8> {
        Some(match self {
            LineKind::Version(_) => b'v',
            LineKind::Origin(_) => b'o',
            LineKind::SessionName(_) => b's',
            LineKind::Information(_) => b'i',
            LineKind::Uri(_) => b'u',
            LineKind::Email(_) => b'e',
            LineKind::Phone(_) => b'p',
            LineKind::Connection(_) => b'c',
            LineKind::Bandwidth(_) => b'b',
            LineKind::Timing(_) => b't',
            LineKind::Repeat(_) => b'r',
            LineKind::ZoneAdjustments(_) => b'z',
            LineKind::Key(_) => b'k',
            LineKind::Attribute(_) => b'a',
            LineKind::Media(_) => b'm',
            LineKind::Malformed { letter, .. } | LineKind::Unknown { letter, .. } => *letter,
            LineKind::Invalid { .. } | LineKind::Blank => return None,
        })
    }

    /// The type letter, or for an invalid line the type it evidently meant.
    pub fn structural_letter(&self) -> Option<u8> {
        match self {
            LineKind::Invalid { intended, .. } => *intended,
            _ => self.letter(),
        }
    }
}

/// One line of the description.
#[derive(Debug, Clone, PartialEq)]
pub struct Line<'a> {
    /// The line's bytes, without its terminator.
    pub span: Span,
    /// 1-based line number within this description.
    pub number: u32,
    /// How the line was terminated.
    pub ending: LineEnding,
    /// What the line holds.
    pub kind: LineKind<'a>,
}

/// Index ranges of one media section within [`SessionDescription::lines`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SectionRange {
    /// Index of the `m=` line.
    pub(crate) start: u32,
    /// One past the section's last line.
    pub(crate) end: u32,
}

/// One parsed session description.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionDescription<'a> {
    /// The bytes the description was parsed from.
    pub(crate) src: &'a [u8],
    /// The input began with a UTF-8 byte order mark (reported, then skipped).
    pub(crate) bom: bool,
    /// Every line, in input order.
    pub(crate) lines: Vec<Line<'a>>,
    /// The media sections, in order.
    pub(crate) sections: Vec<SectionRange>,
}

impl<'a> SessionDescription<'a> {
    /// The bytes the description was parsed from.
    pub fn source(&self) -> &'a [u8] {
        self.src
    }

    /// True when the input began with a UTF-8 byte order mark.
    pub fn has_bom(&self) -> bool {
        self.bom
    }

    /// Every line, in input order.
    pub fn lines(&self) -> &[Line<'a>] {
        &self.lines
    }

    /// The session-level lines: everything before the first `m=`.
    pub fn session_lines(&self) -> &[Line<'a>] {
        let end = self.sections.first().map_or(self.lines.len(), |s| s.start as usize);
        self.lines.get(..end).unwrap_or(&[])
    }

    /// The session-level attributes.
    pub fn session_attributes(&self) -> impl Iterator<Item = (&Line<'a>, &Attribute<'a>)> {
        attributes(self.session_lines())
    }

    /// The first session-level attribute named `name`.
    pub fn session_attribute(&self, name: &str) -> Option<(&Line<'a>, &Attribute<'a>)> {
        self.session_attributes().find(|(_, a)| a.name == name)
    }

    /// The session-level `c=` line, if any.
    pub fn session_connection(&self) -> Option<(&Line<'a>, &Connection<'a>)> {
        self.session_lines().iter().find_map(|line| match &line.kind {
            LineKind::Connection(c) => Some((line, c)),
            _ => None,
        })
    }

    /// The media sections, in order.
    pub fn media(&self) -> impl ExactSizeIterator<Item = Media<'_, 'a>> {
        self.sections.iter().enumerate().map(|(index, range)| Media {
            index,
            lines: self.lines.get(range.start as usize..range.end as usize).unwrap_or(&[]),
        })
    }

    /// The text of a span, if it lies within the source.
    pub fn text(&self, span: Span) -> &'a [u8] {
        self.src.get(span.range()).unwrap_or(&[])
    }

    /// The span of a slice borrowed from this description's source.
    pub fn span_of(&self, part: &str) -> Span {
        span_of(self.src, part.as_bytes())
    }
}

/// A view of one media section.
#[derive(Debug, Clone, Copy)]
pub struct Media<'s, 'a> {
    index: usize,
    lines: &'s [Line<'a>],
}

impl<'s, 'a> Media<'s, 'a> {
    /// 0-based position among the media sections (the RFC 3264 m-line index).
    pub fn index(&self) -> usize {
        self.index
    }

    /// The section's lines, its `m=` line first.
    pub fn lines(&self) -> &'s [Line<'a>] {
        self.lines
    }

    /// The `m=` line itself.
    pub fn header(&self) -> Option<&'s Line<'a>> {
        self.lines.first()
    }

    /// The parsed `m=` line, unless it was malformed.
    pub fn media_line(&self) -> Option<&'s MediaLine<'a>> {
        match &self.header()?.kind {
            LineKind::Media(m) => Some(m),
            _ => None,
        }
    }

    /// The section's attributes.
    pub fn attributes(&self) -> impl Iterator<Item = (&'s Line<'a>, &'s Attribute<'a>)> {
        attributes(self.lines)
    }

    /// The section's attributes named `name`.
    pub fn attributes_named<'n>(
        &self,
        name: &'n str,
    ) -> impl Iterator<Item = (&'s Line<'a>, &'s Attribute<'a>)> + use<'s, 'a, 'n> {
        attributes(self.lines).filter(move |(_, a)| a.name == name)
    }

    /// The first attribute named `name` in the section.
    pub fn attribute(&self, name: &str) -> Option<(&'s Line<'a>, &'s Attribute<'a>)> {
        self.attributes().find(|(_, a)| a.name == name)
    }

    /// The section's `a=mid` value, if any.
    pub fn mid(&self) -> Option<&'a str> {
        self.attributes().find_map(|(_, a)| match a.typed {
            AttrValue::Mid(mid) => Some(mid),
            _ => None,
        })
    }

    /// True when the `m=` line has port 0: the section is rejected or
    /// disabled (RFC 3264 §6), or bundled with `a=bundle-only` (RFC 9143).
    pub fn is_port_zero(&self) -> bool {
        self.media_line().is_some_and(|m| m.port.value == 0)
    }

    /// The section's codecs in `m=` line order ([`crate::codec::media_codecs`]).
    pub fn codecs(&self) -> Vec<crate::codec::Codec<'a>> {
        crate::codec::media_codecs(self)
    }

    /// The section's `c=` lines.
    pub fn connections(&self) -> impl Iterator<Item = (&'s Line<'a>, &'s Connection<'a>)> {
        self.lines.iter().filter_map(|line| match &line.kind {
            LineKind::Connection(c) => Some((line, c)),
            _ => None,
        })
    }

    /// True if the section has any `c=` line, well-formed or not.
    pub fn has_connection_line(&self) -> bool {
        self.lines.iter().any(|line| line.kind.structural_letter() == Some(b'c'))
    }
}

fn attributes<'s, 'a>(
    lines: &'s [Line<'a>],
) -> impl Iterator<Item = (&'s Line<'a>, &'s Attribute<'a>)> {
    lines.iter().filter_map(|line| match &line.kind {
        LineKind::Attribute(a) => Some((line, a)),
        _ => None,
    })
}
