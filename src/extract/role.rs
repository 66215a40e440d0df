//! Role hints written next to an SDP: `"type":"offer"`, `type: 'answer'`,
//! and the webrtc-internals form `type: offer, sdp: v=0...`.
//!
//! Used by the free-text scanner (same-line context of a JSON-escaped SDP)
//! and by the JSON scanner (text inside the string before the SDP). Plain
//! byte scans over at most a few KiB; no regex.

use memchr::memmem;

use super::Role;

/// Bytes looked at before an escaped SDP for a `type` hint (never before
/// the end of the previous SDP).
pub(crate) const ROLE_WINDOW: usize = 4096;

/// True for bytes that continue a word: `lev=0` is not `v=0`.
pub(crate) fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Where the value of a key ending at `i` in `hay` starts, past the quotes
/// and backslashes around key and value and the `:` or `=` between them:
/// `"type":"offer"`, `'type': 'offer'`, `\"type\":\"offer\"`, `type: offer`.
pub(crate) fn value_start(hay: &[u8], mut i: usize) -> Option<usize> {
    let skip = |i: &mut usize, set: &[u8]| {
        while hay.get(*i).is_some_and(|b| set.contains(b)) {
            *i += 1;
        }
    };
    skip(&mut i, b"\"'\\");
    skip(&mut i, b" \t");
    if !matches!(hay.get(i), Some(b':' | b'=')) {
        return None;
    }
    i += 1;
    skip(&mut i, b" \t");
    skip(&mut i, b"\"'\\");
    Some(i)
}

/// The role named by a `type` hint that starts at `at` in `hay` (the `t`),
/// and where the hint ends.
fn hint_at(hay: &[u8], at: usize) -> Option<(Role, usize)> {
    if at > 0 && hay.get(at - 1).copied().is_some_and(is_word) {
        return None;
    }
    let i = value_start(hay, at + 4)?;
    let rest = hay.get(i..)?;
    let (role, len) = if rest.starts_with(b"offer") {
        (Role::Offer, 5)
    } else if rest.starts_with(b"invite") {
        // Twilio Voice JS signalling: `{"type":"invite","payload":{"sdp":...`.
        (Role::Offer, 6)
    } else if rest.starts_with(b"answer") {
        (Role::Answer, 6)
    } else if rest.starts_with(b"pranswer") {
        // A provisional answer is checked against the offer like an answer.
        (Role::Answer, 8)
    } else {
        return None;
    };
    if rest.get(len).copied().is_some_and(is_word) {
        return None;
    }
    Some((role, i + len))
}

/// The last `type` hint in `hay` (text just before an SDP), unless an object
/// closes after it (`{"type":"offer"} {"sdp":"v=0...` is two objects).
pub(crate) fn role_before(hay: &[u8]) -> Option<Role> {
    for at in memmem::rfind_iter(hay, b"type") {
        if let Some((role, end)) = hint_at(hay, at) {
            let between = hay.get(end..).unwrap_or_default();
            return (!between.contains(&b'}')).then_some(role);
        }
    }
    None
}

/// The first `type` hint in `hay` (text just after an SDP's closing quote),
/// unless an object opens or closes before it.
pub(crate) fn role_after(hay: &[u8]) -> Option<Role> {
    for at in memmem::find_iter(hay, b"type") {
        if hay.get(..at).unwrap_or_default().iter().any(|b| matches!(b, b'{' | b'}')) {
            return None;
        }
        if let Some((role, _)) = hint_at(hay, at) {
            return Some(role);
        }
    }
    None
}

/// True when the SDP is introduced by webrtc-internals' `sdp: ` (the value
/// `type: offer, sdp: v=0...` of a setLocalDescription event).
pub(crate) fn is_internals_value(before: &[u8]) -> bool {
    before.ends_with(b", sdp: ")
}

/// A role named by a JSON key: `{"offer": "v=0..."}`.
pub(crate) fn role_of_key(key: &[u8]) -> Option<Role> {
    if key.eq_ignore_ascii_case(b"offer") {
        Some(Role::Offer)
    } else if key.eq_ignore_ascii_case(b"answer") || key.eq_ignore_ascii_case(b"pranswer") {
        Some(Role::Answer)
    } else {
        None
    }
}

/// A role named by the value of a `type` key (Twilio Voice JS names its
/// offer message `invite`).
pub(crate) fn role_of_type_value(value: &[u8]) -> Option<Role> {
    match value {
        b"offer" | b"invite" => Some(Role::Offer),
        b"answer" | b"pranswer" => Some(Role::Answer),
        _ => None,
    }
}

/// JSON-RPC methods of verto (`FreeSWITCH`) and Telnyx (`telnyx_rtc.*`):
/// `invite` carries the offer; `answer` and `media` (early media) carry the
/// answer.
const METHODS: [(&[u8], Role); 6] = [
    (b"verto.invite", Role::Offer),
    (b"telnyx_rtc.invite", Role::Offer),
    (b"verto.answer", Role::Answer),
    (b"telnyx_rtc.answer", Role::Answer),
    (b"verto.media", Role::Answer),
    (b"telnyx_rtc.media", Role::Answer),
];

/// A role named by the value of a `method` key.
pub(crate) fn role_of_method(value: &[u8]) -> Option<Role> {
    METHODS.iter().find(|(m, _)| *m == value).map(|(_, role)| *role)
}

/// The role of the last verto/Telnyx method named in `hay` (text just
/// before an SDP, in the same record).
pub(crate) fn method_before(hay: &[u8]) -> Option<Role> {
    METHODS
        .iter()
        .filter_map(|(m, role)| {
            let at = memmem::rfind(hay, m)?;
            // The whole method name, quoted: not `verto.invite2`.
            let after = hay.get(at + m.len()).copied();
            (!after.is_some_and(|b| is_word(b) || b == b'.')).then_some((at, *role))
        })
        .max_by_key(|(at, _)| *at)
        .map(|(_, role)| role)
}

/// The role a heading just before a raw SDP block names: Firefox's
/// about:webrtc page copied as text titles each description
/// `Local SDP (Offer)` / `Remote SDP (Answer)`.
pub(crate) fn heading_role(line: &[u8]) -> Option<Role> {
    let line = line.trim_ascii();
    if !line.ends_with(b")") || memmem::find(line, b"SDP").is_none() {
        return None;
    }
    if line.ends_with(b"(Offer)") {
        Some(Role::Offer)
    } else if line.ends_with(b"(Answer)") {
        Some(Role::Answer)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_in_their_usual_spellings() {
        assert_eq!(role_before(br#"{"type":"offer","sdp":""#), Some(Role::Offer));
        assert_eq!(role_before(b"{type: 'answer', sdp: '"), Some(Role::Answer));
        assert_eq!(role_before(b"\"value\": \"type: pranswer, sdp: "), Some(Role::Answer));
        assert_eq!(role_before(br#"{"type":"offer"} {"sdp":""#), None);
        assert_eq!(role_before(br#"{"subtype":"offer","sdp":""#), None);
        assert_eq!(role_before(br#"{"type":"offers","sdp":""#), None);
        assert_eq!(role_after(br#","type":"answer"}"#), Some(Role::Answer));
        assert_eq!(role_after(br#"}, {"type":"answer"}"#), None);
        assert!(is_internals_value(b"type: offer, sdp: "));
        assert_eq!(role_before(br#"{"type":"invite","payload":{"sdp":""#), Some(Role::Offer));
        let verto = br#"{"method":"verto.answer","params":{"dialogParams":{"callID":"x"},"sdp":""#;
        assert_eq!(method_before(verto), Some(Role::Answer));
        assert_eq!(
            method_before(br#"{"method":"telnyx_rtc.invite","params":{"sdp":""#),
            Some(Role::Offer)
        );
        assert_eq!(method_before(br#"{"method":"verto.invitex","sdp":""#), None);
        assert_eq!(heading_role(b"Local SDP (Offer)"), Some(Role::Offer));
        assert_eq!(heading_role(b"Remote SDP (Answer)\r"), Some(Role::Answer));
        assert_eq!(heading_role(b"(Offer)"), None);
    }
}
