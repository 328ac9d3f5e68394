#!/usr/bin/env bash
# Benchmarks the Go reference (gomodules.xyz/envsubst v0.2.0 EvalMap, the engine the operator
# runs, via the oracle's `bench` mode: tests/oracle-go) and the Rust engine
# (the `envsubst` bench of function-core) side by side in one run on the same corpus, and
# prints both figures and the ratios.
#
# Every repetition runs, one after the other (interleaved, so that load from other builds falls
# on both sides alike): the Go harness (`-mode bench`, 1 s of passes over the corpus), the Rust
# one-shot measurement and the Rust pre-parsed measurement (1 s each). The figures are the
# medians over the repetitions; the ratios are the medians of each repetition's ratio. One
# last run of the Rust bench gives the std-HashMap and 16,000-`$$` figures.
#
# usage: scripts/bench-envsubst.sh [CORPUS.jsonl]      REPS=7 (default) repetitions
#        (default corpus: tests/fixtures/envsubst/corpus-kubestash.jsonl)
# The Go side is the oracle, built into target/tools/oracle by scripts/oracle.sh from the
# committed go.mod/go.sum (Go >= 1.25 and the Go module proxy). Fails (non-zero, with the
# reason) when go, cargo or a figure is missing.
set -euo pipefail
die() { echo "bench-envsubst.sh: $*" >&2; exit 1; }
command -v cargo >/dev/null || die "cargo is required"
command -v python3 >/dev/null || die "python3 is required"
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(realpath -e "${1:-$root/tests/fixtures/envsubst/corpus-kubestash.jsonl}") \
  || die "no corpus ${1:-}"
reps=${REPS:-7}
[[ $reps =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer, not '$reps'"
# shellcheck source=scripts/oracle.sh
source "$root/scripts/oracle.sh"
oracle_build || die "building the Go oracle (tests/oracle-go) failed"
go_bin=$ORACLE
[ -x "$go_bin" ] || die "$go_bin is missing"
# Build first so that compiling does not overlap the measurements; run the bench binary itself.
rs_bin=$(cd "$root" && cargo bench -q -p function-core --bench envsubst --no-run \
  --message-format=json | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "envsubst":
        print(m["executable"])') || die "cargo bench --no-run failed"
[ -n "$rs_bin" ] && [ -x "$rs_bin" ] || die "cargo did not report the envsubst bench executable"

get() { sed -n "s/^$1=//p" <<<"$2" | tail -1; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "corpus: $corpus"
echo "go: $go_bin bench -min-time 1s (gomodules.xyz/envsubst v0.2.0 EvalMap)"
echo "rust: $rs_bin --only one-shot|compiled --min-time 1"
echo "rep  go_ns  rust_ns  rust_compiled_ns  ratio_one_shot  ratio_compiled"
go_all='' rs_all='' rc_all='' r1_all='' r2_all=''
for ((i = 1; i <= reps; i++)); do
  out=$("$go_bin" bench -min-time 1s "$corpus") || die "the Go harness failed"
  g=$(get ns_per_doc "$out")
  out=$("$rs_bin" --only one-shot --min-time 1 "$corpus") || die "the Rust bench failed"
  r=$(get ns_per_doc "$out")
  out=$("$rs_bin" --only compiled --min-time 1 "$corpus") || die "the Rust bench failed"
  c=$(get ns_per_doc_compiled "$out")
  [ -n "$g" ] && [ -n "$r" ] && [ -n "$c" ] || die "a figure is missing (go '$g', rust '$r', compiled '$c')"
  read -r r1 r2 < <(awk -v g="$g" -v r="$r" -v c="$c" 'BEGIN { printf "%.1f %.1f\n", g / r, g / c }')
  echo "$i  $g  $r  $c  $r1  $r2"
  go_all+="$g " rs_all+="$r " rc_all+="$c " r1_all+="$r1 " r2_all+="$r2 "
done
rest=$("$rs_bin" --only std --min-time 1 "$corpus") || die "the Rust bench failed"
std=$(get ns_per_doc_std_hashmap "$rest")
rest=$("$rs_bin" --only dollars "$corpus") || die "the Rust bench failed"
dollars=$(get ms_dollar_escapes_16000 "$rest")

echo "== Summary: medians of $reps interleaved repetitions, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) =="
echo "go ns_per_doc=$(median <<<"$go_all")"
echo "rust ns_per_doc=$(median <<<"$rs_all") (one-shot)"
echo "rust ns_per_doc_compiled=$(median <<<"$rc_all")"
echo "rust ns_per_doc_std_hashmap=$std"
echo "ratio_one_shot=$(median <<<"$r1_all")x (target >= 50x)"
echo "ratio_compiled=$(median <<<"$r2_all")x (target >= 100x)"
echo "rust ms_dollar_escapes_16000=$dollars (target < 5 ms)"
