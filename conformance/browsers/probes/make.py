#!/usr/bin/env python3
"""Writes the probe SDPs of conformance/browsers/probes/ (issue 14).

Each probe is a small Chrome-shaped WebRTC offer (or answer) with exactly one
shape changed: a false-alarm or miss theme of issue 14, or one step of a
boundary search (o= numbers, mid length). `bash conformance/browsers/run.sh
--probes` applies them to both browsers and writes verdicts-<browser>.json
here; README.md lists what each probe asks. The probes are questions, not
fixtures: the answers feed fixtures and rules later.

    python3 conformance/browsers/probes/make.py      # rewrites *.sdp and README.md
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

UFRAG = "EjmN"
PWD = "cteVU3tSROEcGJNHy7nD4kex"
FP = ("sha-256 21:1E:3F:7F:84:08:82:0A:27:EC:8A:7A:7A:57:2B:A8:3F:B8:00:37:05:"
      "BD:B9:A7:68:FD:DB:38:1A:6C:88:1D")
STREAM = "187b793c-10a9-4f72-8ff1-d453bc81f5dd"


def session(o_id="3700161341553374508", o_ver="2", extra=()):
    return [f"v=0", f"o=- {o_id} {o_ver} IN IP4 127.0.0.1", "s=-", "t=0 0",
            *extra]


def transport(mid, setup="actpass"):
    lines = [f"a=ice-ufrag:{UFRAG}", f"a=ice-pwd:{PWD}", "a=ice-options:trickle",
             f"a=fingerprint:{FP}", f"a=setup:{setup}"]
    if mid is not None:
        lines.append(f"a=mid:{mid}")
    return lines


def audio(mid="0", pt="111", ssrc="3522164289", track="82b06f7d-e4fa-43ec-9560-c4c6000dbb6c",
          setup="actpass", port="9", c="c=IN IP4 0.0.0.0", extmaps=True, msid=True,
          proto="UDP/TLS/RTP/SAVPF", codecs=None):
    codecs = codecs or [(pt, "opus/48000/2", "minptime=10;useinbandfec=1"),
                        ("0", "PCMU/8000", None), ("126", "telephone-event/8000", None)]
    lines = [f"m=audio {port} {proto} {' '.join(p for p, _, _ in codecs)}"]
    if c:
        lines.append(c)
    lines += ["a=rtcp:9 IN IP4 0.0.0.0", *transport(mid, setup)]
    if extmaps:
        lines += ["a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                  "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                  "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid"]
    lines.append("a=sendrecv")
    if msid:
        lines.append(f"a=msid:{STREAM} {track}")
    lines += ["a=rtcp-mux", "a=rtcp-rsize"]
    for p, name, fmtp in codecs:
        lines.append(f"a=rtpmap:{p} {name}")
        if fmtp:
            lines.append(f"a=fmtp:{p} {fmtp}")
    if ssrc:
        lines += [f"a=ssrc:{ssrc} cname:OGYG04xy2BexPzZk",
                  f"a=ssrc:{ssrc} msid:{STREAM} {track}"]
    return lines


def video(mid="1", ssrcs=("1767862311", "1737988969"), track="f5d7b24d-2444-477d-86b4-21922b5d6172",
          setup="actpass", extra=(), group=True, port="9"):
    lines = [f"m=video {port} UDP/TLS/RTP/SAVPF 96 97", "c=IN IP4 0.0.0.0",
             "a=rtcp:9 IN IP4 0.0.0.0", *transport(mid, setup),
             "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
             "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
             "a=sendrecv", f"a=msid:{STREAM} {track}", "a=rtcp-mux", "a=rtcp-rsize",
             "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli",
             "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96", *extra]
    if ssrcs:
        if group:
            lines.append(f"a=ssrc-group:FID {' '.join(ssrcs)}")
        for s in ssrcs:
            lines += [f"a=ssrc:{s} cname:OGYG04xy2BexPzZk", f"a=ssrc:{s} msid:{STREAM} {track}"]
    return lines


def data(mid="2", extra=()):
    return ["m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0",
            *transport(mid), "a=sctp-port:5000", "a=max-message-size:262144", *extra]


def bundle(*mids):
    return [f"a=group:BUNDLE {' '.join(mids)}", "a=extmap-allow-mixed", "a=msid-semantic: WMS " + STREAM]


def sdp(*parts, eol="\r\n", final=True):
    lines = [l for p in parts for l in p]
    text = eol.join(lines)
    return text + eol if final else text


def replace(lines, old, new):
    """`lines` with every line equal to `old` replaced by `new` (a list)."""
    assert old in lines, old
    out = []
    for l in lines:
        out += new if l == old else [l]
    return out


def drop(lines, prefix):
    return [l for l in lines if not l.startswith(prefix)]


PROBES = []


def probe(name, text, what):
    PROBES.append((name, text, what))


def build():
    av = lambda **kw: sdp(session(extra=bundle("0", "1")), audio(), video(), **kw)  # noqa: E731
    probe("base-audio-video", av(), "control: a Chrome-shaped audio+video offer")
    probe("base-audio-video-data", sdp(session(extra=bundle("0", "1", "2")), audio(), video(), data()),
          "control: audio+video+data")

    # missing-mid
    probe("mid-missing-no-bundle", sdp(session(extra=["a=msid-semantic: WMS " + STREAM]),
                                       audio(mid=None), video(mid=None)),
          "no BUNDLE, no a=mid in either section")
    probe("mid-missing-collision", sdp(session(extra=["a=msid-semantic: WMS " + STREAM]),
                                       audio(mid=None), video(mid="0")),
          "no BUNDLE, section 0 has no mid, section 1 has a=mid:0 (a filled-in mid would collide)")
    probe("mid-missing-collision-1", sdp(session(extra=["a=msid-semantic: WMS " + STREAM]),
                                         audio(mid="1"), video(mid=None)),
          "no BUNDLE, section 0 a=mid:1, section 1 has no mid")
    # ICE tokens
    a = replace(audio(), f"a=ice-ufrag:{UFRAG}", ["a=ice-ufrag:Ej_N"])
    v = replace(video(), f"a=ice-ufrag:{UFRAG}", ["a=ice-ufrag:Ej_N"])
    probe("ice-ufrag-underscore", sdp(session(extra=bundle("0", "1")), a, v), "`_` in a=ice-ufrag")
    a = replace(audio(), "a=ice-options:trickle", ["a=ice-options:trickle google-ice"])
    probe("ice-options-dash", sdp(session(extra=bundle("0")), a), "`google-ice` (a `-`) in a=ice-options")
    probe("no-m-line", sdp(session(extra=["a=msid-semantic: WMS " + STREAM])), "no m= line at all")
    probe("no-m-line-with-ice", sdp(session(extra=[f"a=ice-ufrag:{UFRAG}", f"a=ice-pwd:{PWD}",
                                                   f"a=fingerprint:{FP}"])),
          "no m= line, session-level ICE and fingerprint")
    # rtpmap
    a = audio(codecs=[("111", "opus/48000/2", None), ("0", "PCMU/8000", None)])
    a = replace(a, "m=audio 9 UDP/TLS/RTP/SAVPF 111 0", ["m=audio 9 UDP/TLS/RTP/SAVPF 111 0 100"])
    probe("rtpmap-missing-dynamic", sdp(session(extra=bundle("0")), a), "dynamic PT 100 on m= without a=rtpmap")
    a = replace(audio(), "a=rtpmap:0 PCMU/8000", ["a=rtpmap:0 PCMU/8000", "a=rtpmap:0 PCMU/8000"])
    probe("rtpmap-duplicate-identical", sdp(session(extra=bundle("0")), a), "the same a=rtpmap line twice")
    a = replace(audio(), "a=rtpmap:0 PCMU/8000", ["a=rtpmap:0 PCMU/8000", "a=rtpmap:0 PCMA/8000"])
    probe("rtpmap-duplicate-conflicting", sdp(session(extra=bundle("0")), a), "PT 0 mapped to PCMU and PCMA")
    # c=
    for name, c, what in [
        ("c-hostname", "c=IN IP4 media.example.com", "a host name in c="),
        ("c-mdns", "c=IN IP4 7ff8fc94-5aeb-49f9-acc3-d87466addec1.local", "an mDNS .local name in c="),
        ("c-ipv6-multicast", "c=IN IP6 ff15::101", "IPv6 multicast in c="),
        ("c-ipv6-multicast-count", "c=IN IP6 ff15::101/3", "IPv6 multicast with /count in c="),
        ("c-ipv4-multicast-ttl", "c=IN IP4 233.252.0.1/127", "IPv4 multicast with /ttl"),
        ("c-ipv4-multicast-no-ttl", "c=IN IP4 233.252.0.1", "IPv4 multicast without /ttl"),
        ("c-ipv4-unicast-ttl", "c=IN IP4 198.51.100.7/127", "IPv4 unicast with /ttl"),
    ]:
        probe(name, sdp(session(extra=bundle("0")), audio(c=c)), what)
    cand = "a=candidate:3608341360 1 udp 1686052607 198.51.100.73 49822 typ srflx raddr 0.0.0.0"
    probe("candidate-raddr-no-rport", sdp(session(extra=bundle("0")), audio() + [cand]), "srflx candidate with raddr, no rport")
    cand_tcp = "a=candidate:2372012757 1 udp 2122260223 198.51.100.73 49822 typ host tcptype active"
    probe("candidate-tcptype-on-udp", sdp(session(extra=bundle("0")), audio() + [cand_tcp]), "tcptype on a UDP candidate")
    # line order
    a = audio()
    a = [a[0]] + a[2:] + [a[1]]
    probe("order-c-after-attributes", sdp(session(extra=bundle("0")), a), "media-level c= after the a= lines")
    a = audio()
    a = [a[0], a[1], *a[2:4], "b=AS:64", *a[4:]]
    probe("order-b-after-attributes", sdp(session(extra=bundle("0")), a), "media-level b= after a= lines")
    a = audio()
    a = [a[0], "a=sendrecv", "i=audio", *a[1:]]
    probe("order-i-after-attribute", sdp(session(extra=bundle("0")), a), "media-level i= after an a= line")
    # spaces and line ends
    a = replace(audio(), "a=fmtp:111 minptime=10;useinbandfec=1", ["a=fmtp:111 minptime=10; useinbandfec=1"])
    probe("fmtp-space-after-semicolon", sdp(session(extra=bundle("0")), a), "a space after `;` in a=fmtp")
    a = replace(audio(), "a=fmtp:111 minptime=10;useinbandfec=1", ["a=fmtp:111 minptime = 10;useinbandfec=1"])
    probe("fmtp-space-around-equals", sdp(session(extra=bundle("0")), a), "spaces around `=` in a=fmtp")
    a = replace(audio(), "a=setup:actpass", ["a=setup:actpass "])
    probe("trailing-space-setup", sdp(session(extra=bundle("0")), a), "trailing space after a=setup:actpass")
    a = replace(audio(), f"a=ice-pwd:{PWD}", [f"a=ice-pwd:{PWD} "])
    probe("trailing-space-ice-pwd", sdp(session(extra=bundle("0")), a), "trailing space after the ice-pwd value")
    a = replace(audio(), "a=mid:0", ["a=mid:0 "])
    probe("trailing-space-mid", sdp(session(extra=bundle("0")), a), "trailing space after a=mid:0")
    probe("no-final-line-break", av(final=False), "no CRLF after the last line")
    probe("lf-line-ends", av(eol="\n"), "bare LF line ends")
    # DTLS / SDES
    a = drop(audio(), "a=fingerprint") + drop([], "")
    a = replace(a, "a=setup:actpass", ["a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"])
    probe("sdes-only-savpf", sdp(session(extra=bundle("0")), a), "RTP/SAVPF with a=crypto and no fingerprint")
    a = replace(audio(), f"a=fingerprint:{FP}", ["a=fingerprint:MD5 7F:C5:CB:6D:E3:55:24:CB:CC:11:58:28:32:62:24:5E"])
    probe("fingerprint-md5", sdp(session(extra=bundle("0")), a), "only an MD5 fingerprint")
    a = replace(audio(), f"a=fingerprint:{FP}", [f"a=fingerprint:{FP}", f"a=fingerprint:{FP.replace('sha-256', 'SHA-256')}"])
    probe("fingerprint-case-variant-duplicate", sdp(session(extra=bundle("0")), a), "sha-256 and SHA-256 with the same value")
    a = replace(audio(), f"a=fingerprint:{FP}", [f"a=fingerprint:{FP}", "a=fingerprint:sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB"])
    s_fp = session(extra=bundle("0") + [f"a=fingerprint:{FP}", f"a=fingerprint:{FP.replace('sha-256', 'SHA-256')}"])
    probe("fingerprint-case-variant-duplicate-session", sdp(s_fp, drop(audio(), "a=fingerprint")),
          "sha-256 and SHA-256 with the same value, at session level")
    probe("fingerprint-two-algorithms", sdp(session(extra=bundle("0")), a), "control: sha-256 and sha-1 fingerprints")
    # BUNDLE'd sections without their own transport attributes
    v = [l for l in video() if not l.startswith(("a=ice-ufrag", "a=ice-pwd", "a=ice-options", "a=fingerprint", "a=setup"))]
    probe("bundle-second-without-ice-dtls", sdp(session(extra=bundle("0", "1")), audio(), v),
          "BUNDLE'd video section with no ICE/DTLS attributes of its own")
    v = [l for l in video() if not l.startswith(("a=ice-ufrag", "a=ice-pwd", "a=ice-options", "a=fingerprint", "a=setup"))]
    v = replace(v, "m=video 9 UDP/TLS/RTP/SAVPF 96 97", ["m=video 0 UDP/TLS/RTP/SAVPF 96 97", "a=bundle-only"])
    v.remove("a=bundle-only")
    v.insert(1, "a=bundle-only")
    probe("bundle-only-second-without-ice-dtls", sdp(session(extra=bundle("0", "1")), audio(), v),
          "a=bundle-only video section, port 0, no ICE/DTLS of its own")
    s = session(extra=bundle("0", "1") + [f"a=ice-ufrag:{UFRAG}", f"a=ice-pwd:{PWD}", f"a=fingerprint:{FP}"])
    strip = lambda x: [l for l in x if not l.startswith(("a=ice-ufrag", "a=ice-pwd", "a=fingerprint"))]  # noqa: E731
    probe("ice-dtls-session-level-only", sdp(s, strip(audio()), strip(video())), "ICE credentials and fingerprint only at session level")
    # o= boundaries
    for v in ["18446744073709551615", "18446744073709551616", "99999999999999999999", "100000000000000000000",
              "9223372036854775807", "9223372036854775808", "4294967295", "4294967296",
              "10000000000000000000", "12345678901234567890", "1" + "0" * 29, "9" * 64, "1" * 100]:
        label = v if len(v) <= 20 else f"{len(v)}digits-{v[0]}"
        probe(f"o-session-id-{label}", sdp(session(o_id=v, extra=bundle("0")), audio()), f"o= session id {v} ({len(v)} digits)")
        probe(f"o-version-{label}", sdp(session(o_ver=v, extra=bundle("0")), audio()), f"o= session version {v} ({len(v)} digits)")
    # Firefox's rule looks like "the value modulo 2^64, read as a signed
    # 64-bit integer, must not be negative", plus a length limit: these
    # test both (each value below has a non-negative wrapped value).
    m64 = 2 ** 64
    for length in [21, 40, 50, 60, 63, 64, 65, 80, 90, 95, 99, 100, 101, 128, 256]:
        v = 10 ** (length - 1)
        if v % m64 >= 2 ** 63:
            v += m64 - v % m64
        probe(f"o-session-id-wrapped-positive-{length}digits", sdp(session(o_id=str(v), extra=bundle("0")), audio()),
              f"o= session id {v} ({length} digits; modulo 2^64 below 2^63)")
    for v in [2 ** 64 + 2 ** 63 - 1, 2 ** 64 + 2 ** 63]:
        probe(f"o-session-id-{v}", sdp(session(o_id=str(v), extra=bundle("0")), audio()),
              f"o= session id {v} (2^64 + 2^63{' - 1' if v % 2 else ''})")
    # mid length
    for n in [16, 17, 32, 255, 256]:
        mid = ("m" * n)
        probe(f"mid-length-{n}", sdp(session(extra=bundle(mid)), audio(mid=mid)), f"a mid of {n} characters")
    # payload types
    for pt in ["1", "2", "19", "35", "63", "64", "72", "77", "95", "96", "127"]:
        a = audio(pt=pt)
        probe(f"pt-opus-{pt}", sdp(session(extra=bundle("0")), a), f"opus on payload type {pt}, rtcp-mux")
    a = drop(audio(pt="72"), "a=rtcp-mux")
    probe("pt-opus-72-no-rtcp-mux", sdp(session(extra=bundle("0")), a), "opus on payload type 72 without rtcp-mux")
    # orphan lines
    a = audio() + ["a=fmtp:100 apt=111"]
    probe("fmtp-orphan", sdp(session(extra=bundle("0")), a), "a=fmtp for PT 100, which is not on m=")
    a = audio() + ["a=rtpmap:63 red/48000/2", "a=fmtp:63 111/111"]
    probe("red-orphan", sdp(session(extra=bundle("0")), a), "RED rtpmap+fmtp for PT 63, not on m=")
    a = audio() + ["a=rtcp-fb:100 nack"]
    probe("rtcp-fb-orphan", sdp(session(extra=bundle("0")), a), "a=rtcp-fb for PT 100, not on m=")
    a = audio() + ["a=rtpmap:100 ISAC/16000"]
    probe("rtpmap-orphan", sdp(session(extra=bundle("0")), a), "a=rtpmap for PT 100, not on m=")
    # msid / SSRC
    same = "82b06f7d-e4fa-43ec-9560-c4c6000dbb6c"
    probe("msid-same-in-two-sections", sdp(session(extra=bundle("0", "1")), audio(), video(track=same)),
          "audio and video carry the same msid (stream and track id)")
    a = audio() + [f"a=msid:{STREAM} second-track"]
    probe("msid-two-tracks-one-section", sdp(session(extra=bundle("0")), a), "two a=msid lines with different track ids")
    probe("ssrc-group-duplicate-ssrc", sdp(session(extra=bundle("0", "1")), audio(),
                                           video(ssrcs=("1767862311", "1767862311"))),
          "a=ssrc-group:FID with the same SSRC twice")
    v = video(ssrcs=("1767862311",))
    probe("ssrc-group-fid-one", sdp(session(extra=bundle("0", "1")), audio(), v), "FID group with one SSRC")
    probe("ssrc-group-fid-three", sdp(session(extra=bundle("0", "1")), audio(),
                                      video(ssrcs=("1767862311", "1737988969", "1111111111"))),
          "FID group with three SSRCs")
    probe("ssrc-in-two-bundled-sections", sdp(session(extra=bundle("0", "1")), audio(ssrc="1767862311"), video()),
          "the same SSRC in the audio and the video section (BUNDLE)")
    a = audio() + ["a=ssrc:2222222222 cname:OGYG04xy2BexPzZk", "a=ssrc:2222222222 msid:otherstream othertrack"]
    probe("plan-b-two-tracks", sdp(session(extra=bundle("0")), a), "Plan B: two SSRCs with different msids in one section")
    # extmap
    def ext(lines, old_id, new_line):
        return replace(lines, f"a=extmap:{old_id} " + {1: "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                                                       3: "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                                                       4: "urn:ietf:params:rtp-hdrext:sdes:mid"}[old_id], new_line)
    nomix = ["a=group:BUNDLE 0", "a=msid-semantic: WMS " + STREAM]
    level = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"
    for name, extra, id_, what in [
        ("extmap-id-15-no-mixed", nomix, 15, "extmap id 15 without extmap-allow-mixed"),
        ("extmap-id-15-mixed", bundle("0"), 15, "extmap id 15 with extmap-allow-mixed"),
        ("extmap-id-0", bundle("0"), 0, "extmap id 0"),
        ("extmap-id-255-mixed", bundle("0"), 255, "extmap id 255 with extmap-allow-mixed"),
        ("extmap-id-256-mixed", bundle("0"), 256, "extmap id 256 with extmap-allow-mixed"),
    ]:
        probe(name, sdp(session(extra=extra), ext(audio(), 1, [f"a=extmap:{id_} {level}"])), what)
    probe("extmap-duplicate-id", sdp(session(extra=bundle("0")), ext(audio(), 3, ["a=extmap:1 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"])),
          "two extmap URIs with id 1")
    probe("extmap-same-uri-twice", sdp(session(extra=bundle("0")), ext(audio(), 3, ["a=extmap:5 urn:ietf:params:rtp-hdrext:ssrc-audio-level"])),
          "one URI under ids 1 and 5")
    probe("extmap-session-and-media", sdp(session(extra=bundle("0") + ["a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level"]), audio()),
          "the same extmap at session and media level")
    probe("extmap-session-level-only", sdp(session(extra=bundle("0") + ["a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level"]), drop(audio(), "a=extmap:1 ")),
          "an extmap only at session level (control for the above)")
    probe("extmap-encrypt-no-uri", sdp(session(extra=bundle("0")), ext(audio(), 1, ["a=extmap:1 urn:ietf:params:rtp-hdrext:encrypt"])),
          "encrypted extmap without the inner URI")
    probe("extmap-encrypt-ok", sdp(session(extra=bundle("0")), ext(audio(), 1, ["a=extmap:1 urn:ietf:params:rtp-hdrext:encrypt urn:ietf:params:rtp-hdrext:ssrc-audio-level"])),
          "encrypted extmap with the inner URI (control)")
    # BUNDLE structure
    probe("bundle-mid-twice", sdp(session(extra=bundle("0", "0", "1")), audio(), video()), "a mid twice in one BUNDLE group")
    probe("bundle-mid-in-two-groups", sdp(session(extra=["a=group:BUNDLE 0 1", "a=group:BUNDLE 1", "a=msid-semantic: WMS " + STREAM]), audio(), video()),
          "mid 1 in two BUNDLE groups")
    probe("bundle-unknown-mid", sdp(session(extra=bundle("0", "1", "7")), audio(), video()), "BUNDLE names a mid with no section")
    probe("bundle-tag-rejected", sdp(session(extra=bundle("0", "1")), audio(port="0"), video()),
          "the BUNDLE tag section (first mid) has port 0, the other is live")
    probe("bundle-inside-media", sdp(session(extra=["a=msid-semantic: WMS " + STREAM]), audio() + ["a=group:BUNDLE 0"]),
          "a=group:BUNDLE inside a media section")
    # DTLS roles
    probe("offer-without-setup", sdp(session(extra=bundle("0")), drop(audio(), "a=setup")), "an offer without a=setup")
    for role in ["active", "passive", "holdconn"]:
        probe(f"offer-setup-{role}", sdp(session(extra=bundle("0")), audio(setup=role)), f"an offer with a=setup:{role}")
    # data channels
    probe("sctpmap-and-sctp-port", sdp(session(extra=bundle("0")), data(mid="0", extra=["a=sctpmap:5000 webrtc-datachannel 1024"])),
          "a=sctpmap together with a=sctp-port")
    legacy = ["m=application 9 DTLS/SCTP 5000", "c=IN IP4 0.0.0.0", *transport("0"), "a=sctpmap:5000 webrtc-datachannel 1024"]
    probe("sctpmap-legacy", sdp(session(extra=bundle("0")), legacy), "legacy DTLS/SCTP with a=sctpmap only (control)")
    # simulcast
    rids = ["a=rid:h send", "a=rid:l send", "a=simulcast:send h;l"]
    probe("simulcast-without-rid-extension", sdp(session(extra=bundle("0", "1")), audio(), video(ssrcs=(), extra=rids)),
          "a=simulcast with a=rid but no sdes:rtp-stream-id extmap")
    v = video(ssrcs=(), extra=["a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", *rids])
    probe("simulcast-with-rid-extension", sdp(session(extra=bundle("0", "1")), audio(), v), "control: simulcast with the RID extension")
    # multiopus
    for ch in [6, 16, 17, 24, 25, 255]:
        codecs = [("111", "opus/48000/2", None), ("100", f"multiopus/48000/{ch}",
                  f"channel_mapping={','.join(str(i) for i in range(ch))};coupled_streams=0;minptime=10;num_streams={ch};useinbandfec=1")]
        probe(f"multiopus-{ch}", sdp(session(extra=bundle("0")), audio(codecs=codecs)), f"multiopus with {ch} channels")
    # protocol vs kind
    probe("audio-with-sctp-proto", sdp(session(extra=bundle("0")), ["m=audio 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", *transport("0"), "a=sctp-port:5000"]),
          "m=audio with UDP/DTLS/SCTP")
    probe("video-with-sctp-proto", sdp(session(extra=bundle("0", "1")), audio(), ["m=video 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", *transport("1"), "a=sctp-port:5000"]),
          "m=video with UDP/DTLS/SCTP")
    probe("application-with-rtp-proto", sdp(session(extra=bundle("0", "1")), audio(), ["m=application 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", *transport("1"), "a=rtpmap:96 VP8/90000"]),
          "m=application with UDP/TLS/RTP/SAVPF")
    # rejected section without c=
    v = [l for l in video() if not l.startswith("c=")]
    v = replace(v, "m=video 9 UDP/TLS/RTP/SAVPF 96 97", ["m=video 0 UDP/TLS/RTP/SAVPF 96 97"])
    probe("rejected-section-without-c", sdp(session(extra=bundle("0")), audio(), v), "a port-0 video section with no c= (and none at session level)")

    # Answers (also applied as offers). Kinds match the stand-in offer.
    def ans(*parts):
        return sdp(session(extra=bundle(*[str(i) for i in range(len(parts))])), *parts)
    pcmu = [("0", "PCMU/8000", None)]
    base = audio(codecs=pcmu, setup="active", extmaps=False)
    probe("answer-base.answer", ans(base), "control: a PCMU answer, a=setup:active")
    probe("answer-actpass.answer", ans(audio(codecs=pcmu, setup="actpass", extmaps=False)), "an answer keeping a=setup:actpass")
    probe("answer-setup-passive.answer", ans(audio(codecs=pcmu, setup="passive", extmaps=False)), "control: a=setup:passive answer")
    a = base[:6] + ["a=extmap:9 urn:3gpp:video-orientation"] + base[6:]
    probe("answer-adds-extmap.answer", ans(a), "an answer with an extmap URI the offer did not have")
    a = base[:6] + ["a=extmap:9 urn:ietf:params:rtp-hdrext:ssrc-audio-level"] + base[6:]
    probe("answer-renumbers-extmap.answer", ans(a), "an answer giving ssrc-audio-level id 9 (offers use another id)")
    vid = [l for l in video(setup="active", mid="0") if not l.startswith("a=extmap")]
    probe("answer-video-base.answer", ans(vid), "control: a VP8 video answer (PT 96)")
    probe("answer-adds-packetization.answer", ans(vid + ["a=packetization:96 raw"]), "a video answer adding a=packetization:96 raw")


def main():
    build()
    for name in os.listdir(HERE):
        if name.endswith(".sdp"):
            os.remove(os.path.join(HERE, name))
    rows = []
    for name, text, what in PROBES:
        file = f"{name}.sdp"
        with open(os.path.join(HERE, file), "w", newline="") as f:
            f.write(text)
        rows.append(f"| `{file}` | {what} |")
    with open(os.path.join(HERE, "README.md"), "w") as f:
        f.write("# Browser probes (issue 14)\n\n"
                "Small WebRTC SDPs, each with one shape of an issue-14 theme, generated by\n"
                "`python3 conformance/browsers/probes/make.py` and judged by\n"
                "`bash conformance/browsers/run.sh --probes` (results: `verdicts-chromium.json`,\n"
                "`verdicts-firefox.json`, same format as `conformance/verdicts/`). They are questions\n"
                "for the real browsers, not fixtures; fixtures and rules are made from the answers.\n"
                "`*.answer.sdp` probes are also applied as answers to a stand-in offer.\n\n"
                "| probe | what it asks |\n| --- | --- |\n" + "\n".join(rows) + "\n")
    print(f"{len(PROBES)} probes", file=sys.stderr)


if __name__ == "__main__":
    main()
