#!/usr/bin/env bash
# Differential tests: Rust (function-core's envsubst, resolution, DB_VERSION, container build and
# runtime settings) against upstream's own Go code (tests/oracle-go, built by scripts/oracle.sh)
# on N generated cases (default 10000), after the committed regression cases
# (tests/fixtures/differential/regressions.jsonl). Prints
#   differential: N cases, A agreed, D disagreed (...)
# and exits 1 on any disagreement, printing the minimal failing case. Documented divergences are
# excluded by name, each counted on its own line with its reason.
# Usage: scripts/differential.sh [N]        DIFFERENTIAL_SEED=text picks another generator seed
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "differential.sh: N must be a positive integer, not '$n'" >&2; exit 2; }
# shellcheck source=scripts/oracle.sh
source "$root/scripts/oracle.sh"
oracle_build
out=$(cd "$root" && DIFFERENTIAL_CASES=$n cargo test -q -p kubestash-fn-tests --test differential \
  -- --nocapture 2>&1) && status=0 || status=$?
grep '^differential: ' <<<"$out" || true
if [ "$status" -ne 0 ]; then
  echo "$out" | sed -n '/Rust and Go disagree/,/^failures:/p' >&2
  grep -q '^differential: ' <<<"$out" || echo "$out" >&2
  exit 1
fi
grep -q '^differential: .* 0 disagreed' <<<"$out" || { echo "differential.sh: no summary line" >&2; exit 1; }
