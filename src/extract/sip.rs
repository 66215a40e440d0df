//! SIP messages in traces and logs: start line, the headers that matter,
//! and the offer/answer state of each call.
//!
//! The scanner meets `SIP/2.0`, and [`parse_start_line`] decides whether
//! it is a request line (`INVITE sip:bob@example.com SIP/2.0`) or a status
//! line (`SIP/2.0 200 OK`), possibly after a log prefix. The headers are then
//! read (full and compact forms, RFC 3261 §7.3.3) up to the blank line, and
//! the body that follows is where an SDP block may be attributed to the
//! message. Roles follow RFC 3264 §2 and RFC 3261 §13.2.1: the first SDP of
//! an exchange is the offer, the SDP that answers it is the answer; an
//! INVITE without SDP makes the 2xx (or reliable 18x) the offer and the ACK
//! (or PRACK) the answer.

use std::collections::{HashMap, VecDeque};

use super::{Role, SipMessage};

/// Calls whose offer/answer state is remembered; the oldest is forgotten
/// first. Far more than the calls a trace interleaves at once.
pub(crate) const MAX_CALLS: usize = 4096;
/// Longest Call-ID kept (RFC 3261 sets no limit; real ones are < 100).
const MAX_CALL_ID: usize = 256;
/// Longest method name accepted in a request line.
const MAX_METHOD: usize = 32;

/// A SIP message whose headers were read.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// Request or status line.
    pub(crate) message: SipMessage,
    /// `Call-ID` / `i`, lossily decoded.
    pub(crate) call_id: Option<String>,
    /// Absolute offset of the first body line.
    pub(crate) body_start: u64,
    /// Absolute offset past which an SDP block no longer belongs to it.
    pub(crate) body_limit: u64,
    /// Whether the body may hold SDP (`application/sdp`, `multipart/*`,
    /// or no Content-Type at all).
    pub(crate) may_hold_sdp: bool,
    /// Whether an SDP was attributed to this message.
    pub(crate) sdp_seen: bool,
}

/// Headers of interest, read from one message.
#[derive(Debug, Default)]
pub(crate) struct Headers {
    pub(crate) call_id: Option<String>,
    pub(crate) cseq_method: Option<String>,
    /// Media type, lower-cased, without parameters.
    pub(crate) content_type: Option<String>,
    pub(crate) content_length: Option<u64>,
}

impl Headers {
    /// Records one header line (`Name: value`, without prefix or line end).
    /// Returns false if the line is not header-shaped.
    pub(crate) fn add(&mut self, line: &[u8]) -> bool {
        let Some(colon) = memchr::memchr(b':', line) else { return false };
        let (name, value) = line.split_at(colon);
        let name = name.trim_ascii();
        let value = value.get(1..).unwrap_or_default().trim_ascii();
        // RFC 3261 §25.1: a header name is a token.
        if name.is_empty()
            || !name.iter().all(|b| b.is_ascii_alphanumeric() || b"-.!%*_+`'~".contains(b))
        {
            return false;
        }
        let is = |full: &[u8], compact: &[u8]| {
            name.eq_ignore_ascii_case(full) || name.eq_ignore_ascii_case(compact)
        };
        if is(b"Call-ID", b"i") {
            let id = value.get(..value.len().min(MAX_CALL_ID)).unwrap_or_default();
            self.call_id = Some(String::from_utf8_lossy(id).into_owned());
        } else if is(b"Content-Type", b"c") {
            let media = value.split(|b| *b == b';').next().unwrap_or_default().trim_ascii();
            let media = media.get(..media.len().min(128)).unwrap_or_default();
            self.content_type = Some(String::from_utf8_lossy(media).to_ascii_lowercase());
        } else if is(b"Content-Length", b"l") {
            self.content_length = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok());
        } else if name.eq_ignore_ascii_case(b"CSeq") {
            let method = value.split(|b| *b == b' ' || *b == b'\t').rfind(|t| !t.is_empty());
            self.cseq_method = method
                .filter(|m| m.len() <= MAX_METHOD)
                .map(|m| String::from_utf8_lossy(m).into_owned());
        }
        true
    }

    /// Whether a body of this message may be (or contain) an SDP.
    pub(crate) fn may_hold_sdp(&self) -> bool {
        if self.content_length == Some(0) {
            return false;
        }
        match self.content_type.as_deref() {
            None => true,
            Some(t) => t == "application/sdp" || t.starts_with("multipart/"),
        }
    }
}

/// Parses a SIP start line. `line` has no line ending; `marker` is where
/// `SIP/2.0` starts in it. Returns the length of the log prefix before the
/// line and the message.
pub(crate) fn parse_start_line(line: &[u8], marker: usize) -> Option<(usize, SipMessage)> {
    let after = line.get(marker + 7..)?;
    if let Some(status) = after.strip_prefix(b" ") {
        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase.
        let code = status.get(..3)?;
        if !code.iter().all(u8::is_ascii_digit) || status.get(3).is_some_and(|b| *b != b' ') {
            return None;
        }
        let prefix = line.get(..marker)?;
        if !prefix_boundary(prefix) {
            return None;
        }
        let status = std::str::from_utf8(code).ok()?.parse().ok()?;
        return Some((marker, SipMessage::Response { status, method: None }));
    }
    // Request-Line = Method SP Request-URI SP SIP-Version, ending the line.
    if !after.trim_ascii_end().is_empty() {
        return None;
    }
    let head = line.get(..marker)?.strip_suffix(b" ")?;
    let uri_start = memchr::memrchr(b' ', head)? + 1;
    let uri = head.get(uri_start..)?;
    if uri.is_empty() || !uri.contains(&b':') {
        return None;
    }
    let head = head.get(..uri_start - 1)?;
    let method_len =
        head.iter().rev().take_while(|b| b.is_ascii_uppercase() || **b == b'-').count();
    if !(2..=MAX_METHOD).contains(&method_len) {
        return None;
    }
    let prefix_len = head.len() - method_len;
    if !prefix_boundary(head.get(..prefix_len)?) {
        return None;
    }
    let method = String::from_utf8_lossy(head.get(prefix_len..)?).into_owned();
    Some((prefix_len, SipMessage::Request { method }))
}

/// A log prefix is empty or ends at a word boundary (`...c: INVITE`), so
/// `XINVITE` or `xSIP/2.0` are not start lines.
fn prefix_boundary(prefix: &[u8]) -> bool {
    prefix.last().is_none_or(|b| !super::role::is_word(*b))
}

/// Which side made the pending offer of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// The offer was in a request (INVITE, UPDATE, PRACK).
    Request,
    /// The offer was in a response (2xx/18x to an INVITE without SDP).
    Response,
}

/// The offer/answer state of one call.
#[derive(Debug, Clone, Copy, Default)]
struct CallState {
    /// The last INVITE of the call carried no SDP (RFC 3261 §13.2.1).
    invite_offerless: bool,
    /// Who made the current offer, if one was made.
    offer: Option<Side>,
    /// Whether the current offer was answered.
    answered: bool,
}

/// Offer/answer state per Call-ID, bounded to [`MAX_CALLS`] calls.
#[derive(Debug, Default)]
pub(crate) struct Calls {
    states: HashMap<String, (u64, CallState)>,
    /// Call-IDs in the order they were first seen, with a generation so a
    /// forgotten and re-seen call is not evicted by its stale entry.
    order: VecDeque<(String, u64)>,
    generation: u64,
    /// Never used in practice: see [`Calls::state`].
    scratch: CallState,
}

impl Calls {
    fn state(&mut self, call_id: &str) -> &mut CallState {
        if !self.states.contains_key(call_id) {
            while self.states.len() >= MAX_CALLS {
                let Some((old, generation)) = self.order.pop_front() else { break };
                if self.states.get(&old).is_some_and(|(g, _)| *g == generation) {
                    self.states.remove(&old);
                }
            }
            self.generation += 1;
            self.order.push_back((call_id.to_owned(), self.generation));
            self.states.insert(call_id.to_owned(), (self.generation, CallState::default()));
        }
        // Looked up by `&str`: a trace names each call many times, and the
        // key is copied only when the call is new. The entry is there now;
        // the scratch state only keeps this free of a panic path.
        match self.states.get_mut(call_id) {
            Some((_, state)) => state,
            None => &mut self.scratch,
        }
    }

    /// The role of the SDP carried by `message` in call `call_id`, updating
    /// the call's state.
    pub(crate) fn role_of_sdp(&mut self, call_id: &str, message: &SipMessage) -> Option<Role> {
        let state = self.state(call_id);
        match message {
            SipMessage::Request { method } => match method.as_str() {
                "ACK" | "PRACK" if state.offer == Some(Side::Response) && !state.answered => {
                    state.answered = true;
                    Some(Role::Answer)
                }
                "INVITE" | "UPDATE" | "PRACK" => {
                    if method == "INVITE" {
                        state.invite_offerless = false;
                    }
                    state.offer = Some(Side::Request);
                    state.answered = false;
                    Some(Role::Offer)
                }
                // RFC 3261 §13.2.1: an ACK may only carry the answer to an
                // offer made in a response, and other ACK bodies are
                // ignored; other methods do not negotiate media.
                _ => None,
            },
            SipMessage::Response { status, method } => {
                if *status >= 300 || *status < 101 {
                    return None;
                }
                let method = method.as_deref();
                if !matches!(method, None | Some("INVITE" | "UPDATE" | "PRACK")) {
                    // 200 OK to OPTIONS lists capabilities: not offer/answer.
                    return None;
                }
                match state.offer {
                    Some(Side::Request) => {
                        // 183 then 200 both carry the answer (RFC 6337 §3.1).
                        state.answered = true;
                        Some(Role::Answer)
                    }
                    // The offer repeated in a 200 after a reliable 18x.
                    Some(Side::Response) => Some(Role::Offer),
                    None if state.invite_offerless && matches!(method, None | Some("INVITE")) => {
                        state.offer = Some(Side::Response);
                        state.answered = false;
                        Some(Role::Offer)
                    }
                    // The INVITE was not in the trace: a response body is
                    // far more often an answer.
                    None => {
                        state.answered = true;
                        Some(Role::Answer)
                    }
                }
            }
        }
    }

    /// Records that a message of the call ended with no SDP.
    pub(crate) fn no_sdp(&mut self, call_id: &str, message: &SipMessage) {
        if matches!(message, SipMessage::Request { method } if method == "INVITE") {
            let state = self.state(call_id);
            state.invite_offerless = true;
            state.offer = None;
            state.answered = false;
        }
    }

    /// Calls remembered now.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.states.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(m: &str) -> SipMessage {
        SipMessage::Request { method: m.into() }
    }
    fn response(status: u16, m: &str) -> SipMessage {
        SipMessage::Response { status, method: Some(m.into()) }
    }

    #[test]
    fn start_lines_with_and_without_prefix() {
        let line = b"INVITE sip:bob@example.com SIP/2.0";
        assert_eq!(parse_start_line(line, 27), Some((0, request("INVITE"))));
        let line = b"[Nov 22 10:15:01] VERBOSE[1] x.c: ACK sip:1.2.3.4:5060;transport=udp SIP/2.0";
        let at = line.len() - 7;
        assert_eq!(parse_start_line(line, at).map(|(p, _)| p), Some(34));
        assert!(matches!(
            parse_start_line(b"SIP/2.0 183 Session Progress", 0),
            Some((0, SipMessage::Response { status: 183, .. }))
        ));
        assert_eq!(parse_start_line(b"Via: SIP/2.0/UDP 192.0.2.1", 5), None);
        assert_eq!(parse_start_line(b"xINVITE sip:a@b SIP/2.0", 16), None);
        assert_eq!(parse_start_line(b"SIP/2.0 2000 OK", 0), None);
    }

    #[test]
    fn compact_headers() {
        let mut h = Headers::default();
        assert!(h.add(b"i: 77@host"));
        assert!(h.add(b"c: application/SDP"));
        assert!(h.add(b"l: 120"));
        assert!(h.add(b"CSeq: 2 INVITE"));
        assert!(!h.add(b"v=0"));
        assert_eq!(h.call_id.as_deref(), Some("77@host"));
        assert_eq!(h.content_type.as_deref(), Some("application/sdp"));
        assert_eq!(h.content_length, Some(120));
        assert_eq!(h.cseq_method.as_deref(), Some("INVITE"));
        assert!(h.may_hold_sdp());
    }

    #[test]
    fn offer_answer_roles() {
        let mut calls = Calls::default();
        assert_eq!(calls.role_of_sdp("a", &request("INVITE")), Some(Role::Offer));
        assert_eq!(calls.role_of_sdp("a", &response(183, "INVITE")), Some(Role::Answer));
        assert_eq!(calls.role_of_sdp("a", &response(200, "INVITE")), Some(Role::Answer));
        // Late offer: INVITE without SDP, offer in the 200, answer in the ACK.
        calls.no_sdp("b", &request("INVITE"));
        assert_eq!(calls.role_of_sdp("b", &response(200, "INVITE")), Some(Role::Offer));
        assert_eq!(calls.role_of_sdp("b", &request("ACK")), Some(Role::Answer));
        assert_eq!(calls.role_of_sdp("b", &request("ACK")), None);
        assert_eq!(calls.role_of_sdp("c", &response(200, "OPTIONS")), None);
        assert_eq!(calls.role_of_sdp("c", &response(488, "INVITE")), None);
    }

    #[test]
    fn call_table_is_bounded() {
        let mut calls = Calls::default();
        for i in 0..(MAX_CALLS * 3) {
            calls.role_of_sdp(&i.to_string(), &request("INVITE"));
        }
        assert!(calls.len() <= MAX_CALLS);
        assert!(calls.order.len() <= MAX_CALLS + 1);
    }
}
