"""SIP conformance harness: real SIP stacks as the oracle for sdpcheck's SIP verdicts.

    python harness.py [--update] [--stacks pjsip,baresip] [--probes-only|--no-probes]

For every SIP-shaped fixture (see select_fixtures) and every stack
configuration, one INVITE carries the fixture as its offer; the final response
code, its reason phrase and the answer's codecs are recorded. For a fixture
that is an answer (`*.answer.sdp`), one more INVITE without SDP (a delayed
offer, RFC 3261 §13.2.1) makes the stack offer, and the fixture goes back in
the ACK: a stack that cannot use it ends the call with BYE at once.

Without --update the measured tables are compared with the checked-in ones:
exit 1 when a verdict (accept/reject/hang), a response code or the answer's
codecs changed; a changed reason phrase, message or stack version only warns.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import sipclient  # noqa: E402
from stacks import CONFIGS, STACKS  # noqa: E402

INVITE_TIMEOUT = 4.0  # seconds for a final response; then the case is a hang
BYE_WAIT = 1.2  # seconds to watch for the stack's BYE after an ACK carrying an answer
COMMAND = "bash conformance/sip/run.sh --update"

# RFC 3551 §6 static payload types, for answers that use one without a=rtpmap.
STATIC_PT = {0: "PCMU/8000", 3: "GSM/8000", 4: "G723/8000", 5: "DVI4/8000", 6: "DVI4/16000",
             7: "LPC/8000", 8: "PCMA/8000", 9: "G722/8000", 10: "L16/44100/2",
             11: "L16/44100", 12: "QCELP/8000", 13: "CN/8000", 14: "MPA/90000",
             15: "G728/8000", 16: "DVI4/11025", 17: "DVI4/22050", 18: "G729/8000",
             25: "CelB/90000", 26: "JPEG/90000", 28: "nv/90000", 31: "H261/90000",
             32: "MPV/90000", 33: "MP2T/90000", 34: "H263/90000"}


def split_lines(data):
    return re.split(r"\r\n|\n|\r", data.decode("utf-8", "replace"))


def is_sip_shaped(data):
    """sdpcheck's `--profile auto` rule (src/profile.rs): WebRTC when a DTLS
    transport (`UDP/TLS/RTP/SAVPF`, `UDP/DTLS/SCTP`) or `a=fingerprint` appears
    (ICE with DTLS implies one of them); SIP otherwise."""
    for line in split_lines(data):
        line = line.strip()
        if line.startswith("m=") and ("TLS" in line or "DTLS" in line):
            return False
        if line.startswith("a=fingerprint"):
            return False
    return True


def select_fixtures():
    """Every `*.sdp` under fixtures/ that sdpcheck's auto profile calls SIP."""
    out = []
    for dirpath, _, files in os.walk(os.path.join(ROOT, "fixtures")):
        for name in files:
            if not name.endswith(".sdp"):
                continue
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                data = f.read()
            if is_sip_shaped(data):
                out.append(os.path.relpath(path, ROOT).replace(os.sep, "/"))
    return sorted(out)


def media_sections(data):
    """[(kind, port, [codec, ...])] per m-line, telephone-event left out.

    A rejected m-line (port 0) lists no codec: nothing was negotiated on it."""
    sections = []
    for line in split_lines(data):
        line = line.strip()
        if line.startswith("m="):
            parts = line[2:].split()
            port = int(parts[1].split("/")[0]) if len(parts) > 1 and parts[1].split("/")[0].isdigit() else -1
            sections.append({"kind": parts[0] if parts else "", "port": port,
                             "fmts": parts[3:], "rtpmap": {}})
        elif line.startswith("a=rtpmap:") and sections:
            m = re.match(r"a=rtpmap:(\d+)\s+(\S+)", line)
            if m:
                sections[-1]["rtpmap"][m.group(1)] = m.group(2)
    out = []
    for s in sections:
        codecs = []
        if s["port"] != 0:
            for fmt in s["fmts"]:
                name = s["rtpmap"].get(fmt)
                if name is None and fmt.isdigit():
                    name = STATIC_PT.get(int(fmt), fmt)
                name = name or fmt
                if name.lower().startswith("telephone-event/"):
                    continue
                codecs.append(name)
        out.append((s["kind"], s["port"], codecs))
    return out


def codec_key(name):
    """`PCMA/8000/1` and `pcma/8000` are the same codec."""
    parts = name.lower().split("/")
    return "/".join(parts[:2])


def response_message(resp):
    """What the stack said beyond the reason phrase (Warning, Reason headers)."""
    parts = []
    for name in ("warning", "reason"):
        parts += resp.headers.get(name, [])
    return "; ".join(parts) if parts else None


class Worker:
    """Runs every case against one stack process (one stack, one configuration)."""

    def __init__(self, stack):
        self.stack = stack
        self.results = {}
        self.answers = {}
        self.error = None

    def run(self, cases):
        try:
            self.stack.start()
            for path, mode, data in cases:
                self.results[(path, mode)] = self.run_case(path, mode, data)
        except Exception as err:  # a harness failure, reported, never a silent pass
            self.error = f"{type(err).__name__}: {err}"
        finally:
            self.stack.stop()

    def after_hang(self, what, log_from):
        status = self.stack.exit_status()
        note = what if status is None else f"{what}; the stack process exited with status {status}"
        logged = self.stack.log_error(log_from)
        if logged:
            note += f"; the stack logged: {logged}"
        self.stack.restart()
        return {"verdict": "hang", "code": None, "reason": None, "message": note,
                "answer_codecs": None}

    def run_case(self, path, mode, data):
        if not self.stack.alive():
            self.stack.restart()
        self.stack.before_case(sum(1 for line in split_lines(data) if line.startswith("m=")))
        if mode.startswith("offer@"):
            return self.offer_case(path, data)
        return self.answer_case(data)

    def offer_case(self, path, data):
        log_from = self.stack.log_size()
        try:
            call = sipclient.Call("127.0.0.1", self.stack.port, body=data)
        except OSError as err:
            return self.after_hang(f"cannot reach the stack: {err}", log_from)
        try:
            final = call.invite(INVITE_TIMEOUT)
            if final is None:
                return self.after_hang(f"no final response in {INVITE_TIMEOUT:.0f} s", log_from)
            call.ack(final)
            result = {"verdict": "accept" if final.code < 300 else "reject",
                      "code": final.code, "reason": final.reason,
                      "message": response_message(final), "answer_codecs": None}
            if final.code < 300:
                result["answer_codecs"] = [c for _, _, c in media_sections(final.body)]
                self.answers[path] = final.body
                call.bye(2.0)
            return result
        finally:
            call.close()

    def answer_case(self, data):
        log_from = self.stack.log_size()
        try:
            call = sipclient.Call("127.0.0.1", self.stack.port, body=None)
        except OSError as err:
            return self.after_hang(f"cannot reach the stack: {err}", log_from)
        try:
            final = call.invite(INVITE_TIMEOUT)
            if final is None:
                return self.after_hang(
                    f"no final response to the SDP-less INVITE in {INVITE_TIMEOUT:.0f} s", log_from)
            if final.code >= 300 or not final.body:
                call.ack(final)
                return {"verdict": "error", "code": final.code, "reason": final.reason,
                        "message": "the stack made no offer to a delayed-offer INVITE",
                        "answer_codecs": None, "standin": False}
            offer = media_sections(final.body)
            answer = media_sections(data)
            # The stack's own offer stands in for the fixture's real offer. A
            # refusal is the stand-in's doing when the answer cannot fit it:
            # other m-line count or kinds (RFC 3264 §6: the answer mirrors the
            # offer's m-lines), or an accepted m-line with no codec the stand-in
            # offered (§6.1).
            standin = [k for k, _, _ in offer] != [k for k, _, _ in answer] or any(
                port != 0 and codecs and not {codec_key(c) for c in codecs} & {codec_key(c) for c in ocodecs}
                for (_, port, codecs), (_, _, ocodecs) in zip(answer, offer))
            call.ack(final, body=data)
            bye = call.wait_for_bye(BYE_WAIT)
            if bye is not None:
                return {"verdict": "reject", "code": None, "reason": "BYE after ACK",
                        "message": response_message(bye), "answer_codecs": None,
                        "standin": standin}
            alive = call.bye(2.0)
            return {"verdict": "accept", "code": None, "reason": None,
                    "message": None if alive == 200 else f"BYE answered {alive}",
                    "answer_codecs": None, "standin": standin}
        finally:
            call.close()


def run_stage(stack_names, cases_by_config, workdir):
    """Run every (stack, config) worker in parallel; return {stack: {config: Worker}}."""
    workers = {}
    threads = []
    base = 25070  # SIP ports 25070-25100; RTP 42000-45999
    for i, name in enumerate(stack_names):
        workers[name] = {}
        for j, config in enumerate(CONFIGS):
            port = base + 10 * (2 * i + j)
            rtp = 42000 + 1000 * (2 * i + j)
            w = Worker(STACKS[name](config, port, rtp, workdir))
            workers[name][config] = w
            t = threading.Thread(target=w.run, args=(cases_by_config[config],), daemon=True)
            threads.append(t)
            t.start()
    for t in threads:
        t.join()
    return workers


def fixture_cases(paths, config):
    cases = []
    for path in paths:
        with open(os.path.join(ROOT, path), "rb") as f:
            data = f.read()
        cases.append((path, f"offer@{config}", data))
        if path.endswith(".answer.sdp"):
            cases.append((path, f"answer@{config}", data))
    return cases


def build_table(name, results, version):
    """The verdict table of one stack from {(fixture path, mode): case}."""
    stack_cls = STACKS[name]
    cases = {}
    for (path, mode), result in results.items():
        cases.setdefault(path, {})[mode] = result
    return {
        "stack": name,
        "kind": "sip",
        "version": version,
        "package": stack_cls.package(),
        "generated": datetime.date.today().isoformat(),
        "command": COMMAND,
        "configs": {c: {"codecs": stack_cls.SDP_CODECS[c], "require_codec": CONFIGS[c]["require_codec"],
                        "doc": CONFIGS[c]["doc"]} for c in CONFIGS},
        "cases": {p: cases[p] for p in sorted(cases)},
    }


def dump(obj, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, sort_keys=True, ensure_ascii=True)
        f.write("\n")


def compare(old, new, label):
    """(failures, warnings) between two tables' cases."""
    fails, warns = [], []
    if old.get("version") != new.get("version"):
        warns.append(f"{label}: version {old.get('version')} -> {new.get('version')}")
    for path in sorted(set(old["cases"]) | set(new["cases"])):
        o, n = old["cases"].get(path), new["cases"].get(path)
        if o is None or n is None:
            fails.append(f"{label} {path}: case {'added' if o is None else 'missing'}")
            continue
        for mode in sorted(set(o) | set(n)):
            a, b = o.get(mode), n.get(mode)
            if a is None or b is None:
                fails.append(f"{label} {path} {mode}: mode {'added' if a is None else 'missing'}")
                continue
            for key in ("verdict", "code", "answer_codecs", "standin"):
                if a.get(key) != b.get(key):
                    fails.append(f"{label} {path} {mode}: {key} {a.get(key)!r} -> {b.get(key)!r}")
            for key in ("reason", "message"):
                if a.get(key) != b.get(key):
                    warns.append(f"{label} {path} {mode}: {key} {a.get(key)!r} -> {b.get(key)!r}")
    return fails, warns


def answer_file(stack, config, path):
    return os.path.join(HERE, "answers", stack, config, path.replace("/", "__"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--update", action="store_true", help="rewrite the checked-in tables")
    ap.add_argument("--stacks", default="pjsip,baresip")
    ap.add_argument("--workdir", default=os.environ.get("SIP_WORKDIR", "/tmp/sdpcheck-sip"))
    ap.add_argument("--no-probes", action="store_true")
    ap.add_argument("--only", help="run only fixture paths containing this text (no table written)")
    args = ap.parse_args()
    started = time.monotonic()
    names = [s for s in args.stacks.split(",") if s]

    paths = select_fixtures()
    if args.only:
        paths = [p for p in paths if args.only in p]
    probe_dir = os.path.join(HERE, "probes")
    probes = [] if args.no_probes or args.only else sorted(
        os.path.relpath(os.path.join(probe_dir, f), ROOT) for f in os.listdir(probe_dir) if f.endswith(".sdp"))
    all_paths = paths + probes
    cases = {c: fixture_cases(all_paths, c) for c in CONFIGS}
    print(f"sip: {len(paths)} SIP-shaped fixtures, {len(probes)} probes, "
          f"{sum(len(v) for v in cases.values())} cases per stack", flush=True)

    workers = run_stage(names, cases, args.workdir)
    failures, warnings = [], []
    for name in names:
        for config, w in workers[name].items():
            if w.error:
                failures.append(f"{name}/{config}: harness failure: {w.error}")
            if w.stack.restarts:
                print(f"sip: {name}/{config} restarted {w.stack.restarts} time(s) after a hang or crash")
            if w.stack.recycles:
                print(f"sip: {name}/{config} recycled {w.stack.recycles} time(s) (per-call leak)")

    versions = {name: STACKS[name].version() for name in names}
    probe_table = {"generated": datetime.date.today().isoformat(), "command": COMMAND, "stacks": {}}
    for name in names:
        fixture_results = {}
        probe_set = set(probes)
        for w in workers[name].values():
            for (path, mode), result in w.results.items():
                if path in probe_set:
                    probe_table["stacks"].setdefault(name, {"version": versions[name], "cases": {}})
                    probe_table["stacks"][name]["cases"].setdefault(path, {})[mode] = result
                else:
                    fixture_results[(path, mode)] = result
        table = build_table(name, fixture_results, versions[name])
        target = os.path.join(ROOT, "conformance", "verdicts", f"{name}.json")
        if args.only:
            print(json.dumps(table["cases"], indent=1, sort_keys=True))
            continue
        if args.update:
            dump(table, target)
            # Answers of cases no longer accepted must not linger.
            shutil.rmtree(os.path.join(HERE, "answers", name), ignore_errors=True)
            for config, w in workers[name].items():
                for path, body in w.answers.items():
                    if path in paths:
                        os.makedirs(os.path.dirname(answer_file(name, config, path)), exist_ok=True)
                        with open(answer_file(name, config, path), "wb") as f:
                            f.write(body)
        elif os.path.exists(target):
            with open(target) as f:
                f_, w_ = compare(json.load(f), table, name)
            failures += f_
            warnings += w_
        else:
            failures.append(f"{target} missing: run {COMMAND}")
    if probes:
        for st in probe_table["stacks"].values():
            st["cases"] = {p: st["cases"][p] for p in sorted(st["cases"])}
        target = os.path.join(probe_dir, "verdicts.json")
        if args.update:
            dump(probe_table, target)
        elif os.path.exists(target):
            with open(target) as f:
                old = json.load(f)
            for name in names:
                if name in old["stacks"] and name in probe_table["stacks"]:
                    f_, w_ = compare(old["stacks"][name], probe_table["stacks"][name], f"{name} probes")
                    failures += f_
                    warnings += w_

    for w in warnings:
        print(f"warning: {w}")
    if warnings:
        print(f"warning: {len(warnings)} message/version change(s); regenerate with: {COMMAND}")
    for f in failures:
        print(f"FAIL: {f}")
    print(f"sip: stage took {time.monotonic() - started:.1f} s")
    if failures:
        print(f"sip: {len(failures)} verdict change(s); review, then regenerate with: {COMMAND}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
