//! Offer/answer pairing of extracted SDPs: [`pairs`] for a whole input,
//! [`Pairer`] for a stream. The rule is documented on [`pairs`].

use std::collections::{HashMap, VecDeque};

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
    /// Latest offer index per group (`None` is the input's own group).
    offers: HashMap<Option<String>, usize>,
    /// Groups in first-seen order, for eviction.
    order: VecDeque<Option<String>>,
    /// SDPs pushed so far.
    seen: usize,
    /// The first two SDPs' facts, for the unknown-role rule.
    first: [Option<Plain>; 2],
}

/// What the unknown-role rule needs to know of an SDP.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Plain {
    index: usize,
    role: Option<Role>,
    group: Option<String>,
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
        if let Some(slot) = self.first.get_mut(self.seen) {
            *slot = Some(Plain {
                index,
                role: sdp.role,
                group: sdp.group.clone(),
                session_id: sdp.session_id().map(<[u8]>::to_vec),
            });
        }
        self.seen += 1;
        match sdp.role? {
            Role::Offer => {
                if !self.offers.contains_key(&sdp.group) {
                    while self.offers.len() >= MAX_GROUPS {
                        let Some(old) = self.order.pop_front() else { break };
                        self.offers.remove(&old);
                    }
                    self.order.push_back(sdp.group.clone());
                }
                self.offers.insert(sdp.group.clone(), index);
                None
            }
            Role::Answer => self.offers.get(&sdp.group).copied(),
        }
    }

    /// After the last SDP: the pair the unknown-role rule allows, if any.
    pub fn finish(&self) -> Option<(usize, usize)> {
        if self.seen != 2 {
            return None;
        }
        let [Some(a), Some(b)] = &self.first else { return None };
        let plain = a.role.is_none()
            && b.role.is_none()
            && a.group == b.group
            && matches!((&a.session_id, &b.session_id), (Some(x), Some(y)) if x != y);
        plain.then_some((a.index, b.index))
    }
}

/// Every offer/answer pair among `sdps` (one input's SDPs, in input order),
/// as `(offer index, answer index)`, ordered by answer.
///
/// The rule, in order of strength:
///
/// 1. **Known roles.** Within one group (a SIP Call-ID, a webrtc-internals
///    connection id, or the input as a whole when there is none), an answer
///    is paired with the most recent offer before it. A later offer in the
///    group replaces the earlier one (webrtc-internals logs the offer at
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
    let mut pairer = Pairer::new();
    let mut out: Vec<(usize, usize)> = sdps
        .iter()
        .enumerate()
        .filter_map(|(i, sdp)| pairer.push(i, sdp).map(|offer| (offer, i)))
        .collect();
    out.extend(pairer.finish());
    out
}
