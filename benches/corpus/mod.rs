//! The generated corpus the benches measure: Chrome-like and Firefox-like
//! WebRTC offers and answers, SIP offers and answers, and a log that mixes
//! all three forms extraction knows (JSON-escaped strings, SIP messages,
//! prefixed SDP blocks) among noise lines.
//!
//! Everything is built by code from a seed, so a run is reproducible and no
//! large file is committed. Shared by `benches/parse.rs`, `benches/log.rs`
//! and `examples/gen_corpus.rs` (which writes a log to a file for the CLI
//! measurement) through `#[path]`, so this is a plain module, not a target.
//!
//! The descriptions are meant to be clean: the benches assert that
//! `sdpcheck::check` reports no finding on them, so what is measured is the
//! path a well-formed description takes, not the finding path.

use std::fmt::Write as _;
use std::io;

/// splitmix64: small, fast and good enough to vary identifiers; the
/// benches need determinism, not statistical quality.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// An index below `n` (which is not 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        usize::try_from(self.next_u64() % n).unwrap_or(0)
    }

    /// One of `items` (not empty).
    pub(crate) fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }

    /// A port in `lo..=hi`.
    pub(crate) fn port(&mut self, lo: u16, hi: u16) -> u16 {
        u16::try_from(self.range(lo.into(), hi.into())).unwrap_or(lo)
    }

    /// `len` characters drawn from `alphabet`.
    pub(crate) fn token(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len).map(|_| char::from(*self.pick(alphabet))).collect()
    }

    /// A random (version 4 shaped) UUID.
    pub(crate) fn uuid(&mut self) -> String {
        let h = |r: &mut Rng, n| r.token(b"0123456789abcdef", n);
        format!("{}-{}-4{}-a{}-{}", h(self, 8), h(self, 4), h(self, 3), h(self, 3), h(self, 12))
    }

    /// A session id as browsers write it: 19 digits, below 2^63 (JSEP).
    pub(crate) fn session_id(&mut self) -> u64 {
        self.range(1_000_000_000_000_000_000, 9_000_000_000_000_000_000)
    }

    /// An address in one of the RFC 5737 documentation ranges: public for
    /// sdpcheck's reachability rule, reserved in real life.
    pub(crate) fn public_ip(&mut self) -> String {
        let net = self.pick(&["192.0.2", "198.51.100", "203.0.113"]);
        format!("{net}.{}", self.range(1, 254))
    }

    /// A SHA-256 fingerprint: 32 colon-separated upper-case hex bytes.
    pub(crate) fn fingerprint(&mut self) -> String {
        let bytes: Vec<String> =
            (0..32).map(|_| format!("{:02X}", self.next_u64() & 0xFF)).collect();
        bytes.join(":")
    }
}

/// ICE characters (RFC 8839 §5.4 `ice-char`).
const ICE_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The side of an offer/answer exchange a generated description is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Offer,
    Answer,
}

/// `count` ICE candidates of one component, Chrome style: host (mDNS and
/// IPv4), TCP host, then server-reflexive; the `m=` port and `c=` address
/// of the section are those of the last one (the default candidate).
fn candidates(rng: &mut Rng, count: usize, out: &mut String) -> (u16, String) {
    let mut default = (9, "0.0.0.0".to_owned());
    for i in 0..count {
        let foundation = rng.range(100_000_000, 4_000_000_000);
        let port = rng.port(40_000, 65_000);
        let line = match i % 4 {
            0 => format!(
                "a=candidate:{foundation} 1 udp 2122260223 {}.local {port} typ host generation 0 network-id 1 network-cost 10",
                rng.uuid()
            ),
            1 => format!(
                "a=candidate:{foundation} 1 tcp 1518280447 {} 9 typ host tcptype active generation 0 network-id 1 network-cost 10",
                rng.public_ip()
            ),
            2 => {
                let ip = rng.public_ip();
                let line = format!(
                    "a=candidate:{foundation} 1 udp 1686052607 {ip} {port} typ srflx raddr 0.0.0.0 rport 0 generation 0 network-id 1 network-cost 10"
                );
                default = (port, ip);
                line
            }
            _ => {
                let ip = rng.public_ip();
                let line = format!(
                    "a=candidate:{foundation} 1 udp 41885439 {ip} {port} typ relay raddr {} rport {} generation 0 network-id 1 network-cost 10",
                    rng.public_ip(),
                    rng.range(40_000, 65_000)
                );
                if default.0 == 9 {
                    default = (port, ip);
                }
                line
            }
        };
        out.push_str(&line);
        out.push_str("\r\n");
    }
    default
}

/// The transport lines every Chrome section repeats (ICE, DTLS, mid).
struct Transport {
    ufrag: String,
    pwd: String,
    fingerprint: String,
    setup: &'static str,
}

impl Transport {
    fn new(rng: &mut Rng, side: Side) -> Self {
        Transport {
            ufrag: rng.token(ICE_CHARS, 4),
            pwd: rng.token(ICE_CHARS, 24),
            fingerprint: rng.fingerprint(),
            setup: if side == Side::Offer { "actpass" } else { "active" },
        }
    }

    fn write(&self, out: &mut String, mid: usize) {
        let Transport { ufrag, pwd, fingerprint, setup } = self;
        let _ = write!(
            out,
            "a=ice-ufrag:{ufrag}\r\na=ice-pwd:{pwd}\r\na=ice-options:trickle\r\n\
             a=fingerprint:sha-256 {fingerprint}\r\na=setup:{setup}\r\na=mid:{mid}\r\n"
        );
    }
}

/// Video codecs Chrome offers, as (payload type, encoding, fmtp, rtx
/// payload type); the answer keeps the first `ANSWER_VIDEO` of them.
const CHROME_VIDEO: &[(u8, &str, Option<&str>, Option<u8>)] = &[
    (96, "VP8", None, Some(97)),
    (98, "VP9", Some("profile-id=0"), Some(99)),
    (100, "VP9", Some("profile-id=2"), Some(101)),
    (45, "AV1", Some("level-idx=5;profile=0;tier=0"), Some(46)),
    (
        102,
        "H264",
        Some("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f"),
        Some(103),
    ),
    (
        106,
        "H264",
        Some("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"),
        Some(107),
    ),
    (
        112,
        "H264",
        Some("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f"),
        Some(113),
    ),
];

/// How many of [`CHROME_VIDEO`] a Chrome answer keeps.
const ANSWER_VIDEO: usize = 5;

/// A Chrome-like unified-plan description: audio, video and a data
/// channel, bundled, with `candidates` ICE candidates in the first section
/// (4-12 give 5.4-6.5 KB for an offer, 4.7-5.8 KB for an answer).
pub(crate) fn chrome(seed: u64, side: Side, candidates_count: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut s = String::with_capacity(8 << 10);
    let stream = rng.uuid();
    let _ = write!(
        s,
        "v=0\r\no=- {} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1 2\r\n\
         a=extmap-allow-mixed\r\na=msid-semantic: WMS {stream}\r\n",
        rng.session_id()
    );
    let transport = Transport::new(&mut rng, side);
    let cname = rng.token(ICE_CHARS, 16);

    // Audio, with the candidates.
    let mut cands = String::new();
    let (port, address) = candidates(&mut rng, candidates_count, &mut cands);
    let _ = write!(
        s,
        "m=audio {port} UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\nc=IN IP4 {address}\r\n\
         a=rtcp:9 IN IP4 0.0.0.0\r\n{cands}"
    );
    transport.write(&mut s, 0);
    let ssrc = rng.range(1, u64::from(u32::MAX));
    let track = rng.uuid();
    let _ = write!(
        s,
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n\
         a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n\
         a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n\
         a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n\
         a=sendrecv\r\na=msid:{stream} {track}\r\na=rtcp-mux\r\na=rtcp-rsize\r\n\
         a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\n\
         a=fmtp:111 minptime=10;useinbandfec=1\r\na=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\n\
         a=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n\
         a=rtpmap:13 CN/8000\r\na=rtpmap:110 telephone-event/48000\r\n\
         a=rtpmap:126 telephone-event/8000\r\n\
         a=ssrc:{ssrc} cname:{cname}\r\na=ssrc:{ssrc} msid:{stream} {track}\r\n"
    );

    // Video: each codec with its rtcp-fb set and its rtx.
    let video = match side {
        Side::Offer => CHROME_VIDEO,
        Side::Answer => &CHROME_VIDEO[..ANSWER_VIDEO],
    };
    let mut pts = String::new();
    for (pt, _, _, rtx) in video {
        let _ = write!(pts, " {pt}");
        if let Some(rtx) = rtx {
            let _ = write!(pts, " {rtx}");
        }
    }
    if side == Side::Offer {
        pts.push_str(" 116 117 118");
    }
    let _ = write!(
        s,
        "m=video 9 UDP/TLS/RTP/SAVPF{pts}\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n"
    );
    transport.write(&mut s, 1);
    s.push_str(
        "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset\r\n\
         a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n\
         a=extmap:13 urn:3gpp:video-orientation\r\n\
         a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n\
         a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\r\n\
         a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type\r\n\
         a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing\r\n\
         a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space\r\n\
         a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n\
         a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n\
         a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n",
    );
    let video_track = rng.uuid();
    let _ =
        write!(s, "a=sendrecv\r\na=msid:{stream} {video_track}\r\na=rtcp-mux\r\na=rtcp-rsize\r\n");
    for (pt, name, fmtp, rtx) in video {
        let _ = write!(s, "a=rtpmap:{pt} {name}/90000\r\n");
        for fb in ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"] {
            let _ = write!(s, "a=rtcp-fb:{pt} {fb}\r\n");
        }
        if let Some(fmtp) = fmtp {
            let _ = write!(s, "a=fmtp:{pt} {fmtp}\r\n");
        }
        if let Some(rtx) = rtx {
            let _ = write!(s, "a=rtpmap:{rtx} rtx/90000\r\na=fmtp:{rtx} apt={pt}\r\n");
        }
    }
    if side == Side::Offer {
        s.push_str("a=rtpmap:116 red/90000\r\na=rtpmap:117 rtx/90000\r\na=fmtp:117 apt=116\r\na=rtpmap:118 ulpfec/90000\r\n");
    }
    let (v1, v2) = (rng.range(1, u64::from(u32::MAX)), rng.range(1, u64::from(u32::MAX)));
    let _ = write!(
        s,
        "a=ssrc-group:FID {v1} {v2}\r\na=ssrc:{v1} cname:{cname}\r\na=ssrc:{v1} msid:{stream} {video_track}\r\n\
         a=ssrc:{v2} cname:{cname}\r\na=ssrc:{v2} msid:{stream} {video_track}\r\n"
    );

    // Data channel.
    s.push_str("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n");
    transport.write(&mut s, 2);
    s.push_str("a=sctp-port:5000\r\na=max-message-size:262144\r\n");
    s
}

/// A Firefox-like description: audio and video, bundled, transport
/// attributes in alphabetical order as Firefox writes them, session-level
/// fingerprint, `{uuid}` msids.
pub(crate) fn firefox(seed: u64, side: Side) -> String {
    let mut rng = Rng::new(seed);
    let mut s = String::with_capacity(8 << 10);
    let setup = if side == Side::Offer { "actpass" } else { "active" };
    let _ = write!(
        s,
        "v=0\r\no=mozilla...THIS_IS_SDPARTA-99.0 {} 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n\
         a=fingerprint:sha-256 {}\r\na=group:BUNDLE 0 1\r\na=ice-options:trickle\r\na=msid-semantic:WMS *\r\n",
        rng.session_id(),
        rng.fingerprint()
    );
    let pwd = rng.token(b"0123456789abcdef", 32);
    let ufrag = rng.token(b"0123456789abcdef", 8);
    let stream = rng.uuid();
    let cname = rng.uuid();
    let mut cands = String::new();
    let (port, address) = if side == Side::Offer {
        let ip = rng.public_ip();
        let port = rng.range(40_000, 65_000);
        for (i, (proto, prio, addr, p, typ)) in [
            ("UDP", 2_122_252_543u64, format!("{}.local", rng.uuid()), port, "host".to_owned()),
            ("TCP", 2_105_524_479, rng.public_ip(), 9, "host tcptype active".to_owned()),
            ("UDP", 1_686_052_863, ip.clone(), port, "srflx raddr 0.0.0.0 rport 0".to_owned()),
        ]
        .into_iter()
        .enumerate()
        {
            let _ = write!(cands, "a=candidate:{i} 1 {proto} {prio} {addr} {p} typ {typ}\r\n");
        }
        cands.push_str("a=end-of-candidates\r\n");
        (port, ip)
    } else {
        (9, "0.0.0.0".to_owned())
    };
    let _ = write!(
        s,
        "m=audio {port} UDP/TLS/RTP/SAVPF 109 9 0 8 101\r\nc=IN IP4 {address}\r\n{cands}a=sendrecv\r\n\
         a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n\
         a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level\r\n\
         a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n\
         a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1\r\na=fmtp:101 0-15\r\n\
         a=ice-pwd:{pwd}\r\na=ice-ufrag:{ufrag}\r\na=mid:0\r\na=msid:{{{stream}}} {{{}}}\r\na=rtcp-mux\r\n\
         a=rtpmap:109 opus/48000/2\r\na=rtpmap:9 G722/8000/1\r\na=rtpmap:0 PCMU/8000\r\n\
         a=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000/1\r\na=setup:{setup}\r\n\
         a=ssrc:{} cname:{{{cname}}}\r\n",
        rng.uuid(),
        rng.range(1, u64::from(u32::MAX))
    );
    let pts = if side == Side::Offer {
        "120 124 121 125 126 127 97 98 123 122 119"
    } else {
        "120 124 121 125 126 127 97 98"
    };
    let _ = write!(
        s,
        "m=video 9 UDP/TLS/RTP/SAVPF {pts}\r\nc=IN IP4 0.0.0.0\r\na=sendrecv\r\n\
         a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n\
         a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n\
         a=extmap:5 urn:ietf:params:rtp-hdrext:toffset\r\n\
         a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\r\n\
         a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n\
         a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1\r\n\
         a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1\r\n\
         a=fmtp:120 max-fs=12288;max-fr=60\r\na=fmtp:124 apt=120\r\na=fmtp:121 max-fs=12288;max-fr=60\r\n\
         a=fmtp:125 apt=121\r\na=fmtp:127 apt=126\r\na=fmtp:98 apt=97\r\n"
    );
    if side == Side::Offer {
        s.push_str("a=fmtp:119 apt=122\r\n");
    }
    let _ = write!(
        s,
        "a=ice-pwd:{pwd}\r\na=ice-ufrag:{ufrag}\r\na=mid:1\r\na=msid:{{{stream}}} {{{}}}\r\n",
        rng.uuid()
    );
    for pt in [120, 121, 126, 97] {
        for fb in ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"] {
            let _ = write!(s, "a=rtcp-fb:{pt} {fb}\r\n");
        }
    }
    s.push_str(
        "a=rtcp-mux\r\na=rtcp-rsize\r\na=rtpmap:120 VP8/90000\r\na=rtpmap:124 rtx/90000\r\n\
         a=rtpmap:121 VP9/90000\r\na=rtpmap:125 rtx/90000\r\na=rtpmap:126 H264/90000\r\n\
         a=rtpmap:127 rtx/90000\r\na=rtpmap:97 H264/90000\r\na=rtpmap:98 rtx/90000\r\n",
    );
    if side == Side::Offer {
        s.push_str(
            "a=rtpmap:123 ulpfec/90000\r\na=rtpmap:122 red/90000\r\na=rtpmap:119 rtx/90000\r\n",
        );
    }
    let (v1, v2) = (rng.range(1, u64::from(u32::MAX)), rng.range(1, u64::from(u32::MAX)));
    let _ = write!(
        s,
        "a=setup:{setup}\r\na=ssrc:{v1} cname:{{{cname}}}\r\na=ssrc:{v2} cname:{{{cname}}}\r\n\
         a=ssrc-group:FID {v1} {v2}\r\n"
    );
    s
}

/// Audio codecs a SIP endpoint may offer, as (payload type, rtpmap).
const SIP_CODECS: &[(u8, &str)] = &[
    (0, "PCMU/8000"),
    (8, "PCMA/8000"),
    (9, "G722/8000"),
    (18, "G729/8000"),
    (3, "GSM/8000"),
    (4, "G723/8000"),
];

/// A SIP offer or answer (plain RTP/AVP, no ICE): 250-450 bytes. An offer
/// lists 2-6 codecs plus telephone-event; an answer picks the offer's
/// first codec, as a PBX does.
pub(crate) fn sip(seed: u64, side: Side) -> String {
    let mut rng = Rng::new(seed);
    let ip = rng.public_ip();
    let user = rng.pick(&["-", "FreeSWITCH", "Asterisk", "root", "sipgw"]);
    let name = rng.pick(&["Asterisk PBX", "FreeSWITCH", "SIP Call", "Talk", "session"]);
    let version = rng.range(1, 9);
    let mut s = format!(
        "v=0\r\no={user} {} {version} IN IP4 {ip}\r\ns={name}\r\nc=IN IP4 {ip}\r\nt=0 0\r\n",
        rng.range(100_000_000, 4_000_000_000)
    );
    let count = match side {
        Side::Offer => 2 + rng.below(SIP_CODECS.len() - 1),
        Side::Answer => 1,
    };
    // The answer must pick a codec every offer has: the first.
    let codecs = &SIP_CODECS[..count];
    let port = rng.range(10_000, 30_000) & !1;
    let _ = write!(s, "m=audio {port} RTP/AVP");
    for (pt, _) in codecs {
        let _ = write!(s, " {pt}");
    }
    s.push_str(" 101\r\n");
    for (pt, map) in codecs {
        let _ = write!(s, "a=rtpmap:{pt} {map}\r\n");
        if *pt == 18 {
            s.push_str("a=fmtp:18 annexb=no\r\n");
        }
    }
    let _ = write!(s, "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n");
    if side == Side::Answer || rng.range(0, 1) == 1 {
        s.push_str("a=maxptime:150\r\n");
    }
    s.push_str("a=ptime:20\r\na=sendrecv\r\n");
    let _ = write!(s, "a=rtcp:{} IN IP4 {ip}\r\n", port + 1);
    s
}

/// JSON string escaping of an SDP (its only specials are CR and LF).
fn json_escape(sdp: &str) -> String {
    let mut out = String::with_capacity(sdp.len() + sdp.len() / 16);
    for c in sdp.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out
}

/// How many of each SDP form a generated log holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LogStats {
    pub(crate) bytes: u64,
    pub(crate) json_escaped: u64,
    pub(crate) sip_bodies: u64,
    pub(crate) prefixed: u64,
    pub(crate) noise_lines: u64,
    /// Sessions answered with another pool entry's answer on purpose (one
    /// in 64 Janus sessions): each gives pair findings, and only these do.
    pub(crate) planted_pair_faults: u64,
}

impl LogStats {
    /// Every SDP the log holds.
    pub(crate) fn sdps(&self) -> u64 {
        self.json_escaped + self.sip_bodies + self.prefixed
    }
}

/// Pre-generated descriptions the log cycles through: generating each one
/// afresh would make the generator, not the disk, the slow part of writing
/// 200 MB.
struct Pool {
    /// JSON-escaped (offer, answer) pairs, Chrome and Firefox.
    webrtc: Vec<(String, String)>,
    /// SIP (offer, answer) pairs.
    sip: Vec<(String, String)>,
}

impl Pool {
    fn new(seed: u64) -> Self {
        let mut webrtc = Vec::new();
        let mut sip_pairs = Vec::new();
        for i in 0..32u64 {
            let s = seed.wrapping_mul(1000).wrapping_add(i * 2);
            let (offer, answer) = if i % 4 == 3 {
                (firefox(s, Side::Offer), firefox(s + 1, Side::Answer))
            } else {
                let n = 4 + usize::try_from(i % 9).unwrap_or(0);
                (chrome(s, Side::Offer, n), chrome(s + 1, Side::Answer, n))
            };
            webrtc.push((json_escape(&offer), json_escape(&answer)));
            sip_pairs.push((sip(s, Side::Offer), sip(s + 1, Side::Answer)));
        }
        Pool { webrtc, sip: sip_pairs }
    }
}

/// Writes a log of at least `target` bytes to `out`: noise lines (access
/// logs, RTP stats, JSON events, `lev=0`-style near misses) between SDPs in
/// the three forms extraction finds. Returns what it wrote.
pub(crate) fn write_log<W: io::Write>(out: &mut W, target: u64, seed: u64) -> io::Result<LogStats> {
    let pool = Pool::new(seed);
    let mut rng = Rng::new(seed ^ 0x5D9C_4E1A);
    let mut stats = LogStats::default();
    let mut buf = String::with_capacity(64 << 10);
    let mut seq: u64 = 0;
    // Sessions whose offer is written and whose answer is still to come:
    // answers come in any order, so sessions interleave (as Janus handles
    // and SIP calls do in a real log), and pairing must follow their keys.
    let mut open: Vec<Waiting> = Vec::new();
    while stats.bytes < target || !open.is_empty() {
        buf.clear();
        seq += 1;
        let ts = format!(
            "2026-12-04T{:02}:{:02}:{:02}.{:03}Z",
            (seq / 3_600_000) % 24,
            (seq / 60_000) % 60,
            (seq / 1000) % 60,
            seq % 1000
        );
        for _ in 0..rng.range(2, 14) {
            noise_line(&mut rng, &ts, &mut buf);
            stats.noise_lines += 1;
        }
        let opening =
            stats.bytes < target && (open.is_empty() || (open.len() < 4 && rng.range(0, 1) == 0));
        if opening {
            match rng.range(0, 9) {
                // A Janus handle: the request with the offer now, the event
                // with the answer later.
                0..=3 => {
                    let entry = rng.below(pool.webrtc.len());
                    let (offer, _) = &pool.webrtc[entry];
                    let session = rng.range(1, 1 << 52);
                    let handle = rng.range(1, 1 << 52);
                    let tx = rng.token(
                        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                        12,
                    );
                    let _ = writeln!(
                        buf,
                        "{ts} DEBUG [relay] -> janus {{\"janus\":\"message\",\"body\":{{\"request\":\"configure\"}},\"transaction\":\"{tx}\",\"jsep\":{{\"type\":\"offer\",\"sdp\":\"{offer}\"}},\"session_id\":{session},\"handle_id\":{handle}}}"
                    );
                    stats.json_escaped += 1;
                    // One session in 64 is answered with the answer of another
                    // browser (every fourth entry is Firefox, the rest Chrome,
                    // whose sections differ): a planted pair fault.
                    let planted = rng.range(0, 63) == 0;
                    let other = if entry % 4 == 3 { entry - 3 } else { entry - entry % 4 + 3 };
                    let answer_of = if planted { other % pool.webrtc.len() } else { entry };
                    stats.planted_pair_faults += u64::from(planted);
                    open.push(Waiting::Janus {
                        session,
                        handle,
                        tx,
                        answer: pool.webrtc[answer_of].1.clone(),
                    });
                }
                // A SIP dialog: INVITE with an offer and 100 Trying now, the
                // 200 OK with the answer later.
                4..=7 => {
                    let (offer, answer) = rng.pick(&pool.sip);
                    let call_id =
                        format!("{}@{}", rng.token(b"0123456789abcdef", 16), rng.public_ip());
                    let branch = rng.token(b"0123456789abcdef", 10);
                    let from = rng.public_ip();
                    let _ = writeln!(
                        buf,
                        "{ts} DEBUG [sip] recv {} bytes from udp:{from}:5060",
                        offer.len() + 300
                    );
                    sip_message(
                        &mut buf,
                        "INVITE sip:1002@pbx.example.com SIP/2.0",
                        &call_id,
                        &branch,
                        "INVITE",
                        Some(offer),
                    );
                    let _ = writeln!(buf, "{ts} DEBUG [sip] send 100 Trying to udp:{from}:5060");
                    sip_message(&mut buf, "SIP/2.0 100 Trying", &call_id, &branch, "INVITE", None);
                    stats.sip_bodies += 1;
                    stats.noise_lines += 2;
                    open.push(Waiting::Sip { call_id, branch, from, answer: answer.clone() });
                }
                // A media server dumping its local description line by line.
                _ => {
                    let (offer, _) = rng.pick(&pool.sip);
                    let prefix = format!("{ts} DEBUG [media] local sdp | ");
                    for line in offer.split("\r\n").filter(|l| !l.is_empty()) {
                        let _ = writeln!(buf, "{prefix}{line}");
                    }
                    stats.prefixed += 1;
                }
            }
        } else {
            let i = rng.below(open.len());
            let waiting = open.swap_remove(i);
            waiting.write_answer(&ts, &mut buf, &mut stats);
        }
        out.write_all(buf.as_bytes())?;
        stats.bytes += buf.len() as u64;
    }
    Ok(stats)
}

/// A session of the generated log waiting for its answer.
enum Waiting {
    Janus { session: u64, handle: u64, tx: String, answer: String },
    Sip { call_id: String, branch: String, from: String, answer: String },
}

impl Waiting {
    /// Writes the message that carries the answer.
    fn write_answer(&self, ts: &str, buf: &mut String, stats: &mut LogStats) {
        match self {
            Waiting::Janus { session, handle, tx, answer } => {
                let _ = writeln!(
                    buf,
                    "{ts} DEBUG [relay] <- janus {{\"janus\":\"event\",\"session_id\":{session},\"transaction\":\"{tx}\",\"sender\":{handle},\"jsep\":{{\"type\":\"answer\",\"sdp\":\"{answer}\"}}}}"
                );
                stats.json_escaped += 1;
            }
            Waiting::Sip { call_id, branch, from, answer } => {
                let _ = writeln!(buf, "{ts} DEBUG [sip] send 200 OK to udp:{from}:5060");
                sip_message(buf, "SIP/2.0 200 OK", call_id, branch, "INVITE", Some(answer));
                stats.sip_bodies += 1;
                stats.noise_lines += 1;
            }
        }
    }
}

/// One line a service writes between signalling events.
fn noise_line(rng: &mut Rng, ts: &str, buf: &mut String) {
    let _ = match rng.range(0, 5) {
        0 => writeln!(
            buf,
            "{ts} INFO  [http] {} GET /api/v1/rooms/{}/participants 200 {}ms",
            rng.public_ip(),
            rng.token(b"abcdefghijklmnopqrstuvwxyz0123456789", 12),
            rng.range(1, 300)
        ),
        1 => writeln!(
            buf,
            "{ts} DEBUG [rtp] ssrc={} packets={} lost={} jitter={}ms rtt={}ms",
            rng.range(1, u64::from(u32::MAX)),
            rng.range(0, 1_000_000),
            rng.range(0, 500),
            rng.range(0, 80),
            rng.range(1, 400)
        ),
        2 => writeln!(
            buf,
            "{{\"level\":\"info\",\"ts\":\"{ts}\",\"msg\":\"ice connection state changed\",\"state\":\"connected\",\"pc\":\"{}\"}}",
            rng.uuid()
        ),
        // Near misses: `v=0` inside a word is not an SDP.
        3 => writeln!(
            buf,
            "{ts} WARN  [config] lev=0 dev=0 retries=3 backoff={}ms reload=ok",
            rng.range(10, 5000)
        ),
        _ => writeln!(
            buf,
            "{ts} INFO  [scheduler] job {} finished in {}.{:03}s, next run in {}s",
            rng.uuid(),
            rng.range(0, 59),
            rng.range(0, 999),
            rng.range(1, 3600)
        ),
    };
}

/// A SIP message with CRLF line ends and an exact Content-Length.
fn sip_message(
    buf: &mut String,
    start: &str,
    call_id: &str,
    branch: &str,
    method: &str,
    body: Option<&String>,
) {
    let len = body.map_or(0, String::len);
    let _ = write!(
        buf,
        "{start}\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK{branch}\r\n\
         From: <sip:1001@pbx.example.com>;tag=as{branch}\r\nTo: <sip:1002@pbx.example.com>\r\n\
         Call-ID: {call_id}\r\nCSeq: 102 {method}\r\nMax-Forwards: 70\r\n\
         User-Agent: bench-pbx\r\n"
    );
    if body.is_some() {
        buf.push_str("Content-Type: application/sdp\r\n");
    }
    let _ = write!(buf, "Content-Length: {len}\r\n\r\n");
    if let Some(body) = body {
        buf.push_str(body);
    }
}

/// A log of about `target` bytes, in memory.
pub(crate) fn log(target: u64, seed: u64) -> (Vec<u8>, LogStats) {
    let mut out = Vec::with_capacity(usize::try_from(target).unwrap_or(0) + (64 << 10));
    let stats = write_log(&mut out, target, seed).unwrap_or_default();
    (out, stats)
}
