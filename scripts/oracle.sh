#!/usr/bin/env bash
# Builds the Go oracle (tests/oracle-go: upstream's own Go code answering JSON lines) into
# target/tools/oracle, from the committed go.mod and go.sum (GOFLAGS=-mod=readonly: a module
# missing from go.sum is an error, never a silent update). Go's build cache makes a rebuild
# quick; the binary is rebuilt when a source file is newer than it.
#
# Usage: bash scripts/oracle.sh          prints the binary's path
#        source scripts/oracle.sh; oracle_build   (sets ORACLE to the binary's path)
# Needs Go >= 1.25 and the Go module proxy (or a filled module cache). Fails loudly without.
oracle_build() {
  local root src out
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  src=$root/tests/oracle-go
  out=$root/target/tools/oracle
  if ! command -v go >/dev/null; then
    echo "oracle.sh: go is required to build the oracle (tests/oracle-go); install Go >= 1.25" >&2
    return 1
  fi
  mkdir -p "$root/target/tools"
  if [ ! -x "$out" ] || [ -n "$(find "$src" -newer "$out" -type f -print -quit)" ]; then
    (cd "$src" && GOFLAGS=-mod=readonly go build -trimpath -o "$out.tmp" . && mv "$out.tmp" "$out") || {
      echo "oracle.sh: building tests/oracle-go failed" >&2
      return 1
    }
  fi
  ORACLE=$out
  export ORACLE
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  oracle_build
  echo "$ORACLE"
fi
