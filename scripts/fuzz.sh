#!/usr/bin/env bash
# Runs the cargo-fuzz target `envsubst` (fuzz/fuzz_targets/envsubst.rs):
# arbitrary bytes split into a template and `k=v` variables; asserts no
# panic and that the compiled and one-shot paths agree.
#
# usage: scripts/fuzz.sh [SECONDS] [libFuzzer args...]    (default: 60 s)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`) and a C++ compiler
# (libfuzzer-sys builds libFuzzer). With a nightly toolchain it runs with
# AddressSanitizer; on stable (this project's toolchain) it runs without a
# sanitizer (`-s none`), which is enough for a safe-Rust crate.
# Crashes land in fuzz/artifacts/envsubst/, the corpus in fuzz/corpus/envsubst/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "error: cargo-fuzz is not installed; run: cargo install cargo-fuzz --locked" >&2
  exit 1
fi
if ! command -v c++ >/dev/null 2>&1 && ! command -v g++ >/dev/null 2>&1; then
  echo "error: no C++ compiler (libfuzzer-sys needs one): apt-get install g++" >&2
  exit 1
fi
secs=${1:-60}
[ $# -gt 0 ] && shift
toolchain=()
sanitizer=none
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
  sanitizer=address
fi
exec cargo "${toolchain[@]}" fuzz run envsubst -s "$sanitizer" -- -max_total_time="$secs" "$@"
