#!/usr/bin/env bash
# Builds the C ABI (static and shared), compiles ffi/tests/c/drive.c against
# each with the system cc, runs it (with every fixture of spec-fixtures/ as a
# scenario), and runs the static build under valgrind for leaks and memory
# errors. Usage: ffi/tests/c/run.sh [--no-valgrind]
set -euo pipefail
cd "$(dirname "$0")/../../.."
T="${CARGO_TARGET_DIR:-target}"
out="$T/ffi-c"
mkdir -p "$out"

cargo build --release -p xorigin-ffi
CFLAGS=(-std=c11 -Wall -Wextra -Werror -pedantic -I ffi/include)
cc "${CFLAGS[@]}" ffi/tests/c/drive.c "$T/release/libxorigin_ffi.a" -lpthread -ldl -lm -o "$out/drive-static"
cc "${CFLAGS[@]}" ffi/tests/c/drive.c -L "$T/release" -lxorigin_ffi -o "$out/drive-shared"
# The header is also valid C++.
if command -v c++ >/dev/null 2>&1; then
  printf '#include "xorigin.h"\nint main() { return xorigin_version() == nullptr; }\n' >"$out/cxx.cc"
  c++ -std=c++17 -Wall -Werror -I ffi/include "$out/cxx.cc" "$T/release/libxorigin_ffi.a" -lpthread -ldl -lm -o "$out/cxx"
  "$out/cxx"
fi

mapfile -t fixtures < <(find spec-fixtures -name '*.json' | sort)
"$out/drive-static" "${fixtures[@]}"
LD_LIBRARY_PATH="$T/release" "$out/drive-shared"

if [ "${1:-}" != "--no-valgrind" ]; then
  if ! command -v valgrind >/dev/null 2>&1; then
    apt-get update && apt-get install -y valgrind
  fi
  # The handle API, the one-shots and every fixture, under memcheck.
  valgrind --leak-check=full --show-leak-kinds=definite,possible --errors-for-leak-kinds=definite,possible \
    --error-exitcode=1 --quiet "$out/drive-static" "${fixtures[@]}"
  echo "valgrind: no leaks, no memory errors"
fi
