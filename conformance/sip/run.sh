#!/usr/bin/env bash
# Run the SIP conformance harness (pjsip and baresip on loopback).
#   bash conformance/sip/run.sh            compare with the checked-in tables
#   bash conformance/sip/run.sh --update   regenerate them
# Needs the Debian package baresip and a Python 3 (>= 3.9); the pinned pjsua2
# wheel goes into a venv under $SDPCHECK_SIP_CACHE (default ~/.cache/sdpcheck-sip).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${SDPCHECK_SIP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sdpcheck-sip}"
python="${PYTHON:-python3}"
venv="$cache/venv"
stamp="$venv/.requirements"
if [[ ! -x "$venv/bin/python" ]] || ! cmp -s "$here/requirements.txt" "$stamp"; then
    mkdir -p "$cache"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
    cp "$here/requirements.txt" "$stamp"
fi
command -v baresip >/dev/null || { echo "sip: baresip not installed (apt-get install -y baresip)" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/sdpcheck-sip.XXXXXX")"
trap 'rm -rf "$work"' EXIT
exec_status=0
"$venv/bin/python" "$here/harness.py" --workdir "$work" "$@" || exec_status=$?
if [[ $exec_status -ne 0 && -n "${SIP_KEEP_LOGS:-}" ]]; then
    mkdir -p "$SIP_KEEP_LOGS" && cp "$work"/*.log "$SIP_KEEP_LOGS"/ 2>/dev/null || true
fi
exit $exec_status
