//! SIP messages (RFC 3261): the start line that recognises one on any port,
//! the end of the header and `Content-Length` (the framing on streams,
//! RFC 3261 18.3), and the dialog facts pairing needs.

use std::fmt;

/// A request's method and URI, or a response's status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartLine {
    /// `INVITE sip:bob@example.com SIP/2.0`
    Request {
        /// The method, as sent (`INVITE`, `ACK`, `UPDATE`, ...).
        method: String,
        /// The Request-URI.
        uri: String,
    },
    /// `SIP/2.0 488 Not Acceptable Here`
    Response {
        /// The status code, `100..=699`.
        code: u16,
        /// The reason phrase (may be empty).
        reason: String,
    },
}

impl fmt::Display for StartLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Request { method, uri } => write!(f, "{method} {uri}"),
            Self::Response { code, reason } => write!(f, "{code} {reason}"),
        }
    }
}

/// The `CSeq` header: sequence number and method (RFC 3261 20.16).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CSeq {
    /// The sequence number.
    pub number: u32,
    /// The method it numbers.
    pub method: String,
}

/// What pairing by dialog needs from a SIP message (RFC 3261 12: a dialog is
/// Call-ID plus the two tags; `CSeq` ties a response to its request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SipFacts {
    /// The start line.
    pub start: StartLine,
    /// `Call-ID` (or compact `i`).
    pub call_id: Option<String>,
    /// `CSeq`.
    pub cseq: Option<CSeq>,
    /// The `tag` parameter of `From` (`f`).
    pub from_tag: Option<String>,
    /// The `tag` parameter of `To` (`t`).
    pub to_tag: Option<String>,
    /// `Content-Type` (`c`), as sent.
    pub content_type: Option<String>,
    /// `Content-Length` (`l`), when a valid number.
    pub content_length: Option<usize>,
}

impl SipFacts {
    /// The method of the request, or of the request a response answers
    /// (from `CSeq`).
    pub fn method(&self) -> Option<&str> {
        match &self.start {
            StartLine::Request { method, .. } => Some(method),
            StartLine::Response { .. } => self.cseq.as_ref().map(|c| c.method.as_str()),
        }
    }

    /// The status code of a response.
    pub fn status(&self) -> Option<u16> {
        match self.start {
            StartLine::Response { code, .. } => Some(code),
            StartLine::Request { .. } => None,
        }
    }
}

/// The longest start line looked at.
const MAX_START_LINE: usize = 8192;

/// RFC 3261 25.1 `token` characters.
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-.!%*_+`'~".contains(&b)
}

fn is_sip_version(v: &[u8]) -> bool {
    v.eq_ignore_ascii_case(b"SIP/2.0")
}

/// Parses a start line (without its line end).
pub(crate) fn start_line(line: &[u8]) -> Option<StartLine> {
    if line.len() > MAX_START_LINE {
        return None;
    }
    if let Some(rest) = line.get(..8).filter(|v| is_sip_version(&v[..7]) && v[7] == b' ') {
        let _ = rest;
        let code = line.get(8..11)?;
        if !code.iter().all(u8::is_ascii_digit) || !matches!(line.get(11), None | Some(b' ')) {
            return None;
        }
        let code = code.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
        if !(100..=699).contains(&code) {
            return None;
        }
        let reason = line.get(12..).unwrap_or_default();
        return Some(StartLine::Response { code, reason: String::from_utf8_lossy(reason).into() });
    }
    let mut parts = line.splitn(3, |&b| b == b' ');
    let method = parts.next()?;
    let uri = parts.next()?;
    let version = parts.next()?;
    if method.is_empty() || !method.iter().all(|&b| is_token(b)) {
        return None;
    }
    if uri.is_empty() || !is_sip_version(version) {
        return None;
    }
    Some(StartLine::Request {
        method: String::from_utf8_lossy(method).into(),
        uri: String::from_utf8_lossy(uri).into(),
    })
}

/// The first line of `bytes`, without its CRLF or LF; `None` when no line
/// end comes within the start-line limit.
pub(crate) fn first_line(bytes: &[u8]) -> Option<&[u8]> {
    let window = &bytes[..bytes.len().min(MAX_START_LINE + 2)];
    let end = memchr::memchr(b'\n', window)?;
    let line = &bytes[..end];
    Some(line.strip_suffix(b"\r").unwrap_or(line))
}

/// Where a SIP message starts in `bytes` (after keep-alive CRLFs, RFC 5626
/// 3.5.1), if `bytes` starts with one.
pub(crate) fn message_start(bytes: &[u8]) -> Option<usize> {
    let skip = bytes.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
    let rest = &bytes[skip..];
    // Cheap test first: every start line begins with a letter.
    if !rest.first()?.is_ascii_alphabetic() {
        return None;
    }
    start_line(first_line(rest)?).map(|_| skip)
}

/// The offset of the body: just past the blank line (CRLF CRLF, or the bare
/// LF LF some stacks send), if the header is complete.
pub(crate) fn header_end(bytes: &[u8]) -> Option<usize> {
    header_end_from(bytes, 0)
}

/// Like [`header_end`], searching from `from` (for linear rescans as a
/// stream grows; `from` is where the last search stopped).
pub(crate) fn header_end_from(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memchr(b'\n', bytes.get(at..)?) {
        let nl = at + i;
        match bytes.get(nl + 1) {
            Some(b'\n') => return Some(nl + 2),
            Some(b'\r') if bytes.get(nl + 2) == Some(&b'\n') => return Some(nl + 3),
            _ => at = nl + 1,
        }
    }
    None
}

/// The headers of a header block (start line excluded), unfolded: folded
/// continuation lines (RFC 3261 7.3.1) are joined to their header.
fn headers(header: &[u8]) -> impl Iterator<Item = (&[u8], Vec<u8>)> {
    let mut lines = header
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .skip(1)
        .peekable();
    std::iter::from_fn(move || {
        loop {
            let line = lines.next()?;
            if line.is_empty() {
                return None;
            }
            let Some(colon) = memchr::memchr(b':', line) else { continue };
            let name = trim(&line[..colon]);
            let mut value = trim(&line[colon + 1..]).to_vec();
            while let Some(next) =
                lines.next_if(|l| l.first().is_some_and(|&b| b == b' ' || b == b'\t'))
            {
                value.push(b' ');
                value.extend_from_slice(trim(next));
            }
            return Some((name, value));
        }
    })
}

fn trim(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !c.is_ascii_whitespace()).map_or(start, |e| e + 1);
    &b[start..end]
}

fn is(name: &[u8], long: &str, compact: Option<u8>) -> bool {
    name.eq_ignore_ascii_case(long.as_bytes())
        || compact.is_some_and(|c| name.len() == 1 && name[0].eq_ignore_ascii_case(&c))
}

/// `Content-Length` of a header block, when present and a number.
pub(crate) fn content_length(header: &[u8]) -> Option<usize> {
    headers(header)
        .find(|(name, _)| is(name, "Content-Length", Some(b'l')))
        .and_then(|(_, v)| parse_number(&v))
}

fn parse_number(v: &[u8]) -> Option<usize> {
    if v.is_empty() || v.len() > 12 || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(v).ok()?.parse().ok()
}

/// The `tag` parameter of a From/To value: searched after the closing `>`
/// of a name-addr, so a `;tag=` inside the URI is not taken.
fn tag(value: &[u8]) -> Option<String> {
    let params = match memchr::memrchr(b'>', value) {
        Some(gt) => &value[gt + 1..],
        None => value,
    };
    params.split(|&b| b == b';').skip(1).find_map(|p| {
        let p = trim(p);
        let eq = memchr::memchr(b'=', p)?;
        trim(&p[..eq])
            .eq_ignore_ascii_case(b"tag")
            .then(|| String::from_utf8_lossy(trim(&p[eq + 1..])).into_owned())
    })
}

/// The dialog facts of a header block (the start line included).
pub(crate) fn facts(header: &[u8]) -> SipFacts {
    let start = first_line(header)
        .and_then(start_line)
        .unwrap_or(StartLine::Request { method: String::new(), uri: String::new() });
    let mut facts = SipFacts {
        start,
        call_id: None,
        cseq: None,
        from_tag: None,
        to_tag: None,
        content_type: None,
        content_length: None,
    };
    let text = |v: &[u8]| String::from_utf8_lossy(v).into_owned();
    for (name, value) in headers(header) {
        // The first occurrence of each counts (a repeated single-valued
        // header is malformed; the first is what most stacks read).
        if is(name, "Call-ID", Some(b'i')) {
            facts.call_id.get_or_insert_with(|| text(&value));
        } else if is(name, "CSeq", None) {
            if facts.cseq.is_none() {
                let mut it = value.split(u8::is_ascii_whitespace).filter(|s| !s.is_empty());
                let number = it.next().and_then(parse_number).and_then(|n| u32::try_from(n).ok());
                if let (Some(number), Some(method)) = (number, it.next()) {
                    facts.cseq = Some(CSeq { number, method: text(method) });
                }
            }
        } else if is(name, "From", Some(b'f')) {
            if facts.from_tag.is_none() {
                facts.from_tag = tag(&value);
            }
        } else if is(name, "To", Some(b't')) {
            if facts.to_tag.is_none() {
                facts.to_tag = tag(&value);
            }
        } else if is(name, "Content-Type", Some(b'c')) {
            facts.content_type.get_or_insert_with(|| text(&value));
        } else if is(name, "Content-Length", Some(b'l')) && facts.content_length.is_none() {
            facts.content_length = parse_number(&value);
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_lines() {
        assert!(matches!(
            start_line(b"INVITE sip:bob@example.com SIP/2.0"),
            Some(StartLine::Request { ref method, .. }) if method == "INVITE"
        ));
        assert_eq!(
            start_line(b"SIP/2.0 488 Not Acceptable Here"),
            Some(StartLine::Response { code: 488, reason: "Not Acceptable Here".into() })
        );
        assert_eq!(
            start_line(b"SIP/2.0 200"),
            Some(StartLine::Response { code: 200, reason: String::new() })
        );
        assert_eq!(start_line(b"GET / HTTP/1.1"), None);
        assert_eq!(start_line(b"SIP/2.0 099 Low"), None);
        assert_eq!(start_line(b"SIP/2.0 20x OK"), None);
        assert_eq!(start_line(b"IN VITE sip:x SIP/2.0"), None);
        assert_eq!(message_start(b"\r\n\r\nOPTIONS sip:x SIP/2.0\r\n"), Some(4));
        assert_eq!(message_start(b"OPTIONS sip:x SIP/2.0"), None);
    }

    #[test]
    fn facts_with_compact_and_folded_headers() {
        let h = b"SIP/2.0 200 OK\r\ni: abc@host\r\nf: <sip:a@x;tag=notme>;tag=1\r\nTo: <sip:b@y>\r\n ;tag=2\r\nCSeq:  7  INVITE\r\nl: 12\r\nc: application/sdp\r\n\r\n";
        let f = facts(h);
        assert_eq!(f.call_id.as_deref(), Some("abc@host"));
        assert_eq!(f.from_tag.as_deref(), Some("1"));
        assert_eq!(f.to_tag.as_deref(), Some("2"));
        assert_eq!(f.cseq, Some(CSeq { number: 7, method: "INVITE".into() }));
        assert_eq!(f.content_length, Some(12));
        assert_eq!(f.content_type.as_deref(), Some("application/sdp"));
        assert_eq!(f.method(), Some("INVITE"));
        assert_eq!(header_end(h), Some(h.len()));
        assert_eq!(header_end(b"A\nB\n\nbody"), Some(5));
    }
}
