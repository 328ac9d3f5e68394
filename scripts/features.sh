#!/usr/bin/env bash
# Builds function-core with each of its features alone (default features off), so that a
# feature that silently leans on another (an item used without its `cfg`, a dependency another
# feature turns on) fails here rather than in a user's lean build. Features that bring in the
# Kubernetes types get a Kubernetes version too (a final crate picks one; here v1_34).
#
# Usage: scripts/features.sh [FEATURE...]   (default: every feature below, and none at all)
# Prints one line per feature set and exits 1 if any does not build.
set -euo pipefail
cd "$(dirname "$0")/.."

# feature -> the extra features it needs to build alone (a Kubernetes version for `api` users).
declare -A needs=(
  [none]=""
  [derive]=""
  [envsubst]=""
  [api]="v1_34"
  [yaml]="v1_34"
  [resolve]="v1_34"
  [lint]="v1_34"
  [catalog]="v1_34"
)
order=(none derive envsubst api yaml resolve lint catalog)
if [ $# -gt 0 ]; then order=("$@"); fi

failed=()
for feature in "${order[@]}"; do
  if [ -z "${needs[$feature]+set}" ]; then
    echo "features.sh: unknown feature set '$feature' (known: ${!needs[*]})" >&2
    exit 2
  fi
  set_=""
  [ "$feature" != none ] && set_="$feature"
  [ -n "${needs[$feature]}" ] && set_="${set_:+$set_,}${needs[$feature]}"
  # A warning (an import or item unused in this set) fails too: the workspace denies them in CI.
  if cargo check -q -p function-core --lib --no-default-features ${set_:+--features "$set_"} 2>target/features-$feature.log \
    && ! grep -q '^warning' target/features-$feature.log; then
    echo "ok    function-core --no-default-features --features '${set_}'"
  else
    echo "FAIL  function-core --no-default-features --features '${set_}' (target/features-$feature.log):" >&2
    grep -E '^(error|warning)' -A6 target/features-$feature.log | head -40 >&2 || true
    failed+=("$feature")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "features.sh: ${#failed[@]} feature set(s) do not build alone: ${failed[*]}" >&2
  exit 1
fi
echo "features.sh: ${#order[@]} feature sets build alone"
