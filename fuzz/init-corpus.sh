#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from fixtures/ (ruff's fuzz/init-fuzzer.sh
# habit): every fixture SDP for the byte-level targets, the log fixtures
# for `extract` and `check` (which extracts as the CLI does), offer/answer
# fixture pairs joined by a 0xFF byte for `pair` (the separator
# `oracle::split_pair` looks for), and every saved regression input for the
# target it was found by. Files are named by content hash, so re-running
# adds nothing twice. The structure-aware targets read bytes that build an
# SDP (src/sdp_gen.rs), not SDP text, so they start from an empty corpus.
# Corpus directories are gitignored.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=fuzz/corpus
mkdir -p "$corpus"/{parse,check,pair,extract,differential,check_structured,pair_structured,capture}

# Copies stdin to $corpus/$1/<sha1 of the content>.
seed() {
    local tmp
    tmp=$(mktemp)
    cat >"$tmp"
    mv "$tmp" "$corpus/$1/$(sha1sum <"$tmp" | cut -c1-40)"
}

# Large fixtures (the 1 MiB-line limit test) would slow every execution;
# libFuzzer's default -max_len is 4096 anyway.
small_sdps() {
    find fixtures -type f -name '*.sdp' -size -64k | sort
}

while IFS= read -r f; do
    for t in parse check differential extract; do
        seed "$t" <"$f"
    done
done < <(small_sdps)

while IFS= read -r f; do
    for t in extract check; do
        seed "$t" <"$f"
    done
done < <(find fixtures/logs -type f ! -name '*.md' -size -64k | sort)

while IFS= read -r offer; do
    answer=${offer%.offer.sdp}.answer.sdp
    [[ -f $answer ]] || continue
    { cat "$offer"; printf '\377'; cat "$answer"; } | seed pair
done < <(find fixtures -type f -name '*.offer.sdp' | sort)

# The capture reader starts from the fixture captures.
while IFS= read -r f; do
    seed capture <"$f"
done < <(find fixtures/captures -type f \( -name '*.pcap' -o -name '*.pcapng' \) | sort)

# Regression inputs are named <target>-<short-name>.
if [[ -d tests/fuzz-regressions ]]; then
    for f in tests/fuzz-regressions/*; do
        [[ -f $f ]] || continue
        target=$(basename "$f")
        target=${target%%-*}
        [[ -d $corpus/$target ]] && seed "$target" <"$f"
    done
fi

for d in "$corpus"/*/; do
    printf '%-20s %5d files\n' "$(basename "$d")" "$(find "$d" -type f | wc -l)"
done
