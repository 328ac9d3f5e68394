#!/usr/bin/env bash
# Build time of the two ways to keep a plugin's chart, on a workspace written by
# `kubestash-fn new` (function-core by path, this repository's Cargo.lock, debug profile,
# CARGO_INCREMENTAL=0, each layout in a target directory of its own, deleted afterwards):
#
#   build.rs   the layout `new` writes: the binary's build.rs writes chart/ at every build
#              that changes the -api crate (the build-dependency compiles function-core with
#              its manifests, k8s-openapi included);
#   generator  no build.rs: a small binary (`chart-gen`, depending on the -api crate with its
#              manifests) writes chart/ when run (`cargo run -p chart-gen`); its output is
#              committed, as kube-rs suggests for CRDs.
#
# For each, wall seconds of: a cold `cargo build -p NAME` (the plugin binary; with build.rs,
# its chart too); for the generator, its first `cargo run -p chart-gen` (the manifest side,
# cold); `cargo build -p NAME` after touching the binary's src/main.rs, then after touching
# the -api crate's src/lib.rs; for the generator, `cargo run -p chart-gen` after that touch.
#
# usage: scripts/bench-chart-layouts.sh        (about 8 minutes on 2 cores; ~2 GB of disk)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_INCREMENTAL=0
cargo build --quiet --manifest-path "$root/Cargo.toml" -p function-cli
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kubestash-fn-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

seconds() { # command... : prints the wall time in seconds of the command (quiet); a failure
  # prints the command's stderr and fails (so does the assignment that called it: set -e)
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2> "$tmp/stderr" || { cat "$tmp/stderr" >&2; echo "FAIL: $*" >&2; return 1; }
  end=$(date +%s.%N)
  printf '%.1f' "$(echo "$end - $start" | bc)"
}

echo "| layout | cold build of the binary | first chart | touch main.rs | touch the -api crate | chart after that touch |"
echo "|---|---:|---:|---:|---:|---:|"
for layout in build.rs generator; do
  ws="$tmp/$layout/demo-plugin"
  "$root/target/debug/kubestash-fn" new demo-plugin --out "$ws" \
    --core-path "$root/function-core" > /dev/null
  cp "$root/Cargo.lock" "$ws/"
  if [ "$layout" = generator ]; then
    rm "$ws/demo-plugin/build.rs"
    # The binary's manifest without its [build-dependencies] table.
    sed -i '/^# build.rs writes the chart/,/^$/d' "$ws/demo-plugin/Cargo.toml"
    sed -i 's/^members = \[\(.*\)\]$/members = [\1, "chart-gen"]/' "$ws/Cargo.toml"
    mkdir -p "$ws/chart-gen/src"
    cat > "$ws/chart-gen/Cargo.toml" <<'TOML'
[package]
name = "chart-gen"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
demo-plugin-api = { path = "../demo-plugin-api" }
TOML
    cat > "$ws/chart-gen/src/main.rs" <<'RS'
fn main() {
    let catalog = demo_plugin_api::catalog();
    catalog.write_chart("demo-plugin/chart").expect("chart");
    catalog.write_manifests("demo-plugin/manifests.yaml").expect("manifests");
}
RS
  fi
  export CARGO_TARGET_DIR="$tmp/$layout/target"
  cd "$ws"
  # Cold: the plugin binary (with build.rs: and its chart).
  cold=$(seconds cargo build --offline -p demo-plugin)
  first="—"
  if [ "$layout" = generator ]; then
    first="$(seconds cargo run --offline -p chart-gen) s"
  fi
  [ -f demo-plugin/chart/Chart.yaml ] || { echo "FAIL: $layout wrote no chart" >&2; exit 1; }
  touch demo-plugin/src/main.rs
  main=$(seconds cargo build --offline -p demo-plugin)
  touch demo-plugin-api/src/lib.rs
  api=$(seconds cargo build --offline -p demo-plugin)
  regen="(in the build)"
  if [ "$layout" = generator ]; then
    regen="$(seconds cargo run --offline -p chart-gen) s"
  fi
  echo "| $layout | ${cold} s | $first | ${main} s | ${api} s | $regen |"
  cd "$root"
  rm -rf "$tmp/$layout/target"
done
echo "($(rustc --version), $(nproc) cores, $(date -u +%Y-%m-%d))"
