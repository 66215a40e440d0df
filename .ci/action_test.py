"""Runs the GitHub Action's step locally, as the runner would (.ci/integrations).

Reads action.yml (PyYAML), builds the step's environment from its `env:` map
with each `${{ inputs.* }}` replaced by the case's value or the input's
default, sets what the runner sets (GITHUB_ACTION_PATH, GITHUB_OUTPUT,
GITHUB_WORKSPACE, RUNNER_TEMP), runs the step's `run:` line with bash in a
workspace holding a good and a bad SDP, and checks the exit status, the step
outputs, the SARIF file and the annotations of each case.

usage: python3 .ci/action_test.py REPO WORK_DIR
"""

import json
import os
import re
import shutil
import subprocess
import sys

import yaml

REPO, WORK = sys.argv[1], sys.argv[2]
EXPR = re.compile(r"\$\{\{\s*([a-z_.-]+)\s*\}\}")

with open(os.path.join(REPO, "action.yml"), encoding="utf-8") as f:
    action = yaml.safe_load(f)
assert action["runs"]["using"] == "composite", action["runs"]
(step,) = action["runs"]["steps"]
inputs = action["inputs"]

# Every output is one of the step's, and every input reaches the script.
for name, output in action["outputs"].items():
    assert output["value"] == "${{ steps.%s.outputs.%s }}" % (step["id"], name), name
used = {m.group(1) for v in step["env"].values() for m in EXPR.finditer(v)}
assert used == {"inputs." + k for k in inputs}, (used, inputs.keys())
assert "${{" not in step["run"], "inputs must reach the script through env, not its text"


def step_env(values, workspace, output):
    env = dict(os.environ)
    for key, template in step["env"].items():
        def value(m):
            name = m.group(1).removeprefix("inputs.")
            return values.get(name, inputs[name].get("default", ""))
        env[key] = EXPR.sub(value, template)
    env.update(
        GITHUB_ACTION_PATH=REPO,
        GITHUB_OUTPUT=output,
        GITHUB_WORKSPACE=workspace,
        GITHUB_ACTIONS="true",
        RUNNER_TEMP=os.path.join(WORK, "runner-temp"),
    )
    return env


def run_case(name, values, want_status, want_results=None, want_in_log=(), sarif_written=True,
             outputs_written=True, exit_code=None, not_in_log=()):
    """Runs the step; `exit_code` is sdpcheck's status (the `exit-code` output)
    when it differs from the step's."""
    workspace = os.path.join(WORK, "workspace-" + name)
    shutil.rmtree(workspace, ignore_errors=True)
    os.makedirs(os.path.join(workspace, "calls", "deep"))
    shutil.copy(os.path.join(REPO, "fixtures/valid/asterisk/sip-g711.offer.sdp"),
                os.path.join(workspace, "calls", "good.sdp"))
    shutil.copy(os.path.join(REPO, "fixtures/demo/broken-offer.sdp"),
                os.path.join(workspace, "calls", "deep", "bad offer.sdp"))
    with open(os.path.join(workspace, "notes.txt"), "w", encoding="utf-8") as f:
        f.write("no SDP in here\n")
    output = os.path.join(workspace, "github-output")
    open(output, "w").close()
    run = subprocess.run(["bash", "-c", step["run"]], cwd=workspace, capture_output=True,
                         text=True, env=step_env(values, workspace, output))
    log = run.stdout + run.stderr
    problems = []
    if run.returncode != want_status:
        problems.append(f"exit status {run.returncode}, wanted {want_status}")
    outputs = dict(line.split("=", 1) for line in open(output).read().splitlines())
    want_code = str(want_status if exit_code is None else exit_code) if outputs_written else None
    if outputs.get("exit-code") != want_code:
        problems.append(f"output exit-code={outputs.get('exit-code')!r}")
    sarif_path = os.path.join(workspace, values.get("sarif-file", "sdpcheck.sarif"))
    if sarif_written:
        if outputs.get("sarif-file") != values.get("sarif-file", "sdpcheck.sarif"):
            problems.append(f"output sarif-file={outputs.get('sarif-file')!r}")
        with open(sarif_path, encoding="utf-8") as f:
            sarif = json.load(f)
        results = [r["ruleId"] for r in sarif["runs"][0]["results"]]
        if want_results is not None and sorted(set(results)) != sorted(want_results):
            problems.append(f"SARIF rule ids {sorted(set(results))}, wanted {want_results}")
    elif outputs.get("sarif-file") != ("" if outputs_written else None) or os.path.exists(sarif_path):
        problems.append("a SARIF file was reported for a run that checked nothing")
    for text in want_in_log:
        if text not in log:
            problems.append(f"log lacks {text!r}")
    for text in not_in_log:
        if text in log:
            problems.append(f"log has {text!r}")
    if problems:
        print(f"action case {name}: FAILED: " + "; ".join(problems) + "\n--- log:\n" + log)
        return False
    print(f"action case {name}: ok (status {run.returncode})")
    return True


BAD_RULES = ["SDP0010", "SDP0011", "SDP2001"]
ok = all([
    # The default glob finds both files, in a subdirectory and with a space.
    run_case("default", {}, 1, BAD_RULES,
             ["::error file=calls/deep/bad offer.sdp,line=3", "::error title=sdpcheck::error findings"]),
    run_case("good-only", {"files": "calls/good.sdp", "sarif-file": "report.sarif"}, 0, [],
             ["no error finding"]),
    run_case("report-only", {"fail-on-findings": "false", "annotations": "false"}, 0, BAD_RULES,
             ["fail-on-findings is false"], exit_code=1, not_in_log=["::error file="]),
    # Extra arguments reach sdpcheck: ignoring the three rules leaves nothing.
    run_case("args", {"args": "--ignore malformed-attribute,empty-session-name\n--ignore missing-connection"},
             0, []),
    # A file with no SDP is a failed run whatever fail-on-findings says.
    run_case("no-sdp", {"files": "notes.txt calls/good.sdp", "fail-on-findings": "false"}, 2, None,
             ["::error title=sdpcheck::the run failed"]),
    run_case("nothing-matches", {"files": "*.nothing"}, 0, None, ["no file matches"], sarif_written=False),
    run_case("bad-input", {"fail-on-findings": "maybe"}, 2, None, ["must be true or false"],
             sarif_written=False, outputs_written=False),
])
sys.exit(0 if ok else 1)
