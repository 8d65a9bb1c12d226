#!/bin/sh
# Builds the package's WebAssembly: the `xorigin-wasm` crate for
# wasm32-unknown-unknown (release), then wasm-bindgen's JavaScript glue for
# it into pkg/ (`--target web`: an ES module, loaded synchronously by
# index.js from the .wasm file beside it). Needs the target
# (`rustup target add wasm32-unknown-unknown`) and `wasm-bindgen` of the
# wasm-bindgen crate's exact version (`cargo install wasm-bindgen-cli
# --version <it>`); `.ci/run` installs both when missing.
set -eu
cd "$(dirname "$0")"
T="${CARGO_TARGET_DIR:-../target}"
case "$T" in /*) ;; *) T="$(pwd)/$T" ;; esac
cargo build -p xorigin-wasm --release --target wasm32-unknown-unknown
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --no-typescript \
  "$T/wasm32-unknown-unknown/release/xorigin_wasm.wasm"
