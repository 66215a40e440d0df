//! Extraction of SDPs from logs, traces and JSON (`sdpcheck::extract`).
//!
//! - `fixtures/logs/*`: the number of SDPs, their roles, origins, groups and
//!   pairs, and chosen bytes (an `m=` line, a port) mapped back to the exact
//!   place, line and column of the original file.
//! - every byte of every extracted SDP maps inside its input, onto the same
//!   byte or onto the escape that produced it, at the line and column the
//!   crate's own `LineIndex` gives for that input offset.
//! - random text around escaped SDPs, random bytes (10k inputs), streaming
//!   with tiny reads (same result as `extract`), and a 50 MB log streamed
//!   with bounded memory.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Read};

use sdpcheck::Limits;
use sdpcheck::extract::{
    ExtractedSdp, Extractor, LOOKED_FOR, Origin, Role, SipMessage, extract, pairs,
};
use sdpcheck::source::LineIndex;

use super::common;

/// An input offset as an index (test inputs are far below 4 GiB).
fn us(n: u64) -> usize {
    usize::try_from(n).unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::fixtures().join("logs").join(name)).unwrap()
}

fn roles(sdps: &[ExtractedSdp<'_>]) -> Vec<Option<&'static str>> {
    sdps.iter().map(|s| s.role.map(Role::as_str)).collect()
}

/// Every byte of every SDP maps inside `input`, onto itself or onto a
/// backslash (an escape), monotonically, at the line/column `LineIndex`
/// computes for the mapped offset.
fn assert_map_exact(input: &[u8], sdps: &[ExtractedSdp<'_>]) {
    let index = LineIndex::new(input);
    for (n, sdp) in sdps.iter().enumerate() {
        let mut last = 0;
        for (i, &byte) in sdp.text.iter().enumerate() {
            let at = usize::try_from(sdp.map.to_input(i)).unwrap();
            assert!(at < input.len(), "sdp {n} byte {i} maps to {at}, past the input");
            assert!(at >= last, "sdp {n}: map goes backwards at byte {i}");
            last = at;
            let src = input[at];
            assert!(
                src == byte || src == b'\\',
                "sdp {n} byte {i} ({byte:#04x}) maps to {src:#04x} at {at}"
            );
            let (line, col) = index.position(input, at);
            assert_eq!(
                sdp.position(i),
                (line as u64, col as u64),
                "sdp {n} byte {i}: position differs from the input's own"
            );
        }
        assert_eq!((sdp.line, sdp.column), sdp.position(0), "sdp {n}: start position");
        assert!(us(sdp.map.to_input(sdp.text.len())) <= input.len());
    }
}

/// The byte `needle` starts at in SDP `sdp` maps to exactly where
/// `in_input` is in the input, at (`line`, `col`).
fn assert_points(
    input: &[u8],
    sdp: &ExtractedSdp<'_>,
    needle: &str,
    in_input: &str,
    line: u64,
    col: u64,
) {
    let off = memchr::memmem::find(&sdp.text, needle.as_bytes())
        .unwrap_or_else(|| panic!("`{needle}` not in the SDP"));
    let at = usize::try_from(sdp.map.to_input(off)).unwrap();
    assert!(
        input[at..].starts_with(in_input.as_bytes()),
        "`{needle}` maps to {:?}",
        String::from_utf8_lossy(&input[at..(at + 40).min(input.len())])
    );
    assert_eq!(sdp.position(off), (line, col), "`{needle}`");
    let index = LineIndex::new(input);
    assert_eq!(index.position(input, at), (us(line), us(col)), "`{needle}` (LineIndex)");
}

#[test]
fn sngrep_trace_roles_groups_and_pairs() {
    let input = fixture("sngrep-trace.txt");
    let found = extract(&input, &Limits::default());
    let sdps = &found.sdps;
    assert_eq!(sdps.len(), 9);
    assert_eq!(
        roles(sdps),
        [
            Some("offer"),  // call 1 INVITE
            Some("answer"), // 183
            Some("answer"), // 200
            Some("offer"),  // call 2 INVITE (compact headers)
            Some("answer"), // 200 (compact headers)
            Some("offer"),  // call 3 INVITE, multipart/mixed
            Some("answer"), // 200
            Some("offer"),  // call 4 late offer: 200 to an INVITE without SDP
            Some("answer"), // ACK
        ]
    );
    let messages: Vec<String> = sdps
        .iter()
        .map(|s| match &s.origin {
            Origin::Sip { message, .. } => message.to_string(),
            other => panic!("not SIP: {other:?}"),
        })
        .collect();
    assert_eq!(
        messages,
        [
            "INVITE",
            "183 (INVITE)",
            "200 (INVITE)",
            "INVITE",
            "200 (INVITE)",
            "INVITE",
            "200 (INVITE)",
            "200 (INVITE)",
            "ACK"
        ]
    );
    assert!(matches!(&sdps[8].origin,
            Origin::Sip { message: SipMessage::Request { method }, .. } if method == "ACK"));
    assert_eq!(sdps[0].session.as_deref(), Some("5c1f0e2a77b94d1c8e3f@192.0.2.10"));
    assert_eq!(sdps[3].session.as_deref(), Some("a2b9c8d7e6f54321@203.0.113.45"), "compact `i:`");
    assert_eq!(sdps[5].session.as_deref(), Some("7e0d3c2b1a@sbc-2.carrier.example"));
    // The 183 and the 200 both answer the INVITE.
    assert_eq!(found.pairs(), [(0, 1), (0, 2), (3, 4), (5, 6), (7, 8)]);
    // The multipart body's SDP ends at the boundary, before the ISUP part.
    assert!(sdps[5].text.ends_with(b"a=fmtp:101 0-15\r\n"));
    for sdp in sdps {
        assert!(matches!(sdp.text, Cow::Borrowed(_)), "an unprefixed body is a slice of the input");
        assert!(sdp.text.starts_with(b"v=0\r\n"));
    }
    assert_points(&input, &sdps[0], "m=audio 49170", "m=audio 49170 RTP/AVP", 21, 1);
    assert_points(&input, &sdps[0], "49170", "49170 RTP/AVP 0 8 101\r\n", 21, 9);
    assert_points(&input, &sdps[1], "m=audio 30000", "m=audio 30000", 56, 1);
    assert_points(&input, &sdps[2], "m=audio 30000", "m=audio 30000", 80, 1);
    assert_points(&input, &sdps[3], "m=audio 16384", "m=audio 16384", 115, 1);
    assert_points(&input, &sdps[5], "m=audio 41000", "m=audio 41000", 184, 1);
    assert_points(&input, &sdps[7], "m=audio 20000", "m=audio 20000", 248, 1);
    assert_points(&input, &sdps[8], "10620", "10620 RTP/AVP 0 101", 270, 9);
    assert_map_exact(&input, sdps);
}

#[test]
fn asterisk_log_prefixes_are_stripped() {
    let input = fixture("asterisk-full.log");
    let found = extract(&input, &Limits::default());
    let sdps = &found.sdps;
    // `agc lev=0` and a line ending in ` v=0` followed by another log line
    // are not SDPs.
    assert_eq!(sdps.len(), 2);
    assert_eq!(roles(sdps), [Some("offer"), Some("answer")]);
    assert_eq!(found.pairs(), [(0, 1)]);
    assert_eq!(sdps[0].session.as_deref(), Some("2d6f1a8c-3b7e-4f50-9c12-8e4d7a6b5c30"));
    assert!(matches!(
        &sdps[1].origin,
        Origin::Sip { message: SipMessage::Response { status: 200, .. }, .. }
    ));
    // Every line of the SDP comes from its own log line, prefix removed.
    assert!(sdps[0].text.starts_with(b"v=0\no=- 1700641700 1700641701 IN IP4 203.0.113.61\ns=-\n"));
    assert!(sdps[0].text.ends_with(b"a=sendrecv\n"));
    assert!(!sdps[0].text.windows(7).any(|w| w == b"VERBOSE"));
    // The clock ticks from 10:15:01 to 10:15:02 inside the SDP.
    assert_points(&input, &sdps[0], "m=audio 18532", "m=audio 18532 RTP/AVP 8 0 101\n", 21, 66);
    assert_points(&input, &sdps[0], "18532", "18532", 21, 74);
    assert_points(&input, &sdps[1], "m=audio 15612", "m=audio 15612", 50, 66);
    assert_eq!((sdps[0].line, sdps[0].column), (16, 66));
    assert_map_exact(&input, sdps);
}

#[test]
fn browser_console_escaped_sdps() {
    let input = fixture("browser-console.log");
    let found = extract(&input, &Limits::default());
    let sdps = &found.sdps;
    assert_eq!(sdps.len(), 3);
    assert_eq!(roles(sdps), [Some("offer"), Some("answer"), Some("answer")]);
    assert!(sdps.iter().all(|s| s.origin == Origin::JsonEscaped && s.session.is_none()));
    // The answer is logged twice (received, then applied): both answer the offer.
    assert_eq!(found.pairs(), [(0, 1), (0, 2)]);
    // Unescaped: real CRLF, `\/` is `/`, `\'` none here.
    assert!(sdps[0].text.starts_with(b"v=0\r\no=- 3905826547261029011 2 IN IP4 127.0.0.1\r\n"));
    assert_eq!(sdps[1].text, sdps[2].text, "the same answer, escaped two ways");
    assert!(
        memchr::memmem::find(&sdps[1].text, b"a=ice-pwd:W4/cE7nH2kZ5pT8xB1vQ6mJ3\r\n").is_some()
    );
    // Line 5 has `Zoë →` before the JSON: columns count characters.
    let line5 = input.split(|b| *b == b'\n').nth(4).unwrap();
    let byte_col = memchr::memmem::find(line5, b"v=0").unwrap() + 1;
    assert_eq!((sdps[0].line, sdps[0].column), (5, byte_col as u64 - 3));
    let m = memchr::memmem::find(&input, b"m=audio 9 UDP").unwrap();
    let m_col = String::from_utf8_lossy(
        &input[input[..m].iter().rposition(|b| *b == b'\n').unwrap() + 1..m],
    )
    .chars()
    .count() as u64
        + 1;
    assert_points(&input, &sdps[0], "m=audio 9", "m=audio 9 UDP/TLS", 5, m_col);
    // In the PHP-escaped answer, each `/` of `UDP/TLS` maps to its `\/`.
    let slash = memchr::memmem::find(&sdps[1].text, b"UDP/TLS").unwrap() + 3;
    let at = us(sdps[1].map.to_input(slash));
    assert_eq!(&input[at..at + 2], b"\\/");
    assert_eq!(sdps[1].input_span(sdpcheck::Span::new(slash, slash + 1)), at as u64..at as u64 + 2);
    // The single-quoted JavaScript form.
    assert_eq!(input[us(sdps[2].offset()) - 1], b'\'');
    assert_map_exact(&input, sdps);
}

#[test]
fn webrtc_internals_dump() {
    let input = fixture("webrtc-internals.json");
    let found = extract(&input, &Limits::default());
    let sdps = &found.sdps;
    // createOfferOnSuccess, setLocalDescription (munged), setRemoteDescription
    // on connection 1; setRemoteDescription, createAnswerOnSuccess,
    // setLocalDescription on connection 2.
    assert_eq!(sdps.len(), 6);
    assert_eq!(
        roles(sdps),
        [
            Some("offer"),
            Some("offer"),
            Some("answer"),
            Some("offer"),
            Some("answer"),
            Some("answer")
        ]
    );
    assert!(sdps.iter().all(|s| s.origin == Origin::WebrtcInternals));
    let groups: Vec<_> = sdps.iter().map(|s| s.session.as_deref().unwrap()).collect();
    assert_eq!(groups, ["31337-1", "31337-1", "31337-1", "31337-2", "31337-2", "31337-2"]);
    // The answer pairs with the offer actually applied (the munged one).
    assert_eq!(found.pairs(), [(1, 2), (3, 4), (3, 5)]);
    assert!(memchr::memmem::find(&sdps[1].text, b"stereo=1").is_some());
    assert_points(&input, &sdps[1], "stereo=1", "stereo=1", 41, 879);
    assert_eq!(sdps[0].line, 36);
    assert_map_exact(&input, sdps);
}

#[test]
fn ndjson_and_array() {
    let input = fixture("descriptions.ndjson");
    let found = extract(&input, &Limits::default());
    assert_eq!(found.sdps.len(), 4);
    // Line 2 names its type after the sdp: the SDP waits for it.
    assert_eq!(roles(&found.sdps), [Some("offer"), Some("answer"), Some("offer"), Some("answer")]);
    assert!(found.sdps.iter().all(|s| s.origin == Origin::Json));
    assert_eq!(found.pairs(), [(0, 1), (2, 3)]);
    let lines: Vec<u64> = found.sdps.iter().map(|s| s.line).collect();
    assert_eq!(lines, [1, 2, 3, 4]);
    assert_eq!(found.sdps[1].column, 9, r#"after `{{"sdp":"`"#);
    assert_points(&input, &found.sdps[3], "a=recvonly", "a=recvonly\\r\\n", 4, 635);
    assert_map_exact(&input, &found.sdps);

    let input = fixture("descriptions-array.json");
    let found = extract(&input, &Limits::default());
    assert_eq!(roles(&found.sdps), [Some("offer"), Some("answer")]);
    assert_eq!(found.pairs(), [(0, 1)]);
    assert_eq!((found.sdps[0].line, found.sdps[0].column), (4, 13));
    assert_points(&input, &found.sdps[1], "m=video 9", "m=video 9 UDP/TLS", 8, 1124);
    assert_map_exact(&input, &found.sdps);
}

#[test]
fn app_log_unknown_roles_pair_only_when_plain() {
    let input = fixture("app-server.log");
    let found = extract(&input, &Limits::default());
    let sdps = &found.sdps;
    assert_eq!(sdps.len(), 2);
    assert_eq!(roles(sdps), [None, None]);
    assert!(sdps.iter().all(|s| s.origin == Origin::LogPrefixed));
    // Exactly two SDPs, no roles, different o= session ids: a plain pair.
    assert_eq!(found.pairs(), [(0, 1)]);
    assert_points(&input, &sdps[0], "m=audio 40002", "m=audio 40002 RTP/AVP 0 8\n", 7, 67);
    assert_points(&input, &sdps[1], "22350", "22350", 17, 75);
    assert_map_exact(&input, sdps);

    // Three SDPs, or the same session id twice: no pair.
    let one = "INFO - v=0\nINFO - o=- 1 1 IN IP4 192.0.2.1\nINFO - s=-\n";
    let other = one.replace("o=- 1 1", "o=- 2 1");
    let three = format!("{one}x\n{other}x\n{one}");
    assert_eq!(extract(three.as_bytes(), &Limits::default()).sdps.len(), 3);
    assert!(extract(three.as_bytes(), &Limits::default()).pairs().is_empty());
    let same = format!("{one}x\n{one}");
    assert!(extract(same.as_bytes(), &Limits::default()).pairs().is_empty());
}

#[test]
fn raw_inputs_are_taken_whole() {
    // Every fixture that is one SDP is extracted as exactly that, borrowed:
    // the parser sees the bytes it always saw (BOM, blank lines, faults).
    let mut count = 0;
    for path in common::sdp_files(&common::fixtures()) {
        let bytes = std::fs::read(&path).unwrap();
        if memchr::memmem::find(&bytes, br"v=0\r\n").is_some() {
            continue; // escaped on purpose: unescaped by extraction
        }
        let found = extract(&bytes, &Limits::default());
        assert_eq!(found.sdps.len(), 1, "{}", path.display());
        let sdp = &found.sdps[0];
        assert!(
            matches!(sdp.text, Cow::Borrowed(t) if t == bytes.as_slice()),
            "{}",
            path.display()
        );
        assert_eq!(
            (sdp.origin.clone(), sdp.role, sdp.offset(), sdp.line, sdp.column),
            (Origin::Raw, None, 0, 1, 1)
        );
        count += 1;
    }
    assert!(count > 50);

    // Two SDPs back to back in one file split at the second `v=0`, and
    // pair (no roles, different session ids).
    let offer =
        std::fs::read(common::fixtures().join("valid/chrome/audio-only.offer.sdp")).unwrap();
    let answer =
        std::fs::read(common::fixtures().join("valid/chrome/audio-only.answer.sdp")).unwrap();
    let both = [offer.clone(), b"\r\n".to_vec(), answer.clone()].concat();
    let found = extract(&both, &Limits::default());
    assert_eq!(found.sdps.len(), 2);
    assert_eq!(found.sdps[1].text, Cow::Borrowed(answer.as_slice()));
    assert_eq!(found.sdps[1].line, offer.split(|b| *b == b'\n').count() as u64 + 1);
    assert_eq!(found.pairs(), [(0, 1)]);

    // Leading blank lines and a BOM stay with the first SDP; only a `v=0`
    // after one was seen starts another.
    let padded = b"\xEF\xBB\xBF\r\n\r\n v=0\r\ns=-\r\n\r\nv=0\r\ns=-\r\n";
    let found = extract(padded, &Limits::default());
    let texts: Vec<&[u8]> = found.sdps.iter().map(|s| s.text.as_ref()).collect();
    assert_eq!(texts, [&padded[..20], &padded[20..]]);
    assert_eq!((found.sdps[1].line, found.sdps[1].column), (6, 1));

    // An escaped SDP as the whole input (a browser's "Expect line: v=").
    let escaped = br"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n";
    let found = extract(escaped, &Limits::default());
    assert_eq!(
        found.sdps[0].text,
        Cow::<[u8]>::Borrowed(b"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n")
    );
    assert_eq!(found.sdps[0].origin, Origin::JsonEscaped);
}

#[test]
fn no_sdp_is_an_empty_extraction() {
    for input in [
        &b""[..],
        b"\r\n",
        b"   \n\t",
        b"hello world\nlev=0\n",
        b"{\"type\":\"offer\"}",
        b"\xEF\xBB\xBF",
    ] {
        let found = extract(input, &Limits::default());
        assert!(found.is_empty(), "{input:?}");
    }
    assert!(LOOKED_FOR.contains("v=0") && LOOKED_FOR.contains("SIP"));
    // A lone `v=0` with no terminator is a (broken) raw SDP, for the parser.
    assert_eq!(extract(b"v=0", &Limits::default()).sdps.len(), 1);
}

#[test]
fn escapes_decode_and_map_back() {
    // Every escape form; each output byte maps to its escape.
    let input =
        "log \"v=0\\r\\ns=caf\\u00e9 \\ud83d\\ude00 \\ud800 \\\"q\\\" a\\\\b \\/ \\t\\r\\n\" end\n";
    let found = extract(input.as_bytes(), &Limits::default());
    let sdp = &found.sdps[0];
    assert_eq!(sdp.text.as_ref(), "v=0\r\ns=café 😀 \u{FFFD} \"q\" a\\b / \t\r\n".as_bytes());
    let e = memchr::memmem::find(&sdp.text, "é".as_bytes()).unwrap();
    for i in e..e + 2 {
        let at = us(sdp.map.to_input(i));
        assert_eq!(&input.as_bytes()[at..at + 6], b"\\u00e9");
    }
    let smile = memchr::memmem::find(&sdp.text, "😀".as_bytes()).unwrap();
    let at = us(sdp.map.to_input(smile + 3));
    assert_eq!(&input.as_bytes()[at..at + 12], b"\\ud83d\\ude00");
    assert_map_exact(input.as_bytes(), &found.sdps);
}

#[test]
fn oversized_sdp_is_truncated_for_the_parser() {
    let mut limits = Limits::default();
    limits.max_sdp_bytes = 1000;
    let mut sdp = String::from("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n");
    while sdp.len() < 5000 {
        sdp.push_str("a=candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host\r\n");
    }
    let escaped = sdp.replace("\r\n", "\\r\\n");
    for input in [
        sdp.clone(),
        format!("x {{\"sdp\":\"{escaped}\"}}\n"),
        format!("[t] {}", sdp.replace("\r\n", "\n[t] ")),
    ] {
        let found = extract(input.as_bytes(), &limits);
        assert_eq!(found.sdps.len(), 1);
        let got = &found.sdps[0];
        assert!(got.truncated);
        assert!((1001..=1004).contains(&got.text.len()), "{}", got.text.len());
        let parsed = sdpcheck::parse_with_limits(&got.text, &limits);
        assert!(parsed.findings().iter().any(|f| f.name() == "limit-exceeded"));
        assert_map_exact(input.as_bytes(), &found.sdps);
    }
}

/// A reader that hands out at most `step` bytes per call (and sometimes
/// none with `Interrupted`), to put every boundary at an odd place.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
    calls: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.calls += 1;
        if self.calls % 7 == 0 {
            return Err(io::ErrorKind::Interrupted.into());
        }
        let n = self.step.min(buf.len()).min(self.data.len());
        let n = n.min(1 + self.calls % self.step.max(1));
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn streamed(input: &[u8], step: usize, limits: &Limits) -> Vec<ExtractedSdp<'static>> {
    Extractor::new(Trickle { data: input, step, calls: 0 }, limits).map(Result::unwrap).collect()
}

#[test]
fn streaming_in_tiny_reads_gives_the_same_result() {
    for name in [
        "sngrep-trace.txt",
        "asterisk-full.log",
        "browser-console.log",
        "webrtc-internals.json",
        "descriptions.ndjson",
        "app-server.log",
    ] {
        let input = fixture(name);
        let whole: Vec<_> = extract(&input, &Limits::default())
            .sdps
            .into_iter()
            .map(ExtractedSdp::into_owned)
            .collect();
        for step in [1, 3, 64] {
            assert_eq!(
                streamed(&input, step, &Limits::default()),
                whole,
                "{name} in reads of {step}"
            );
        }
    }
}

/// xorshift64*: deterministic, dependency-free randomness for the tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        us(self.next() % (n.max(1) as u64))
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// One random SDP as (escaped source, expected text).
fn random_escaped_sdp(rng: &mut Rng) -> (String, Vec<u8>) {
    let mut src = String::from("v=0");
    let mut text = b"v=0".to_vec();
    let lines = 1 + rng.below(8);
    for _ in 0..lines {
        let (esc, real) = rng.pick(&[("\\r\\n", "\r\n"), ("\\n", "\n")]);
        src.push_str(esc);
        text.extend_from_slice(real.as_bytes());
        let letter = rng.pick(&["o", "s", "c", "t", "m", "a", "b"]);
        src.push_str(letter);
        src.push('=');
        text.extend_from_slice(letter.as_bytes());
        text.push(b'=');
        for _ in 0..rng.below(12) {
            let (esc, real): (&str, &str) = rng.pick(&[
                ("x", "x"),
                ("IN IP4 ", "IN IP4 "),
                ("é", "é"),
                ("\\\"", "\""),
                ("\\\\", "\\"),
                ("\\/", "/"),
                ("\\t", "\t"),
                ("\\u00e9", "é"),
                ("\\u20ac", "€"),
                ("\\ud83d\\ude00", "😀"),
                ("\\ud800", "\u{FFFD}"),
                ("\\u0041", "A"),
                ("9 ", "9 "),
            ]);
            src.push_str(esc);
            text.extend_from_slice(real.as_bytes());
        }
    }
    if rng.below(2) == 0 {
        src.push_str("\\r\\n");
        text.extend_from_slice(b"\r\n");
    }
    (src, text)
}

#[test]
fn random_text_around_escaped_sdps() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let noise =
        ["lorem ", "{\"a\":1} ", "ß ", "[x] ", "\t", "\r\n", "\n", "'", "type: x ", "} {", r"\\ "];
    for round in 0..400 {
        let mut input = String::from("log: ");
        let mut expected = Vec::new();
        for _ in 0..=rng.below(4) {
            for _ in 0..rng.below(6) {
                input.push_str(rng.pick(&noise));
            }
            let (src, text) = random_escaped_sdp(&mut rng);
            let quote = rng.pick(&["\"", "\"", "'"]);
            input.push_str(rng.pick(&[" ", "\"sdp\":", "sdp: ", "= "]));
            input.push_str(quote);
            input.push_str(&src);
            input.push_str(quote);
            input.push_str(rng.pick(&[" ", "\n", "}\n", ","]));
            expected.push(text);
        }
        let found = extract(input.as_bytes(), &Limits::default());
        let texts: Vec<&[u8]> = found.sdps.iter().map(|s| s.text.as_ref()).collect();
        let expected: Vec<&[u8]> = expected.iter().map(Vec::as_slice).collect();
        assert_eq!(texts, expected, "round {round}: {input:?}");
        assert_map_exact(input.as_bytes(), &found.sdps);
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let tokens: [&[u8]; 28] = [
        b"v=0",
        b"v=0\r\n",
        b"v=0\\r\\n",
        b"\\n",
        b"o=- 1 1 IN IP4 0.0.0.0",
        b"a=x",
        b"\r\n",
        b"\n",
        b"\r",
        b"SIP/2.0",
        b"SIP/2.0 200 OK",
        b"INVITE sip:a@b SIP/2.0",
        b"Call-ID: c1",
        b"l: 0",
        b"\"",
        b"'",
        b"{",
        b"}",
        b"[",
        b"]",
        b":",
        b",",
        b"\"type\":\"offer\"",
        b"\\u",
        b"d83d",
        b"\\",
        b"\xEF\xBB\xBF",
        b"[12:00] x: ",
    ];
    let limits = {
        let mut l = Limits::default();
        l.max_sdp_bytes = 64;
        l
    };
    for round in 0..10_000 {
        let mut input = Vec::new();
        for _ in 0..rng.below(40) {
            if rng.below(3) == 0 {
                input.push(rng.next().to_le_bytes()[0]);
            } else {
                input.extend_from_slice(rng.pick(&tokens));
            }
        }
        let found = extract(&input, &limits);
        let _ = pairs(&found.sdps);
        for sdp in &found.sdps {
            for i in 0..=sdp.text.len() {
                let at = sdp.map.to_input(i);
                assert!(at <= input.len() as u64, "round {round}: {input:?}");
                let _ = sdp.position(i);
            }
            let _ = sdp.input_span(sdpcheck::Span::new(0, sdp.text.len() + 9));
        }
        if round % 10 == 0 {
            assert_map_exact(&input, &found.sdps);
            let whole: Vec<_> = found.sdps.into_iter().map(ExtractedSdp::into_owned).collect();
            assert_eq!(streamed(&input, 1 + round % 5, &limits), whole, "round {round}: {input:?}");
        }
    }
}

/// A 50 MB log, generated on the fly: noise lines, and every block one
/// escaped offer, a SIP INVITE (offer) and 200 (answer), and an Asterisk-
/// style prefixed block.
struct BigLog {
    block: Vec<u8>,
    left: usize,
    at: usize,
}

impl BigLog {
    const SDPS_PER_BLOCK: usize = 4;

    fn new(total: usize) -> Self {
        let sdp = "v=0\r\no=- 20518 0 IN IP4 203.0.113.1\r\ns=-\r\nc=IN IP4 203.0.113.1\r\n\
                   t=0 0\r\nm=audio 54400 RTP/AVP 0 96\r\na=rtpmap:0 PCMU/8000\r\n\
                   a=rtpmap:96 opus/48000/2\r\n";
        let mut block = String::new();
        for i in 0..400 {
            let s = i % 60;
            writeln!(
                block,
                "2024-03-14 09:30:{s:02}.{i:03} INFO [worker-3] c.e.Service - \
                 request {i} done in 12 ms, status=200 level v=1"
            )
            .unwrap();
        }
        let escaped = sdp.replace("\r\n", "\\r\\n");
        writeln!(
            block,
            r#"2024-03-14 09:31:00.000 DEBUG [ws] send {{"type":"offer","sdp":"{escaped}"}}"#
        )
        .unwrap();
        let body = sdp.replace("o=- 20518", "o=pbx 7");
        let len = body.len();
        for start in ["INVITE sip:100@192.0.2.1 SIP/2.0", "SIP/2.0 200 OK"] {
            writeln!(
                block,
                "{start}\r\nCall-ID: big-1\r\nCSeq: 1 INVITE\r\n\
                 Content-Type: application/sdp\r\nContent-Length: {len}\r\n\r\n{body}"
            )
            .unwrap();
        }
        for line in sdp.split("\r\n").filter(|l| !l.is_empty()) {
            writeln!(block, "[Nov 22 10:15:01] VERBOSE[24519] res_pjsip_logger.c: {line}").unwrap();
        }
        let block = block.into_bytes();
        BigLog { left: total.div_ceil(block.len()), block, at: 0 }
    }
}

impl Read for BigLog {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let rest = &self.block[self.at..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        if self.at == self.block.len() {
            self.at = 0;
            self.left -= 1;
        }
        Ok(n)
    }
}

#[test]
fn fifty_megabyte_log_streams_in_bounded_memory() {
    let log = BigLog::new(50 << 20);
    let blocks = log.left;
    let started = std::time::Instant::now();
    let mut extractor = Extractor::new(log, &Limits::default());
    let mut count = 0;
    let mut roles = [0usize; 3];
    let mut last_line = 0;
    for sdp in &mut extractor {
        let sdp = sdp.unwrap();
        roles[match sdp.role {
            Some(Role::Offer) => 0,
            Some(Role::Answer) => 1,
            None => 2,
        }] += 1;
        assert!(sdp.line > last_line);
        last_line = sdp.line;
        count += 1;
    }
    let elapsed = started.elapsed();
    assert!(extractor.bytes_scanned() >= 50 << 20);
    assert_eq!(count, blocks * BigLog::SDPS_PER_BLOCK);
    assert_eq!(roles, [2 * blocks, blocks, blocks]);
    // The window (two chunks plus look-around) and one SDP's buffers,
    // whatever the log's size.
    let peak = extractor.peak_buffer_capacity();
    assert!(peak < 1 << 20, "peak buffer capacity {peak}");
    assert!(elapsed.as_secs() < 20, "took {elapsed:?}");
}

#[test]
fn huge_line_and_huge_string_stay_bounded() {
    // 3 MB on one line (several windows long) with no SDP, then an SDP
    // block: found, at the right line.
    let mut input = vec![b'x'; 3 << 20];
    input.extend_from_slice(b"\nv=0\no=- 1 1 IN IP4 192.0.2.1\n");
    let mut extractor = Extractor::new(&input[..], &Limits::default());
    let sdps: Vec<_> = (&mut extractor).map(Result::unwrap).collect();
    assert_eq!(sdps.len(), 1);
    assert_eq!((sdps[0].line, sdps[0].column), (2, 1));
    assert!(extractor.peak_buffer_capacity() < 1 << 20);

    // A JSON string of 3 MB holding an escaped SDP: capped, bounded.
    let mut limits = Limits::default();
    limits.max_sdp_bytes = 4096;
    let mut input = br#"[{"type":"answer","sdp":"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n"#.to_vec();
    while input.len() < 3 << 20 {
        input.extend_from_slice(br"a=ssrc:1 cname:abcdefgh\r\n");
    }
    input.extend_from_slice(br#""}]"#);
    let mut extractor = Extractor::new(&input[..], &limits);
    let sdps: Vec<_> = (&mut extractor).map(Result::unwrap).collect();
    assert_eq!(sdps.len(), 1);
    assert_eq!(sdps[0].role, Some(Role::Answer));
    assert!(sdps[0].truncated);
    assert!(extractor.peak_buffer_capacity() < 1 << 20);
}

#[test]
fn one_string_of_many_sdps_is_taken_one_at_a_time() {
    // 50k tiny SDPs in one string, free text and JSON: each is yielded in
    // turn, the scanner never queues them.
    let mut body = Vec::new();
    for _ in 0..50_000 {
        body.extend_from_slice(br"v=0\na=x\n");
    }
    for (open, close) in [(&b"log \""[..], &b"\"\n"[..]), (b"[\"", b"\"]")] {
        let input = [open, &body, close].concat();
        let mut extractor = Extractor::new(&input[..], &Limits::default());
        let mut count = 0;
        for sdp in &mut extractor {
            assert_eq!(sdp.unwrap().text.as_ref(), b"v=0\na=x\n");
            count += 1;
        }
        assert_eq!(count, 50_000);
        assert!(extractor.peak_buffer_capacity() < 1 << 20, "{}", extractor.peak_buffer_capacity());
    }
}

#[test]
fn read_errors_end_the_stream_after_the_sdps_before_them() {
    struct Failing<'a>(&'a [u8]);
    impl Read for Failing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("disk on fire"));
            }
            let n = self.0.len().min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let input = fixture("descriptions.ndjson");
    let items: Vec<_> = Extractor::new(Failing(&input), &Limits::default()).collect();
    assert_eq!(items.len(), 5);
    assert!(items[..4].iter().all(Result::is_ok));
    assert_eq!(items[4].as_ref().unwrap_err().to_string(), "disk on fire");
}
