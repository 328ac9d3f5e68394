#!/usr/bin/env bash
# End to end: `kubestash-fn webhook` behind the real API server of scripts/cluster.sh.
#
#   1. the cluster up (scripts/cluster.sh, its own state dir under target/), the CRDs of
#      `kubestash-fn crd` applied;
#   2. a CA and a serving certificate for 127.0.0.1 (openssl), the webhook started on a free
#      loopback port with the cluster's kubeconfig (its cache watches Functions and Addons),
#      /readyz waited for over TLS (curl --cacert);
#   3. a ValidatingWebhookConfiguration calling https://127.0.0.1:PORT/validate (url clientConfig
#      with the caBundle), failurePolicy Fail, waited for until the API server uses it;
#   4. the clean catalog (tests/fixtures/catalog/raw) applies with no denial;
#   5. each seeded mistake (tests/fixtures/webhook/mistakes/*.yaml) is denied, and the denials'
#      (object, field path, code) are exactly the errors `kubestash-fn lint --format json` gives
#      for the file;
#   6. warnings (tests/fixtures/webhook/warnings.yaml) are allowed and reach kubectl's output,
#      each warning of the lint with its code and path;
#   7. deleting a Function an Addon runs is denied with the lint's KSF0001 at the Addon's task
#      (the catalog without that Function, linted);
#   8. one log line per decision (the denials above, with their codes);
#   9. a chart written by `kubestash-fn chart` installs with `webhook.enabled=true` (helm v3):
#      the webhook's objects and the catalog's accepted (its own objects are not sent to the
#      webhook), then uninstalled.
# Each check prints `ok: ...`; the first failure prints `FAIL: ...` and exits 1. The webhook is
# stopped by its pid and the configuration deleted on exit; the cluster is brought down unless
# KEEP_CLUSTER=1.
#
# usage: scripts/e2e-webhook.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export KSF_CLUSTER_DIR=${KSF_CLUSTER_DIR:-$root/target/cluster-webhook}
work=$(mktemp -d)
webhook_pid=""

fail() { echo "FAIL: $*" >&2; exit 1; }

cleanup() {
  local status=$?
  if [ -n "$webhook_pid" ]; then
    kill -TERM "$webhook_pid" 2>/dev/null || true
    wait "$webhook_pid" 2>/dev/null || true
  fi
  if [ -n "${KUBECONFIG:-}" ]; then
    kubectl delete validatingwebhookconfiguration kubestash-fn-e2e --ignore-not-found >/dev/null 2>&1 || true
  fi
  [ "${KEEP_CLUSTER:-0}" = 1 ] || bash scripts/cluster.sh down >/dev/null 2>&1 || true
  [ $status -eq 0 ] || { echo "--- webhook log (last 20 lines)" >&2; tail -20 "$work/webhook.log" >&2 || true; }
  rm -rf "$work"
}
trap cleanup EXIT

command -v openssl >/dev/null || fail "openssl is needed (apt-get install -y openssl)"
command -v curl >/dev/null || fail "curl is needed (apt-get install -y curl)"
[ -x target/tools/kubectl ] && PATH="$root/target/tools:$PATH"
command -v kubectl >/dev/null || fail "kubectl is needed (bash scripts/tools.sh installs it)"

export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
cargo build --quiet -p function-cli --bin kubestash-fn
ksf="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/kubestash-fn"

# 1. The cluster and the CRDs.
bash scripts/cluster.sh up >/dev/null
eval "$(bash scripts/cluster.sh env)"
"$ksf" crd | kubectl apply -f - >/dev/null
kubectl wait --for condition=established --timeout=60s crd/functions.addons.kubestash.com crd/addons.addons.kubestash.com >/dev/null
# A cluster kept from an earlier run (KEEP_CLUSTER=1): no configuration, no object left.
kubectl delete validatingwebhookconfiguration kubestash-fn-e2e --ignore-not-found >/dev/null
kubectl delete addons,functions --all >/dev/null
echo "ok: cluster up ($(kubectl version -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])')), CRDs established"

# 2. Certificates and the webhook.
(
  cd "$work"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca-key.pem -out ca.pem \
    -days 1 -subj /CN=kubestash-fn-e2e-ca 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >ext.cnf
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls-key.pem -out tls.csr \
    -subj /CN=127.0.0.1 2>/dev/null
  openssl x509 -req -in tls.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out tls.pem -days 1 \
    -extfile ext.cnf 2>/dev/null
)
"$ksf" webhook --tls-cert "$work/tls.pem" --tls-key "$work/tls-key.pem" --addr 127.0.0.1:0 \
  --kubeconfig "$KUBECONFIG" 2>"$work/webhook.log" &
webhook_pid=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's/.*"event":"listening".*"addr":"127\.0\.0\.1:\([0-9]*\)".*/\1/p' "$work/webhook.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$webhook_pid" 2>/dev/null || fail "the webhook exited: $(cat "$work/webhook.log")"
  sleep 0.1
done
[ -n "$port" ] || fail "the webhook did not log its address"
ready=""
for _ in $(seq 100); do
  if [ "$(curl -s --cacert "$work/ca.pem" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$port/readyz")" = 200 ]; then
    ready=1; break
  fi
  sleep 0.2
done
[ -n "$ready" ] || fail "/readyz never answered 200"
echo "ok: webhook on https://127.0.0.1:$port (pid $webhook_pid), /readyz 200 over TLS once its cache synced"

# 3. The configuration.
cat >"$work/vwc.yaml" <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: kubestash-fn-e2e
webhooks:
- name: lint.addons.kubestash.com
  admissionReviewVersions: ["v1"]
  sideEffects: None
  failurePolicy: Fail
  timeoutSeconds: 10
  rules:
  - apiGroups: ["addons.kubestash.com"]
    apiVersions: ["*"]
    operations: ["CREATE", "UPDATE"]
    resources: ["functions", "addons"]
    scope: "Cluster"
  - apiGroups: ["addons.kubestash.com"]
    apiVersions: ["*"]
    operations: ["DELETE"]
    resources: ["functions"]
    scope: "Cluster"
  clientConfig:
    url: https://127.0.0.1:$port/validate
    caBundle: $(base64 -w0 "$work/ca.pem")
EOF
kubectl apply -f "$work/vwc.yaml" >/dev/null
probe=tests/fixtures/webhook/mistakes/template-syntax.yaml
active=""
for _ in $(seq 60); do
  if ! kubectl apply --dry-run=server -f "$probe" >/dev/null 2>"$work/probe.err" \
     && grep -q 'denied the request' "$work/probe.err"; then
    active=1; break
  fi
  sleep 0.5
done
[ -n "$active" ] || fail "the API server never called the webhook: $(cat "$work/probe.err")"
echo "ok: ValidatingWebhookConfiguration (url https://127.0.0.1:$port/validate, caBundle) in use by the API server"

# Compares the lint's findings of SEVERITY for FILE (JSON on stdin of the first argument) with
# the (object, path, code) triples kubectl printed: same_findings LINT_JSON KUBECTL_OUTPUT SEVERITY
same_findings() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, re, sys
lint, out, severity = sys.argv[1:]
want = {(d["object"], d["path"], d["code"]) for d in json.load(open(lint)) if d["severity"] == severity}
text = open(out).read()
# Errors: the denial messages (not kubectl's `Warning:` lines); warnings: those lines.
lines = [l for l in text.splitlines() if l.startswith("Warning: ") == (severity == "warning")]
got = set(re.findall(r"((?:Function|Addon)/[a-z0-9.-]+): (\S+): .*? \[(KSF\d{4}) [a-z-]+\]", "\n".join(lines)))
if not want:
    print(f"the lint finds no {severity} here", file=sys.stderr); sys.exit(1)
if want != got:
    print(f"lint: {sorted(want)}\nkubectl: {sorted(got)}\n--- kubectl output\n{text}", file=sys.stderr); sys.exit(1)
print("; ".join(f"{c} {o} {p}" for o, p, c in sorted(want)))
PY
}

# 4. The clean catalog: its Functions, then the Addons that run them (an Addon applied before
#    its Functions is denied, KSF0001, as it should be).
functions=(); addons=()
while IFS= read -r f; do
  if grep -q '^kind: Addon$' "$f"; then addons+=(-f "$f"); else functions+=(-f "$f"); fi
done < <(find tests/fixtures/catalog/raw -name '*.yaml' | sort)
if ! kubectl apply "${functions[@]}" >"$work/clean.out" 2>"$work/clean.err"; then
  fail "the clean catalog's Functions were denied: $(cat "$work/clean.err")"
fi
sleep 1
if ! kubectl apply "${addons[@]}" >>"$work/clean.out" 2>>"$work/clean.err"; then
  fail "the clean catalog's Addons were denied: $(cat "$work/clean.err")"
fi
grep -q 'denied' "$work/clean.err" && fail "a denial for the clean catalog: $(cat "$work/clean.err")"
objects=$(grep -c ' created$\| configured$\| unchanged$' "$work/clean.out")
echo "ok: the clean catalog (tests/fixtures/catalog/raw, $objects objects) applies with no denial"

# 5. Each seeded mistake: denied with the lint's codes and paths.
for file in tests/fixtures/webhook/mistakes/*.yaml; do
  "$ksf" lint --format json "$file" >"$work/lint.json" || true
  if kubectl apply -f "$file" >"$work/apply.out" 2>"$work/apply.err"; then
    fail "$file was admitted: $(cat "$work/apply.out")"
  fi
  grep -q 'admission webhook "lint.addons.kubestash.com" denied the request' "$work/apply.err" \
    || fail "$file: not denied by the webhook: $(cat "$work/apply.err")"
  found=$(same_findings "$work/lint.json" "$work/apply.err" error) || fail "$file: the denial differs from the lint"
  echo "ok: $file denied with the lint's findings: $found"
done

# 6. Warnings reach kubectl: the Function first (so that the cache has it when its Addon comes).
python3 - tests/fixtures/webhook/warnings.yaml "$work" <<'PY'
import sys
text = open(sys.argv[1]).read().split("\n---\n")
open(f"{sys.argv[2]}/warn-function.yaml", "w").write(text[0] + "\n")
open(f"{sys.argv[2]}/warn-addon.yaml", "w").write(text[1])
PY
kubectl apply -f "$work/warn-function.yaml" >"$work/warn.out" 2>"$work/warn.err" \
  || fail "the warnings' Function was denied: $(cat "$work/warn.err")"
sleep 1
kubectl apply -f "$work/warn-addon.yaml" >>"$work/warn.out" 2>>"$work/warn.err" \
  || fail "the warnings' Addon was denied: $(cat "$work/warn.err")"
grep -q '^Warning: ' "$work/warn.err" || fail "no warning in kubectl's output: $(cat "$work/warn.err")"
"$ksf" lint --format json tests/fixtures/webhook/warnings.yaml >"$work/lint.json"
found=$(same_findings "$work/lint.json" "$work/warn.err" warning) || fail "the warnings differ from the lint"
echo "ok: tests/fixtures/webhook/warnings.yaml admitted, kubectl printed the lint's warnings: $found"

# 7. Deleting a Function in use.
if kubectl delete function pvc-backup >"$work/delete.out" 2>"$work/delete.err"; then
  fail "pvc-backup was deleted while pvc-addon runs it"
fi
mkdir -p "$work/without"
cp tests/fixtures/catalog/raw/*/*.yaml "$work/without/"
rm "$work/without/pvc-backup-function.yaml"
"$ksf" lint --format json "$work/without" >"$work/lint.json" || true
found=$(same_findings "$work/lint.json" "$work/delete.err" error) || fail "the DELETE denial differs from the lint of the catalog without pvc-backup"
grep -q 'Function/pvc-backup is in use' "$work/delete.err" || fail "no in-use message: $(cat "$work/delete.err")"
kubectl get function pvc-backup >/dev/null || fail "pvc-backup is gone"
echo "ok: DELETE of Function pvc-backup denied (in use): $found"

# 8. The log.
denials=$(grep -c '"event":"admission".*"verdict":"denied"' "$work/webhook.log")
mistakes=$(ls tests/fixtures/webhook/mistakes/*.yaml | wc -l)
[ "$denials" -ge $((mistakes + 1)) ] || fail "$denials denial log lines for $mistakes mistakes and a DELETE"
grep -q '"operation":"DELETE","object":"Function/pvc-backup","verdict":"denied","reason":"in-use"' "$work/webhook.log" \
  || fail "no log line for the DELETE denial"
echo "ok: one JSON log line per decision ($(grep -c '"event":"admission"' "$work/webhook.log") decisions, $denials denials)"

# 9. A chart the project writes, with its webhook on, installs on the API server (helm v3 from
#    scripts/tools.sh): its objects accepted, its own Functions and Addons not sent to the
#    webhook (objectSelector; the webhook's pod cannot run here: no kubelet).
kubectl delete validatingwebhookconfiguration kubestash-fn-e2e >/dev/null
kubectl delete addons,functions --all >/dev/null
[ -x target/tools/helm3 ] || bash scripts/tools.sh >/dev/null
"$ksf" chart tests/fixtures/catalog/raw --name e2e-catalog --version 0.1.0 --out "$work/chart" >/dev/null
target/tools/helm3 install e2e "$work/chart" --namespace default --set webhook.enabled=true \
  --wait=false >"$work/helm.out" 2>&1 || fail "helm install with webhook.enabled=true: $(cat "$work/helm.out")"
kubectl get validatingwebhookconfiguration e2e-e2e-catalog-webhook >/dev/null || fail "no ValidatingWebhookConfiguration installed"
kubectl get deployment/e2e-e2e-catalog-webhook service/e2e-e2e-catalog-webhook secret/e2e-e2e-catalog-webhook-tls -n default >/dev/null \
  || fail "the webhook's Deployment, Service or Secret is missing"
n=$(kubectl get functions,addons --no-headers | wc -l)
[ "$n" -eq "$objects" ] || fail "$n Functions and Addons installed, expected $objects"
target/tools/helm3 uninstall e2e --namespace default >/dev/null || fail "helm uninstall"
echo "ok: helm install of a written chart with webhook.enabled=true: the webhook's objects and the $n Functions and Addons accepted, uninstalled"
