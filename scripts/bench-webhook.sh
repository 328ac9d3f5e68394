#!/usr/bin/env bash
# A bounded load test of `kubestash-fn webhook` on loopback (README "Performance").
#
# The webhook (a release build, --no-cluster: the lint alone) serves on a free port of
# 127.0.0.1 with a certificate made here (openssl). wrk (Debian's, installed with apt-get when
# missing) posts AdmissionReview bodies over HTTPS for a fixed duration each, paced by its Lua
# `delay()` towards RATE requests per second in all (wrk has no wrk2-style constant-rate mode:
# the pacing is per connection and closed-loop, so the rate achieved is printed beside the
# target). Two bodies, both a CREATE of one Addon the size of a 64-object catalog (32 backup
# and 32 restore tasks, each with 2 parameters: about 20 KB of JSON):
#   admission  the Addon is clean: allowed;
#   denial     one task name repeated: denied (KSF0003).
# For each: requests, non-2xx/socket errors, the rate achieved, p50/p90/p99/max latency (wrk's
# own histogram, microseconds). Then the webhook's VmRSS and VmHWM (/proc/PID/status) after the
# total requests, and the host load before and after. Stops by itself; the webhook is stopped
# by its pid.
#
# usage: scripts/bench-webhook.sh [SECONDS_EACH] [RATE] [CONNECTIONS]
#        (defaults: 50 s each, 1000 req/s, 16 connections: about 100,000 requests in all)
#        KUBESTASH_FN=path uses that binary instead of building target/release/kubestash-fn.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
secs=${1:-50}
rate=${2:-1000}
conns=${3:-16}
die() { echo "bench-webhook.sh: $*" >&2; exit 1; }

if ! command -v wrk >/dev/null; then
  echo "bench-webhook.sh: installing wrk (apt-get install -y wrk)" >&2
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; } \
    || die "apt-get install wrk failed"
fi
command -v openssl >/dev/null || die "openssl is needed (apt-get install -y openssl)"
bin=${KUBESTASH_FN:-}
if [ -z "$bin" ]; then
  CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1} cargo build --quiet --release -p function-cli || die "cargo build --release failed"
  bin=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/kubestash-fn
fi

work=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" \
  -out "$work/cert.pem" -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
def review(addon, uid):
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": uid,
        "kind": {"group": "addons.kubestash.com", "version": "v1alpha1", "kind": "Addon"},
        "resource": {"group": "addons.kubestash.com", "version": "v1alpha1", "resource": "addons"},
        "name": addon["metadata"]["name"], "operation": "CREATE",
        "userInfo": {"username": "kubernetes-admin", "groups": ["system:masters"]},
        "object": addon, "oldObject": None, "dryRun": False}}
def task(kind, i):
    return {"name": f"{kind}-{i:02}", "function": f"db{i:02}-{kind}", "driver": "Restic",
            "parameters": [{"name": "namespace", "usage": "the namespace of the database", "default": "default"},
                           {"name": "waitTimeout", "usage": "seconds to wait for the database", "default": "300"}],
            "singleton": True}
addon = {"apiVersion": "addons.kubestash.com/v1alpha1", "kind": "Addon",
         "metadata": {"name": "catalog-addon", "uid": "0b0c7f3e-0000-4000-8000-000000000064",
                      "resourceVersion": "1", "creationTimestamp": "2026-12-07T15:00:00Z"},
         "spec": {"backupTasks": [task("backup", i) for i in range(32)],
                  "restoreTasks": [task("restore", i) for i in range(32)]}}
json.dump(review(addon, "bench-admission"), open(f"{work}/admission.json", "w"))
addon["spec"]["backupTasks"][1]["name"] = addon["spec"]["backupTasks"][0]["name"]
json.dump(review(addon, "bench-denial"), open(f"{work}/denial.json", "w"))
PY

cat >"$work/post.lua" <<'LUA'
-- POSTs the body of $BODY; each connection waits $DELAY_MS between requests; prints the
-- figures as one line of `key=value` when done.
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local pause = tonumber(os.getenv("DELAY_MS"))
function delay() return pause end
local expect = os.getenv("EXPECT")
local bad = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body)
  if status ~= 200 or not string.find(body, expect, 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local wrong = 0
  for _, t in ipairs(threads) do wrong = wrong + (t:get("bad") or 0) end
  local e = summary.errors
  io.write(string.format(
    "requests=%d seconds=%.2f rate=%.1f errors=%d non2xx=%d wrong=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, e.status, wrong,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
LUA

"$bin" webhook --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" --addr 127.0.0.1:0 --no-cluster \
  2>"$work/webhook.log" &
pid=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's/.*"event":"listening".*"addr":"127\.0\.0\.1:\([0-9]*\)".*/\1/p' "$work/webhook.log" | head -1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || die "the webhook did not start: $(cat "$work/webhook.log")"

echo "machine: $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "target: $rate req/s over $conns connections (wrk $(wrk --version 2>&1 | head -1 | cut -d' ' -f2)), $secs s per body, body $(wc -c <"$work/admission.json") bytes"
# Each connection paces itself: conns / (delay + latency) ≈ rate, latency taken as ~2 ms.
delay_ms=$(( conns * 1000 / rate - 2 ))
[ "$delay_ms" -ge 0 ] || delay_ms=0
total=0
for kind in admission denial; do
  expect='"allowed":true'
  [ $kind = denial ] && expect='"allowed":false'
  line=$(BODY="$work/$kind.json" DELAY_MS=$delay_ms EXPECT="$expect" \
    wrk -t2 -c"$conns" -d"${secs}s" --timeout 5s -s "$work/post.lua" "https://127.0.0.1:$port/validate" | tail -1)
  echo "$kind: $line"
  case "$line" in *" errors=0 non2xx=0 wrong=0 "*) ;; *) die "$kind: errors or wrong answers: $line" ;; esac
  total=$(( total + $(echo "$line" | sed 's/^requests=\([0-9]*\).*/\1/') ))
done
rss=$(awk '/^VmRSS/ {print $2" "$3}' "/proc/$pid/status")
hwm=$(awk '/^VmHWM/ {print $2" "$3}' "/proc/$pid/status")
decisions=$(grep -c '"event":"admission"' "$work/webhook.log")
echo "memory after $total requests ($decisions decisions logged): VmRSS $rss, VmHWM $hwm"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
