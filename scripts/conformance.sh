#!/usr/bin/env bash
# Conformance of what the project generates, checked with tools that are not this project:
#   1. the CRDs of `kubestash-fn crd`: valid CustomResourceDefinitions for every Kubernetes
#      version k8s-openapi supports (the v1_* features of function-core: 1.33 to 1.37), by
#      kubernetes-validate --strict; a version it has no schemas for fails the run;
#   2. every object the project prints or writes (the reference fixtures and the hostile text
#      through `kubestash-fn fmt`, the examples' manifests) against the CRDs' openAPIV3Schema,
#      made strict as the API server is, and its metadata against ObjectMeta (scripts/check_k8s.py);
#   3. the container `kubestash-fn resolve` prints for every task of the reference Addons (with
#      and without the invoker's runtime settings) as a strict core/v1 Container, its volumes as
#      core/v1 Volumes, for every version;
#   4. every chart the project generates, with real helm v3 and v4 (scripts/check_chart.py):
#      `kubestash-fn chart` over the 16 reference objects and over hostile text, the example
#      catalog in Rust, the example plugin's chart written by its build.rs, and the chart the
#      build.rs of a workspace written by `kubestash-fn new` writes, and the chart the generator
#      of the workspace `kubestash-fn import` writes for the 16 reference objects. For each, with both
#      helm majors: `helm lint --strict`; `helm template` with default values renders the
#      manifests (labels aside, after Go-omitempty normalisation; the hostile chart against the
#      raw fixture as PyYAML reads it, not against our own `fmt`); overrides of a proxy, an app
#      switch and a bound value change exactly what they should; values.schema.json rejects bad
#      values; the rendered objects validate against the CRDs;
#   5. `kubestash-fn lint --format sarif` (over findings of every severity, and over the
#      reference catalog) against the SARIF 2.1.0 JSON schema, and `kubestash-fn lint` exits 0
#      on the reference catalog;
#   6. the fuzz targets (`cargo check --locked` in fuzz/, with the pinned toolchain and with the
#      nightly scripts/fuzz.sh uses) and the benches (`cargo check --benches`) compile, and each
#      fuzz target runs for FUZZ_SECONDS (default 20) with no crash (scripts/fuzz.sh, which
#      installs cargo-fuzz when it is missing);
#   7. the published crates package and the CLI installs from its package (scripts/package.sh).
# Every check prints an `ok:` line; the first failure stops the run with a FAIL message. Installs
# helm and the validators under target/tools (scripts/tools.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
start=$SECONDS

# shellcheck source=scripts/tools.sh
source scripts/tools.sh
[ -x "$HELM3" ] && [ -x "$HELM4" ] || { echo "conformance.sh: helm is not installed" >&2; exit 1; }

# The Kubernetes versions: function-core's v1_* features, one per version k8s-openapi supports.
versions=$(sed -n 's/^v1_\([0-9][0-9]*\) = .*/1.\1/p' function-core/Cargo.toml | paste -sd, -)
[ -n "$versions" ] || { echo "conformance.sh: no v1_* feature in function-core/Cargo.toml" >&2; exit 1; }

echo "conformance.sh: building kubestash-fn and the examples" >&2
# Building postgres-plugin runs its build.rs, which (re)writes examples/postgres-plugin/chart.
cargo build --quiet -p function-cli -p kubestash-catalog -p postgres-plugin -p imported-catalog
# Where cargo put them: CARGO_TARGET_DIR, build.target-dir in a config, or target/.
target_dir=$(cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
bin="$target_dir/debug"
fn="$bin/kubestash-fn"
for exe in kubestash-fn kubestash-catalog imported-catalog; do
  [ -x "$bin/$exe" ] || { echo "conformance.sh: FAIL: cargo built no $bin/$exe" >&2; exit 1; }
done

work=$(mktemp -d "$root/target/conformance.XXXXXX")
# The workspace of `kubestash-fn new`: outside this repository, so that none of its settings
# (.cargo/config.toml) apply; built in target/new-workspace, shared with function-cli's test.
outside=$(mktemp -d "${TMPDIR:-/tmp}/kubestash-fn-new.XXXXXX")
trap 'rm -rf "$work" "$outside"' EXIT
raw=tests/fixtures/catalog/raw
precedence=tests/fixtures/resolve/precedence

k8s() { "$TOOLS_PY" scripts/check_k8s.py "$@"; }

check_chart() { # label chart-dir manifests-file extra-args...
  local label=$1 chart=$2 manifests=$3
  shift 3
  echo "== $label (${chart#"$work"/})"
  "$TOOLS_PY" scripts/check_chart.py --helm "$HELM3" --helm "$HELM4" --label "$label" \
    --chart "$chart" --manifests "$manifests" --crds "$work/crds.yaml" --versions "$versions" "$@"
}

checks() {
  echo "== the CRDs (Kubernetes $versions)"
  "$fn" crd > "$work/crds.yaml"
  k8s crds --crds "$work/crds.yaml" --versions "$versions"

  echo "== the objects the project prints, against the CRDs"
  "$fn" fmt "$raw" > "$work/reference.fmt.yaml"
  "$fn" fmt tests/fixtures/chart/hostile.yaml > "$work/hostile.fmt.yaml"
  "$fn" fmt "$precedence/function.yaml" "$precedence/addon.yaml" > "$work/precedence.fmt.yaml"
  "$bin/kubestash-catalog" --out "$work/example/kubestash-catalog" \
    --manifests "$work/example.manifests.yaml"
  k8s objects --crds "$work/crds.yaml" --versions "$versions" --label "objects" \
    "$work/reference.fmt.yaml" "$work/hostile.fmt.yaml" "$work/precedence.fmt.yaml" \
    "$work/example.manifests.yaml" examples/postgres-plugin/manifests.yaml

  echo "== the containers of \`kubestash-fn resolve\`, as core/v1 objects"
  mkdir -p "$work/resolve"
  local addon task out count=0
  while IFS=$'\t' read -r addon task; do
    out="$work/resolve/$(basename "$addon" .yaml).$task"
    set -- "$raw" --addon "$addon" --task "$task" --builtin namespace=demo \
      --builtin PVC_NAME=data-demo-0 --builtin backupSession=demo-1 --set paths=/data -o json
    "$fn" resolve "$@" > "$out.json"
    "$fn" resolve "$@" --runtime-settings tests/fixtures/resolve/runtime-settings-full.yaml \
      > "$out.runtime-settings.json"
    count=$((count + 1))
  done < <(k8s tasks "$raw")
  [ "$count" -ge 14 ] || { echo "FAIL: only $count reference tasks found" >&2; return 1; }
  "$fn" resolve "$precedence/function.yaml" --addon "$precedence/addon.yaml" --task check \
    --db-version 15.5 --runtime-settings tests/fixtures/resolve/runtime-settings-full.yaml \
    --requests corrected --step-index 2 -o json > "$work/resolve/precedence.check.json"
  k8s containers --versions "$versions" --label "resolve" "$work"/resolve/*.json

  # 1. The reference catalog from YAML, as upstream's generator does it.
  "$fn" chart "$raw" --out "$work/kubestash-catalog" \
    --name kubestash-catalog --version 2026.7.10 --app-version v2026.7.10 \
    --kube-version '>=1.26.0-0' --helm-value waitTimeout
  check_chart "kubestash-fn chart over the reference YAML" \
    "$work/kubestash-catalog" "$work/reference.fmt.yaml" --reference "$raw" \
    --proxy ghcr=ghcr.io=registry.example/ghcr --disable pvc --value waitTimeout=waitTimeout=600 \
    --reject waitTimeout=abc --reject 'proxies.ghcr=bad"registry' --reject pvc.enabled=yes

  # 2. Hostile text: template syntax, quotes, backslashes, line breaks must come out unchanged,
  # compared with the raw fixture as PyYAML reads it.
  "$fn" chart tests/fixtures/chart/hostile.yaml --out "$work/hostile" \
    --name hostile --version 0.1.0-rc.1+build.7 --helm-value waitTimeout --helm-value mode
  check_chart "kubestash-fn chart over hostile text" "$work/hostile" tests/fixtures/chart/hostile.yaml \
    --proxy ghcr=ghcr.io=registry.example/ghcr --disable hostile \
    --value waitTimeout=waitTimeout=600 --value "mode=mode=x y's" \
    --reject 'mode=a}b' --reject 'mode=${x}' --reject 'mode=a"b' --reject 'mode=a\\b'

  # 3. The example catalog in Rust (derive + addon!): the same 16 objects.
  check_chart "examples/kubestash-catalog (Rust)" \
    "$work/example/kubestash-catalog" "$work/example.manifests.yaml" --reference "$raw" \
    --proxy ghcr=ghcr.io=registry.example/ghcr --disable pvc --value waitTimeout=waitTimeout=600 \
    --reject waitTimeout=abc

  # 4. The reference catalog imported from YAML into Rust (function-codegen's compiled golden):
  # the same 16 objects through its chart; and the edge cases, through theirs.
  local imported="$bin/imported-catalog"
  "$imported" > "$work/imported.manifests.yaml"
  "$imported" --chart "$work/imported/kubestash-catalog"
  check_chart "tests/imported-catalog (imported)" \
    "$work/imported/kubestash-catalog" "$work/imported.manifests.yaml" --reference "$raw" \
    --proxy ghcr=ghcr.io=registry.example/ghcr --disable pvc
  "$imported" --edge > "$work/imported-edge.manifests.yaml"
  "$imported" --edge --chart "$work/imported/edge-cases"
  check_chart "tests/imported-catalog --edge (imported)" \
    "$work/imported/edge-cases" "$work/imported-edge.manifests.yaml" \
    --reference tests/fixtures/codegen/edge --disable mysql

  # 5. The example plugin's chart, written by its build.rs, with its manifests.yaml.
  check_chart "examples/postgres-plugin (build.rs)" \
    examples/postgres-plugin/chart examples/postgres-plugin/manifests.yaml \
    --proxy ghcr=ghcr.io=registry.example/ghcr --disable postgres \
    --value waitTimeout=waitTimeout=600 --reject waitTimeout=abc

  # 6. A workspace written by `kubestash-fn new` (function-core by path): built, its build.rs
  # writes the plugin's chart and manifests.yaml.
  local ws="$outside/demo-plugin"
  "$fn" new demo-plugin --out "$ws" --core-path "$root/function-core" > /dev/null
  cp Cargo.lock "$ws/"
  (cd "$ws" && CARGO_TARGET_DIR="$root/target/new-workspace" cargo build --quiet --offline)
  # (The file-tree plugin `new` writes binds no Helm value: the bound-value checks are those of
  # the example plugin and the reference charts above.)
  check_chart "kubestash-fn new demo-plugin (build.rs)" \
    "$ws/demo-plugin/chart" "$ws/demo-plugin/manifests.yaml" \
    --proxy ghcr=ghcr.io=registry.example/ghcr --disable demo

  # 7. The reference catalog through `kubestash-fn import`: the workspace's generator prints
  # the objects and writes the chart (`cargo run -- --chart DIR`).
  local imp="$outside/kubestash-catalog"
  "$fn" import "$raw" --out "$imp" --core-path "$root/function-core" > /dev/null
  cp Cargo.lock "$imp/"
  (cd "$imp" && CARGO_TARGET_DIR="$root/target/new-workspace" cargo run --quiet --offline \
    > "$work/import.manifests.yaml" && CARGO_TARGET_DIR="$root/target/new-workspace" \
    cargo run --quiet --offline -- --chart "$work/import/kubestash-catalog")
  check_chart "kubestash-fn import (cargo run -- --chart)" \
    "$work/import/kubestash-catalog" "$work/import.manifests.yaml" --reference "$raw" \
    --proxy ghcr=ghcr.io=registry.example/ghcr --disable pvc

  echo "== kubestash-fn lint: SARIF 2.1.0"
  local status=0
  "$fn" lint --format sarif tests/fixtures/lint/hazards.yaml > "$work/hazards.sarif" || status=$?
  [ "$status" -eq 1 ] || { echo "FAIL: lint of hazards.yaml exited $status, not 1" >&2; return 1; }
  "$fn" lint --format sarif "$raw" > "$work/reference.sarif" \
    || { echo "FAIL: kubestash-fn lint of the reference catalog did not exit 0" >&2; return 1; }
  # --regex-variant python: the schema's own `language` pattern
  # ('^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$', a stray `]`) is not an ECMAScript regex in
  # unicode mode, so check-jsonschema's default dialect refuses the schema file itself; Python's
  # dialect reads it (the `]` as a literal), and our SARIF sets no `language`.
  "$TOOLS_PY" -m check_jsonschema --regex-variant python --schemafile "$SARIF_SCHEMA" \
    "$work/hazards.sarif" "$work/reference.sarif"
  echo "ok: kubestash-fn lint --format sarif validates against the SARIF 2.1.0 schema"

  echo "== the fuzz targets and the benches compile"
  local toolchain
  toolchain=$(rustc --version)
  cargo check --quiet --locked --manifest-path fuzz/Cargo.toml --bins
  echo "ok: fuzz/: cargo check --locked of every fuzz target ($toolchain)"
  # The fuzz targets run under nightly (AddressSanitizer): without it that check cannot run as
  # documented, and a silent fallback would hide it.
  if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "FAIL: no nightly toolchain (rustup toolchain list): the fuzz targets cannot be checked" \
      "and run with AddressSanitizer as scripts/fuzz.sh does; install one (rustup toolchain" \
      "install nightly)" >&2
    return 1
  fi
  cargo +nightly check --quiet --locked --manifest-path fuzz/Cargo.toml --bins
  echo "ok: fuzz/: cargo +nightly check --locked of every fuzz target ($(rustc +nightly --version)), the toolchain scripts/fuzz.sh uses"
  # `cargo check` of the bench targets: they compile, without a release build of everything.
  cargo check --quiet --workspace --benches 2> "$work/bench.log" \
    || { cat "$work/bench.log" >&2; echo "FAIL: cargo check --benches" >&2; return 1; }
  echo "ok: cargo check --workspace --benches: every bench target compiles ($toolchain)"

  echo "== the fuzz targets run, ${FUZZ_SECONDS:-20} s each (scripts/fuzz.sh)"
  local target secs=${FUZZ_SECONDS:-20} runs
  for target in fuzz/fuzz_targets/*.rs; do
    target=$(basename "$target" .rs)
    bash scripts/fuzz.sh "$secs" "$target" > "$work/fuzz.$target.log" 2>&1 || {
      tail -40 "$work/fuzz.$target.log" >&2
      echo "FAIL: fuzz target $target (its input is in fuzz/artifacts/$target/)" >&2
      return 1
    }
    runs=$(grep -o 'Done [0-9]* runs' "$work/fuzz.$target.log" | tail -1)
    [ -n "$runs" ] || { tail -20 "$work/fuzz.$target.log" >&2; echo "FAIL: fuzz target $target did not run" >&2; return 1; }
    echo "ok: fuzz target $target: ${runs#Done } in $secs s, no crash"
  done

  echo "== ready to publish"
  bash scripts/package.sh | grep '^ok:'
}

checks | tee "$work/log"
echo "conformance.sh: all $(grep -c '^ok:' "$work/log") checks passed in $((SECONDS - start)) s"
