//! Session keys written next to an SDP: what says which signalling session
//! (and so which offer/answer exchange) a description belongs to.
//!
//! A log interleaves sessions: two Janus handles, two `LiveKit` participants,
//! two verto calls. Pairing an answer with the nearest offer then checks it
//! against another session's offer and reports faults that do not exist, so
//! the extractor reads the keys the signalling protocols carry, from the
//! text of the record the SDP is in (the log line, or the JSON record):
//!
//! - Janus: `session_id` with `handle_id` (a request) or `sender` (an
//!   event): one handle is one peer connection.
//! - `LiveKit` server logs: the participant (`pID`, `participantSid`,
//!   `participant`), with `transport` (`PUBLISHER`/`SUBSCRIBER`: each
//!   participant has two peer connections).
//! - Call ids: verto/Telnyx `callID` and `sessid`, Twilio `callsid`
//!   (`CallSid`), `dialogId`, and the generic `call_id`/`callId`.
//! - Peer connection ids: `peerConnectionId`, `pcid` (Firefox about:webrtc),
//!   `pc_id`, `connectionId`.
//! - Janus `transaction`, only when nothing else names the session.
//!
//! The key is written `name=value` (joined by `/` when two names make it),
//! each name the first spelling of its family (a Janus event's `sender` is
//! written `handle_id`), so a user can find it in the log. SIP gives the Call-ID (`sip.rs`) and a
//! webrtc-internals dump its connection id (`json.rs`); a caller with its
//! own dialog facts (a packet capture) supplies the key directly to
//! [`super::Pairer::push_keyed`].

use std::fmt::Write as _;

use memchr::memmem;

use super::role::{is_word, value_start};

/// Longest value kept as (part of) a key.
const MAX_VALUE: usize = 128;

/// Families of keys, strongest first: each is a list of alternative
/// spellings of the main key, and of an optional second key that narrows it.
const FAMILIES: &[(&[&str], &[&str])] = &[
    (&["session_id"], &["handle_id", "sender"]),
    (
        &["pID", "participantSid", "participant_sid", "participantId", "participant_id"],
        &["transport"],
    ),
    (&["participant"], &["transport"]),
    (
        &["callID", "callId", "call_id", "callsid", "CallSid", "callSid", "dialogId", "dialog_id"],
        &[],
    ),
    (&["sessid"], &[]),
    (&["peerConnectionId", "pcid", "pc_id", "connectionId", "connection_id"], &[]),
    (&["transaction"], &[]),
];

/// The session key named in `before` (the record's text before the SDP,
/// nearest occurrence wins) or `after` (the record's text after it, first
/// occurrence wins).
pub(crate) fn key_in(before: &[u8], after: &[u8]) -> Option<String> {
    build(|names| find_any(names, before, after))
}

/// The key made of the strongest family `lookup` finds a value for
/// (`lookup` is given a family's spellings and returns the one it found).
pub(crate) fn build<'v>(
    mut lookup: impl FnMut(&[&'static str]) -> Option<(&'static str, &'v [u8])>,
) -> Option<String> {
    for (main, narrow) in FAMILIES {
        let Some((_, value)) = lookup(main) else { continue };
        // Named by the family's first spelling: a Janus request's
        // `handle_id` and its event's `sender` are one key.
        let mut key = format!("{}={}", main.first()?, String::from_utf8_lossy(value));
        if let Some((_, value)) = lookup(narrow) {
            let _ = write!(key, "/{}={}", narrow.first()?, String::from_utf8_lossy(value));
        }
        return Some(key);
    }
    None
}

/// The spelling of a session key named `name` (a JSON object key), if it
/// is one.
pub(crate) fn key_name(name: &[u8]) -> Option<&'static str> {
    FAMILIES
        .iter()
        .flat_map(|(main, narrow)| main.iter().chain(narrow.iter()))
        .find(|n| n.as_bytes() == name)
        .copied()
}

/// A JSON value usable as a key's value: short, printable, not null.
pub(crate) fn usable_value(value: &[u8]) -> bool {
    !value.is_empty()
        && value.len() <= MAX_VALUE
        && value != b"null"
        && value.iter().all(|b| b.is_ascii_graphic() && *b != b'\\' && *b != b'"')
}

/// The first of `names` with a value in `before` (last occurrence) or
/// `after` (first occurrence).
fn find_any<'h>(
    names: &[&'static str],
    before: &'h [u8],
    after: &'h [u8],
) -> Option<(&'static str, &'h [u8])> {
    for name in names {
        let needle = name.as_bytes();
        let last = memmem::rfind_iter(before, needle).find_map(|at| value_at(before, at, needle));
        if let Some(value) = last {
            return Some((name, value));
        }
        let first = memmem::find_iter(after, needle).find_map(|at| value_at(after, at, needle));
        if let Some(value) = first {
            return Some((name, value));
        }
    }
    None
}

/// The value of key `name` found at `at` in `hay`: `"name":"v"`, `"name":7`,
/// `name: 'v'`, `\"name\":\"v\"`, `name=v`.
fn value_at<'h>(hay: &'h [u8], at: usize, name: &[u8]) -> Option<&'h [u8]> {
    if at > 0 && hay.get(at - 1).copied().is_some_and(|b| is_word(b) || b == b'-') {
        return None;
    }
    let end = at + name.len();
    // The key must end here: `session_ids` is another key.
    if hay.get(end).copied().is_some_and(is_word) {
        return None;
    }
    let i = value_start(hay, end)?;
    let rest = hay.get(i..)?;
    let len = rest
        .iter()
        .take(MAX_VALUE)
        .take_while(|b| b.is_ascii_graphic() && !b"\"'\\,;}]{[&".contains(b))
        .count();
    let value = rest.get(..len)?;
    // `null`, `undefined` and empty values name no session.
    (!value.is_empty() && value != b"null" && value != b"undefined").then_some(value)
}

/// The part of `after` (text just past an SDP string that is `open`
/// containers deep inside its record) up to the record's end.
/// `None` when the record does not end within `after`.
pub(crate) fn record_rest(after: &[u8], open: usize) -> Option<&[u8]> {
    let mut depth = open;
    let mut in_string = false;
    let mut i = 0;
    while let Some(&b) = after.get(i) {
        match b {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'{' | b'[' if !in_string => depth += 1,
            b'}' | b']' if !in_string => {
                if depth <= 1 {
                    return after.get(..=i);
                }
                depth -= 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(before: &str, after: &str) -> Option<String> {
        key_in(before.as_bytes(), after.as_bytes())
    }

    #[test]
    fn keys_of_the_usual_signalling_protocols() {
        let janus = r#"{"janus":"event","session_id":8472,"sender":3391,"transaction":"Xy","jsep":{"type":"answer","sdp":""#;
        assert_eq!(key(janus, "").as_deref(), Some("session_id=8472/handle_id=3391"));
        let request = r#"{"janus":"message","transaction":"a1","jsep":{"type":"offer","sdp":""#;
        let after = r#"},"session_id":1,"handle_id":2}"#;
        assert_eq!(key(request, after).as_deref(), Some("session_id=1/handle_id=2"));
        let livekit =
            r#"{"participant":"alice","pID":"PA_x1","transport":"PUBLISHER","offer":{"sdp":""#;
        assert_eq!(key(livekit, "").as_deref(), Some("pID=PA_x1/transport=PUBLISHER"));
        let verto = r#"{"method":"verto.invite","params":{"dialogParams":{"callID":"c-1"},"sdp":""#;
        assert_eq!(key(verto, "").as_deref(), Some("callID=c-1"));
        assert_eq!(key("{callsid: 'CA12', sdp: '", "").as_deref(), Some("callID=CA12"));
        assert_eq!(key(r#"{\"callID\":\"e\",\"sdp\":\""#, "").as_deref(), Some("callID=e"));
        assert_eq!(key(r#"{"session_ids":1,"sdp":""#, ""), None);
        assert_eq!(key(r#"{"my_callID":1,"sdp":""#, ""), None);
        assert_eq!(key(r#"{"callID":null,"sdp":""#, ""), None);
        assert_eq!(key("transaction: 'T1' sdp: '", "").as_deref(), Some("transaction=T1"));
    }

    #[test]
    fn record_ends_where_its_containers_close() {
        let after = br#"},"session_id":1,"s":"}"} {"session_id":2}"#;
        assert_eq!(record_rest(after, 2), Some(&br#"},"session_id":1,"s":"}"}"#[..]));
        assert_eq!(record_rest(b"}", 1), Some(&b"}"[..]));
        assert_eq!(record_rest(b"}, {", 2), None);
    }
}
