"""A pjsua2 user agent that auto-answers every INVITE with 200 OK.

Run by harness.py as a child process, one per codec configuration:

    python pjsip_ua.py --port 5070 --rtp-port 20000 --codecs PCMA/8000

Codec priorities are set from --codecs (first = highest); every other codec
the library knows gets priority 0, which disables it. telephone-event is not a
pjmedia codec: pjsua always offers and answers it (RFC 4733), so it is not
listed. The agent prints "READY <version>" on stdout once it listens, then
runs until killed. What it answers is on the wire; the harness records that.
"""

import argparse
import sys
import time

import pjsua2 as pj


class Call(pj.Call):
    def __init__(self, acc, call_id):
        super().__init__(acc, call_id)

    def onCallState(self, prm):
        info = self.getInfo()
        if info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
            CALLS.pop(info.id, None)


class Account(pj.Account):
    def onIncomingCall(self, prm):
        call = Call(self, prm.callId)
        CALLS[prm.callId] = call
        op = pj.CallOpParam()
        op.statusCode = 200
        try:
            call.answer(op)
        except pj.Error as err:
            # pjsua could not build an answer (for example no codec in
            # common found late): let pjsua choose its own final response.
            print(f"answer failed: {err.info()}", file=sys.stderr, flush=True)
            hang = pj.CallOpParam()
            try:
                call.hangup(hang)
            except pj.Error:
                pass


CALLS = {}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--rtp-port", type=int, required=True)
    ap.add_argument("--codecs", required=True, help="comma-separated, e.g. G722/16000,PCMU/8000")
    ap.add_argument("--log-level", type=int, default=3)
    args = ap.parse_args()

    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.maxCalls = 32
    # Callbacks run on this thread only (Python and pjsua worker threads
    # do not mix); main() polls the event loop.
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.uaConfig.userAgent = "pjsua2-conformance"
    cfg.logConfig.level = args.log_level
    cfg.logConfig.consoleLevel = args.log_level
    cfg.medConfig.noVad = True
    ep.libInit(cfg)

    tcfg = pj.TransportConfig()
    tcfg.port = args.port
    tcfg.boundAddress = "127.0.0.1"
    ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
    ep.transportCreate(pj.PJSIP_TRANSPORT_TCP, tcfg)
    ep.libStart()
    ep.audDevManager().setNullDev()

    wanted = [c.strip() for c in args.codecs.split(",") if c.strip()]
    known = {c.codecId: c for c in ep.codecEnum2()}
    for cid in known:
        ep.codecSetPriority(cid, 0)
    for i, want in enumerate(wanted):
        matches = [cid for cid in known if cid.lower().startswith(want.lower())]
        if not matches:
            print(f"codec {want} not in this pjsua build", file=sys.stderr, flush=True)
            sys.exit(2)
        for cid in matches:
            ep.codecSetPriority(cid, 255 - i)

    acfg = pj.AccountConfig()
    acfg.idUri = f"sip:uas@127.0.0.1:{args.port}"
    acfg.mediaConfig.transportConfig.port = args.rtp_port
    acfg.mediaConfig.transportConfig.portRange = 1000
    acfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
    # SDES-SRTP optional, as a PBX offering SRTP to those who want it: an
    # RTP/SAVP offer is negotiated (RFC 4568), RTP/AVP is answered in clear.
    acfg.mediaConfig.srtpUse = pj.PJMEDIA_SRTP_OPTIONAL
    acfg.mediaConfig.srtpSecureSignaling = 0
    acc = Account()
    acc.create(acfg, True)

    enabled = [c.codecId for c in ep.codecEnum2() if c.priority > 0]
    print(f"READY {ep.libVersion().full} codecs={','.join(enabled)}", flush=True)
    try:
        while True:
            ep.libHandleEvents(50)
    except KeyboardInterrupt:
        pass
    finally:
        ep.hangupAllCalls()
        time.sleep(0.2)
        ep.libDestroy()


if __name__ == "__main__":
    main()
