#!/usr/bin/env bash
# Compile cost of a plugin's argument structs, measured side by side in one run: the same 60
# structs (scripts/gen-bench-crates.py) with
#   ours   #[derive(Function)], function-core with default features off (a plugin's lean build)
#   clap   #[derive(clap::Args)]
#   serde  #[derive(Serialize, Deserialize)]
#   full   the `ours` source with function-core's default features and v1_34 (what a plugin's
#          build script compiles): crate alone only, its dependencies are built once, untimed
#          (FULL=0 skips it)
# Each crate is standalone, outside this workspace (so no .cargo/config.toml of ours applies),
# with this workspace's Cargo.lock so that shared dependencies have the same versions.
#
#   cold   a fresh target directory: the crate and all its dependencies (wall seconds)
#   cpu    the same build's CPU seconds (user + system of cargo and every rustc): steadier than
#          wall time on a machine shared with other builds
#   crate  dependencies built, the crate alone rebuilt after touching src/lib.rs: the derive's
#          own compile cost (CARGO_INCREMENTAL=0, so the crate is compiled from scratch; its
#          dependencies, proc macros included, are not rebuilt)
# Every repetition builds the three flavours one after the other (interleaved), so that load
# from other builds falls on all three alike; the figures are the medians.
#
# The README's rows: "a plugin's cold build" is ratio_cold_ours_vs_clap (target <= 1.5x, issue
# 10); "the derive's compile cost" is ratio_crate_ours_vs_serde (and ratio_crate_full_vs_serde
# with every feature on).
#
# usage: scripts/bench-build.sh            RUNS=3 scripts/bench-build.sh (median of 3)
# Fails (non-zero) when cargo or python3 is missing or a build fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-1}
die() { echo "bench-build.sh: $*" >&2; exit 1; }
for tool in cargo python3; do
  command -v "$tool" >/dev/null || die "$tool is required"
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$runs'"
export CARGO_INCREMENTAL=0
work=$(mktemp -d "${TMPDIR:-/tmp}/kubestash-fn-bench-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset K8S_OPENAPI_ENABLED_VERSION

python3 "$root/scripts/gen-bench-crates.py" "$work/crates" "$root/function-core"
flavours=(ours clap serde)
full=${FULL:-1}
crates=("${flavours[@]}")
[ "$full" = 0 ] || crates+=(full)
for f in "${crates[@]}"; do
  cp "$root/Cargo.lock" "$work/crates/$f/Cargo.lock"
  (cd "$work/crates/$f" && cargo fetch -q) || die "cargo fetch failed for the $f crate"
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

if [ "$full" != 0 ]; then
  echo "building the dependencies of the full crate (untimed)"
  (cd "$work/crates/full" && CARGO_TARGET_DIR="$work/target-full" cargo build -q) \
    || die "build of the full crate failed"
fi

declare -A cold cpu crate
for ((r = 1; r <= runs; r++)); do
  for f in "${flavours[@]}"; do
    rm -rf "$work/target-$f"
    # (not `read < <(build)`: a failed build must stop the script)
    out=$(build "$work/crates/$f" "$work/target-$f") || die "cold build of the $f crate failed"
    read -r wall secs <<<"$out"
    cold[$f]+="$wall "
    cpu[$f]+="$secs "
    touch "$work/crates/$f/src/lib.rs"
    out=$(build "$work/crates/$f" "$work/target-$f") || die "rebuild of the $f crate failed"
    read -r wall _ <<<"$out"
    crate[$f]+="$wall "
  done
  if [ "$full" != 0 ]; then
    touch "$work/crates/full/src/lib.rs"
    out=$(build "$work/crates/full" "$work/target-full") || die "rebuild of the full crate failed"
    read -r wall _ <<<"$out"
    crate[full]+="$wall "
  fi
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
  printf "ratio_crate_ours_vs_serde=%.2fx (the derive against serde Serialize + Deserialize)\n", ko / ks
}'
if [ "$full" != 0 ]; then
  k=$(median <<<"${crate[full]}")
  printf '%-6s %10s %10s %10s\n' full - - "$k"
  awk -v k="$k" -v ks="$crate_serde" 'BEGIN { printf "ratio_crate_full_vs_serde=%.2fx\n", k / ks }'
fi
