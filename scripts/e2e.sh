#!/usr/bin/env bash
# End-to-end checks against a real Kubernetes API server: the control plane of
# scripts/cluster.sh (etcd + kube-apiserver on loopback, in its own state directory, brought up
# here and always brought down on exit), driven with the kubectl and helm v3/v4 of
# scripts/tools.sh, by scripts/e2e.py:
#   1. the CRDs of `kubestash-fn crd` are applied server-side, become Established, and read back
#      equal to what was sent;
#   2. every object the project prints or writes (the reference fixtures and the precedence
#      fixtures through `kubestash-fn fmt`, the example catalog in Rust, the example plugin's
#      manifests.yaml, the output of a workspace written by `kubestash-fn import` and of one
#      written by `kubestash-fn new`) is created with server-side apply under strict field
#      validation, read back, and what was sent is part of what the server holds (its defaults
#      aside; a difference is reported by path), then deleted;
#   3. every chart the project generates (those of scripts/conformance.sh) is installed,
#      upgraded with a proxy, then a bound value, then an app switch (after each, the changed
#      objects and only those differ on the server), and uninstalled leaving nothing, with helm
#      v3 and helm v4;
#   4. malformed objects (tests/fixtures/e2e/: a wrong type, an unknown field, a missing
#      required field) are rejected by the server under --validate=strict, at the field path
#      `kubestash-fn lint` reports for the same file.
# Every check prints an `ok:` line; the first failure stops the run with a FAIL message (exit 1).
#
# Left out: tests/fixtures/chart/hostile.yaml (and its chart). It tests that text reaches helm
# unchanged, and its label value `{{ .Release.Name }}` is not a valid Kubernetes label value:
# the API server rejects the object (metadata.labels), as it should.
#
# usage: scripts/e2e.sh     (KSF_E2E_CLUSTER_DIR: the cluster's state directory, default
#                            <target dir>/e2e-cluster; never the one of `scripts/cluster.sh up`)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
start=$SECONDS

# shellcheck source=scripts/tools.sh
source scripts/tools.sh
[ -x "$KUBECTL" ] && [ -x "$HELM3" ] && [ -x "$HELM4" ] || { echo "e2e.sh: kubectl or helm is not installed" >&2; exit 1; }

target_dir=$(cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
export KSF_CLUSTER_DIR="${KSF_E2E_CLUSTER_DIR:-$target_dir/e2e-cluster}"

work=$(mktemp -d "${TMPDIR:-/tmp}/kubestash-fn-e2e.XXXXXX")
# The workspaces of `new` and `import` live outside this repository (none of its settings
# apply), built in target/new-workspace, shared with function-cli's tests and conformance.sh.
outside="$work/outside"
mkdir -p "$outside"
cleanup() {
  local rc=$? down_rc=0
  bash scripts/cluster.sh down || down_rc=$?
  rm -rf "$work"
  if [ "$down_rc" -ne 0 ]; then
    echo "FAIL: scripts/cluster.sh down failed: a process or a port is left" >&2
    [ "$rc" -ne 0 ] || rc=1
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "e2e.sh: building kubestash-fn and the examples" >&2
cargo build --quiet -p function-cli -p kubestash-catalog -p postgres-plugin -p imported-catalog
bin="$target_dir/debug"
fn="$bin/kubestash-fn"

e2e() { "$TOOLS_PY" scripts/e2e.py --kubectl "$KUBECTL" "$@"; }

checks() {
  echo "== the workspaces of kubestash-fn new and import"
  local t0=$SECONDS
  local ws="$outside/demo-plugin" imp="$outside/kubestash-catalog"
  "$fn" new demo-plugin --out "$ws" --core-path "$root/function-core" > /dev/null
  cp Cargo.lock "$ws/"
  (cd "$ws" && CARGO_TARGET_DIR="$root/target/new-workspace" cargo build --quiet --offline)
  "$fn" import tests/fixtures/catalog/raw --out "$imp" --core-path "$root/function-core" > /dev/null
  cp Cargo.lock "$imp/"
  (cd "$imp" && CARGO_TARGET_DIR="$root/target/new-workspace" cargo run --quiet --offline \
    > "$work/import.manifests.yaml" && CARGO_TARGET_DIR="$root/target/new-workspace" \
    cargo run --quiet --offline -- --chart "$work/import/kubestash-catalog")
  echo "ok: kubestash-fn new and import workspaces built, their manifests and charts written ($((SECONDS - t0)) s)"

  echo "== the control plane (scripts/cluster.sh up)"
  t0=$SECONDS
  bash scripts/cluster.sh down  # a run killed before its trap left it up: start afresh
  bash scripts/cluster.sh up > "$work/env"
  # shellcheck source=/dev/null
  source "$work/env"
  echo "ok: $(bash scripts/cluster.sh status) in $((SECONDS - t0)) s; $("$KUBECTL" version \
    | paste -sd' ' -)"

  echo "== the CRDs"
  "$fn" crd > "$work/crds.yaml"
  e2e crds "$work/crds.yaml"

  echo "== every object the project prints or writes: server-side apply, read back"
  local raw=tests/fixtures/catalog/raw precedence=tests/fixtures/resolve/precedence
  "$fn" fmt "$raw" > "$work/reference.fmt.yaml"
  "$fn" fmt "$precedence/function.yaml" "$precedence/addon.yaml" > "$work/precedence.fmt.yaml"
  "$bin/kubestash-catalog" --out "$work/example/kubestash-catalog" \
    --manifests "$work/example.manifests.yaml"
  e2e objects \
    "the reference fixtures through fmt=$work/reference.fmt.yaml" \
    "the precedence fixtures through fmt=$work/precedence.fmt.yaml" \
    "the example catalog (cargo run -p kubestash-catalog)=$work/example.manifests.yaml" \
    "examples/postgres-plugin/manifests.yaml=examples/postgres-plugin/manifests.yaml" \
    "the kubestash-fn import workspace's output=$work/import.manifests.yaml" \
    "the kubestash-fn new workspace's manifests.yaml=$ws/demo-plugin/manifests.yaml"

  echo "== every generated chart: helm install, upgrade, uninstall (v3 and v4)"
  chart() { e2e chart --helm "$HELM3" --helm "$HELM4" "$@"; }
  "$fn" chart "$raw" --out "$work/kubestash-catalog" \
    --name kubestash-catalog --version 2026.7.10 --app-version v2026.7.10 \
    --kube-version '>=1.26.0-0' --helm-value waitTimeout
  chart --label "kubestash-fn chart over the reference YAML" --release reference \
    --chart "$work/kubestash-catalog" --manifests "$work/reference.fmt.yaml" \
    --proxy ghcr=ghcr.io=registry.example/ghcr --disable pvc --value waitTimeout=waitTimeout=600
  chart --label "examples/kubestash-catalog (Rust)" --release example \
    --chart "$work/example/kubestash-catalog" --manifests "$work/example.manifests.yaml" \
    --proxy ghcr=ghcr.io=registry.example/ghcr --disable pvc --value waitTimeout=waitTimeout=600
  "$bin/imported-catalog" > "$work/imported.manifests.yaml"
  "$bin/imported-catalog" --chart "$work/imported/kubestash-catalog"
  chart --label "tests/imported-catalog (imported)" --release imported \
    --chart "$work/imported/kubestash-catalog" --manifests "$work/imported.manifests.yaml" \
    --proxy ghcr=ghcr.io=registry.example/ghcr --disable pvc
  "$bin/imported-catalog" --edge > "$work/imported-edge.manifests.yaml"
  "$bin/imported-catalog" --edge --chart "$work/imported/edge-cases"
  chart --label "tests/imported-catalog --edge (imported)" --release edge \
    --chart "$work/imported/edge-cases" --manifests "$work/imported-edge.manifests.yaml" \
    --disable mysql
  chart --label "examples/postgres-plugin (build.rs)" --release postgres \
    --chart examples/postgres-plugin/chart --manifests examples/postgres-plugin/manifests.yaml \
    --proxy ghcr=ghcr.io=registry.example/ghcr --disable postgres \
    --value waitTimeout=waitTimeout=600
  chart --label "kubestash-fn new demo-plugin (build.rs)" --release demo \
    --chart "$ws/demo-plugin/chart" --manifests "$ws/demo-plugin/manifests.yaml" \
    --proxy ghcr=ghcr.io=registry.example/ghcr --disable demo
  chart --label "kubestash-fn import (cargo run -- --chart)" --release imported-ws \
    --chart "$work/import/kubestash-catalog" --manifests "$work/import.manifests.yaml" \
    --proxy ghcr=ghcr.io=registry.example/ghcr --disable pvc

  echo "== malformed objects: the server and kubestash-fn lint reject them at the same path"
  e2e malformed --kubestash-fn "$fn" tests/fixtures/e2e/*.yaml
}

checks | tee "$work/log"
echo "e2e.sh: all $(grep -c '^ok:' "$work/log") checks passed in $((SECONDS - start)) s"
