//! SDP-shaped inputs for the structure-aware targets (`check_structured`,
//! `pair_structured`).
//!
//! Random bytes rarely get past the tokenizer: most rules need an `m=` line
//! with a known transport, rtpmaps, ICE and DTLS attributes, a BUNDLE group,
//! and an answer that lines up with its offer. [`Sdp`] is built with
//! `arbitrary` from the fuzzer's bytes and written out as an SDP whose
//! tokens come mostly from tables of real values (so the rules fire) and
//! sometimes from hostile ones (out-of-range numbers, control characters,
//! invalid UTF-8), and [`Noise`] then deletes, repeats, swaps or corrupts a
//! few lines so that order and duplicate checks run too. [`PairPlan`] turns
//! one offer into an answer by the edits answerers make (drop or reorder
//! codecs, renumber payload types, reject a section, change direction,
//! DTLS role or transport), so the pair rules meet aligned sections.

use arbitrary::Arbitrary;

/// Encoding names: the codecs the rules know, plus a few they don't.
const CODECS: &[&str] = &[
    "PCMU",
    "PCMA",
    "G722",
    "G729",
    "opus",
    "telephone-event",
    "CN",
    "red",
    "ulpfec",
    "rtx",
    "VP8",
    "VP9",
    "H264",
    "AV1",
    "iLBC",
    "AMR-WB",
    "pcma",
    "OPUS",
    "G7221",
    "speex",
    "flexfec-03",
    "H265",
];

/// Clock rates, common and odd.
const RATES: &[u32] = &[8000, 16000, 48000, 90000, 32000, 44100, 24000, 1, 0, 4_294_967_295];

/// Payload types: static, dynamic, and out of range as written text.
const PTS: &[&str] = &[
    "0",
    "8",
    "9",
    "18",
    "13",
    "3",
    "96",
    "97",
    "98",
    "99",
    "100",
    "101",
    "102",
    "103",
    "111",
    "120",
    "126",
    "127",
    "34",
    "35",
    "128",
    "255",
    "-0",
    "4294967296",
    "00",
    "0x60",
];

/// Media kinds.
const KINDS: &[&str] = &["audio", "video", "application", "text", "message", "Audio", "image"];

/// Transport protocols.
const PROTOS: &[&str] = &[
    "RTP/AVP",
    "RTP/AVPF",
    "RTP/SAVP",
    "RTP/SAVPF",
    "UDP/TLS/RTP/SAVPF",
    "UDP/TLS/RTP/SAVP",
    "UDP/DTLS/SCTP",
    "DTLS/SCTP",
    "TCP/DTLS/RTP/SAVPF",
    "TCP/MSRP",
    "udp",
    "TCP/TLS/RTP/SAVPF",
    "RTP/Ä/AVP",
];

/// Connection addresses: public, private, special, malformed.
const ADDRS: &[&str] = &[
    "IN IP4 192.0.2.1",
    "IN IP4 203.0.113.7",
    "IN IP4 10.0.0.1",
    "IN IP4 192.168.1.20",
    "IN IP4 127.0.0.1",
    "IN IP4 0.0.0.0",
    "IN IP4 169.254.1.1",
    "IN IP4 100.64.0.1",
    "IN IP4 224.2.1.1/127",
    "IN IP4 224.2.1.1/127/3",
    "IN IP6 2001:db8::1",
    "IN IP6 ff02::1",
    "IN IP6 fd00::1",
    "IN IP4 sip.example.com",
    "IN IP4 ３.３.３.３",
    "IN IP4 256.1.1.1",
    "IN IP4",
    "IN IP4 1.2.3.4 ",
];

/// `a=` names that take no value or any value: flags and extension noise.
const FLAGS: &[&str] = &[
    "rtcp-mux",
    "rtcp-rsize",
    "ice-lite",
    "bundle-only",
    "end-of-candidates",
    "extmap-allow-mixed",
    "sendrecv",
    "sendonly",
    "recvonly",
    "inactive",
    "ice-options:trickle",
    "msid-semantic: WMS *",
    "charset:ISO-8859-1",
    "charset:UTF-8",
    "sctp-port:5000",
    "sctp-port:70000",
    "max-message-size:262144",
    "max-message-size:1180591620717411303424",
    "sctpmap:5000 webrtc-datachannel 1024",
    "extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
    "extmap:0 urn:x",
    "extmap:4096 urn:x",
    "extmap:2/sendonly urn:ietf:params:rtp-hdrext:sdes:mid",
    "rtcp:9 IN IP4 0.0.0.0",
    "rtcp:99999",
    "ptime:20",
    "ptime:30",
    "maxptime:120",
    "ssrc:1001 cname:abc",
    "ssrc:4294967296 cname:x",
    "ssrc-group:FID 1001 1002",
    "msid:stream track",
    "crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz",
    "crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:32",
    "crypto:1 AES_CM_128_HMAC_SHA1_80",
    "setup:actpass",
    "setup:active",
    "setup:passive",
    "setup:holdconn",
    "setup:",
    "fmtp:101 0-15",
    "fmtp:101",
    "rtcp-fb:* nack",
    "rtcp-fb:96 nack pli",
    "rtcp-fb:96 goog-remb",
    "rid:h send",
    "rid:l send max-width=320",
    "rid:x recv",
    "simulcast:send h;l",
    "simulcast:send h;~m recv x",
    "simulcast:recv q",
    "ice-pwd:",
    "ice-ufrag:a",
    "candidate:1 1 UDP 2130706431 192.0.2.1 49170 typ host",
    "candidate:2 1 UDP 1694498815 203.0.113.7 49170 typ srflx raddr 10.0.0.1 rport 49170",
    "candidate:3 1 UDP 1694498815 203.0.113.7 49170 typ srflx raddr 10.0.0.1",
    "candidate:4 1 TCP 1518280447 192.0.2.1 9 typ host tcptype active",
    "candidate:5 1 UDP 18446744073709551616 x.local 1 typ host",
    "candidate:6 1 UDP 1 192.0.2.1 1",
    "candidate:7 2 udp 1 192.0.2.1 5000 typ relay rport 5",
    "label:1",
    "",
    ":value",
    "x-custom:\u{1b}]8;;http://e\u{7}x\u{1b}]8;;\u{7}",
];

/// Text for `s=`, `i=`, mids and tokens, friendly and hostile.
const TEXTS: &[&[u8]] = &[
    b"-",
    b"0",
    b"1",
    b"audio",
    b"video",
    b"data",
    b"Talk",
    b"",
    b" ",
    b"\x1b[2J\x1b[31mred",
    b"a\xe2\x80\xaeb",
    b"zero\xe2\x80\x8bwidth",
    b"tag\xf3\xa0\x80\x81",
    b"\xff\xfe",
    b"\xc3",
    b"\xc0\xaf",
    b"::error file=x::injected",
    b"100%0A%25",
    b"o=IN IP4 1.2.3.4",
    b"a\rb",
    b"nul\x00byte",
    b"\xef\xbb\xbfbom",
    b"caf\xc3\xa9",
    b"\xe3\x80\x80",
];

/// Fingerprint hash functions.
const HASHES: &[&str] = &["sha-256", "sha-1", "sha-384", "sha-512", "md5", "SHA-256", "sha-224"];

/// Bundle/group semantics.
const SEMANTICS: &[&str] = &["BUNDLE", "LS", "FID", "bundle"];

/// Picks from a table by an index the fuzzer chose.
fn pick<T: Copy>(table: &[T], i: u8) -> T {
    table[usize::from(i) % table.len()]
}

/// A number as written: mostly from a table, sometimes any value.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Port {
    /// A usual port.
    Usual(u8),
    /// Port 0: a rejected or disabled section.
    Zero,
    /// Any `u16`.
    Any(u16),
    /// A port range `port/count`.
    Range(u16, u16),
    /// Hostile text from HOSTILE-INPUT.md.
    Weird(u8),
}

impl Port {
    fn write(self, out: &mut Vec<u8>) {
        const WEIRD: &[&str] =
            &["99999", "-1", "0x1F4", "+5000", "0049170", "49170/0", "49170/65535", "/", "49170/"];
        match self {
            Port::Usual(i) => push_num(out, pick(&[9, 49170, 5004, 30000, 1, 65535], i)),
            Port::Zero => out.push(b'0'),
            Port::Any(n) => push_num(out, u64::from(n)),
            Port::Range(p, c) => {
                push_num(out, u64::from(p));
                out.push(b'/');
                push_num(out, u64::from(c));
            }
            Port::Weird(i) => out.extend_from_slice(pick(WEIRD, i).as_bytes()),
        }
    }
}

fn push_num(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(n.to_string().as_bytes());
}

/// One codec of a media section: its payload type on the `m=` line and,
/// optionally, its `a=rtpmap` and `a=fmtp`.
#[derive(Arbitrary, Debug, Clone)]
pub struct Codec {
    /// Index into [`PTS`].
    pub pt: u8,
    /// `a=rtpmap` (name index, rate index, channels), if written.
    pub rtpmap: Option<(u8, u8, Option<u8>)>,
    /// `a=fmtp` parameters, if written.
    pub fmtp: Option<Fmtp>,
    /// Whether the payload type is left off the `m=` line (an orphan rtpmap).
    pub orphan: bool,
}

/// fmtp parameter sets that the rules and the negotiation read.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Fmtp {
    /// A known parameter set.
    Known(u8),
    /// `n` repetitions of `x=1;` (long parameter lists).
    Many(u8),
}

impl Fmtp {
    fn write(self, out: &mut Vec<u8>) {
        const KNOWN: &[&str] = &[
            "minptime=10;useinbandfec=1",
            "0-15",
            "0-16",
            "packetization-mode=1;profile-level-id=42e01f",
            "packetization-mode=0;profile-level-id=64001f",
            "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f",
            "apt=96",
            "annexb=no",
            "profile-id=0",
            "",
            ";;;",
            "pt=96,97",
        ];
        match self {
            Fmtp::Known(i) => out.extend_from_slice(pick(KNOWN, i).as_bytes()),
            Fmtp::Many(n) => {
                for _ in 0..n {
                    out.extend_from_slice(b"x=1;");
                }
            }
        }
    }
}

/// One attribute line (`a=` written by the caller).
#[derive(Arbitrary, Debug, Clone)]
pub enum Attr {
    /// A line from [`FLAGS`].
    Flag(u8),
    /// `a=mid:<text>`.
    Mid(u8),
    /// `a=group:<semantics> <mids>`.
    Group(u8, Vec<u8>),
    /// `a=ice-ufrag` / `a=ice-pwd` of a chosen length.
    Ice {
        /// ufrag length.
        ufrag: u8,
        /// pwd length.
        pwd: u16,
    },
    /// `a=fingerprint:<hash> <n bytes of hex>`.
    Fingerprint(u8, u8),
    /// A direction attribute.
    Direction(u8),
    /// `a=setup:<role>`.
    Setup(u8),
    /// `a=candidate` with a chosen type and port.
    Candidate {
        /// Candidate type index (host, srflx, relay, prflx, bogus).
        typ: u8,
        /// Component id.
        component: u8,
        /// Port.
        port: u16,
    },
    /// `a=<text>:<text>`: arbitrary names and values.
    Other(u8, u8),
    /// Raw bytes after `a=`.
    Raw(Vec<u8>),
}

impl Attr {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"a=");
        match self {
            Attr::Flag(i) => out.extend_from_slice(pick(FLAGS, *i).as_bytes()),
            Attr::Mid(i) => {
                out.extend_from_slice(b"mid:");
                out.extend_from_slice(pick(TEXTS, *i));
            }
            Attr::Group(sem, mids) => {
                out.extend_from_slice(b"group:");
                out.extend_from_slice(pick(SEMANTICS, *sem).as_bytes());
                for m in mids.iter().take(16) {
                    out.push(b' ');
                    out.extend_from_slice(pick(TEXTS, *m));
                }
            }
            Attr::Ice { ufrag, pwd } => {
                out.extend_from_slice(b"ice-ufrag:");
                out.extend(std::iter::repeat_n(b'u', usize::from(*ufrag % 40)));
                out.extend_from_slice(b"\r\na=ice-pwd:");
                out.extend(std::iter::repeat_n(b'p', usize::from(*pwd % 300)));
            }
            Attr::Fingerprint(hash, len) => {
                out.extend_from_slice(b"fingerprint:");
                out.extend_from_slice(pick(HASHES, *hash).as_bytes());
                out.push(b' ');
                for i in 0..usize::from(*len % 70) {
                    if i > 0 {
                        out.push(b':');
                    }
                    out.extend_from_slice(b"AB");
                }
            }
            Attr::Direction(i) => out.extend_from_slice(
                pick(&["sendrecv", "sendonly", "recvonly", "inactive"], *i).as_bytes(),
            ),
            Attr::Setup(i) => {
                out.extend_from_slice(b"setup:");
                out.extend_from_slice(
                    pick(&["active", "passive", "actpass", "holdconn"], *i).as_bytes(),
                );
            }
            Attr::Candidate { typ, component, port } => {
                let typ = pick(&["host", "srflx", "relay", "prflx", "bogus"], *typ);
                let line = format!(
                    "candidate:1 {component} udp 2130706431 192.0.2.{} {port} typ {typ}",
                    component % 4
                );
                out.extend_from_slice(line.as_bytes());
                if typ != "host" {
                    out.extend_from_slice(b" raddr 10.0.0.1 rport 9");
                }
            }
            Attr::Other(name, value) => {
                out.extend_from_slice(pick(TEXTS, *name));
                out.push(b':');
                out.extend_from_slice(pick(TEXTS, *value));
            }
            Attr::Raw(bytes) => out.extend_from_slice(&bytes[..bytes.len().min(256)]),
        }
    }
}

/// One media section.
#[derive(Arbitrary, Debug, Clone)]
pub struct Media {
    /// Index into [`KINDS`].
    pub kind: u8,
    /// The port.
    pub port: Port,
    /// Index into [`PROTOS`].
    pub proto: u8,
    /// The codecs, in preference order.
    pub codecs: Vec<Codec>,
    /// Formats written on the `m=` line only (data channels, junk).
    pub extra_formats: Vec<u8>,
    /// A `c=` line in the section.
    pub connection: Option<u8>,
    /// `b=AS:<n>` lines.
    pub bandwidth: Vec<u32>,
    /// `a=mid`, written first: most sections have one.
    pub mid: Option<u8>,
    /// The other attributes.
    pub attrs: Vec<Attr>,
}

impl Media {
    fn write(&self, lines: &mut Vec<Vec<u8>>) {
        let mut m = b"m=".to_vec();
        m.extend_from_slice(pick(KINDS, self.kind).as_bytes());
        m.push(b' ');
        self.port.write(&mut m);
        m.push(b' ');
        m.extend_from_slice(pick(PROTOS, self.proto).as_bytes());
        for c in self.codecs.iter().filter(|c| !c.orphan) {
            m.push(b' ');
            m.extend_from_slice(pick(PTS, c.pt).as_bytes());
        }
        for f in &self.extra_formats {
            m.push(b' ');
            m.extend_from_slice(
                pick(&["5000", "webrtc-datachannel", "*", "", "wb"], *f).as_bytes(),
            );
        }
        lines.push(m);
        if let Some(c) = self.connection {
            lines.push([b"c=", pick(ADDRS, c).as_bytes()].concat());
        }
        for b in self.bandwidth.iter().take(6) {
            lines.push(format!("b=AS:{b}").into_bytes());
        }
        if let Some(mid) = self.mid {
            lines.push([b"a=mid:".as_slice(), pick(TEXTS, mid)].concat());
        }
        for c in &self.codecs {
            let pt = pick(PTS, c.pt);
            if let Some((name, rate, channels)) = c.rtpmap {
                let mut l = format!("a=rtpmap:{pt} {}/{}", pick(CODECS, name), pick(RATES, rate));
                if let Some(ch) = channels {
                    l.push_str(&format!("/{}", ch % 4));
                }
                lines.push(l.into_bytes());
            }
            if let Some(f) = c.fmtp {
                let mut l = format!("a=fmtp:{pt} ").into_bytes();
                f.write(&mut l);
                lines.push(l);
            }
        }
        for a in self.attrs.iter().take(48) {
            let mut l = Vec::new();
            a.write(&mut l);
            lines.push(l);
        }
    }
}

/// Damage done to the written lines.
#[derive(Arbitrary, Debug, Clone)]
pub enum Noise {
    /// Delete line `n`.
    Delete(u8),
    /// Write line `n` twice.
    Duplicate(u8),
    /// Swap lines `n` and `n + 1`.
    Swap(u8),
    /// Insert raw bytes as a line before line `n`.
    Insert(u8, Vec<u8>),
    /// Cut line `n` to `len` bytes.
    Truncate(u8, u8),
    /// Replace the byte at `at` of line `n`.
    Poke(u8, u8, u8),
}

/// How lines end.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Ending {
    /// `\r\n` (RFC 8866).
    CrLf,
    /// `\n`, which parsers accept.
    Lf,
    /// Alternating, with a lone `\r` or `\r\r\n` now and then.
    Mixed,
}

/// A whole description.
#[derive(Arbitrary, Debug, Clone)]
pub struct Sdp {
    /// `o=` session id and version, and an address index.
    pub origin: (u64, u64, u8),
    /// `s=` text.
    pub name: u8,
    /// A session-level `c=` line.
    pub connection: Option<u8>,
    /// Session-level attributes (before the media sections).
    pub attrs: Vec<Attr>,
    /// The media sections.
    pub media: Vec<Media>,
    /// A BUNDLE group of every section's mid, as browsers write.
    pub bundle_all: bool,
    /// Damage.
    pub noise: Vec<Noise>,
    /// Line endings.
    pub ending: Ending,
    /// Bytes after the last line.
    pub tail: Option<Vec<u8>>,
}

impl Sdp {
    /// The description's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut lines = self.lines();
        for n in self.noise.iter().take(4) {
            apply_noise(&mut lines, n);
        }
        let mut out = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            out.extend_from_slice(line);
            out.extend_from_slice(match (self.ending, i % 7) {
                (Ending::CrLf, _) | (Ending::Mixed, 0 | 2 | 4) => b"\r\n",
                (Ending::Lf, _) | (Ending::Mixed, 1 | 3 | 5) => b"\n",
                (Ending::Mixed, _) => {
                    if i % 2 == 0 {
                        b"\r\r\n"
                    } else {
                        b"\r"
                    }
                }
            });
        }
        if let Some(tail) = &self.tail {
            out.extend_from_slice(&tail[..tail.len().min(64)]);
        }
        out
    }

    /// The lines before noise.
    fn lines(&self) -> Vec<Vec<u8>> {
        let mut lines = vec![b"v=0".to_vec()];
        let (id, version, addr) = self.origin;
        lines.push(format!("o=- {id} {version} {}", pick(ADDRS, addr)).into_bytes());
        lines.push([b"s=".as_slice(), pick(TEXTS, self.name)].concat());
        if let Some(c) = self.connection {
            lines.push([b"c=", pick(ADDRS, c).as_bytes()].concat());
        }
        lines.push(b"t=0 0".to_vec());
        if self.bundle_all {
            let mut group = b"a=group:BUNDLE".to_vec();
            for m in &self.media {
                if let Some(mid) = m.mid {
                    group.push(b' ');
                    group.extend_from_slice(pick(TEXTS, mid));
                }
            }
            lines.push(group);
        }
        for a in self.attrs.iter().take(24) {
            let mut l = Vec::new();
            a.write(&mut l);
            lines.push(l);
        }
        for m in self.media.iter().take(12) {
            m.write(&mut lines);
        }
        lines
    }
}

fn apply_noise(lines: &mut Vec<Vec<u8>>, noise: &Noise) {
    if lines.is_empty() {
        return;
    }
    let at = |n: u8| usize::from(n) % lines.len();
    match noise {
        Noise::Delete(n) => {
            let i = at(*n);
            lines.remove(i);
        }
        Noise::Duplicate(n) => {
            let i = at(*n);
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        Noise::Swap(n) => {
            let i = at(*n);
            if i + 1 < lines.len() {
                lines.swap(i, i + 1);
            }
        }
        Noise::Insert(n, bytes) => {
            let i = at(*n);
            lines.insert(i, bytes[..bytes.len().min(128)].to_vec());
        }
        Noise::Truncate(n, len) => {
            let i = at(*n);
            lines[i].truncate(usize::from(*len));
        }
        Noise::Poke(n, pos, byte) => {
            let i = at(*n);
            let line = &mut lines[i];
            if !line.is_empty() {
                let p = usize::from(*pos) % line.len();
                line[p] = *byte;
            }
        }
    }
}

/// What an answerer does to one offered section.
#[derive(Arbitrary, Debug, Clone)]
pub struct SectionEdit {
    /// Reject it (port 0).
    pub reject: bool,
    /// Keep these offered codecs (indices, in this order); empty keeps all.
    pub keep: Vec<u8>,
    /// Renumber the kept codecs' payload types by this offset in [`PTS`].
    pub renumber: u8,
    /// Add a codec the offer did not have, first.
    pub add_first: Option<Codec>,
    /// Replace the transport.
    pub proto: Option<u8>,
    /// Answer direction, appended.
    pub direction: Option<u8>,
    /// Answer `a=setup` role (0 active, 1 passive, 2 actpass, 3 holdconn).
    pub setup: Option<u8>,
    /// Replace the mid.
    pub mid: Option<Option<u8>>,
    /// Extra attributes.
    pub attrs: Vec<Attr>,
}

/// An offer, and the edits that turn it into its answer.
#[derive(Arbitrary, Debug, Clone)]
pub struct PairPlan {
    /// The offer.
    pub offer: Sdp,
    /// One edit per offered section (missing ones keep the section).
    pub edits: Vec<SectionEdit>,
    /// Drop the answer's last `n` sections, or add sections of its own.
    pub drop_sections: u8,
    /// Sections only the answer has.
    pub extra: Vec<Media>,
    /// Swap the answer's first two sections.
    pub swap: bool,
    /// The answer's own session-level attributes, replacing the offer's.
    pub answer_attrs: Option<Vec<Attr>>,
    /// The answer's noise, replacing the offer's.
    pub answer_noise: Vec<Noise>,
}

impl PairPlan {
    /// The offer's and the answer's bytes.
    pub fn to_bytes(&self) -> (Vec<u8>, Vec<u8>) {
        let offer = self.offer.to_bytes();
        let mut answer = self.offer.clone();
        answer.origin.0 = answer.origin.0.wrapping_add(1);
        answer.noise.clone_from(&self.answer_noise);
        if let Some(attrs) = &self.answer_attrs {
            attrs.clone_into(&mut answer.attrs);
        }
        for (m, edit) in answer.media.iter_mut().zip(&self.edits) {
            edit_section(m, edit);
        }
        let keep = answer.media.len().saturating_sub(usize::from(self.drop_sections % 4));
        answer.media.truncate(keep);
        answer.media.extend(self.extra.iter().take(2).cloned());
        if self.swap && answer.media.len() >= 2 {
            answer.media.swap(0, 1);
        }
        (offer, answer.to_bytes())
    }
}

fn edit_section(m: &mut Media, edit: &SectionEdit) {
    if edit.reject {
        m.port = Port::Zero;
    }
    if !edit.keep.is_empty() && !m.codecs.is_empty() {
        let offered = std::mem::take(&mut m.codecs);
        m.codecs = edit
            .keep
            .iter()
            .take(8)
            .map(|i| offered[usize::from(*i) % offered.len()].clone())
            .collect();
    }
    for c in &mut m.codecs {
        c.pt = c.pt.wrapping_add(edit.renumber);
    }
    if let Some(c) = &edit.add_first {
        m.codecs.insert(0, c.clone());
    }
    if let Some(p) = edit.proto {
        m.proto = p;
    }
    if let Some(mid) = edit.mid {
        m.mid = mid;
    }
    // The answer's own direction and role come after the offered
    // attributes; the offer's copies are dropped so they decide.
    m.attrs.retain(|a| !matches!(a, Attr::Direction(_)));
    if let Some(d) = edit.direction {
        m.attrs.push(Attr::Direction(d));
    }
    if let Some(role) = edit.setup {
        m.attrs.retain(|a| !matches!(a, Attr::Setup(_)));
        m.attrs.push(Attr::Setup(role));
    }
    m.attrs.extend(edit.attrs.iter().take(8).cloned());
}
