"""sdpcheck's predictions against the SIP stacks' checked-in verdicts.

    python conformance/sip/predict.py --sdpcheck target/release/sdpcheck [--write-known] [--json OUT]

For every fixture in conformance/verdicts/{pjsip,baresip}.json and every mode
`offer@CONFIG`, sdpcheck runs on the fixture alone with `--profile sip` plus
the configuration's `--require-codec` (the table's top-level `configs`). It
predicts a refusal when it reports an error finding (the shared format's
fallback until findings carry a `stacks` field), or when it finds no SDP at all
(exit status 2). A stack refuses when it gives no 2xx: a 3xx-6xx final
response, or none at all (`hang`, which includes a crash). `answer@CONFIG`
modes are counted apart, without their stand-in cases.

Prints the confusion matrix per stack and configuration (markdown) and, with
--write-known, rewrites conformance/sip/known-differences.toml: one entry per
disagreement, grouped by theme, each with the stack's own response as reason.
"""

import argparse
import json
import os
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STACKS = ["pjsip", "baresip"]


def escaped_only(data):
    """An SDP written JSON-escaped on one line (`v=0\\r\\no=...`), no real line break.

    The CLI reads such a file as log text and unescapes the SDP inside; the
    library (`check_with`, which tests/it/conformance.rs calls) and the SIP
    stacks read the bytes as they are: one malformed line. The prediction
    follows the library, so that this script and the Rust test agree."""
    first = data.split(b"\n", 1)[0]
    return data.startswith(b"v=0\\r\\n") or (data.startswith(b"v=0\\n") and b"\\n" in first)


def run_sdpcheck(binary, path, require):
    with open(os.path.join(ROOT, path), "rb") as f:
        if escaped_only(f.read()):
            return {"reject": True, "errors": ["SDP0007 malformed-field (library reads the escaped bytes raw)"]}
    cmd = [binary, "--format", "json", "--profile", "sip"]
    for codec in require:
        cmd += ["--require-codec", codec]
    out = subprocess.run(cmd + [os.path.join(ROOT, path)], capture_output=True, timeout=60)
    if out.returncode == 2:
        return {"reject": True, "errors": ["(no SDP found: exit 2)"]}
    doc = json.loads(out.stdout)
    errors = sorted({f"{d.get('code', '?')} {d['rule']}" for d in doc.get("diagnostics", [])
                     if d["severity"] == "error"})
    return {"reject": bool(errors), "errors": errors}


def stack_rejects(result):
    return result["verdict"] != "accept"


def describe(result):
    if result["verdict"] == "hang":
        return f"no final response ({result.get('message')})"
    if result.get("code") is None:
        return f"{result['reason'] or result['verdict']}" + (f" ({result['message']})" if result.get("message") else "")
    text = f"{result['code']} {result['reason']}"
    return text + (f" ({result['message']})" if result.get("message") else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sdpcheck", required=True)
    ap.add_argument("--write-known", action="store_true")
    ap.add_argument("--json", help="write the matrices and disagreements here")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when a disagreement is not in known-differences.toml, or an entry no longer disagrees")
    args = ap.parse_args()

    cache = {}
    matrices = {}
    disagreements = []
    for stack in STACKS:
        with open(os.path.join(ROOT, "conformance", "verdicts", f"{stack}.json")) as f:
            table = json.load(f)
        for path, modes in table["cases"].items():
            for mode, result in modes.items():
                kind, config = mode.split("@")
                if result.get("standin") or result["verdict"] == "error":
                    continue
                require = table["configs"][config]["require_codec"]
                key = (path, tuple(require))
                if key not in cache:
                    cache[key] = run_sdpcheck(args.sdpcheck, path, require)
                pred = cache[key]
                cell = ("reject" if stack_rejects(result) else "accept",
                        "reject" if pred["reject"] else "accept")
                m = matrices.setdefault(f"{stack} {mode}", defaultdict(int))
                m[cell] += 1
                if cell[0] != cell[1]:
                    disagreements.append({"fixture": path, "stack": stack, "mode": mode,
                                          "stack_says": describe(result), "sdpcheck_errors": pred["errors"],
                                          "stack_rejects": cell[0] == "reject"})

    print("| stack mode | stack rejects, sdpcheck rejects | stack rejects, sdpcheck accepts "
          "| stack accepts, sdpcheck rejects | both accept | agreement |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in sorted(matrices):
        m = matrices[name]
        rr, ra, ar, aa = m[("reject", "reject")], m[("reject", "accept")], m[("accept", "reject")], m[("accept", "accept")]
        total = rr + ra + ar + aa
        print(f"| {name} | {rr} | {ra} | {ar} | {aa} | {100 * (rr + aa) / total:.1f}% |")
    print(f"\n{len(disagreements)} disagreement(s)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"matrices": {k: {f"{a}/{b}": v for (a, b), v in m.items()} for k, m in matrices.items()},
                       "disagreements": disagreements}, f, indent=2, sort_keys=True)
    known_path = os.path.join(HERE, "known-differences.toml")
    if args.write_known:
        from themes import write_known
        write_known(disagreements, known_path)
    if args.check:
        import tomllib

        with open(known_path, "rb") as f:
            listed = {(e["fixture"], e["stack"], e["mode"]) for e in tomllib.load(f).get("difference", [])}
        found = {(d["fixture"], d["stack"], d["mode"]) for d in disagreements}
        for key in sorted(found - listed):
            print(f"unlisted disagreement: {key[1]} {key[2]} {key[0]}")
        for key in sorted(listed - found):
            print(f"stale known difference (now agrees): {key[1]} {key[2]} {key[0]}")
        if found != listed:
            print("regenerate: python3 conformance/sip/predict.py --sdpcheck BIN --write-known, and review")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
