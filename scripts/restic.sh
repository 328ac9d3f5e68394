#!/usr/bin/env bash
# Makes sure restic (Debian's package) is installed, and prints its path and version.
# The runtime (function-runtime) runs `restic` from PATH, or from $RESTIC_BIN when set.
# Usage: bash scripts/restic.sh            (installs with apt-get when missing)
#        source scripts/restic.sh          (also exports RESTIC_BIN)
set -euo pipefail

die() { echo "restic.sh: $*" >&2; exit 1; }

if ! command -v restic >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "restic is missing and apt-get is not available: install restic (0.14 or later)"
  echo "restic.sh: installing restic with apt-get" >&2
  if ! apt-get install -y -q restic >&2; then
    apt-get update -q >&2 || die "apt-get update failed"
    apt-get install -y -q restic >&2 || die "apt-get install restic failed"
  fi
fi
RESTIC_BIN=$(command -v restic) || die "restic is still not on PATH after the install"
export RESTIC_BIN
"$RESTIC_BIN" version >&2 || die "$RESTIC_BIN does not run"
echo "$RESTIC_BIN"
