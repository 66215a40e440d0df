#!/usr/bin/env bash
# The script of sdpcheck's GitHub Action (action.yml at the repository root):
# install sdpcheck from the action's own checkout, run it with --format sarif
# on the files the user names, optionally annotate the findings, and turn the
# exit status into the step's result. .ci/integrations runs it locally with
# the environment action.yml and the runner set.
#
# Environment (from action.yml and the runner):
#   GITHUB_ACTION_PATH   the action's checkout (this repository)
#   GITHUB_OUTPUT        the step's output file
#   GITHUB_WORKSPACE     the user's checkout; files are relative to it
#   RUNNER_TEMP          where sdpcheck is installed
#   INPUT_FILES INPUT_ARGS INPUT_SARIF_FILE INPUT_FAIL_ON_FINDINGS INPUT_ANNOTATIONS
set -euo pipefail

: "${GITHUB_ACTION_PATH:?set by the runner for an action}"
: "${GITHUB_OUTPUT:?set by the runner for a step}"
cd "${GITHUB_WORKSPACE:-.}"

files_input=${INPUT_FILES:-'**/*.sdp'}
sarif=${INPUT_SARIF_FILE:-sdpcheck.sarif}
fail_on_findings=${INPUT_FAIL_ON_FINDINGS:-true}
annotations=${INPUT_ANNOTATIONS:-true}
case $fail_on_findings in true | false) ;; *)
    echo "::error title=sdpcheck action::fail-on-findings must be true or false, not '$fail_on_findings'"
    exit 2
    ;;
esac

# Install from the action's checkout. A Rust toolchain is on GitHub's hosted
# runners; elsewhere, install one first (rustup, dtolnay/rust-toolchain).
if ! command -v cargo >/dev/null; then
    echo "::error title=sdpcheck action::cargo not found: install a Rust toolchain (1.88 or newer) before this step"
    exit 2
fi
install_root="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/sdpcheck-action"
echo "::group::cargo install --locked --path $GITHUB_ACTION_PATH"
cargo install --locked --quiet --path "$GITHUB_ACTION_PATH" --root "$install_root"
echo "::endgroup::"
sdpcheck="$install_root/bin/sdpcheck"
"$sdpcheck" --version

# The files: each word of `files` is a path or a bash glob. Globs are
# expanded here (never by eval), so names with spaces or `$` stay data.
shopt -s globstar nullglob
read -r -d '' -a patterns <<<"$files_input" || true
read -r -d '' -a extra <<<"${INPUT_ARGS:-}" || true
files=()
saved_ifs=$IFS
IFS= # no word splitting of a pattern below, only globbing
for pattern in "${patterns[@]}"; do
    # shellcheck disable=SC2206 # globbing is wanted
    matched=($pattern)
    files+=("${matched[@]}")
done
IFS=$saved_ifs
if [ ${#files[@]} -eq 0 ]; then
    echo "::warning title=sdpcheck::no file matches '$files_input'; nothing was checked"
    echo "exit-code=0" >>"$GITHUB_OUTPUT"
    echo "sarif-file=" >>"$GITHUB_OUTPUT"
    exit 0
fi
echo "sdpcheck: checking ${#files[@]} file(s)"

status=0
"$sdpcheck" --format sarif --output-file "$sarif" "${extra[@]}" -- "${files[@]}" || status=$?
if [ "$annotations" = true ] && [ "$status" -ne 2 ]; then
    # The same findings as workflow commands, on the files in the diff.
    "$sdpcheck" --format github "${extra[@]}" -- "${files[@]}" || true
fi
echo "exit-code=$status" >>"$GITHUB_OUTPUT"
if [ -f "$sarif" ]; then
    echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
else
    echo "sarif-file=" >>"$GITHUB_OUTPUT"
fi

case $status in
0)
    echo "sdpcheck: no error finding; report in $sarif"
    ;;
1)
    if [ "$fail_on_findings" = true ]; then
        echo "::error title=sdpcheck::error findings in the SDPs; report in $sarif (set fail-on-findings: false to report without failing)"
        exit 1
    fi
    echo "::notice title=sdpcheck::error findings reported in $sarif; fail-on-findings is false"
    ;;
*)
    echo "::error title=sdpcheck::the run failed (exit status $status): an unreadable file, a file with no SDP, or a bad option; see the log above"
    exit "$status"
    ;;
esac
