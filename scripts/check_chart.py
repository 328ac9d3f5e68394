"""Checks one generated Helm chart with real helm (called by scripts/conformance.sh).

For the chart CHART whose objects are MANIFESTS (the catalog's own multi-document YAML, parsed
here with PyYAML, independently of kubestash-fn), with every helm given (v3 and v4):

1. `helm lint --strict` passes;
2. `helm template` with default values renders exactly the manifests' objects (compared as
   parsed objects after Go-omitempty normalisation, labels aside), and every object carries the
   chart's standard labels; with --reference (a file or a directory of YAML files), those
   objects also equal the reference objects;
3. optional overrides, each compared with the manifests changed in exactly the expected way:
   --proxy KEY=REGISTRY=NEW (every image on REGISTRY moves to NEW, nothing else changes),
   --disable APP (exactly the objects of APP disappear),
   --value KEY=VARIABLE=NEW (every default of ${VARIABLE} in Function args, and the default of
   every task parameter VARIABLE that has one, becomes NEW; nothing else changes),
   --reject KEY=TEXT (values.schema.json rejects `--set-string KEY=TEXT`);
4. with --crds, every rendered object validates against its CRD's strict openAPIV3Schema and
   its metadata against ObjectMeta for each of --versions (scripts/k8s_schemas.py);
5. the optional webhook (`webhook.enabled`, off by default): `helm lint --strict` with it on;
   rendered with it on, the catalog's objects are unchanged and the webhook's are there
   (ServiceAccount, ClusterRole(Binding), Service, Deployment, ValidatingWebhookConfiguration
   scoped to addons.kubestash.com, a self-signed TLS Secret whose CA is the caBundle), each
   valid for Kubernetes (strict schemas of kubernetes-validate); with cert-manager installed
   (`--api-versions cert-manager.io/v1`) an Issuer and a Certificate instead of the Secret, and
   the CA injected by `cert-manager.io/inject-ca-from`.

Prints one `ok:` line per check; exits 1 with a `FAIL:` message on the first mismatch.
"""

import argparse
import copy
import re
import subprocess
import sys
from pathlib import Path

import yaml

import k8s_schemas

STANDARD_LABELS = [
    "helm.sh/chart",
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/version",
    "app.kubernetes.io/managed-by",
]
RELEASE = "conformance"


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"`{' '.join(cmd)}` exited {p.returncode}:\n{p.stdout}{p.stderr}")
    return p.stdout


def omitempty(value):
    """Go's omitempty as the API types apply it: drops None, False, "" and [] (not {})."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = omitempty(v)
            if v is None or v is False or v == "" or v == []:
                continue
            out[k] = v
        return out
    if isinstance(value, list):
        return [omitempty(v) for v in value]
    return value


def without_labels(obj):
    obj = copy.deepcopy(obj)
    meta = obj.get("metadata") or {}
    labels = meta.get("labels") or {}
    for key in STANDARD_LABELS:
        labels.pop(key, None)
    if labels:
        meta["labels"] = labels
    else:
        meta.pop("labels", None)
    return obj


def load_all(text, what):
    try:
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as e:
        fail(f"{what} is not valid YAML: {e}")
    return docs


def key(obj):
    return (obj.get("kind"), (obj.get("metadata") or {}).get("name"))


def by_key(objects, what):
    out = {}
    for o in objects:
        k = key(o)
        if k in out:
            fail(f"{what}: {k[0]} {k[1]} appears twice")
        out[k] = omitempty(without_labels(o))
    return out


def app_of(name):
    return name.split("-", 1)[0]


def compare(actual, expected, what):
    a, e = by_key(actual, what), by_key(expected, "expected")
    missing = sorted(set(e) - set(a))
    extra = sorted(set(a) - set(e))
    if missing or extra:
        fail(f"{what}: missing objects {missing}, unexpected objects {extra}")
    for k in sorted(e):
        if a[k] != e[k]:
            fail(
                f"{what}: {k[0]} {k[1]} differs\n--- expected\n"
                + yaml.safe_dump(e[k], sort_keys=True)
                + "--- rendered\n"
                + yaml.safe_dump(a[k], sort_keys=True)
            )
    return len(e)


def proxied(objects, registry, new):
    """The objects with every Function image on REGISTRY moved to NEW (what `proxies.KEY=NEW`
    does), and how many moved."""
    expected = copy.deepcopy(objects)
    moved = 0
    for o in expected:
        image = (o.get("spec") or {}).get("image")
        if o.get("kind") == "Function" and image and image.startswith(registry + "/"):
            o["spec"]["image"] = new + image[len(registry):]
            moved += 1
    return expected, moved


def without_app(objects, app):
    """The objects but those of APP (what `APP.enabled=false` does), and how many went."""
    expected = [o for o in objects if app_of(o["metadata"]["name"]) != app]
    return expected, len(objects) - len(expected)


def with_default(objects, variable, new):
    """The objects with every default of ${VARIABLE} in Function args, and the default of every
    task parameter VARIABLE that has one, set to NEW (what a bound value does), and how many
    changed."""
    expected = copy.deepcopy(objects)
    # ${VARIABLE:=...} not escaped by `$$` (the engine takes `$$` in pairs from the left).
    pattern = re.compile(r"(?<!\$)((?:\$\$)*)\$\{" + re.escape(variable) + r"(:=|=|:-)[^}]*\}")
    changed = 0
    for o in expected:
        spec_ = o.get("spec") or {}
        if o["kind"] == "Function":
            new_args = [pattern.sub(lambda m: m.group(1) + "${" + variable + m.group(2) + new + "}", a) for a in spec_.get("args", [])]
            changed += sum(a != b for a, b in zip(new_args, spec_.get("args", [])))
            if new_args:
                spec_["args"] = new_args
        else:
            for task in spec_.get("backupTasks", []) + spec_.get("restoreTasks", []):
                for p in task.get("parameters", []):
                    if p.get("name") == variable and p.get("default"):
                        p["default"] = new
                        changed += 1
    return expected, changed


def template(helm, chart, sets=(), extra=()):
    cmd = [helm, "template", RELEASE, str(chart), *extra]
    for s in sets:
        cmd += ["--set", s]
    return load_all(run(cmd), f"`helm template` of {chart}")


def check_labels(objects, chart_yaml):
    name, version = chart_yaml["name"], str(chart_yaml["version"])
    expected = {
        "helm.sh/chart": f"{name}-{version}".replace("+", "_")[:63].rstrip("-"),
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/instance": RELEASE,
        "app.kubernetes.io/managed-by": "Helm",
    }
    if "appVersion" in chart_yaml:
        expected["app.kubernetes.io/version"] = str(chart_yaml["appVersion"])
    for o in objects:
        labels = (o.get("metadata") or {}).get("labels") or {}
        for k, v in expected.items():
            if labels.get(k) != v:
                fail(f"{key(o)}: label {k} is {labels.get(k)!r}, expected {v!r}")


def load_reference(path):
    files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    return [d for f in files for d in load_all(f.read_text(), str(f))]


def check_with(helm, args, chart, chart_yaml, label, manifests, crds):
    version = run([helm, "version", "--short"]).strip()
    name = f"{label}: helm {version}"
    run([helm, "lint", "--strict", str(chart)])
    print(f"ok: {name} lint --strict")
    rendered = template(helm, chart)
    n = compare(rendered, manifests, f"{name} template (default values)")
    check_labels(rendered, chart_yaml)
    print(f"ok: {name} template renders the {n} objects of {args.manifests}, with the standard labels")

    if args.reference:
        n = compare(rendered, load_reference(args.reference), f"{name} template vs {args.reference}")
        print(f"ok: {name} template renders the {n} reference objects of {args.reference}")

    for spec in args.proxy:
        proxy_key, registry, new = spec.split("=", 2)
        expected, moved = proxied(manifests, registry, new)
        if moved == 0:
            fail(f"{label}: no image on {registry} to redirect")
        compare(template(helm, chart, [f"proxies.{proxy_key}={new}"]), expected,
                f"{name} --set proxies.{proxy_key}={new}")
        print(f"ok: {name} --set proxies.{proxy_key}={new} moves the {moved} images on {registry} (and changes nothing else)")

    for app in args.disable:
        expected, gone = without_app(manifests, app)
        if gone == 0:
            fail(f"{label}: app {app} has no object")
        compare(template(helm, chart, [f"{app}.enabled=false"]), expected, f"{name} --set {app}.enabled=false")
        print(f"ok: {name} --set {app}.enabled=false removes exactly the {gone} {app} objects")

    for spec in args.value:
        value_key, variable, new = spec.split("=", 2)
        expected, changed = with_default(manifests, variable, new)
        if changed == 0:
            fail(f"{label}: no default of ${{{variable}}} to change")
        compare(template(helm, chart, [f"{value_key}={new}"]), expected, f"{name} --set {value_key}={new}")
        print(f"ok: {name} --set {value_key}={new} changes exactly the {changed} defaults of ${{{variable}}}")

    for spec in args.reject:
        p = subprocess.run([helm, "template", RELEASE, str(chart), "--set-string", spec], capture_output=True, text=True)
        if p.returncode == 0 or "values don't meet the specifications of the schema" not in p.stderr:
            fail(f"{name}: --set-string {spec} should be rejected by values.schema.json:\n{p.stderr}")
        print(f"ok: {name} values.schema.json rejects --set-string {spec}")

    check_webhook(helm, chart, name, manifests, crds.versions if crds else ["1.34"])

    if crds:
        for o in rendered:
            try:
                crds.validate(o, f"{name} template")
            except k8s_schemas.Invalid as e:
                fail(str(e))
        print(f"ok: {name} the {len(rendered)} rendered objects validate against the CRDs of "
              f"`kubestash-fn crd` (metadata: ObjectMeta, Kubernetes {', '.join(crds.versions)})")


WEBHOOK_KINDS = {"ServiceAccount": "serviceaccount-v1.json", "ClusterRole": "clusterrole-rbac-v1.json",
                 "ClusterRoleBinding": "clusterrolebinding-rbac-v1.json", "Service": "service-v1.json",
                 "Deployment": "deployment-apps-v1.json", "Secret": "secret-v1.json",
                 "ValidatingWebhookConfiguration": "validatingwebhookconfiguration-admissionregistration-v1.json"}


def check_webhook(helm, chart, name, manifests, versions):
    """The optional webhook: lint, objects, certificate wiring (see 5. above)."""
    import base64
    run([helm, "lint", "--strict", str(chart), "--set", "webhook.enabled=true"])
    print(f"ok: {name} lint --strict --set webhook.enabled=true")
    for cert_manager in (False, True):
        extra = ["--api-versions", "cert-manager.io/v1"] if cert_manager else []
        rendered = template(helm, chart, ["webhook.enabled=true"], extra)
        catalog = [o for o in rendered if o.get("apiVersion", "").startswith("addons.kubestash.com/")]
        webhook = [o for o in rendered if o not in catalog]
        compare(catalog, manifests, f"{name} --set webhook.enabled=true (the catalog's objects)")
        kinds = sorted(o["kind"] for o in webhook)
        expected = {"ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment",
                    "ValidatingWebhookConfiguration"} | ({"Issuer", "Certificate"} if cert_manager else {"Secret"})
        if kinds != sorted(expected):
            fail(f"{name}: the webhook's objects are {kinds}, expected {sorted(expected)}")
        by_kind = {o["kind"]: o for o in webhook}
        for o in webhook:
            if o["kind"] in WEBHOOK_KINDS:
                for v in versions:
                    try:
                        k8s_schemas.validate_core(o, WEBHOOK_KINDS[o["kind"]], v, f"{name} {key(o)}")
                    except k8s_schemas.Invalid as e:
                        fail(str(e))
        vwc = by_kind["ValidatingWebhookConfiguration"]
        (hook,) = vwc["webhooks"]
        groups = {g for r in hook["rules"] for g in r["apiGroups"]}
        ops = {(res, op) for r in hook["rules"] for res in r["resources"] for op in r["operations"]}
        if groups != {"addons.kubestash.com"} or ops != {("functions", "CREATE"), ("functions", "UPDATE"),
                                                          ("addons", "CREATE"), ("addons", "UPDATE"),
                                                          ("functions", "DELETE")}:
            fail(f"{name}: the webhook's rules are {hook['rules']}")
        exempt = hook.get("objectSelector", {}).get("matchExpressions", [])
        if exempt != [{"key": "app.kubernetes.io/instance", "operator": "NotIn", "values": [RELEASE]}]:
            fail(f"{name}: the release's own objects are not left out of the webhook: {exempt}")
        if hook["clientConfig"]["service"]["name"] != by_kind["Service"]["metadata"]["name"]:
            fail(f"{name}: the webhook does not call its Service")
        annotations = vwc["metadata"].get("annotations") or {}
        if cert_manager:
            cert = by_kind["Certificate"]
            want = f"{cert['metadata']['namespace']}/{cert['metadata']['name']}"
            if annotations.get("cert-manager.io/inject-ca-from") != want or "caBundle" in hook["clientConfig"]:
                fail(f"{name}: with cert-manager the CA is not injected from {want}: {vwc}")
            print(f"ok: {name} webhook with cert-manager: Issuer, Certificate, CA injected from {want}")
        else:
            secret = by_kind["Secret"]
            if annotations or hook["clientConfig"].get("caBundle") != secret["data"]["ca.crt"]:
                fail(f"{name}: the caBundle is not the Secret's CA")
            if not base64.b64decode(secret["data"]["tls.crt"]).startswith(b"-----BEGIN CERTIFICATE-----"):
                fail(f"{name}: the Secret holds no certificate")
            print(f"ok: {name} webhook without cert-manager: {len(webhook)} objects valid for Kubernetes "
                  f"{', '.join(versions)}, self-signed Secret whose CA is the caBundle, catalog unchanged")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--helm", action="append", required=True)
    ap.add_argument("--chart", required=True, type=Path)
    ap.add_argument("--manifests", required=True, type=Path)
    ap.add_argument("--reference", type=Path)
    ap.add_argument("--proxy", action="append", default=[])
    ap.add_argument("--disable", action="append", default=[])
    ap.add_argument("--value", action="append", default=[])
    ap.add_argument("--reject", action="append", default=[])
    ap.add_argument("--crds", type=Path)
    ap.add_argument("--versions", default="1.34", help="Kubernetes versions for --crds (comma-separated)")
    ap.add_argument("--label", help="what the chart is, in messages (default: its name)")
    args = ap.parse_args()
    chart = args.chart
    chart_yaml = yaml.safe_load((chart / "Chart.yaml").read_text())
    label = args.label or chart_yaml["name"]
    manifests = load_all(args.manifests.read_text(), str(args.manifests))
    if not manifests:
        fail(f"{args.manifests} holds no object")
    crds = None
    if args.crds:
        versions = [v for v in args.versions.split(",") if v]
        try:
            for v in versions:
                k8s_schemas.require_version(v)
            crds = k8s_schemas.CrdSchemas(load_all(args.crds.read_text(), str(args.crds)), versions)
        except k8s_schemas.Invalid as e:
            fail(str(e))
    for helm in args.helm:
        check_with(helm, args, chart, chart_yaml, label, manifests, crds)


if __name__ == "__main__":
    main()
