#!/usr/bin/env bash
# End to end of function-runtime on a real kube-apiserver (issue 16):
#   1. restic (scripts/restic.sh), the Go oracle (scripts/oracle.sh), the cluster
#      (scripts/cluster.sh up, its own state under target/cluster-runtime unless KSF_CLUSTER_DIR),
#      and an S3-compatible server on loopback (moto, scripts/s3.sh) for the `s3` backend;
#   2. `kubestash-fn new file-tree` writes a plugin workspace under target/e2e-runtime/ws, built
#      with this repository's Cargo.lock (its build.rs writes manifests.yaml);
#   3. `cargo test -p function-runtime --test e2e -- --ignored`: the upstream CRDs applied, the
#      objects created as the operator would, the plugin run with the arguments
#      `kubestash-fn resolve` gives for its task, the result judged by the oracle's CalculatePhase.
# Prints each case with its result; exit 1 when one fails. `--keep` leaves the cluster up.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
keep=0; [ "${1:-}" = "--keep" ] && keep=1
work=$root/target/e2e-runtime
export KSF_CLUSTER_DIR=${KSF_CLUSTER_DIR:-$root/target/cluster-runtime}

RESTIC_BIN=$(bash scripts/restic.sh); export RESTIC_BIN
ORACLE=$(bash scripts/oracle.sh); export ORACLE
cargo build -q -p function-cli
kubestash_fn=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/kubestash-fn

rm -rf "$work/ws"
mkdir -p "$work"
"$kubestash_fn" new file-tree --out "$work/ws" --core-path "$root/function-core"
cp Cargo.lock "$work/ws/Cargo.lock"
target=$(dirname "$(dirname "$kubestash_fn")")
(cd "$work/ws" && CARGO_TARGET_DIR=$target cargo build --offline -q)
plugin=$target/debug/file-tree
[ -x "$plugin" ] || { echo "e2e-runtime.sh: the plugin binary $plugin was not built" >&2; exit 1; }

# shellcheck source=scripts/s3.sh
source scripts/s3.sh
s3_up "$work/s3"
bash scripts/cluster.sh up >/dev/null
if [ "$keep" = 0 ]; then
  trap 's3_down; bash scripts/cluster.sh down >/dev/null 2>&1 || true' EXIT
else
  trap 's3_down' EXIT
fi
eval "$(bash scripts/cluster.sh env)"
export E2E_S3_ENDPOINT=$S3_ENDPOINT

export E2E_PLUGIN=$plugin E2E_MANIFESTS=$work/ws/file-tree/manifests.yaml E2E_KUBESTASH_FN=$kubestash_fn
export E2E_DIR=$work/cases
rm -rf "$E2E_DIR"
status=0
cargo test -p function-runtime --features v1_34 --test e2e -- --ignored --test-threads=2 2>&1 \
  | tee "$work/e2e.log" | grep -E '^test |test result' || true
grep -q '^test result: ok' "$work/e2e.log" || status=1
[ "$status" = 0 ] && echo "e2e-runtime.sh: every case passed" || echo "e2e-runtime.sh: FAILED (see $work/e2e.log)" >&2
exit $status
