"""Issue 18 point 6, measured: sdpcheck's negotiation of (fixture offer, real answer).

    python3 conformance/sip/negotiation.py --sdpcheck target/release/sdpcheck [-v]

For every `offer@CONFIG` case a stack accepted, runs
`sdpcheck --profile sip --offer FIXTURE --answer answers/<stack>/<config>/<...>`
and checks that (a) for every m-line, the codecs of the stack's real answer
(`answer_codecs` in the verdict table, telephone-event apart) are the first
codecs sdpcheck's negotiation lists, and (b) sdpcheck reports no pair error on
the real pair. Prints the counts per stack and the cases that fail; the Rust
test that will assert it is still to be written (a preview, exit status 0).
"""

import argparse
import json
import os
import subprocess
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sdpcheck", required=True)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    counts = Counter()
    failures = []
    for stack in ("pjsip", "baresip"):
        with open(os.path.join(ROOT, "conformance", "verdicts", f"{stack}.json")) as f:
            table = json.load(f)
        for path, modes in sorted(table["cases"].items()):
            for mode, result in sorted(modes.items()):
                if not mode.startswith("offer@") or result["verdict"] != "accept":
                    continue
                config = mode.split("@", 1)[1]
                answer = os.path.join(HERE, "answers", stack, config, path.replace("/", "__"))
                out = subprocess.run([args.sdpcheck, "--format", "json", "--profile", "sip",
                                      "--offer", os.path.join(ROOT, path), "--answer", answer],
                                     capture_output=True, timeout=60)
                doc = json.loads(out.stdout)
                pair_errors = sorted({d["rule"] for d in doc["diagnostics"]
                                      if d["severity"] == "error" and d.get("sdp") == 1})
                pairs = doc.get("pairs") or []
                negotiated = [[c for c in m.get("negotiated", []) if not c.lower().startswith("telephone-event/")]
                              for m in (pairs[0]["media"] if pairs else [])]
                real = result["answer_codecs"]
                same = len(negotiated) == len(real) and all(
                    n[:len(r)] == r for n, r in zip(negotiated, real))
                counts[(stack, "codecs agree" if same else "codecs differ")] += 1
                if pair_errors:
                    counts[(stack, "pair error on a real pair")] += 1
                if not same or pair_errors:
                    failures.append(f"{stack} {mode} {path}: real {real}, sdpcheck negotiates "
                                    f"{negotiated}, pair errors {pair_errors}")
    for key in sorted(counts):
        print(f"{key[0]}: {key[1]}: {counts[key]}")
    if args.verbose:
        print("\n".join(failures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
