//! Offer/answer codec negotiation against a trivially correct oracle.
//!
//! memchr's `tests/memchr/naive.rs` trick: random offer/answer audio
//! sections are generated from a pool of codecs, rendered as SDP text, run
//! through [`sdpcheck::check_pair`], and the negotiated codecs compared with
//! an oracle that works on what the generator wrote, never on anything
//! parsed: the answer's codecs, in the answer's order, whose lower-case
//! name, clock rate and channel count (absent meaning 1) equal some offered
//! codec's. Payload type numbers must not matter (RFC 3264 §6.1: dynamic
//! payload types may differ between the sides), nor the case of a name, nor
//! whether a static payload type comes with its `a=rtpmap`.
//!
//! No external crate: a xorshift generator with a fixed seed keeps every run
//! identical, so a failure prints a case that can be replayed.

use std::fmt::Write as _;

/// Cases generated; each is one offer and one answer.
const CASES: u64 = 3_000;

/// xorshift64* (Vigna): small, fast and deterministic; quality is ample
/// for picking codecs.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n).expect("usize fits in u64");
        usize::try_from(self.next() % n).expect("below n, which was a usize")
    }

    /// True with probability `1/n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// A codec of the pool: name, clock rate, channels, its RFC 3551 static
/// payload type if it has one, and whether it carries media (helpers such
/// as `telephone-event` do not).
#[derive(Clone, Copy)]
struct PoolCodec {
    name: &'static str,
    rate: u32,
    channels: Option<u8>,
    static_pt: Option<u8>,
    media: bool,
}

const fn codec(name: &'static str, rate: u32, channels: Option<u8>) -> PoolCodec {
    PoolCodec { name, rate, channels, static_pt: None, media: true }
}

/// Audio codecs, including near misses of one another: the same name at
/// other rates or channel counts.
const POOL: [PoolCodec; 20] = [
    PoolCodec { static_pt: Some(0), ..codec("PCMU", 8000, None) },
    PoolCodec { static_pt: Some(8), ..codec("PCMA", 8000, None) },
    PoolCodec { static_pt: Some(9), ..codec("G722", 8000, None) },
    PoolCodec { static_pt: Some(18), ..codec("G729", 8000, None) },
    codec("G722", 16000, None),
    codec("opus", 48000, Some(2)),
    codec("opus", 48000, Some(1)),
    codec("opus", 16000, Some(2)),
    codec("iLBC", 8000, None),
    codec("speex", 8000, None),
    codec("speex", 16000, None),
    codec("speex", 32000, None),
    codec("L16", 16000, Some(1)),
    codec("L16", 16000, Some(2)),
    codec("AMR-WB", 16000, None),
    PoolCodec { media: false, ..codec("telephone-event", 8000, None) },
    PoolCodec { media: false, ..codec("telephone-event", 48000, None) },
    PoolCodec { media: false, ..codec("telephone-event", 16000, None) },
    PoolCodec { media: false, ..codec("CN", 8000, None) },
    PoolCodec { media: false, ..codec("red", 48000, Some(2)) },
];

/// One codec as a side writes it.
#[derive(Debug, Clone)]
struct Written {
    pt: u8,
    /// The name with its case varied (what the rtpmap says).
    name: String,
    rate: u32,
    channels: Option<u8>,
    /// False for a static payload type listed without an `a=rtpmap`.
    rtpmap: bool,
    media: bool,
}

impl Written {
    /// The oracle's identity of a codec: RFC 3264 matching is by name (any
    /// case), rate and channels, a missing count meaning one.
    fn key(&self) -> (String, u32, u8) {
        (self.name.to_ascii_lowercase(), self.rate, self.channels.unwrap_or(1))
    }
}

/// `name` in one of four spellings: as is, lower, upper, or alternating.
fn vary_case(rng: &mut XorShift, name: &str) -> String {
    match rng.below(4) {
        0 => name.to_owned(),
        1 => name.to_ascii_lowercase(),
        2 => name.to_ascii_uppercase(),
        _ => name
            .chars()
            .enumerate()
            .map(|(i, c)| if i % 2 == 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
            .collect(),
    }
}

/// One side's codecs: 1 to 6 distinct pool entries in random order, each
/// on its static payload type (with or without rtpmap) or on a random free
/// dynamic one.
fn side(rng: &mut XorShift) -> Vec<Written> {
    let count = 1 + rng.below(6);
    let mut picked: Vec<usize> = Vec::new();
    while picked.len() < count {
        let i = rng.below(POOL.len());
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    let mut used: Vec<u8> = Vec::new();
    picked
        .into_iter()
        .map(|i| {
            let c = POOL[i];
            let (pt, rtpmap) = match c.static_pt {
                Some(pt) if !rng.one_in(4) => (pt, !rng.one_in(2)),
                _ => loop {
                    let pt = 96 + u8::try_from(rng.below(32)).expect("below 32");
                    if !used.contains(&pt) {
                        break (pt, true);
                    }
                },
            };
            used.push(pt);
            // Mono codecs sometimes state their one channel (`/1`).
            let channels = match c.channels {
                None if rtpmap && rng.one_in(3) => Some(1),
                other => other,
            };
            // A static payload type without rtpmap has the table's name.
            let name = if rtpmap { vary_case(rng, c.name) } else { c.name.to_owned() };
            Written { pt, name, rate: c.rate, channels, rtpmap, media: c.media }
        })
        .collect()
}

/// An SDP description with one audio section listing `codecs`.
fn render(session: u64, port: u16, codecs: &[Written]) -> String {
    let mut sdp = format!(
        "v=0\r\no=- {session} 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n\
         m=audio {port} RTP/AVP"
    );
    for c in codecs {
        let _ = write!(sdp, " {}", c.pt);
    }
    sdp.push_str("\r\n");
    for c in codecs.iter().filter(|c| c.rtpmap) {
        let _ = write!(sdp, "a=rtpmap:{} {}/{}", c.pt, c.name, c.rate);
        if let Some(ch) = c.channels {
            let _ = write!(sdp, "/{ch}");
        }
        sdp.push_str("\r\n");
    }
    sdp
}

/// The oracle: the answer's codecs, in order, that some offered codec
/// matches; as (payload type, key).
fn oracle(offer: &[Written], answer: &[Written]) -> Vec<(u8, (String, u32, u8))> {
    answer
        .iter()
        .filter(|a| offer.iter().any(|o| o.key() == a.key()))
        .map(|a| (a.pt, a.key()))
        .collect()
}

#[test]
fn negotiated_codecs_match_the_oracle() {
    let mut rng = XorShift(0x5D9C_0DEC_0FFE_A115);
    let mut failures = Vec::new();
    let mut with_common = 0;
    for case in 0..CASES {
        let offer = side(&mut rng);
        let answer = side(&mut rng);
        // One answer in ten rejects the section: nothing is negotiated.
        let rejected = rng.one_in(10);
        let offer_text = render(case, 49170, &offer);
        let answer_text = render(case + 1, if rejected { 0 } else { 30000 }, &answer);
        let report = sdpcheck::check_pair(offer_text.as_bytes(), answer_text.as_bytes());
        let Some(media) = report.negotiation().media.first() else {
            failures.push(format!("case {case}: no negotiated section"));
            continue;
        };
        let got: Vec<(u8, (String, u32, u8))> = media
            .codecs
            .iter()
            .map(|c| {
                let key = (c.name.to_ascii_lowercase(), c.clock_rate, c.channels.unwrap_or(1));
                (c.payload_type, key)
            })
            .collect();
        let want = if rejected { Vec::new() } else { oracle(&offer, &answer) };
        if !want.is_empty() {
            with_common += 1;
        }
        if media.accepted == rejected {
            failures.push(format!("case {case}: accepted is {}", media.accepted));
        }
        if got != want {
            failures.push(format!(
                "case {case}: got {got:?}, want {want:?}\n--- offer\n{offer_text}--- answer\n{answer_text}"
            ));
        }
        // Whatever the oracle says, the result is a subset of both sides.
        for (pt, key) in &got {
            let in_answer = answer.iter().any(|a| a.pt == *pt && a.key() == *key);
            let in_offer = offer.iter().any(|o| o.key() == *key);
            if !in_answer || !in_offer {
                failures.push(format!("case {case}: {pt} {key:?} is not on both sides"));
            }
        }
        // And `no-common-codec` agrees with the oracle: an accepted section
        // whose offer has a media codec has no common codec exactly when no
        // media codec was negotiated.
        let fired = report.findings().iter().any(|f| f.name() == "no-common-codec");
        let offered_media = offer.iter().any(|c| c.media);
        let shared_media =
            answer.iter().any(|a| a.media && offer.iter().any(|o| o.key() == a.key()));
        if !rejected && fired != (offered_media && !shared_media) {
            failures.push(format!(
                "case {case}: no-common-codec fired: {fired}, shared media: {shared_media}\n\
                 --- offer\n{offer_text}--- answer\n{answer_text}"
            ));
        }
    }
    // The pool must exercise both outcomes, or the test proves little.
    assert!(with_common > CASES / 10, "only {with_common} cases had a codec in common");
    assert!(with_common < CASES * 9 / 10, "{with_common} cases had a codec in common");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
