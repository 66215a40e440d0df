"""Themes and reasons for the disagreements predict.py finds (known-differences.toml).

Every disagreement gets a theme and a reason: first by what the stack said
(when it refused and sdpcheck saw no error), else by sdpcheck's error rules
(when sdpcheck saw an error and the stack answered 200). A disagreement no
theme explains gets the generic reason, which names the stack's response, so
nothing is listed without one.
"""

import re

# (pattern on the stack's response, theme, pattern on the fixture path or None, reason) for "stack refuses, sdpcheck silent".
STACK_THEMES = [
    (r"BYE after ACK", "stand-in offer", None,
     "delayed offer: the stack's own offer (RTP/AVP with best-effort SDES) stands in for the fixture's "
     "real offer, and pjsip ends the call (BYE, Reason cause=488) when the fixture answers RTP/SAVP with a "
     "suite or tag its offer did not carry: the stand-in's doing, not a fault of the answer alone."),
    (r"^488 ", "all streams rejected", re.compile(r"port_zero|rejected_avp"),
     "the offer's only stream is already rejected (port 0): nothing is left to accept and the stack "
     "answers 488 (pjsip aborts on one of them, see 'pjsip aborts'). RFC 3264 §6 allows accepting zero "
     "streams; the stacks do not. The all-streams-rejected rule of issue 18 part 4 will predict it."),
    (r"^488 ", "port count", re.compile(r"port_count"),
     "baresip answers 488 to an m= line with a port count (`49170/2`, RFC 8866 §5.14: legal SDP); "
     "a baresip-only refusal, to be a per-stack verdict (issue 18 part 3)."),
    (r"exited with status -6", "pjsip aborts", None,
     "pjsip 2.15.1 (this wheel has assertions on) aborts in sdp_neg.c create_answer "
     "(`status==PJ_SUCCESS`) on an offer whose only stream is port 0 with no c=: no response at all. "
     "A stack bug; sdpcheck's all-streams-rejected rule (issue 18 part 4) will cover the offer."),
    (r"PJMEDIA_SDP_EINORIGIN", "pjsip o= limits", None,
     "pjsip parses o= sess-id/sess-version as 64-bit numbers and answers 400 Bad SDP "
     "(Invalid SDP origin line) to a longer one; RFC 8866 §5.2 allows any digit string. Deferred to the "
     "per-stack `stacks` verdicts (issue 18 part 3): a pjsip-only refusal, not a universal error."),
    (r"PJMEDIA_SDP_EINCONN", "pjsip c= limits", None,
     "pjsip answers 400 Bad SDP (Invalid SDP connection line) to an IPv4 multicast c= with a TTL "
     "(`/127`, RFC 8866 §5.7); legal SDP, refused by pjsip only: a per-stack verdict (issue 18 part 3)."),
    (r"Unable to create media session", "pjsip media session", None,
     "pjsip negotiates the SDP but cannot create the media session for a connection address it "
     "cannot use here (an FQDN it does not resolve, or IPv6 with an IPv4-only media transport): "
     "488 Unable to create media session. Depends on the stack's network setup, not on the SDP's validity."),
    (r"^406 ", "unsupported crypto suite", None,
     "pjsip answers 406 Not Acceptable to an RTP/SAVP offer whose only crypto suite it does not "
     "support (AEAD_AES_256_GCM is not in this build); the unsupported-crypto-suite rule of issue 18 "
     "part 4 is not written yet."),
    (r"PJMEDIA_SDPNEG_NOANSCODEC|^488 Not Acceptable Here$", "answerer's codec set", None,
     "the offer has no codec in this configuration's set (e.g. only G729, or a dynamic codec the stack "
     "lacks), or only rejected streams: the stack answers 488. sdpcheck judges the offer alone and does "
     "not know the answerer's codecs beyond --require-codec; point 6 (negotiation against the "
     "configuration's codec set) and the all-streams-rejected rule of issue 18 part 4 will cover it."),
    (r"^500 Call Error", "baresip 500", None,
     "baresip answers 500 Call Error where it cannot decode the SDP; "
     "a baresip-only refusal, to be recorded as a per-stack verdict (issue 18 part 3)."),
]

# (sdpcheck rule code, theme, reason) for "sdpcheck errors, stack answers 200".
RULE_THEMES = {
    "SDP0001": ("syntax leniency", "the stack's SDP parser skips or tolerates a line that is not `<type>=<value>`"),
    "SDP0002": ("syntax leniency", "the stack ignores an unknown line type"),
    "SDP0003": ("syntax leniency", "the stack does not enforce RFC 8866 §5's line order"),
    "SDP0004": ("syntax leniency", "the stack does not require every mandatory line (v=, o=, s=, t=)"),
    "SDP0005": ("syntax leniency", "the stack keeps one of two duplicated session-level lines"),
    "SDP0007": ("syntax leniency", "the stack does not validate this field's grammar"),
    "SDP0008": ("syntax leniency", "the stack reads a number it does not need, or reads it leniently"),
    "SDP0009": ("syntax leniency", "the stack accepts a number out of the grammar's range (port, payload type, rtpmap)"),
    "SDP0010": ("syntax leniency", "the stack ignores an attribute value it cannot parse"),
    "SDP0011": ("syntax leniency", "the stack accepts an empty s="),
    "SDP0012": ("syntax leniency", "the stack treats a lone CR as a line end or ignores it"),
    "SDP0013": ("syntax leniency", "the stack does not check UTF-8"),
    "SDP0014": ("syntax leniency", "the stack stops or skips at a NUL byte"),
    "SDP0015": ("syntax leniency", "the stack skips a blank line"),
    "SDP0017": ("sdpcheck limits", "sdpcheck's own input limit (HOSTILE-INPUT.md), not a stack's"),
    "SDP2001": ("missing c=", "baresip answers 200 to a stream with no c= (it falls back to the signalling "
                "address) where pjsip answers 400; a per-stack verdict (issue 18 part 3)"),
    "SDP2006": ("SDES", "baresip (mediaenc=srtp) answers an RTP/SAVP stream without a=crypto with its own "
                "key instead of refusing it (RFC 4568 §7.1.1 leaves the offerer without keys)"),
    "SDP2007": ("static payload type remapped", "both stacks read a static payload type (8) as PCMA whatever "
                "its a=rtpmap says and answer 200 with PCMA/8000; the media then mismatch. sdpcheck keeps the "
                "error (RFC 3551 §6 static types are fixed, the call is broken), but the 488 it implies is not "
                "what the stacks send"),
    "SDP2009": ("static payload type remapped", "both stacks read payload type 8 as PCMA/8000 whatever "
                "clock rate or channels its a=rtpmap gives, and answer 200 with PCMA/8000; the error stays "
                "for the media mismatch, the refusal it implies is not measured"),
    "SDP3004": ("ICE attribute details", "SIP stacks without ICE here ignore a=candidate entirely"),
    "SDP3010": ("mid and BUNDLE", "the SIP stacks ignore a=mid (no BUNDLE), duplicates included"),
    "SDP3013": ("missing rtpmap", "the stack ignores a dynamic payload type with no a=rtpmap and answers "
                "with the codecs it does know"),
    "SDP3015": ("duplicate rtpmap", "the stack keeps one of two a=rtpmap lines for a payload type"),
    "SDP3016": ("static payload type remapped", "both stacks read payload type 8 as PCMA whatever its "
                "a=rtpmap says"),
    "SDP3017": ("codec parameters", "the stack accepts the unusual codec parameters (G722/16000, opus "
                "mono, stereo G.711) by ignoring or normalising them"),
}

GENERIC = "sdpcheck's prediction differs from the measured stack; to be reviewed with the per-stack rules of issue 18"


def classify(d):
    if d["stack_rejects"]:
        for pattern, theme, fixture, reason in STACK_THEMES:
            if re.search(pattern, d["stack_says"]) and (fixture is None or fixture.search(d["fixture"])):
                return theme, reason
        return "other refusals", GENERIC
    rules = [e.split()[0] for e in d["sdpcheck_errors"]]
    for code in rules:
        if code in RULE_THEMES:
            theme, why = RULE_THEMES[code]
            return theme, (f"sdpcheck reports {', '.join(d['sdpcheck_errors'])}; {d['stack']} answers 200: {why}. "
                           "The error stays until findings carry per-stack verdicts (`stacks`).")
    return "other acceptances", GENERIC


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_known(disagreements, path):
    groups = {}
    for d in disagreements:
        theme, reason = classify(d)
        groups.setdefault(theme, []).append((d, reason))
    lines = [
        "# Disagreements between sdpcheck's prediction and a SIP stack's checked-in verdict",
        "# (conformance/verdicts/{pjsip,baresip}.json), grouped by theme.",
        "# Generated by: python3 conformance/sip/predict.py --sdpcheck target/release/sdpcheck --write-known",
        "# Entry format: conformance/README.md (shared with the browsers).",
        f"# {len(disagreements)} entries.",
        "",
    ]
    for theme in sorted(groups):
        lines.append(f"# ---- {theme} ({len(groups[theme])}) ----")
        lines.append("")
        for d, reason in sorted(groups[theme], key=lambda x: (x[0]["fixture"], x[0]["stack"], x[0]["mode"])):
            lines += [
                "[[difference]]",
                f"fixture = {toml_str(d['fixture'])}",
                f"stack = {toml_str(d['stack'])}",
                f"mode = {toml_str(d['mode'])}",
                f"theme = {toml_str(theme)}",
                f"stack_says = {toml_str(d['stack_says'] if d['stack_rejects'] else '200 (accepted)')}",
                f"reason = {toml_str(reason)}",
                "",
            ]
    with open(path, "w") as f:
        f.write("\n".join(lines))
