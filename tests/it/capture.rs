//! `sdpcheck::capture`: the fixture captures against tshark's view of them
//! (stored next to each capture, and re-run when tshark is installed), and
//! synthetic captures built byte by byte for every edge the fixtures cannot
//! show (link types, byte orders, fragments, TCP reordering, damage).

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use sdpcheck::capture::{
    CaptureError, CaptureLimits, CaptureReader, Event, Message, MessageKind, Notice, NoticeKind,
    Transport,
};

fn captures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/captures")
}

fn fixture_captures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(captures_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pcap" || e == "pcapng"))
        .collect();
    files.sort();
    assert!(files.len() >= 7, "fixture captures missing: {files:?}");
    files
}

fn read_all(bytes: &[u8]) -> (Vec<Message>, Vec<Notice>) {
    read_with(bytes, CaptureLimits::default())
}

fn read_with(bytes: &[u8], limits: CaptureLimits) -> (Vec<Message>, Vec<Notice>) {
    let reader = CaptureReader::with_limits(bytes, limits).expect("a capture");
    let (mut messages, mut notices) = (Vec::new(), Vec::new());
    for event in reader {
        match event {
            Event::Message(m) => {
                check_positions(&m, bytes);
                messages.push(*m);
            }
            Event::Notice(n) => notices.push(n),
        }
    }
    (messages, notices)
}

/// Every recorded run of a message lies in the file, and (for UDP and TCP,
/// whose bytes are stored as sent) holds exactly the message's bytes.
fn check_positions(m: &Message, file: &[u8]) {
    assert!(m.frame >= 1 && m.first_frame >= 1 && m.first_frame <= m.frame, "{m:?}");
    assert!(m.body_offset <= m.bytes.len());
    let mut covered = 0;
    for p in &m.pieces {
        assert_eq!(p.at, covered, "runs are contiguous");
        covered += p.len;
        let start = usize::try_from(p.file_offset).unwrap();
        let run = &file[start..start + p.len];
        if m.transport != Transport::Ws {
            assert_eq!(run, &m.bytes[p.at..p.at + p.len], "frame {}", m.frame);
        }
        assert_eq!(m.locate(p.at), Some((p.file_offset, p.frame)));
    }
    assert_eq!(covered, m.bytes.len(), "every byte has a position");
}

/// The rows tshark gives for `-Y sdp`: frame, Call-ID, method, status.
fn sdp_rows(messages: &[Message]) -> String {
    let mut out = String::new();
    for m in messages {
        let Some(sip) = &m.sip else { continue };
        let sdp =
            sip.content_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("application/sdp"));
        if !sdp || m.body().is_empty() {
            continue;
        }
        let method = match &sip.start {
            sdpcheck::capture::StartLine::Request { method, .. } => method.as_str(),
            sdpcheck::capture::StartLine::Response { .. } => "",
        };
        let status = sip.status().map(|s| s.to_string()).unwrap_or_default();
        let call_id = sip.call_id.as_deref().unwrap_or("");
        writeln!(out, "{}\t{call_id}\t{method}\t{status}", m.frame).unwrap();
    }
    out
}

#[test]
fn every_fixture_finds_the_sdps_tshark_finds() {
    for path in fixture_captures() {
        let bytes = std::fs::read(&path).unwrap();
        let (messages, notices) = read_all(&bytes);
        let expected = std::fs::read_to_string(format!("{}.tshark.tsv", path.display())).unwrap();
        assert_eq!(sdp_rows(&messages), expected, "{}", path.display());
        // The only notice any fixture earns is the TLS connection's.
        for n in &notices {
            assert!(matches!(n.kind, NoticeKind::Encrypted { .. }), "{}: {n}", path.display());
        }
    }
}

fn tshark_args(capture: &str) -> Vec<String> {
    let table = std::fs::read_to_string(captures_dir().join("tshark-args.tsv")).unwrap();
    table
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .find(|(name, _)| *name == capture)
        .map(|(_, args)| args.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

#[test]
fn tshark_itself_agrees_when_installed() {
    let probe = std::process::Command::new("tshark").arg("--version").output();
    if !probe.is_ok_and(|o| o.status.success()) {
        // No tshark (CI's minimal machine): the stored .tshark.tsv files
        // were compared by the test above.
        return;
    }
    for path in fixture_captures() {
        let name = path.file_name().unwrap().to_str().unwrap();
        let out = std::process::Command::new("tshark")
            .arg("-r")
            .arg(&path)
            .args(tshark_args(name))
            .args(["-Y", "sdp", "-T", "fields", "-e", "frame.number", "-e", "sip.Call-ID"])
            .args(["-e", "sip.Method", "-e", "sip.Status-Code"])
            .env("HOME", std::env::temp_dir())
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let (messages, _) = read_all(&std::fs::read(&path).unwrap());
        assert_eq!(sdp_rows(&messages), String::from_utf8(out.stdout).unwrap(), "{name}");
    }
}

#[test]
fn json_over_websocket_matches_the_record() {
    let dir = captures_dir();
    let (messages, notices) = read_all(&std::fs::read(dir.join("ws-json.pcapng")).unwrap());
    assert!(notices.is_empty(), "{notices:?}");
    let record = std::fs::read_to_string(dir.join("ws-json.record.jsonl")).unwrap();
    let expected: Vec<(String, String)> = record
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["from"].as_str().unwrap().to_owned(), v["text"].as_str().unwrap().to_owned())
        })
        .collect();
    let got: Vec<(String, String)> = messages
        .iter()
        .map(|m| {
            assert_eq!((m.kind, m.transport), (MessageKind::WebSocketText, Transport::Ws));
            let from = if m.src.port() == 8089 { "server" } else { "client" };
            (from.to_owned(), String::from_utf8(m.bytes.clone()).unwrap())
        })
        .collect();
    assert_eq!(got, expected);
    // The offer came in three frames (text, continuation, empty final
    // continuation): the message is numbered by its last.
    assert_eq!((messages[0].first_frame, messages[0].frame), (8, 10));
}

#[test]
fn dialog_facts_of_a_488_and_a_reinvite() {
    let (m, _) = read_all(&std::fs::read(captures_dir().join("udp-488.pcap")).unwrap());
    let reply = m[1].sip.as_ref().unwrap();
    assert_eq!(reply.status(), Some(488));
    assert_eq!(reply.start.to_string(), "488 Not Acceptable Here");
    assert_eq!(reply.method(), Some("INVITE"));
    assert_eq!(reply.call_id, m[0].sip.as_ref().unwrap().call_id);
    assert!(reply.to_tag.is_some() && reply.from_tag == m[0].sip.as_ref().unwrap().from_tag);
    // Nanosecond timestamps are kept.
    assert_ne!(m[0].time.nanos % 1000, 0, "{}", m[0].time);

    let (m, _) =
        read_all(&std::fs::read(captures_dir().join("delayed-offer-reinvite.pcap")).unwrap());
    let cseqs: Vec<(u32, &str, bool)> = m
        .iter()
        .map(|m| {
            let s = m.sip.as_ref().unwrap();
            let c = s.cseq.as_ref().unwrap();
            (c.number, c.method.as_str(), m.body().is_empty())
        })
        .collect();
    assert_eq!(
        cseqs,
        [
            (1, "INVITE", true),
            (1, "INVITE", false),
            (1, "ACK", false),
            (2, "INVITE", false),
            (2, "INVITE", false),
            (2, "ACK", true),
            (3, "BYE", true),
            (3, "BYE", true),
        ]
    );
}

#[test]
fn tls_is_reported_once_per_connection() {
    let (_, notices) = read_all(&std::fs::read(captures_dir().join("tcp-invite.pcapng")).unwrap());
    let tls: Vec<&Notice> =
        notices.iter().filter(|n| matches!(n.kind, NoticeKind::Encrypted { .. })).collect();
    assert_eq!(tls.len(), 1, "{notices:?}");
    assert!(tls[0].to_string().contains("encrypted"), "{}", tls[0]);
}

#[test]
fn every_prefix_of_every_fixture_reads_without_panic() {
    for path in fixture_captures() {
        let bytes = std::fs::read(&path).unwrap();
        let full = read_all(&bytes).0.len();
        for cut in (0..bytes.len()).step_by(97) {
            let Ok(reader) = CaptureReader::new(&bytes[..cut]) else { continue };
            let mut seen = 0;
            let mut truncated = false;
            for event in reader {
                match event {
                    Event::Message(m) => {
                        check_positions(&m, &bytes[..cut]);
                        seen += 1;
                    }
                    Event::Notice(n) => {
                        truncated |= matches!(n.kind, NoticeKind::TruncatedCapture { .. });
                    }
                }
            }
            assert!(seen <= full);
            let _ = truncated;
        }
    }
}

// ---------------------------------------------------------------------------
// Synthetic captures.

const A: [u8; 4] = [192, 0, 2, 1];
const B: [u8; 4] = [192, 0, 2, 2];

fn invite(call_id: &str, sdp: &str) -> Vec<u8> {
    format!(
        "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK1\r\n\
         From: <sip:alice@example.com>;tag=f1\r\nTo: <sip:bob@example.com>\r\nCall-ID: {call_id}\r\n\
         CSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{sdp}",
        sdp.len()
    )
    .into_bytes()
}

const SDP: &str = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n";

fn ok_200(call_id: &str) -> Vec<u8> {
    format!(
        "SIP/2.0 200 OK\r\nFrom: <sip:alice@example.com>;tag=f1\r\nTo: <sip:bob@example.com>;tag=t2\r\n\
         Call-ID: {call_id}\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{SDP}",
        SDP.len()
    )
    .into_bytes()
}

fn ipv4(proto: u8, src: [u8; 4], dst: [u8; 4], id: u16, frag: u16, payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(20 + payload.len()).unwrap();
    let mut p = vec![0x45, 0];
    p.extend(len.to_be_bytes());
    p.extend(id.to_be_bytes());
    p.extend(frag.to_be_bytes());
    p.extend([64, proto, 0, 0]);
    p.extend(src);
    p.extend(dst);
    p.extend(payload);
    p
}

fn udp(sport: u16, dport: u16, data: &[u8]) -> Vec<u8> {
    let mut p = Vec::new();
    p.extend(sport.to_be_bytes());
    p.extend(dport.to_be_bytes());
    p.extend(u16::try_from(8 + data.len()).unwrap().to_be_bytes());
    p.extend([0, 0]);
    p.extend(data);
    p
}

const SYN: u8 = 0x02;
const FIN: u8 = 0x01;
const RST: u8 = 0x04;
const ACK: u8 = 0x10;

fn tcp(sport: u16, dport: u16, seq: u32, flags: u8, data: &[u8]) -> Vec<u8> {
    let mut p = Vec::new();
    p.extend(sport.to_be_bytes());
    p.extend(dport.to_be_bytes());
    p.extend(seq.to_be_bytes());
    p.extend(0u32.to_be_bytes());
    p.extend([0x50, flags | ACK, 0xff, 0xff, 0, 0, 0, 0]);
    p.extend(data);
    p
}

fn ether(ip: &[u8]) -> Vec<u8> {
    let mut f = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00];
    f.extend(ip);
    f
}

fn tcp_frame(sport: u16, dport: u16, seq: u32, flags: u8, data: &[u8]) -> Vec<u8> {
    let (src, dst) = if sport < dport { (B, A) } else { (A, B) };
    ether(&ipv4(6, src, dst, 0, 0x4000, &tcp(sport, dport, seq, flags, data)))
}

fn udp_frame(data: &[u8]) -> Vec<u8> {
    ether(&ipv4(17, A, B, 1, 0, &udp(40000, 5060, data)))
}

/// A little-endian microsecond pcap of Ethernet frames.
fn pcap(frames: &[Vec<u8>]) -> Vec<u8> {
    pcap_with(1, frames, false, false)
}

fn pcap_with(linktype: u32, frames: &[Vec<u8>], big_endian: bool, nanos: bool) -> Vec<u8> {
    let u32b = |v: u32| if big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
    let u16b = |v: u16| if big_endian { v.to_be_bytes() } else { v.to_le_bytes() };
    let mut out = Vec::new();
    out.extend(u32b(if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 }));
    out.extend(u16b(2));
    out.extend(u16b(4));
    out.extend(u32b(0));
    out.extend(u32b(0));
    out.extend(u32b(262_144));
    out.extend(u32b(linktype));
    for (i, f) in frames.iter().enumerate() {
        let len = u32::try_from(f.len()).unwrap();
        out.extend(u32b(1_700_000_000 + u32::try_from(i).unwrap()));
        out.extend(u32b(if nanos { 123_456_789 } else { 123_456 }));
        out.extend(u32b(len));
        out.extend(u32b(len));
        out.extend(f);
    }
    out
}

fn messages_of(capture: &[u8]) -> Vec<Message> {
    let (m, notices) = read_all(capture);
    assert!(notices.is_empty(), "{notices:?}");
    m
}

#[test]
fn tcp_several_messages_per_segment_and_one_across_segments() {
    let mut stream = invite("one", SDP);
    stream.extend(b"\r\n\r\n"); // a keep-alive between messages
    stream.extend(ok_200("one"));
    let second = invite("two", SDP);
    let (head, tail) = second.split_at(100);
    stream.extend(head);
    let seq = 1000u32;
    let frames = vec![
        tcp_frame(40000, 5060, seq - 1, SYN, b""),
        tcp_frame(40000, 5060, seq, 0, &stream),
        // The rest of "two", in two segments that arrive out of order, one
        // of them retransmitted and overlapping.
        tcp_frame(40000, 5060, seq + u32::try_from(stream.len() + 50).unwrap(), 0, &tail[50..]),
        tcp_frame(40000, 5060, seq + u32::try_from(stream.len()).unwrap(), 0, &tail[..60]),
        tcp_frame(40000, 5060, seq + u32::try_from(stream.len()).unwrap(), 0, &tail[..60]),
        tcp_frame(40000, 5060, seq + u32::try_from(stream.len() + tail.len()).unwrap(), FIN, b""),
    ];
    let m = messages_of(&pcap(&frames));
    let ids: Vec<(&str, u64, u64)> = m
        .iter()
        .map(|m| (m.sip.as_ref().unwrap().call_id.as_deref().unwrap(), m.first_frame, m.frame))
        .collect();
    assert_eq!(ids, [("one", 2, 2), ("one", 2, 2), ("two", 2, 4)]);
    assert_eq!(m[2].bytes, second);
    assert_eq!(m[2].body(), SDP.as_bytes());
    assert_eq!(m[2].transport, Transport::Tcp);
    assert_eq!(m[2].sip.as_ref().unwrap().content_length, Some(SDP.len()));
}

#[test]
fn tcp_sequence_numbers_wrap() {
    let msg = invite("wrap", SDP);
    let seq = u32::MAX - 40;
    let frames = vec![
        tcp_frame(40000, 5060, seq, 0, &msg[..100]),
        tcp_frame(40000, 5060, seq.wrapping_add(100), 0, &msg[100..]),
    ];
    let m = messages_of(&pcap(&frames));
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].bytes, msg);
}

#[test]
fn tcp_gap_skips_to_the_next_message() {
    let first = invite("lost", SDP);
    let second = invite("kept", SDP);
    let frames = vec![
        tcp_frame(40000, 5060, 1, 0, &first[..50]),
        // first[50..80] never captured.
        tcp_frame(40000, 5060, 81, 0, &first[80..]),
        tcp_frame(40000, 5060, 1 + u32::try_from(first.len()).unwrap(), 0, &second),
        tcp_frame(40000, 5060, 1 + u32::try_from(first.len() + second.len()).unwrap(), FIN, b""),
    ];
    let (m, notices) = read_all(&pcap(&frames));
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].sip.as_ref().unwrap().call_id.as_deref(), Some("kept"));
    assert!(
        notices.iter().any(|n| n.kind
            == NoticeKind::TcpGap {
                src: "192.0.2.1:40000".parse().unwrap(),
                dst: "192.0.2.2:5060".parse().unwrap(),
                missing: 30
            }),
        "{notices:?}"
    );
}

#[test]
fn tcp_stream_ending_mid_message_is_reported() {
    let msg = invite("cut", SDP);
    let frames = vec![
        tcp_frame(40000, 5060, 1, 0, &msg[..msg.len() - 5]),
        tcp_frame(40000, 5060, u32::try_from(msg.len()).unwrap() - 4, RST, b""),
    ];
    let (m, notices) = read_all(&pcap(&frames));
    assert!(m.is_empty());
    assert!(matches!(notices[..], [Notice { kind: NoticeKind::IncompleteMessage { .. }, .. }]));
}

#[test]
fn sip_is_recognised_on_any_port_and_mid_stream() {
    // A capture that starts inside a message: its tail is skipped, the next
    // message is read; port 9999 is no SIP port.
    let mut data = b"a=tail-of-a-previous-body\r\n".to_vec();
    data.extend(invite("mid", SDP));
    let frames = vec![tcp_frame(40000, 9999, 7, 0, &data)];
    let m = messages_of(&pcap(&frames));
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].dst.port(), 9999);
    // Not SIP: nothing, and no notice either.
    let frames = vec![tcp_frame(40000, 80, 7, 0, b"POST / HTTP/1.1\r\nHost: x\r\n\r\n")];
    assert!(messages_of(&pcap(&frames)).is_empty());
}

/// A WebSocket frame, masked when `mask` is set.
fn ws_frame(fin: bool, opcode: u8, payload: &[u8], mask: Option<[u8; 4]>) -> Vec<u8> {
    let mut f = vec![(u8::from(fin) << 7) | opcode];
    let m = if mask.is_some() { 0x80 } else { 0 };
    match payload.len() {
        n if n < 126 => f.push(m | u8::try_from(n).unwrap()),
        n if n < 65536 => {
            f.push(m | 0x7e);
            f.extend(u16::try_from(n).unwrap().to_be_bytes());
        }
        n => {
            f.push(m | 0x7f);
            f.extend((n as u64).to_be_bytes());
        }
    }
    if let Some(key) = mask {
        f.extend(key);
        f.extend(payload.iter().zip(key.iter().cycle()).map(|(b, k)| b ^ k));
    } else {
        f.extend(payload);
    }
    f
}

#[test]
fn sip_over_websocket_fragmented_masked_with_a_ping_between() {
    let msg = invite("ws", SDP);
    let key = Some([0x11, 0x22, 0x33, 0x44]);
    let mut client = b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
        Sec-WebSocket-Protocol: sip\r\n\r\n"
        .to_vec();
    client.extend(ws_frame(false, 1, &msg[..40], key));
    client.extend(ws_frame(true, 9, b"ping", key)); // control frames may interleave
    client.extend(ws_frame(false, 0, &msg[40..200], key));
    let rest = ws_frame(true, 0, &msg[200..], key);
    let mut server = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n".to_vec();
    server.extend(ws_frame(true, 1, &ok_200("ws"), None));
    server.extend(ws_frame(true, 1, br#"{"type":"answer","sdp":"v=0\r\n"}"#, None));
    let c = u32::try_from(client.len()).unwrap();
    let frames = vec![
        tcp_frame(40000, 8443, 1, 0, &client),
        tcp_frame(8443, 40000, 1, 0, &server),
        tcp_frame(40000, 8443, 1 + c, 0, &rest),
    ];
    let m = messages_of(&pcap(&frames));
    assert_eq!(m.len(), 3, "{m:?}");
    assert_eq!((m[0].kind, m[0].transport), (MessageKind::Sip, Transport::Ws));
    assert_eq!(m[0].sip.as_ref().unwrap().status(), Some(200));
    assert_eq!(m[1].kind, MessageKind::WebSocketText);
    assert_eq!(m[1].body_offset, 0);
    assert_eq!(m[2].bytes, msg, "unmasked and joined");
    assert_eq!((m[2].first_frame, m[2].frame), (1, 3));
    assert_eq!(m[2].body(), SDP.as_bytes());
    // The masked bytes of the first fragment are where the pieces say.
    let (offset, frame) = m[2].locate(0).unwrap();
    assert_eq!(frame, 1);
    let file = pcap(&frames);
    assert_eq!(file[usize::try_from(offset).unwrap()], msg[0] ^ 0x11);
}

#[test]
fn websocket_compressed_messages_are_reported() {
    let mut server = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n".to_vec();
    let mut frame = ws_frame(true, 1, b"\x02\x00", None);
    frame[0] |= 0x40; // RSV1: permessage-deflate
    server.extend(frame);
    let (m, notices) = read_all(&pcap(&[tcp_frame(8443, 40000, 1, 0, &server)]));
    assert!(m.is_empty());
    assert!(matches!(notices[..], [Notice { kind: NoticeKind::Compressed { .. }, .. }]));
}

#[test]
fn ipv4_fragments_out_of_order_are_reassembled() {
    let msg = invite("frag4", &SDP.repeat(40));
    let datagram = udp(40000, 5060, &msg);
    let (a, b) = datagram.split_at(1480);
    let (b, c) = b.split_at(1480);
    let frames = vec![
        ether(&ipv4(17, A, B, 7, 0x2000 | 0xb9, b)), // 1480 / 8, more fragments
        ether(&ipv4(17, A, B, 7, 0x172, c)),         // 2960 / 8
        ether(&ipv4(17, A, B, 7, 0x2000, a)),
    ];
    let m = messages_of(&pcap(&frames));
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].bytes, msg);
    assert_eq!((m[0].first_frame, m[0].frame), (3, 3));
    assert_eq!(m[0].pieces.iter().map(|p| p.frame).collect::<Vec<_>>(), [3, 1, 2]);
}

#[test]
fn ipv6_fragments_are_reassembled() {
    let msg = invite("frag6", &SDP.repeat(10));
    let datagram = udp(40000, 5060, &msg);
    let (first, second) = datagram.split_at(800);
    let v6 = |frag: &[u8], offset: u16, more: bool| {
        let mut p = vec![0x60, 0, 0, 0];
        p.extend(u16::try_from(8 + frag.len()).unwrap().to_be_bytes());
        p.extend([44, 64]); // next header: Fragment
        p.extend([0xfd, 0x99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        p.extend([0xfd, 0x99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
        p.extend([17, 0]);
        p.extend((offset | u16::from(more)).to_be_bytes());
        p.extend(0xdead_beef_u32.to_be_bytes());
        p.extend(frag);
        let mut f = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x86, 0xdd];
        f.extend(p);
        f
    };
    let frames = vec![v6(first, 0, true), v6(second, 800, false)];
    let m = messages_of(&pcap(&frames));
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].bytes, msg);
    assert_eq!(m[0].src, "[fd99::1]:40000".parse::<SocketAddr>().unwrap());
}

#[test]
fn fragments_that_never_complete_are_reported() {
    let datagram = udp(40000, 5060, &invite("never", SDP));
    let frames = vec![ether(&ipv4(17, A, B, 9, 0x2000, &datagram[..64]))];
    let (m, notices) = read_all(&pcap(&frames));
    assert!(m.is_empty());
    assert!(matches!(
        notices[..],
        [Notice { kind: NoticeKind::FragmentsDropped { datagrams: 1 }, .. }]
    ));
}

#[test]
fn every_link_type() {
    let ip = ipv4(17, A, B, 1, 0, &udp(40000, 5060, &invite("link", SDP)));
    let mut vlan = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x81, 0x00, 0, 5, 0x08, 0x00];
    vlan.extend(&ip);
    let mut sll = vec![0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x08, 0x00];
    sll.extend(&ip);
    let mut sll2 = vec![0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0];
    sll2.extend(&ip);
    let mut null = 2u32.to_le_bytes().to_vec();
    null.extend(&ip);
    let mut null_be = 2u32.to_be_bytes().to_vec();
    null_be.extend(&ip);
    let mut lo = 2u32.to_be_bytes().to_vec();
    lo.extend(&ip);
    for (linktype, frame) in [
        (1, vlan),
        (113, sll),
        (276, sll2),
        (0, null),
        (0, null_be),
        (108, lo),
        (101, ip.clone()),
        (228, ip.clone()),
    ] {
        let m = messages_of(&pcap_with(linktype, &[frame], false, false));
        assert_eq!(m.len(), 1, "link type {linktype}");
        assert_eq!(m[0].sip.as_ref().unwrap().call_id.as_deref(), Some("link"));
    }
    let (m, notices) = read_all(&pcap_with(147, &[ip.clone(), ip], false, false));
    assert!(m.is_empty());
    assert!(matches!(
        notices[..],
        [Notice { frame: Some(1), kind: NoticeKind::UnsupportedLinkType { linktype: 147 } }]
    ));
}

#[test]
fn big_endian_and_nanosecond_pcap() {
    let frame = udp_frame(&invite("be", SDP));
    for (be, nanos) in [(true, false), (true, true), (false, true)] {
        let m = messages_of(&pcap_with(1, std::slice::from_ref(&frame), be, nanos));
        assert_eq!(m[0].time.secs, 1_700_000_000);
        assert_eq!(m[0].time.nanos, if nanos { 123_456_789 } else { 123_456_000 });
        let shown = m[0].time.to_string();
        assert_eq!(
            shown,
            if nanos { "2023-11-14T22:13:20.123456789Z" } else { "2023-11-14T22:13:20.123456Z" }
        );
    }
}

fn block(kind: u32, body: &[u8]) -> Vec<u8> {
    let padded = body.len().div_ceil(4) * 4;
    let len = u32::try_from(12 + padded).unwrap();
    let mut b = kind.to_le_bytes().to_vec();
    b.extend(len.to_le_bytes());
    b.extend(body);
    b.resize(8 + padded, 0);
    b.extend(len.to_le_bytes());
    b
}

fn shb() -> Vec<u8> {
    let mut body = 0x1a2b_3c4d_u32.to_le_bytes().to_vec();
    body.extend(1u16.to_le_bytes());
    body.extend(0u16.to_le_bytes());
    body.extend((-1i64).to_le_bytes());
    block(0x0a0d_0d0a, &body)
}

fn idb(linktype: u16, tsresol: Option<u8>) -> Vec<u8> {
    let mut body = linktype.to_le_bytes().to_vec();
    body.extend([0, 0]);
    body.extend(0u32.to_le_bytes());
    if let Some(r) = tsresol {
        body.extend(9u16.to_le_bytes());
        body.extend(1u16.to_le_bytes());
        body.extend([r, 0, 0, 0]);
        body.extend([0; 4]);
    }
    block(1, &body)
}

fn epb(interface: u32, ticks: u64, data: &[u8], original: usize) -> Vec<u8> {
    let mut body = interface.to_le_bytes().to_vec();
    body.extend(u32::try_from(ticks >> 32).unwrap().to_le_bytes());
    body.extend(u32::try_from(ticks & 0xffff_ffff).unwrap().to_le_bytes());
    body.extend(u32::try_from(data.len()).unwrap().to_le_bytes());
    body.extend(u32::try_from(original).unwrap().to_le_bytes());
    body.extend(data);
    body.resize(20 + data.len().div_ceil(4) * 4, 0);
    block(6, &body)
}

#[test]
fn pcapng_several_interfaces_resolutions_and_simple_packets() {
    let eth = udp_frame(&invite("ng-eth", SDP));
    let raw = ipv4(17, A, B, 1, 0, &udp(40000, 5060, &invite("ng-raw", SDP)));
    let mut file = shb();
    file.extend(idb(1, None)); // microseconds
    file.extend(idb(101, Some(9))); // raw IP, nanoseconds
    file.extend(idb(1, Some(0x80 | 0x0a))); // 2^-10 s
    file.extend(epb(1, 1_700_000_000_123_456_789, &raw, raw.len()));
    file.extend(epb(0, 1_700_000_000_000_001, &eth, eth.len()));
    // A Simple Packet Block: interface 0, original length, no time.
    let mut spb = u32::try_from(eth.len()).unwrap().to_le_bytes().to_vec();
    spb.extend(&eth);
    file.extend(block(3, &spb));
    file.extend(epb(2, 1024 * 5 + 512, &eth, eth.len()));
    let m = messages_of(&file);
    let got: Vec<(u64, &str, i64, u32)> = m
        .iter()
        .map(|m| {
            (
                m.frame,
                m.sip.as_ref().unwrap().call_id.as_deref().unwrap(),
                m.time.secs,
                m.time.nanos,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, "ng-raw", 1_700_000_000, 123_456_789),
            (2, "ng-eth", 1_700_000_000, 1000),
            (3, "ng-eth", 0, 0),
            (4, "ng-eth", 5, 500_000_000),
        ]
    );
}

#[test]
fn a_truncated_capture_keeps_what_came_before() {
    let frames = vec![udp_frame(&invite("kept", SDP)), udp_frame(&invite("cut", SDP))];
    let file = pcap(&frames);
    let (m, notices) = read_all(&file[..file.len() - 10]);
    assert_eq!(m.len(), 1);
    assert_eq!(
        notices,
        [Notice {
            frame: None,
            kind: NoticeKind::TruncatedCapture {
                offset: u64::try_from(24 + 16 + frames[0].len()).unwrap()
            }
        }]
    );
}

#[test]
fn a_packet_cut_by_the_snap_length_is_reported() {
    let frame = udp_frame(&invite("snap", SDP));
    let mut file = pcap(std::slice::from_ref(&frame));
    // Rewrite the record: keep 200 bytes of the frame, original length stays.
    file.truncate(24 + 16 + 200);
    file[24 + 8..24 + 12].copy_from_slice(&200u32.to_le_bytes());
    let (m, notices) = read_all(&file);
    assert!(m.is_empty());
    let original = u32::try_from(frame.len()).unwrap();
    assert_eq!(
        notices,
        [Notice { frame: Some(1), kind: NoticeKind::SnapLengthCut { captured: 200, original } }]
    );
}

#[test]
fn garbage_after_the_header() {
    // pcap: a record claiming 3 GB.
    let mut file = pcap(&[udp_frame(&invite("ok", SDP))]);
    file.extend([0xff; 64]);
    let (m, notices) = read_all(&file);
    assert_eq!(m.len(), 1);
    assert!(
        matches!(notices[..], [Notice { kind: NoticeKind::RecordTooLarge { .. }, .. }]),
        "{notices:?}"
    );
    // pcapng: a block whose trailing length disagrees.
    let mut file = shb();
    file.extend(idb(1, None));
    let mut bad = epb(0, 0, &udp_frame(&invite("bad", SDP)), 10);
    let n = bad.len();
    bad[n - 4] ^= 0xff;
    file.extend(bad);
    let (m, notices) = read_all(&file);
    assert!(m.is_empty());
    assert!(matches!(notices[..], [Notice { kind: NoticeKind::CorruptRecord { .. }, .. }]));
}

#[test]
fn not_a_capture() {
    for input in [&b""[..], b"v=0\r\n", b"\xd4\xc3\xb2"] {
        assert!(matches!(CaptureReader::new(input), Err(CaptureError::NotACapture)));
    }
    assert!(matches!(
        CaptureReader::new(&b"\xd4\xc3\xb2\xa1\x02\x00"[..]),
        Err(CaptureError::BadHeader)
    ));
    assert_eq!(
        sdpcheck::capture::sniff(b"\x0a\x0d\x0d\x0a"),
        Some(sdpcheck::capture::Format::Pcapng)
    );
}

#[test]
fn limits_on_streams_messages_and_notices() {
    let limits = CaptureLimits {
        max_streams: 4,
        max_message: 300,
        max_notices_per_kind: 1,
        ..CaptureLimits::default()
    };
    let mut frames = Vec::new();
    // Ten connections each holding half a message: the oldest are dropped.
    for port in 0..10 {
        frames.push(tcp_frame(41000 + port, 5060, 1, 0, &invite("x", "")[..60]));
    }
    // A message over the size limit, then a small one on the same stream.
    let big = invite("big", SDP);
    let mut data = big.clone();
    data.extend(b"OPTIONS sip:x SIP/2.0\r\nCall-ID: small\r\nContent-Length: 0\r\n\r\n");
    frames.push(tcp_frame(42000, 5060, 1, 0, &data));
    let (m, notices) = read_with(&pcap(&frames), limits);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].sip.as_ref().unwrap().call_id.as_deref(), Some("small"));
    let kinds: Vec<&str> = notices.iter().map(|n| n.kind.name()).collect();
    assert!(kinds.contains(&"message-too-large"), "{kinds:?}");
    // Three evictions (4 streams, then half dropped): one notice shown, the
    // other two counted at the end.
    assert_eq!(kinds.iter().filter(|k| **k == "stream-limit").count(), 1, "{kinds:?}");
    assert!(
        notices.iter().any(|n| n.kind == NoticeKind::Suppressed { kind: "stream-limit", count: 2 }),
        "{notices:?}"
    );
    for n in &notices {
        assert!(!n.to_string().chars().any(char::is_control), "{n}");
    }
}

#[test]
fn reassembly_buffer_cap_drops_and_recovers() {
    let limits = CaptureLimits { max_stream_buffer: 2000, ..CaptureLimits::default() };
    let msg = invite("after", SDP);
    // 3000 bytes wait behind a hole that is never filled.
    let mut frames = vec![tcp_frame(40000, 5060, 1, 0, b"INVITE sip:x SIP/2.0\r\n")];
    let mut filler = vec![b'a'; 998];
    filler.extend(b"\r\n");
    for i in 0..3u32 {
        frames.push(tcp_frame(40000, 5060, 1000 + i * 1000, 0, &filler));
    }
    frames.push(tcp_frame(40000, 5060, 4000, 0, &msg));
    let (m, notices) = read_with(&pcap(&frames), limits);
    assert!(notices.iter().any(|n| matches!(n.kind, NoticeKind::TcpGap { .. })), "{notices:?}");
    assert_eq!(m.len(), 1, "{notices:?}");
    assert_eq!(m[0].bytes, msg);
}

#[test]
fn a_message_in_one_byte_segments() {
    let msg = invite("bytes", &SDP.repeat(20));
    let frames: Vec<Vec<u8>> = msg
        .iter()
        .enumerate()
        .map(|(i, b)| tcp_frame(40000, 5060, 1 + u32::try_from(i).unwrap(), 0, &[*b]))
        .collect();
    let m = messages_of(&pcap(&frames));
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].bytes, msg);
    assert_eq!((m[0].first_frame, m[0].frame), (1, frames.len() as u64));
    assert_eq!(m[0].pieces.len(), msg.len());
}

/// A reader that returns a few bytes per call, as a pipe may.
struct Trickle<'a>(&'a [u8], usize);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.1 = self.1 % 5 + 1;
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn short_reads_give_the_same_events() {
    for path in fixture_captures() {
        let bytes = std::fs::read(&path).unwrap();
        let whole: Vec<Event> = CaptureReader::new(&bytes[..]).unwrap().collect();
        let trickled: Vec<Event> = CaptureReader::new(Trickle(&bytes, 0)).unwrap().collect();
        assert_eq!(whole, trickled, "{}", path.display());
    }
}

/// Inputs the `capture` fuzz target once failed on (fixtures/captures/fuzz/):
/// the same invariants as the target.
#[test]
fn saved_fuzz_inputs_keep_every_invariant() {
    let dir = captures_dir().join("fuzz");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(reader) = CaptureReader::new(&bytes[..]) else { continue };
        let whole: Vec<Event> = reader.collect();
        let trickled: Vec<Event> = CaptureReader::new(Trickle(&bytes, 0)).unwrap().collect();
        assert_eq!(whole, trickled, "{}", path.display());
        for event in whole {
            if let Event::Message(m) = event {
                check_positions(&m, &bytes);
            }
        }
    }
}
