#!/usr/bin/env bash
# Builds the npm package's WebAssembly half into dist/:
#   cargo (wasm32-unknown-unknown, release) -> wasm-opt -Oz
#   -> wasm-bindgen --target web.
# `--playground` also assembles the static playground in playground/dist/.
#
# Needs: the wasm32-unknown-unknown target, wasm-bindgen-cli of the exact
# version Cargo.toml pins, and binaryen's wasm-opt (.ci/npm installs all
# three). CARGO_TARGET_DIR is honoured.
set -euo pipefail
cd "$(dirname "$0")"

target_dir=${CARGO_TARGET_DIR:-target}
want=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')
if [ "$have" != "$want" ]; then
    echo "build.sh: wasm-bindgen $want needed (found '${have:-none}'):" >&2
    echo "  cargo install wasm-bindgen-cli --version $want" >&2
    exit 1
fi

cargo build --release --target wasm32-unknown-unknown
rm -rf dist
mkdir -p dist
# wasm-opt runs before wasm-bindgen, not after: Debian's binaryen (108)
# mis-rewrites the externref table wasm-bindgen adds (the module then fails
# at instantiation: "Table.set(): Argument 1 is invalid for table"). Run on
# rustc's output it only shrinks code and drops debug info and names.
# rustc's wasm32 target emits these post-MVP features; binaryen must be
# told, or it refuses the module.
wasm-opt -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    "$target_dir/wasm32-unknown-unknown/release/sdpcheck_wasm.wasm" -o dist/sdpcheck_wasm.opt.wasm
wasm-bindgen --target web --no-typescript --out-name sdpcheck_wasm --out-dir dist dist/sdpcheck_wasm.opt.wasm
rm dist/sdpcheck_wasm.opt.wasm
raw=$(wc -c < dist/sdpcheck_wasm_bg.wasm)
gz=$(gzip -9 -c dist/sdpcheck_wasm_bg.wasm | wc -c)
echo "build.sh: dist/sdpcheck_wasm_bg.wasm: $raw bytes, $gz gzipped (gzip -9)"

if [ "${1:-}" = "--playground" ]; then
    out=playground/dist
    rm -rf "$out"
    mkdir -p "$out/sdpcheck/js" "$out/sdpcheck/dist"
    cp playground/index.html playground/app.js playground/style.css "$out/"
    cp js/core.js js/browser.js "$out/sdpcheck/js/"
    cp dist/sdpcheck_wasm.js dist/sdpcheck_wasm_bg.wasm "$out/sdpcheck/dist/"
    echo "build.sh: playground in $out ($(du -sk "$out" | cut -f1) KiB)"
fi
