#!/usr/bin/env bash
# Runs every fuzz target for SECS seconds each (default 30) and fails if any
# target crashes, panics, times out or runs out of memory.
#
#   fuzz/run.sh [SECS]
#
# Works on stable Rust: `-s none` (no sanitizer) needs no nightly flags. The
# engine is `#![forbid(unsafe_code)]`, so AddressSanitizer adds little; to
# use it anyway, FUZZ_SANITIZER=address (this sets RUSTC_BOOTSTRAP=1 so that
# stable rustc accepts `-Zsanitizer`). New corpus inputs go to fuzz/corpus/
# (git-ignored), crashes to fuzz/artifacts/<target>/; seeds are fuzz/seeds/.
set -uo pipefail
secs="${1:-30}"
cd "$(dirname "$0")"
export CARGO_TERM_COLOR=never

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked || exit 1
fi

sanitizer="${FUZZ_SANITIZER:-none}"
if [ "$sanitizer" != none ]; then
    export RUSTC_BOOTSTRAP=1
fi

echo "== cargo fuzz build -s $sanitizer"
cargo fuzz build -s "$sanitizer" || exit 1

failed=()
for target in $(cargo fuzz list); do
    echo "== fuzzing $target for ${secs}s"
    mkdir -p "corpus/$target" "seeds/$target"
    cargo fuzz run -s "$sanitizer" "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$secs" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 2>&1 | grep -v -E '^(#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)|[[:space:]]+NEW_FUNC)'
    if [ "${PIPESTATUS[0]}" -ne 0 ]; then
        failed+=("$target")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "== fuzzing FAILED: ${failed[*]} (inputs in fuzz/artifacts/)"
    exit 1
fi
echo "== fuzzing: every target ran ${secs}s without a failure"
