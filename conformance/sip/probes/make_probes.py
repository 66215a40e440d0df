"""Writes the probe SDPs of this directory (one fault each, issue 18 part 3).

    python conformance/sip/probes/make_probes.py

Each probe is a small valid SIP offer with one fault; `baseline*.sdp` are the
same shapes without the fault, so a refusal of a probe is the fault's doing.
"""

import base64
import os

HERE = os.path.dirname(os.path.abspath(__file__))
HEAD = ["v=0", "o=- 1001 1001 IN IP4 127.0.0.1", "s=probe", "c=IN IP4 127.0.0.1", "t=0 0"]
AUDIO = ["m=audio 40000 RTP/AVP 0 8 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000",
         "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16", "a=sendrecv"]


def savp(cryptos, fmts="0 8 101"):
    return ["m=audio 40000 RTP/SAVP " + fmts, "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16"] + cryptos + ["a=sendrecv"]


# RFC 4568 §6.2.1: AES_CM_128_HMAC_SHA1_80 keys are 16 bytes of key + 14 of salt.
K30 = base64.b64encode(bytes(range(1, 31))).decode()  # 30 bytes, 40 characters: right
K20 = base64.b64encode(bytes(range(1, 21))).decode()  # 20 bytes: too short
K46 = base64.b64encode(bytes(range(1, 47))).decode()  # 46 bytes (an AES-256 key): too long
assert len(K30) == 40

P = {}
P["baseline"] = HEAD + AUDIO
P["baseline-savp"] = HEAD + savp([f"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{K30}"])
# c= and o= network and address types (RFC 8866 §5.7, §5.2: IN with IP4/IP6).
ATM = "ATM NSAP 47.0091.8100.0000.0060.3e64.fd01"
P["c-nettype-atm"] = HEAD[:3] + [f"c={ATM}", "t=0 0"] + AUDIO
P["c-addrtype-ip5"] = HEAD[:3] + ["c=IN IP5 127.0.0.1", "t=0 0"] + AUDIO
P["c-media-addrtype-ip5"] = HEAD[:3] + ["t=0 0"] + AUDIO[:1] + ["c=IN IP5 127.0.0.1"] + AUDIO[1:]
P["o-nettype-atm"] = ["v=0", f"o=- 1001 1001 {ATM}"] + HEAD[2:] + AUDIO
P["o-addrtype-ip5"] = ["v=0", "o=- 1001 1001 IN IP5 127.0.0.1"] + HEAD[2:] + AUDIO
# SDES (RFC 4568 §9.1: a tag is unique among a media line's crypto attributes).
P["crypto-duplicate-tag"] = HEAD + savp([f"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{K30}",
                                         f"a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:{K30}"])
P["crypto-key-short"] = HEAD + savp([f"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{K20}"])
P["crypto-key-long"] = HEAD + savp([f"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{K46}"])
P["crypto-unknown-suite"] = HEAD + savp([f"a=crypto:1 AES_CM_512_HMAC_SHA9_80 inline:{K30}"])
P["crypto-f8-suite"] = HEAD + savp([f"a=crypto:1 F8_128_HMAC_SHA1_80 inline:{K30}"])
P["crypto-unknown-and-known"] = HEAD + savp([f"a=crypto:1 AES_CM_512_HMAC_SHA9_80 inline:{K30}",
                                             f"a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:{K30}"])
# A static audio payload type on m=video (RFC 3551 §6: PT 0 is PCMU, audio).
P["video-static-audio-pt"] = HEAD + AUDIO + ["m=video 40002 RTP/AVP 0", "a=sendrecv"]
P["video-only-static-audio-pt"] = HEAD + ["m=video 40002 RTP/AVP 0", "a=sendrecv"]
# Media-level attributes written at session level (IANA SDP registry usage levels).
for attr in ["rtcp-mux", "mid:a1", "msid:stream track", "ssrc-group:FID 1 2", "ptime:20"]:
    P["session-level-" + attr.split(":")[0]] = HEAD + [f"a={attr}"] + AUDIO
# Offers whose every stream the answerer must reject, and one with no stream at all.
P["only-video-h264"] = HEAD + ["m=video 40002 RTP/AVP 96", "a=rtpmap:96 H264/90000", "a=sendrecv"]
P["only-unknown-codec"] = HEAD + ["m=audio 40000 RTP/AVP 96", "a=rtpmap:96 FOOBAR/8000", "a=sendrecv"]
P["only-image-t38"] = HEAD + ["m=image 40004 udptl t38"]
P["no-m-line"] = HEAD
# The G.711 A-law trunk policy.
TE = ["a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16", "a=sendrecv"]
P["no-pcma"] = HEAD + ["m=audio 40000 RTP/AVP 0 101", "a=rtpmap:0 PCMU/8000"] + TE
P["pcma-not-first"] = HEAD + AUDIO
P["pcma-last-after-g722-pcmu"] = HEAD + ["m=audio 40000 RTP/AVP 9 0 8 101", "a=rtpmap:9 G722/8000",
                                         "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000"] + TE
P["pcma-first"] = HEAD + ["m=audio 40000 RTP/AVP 8 0 101", "a=rtpmap:8 PCMA/8000",
                          "a=rtpmap:0 PCMU/8000"] + TE

for name, lines in P.items():
    with open(os.path.join(HERE, f"{name}.sdp"), "w", newline="") as f:
        f.write("\r\n".join(lines) + "\r\n")
