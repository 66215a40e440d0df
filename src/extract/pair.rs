//! Offer/answer pairing of extracted SDPs: [`pairs`] for a whole input,
//! [`Pairer`] for a stream. The rule is documented on [`pairs`].

use std::collections::{HashMap, HashSet, VecDeque};

use super::{ExtractedSdp, Role};

/// Groups whose latest offer is remembered; the oldest is forgotten first.
pub(crate) const MAX_GROUPS: usize = 4096;

/// Pairs SDPs as they stream by, with bounded memory.
///
/// ```
/// use sdpcheck::extract::{extract, Pairer};
/// let log = br#"{"type":"offer","sdp":"v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n"}
/// {"type":"answer","sdp":"v=0\r\no=- 2 1 IN IP4 0.0.0.0\r\n"}"#;
/// let found = extract(log, &sdpcheck::Limits::default());
/// let mut pairer = Pairer::new();
/// assert_eq!(pairer.push(0, &found.sdps[0]), None);
/// assert_eq!(pairer.push(1, &found.sdps[1]), Some(0));
/// assert_eq!(pairer.finish(), None);
/// ```
#[derive(Debug, Default)]
pub struct Pairer {
    /// Latest offer per session.
    offers: HashMap<Key, Offer>,
    /// Sessions in first-seen order, for eviction.
    order: VecDeque<Key>,
    /// Sessions whose latest offer has no answer yet.
    open: HashSet<Key>,
    /// The session of the latest offer.
    latest: Option<Key>,
    /// SDPs pushed so far.
    seen: usize,
    /// The first two SDPs' facts, for the unknown-role rule.
    first: [Option<Plain>; 2],
    /// Answers given no offer.
    unpaired: usize,
    /// Offers forgotten (past [`MAX_GROUPS`] sessions) before any answer.
    dropped: usize,
}

/// A session, as the pairer keys it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// The descriptions whose input names no session.
    Unnamed,
    /// A session key ([`ExtractedSdp::session`]).
    Named(String),
}

/// A session's latest offer.
#[derive(Debug, Clone, Copy)]
struct Offer {
    index: usize,
    answered: bool,
}

/// What the unknown-role rule needs to know of an SDP.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Plain {
    index: usize,
    role: Option<Role>,
    session: Option<String>,
    session_id: Option<Vec<u8>>,
}

impl Pairer {
    /// A pairer with nothing seen.
    pub fn new() -> Self {
        Pairer::default()
    }

    /// Takes the next SDP (`index` is its position in the input's list).
    /// Returns the index of the offer it answers, if any.
    pub fn push(&mut self, index: usize, sdp: &ExtractedSdp<'_>) -> Option<usize> {
        self.push_keyed(index, sdp.role, sdp.session.as_deref(), sdp.session_id())
    }

    /// Takes the next description by its facts: its role, the session key
    /// it belongs to (what [`ExtractedSdp::session`] holds; a caller with
    /// its own dialog facts, such as a packet capture's Call-ID, supplies
    /// it here) and its `o=` session id. Returns the index of the offer it
    /// answers, if any.
    pub fn push_keyed(
        &mut self,
        index: usize,
        role: Option<Role>,
        session: Option<&str>,
        o_session_id: Option<&[u8]>,
    ) -> Option<usize> {
        if let Some(slot) = self.first.get_mut(self.seen) {
            *slot = Some(Plain {
                index,
                role,
                session: session.map(str::to_owned),
                session_id: o_session_id.map(<[u8]>::to_vec),
            });
        }
        self.seen += 1;
        let key = session.map_or(Key::Unnamed, |s| Key::Named(s.to_owned()));
        match role? {
            Role::Offer => {
                self.offer(key, index);
                None
            }
            Role::Answer => {
                let found = self.answer_session(&key);
                let offer = found.and_then(|k| {
                    self.open.remove(&k);
                    let offer = self.offers.get_mut(&k)?;
                    offer.answered = true;
                    Some(offer.index)
                });
                if offer.is_none() {
                    self.unpaired += 1;
                }
                offer
            }
        }
    }

    /// Records an offer: it replaces the session's earlier one (a re-offer).
    fn offer(&mut self, key: Key, index: usize) {
        if !self.offers.contains_key(&key) {
            while self.offers.len() >= MAX_GROUPS {
                let Some(old) = self.order.pop_front() else { break };
                if self.offers.remove(&old).is_some_and(|o| !o.answered) {
                    self.dropped += 1;
                }
                self.open.remove(&old);
            }
            self.order.push_back(key.clone());
        }
        self.offers.insert(key.clone(), Offer { index, answered: false });
        self.open.insert(key.clone());
        self.latest = Some(key);
    }

    /// The session whose offer an answer of session `key` answers.
    fn answer_session(&self, key: &Key) -> Option<Key> {
        if *key != Key::Unnamed && self.offers.contains_key(key) {
            return Some(key.clone());
        }
        // Without a key on both sides, the nearest offer, and only when no
        // other session waits for an answer: a guess across open sessions
        // would check the answer against the wrong offer.
        let lone = (self.open.len() == 1).then(|| self.open.iter().next().cloned()).flatten();
        match (key, lone) {
            (Key::Named(_), Some(Key::Unnamed)) => Some(Key::Unnamed),
            (Key::Unnamed, Some(open)) => Some(open),
            (Key::Unnamed, None) if self.open.is_empty() => {
                self.latest.clone().filter(|k| self.offers.contains_key(k))
            }
            _ => None,
        }
    }

    /// Answers pushed so far that were given no offer.
    pub fn unpaired(&self) -> usize {
        self.unpaired
    }

    /// Offers forgotten before any answer came (more sessions at once than
    /// the pairer keeps).
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// After the last SDP: the pair the unknown-role rule allows, if any.
    pub fn finish(&self) -> Option<(usize, usize)> {
        if self.seen != 2 {
            return None;
        }
        let [Some(a), Some(b)] = &self.first else { return None };
        let plain = a.role.is_none()
            && b.role.is_none()
            && a.session == b.session
            && matches!((&a.session_id, &b.session_id), (Some(x), Some(y)) if x != y);
        plain.then_some((a.index, b.index))
    }
}

/// The pairing of one input's SDPs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Pairing {
    /// `(offer index, answer index)`, ordered by answer.
    pub pairs: Vec<(usize, usize)>,
    /// Answers given no offer: none in their session (or, without a
    /// session key, more than one session waiting).
    pub unpaired: Vec<usize>,
}

/// The pairs among `sdps` and the answers left unpaired (see [`pairs`]).
pub fn pairing(sdps: &[ExtractedSdp<'_>]) -> Pairing {
    let mut pairer = Pairer::new();
    let mut out = Pairing::default();
    for (i, sdp) in sdps.iter().enumerate() {
        match pairer.push(i, sdp) {
            Some(offer) => out.pairs.push((offer, i)),
            None if sdp.role == Some(Role::Answer) => out.unpaired.push(i),
            None => {}
        }
    }
    out.pairs.extend(pairer.finish());
    out
}

/// Every offer/answer pair among `sdps` (one input's SDPs, in input order),
/// as `(offer index, answer index)`, ordered by answer.
///
/// The rule, in order of strength:
///
/// 1. **Known roles.** Within one session ([`ExtractedSdp::session`]: a SIP
///    Call-ID, a webrtc-internals connection id, a Janus handle, a `LiveKit`
///    participant's transport, a verto call), an answer is paired with the
///    most recent offer before it, never with another session's. An answer
///    without a session key (or whose session made no offer, when the
///    offers carry no key) takes the nearest offer only when no other
///    session waits for an answer. A later offer in the
///    session replaces the earlier one (webrtc-internals logs the offer at
///    `createOfferOnSuccess` and again at `setLocalDescription`: the one
///    applied is the later). One offer may be answered more than once: the
///    183 and the 200 of an INVITE both carry its answer, and both are
///    checked against it. An answer with no offer before it is not paired.
/// 2. **Unknown roles** (raw SDP blocks) pair only when the order is plain:
///    the whole input holds exactly two SDPs, neither has a role, both are
///    in the same group, and their `o=` session ids differ (the same id
///    would be one endpoint's re-offer, not an answer). Anything else is
///    checked one SDP at a time: a wrong pair would report codec mismatches
///    that do not exist.
///
/// ```
/// let trace = b"INVITE sip:b@example.com SIP/2.0\r\nCall-ID: 1\r\n\r\n\
/// v=0\r\no=a 1 1 IN IP4 192.0.2.1\r\n\r\n\
/// SIP/2.0 200 OK\r\nCall-ID: 1\r\nCSeq: 1 INVITE\r\n\r\n\
/// v=0\r\no=b 2 1 IN IP4 192.0.2.2\r\n";
/// let found = sdpcheck::extract::extract(trace, &sdpcheck::Limits::default());
/// assert_eq!(sdpcheck::extract::pairs(&found.sdps), [(0, 1)]);
/// ```
pub fn pairs(sdps: &[ExtractedSdp<'_>]) -> Vec<(usize, usize)> {
    pairing(sdps).pairs
}
