#!/usr/bin/env bash
# Run the SIP conformance harness (pjsip and baresip on loopback).
#   bash conformance/sip/run.sh            compare with the checked-in tables
#   bash conformance/sip/run.sh --update   regenerate them
# Needs the Debian package baresip and CPython 3.10-3.12; the pinned pjsua2
# wheel goes into a venv under $SDPCHECK_SIP_CACHE (default ~/.cache/sdpcheck-sip).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${SDPCHECK_SIP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sdpcheck-sip}"
# The pinned wheel exists for CPython 3.10, 3.11 and 3.12 only (manylinux x86_64).
python="${PYTHON:-}"
if [[ -z "$python" ]]; then
    for candidate in python3 python3.12 python3.11 python3.10; do
        if command -v "$candidate" >/dev/null &&
            "$candidate" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))'; then
            python="$candidate"
            break
        fi
    done
fi
[[ -n "$python" ]] || { echo "sip: need CPython 3.10-3.12 for the pjsua2 wheel (set PYTHON=...)" >&2; exit 2; }
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
