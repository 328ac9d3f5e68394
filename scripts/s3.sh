#!/usr/bin/env bash
# An S3-compatible server on loopback for the runtime's end-to-end checks (issue 16): moto's
# server mode (PyPI `moto[server]`, pinned below), installed once into target/tools/moto, run on
# 127.0.0.1 with a free port and stopped by its pid. No cloud store is reachable here; moto
# answers the S3 calls restic makes (bucket creation, objects, listing) for real.
#
# Usage: source scripts/s3.sh; s3_up DIR   starts it (state and log in DIR), exports
#                                           S3_ENDPOINT=http://127.0.0.1:PORT and S3_PID
#        s3_down                            stops it (by S3_PID) and waits for it to exit
#        bash scripts/s3.sh                 installs moto and prints its server's path
MOTO_VERSION=5.2.6

s3_install() {
  local root venv
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  venv=$root/target/tools/moto
  if [ ! -x "$venv/bin/moto_server" ] \
    || [ "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null)" != "$MOTO_VERSION" ]; then
    command -v python3 >/dev/null || { echo "s3.sh: python3 is required to install moto" >&2; return 1; }
    echo "s3.sh: installing moto[server]==$MOTO_VERSION into $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv" \
      && "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2 \
      || { rm -rf "$venv"; echo "s3.sh: pip install moto[server]==$MOTO_VERSION failed" >&2; return 1; }
  fi
  MOTO_SERVER=$venv/bin/moto_server
}

s3_up() {
  local dir=$1 port=""
  s3_install || return 1
  mkdir -p "$dir"
  "$MOTO_SERVER" -H 127.0.0.1 -p 0 >"$dir/moto.log" 2>&1 &
  S3_PID=$!
  for _ in $(seq 150); do
    port=$(sed -n 's|.*Running on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$dir/moto.log" | head -1)
    [ -n "$port" ] && break
    kill -0 "$S3_PID" 2>/dev/null || break
    sleep 0.2
  done
  if [ -z "$port" ]; then
    echo "s3.sh: moto did not start: $(cat "$dir/moto.log")" >&2
    kill "$S3_PID" 2>/dev/null || true
    return 1
  fi
  S3_ENDPOINT=http://127.0.0.1:$port
  export S3_ENDPOINT S3_PID
  echo "s3.sh: moto $MOTO_VERSION on $S3_ENDPOINT (pid $S3_PID)" >&2
}

s3_down() {
  [ -n "${S3_PID:-}" ] || return 0
  kill "$S3_PID" 2>/dev/null || true
  wait "$S3_PID" 2>/dev/null || true
  S3_PID=""
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  s3_install
  echo "$MOTO_SERVER"
fi
