#!/usr/bin/env bash
# The browser conformance harness: applies every fixture SDP to Debian's
# Chromium and Firefox ESR and compares their verdicts with the checked-in
# tables in conformance/verdicts/ (see conformance/README.md).
#
#   bash conformance/browsers/run.sh              check against the tables
#   bash conformance/browsers/run.sh --update     regenerate the tables
#   bash conformance/browsers/run.sh --probes     run probes/, write probes/verdicts-*.json
#   ... --browser chromium|firefox                one browser only
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules/playwright-core ]; then
    npm ci --no-audit --no-fund
fi
exec node harness.mjs "$@"
