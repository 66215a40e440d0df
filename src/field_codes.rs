//! What each platform error code means, for `sdpcheck explain <CODE>`.
//!
//! The facts come from the platforms' public documentation and RFC 3261;
//! the words are ours. Which rules report a code is not written here: it is
//! read from the registry, so it cannot go stale.

use crate::registry::FieldCode;

/// The explanation of one field code.
#[derive(Debug, Clone, Copy)]
pub struct FieldCodeDoc {
    /// The platform's name for it.
    pub title: &'static str,
    /// What the platform means, in a paragraph.
    pub meaning: &'static str,
    /// The usual causes found in the SDP, one per item.
    pub causes: &'static [&'static str],
    /// How to fix it, in a paragraph.
    pub fix: &'static str,
}

impl FieldCode {
    /// The code's documentation.
    pub fn doc(self) -> FieldCodeDoc {
        match self {
            FieldCode::Twilio32009 => FieldCodeDoc {
                title: "SDP negotiation failed (as troubleshooting guides use it)",
                meaning: "Two meanings circulate, and both are worth knowing. Troubleshooting guides, forums \
and most of our users know 32009 as \"SDP negotiation failed\": the call was set up but the two sides' \
session descriptions could not be made to work (codec mismatch, malformed SDP, missing c= or m= lines, \
ICE/NAT trouble), and that is how sdpcheck uses it. Twilio's own error dictionary words 32009 \
differently, as a SIP-domain failure (it sits among the SIP Domain / registration errors). If you saw \
32009 next to a SIP registration, read Twilio's dictionary entry; if you saw it on a call that rang and \
then failed to carry media, the SDP is the place to look.",
                causes: &[
                    "a line that is not valid SDP (malformed field, attribute, number)",
                    "no c= line for a live media section, or no m= line at all",
                    "no codec in common between offer and answer",
                    "ICE or NAT problems: only host candidates, private addresses without ICE",
                ],
                fix: "Run sdpcheck on the offer and the answer from the failing call; fix every error it \
reports, starting with the first.",
            },
            FieldCode::Twilio53404 => FieldCodeDoc {
                title: "No supported codec",
                meaning: "Twilio Voice/Video SDKs: the intersection of the two sides' codecs is empty, so no \
media stream can be set up.",
                causes: &[
                    "the answer lists none of the offer's codecs",
                    "a SIP trunk that accepts only one codec (often PCMA) receives an offer without it",
                    "codec preferences on one side filtered everything the other side offered",
                ],
                fix: "Offer at least one codec the far end accepts (for G.711 trunks: PCMU and PCMA); \
check with `sdpcheck --offer ... --answer ...` and `--require-codec`.",
            },
            FieldCode::Sip488 => FieldCodeDoc {
                title: "SIP 488 Not Acceptable Here",
                meaning: "RFC 3261 §21.4.26: the far end was reached, but some aspect of the session \
description (media, codecs, transport, addressing) is not acceptable to it. The most common SIP answer \
to an SDP problem.",
                causes: &[
                    "no codec in common (an A-law only trunk receiving PCMU/opus)",
                    "a transport the far end does not speak (UDP/TLS/RTP/SAVPF to a plain RTP/AVP trunk)",
                    "SRTP required or refused (RTP/SAVP without a=crypto)",
                    "the answer picks a codec that was never offered",
                ],
                fix: "Match the far end's policy: offer its codec first, use its transport profile, and \
keep answers within what was offered.",
            },
            FieldCode::Sip415 => FieldCodeDoc {
                title: "SIP 415 Unsupported Media Type",
                meaning: "RFC 3261 §21.4.13: the request's body is in a format the far end does not support. \
Strictly about the body's Content-Type, but many carriers and PBXes send 415 when no offered codec is \
supported.",
                causes: &[
                    "the required codec (often PCMA) is missing from the offer",
                    "the body is not application/sdp",
                ],
                fix: "Offer the codec the far end requires (`--require-codec pcma` checks it) and send the \
body as application/sdp.",
            },
            FieldCode::Telnyx40004 => FieldCodeDoc {
                title: "Telnyx SDP_SET_REMOTE_DESCRIPTION_FAILED",
                meaning: "Telnyx WebRTC SDK: setRemoteDescription failed, because the browser (or the \
peer connection) refused the remote session description.",
                causes: &[
                    "a line the browser's parser refuses (malformed attribute, bad number, invalid line)",
                    "WebRTC requirements missing: a=fingerprint, a=ice-ufrag/a=ice-pwd, a=mid, a=rtcp-mux",
                    "a BUNDLE group naming an unknown mid, or duplicate mids",
                    "an answer that does not fit its offer (m-lines reordered or missing)",
                ],
                fix: "Check the remote description with `sdpcheck --profile webrtc`; every error it \
reports is a reason a browser may refuse it.",
            },
            FieldCode::Telnyx33005 => FieldCodeDoc {
                title: "Telnyx ONLY_HOST_ICE_CANDIDATES (warning)",
                meaning: "Telnyx WebRTC SDK warning: the description's ICE candidates are all host \
candidates, so the connection can only succeed when both sides can reach each other's local address.",
                causes: &[
                    "no STUN/TURN servers configured (iceServers empty)",
                    "the SDP was sent before ICE gathering found server-reflexive or relay candidates",
                    "a firewall blocking STUN/TURN",
                ],
                fix: "Configure STUN and TURN servers, and either wait for gathering to complete or use \
trickle ICE.",
            },
            FieldCode::Twilio32102 => FieldCodeDoc {
                title: "SIP: Bad SDP",
                meaning: "Twilio's error dictionary: a SIP message carried an SDP body Twilio could not parse \
or accept.",
                causes: &["a malformed line or attribute", "missing required lines (v= o= s= t=)"],
                fix: "Fix the syntax errors sdpcheck reports (rules SDP0001–SDP0017).",
            },
            FieldCode::Twilio53402 => FieldCodeDoc {
                title: "Client is unable to apply a remote media description",
                meaning: "Twilio Voice/Video SDKs: the browser refused the remote session description \
(setRemoteDescription failed). Often the SDP is valid RFC 8866 that a browser still refuses.",
                causes: &[
                    "a plain RTP/AVP description sent to a browser",
                    "missing DTLS fingerprint or ICE credentials",
                    "FQDN or multicast addresses where browsers need IP literals",
                ],
                fix: "Check the remote description with `sdpcheck --profile webrtc`.",
            },
        }
    }
}
