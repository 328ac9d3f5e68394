#!/usr/bin/env bash
# Conformance of every chart the project generates, checked with real helm v3 and v4:
#   1. `kubestash-fn chart` over the 16 reference objects (tests/fixtures/catalog/raw);
#   2. `kubestash-fn chart` over hostile text (tests/fixtures/chart/hostile.yaml);
#   3. the example catalog in Rust (`cargo run -p kubestash-catalog -- --out DIR`);
#   4. the example plugin's chart, written by its build.rs (examples/postgres-plugin/chart).
# For each: `helm lint --strict` (v3 and v4); `helm template` with default values renders the
# catalog's own manifests (labels aside, after Go-omitempty normalisation); overrides of a
# proxy, an app switch and a bound value change exactly what they should; the rendered
# objects validate against the CRDs. The checks themselves are in scripts/check_chart.py.
# Installs helm and the validators under target/tools (scripts/tools.sh); fails loudly.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# shellcheck source=scripts/tools.sh
source scripts/tools.sh
[ -x "$HELM3" ] && [ -x "$HELM4" ] || { echo "conformance.sh: helm is not installed" >&2; exit 1; }

echo "conformance.sh: building kubestash-fn and the examples" >&2
# Building postgres-plugin runs its build.rs, which (re)writes examples/postgres-plugin/chart.
cargo build --quiet -p function-cli -p kubestash-catalog -p postgres-plugin
fn="$root/target/debug/kubestash-fn"

work=$(mktemp -d "$root/target/conformance.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$fn" crd > "$work/crds.yaml"

check() { # label chart-dir manifests-file extra-args...
  local label=$1 chart=$2 manifests=$3
  shift 3
  echo "== $label (${chart#"$work"/})"
  "$TOOLS_PY" scripts/check_chart.py --helm "$HELM3" --helm "$HELM4" --label "$label" \
    --chart "$chart" --manifests "$manifests" --crds "$work/crds.yaml" "$@"
}

# 1. The reference catalog from YAML, as upstream's generator does it.
"$fn" chart tests/fixtures/catalog/raw --out "$work/kubestash-catalog" \
  --name kubestash-catalog --version 2026.7.10 --app-version v2026.7.10 \
  --kube-version '>=1.26.0-0' --helm-value waitTimeout
"$fn" fmt tests/fixtures/catalog/raw > "$work/kubestash-catalog.manifests.yaml"
check "kubestash-fn chart over the reference YAML" \
  "$work/kubestash-catalog" "$work/kubestash-catalog.manifests.yaml" \
  --reference tests/fixtures/catalog/raw \
  --proxy ghcr=ghcr.io=registry.example/ghcr --disable pvc --value waitTimeout=waitTimeout=600 \
  --reject waitTimeout=abc --reject 'proxies.ghcr=bad"registry' --reject pvc.enabled=yes

# 2. Hostile text: template syntax, quotes, backslashes, line breaks must come out unchanged.
"$fn" chart tests/fixtures/chart/hostile.yaml --out "$work/hostile" \
  --name hostile --version 0.1.0-rc.1+build.7 --helm-value waitTimeout --helm-value mode
"$fn" fmt tests/fixtures/chart/hostile.yaml > "$work/hostile.manifests.yaml"
check "kubestash-fn chart over hostile text" "$work/hostile" "$work/hostile.manifests.yaml" \
  --proxy ghcr=ghcr.io=registry.example/ghcr --disable hostile \
  --value waitTimeout=waitTimeout=600 --value "mode=mode=x y's" \
  --reject 'mode=a}b' --reject 'mode=${x}' --reject 'mode=a"b' --reject 'mode=a\\b'

# 3. The example catalog in Rust (derive + addon!): the same 16 objects.
"$root/target/debug/kubestash-catalog" --out "$work/example/kubestash-catalog" \
  --manifests "$work/example.manifests.yaml"
check "examples/kubestash-catalog (Rust)" \
  "$work/example/kubestash-catalog" "$work/example.manifests.yaml" \
  --reference tests/fixtures/catalog/raw \
  --proxy ghcr=ghcr.io=registry.example/ghcr --disable pvc --value waitTimeout=waitTimeout=600 \
  --reject waitTimeout=abc

# 4. The example plugin's chart, written by its build.rs, with its manifests.yaml.
check "examples/postgres-plugin (build.rs)" \
  examples/postgres-plugin/chart examples/postgres-plugin/manifests.yaml \
  --proxy ghcr=ghcr.io=registry.example/ghcr --disable postgres \
  --value waitTimeout=waitTimeout=600 --reject waitTimeout=abc

echo "conformance.sh: all checks passed"
