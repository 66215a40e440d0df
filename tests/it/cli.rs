//! The binary from the outside: exit statuses, inputs, formats (CONTRACT.md).

use std::io::Read;
use std::path::PathBuf;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use super::common::{self, run_stdin, sdpcheck, temp_file};

fn run(args: &[&str]) -> Output {
    sdpcheck().args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn valid_file_exits_0() {
    let out = run(&["fixtures/valid/asterisk/sip-g711.offer.sdp"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("1 SDP checked: no problems found"));
}

#[test]
fn malformed_file_shows_every_problem_with_position_and_exits_1() {
    let out = run(&["--color", "never", "fixtures/parse/many-faults.sdp"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for at in [
        "many-faults.sdp:3:1]",
        "many-faults.sdp:4:10]",
        "many-faults.sdp:8:9]",
        "many-faults.sdp:13:23]",
    ] {
        assert!(text.contains(at), "missing {at} in:\n{text}");
    }
    assert!(text.contains("help: "), "{text}");
    // Two of the eight faults (`i=` out of order, `y=`) are warnings under
    // SIP: pjsip and baresip accept them (conformance/sip/).
    assert!(text.contains("6 errors, 2 warnings"), "{text}");
    assert!(!text.contains('\x1b'), "colour with --color never");
}

#[test]
fn stdin_is_read_when_no_input_or_dash() {
    let sdp = std::fs::read("fixtures/parse/port-99999.sdp").unwrap();
    for args in [&[][..], &["-"][..]] {
        let out = run_stdin(args, &sdp);
        assert_eq!(out.status.code(), Some(1));
        assert!(stdout(&out).contains("<stdin>:6:9]"), "{}", stdout(&out));
    }
}

#[test]
fn unreadable_file_exits_2_and_other_inputs_are_still_checked() {
    let out = run(&["no/such/file.sdp", "fixtures/parse/port-99999.sdp"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.sdp"));
    assert!(stdout(&out).contains("port-99999.sdp:6:9]"));
}

#[test]
fn input_with_no_sdp_exits_2() {
    for (name, bytes) in [
        ("empty", Vec::new()),
        ("crlf-only", b"\r\n\r\n".to_vec()),
        ("whitespace", b"   \n\t\n".to_vec()),
        ("nul", vec![0u8; 4096]),
        ("prose", b"hello world\nthis is not sdp\n".to_vec()),
    ] {
        let out = run_stdin(&[], &bytes);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("no SDP found"), "{name}");
    }
}

#[test]
fn hostile_inputs_end_quickly_without_panic() {
    // A 1 MiB single line, NUL bytes after a valid start, and random bytes.
    let mut long = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=".to_vec();
    long.resize(1 << 20, b'x');
    let mut nuls = b"v=0\r\n".to_vec();
    nuls.extend(std::iter::repeat_n(0u8, 1 << 16));
    let mut random = Vec::with_capacity(1 << 20);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..(1 << 20) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        random.push(state.to_le_bytes()[3]);
    }
    for (name, bytes) in [("long-line", long), ("nuls", nuls), ("random", random)] {
        let path = temp_file(name, &bytes);
        for format in ["human", "json"] {
            let start = Instant::now();
            let out = run(&["--format", format, path.to_str().unwrap()]);
            let took = start.elapsed();
            let code = out.status.code();
            assert!(matches!(code, Some(1 | 2)), "{name}/{format}: status {code:?}");
            assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{name}");
            assert!(took < Duration::from_secs(5), "{name}/{format} took {took:?}");
            if format == "json" && code == Some(1) {
                let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                assert!(doc["summary"]["errors"].as_u64().unwrap() >= 1);
            }
        }
        let _ = std::fs::remove_file(path);
    }
}

#[test]
fn json_follows_the_contract() {
    let out = run(&["--format", "json", "fixtures/parse/port-99999.sdp"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    let sdp = &doc["sdps"][0];
    assert_eq!(sdp["index"], 0);
    assert_eq!(sdp["source"], "fixtures/parse/port-99999.sdp");
    assert_eq!(sdp["line"], 1);
    assert!(sdp.get("role").is_some());
    // The only m= line is malformed, so no media section can be described.
    assert_eq!(sdp["media"], serde_json::json!([]));
    assert!(doc["pairs"].is_array());
    let d = &doc["diagnostics"][0];
    assert_eq!(d["rule"], "number-out-of-range");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["codes"], serde_json::json!([40004, 32009, 32102]));
    assert_eq!(d["sdp"], 0);
    assert_eq!(d["source"], "fixtures/parse/port-99999.sdp");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(6), Some(9)));
    assert_eq!(d["length"], 5);
    let bytes = std::fs::read("fixtures/parse/port-99999.sdp").unwrap();
    let offset = usize::try_from(d["offset"].as_u64().unwrap()).unwrap();
    assert_eq!(&bytes[offset..offset + 5], b"99999");
    for key in ["message", "help"] {
        assert!(d[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
    }
    assert_eq!(
        doc["summary"],
        serde_json::json!({"sdps": 1, "errors": 1, "warnings": 0, "advice": 0})
    );
}

#[test]
fn json_of_a_valid_sdp_lists_its_codecs() {
    let out = run(&["--format", "json", "fixtures/valid/carrier/g711-trunk.answer.sdp"]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["sdps"][0]["media"][0]["codecs"],
        serde_json::json!(["PCMA/8000", "telephone-event/8000"])
    );
    assert_eq!(doc["diagnostics"], serde_json::json!([]));
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let path = "fixtures/parse/port-99999.sdp";
    assert!(stdout(&run(&["--color", "always", path])).contains('\x1b'));
    assert!(!stdout(&run(&["--color", "never", path])).contains('\x1b'));
    // auto: stdout is a pipe here, so no colour either way.
    assert!(!stdout(&run(&[path])).contains('\x1b'));
    let out = sdpcheck().args(["--color", "auto", path]).env("NO_COLOR", "1").output().unwrap();
    assert!(!stdout(&out).contains('\x1b'));
}

#[test]
fn closed_stdout_exits_quietly() {
    // `sdpcheck ... | head -1`: the reader goes away; no panic, status 0.
    let many: Vec<u8> = std::iter::repeat_n(&b"x=1\r\n"[..], 2000).flatten().copied().collect();
    let path = temp_file("closed-stdout", &[b"v=0\r\n".as_slice(), &many].concat());
    let mut child = sdpcheck()
        .args(["--color", "never", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let _ = std::fs::remove_file(path);
}

#[test]
fn bad_usage_exits_2() {
    let out = run(&["--format", "yaml", "x.sdp"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rules_and_explain() {
    let out = run(&["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for meta in sdpcheck::registry::RULES {
        assert!(text.contains(meta.code) && text.contains(meta.name), "{}", meta.name);
    }
    let out = run(&["rules", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(sdpcheck::registry::RULES.len()));

    for topic in ["missing-connection", "SDP2001", "sdp2001"] {
        let out = run(&["explain", topic]);
        assert_eq!(out.status.code(), Some(0), "{topic}");
        let text = stdout(&out);
        assert!(text.contains("## Why is this bad?") && text.contains("32009"), "{text}");
    }
    assert_eq!(run(&["explain", "no-such-rule"]).status.code(), Some(2));
}

#[test]
fn every_valid_fixture_passes_through_the_binary() {
    let files = common::sdp_files(&common::fixtures().join("valid"));
    let args: Vec<&str> = files.iter().map(|p| p.to_str().unwrap()).collect();
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn explain_field_codes_names_rules_and_both_meanings_of_32009() {
    for code in ["32009", "53404", "488", "415", "40004", "33005", "32102", "53402"] {
        let out = run(&["explain", code]);
        assert_eq!(out.status.code(), Some(0), "{code}");
        let text = stdout(&out);
        assert!(text.contains("## Rules that report it"), "{code}:\n{text}");
        assert!(text.contains("## How to fix"), "{code}");
    }
    let text = stdout(&run(&["explain", "32009"]));
    assert!(
        text.contains("SDP negotiation failed") && text.contains("Twilio's own error dictionary"),
        "{text}"
    );
    assert!(text.contains("`missing-connection`"), "{text}");
}

#[test]
fn select_and_ignore_filter_rules_and_reject_unknown_selectors() {
    let path = "fixtures/parse/many-faults.sdp";
    let count = |args: &[&str]| {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        all.push(path);
        let out = run(&all);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let all = count(&[]);
    assert!(all.contains(&"unknown-line-type".to_owned()));
    let ignored = count(&["--ignore", "unknown-line-type"]);
    assert_eq!(ignored.len() + 1, all.len());
    assert!(count(&["--select", "SDP0002"]).iter().all(|r| r == "unknown-line-type"));
    // The more specific selector wins: select a prefix, ignore one rule in it.
    let mixed = count(&["--select", "SDP0", "--ignore", "SDP0009"]);
    assert!(
        !mixed.contains(&"number-out-of-range".to_owned())
            && mixed.contains(&"invalid-line".to_owned())
    );
    let out = run(&["--select", "no-such-rule", path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown rule selector"));
}

#[test]
fn profile_decision_is_shown() {
    let text = stdout(&run(&["fixtures/valid/chrome/audio-only.offer.sdp"]));
    assert!(text.contains("profile webrtc (detected:"), "{text}");
    let text = stdout(&run(&["--profile", "sip", "fixtures/valid/asterisk/sip-g711.offer.sdp"]));
    assert!(text.contains("profile sip (--profile)"), "{text}");
    let out = run(&["--format", "json", "fixtures/valid/asterisk/sip-g711.offer.sdp"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["sdps"][0]["profile"], "sip");
}

#[test]
fn offer_answer_pair_shows_verdict_and_negotiated_table() {
    let out = run(&[
        "--color",
        "never",
        "--offer",
        "fixtures/valid/asterisk/sip-g711.offer.sdp",
        "--answer",
        "fixtures/valid/asterisk/sip-g711.answer.sdp",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("Negotiated ("), "{text}");
    assert!(text.contains("accepted"), "{text}");
    assert!(text.contains("2 SDPs and 1 pair checked"), "{text}");

    let out = run(&[
        "--format",
        "json",
        "--offer",
        "fixtures/valid/asterisk/sip-g711.offer.sdp",
        "--answer",
        "fixtures/valid/asterisk/sip-g711.answer.sdp",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["sdps"][0]["role"], "offer");
    assert_eq!(doc["sdps"][1]["role"], "answer");
    assert_eq!(
        (doc["pairs"][0]["offer"].as_u64(), doc["pairs"][0]["answer"].as_u64()),
        (Some(0), Some(1))
    );
    assert!(doc["pairs"][0]["media"][0]["negotiated"].as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn offer_without_answer_is_a_usage_error() {
    let out = run(&["--offer", "fixtures/valid/asterisk/sip-g711.offer.sdp"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A fresh directory holding `sdpcheck.toml` and a copy of a fixture.
fn project(name: &str, config: &str, fixture: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdpcheck-project-{}-{name}", std::process::id()));
    std::fs::create_dir_all(dir.join("captures")).unwrap();
    std::fs::write(dir.join("sdpcheck.toml"), config).unwrap();
    let bytes =
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture)).unwrap();
    std::fs::write(dir.join("captures/call.sdp"), bytes).unwrap();
    dir
}

fn run_in(dir: &std::path::Path, args: &[&str]) -> Output {
    sdpcheck().current_dir(dir).args(args).output().unwrap()
}

#[test]
fn config_file_is_found_and_applied() {
    let dir =
        project("ignore", "ignore = [\"number-out-of-range\"]\n", "fixtures/parse/port-99999.sdp");
    assert_eq!(run_in(&dir, &["captures/call.sdp"]).status.code(), Some(0));
    // From a subdirectory too: the file is found walking up.
    assert_eq!(run_in(&dir.join("captures"), &["call.sdp"]).status.code(), Some(0));
    // --isolated ignores it.
    assert_eq!(run_in(&dir, &["--isolated", "captures/call.sdp"]).status.code(), Some(1));
}

#[test]
fn config_per_file_ignores_and_fail_on() {
    let dir = project(
        "per-file",
        "fail-on = \"warning\"\n[per-file-ignores]\n\"captures/*.sdp\" = [\"SDP0009\"]\n",
        "fixtures/parse/port-99999.sdp",
    );
    assert_eq!(run_in(&dir, &["captures/call.sdp"]).status.code(), Some(0));
    let other = dir.join("other.sdp");
    std::fs::copy(dir.join("captures/call.sdp"), &other).unwrap();
    assert_eq!(run_in(&dir, &["other.sdp"]).status.code(), Some(1));
}

#[test]
fn config_unknown_key_is_an_error_pointing_into_the_file() {
    let dir = project(
        "unknown",
        "profile = \"sip\"\nrequire_codecs = [\"pcma\"]\n",
        "fixtures/valid/asterisk/sip-g711.offer.sdp",
    );
    let out = run_in(&dir, &["captures/call.sdp"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("sdpcheck.toml") && err.contains("require_codecs") && err.contains("line 2"),
        "{err}"
    );
}

#[test]
fn output_file_and_stdin_filename() {
    let path = std::env::temp_dir().join(format!("sdpcheck-out-{}.json", std::process::id()));
    let sdp = std::fs::read("fixtures/parse/port-99999.sdp").unwrap();
    let out = run_stdin(
        &[
            "--format",
            "json",
            "--stdin-filename",
            "offer-from-log.sdp",
            "--output-file",
            path.to_str().unwrap(),
        ],
        &sdp,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(doc["diagnostics"][0]["source"], "offer-from-log.sdp");
    let _ = std::fs::remove_file(path);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(stdout(&out).contains("sdpcheck"), "{shell}");
    }
    let out = run(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains(".TH sdpcheck"));
}

#[test]
fn explain_finds_rules_by_a_pasted_browser_error() {
    let out = run(&["explain", "Called with SDP without DTLS fingerprint."]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("`missing-fingerprint`"), "{}", stdout(&out));
    // Wrapped the way Chrome shows it in the console.
    let out = run(&[
        "explain",
        "Failed to execute 'setRemoteDescription' on 'RTCPeerConnection': Failed to set remote answer sdp: Called with SDP without ice-ufrag and ice-pwd.",
    ]);
    assert!(stdout(&out).contains("`missing-ice-credentials`"), "{}", stdout(&out));
    assert_eq!(run(&["explain", "nothing like any rule at all"]).status.code(), Some(2));
}
