#!/usr/bin/env bash
# Compile cost of a plugin's argument structs, measured side by side in one run: the same 60
# structs (scripts/gen-bench-crates.py) with
#   ours   #[derive(Function)], function-core with default features off (a plugin's lean build)
#   clap   #[derive(clap::Args)]
#   serde  #[derive(Serialize, Deserialize)]
# Each crate is standalone, outside this workspace (so no .cargo/config.toml of ours applies),
# with this workspace's Cargo.lock so that shared dependencies have the same versions.
#
#   cold   a fresh target directory: the crate and all its dependencies (wall seconds)
#   cpu    the same build's CPU seconds (user + system of cargo and every rustc): steadier than
#          wall time on a machine shared with other builds
#   crate  dependencies built, the crate alone rebuilt after touching src/lib.rs: the derive's
#          own compile cost
#
# usage: scripts/bench-build.sh            RUNS=3 scripts/bench-build.sh (median of 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/kubestash-fn-bench-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset K8S_OPENAPI_ENABLED_VERSION

python3 "$root/scripts/gen-bench-crates.py" "$work/crates" "$root/function-core"
flavours=(ours clap serde)
for f in "${flavours[@]}"; do
  cp "$root/Cargo.lock" "$work/crates/$f/Cargo.lock"
  (cd "$work/crates/$f" && cargo fetch -q)
done

# The lean tree must hold no Kubernetes, YAML or regex crate.
heavy=$(cd "$work/crates/ours" && cargo tree -e normal --prefix none --format '{p}' \
  | grep -E '^(k8s-openapi|kube|kube-core|schemars|serde-saphyr|serde_json|regex) ' | sort -u || true)
if [ -n "$heavy" ]; then
  echo "error: the lean build depends on: $heavy" >&2
  exit 1
fi
echo "lean tree (cargo tree -e normal): $(cd "$work/crates/ours" && cargo tree -e normal --prefix none --format '{p}' | awk '{print $1}' | sort -u | tr '\n' ' ')"

# build DIR TARGET: "WALL CPU" seconds of `cargo build` there (CPU: cargo and its rustc children)
build() {
  (cd "$1" && CARGO_TARGET_DIR="$2" python3 -c '
import resource, subprocess, sys, time
start = time.monotonic()
code = subprocess.run(["cargo", "build", "-q"]).returncode
wall = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.2f} {usage.ru_utime + usage.ru_stime:.2f}")
sys.exit(code)')
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

declare -A cold cpu crate
for ((r = 1; r <= runs; r++)); do
  for f in "${flavours[@]}"; do
    rm -rf "$work/target-$f"
    read -r wall secs < <(build "$work/crates/$f" "$work/target-$f")
    cold[$f]+="$wall "
    cpu[$f]+="$secs "
    touch "$work/crates/$f/src/lib.rs"
    read -r wall _ < <(build "$work/crates/$f" "$work/target-$f")
    crate[$f]+="$wall "
  done
done

echo "runs=$runs (median), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
printf '%-6s %10s %10s %10s\n' "" "cold_s" "cold_cpu_s" "crate_s"
for f in "${flavours[@]}"; do
  c=$(median <<<"${cold[$f]}")
  u=$(median <<<"${cpu[$f]}")
  k=$(median <<<"${crate[$f]}")
  printf '%-6s %10s %10s %10s\n' "$f" "$c" "$u" "$k"
  eval "cold_$f=$c cpu_$f=$u crate_$f=$k"
done
awk -v o="$cold_ours" -v c="$cold_clap" -v uo="$cpu_ours" -v uc="$cpu_clap" \
  -v ko="$crate_ours" -v ks="$crate_serde" -v kc="$crate_clap" 'BEGIN {
  printf "ratio_cold_ours_vs_clap=%.2fx (target <= 1.5x)\n", o / c
  printf "ratio_cold_cpu_ours_vs_clap=%.2fx\n", uo / uc
  printf "ratio_crate_ours_vs_clap=%.2fx\n", ko / kc
  printf "ratio_crate_ours_vs_serde=%.2fx\n", ko / ks
}'
