#!/usr/bin/env bash
# Benchmarks the Go reference (drone/envsubst, via bench/envsubst-go) and the
# Rust engine (cargo bench -p function-core --bench envsubst) back to back on
# the same corpus, and prints both figures and the ratios.
#
# usage: scripts/bench-envsubst.sh [CORPUS.jsonl]
#        (default: tests/fixtures/envsubst/corpus-kubestash.jsonl)
# The Go harness is built once into target/tools/envsubst-go (needs go and the
# Debian package golang-github-drone-envsubst-dev; build.sh installs them).
# Fails (non-zero, with the reason) when go, cargo or a figure is missing.
set -euo pipefail
die() { echo "bench-envsubst.sh: $*" >&2; exit 1; }
command -v cargo >/dev/null || die "cargo is required"
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(realpath "${1:-$root/tests/fixtures/envsubst/corpus-kubestash.jsonl}")
tools=$root/target/tools
go_bin=$tools/envsubst-go
mkdir -p "$tools"
if [ ! -x "$go_bin" ] || [ "$root/bench/envsubst-go/main.go" -nt "$go_bin" ]; then
  bash "$root/bench/envsubst-go/build.sh" "$go_bin" >/dev/null || die "building the Go harness failed"
fi
[ -x "$go_bin" ] || die "$go_bin is missing"
# Build first so that compiling does not overlap the Go measurement.
(cd "$root" && cargo bench -q -p function-core --bench envsubst --no-run >/dev/null) \
  || die "cargo bench --no-run failed"

echo "corpus: $corpus"
echo "== Go: $go_bin -mode bench =="
go_out=$("$go_bin" -mode bench "$corpus") || die "the Go harness failed"
echo "$go_out"
echo "== Rust: cargo bench -p function-core --bench envsubst =="
rs_out=$(cd "$root" && cargo bench -q -p function-core --bench envsubst -- "$corpus") || die "cargo bench failed"
echo "$rs_out"

get() { sed -n "s/^$1=//p" <<<"$2" | tail -1; }
go_ns=$(get ns_per_doc "$go_out")
rs_ns=$(get ns_per_doc "$rs_out")
rs_compiled=$(get ns_per_doc_compiled "$rs_out")
[ -n "$go_ns" ] && [ -n "$rs_ns" ] && [ -n "$rs_compiled" ] || die "a figure is missing from the output above"
echo "== Summary =="
awk -v g="$go_ns" -v r="$rs_ns" -v c="$rs_compiled" -v d="$(get ms_dollar_escapes_16000 "$rs_out")" 'BEGIN {
  printf "go ns_per_doc=%d\nrust ns_per_doc=%d (one-shot)\nrust ns_per_doc_compiled=%d\n", g, r, c
  printf "ratio_one_shot=%.1fx (target >= 50x)\nratio_compiled=%.1fx (target >= 100x)\n", g / r, g / c
  printf "rust ms_dollar_escapes_16000=%s (target < 5 ms)\n", d
}'
