//! Pairing within a session (issue 16): the fixtures of interleaved
//! signalling sessions, a renegotiation and an orphan answer, through the
//! library and the CLI; and live output from a pipe.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use sdpcheck::Limits;
use sdpcheck::extract::{ExtractedSdp, Role, extract, pairing};

use super::common;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::fixtures().join("logs").join(name)).unwrap()
}

fn roles(sdps: &[ExtractedSdp<'_>]) -> Vec<Option<Role>> {
    sdps.iter().map(|s| s.role).collect()
}

fn sessions<'s>(sdps: &'s [ExtractedSdp<'_>]) -> Vec<Option<&'s str>> {
    sdps.iter().map(|s| s.session.as_deref()).collect()
}

fn positions(sdps: &[ExtractedSdp<'_>]) -> Vec<(u64, u64)> {
    sdps.iter().map(|s| (s.line, s.column)).collect()
}

const OFFER: Option<Role> = Some(Role::Offer);
const ANSWER: Option<Role> = Some(Role::Answer);

#[test]
fn interleaved_janus_handles_pair_within_each_handle() {
    let input = fixture("janus-interleaved.log");
    let found = extract(&input, &Limits::default());
    let sdps = &found.sdps;
    assert_eq!(roles(sdps), [OFFER, OFFER, ANSWER, ANSWER]);
    let a = Some("session_id=8472615500123/handle_id=3391208856");
    let b = Some("session_id=5118340027711/handle_id=7720014432");
    // The request names `handle_id` after the `jsep`, the event `sender`
    // before it: one key.
    assert_eq!(sessions(sdps), [a, b, b, a]);
    assert_eq!(positions(sdps), [(2, 184), (4, 171), (5, 269), (6, 269)]);
    let o = usize::try_from(sdps[0].map.to_input(5)).unwrap();
    assert_eq!(&input[o..o + 2], b"o=", "the escapes are mapped");
    assert_eq!(sdps[0].position(5), (2, 184 + 7));
    let paired = pairing(sdps);
    assert_eq!(paired.pairs, [(1, 2), (0, 3)]);
    assert!(paired.unpaired.is_empty());
}

#[test]
fn interleaved_livekit_participants_pair_within_each_transport() {
    let input = fixture("livekit-interleaved.log");
    let found = extract(&input, &Limits::default());
    let sdps = &found.sdps;
    assert_eq!(roles(sdps), [OFFER, OFFER, ANSWER, ANSWER]);
    let alice = Some("pID=PA_kR2mH8vWq3Ls/transport=PUBLISHER");
    let bob = Some("pID=PA_Zx71NcQe0pTd/transport=PUBLISHER");
    assert_eq!(sessions(sdps), [alice, bob, bob, alice]);
    assert_eq!(positions(sdps), [(1, 283), (2, 281), (3, 283), (4, 285)]);
    assert_eq!(pairing(sdps).pairs, [(1, 2), (0, 3)]);
}

#[test]
fn a_re_offer_replaces_the_earlier_offer_of_its_session() {
    let input = fixture("janus-renegotiation.log");
    let found = extract(&input, &Limits::default());
    let sdps = &found.sdps;
    assert_eq!(roles(sdps), [OFFER, ANSWER, OFFER, ANSWER]);
    assert!(
        sessions(sdps)
            .iter()
            .all(|s| *s == Some("session_id=2049911837465502/handle_id=6610293847"))
    );
    assert_eq!(positions(sdps), [(1, 159), (2, 262), (4, 161), (5, 262)]);
    assert_eq!(pairing(sdps).pairs, [(0, 1), (2, 3)]);
}

#[test]
fn an_answer_without_an_offer_in_its_session_stays_unpaired() {
    let input = fixture("orphan-answer.log");
    let found = extract(&input, &Limits::default());
    let sdps = &found.sdps;
    assert_eq!(roles(sdps), [ANSWER, OFFER, ANSWER]);
    assert_eq!(
        sessions(sdps),
        [
            Some("session_id=7002/handle_id=9002"),
            Some("session_id=7001/handle_id=9001"),
            Some("session_id=7001/handle_id=9001"),
        ]
    );
    assert_eq!(positions(sdps), [(1, 246), (2, 152), (3, 243)]);
    let paired = pairing(sdps);
    assert_eq!(paired.pairs, [(1, 2)]);
    assert_eq!(paired.unpaired, [0]);
}

#[test]
fn without_keys_an_answer_takes_the_nearest_offer_only_when_one_is_open() {
    let line = |kind: &str, id: u32| {
        format!(
            r#"{{"type":"{kind}","sdp":"v=0\r\no=- {id} 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"}}"#
        )
    };
    let keyed = |call: &str, id: u32| {
        format!(
            r#"{{"callID":"{call}","type":"offer","sdp":"v=0\r\no=- {id} 1 IN IP4 0.0.0.0\r\n"}}"#
        )
    };
    // Two sessions wait: an answer naming none cannot tell which it answers.
    let input = [keyed("a", 1), keyed("b", 2), line("answer", 3)].join("\n");
    let found = extract(input.as_bytes(), &Limits::default());
    let paired = pairing(&found.sdps);
    assert!(paired.pairs.is_empty());
    assert_eq!(paired.unpaired, [2]);
    // One offer, answered twice (pranswer, answer): both pair with it.
    let input = [line("offer", 1), line("pranswer", 2), line("answer", 3)].join("\n");
    let found = extract(input.as_bytes(), &Limits::default());
    assert_eq!(pairing(&found.sdps).pairs, [(0, 1), (0, 2)]);
}

#[test]
fn json_output_carries_sessions_and_unpaired_answers() {
    let out = common::sdpcheck()
        .args(["--isolated", "--format", "json"])
        .arg(common::fixtures().join("logs/orphan-answer.log"))
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["sdps"][0]["session"], "session_id=7002/handle_id=9002");
    assert_eq!(doc["pairs"][0]["session"], "session_id=7001/handle_id=9001");
    assert_eq!(doc["pairs"][0]["offer"], 1);
    assert_eq!(doc["unpaired_answers"], serde_json::json!([0]));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.matches("1 answer had no offer in its session").count(), 1, "said once: {err}");
}

/// `tail -f log | sdpcheck`: each SDP is reported before the input ends.
#[test]
fn findings_come_out_while_the_pipe_is_still_open() {
    let mut child = common::sdpcheck()
        .args(["--isolated", "--format", "concise"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            tx.send(line.unwrap()).unwrap();
        }
    });
    let faulty = |n: u32| {
        format!(
            "10:00:0{n} got {{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- {n} 1 IN IP4 192.0.2.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 99999 RTP/AVP 0\\r\\n\"}}\n"
        )
    };
    let sip = "INVITE sip:b@example.com SIP/2.0\r\nCall-ID: 9\r\nContent-Type: application/sdp\r\n\r\n\
v=0\r\no=- 9 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 99999 RTP/AVP 0\r\n\r\n";
    // Each step's finding must arrive while the pipe stays open; the wait
    // is only a bound for a hang, never a measure of speed.
    for (step, (text, position)) in
        [(faulty(1), "<stdin>:1:"), (sip.to_owned(), "<stdin>:10:"), (faulty(2), "<stdin>:12:")]
            .into_iter()
            .enumerate()
    {
        stdin.write_all(text.as_bytes()).unwrap();
        stdin.flush().unwrap();
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("step {step}: no finding before the end of input"));
        assert!(line.starts_with(position), "step {step}: {line}");
        assert!(line.contains("number-out-of-range"), "{line}");
    }
    drop(stdin);
    reader.join().unwrap();
    child.wait().unwrap();
}

#[test]
fn twilio_voice_invite_is_the_offer() {
    let input = fixture("twilio-voice.log");
    let found = extract(&input, &Limits::default());
    let sdps = &found.sdps;
    assert_eq!(roles(sdps), [OFFER, ANSWER]);
    let call = Some("callID=TJSce2a7b4c-1f0e-4e2b-9b51-8a1f3c0d7e21");
    assert_eq!(sessions(sdps), [call, call]);
    assert_eq!(positions(sdps), [(2, 152), (3, 153)]);
    assert_eq!(pairing(sdps).pairs, [(0, 1)]);
}

#[test]
fn telnyx_methods_state_the_roles() {
    let input = fixture("telnyx-verto.log");
    let found = extract(&input, &Limits::default());
    let sdps = &found.sdps;
    // invite, early media, answer: the media and the answer both answer.
    assert_eq!(roles(sdps), [OFFER, ANSWER, ANSWER]);
    let call = Some("callID=0f4e2c1a-7b3d-4e5f-9a8b-1c2d3e4f5a6b");
    assert_eq!(sessions(sdps), [call, call, call]);
    assert_eq!(positions(sdps), [(1, 163), (2, 160), (3, 161)]);
    assert_eq!(pairing(sdps).pairs, [(0, 1), (0, 2)]);
}

#[test]
fn firefox_headings_override_the_order_of_two_descriptions() {
    let input = fixture("firefox-about-webrtc.txt");
    let found = extract(&input, &Limits::default());
    let sdps = &found.sdps;
    // Without the headings two role-less SDPs would pair first-as-offer.
    assert_eq!(roles(sdps), [ANSWER, OFFER]);
    assert_eq!(positions(sdps), [(4, 1), (27, 1)]);
    let paired = pairing(sdps);
    assert!(paired.pairs.is_empty(), "the answer is never checked as an offer");
    assert_eq!(paired.unpaired, [0]);
}

/// Multiline events split on LF and joined again: each SIP body ends in a
/// bare CR, a log artifact and not the SDP's `lone-carriage-return`.
#[test]
fn a_cr_left_by_a_log_pipeline_is_not_a_finding() {
    let input = fixture("vector-lf-split.ndjson");
    let found = extract(&input, &Limits::default());
    let sdps = &found.sdps;
    assert_eq!(positions(sdps), [(1, 317), (2, 292)]);
    for sdp in sdps {
        assert!(sdp.text.ends_with(b"\r\na=sendrecv"), "{:?}", String::from_utf8_lossy(&sdp.text));
        let report = sdpcheck::check(&sdp.text);
        assert!(report.findings().is_empty(), "{:?}", report.findings());
    }
    assert_eq!(pairing(sdps).pairs, [(0, 1)]);
    // A raw SDP file keeps its bare CR, and the finding.
    let raw = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=sendrecv\r";
    let found = extract(raw, &Limits::default());
    assert!(found.sdps[0].text.ends_with(b"\r"));
    let report = sdpcheck::check(&found.sdps[0].text);
    assert!(report.findings().iter().any(|f| f.rule().to_string() == "lone-carriage-return"));
}

#[path = "../../benches/corpus/mod.rs"]
mod corpus;

/// The generated mixed log (the 200 MB bench log's generator, smaller):
/// every pair is within one session, every answer is paired, and the pairs
/// with findings are exactly the sessions the generator answered wrongly.
#[test]
fn generated_log_pairs_never_cross_sessions() {
    let (log, stats) = corpus::log(2 << 20, 1);
    let found = extract(&log, &Limits::default());
    assert_eq!(found.sdps.len() as u64, stats.sdps());
    let paired = pairing(&found.sdps);
    assert!(paired.unpaired.is_empty(), "unpaired: {:?}", paired.unpaired);
    let answers = found.sdps.iter().filter(|s| s.role == ANSWER).count();
    assert_eq!(paired.pairs.len(), answers);
    let mut faulty = 0;
    for &(o, a) in &paired.pairs {
        let (offer, answer) = (&found.sdps[o], &found.sdps[a]);
        assert!(offer.session.is_some(), "offer {o} has no session");
        assert_eq!(offer.session, answer.session, "pair ({o}, {a}) crosses sessions");
        let report = sdpcheck::check_pair(&offer.text, &answer.text);
        faulty += u64::from(!report.findings().is_empty());
    }
    assert!(stats.planted_pair_faults > 0, "the generator plants pair faults");
    assert_eq!(faulty, stats.planted_pair_faults);
}

/// The profile line counts the log's lines, as every finding does.
#[test]
fn profile_evidence_is_numbered_with_the_log_lines() {
    let out = common::sdpcheck()
        .args(["--isolated", "--color", "never"])
        .arg(common::fixtures().join("logs/janus-interleaved.log"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // The offer of line 4: its `m=audio ... UDP/TLS/RTP/SAVPF` is on line 4
    // of the log (line 7 of the SDP).
    assert!(
        text.contains(
            "janus-interleaved.log:4 (offer): profile webrtc (detected: a DTLS transport on line 4)"
        ),
        "{text}"
    );
}
