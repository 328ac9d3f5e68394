#!/usr/bin/env bash
# The reader's bounds against real inputs, measured: generates the inputs below under
# target/bench-bounds, runs a release `kubestash-fn` on each, and prints wall time, peak memory
# (maximum resident set size, from GNU time -v) and, for eval, peak memory over input size.
#
#   stream-10000.yaml       10,000 Functions in one multi-document stream   (fmt; target < 5 s)
#   object-3mib-args.yaml   one Function of 3 MiB: 40,000 arguments          (fmt)
#   object-3mib-string.yaml one Function of 3 MiB: one 3 MiB argument        (fmt)
#   object-3mib-dense.yaml  one Function of 3 MiB: args: [a,a,...], the densest YAML (fmt)
#   template-50mb.jsonl     one eval job, a 50 MB multi-line template         (eval --jsonl;
#   template-50mb-plain.jsonl  the same without JSON escapes                   target < 1 s, < 3x)
#
# usage: scripts/bench-bounds.sh [KUBESTASH_FN]   (default: builds target/release/kubestash-fn)
# Needs python3 (to generate the inputs) and GNU time (/usr/bin/time; installed from Debian's
# `time` package with apt-get when missing).
# Fails (non-zero) when python3, cargo or GNU time is missing, or when a case exits non-zero
# (after printing every case).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/target/bench-bounds
die() { echo "bench-bounds.sh: $*" >&2; exit 1; }
command -v python3 >/dev/null || die "python3 is required to generate the inputs"
mkdir -p "$work"

if [ ! -x /usr/bin/time ]; then
  echo "bench-bounds.sh: installing GNU time (Debian package time)" >&2
  apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time; } >&2
fi
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is missing and could not be installed"

if [ $# -ge 1 ]; then
  bin=$(realpath "$1")
else
  command -v cargo >/dev/null || die "cargo is required to build kubestash-fn"
  (cd "$root" && cargo build --quiet --release -p function-cli) || die "cargo build --release failed"
  bin=$root/target/release/kubestash-fn
fi

python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
MiB = 1 << 20

def write(name, text):
    path = os.path.join(work, name)
    if not os.path.exists(path) or os.path.getsize(path) != len(text.encode()):
        with open(path, "w") as f:
            f.write(text)

head = ("apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: {name}\n"
        "spec:\n  image: ghcr.io/kubestash/pvc:v0.28.0\n")
write("stream-10000.yaml", "---\n".join(
    head.format(name=f"fn-{i}") + "  args:\n  - backup\n  - --namespace=${namespace:=default}\n"
    for i in range(10_000)))

target = 3 * MiB
one = head.format(name="big")
args, i = [one, "  args:\n"], 0
size = sum(map(len, args))
while True:
    line = f"  - --arg-{i}=${{namespace:=default}}-{'x' * 40}\n"
    if size + len(line) > target:
        break
    args.append(line); size += len(line); i += 1
write("object-3mib-args.yaml", "".join(args))
prefix = one + "  args:\n  - \""
write("object-3mib-string.yaml", prefix + "y" * (target - len(prefix) - 2) + "\"\n")
prefix = one + "  args: [a"
write("object-3mib-dense.yaml", prefix + ",a" * ((target - len(prefix) - 2) // 2) + "]\n")

# A template as a large rendered manifest looks: lines with variables, defaults and `$$`;
# its output is about as long as the template.
unit = "  - --namespace=${namespace} --wait=${wait:=300s} --cmd=$$(echo) \"quoted\"\tpadding text\n"
n = 50_000_000 // (len(json.dumps(unit)) - 2)
vars = {"namespace": "production", "wait": "60s"}
write("template-50mb.jsonl", json.dumps({"template": unit * n, "vars": vars}) + "\n")
plain = "  - --namespace=${namespace} --wait=${wait:=300s} --cmd=$$(echo) padding text padding "
n = 50_000_000 // len(plain)
write("template-50mb-plain.jsonl", json.dumps({"template": plain * n, "vars": vars}) + "\n")
PY

# measure LABEL INPUT CMD...: runs CMD with stdout to /dev/null and prints the figures.
measure() {
  local label=$1 input=$2
  shift 2
  local log status=0
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || status=$?
  local wall rss bytes
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  bytes=$(stat -c %s "$input")
  awk -v l="$label" -v w="$wall" -v r="$rss" -v b="$bytes" -v s="$status" 'BEGIN {
    printf "%-28s input=%7.2f MiB  exit=%d  wall=%.2f s  peak_rss=%7.1f MiB  peak/input=%.2fx\n",
      l, b / 1048576, s, w, r / 1024, r * 1024 / b
  }'
  if [ "$status" -ne 0 ]; then
    failed+=("$label")
    grep -v '^\s' "$log" | grep -v '^Command exited' | head -3 | sed 's/^/    /'
  fi
  rm -f "$log"
}

failed=()
echo "kubestash-fn: $bin"
cd "$work"
measure "fmt stream-10000" stream-10000.yaml "$bin" fmt stream-10000.yaml
measure "fmt object-3mib-args" object-3mib-args.yaml "$bin" fmt object-3mib-args.yaml
measure "fmt object-3mib-string" object-3mib-string.yaml "$bin" fmt object-3mib-string.yaml
measure "fmt object-3mib-dense" object-3mib-dense.yaml "$bin" fmt object-3mib-dense.yaml
measure "eval --jsonl template-50mb" template-50mb.jsonl "$bin" eval --jsonl template-50mb.jsonl
measure "eval --jsonl template-50mb-plain" template-50mb-plain.jsonl \
  "$bin" eval --jsonl template-50mb-plain.jsonl
if [ ${#failed[@]} -gt 0 ]; then
  die "failed: ${failed[*]}"
fi
