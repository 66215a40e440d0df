//! `sdpcheck explain "<browser error>"`: each error string the rule docs quote
//! from libwebrtc (Chrome, Safari) and Firefox, pasted the way a browser
//! console shows it, finds the rule that reports the fault.

use std::process::Output;

use super::common::sdpcheck;

fn explain(text: &str) -> Output {
    sdpcheck().args(["explain", text]).output().unwrap()
}

/// Chrome's wrapper around every `setRemoteDescription` failure.
const SRD: &str = "Failed to execute 'setRemoteDescription' on 'RTCPeerConnection': ";

/// (what the user pastes, a rule the answer must list)
const CASES: &[(&str, &str)] = &[
    // libwebrtc pc/sdp_offer_answer.cc
    ("Called with SDP without DTLS fingerprint.", "missing-fingerprint"),
    (
        "{SRD}Failed to set remote offer sdp: Called with SDP without DTLS fingerprint.",
        "missing-fingerprint",
    ),
    (
        "{SRD}Failed to set remote answer sdp: Called with SDP without DTLS fingerprint.",
        "transport-mismatch",
    ),
    (
        "{SRD}Failed to set remote offer sdp: Called with SDP without DTLS fingerprint.",
        "plain-rtp-in-webrtc",
    ),
    (
        "Failed to set remote answer sdp: Called with SDP without ice-ufrag and ice-pwd.",
        "missing-ice-credentials",
    ),
    ("{SRD}Failed to set remote offer sdp: Duplicate a=mid value '2'.", "duplicate-mid"),
    ("Failed to set local offer sdp: A media section is missing a MID attribute.", "missing-mid"),
    (
        "{SRD}Failed to set remote answer sdp: The order of m-lines in answer doesn't match order in offer. Rejecting answer.",
        "m-line-count-mismatch",
    ),
    (
        "{SRD}Failed to set remote answer sdp: The order of m-lines in answer doesn't match order in offer. Rejecting answer.",
        "media-section-mismatch",
    ),
    // libwebrtc pc/jsep_transport_controller.cc
    (
        "{SRD}Failed to set remote answer sdp: The m= section with mid='0' is invalid. RTCP-MUX is not enabled when it is required.",
        "missing-rtcp-mux",
    ),
    (
        "Failed to set remote offer sdp: A BUNDLE group contains a MID='video' matching no m= section.",
        "bundle-unknown-mid",
    ),
    (
        "{SRD}Failed to set remote answer sdp: A BUNDLE group in answer contains a MID='1av' that was not in the offered group.",
        "bundle-not-subset",
    ),
    (
        "Failed to set remote answer sdp: A BUNDLE group was added in the answer that did not exist in the offer.",
        "bundle-not-subset",
    ),
    // libwebrtc pc/jsep_transport.cc, p2p/base/transport_description.cc, pc/channel.cc
    (
        "{SRD}Failed to set remote answer sdp: Answerer must use either active or passive value for setup attribute.",
        "dtls-role-conflict",
    ),
    (
        "{SRD}Failed to set remote answer sdp: Failed to apply the description for m= section with mid='0': Failed to set SSL role for the transport.",
        "dtls-role-conflict",
    ),
    (
        "Failed to set remote answer sdp: Failed to apply the description for m= section with mid='0': ICE ufrag must be between 4 and 256 characters long.",
        "invalid-ice-credentials",
    ),
    ("ICE pwd must be between 22 and 256 characters long.", "invalid-ice-credentials"),
    (
        "{SRD}Failed to set remote answer sdp: Failed to set send parameters for m-section with mid='1'.",
        "no-common-codec",
    ),
    (
        "{SRD}Failed to set remote answer sdp: Failed to set remote video description send parameters for m-section with mid='1'.",
        "no-common-codec",
    ),
    // libwebrtc pc/webrtc_sdp.cc, behind Chrome's "Failed to parse SessionDescription."
    (
        "{SRD}Failed to parse SessionDescription. m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126 Expect line: v=",
        "missing-required-line",
    ),
    ("{SRD}Failed to parse SessionDescription. \u{feff}v=0 Expect line: v=", "byte-order-mark"),
    ("{SRD}Failed to parse SessionDescription. s= Expect line: s=", "empty-session-name"),
    ("{SRD}Failed to parse SessionDescription. i=x Expect line: s=", "line-out-of-order"),
    (
        "{SRD}Failed to parse SessionDescription. a=fmtp:49 repair-window=10000000 Invalid SDP line.",
        "invalid-line",
    ),
    ("{SRD}Failed to parse SessionDescription.  Invalid SDP line.", "blank-line"),
    (
        "{SRD}Failed to parse SessionDescription. a=setup:foo Invalid attribute value.",
        "invalid-setup-role",
    ),
    (
        "{SRD}Failed to parse SessionDescription. a=fingerprint:md5 AB:CD:EF Failed to create fingerprint from the digest.",
        "weak-fingerprint-hash",
    ),
    (
        "Failed to parse SessionDescription. a=fingerprint:sha-256 AA:BB Can't have multiple fingerprint attributes at the same level.",
        "multiple-fingerprints",
    ),
    (
        "{SRD}Failed to parse SessionDescription. c=IN IP4 224.2.1.1/127 Failed to parse the connection data. Multicast is not currently supported.",
        "multicast-connection-address",
    ),
    // The reason has two spaces where libwebrtc inserts "" for a dynamic type.
    (
        "{SRD}Failed to parse SessionDescription. a=rtpmap:111 PCMU/8000 Duplicate  payload type with conflicting codec name or clock rate.",
        "duplicate-rtpmap",
    ),
    (
        "{SRD}Failed to parse SessionDescription.  Failed to parse video codecs correctly.",
        "missing-rtpmap",
    ),
    (
        "{SRD}Failed to parse SessionDescription.  Failed to parse audio codecs correctly.",
        "orphan-format-attribute",
    ),
    (
        "{SRD}Failed to parse SessionDescription. a=sctp-port:5000 sctp-port attribute can't be used with sctpmap.",
        "sctp-port-missing",
    ),
    (
        "{SRD}Failed to parse SessionDescription. o=- 1 2 IN IP4  127.0.0.1 Expects 6 fields.",
        "malformed-field",
    ),
    (
        "{SRD}Failed to parse SessionDescription. a=rtpmap:96 Expects at least 2 fields.",
        "malformed-attribute",
    ),
    (
        "{SRD}Failed to parse SessionDescription. m=audio 70000 RTP/AVP 0 The port number is invalid",
        "number-out-of-range",
    ),
    (
        "{SRD}Failed to parse SessionDescription. m=audio 9x RTP/AVP 0 The port number is invalid",
        "malformed-number",
    ),
    // Firefox dom/media/webrtc/sdp/SdpHelper.cpp, jsep/JsepSessionImpl.cpp
    ("Invalid description, no fingerprint attribute at level 0", "missing-fingerprint"),
    ("Invalid description, no ice-pwd attribute at level 1", "missing-ice-credentials"),
    ("Invalid description, ice-ufrag is too short at level 0", "invalid-ice-credentials"),
    (
        "mid specified for bundle transport in group attribute does not exist in the SDP. (mid=audio)",
        "bundle-unknown-mid",
    ),
    ("Invalid answer, illegal setup attribute \"actpass\" at level 2", "dtls-role-conflict"),
    (
        "Description has illegal setup attribute \"holdconn\" in m-section at level 0",
        "invalid-setup-role",
    ),
    ("Local descriptions must have a=mid attributes.", "missing-mid"),
    ("Offer and answer have different number of m-lines (2 vs 1)", "m-line-count-mismatch"),
    ("Answer and offer have different media types at m-line 0", "media-section-mismatch"),
    ("Answer changes mid for level, was '0', now 'audio'", "media-section-mismatch"),
    ("Answer tried to set recv when offer did not set send", "direction-mismatch"),
    // Firefox's parsers: sipcc and mozilla/webrtc-sdp
    ("Invalid version (1) found, parse failed.", "unsupported-version"),
    ("Unsupported setup value", "invalid-setup-role"),
    ("fingerprint has 20 bytes but should have 32 bytes", "weak-fingerprint-hash"),
];

#[test]
fn every_quoted_browser_error_finds_its_rule() {
    let mut failures = Vec::new();
    for (pasted, rule) in CASES {
        let pasted = pasted.replace("{SRD}", SRD);
        let out = explain(&pasted);
        let text = String::from_utf8_lossy(&out.stdout);
        let listed = text.lines().filter(|l| l.starts_with("- SDP")).count();
        if out.status.code() != Some(0) || !text.contains(&format!("`{rule}`")) {
            failures.push(format!("{pasted:?} should list {rule}:\n{text}"));
        } else if listed > 3 {
            // A match on the wrapper alone would list every parse rule.
            failures.push(format!("{pasted:?} lists {listed} rules:\n{text}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unrelated_text_finds_nothing() {
    for text in ["nothing like any rule at all", "the weather is fine today in the office"] {
        assert_eq!(explain(text).status.code(), Some(2), "{text}");
    }
}
