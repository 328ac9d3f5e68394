"""End-to-end checks against a running kube-apiserver (called by scripts/e2e.sh).

KUBECONFIG points at the server (scripts/cluster.sh); --kubectl is the kubectl to drive it.

  crds FILE          the CRDs of `kubestash-fn crd`: server-side applied, Established, read back
                     equal to what was sent (after the server's defaulting);
  objects FILE...    each file's objects: created with server-side apply (strict field
                     validation), read back, what was sent a subset of what the server holds
                     (metadata the server adds aside; a difference is reported by its path), then
                     deleted;
  chart              one generated chart with every --helm: installed (the --manifests' objects on
                     the server), upgraded with --proxy, then --value, then --disable, each added
                     to the values before (after each, the objects on the server are the
                     manifests changed in exactly those ways; the objects whose content changed
                     are exactly those the new value changes, and exactly those whose
                     resourceVersion changed), and uninstalled leaving nothing;
  malformed FILE...  each file is rejected by server-side apply under --validate=strict, and the
                     field path in the server's message is the one `kubestash-fn lint` reports.

Prints one `ok:` line per check; exits 1 with a `FAIL:` message on the first failure.
"""

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

from check_chart import load_all, proxied, with_default, without_app

FIELD_MANAGER = "kubestash-fn-e2e"
NAMESPACE = "kubestash-fn-e2e"
KINDS = "functions.addons.kubestash.com,addons.addons.kubestash.com"
# Metadata the API server sets on every object: not part of what was sent.
SERVER_METADATA = {"uid", "resourceVersion", "generation", "creationTimestamp", "managedFields"}

KUBECTL = "kubectl"


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def run(cmd, check=True, stdin=None):
    p = subprocess.run(cmd, capture_output=True, text=True, input=stdin)
    if check and p.returncode != 0:
        fail(f"`{' '.join(cmd)}` exited {p.returncode}:\n{p.stdout}{p.stderr}")
    return p


def kubectl(*args, check=True):
    return run([KUBECTL, *args], check=check)


def ident(obj):
    meta = obj.get("metadata") or {}
    return f"{obj.get('kind')}/{meta.get('name')}"


def subset(sent, got, path, diffs, counts):
    """Records in DIFFS every place where SENT is not part of GOT (by path); counts the scalars
    compared and the fields GOT has beyond SENT (the server's defaults) in COUNTS."""
    if isinstance(sent, dict):
        if not isinstance(got, dict):
            diffs.append(f"{path or '.'}: sent a mapping, the server holds {got!r}")
            return
        for k, v in sent.items():
            sub = f"{path}.{k}"
            if v is None:  # null in an applied configuration: no value claimed
                continue
            if k not in got:
                diffs.append(f"{sub}: sent {v!r}, absent on the server")
            else:
                subset(v, got[k], sub, diffs, counts)
        counts["defaulted"] += sum(1 for k in got if k not in sent and not (path == ".metadata" and k in SERVER_METADATA))
    elif isinstance(sent, list):
        if not isinstance(got, list) or len(got) != len(sent):
            diffs.append(f"{path}: sent {sent!r}, the server holds {got!r}")
            return
        for i, (a, b) in enumerate(zip(sent, got)):
            subset(a, b, f"{path}[{i}]", diffs, counts)
    else:
        counts["compared"] += 1
        same_type = type(sent) is type(got) or (
            isinstance(sent, (int, float)) and isinstance(got, (int, float))
            and not isinstance(sent, bool) and not isinstance(got, bool))
        if not same_type or sent != got:
            diffs.append(f"{path}: sent {sent!r}, the server holds {got!r}")


def compare_objects(sent_objects, server_objects, what):
    """Every sent object is on the server (by kind and name) and a subset of it; returns the
    counts."""
    counts = {"compared": 0, "defaulted": 0}
    by_id = {ident(o): o for o in server_objects}
    diffs = []
    for sent in sent_objects:
        got = by_id.get(ident(sent))
        if got is None:
            diffs.append(f"{ident(sent)}: not on the server")
            continue
        object_diffs = []
        subset(sent, got, "", object_diffs, counts)
        diffs += [f"{ident(sent)}: {d}" for d in object_diffs]
    if diffs:
        fail(f"{what}: what the server holds differs from what was sent:\n  " + "\n  ".join(diffs))
    return counts


def read_back(path):
    """The objects of PATH as the server holds them (`kubectl get -f`)."""
    out = kubectl("get", "-f", str(path), "-o", "json").stdout
    doc = json.loads(out)
    return doc["items"] if doc.get("kind") == "List" else [doc]


def apply(path, *extra):
    kubectl("apply", "--server-side", f"--field-manager={FIELD_MANAGER}", "--validate=strict",
            *extra, "-f", str(path))


def cmd_crds(args):
    path = Path(args.file)
    sent = load_all(path.read_text(), str(path))
    apply(path)
    names = [f"crd/{o['metadata']['name']}" for o in sent]
    # `kubectl wait` fails at once ("conditions accessor error: <nil>") on a CRD whose status
    # has no conditions yet: wait again until the server has set them.
    deadline = time.monotonic() + 60
    while True:
        p = kubectl("wait", "--for", "condition=established", "--timeout=60s", *names, check=False)
        if p.returncode == 0:
            break
        if "accessor error" not in p.stderr or time.monotonic() > deadline:
            fail(f"the CRDs did not become Established:\n{p.stdout}{p.stderr}")
        time.sleep(0.2)
    counts = compare_objects(sent, read_back(path), "the CRDs")
    print(f"ok: the {len(sent)} CRDs of `kubestash-fn crd` applied server-side and Established; "
          f"read back equal to what was sent ({counts['compared']} values compared, "
          f"{counts['defaulted']} fields defaulted by the server)")


def cmd_objects(args):
    for spec in args.file:
        label, _, file = spec.rpartition("=") if "=" in spec else (spec, "", spec)
        path = Path(file)
        sent = load_all(path.read_text(), str(path))
        if not sent:
            fail(f"{label}: {path} holds no object")
        apply(path)
        counts = compare_objects(sent, read_back(path), label)
        kubectl("delete", "--wait=true", "-f", str(path))
        left = kubectl("get", "-f", str(path), "--ignore-not-found", "-o", "name").stdout.split()
        if left:
            fail(f"{label}: still on the server after delete: {left}")
        kinds = {}
        for o in sent:
            kinds[o["kind"]] = kinds.get(o["kind"], 0) + 1
        print(f"ok: server-side apply of {label} ({len(sent)} objects: "
              + ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in sorted(kinds.items()))
              + f"): read back equal to what was sent ({counts['compared']} values compared, "
              f"{counts['defaulted']} fields defaulted by the server), deleted")


def dump(release):
    """The Functions and Addons of RELEASE on the server, by kind/name."""
    out = kubectl("get", KINDS, "-l", f"app.kubernetes.io/instance={release}", "-o", "json").stdout
    return {ident(o): o for o in json.loads(out)["items"]}


def content(obj):
    """What an object says, without what the server keeps about it."""
    obj = dict(obj)
    meta = {k: v for k, v in (obj.get("metadata") or {}).items() if k not in SERVER_METADATA}
    obj["metadata"] = meta
    return obj


def check_state(helm_name, step, expected, previous, before, after):
    """AFTER (the server after STEP) holds exactly the EXPECTED objects; the objects whose
    content changed since BEFORE (the server's previous state, which held PREVIOUS) are exactly
    those EXPECTED changes from PREVIOUS, and exactly those whose resourceVersion changed.
    Returns the counts of the comparison, the changed and the removed objects."""
    want = {ident(o) for o in expected}
    if set(after) != want:
        fail(f"{helm_name} {step}: the server holds {sorted(set(after) - want)} beyond and lacks "
             f"{sorted(want - set(after))} of what was expected")
    counts = compare_objects(expected, list(after.values()), f"{helm_name} {step}")
    touched = {k for k in after if k not in before
               or after[k]["metadata"]["resourceVersion"] != before[k]["metadata"]["resourceVersion"]}
    differ = {k for k in after if k not in before or content(after[k]) != content(before[k])}
    if touched != differ:
        fail(f"{helm_name} {step}: objects written but not changed {sorted(touched - differ)}, "
             f"changed but not written {sorted(differ - touched)}")
    was = {ident(o): o for o in previous}
    should = {ident(o) for o in expected if was.get(ident(o)) != o}
    if differ != should:
        fail(f"{helm_name} {step}: changed on the server but not by this value "
             f"{sorted(differ - should)}; not changed though this value changes them "
             f"{sorted(should - differ)}")
    removed = sorted(set(before) - set(after))
    return counts, differ, removed


def cmd_chart(args):
    """Install, then upgrades that add one value each (--reuse-values: each step changes only
    what its value changes), then uninstall; with every helm."""
    manifests = load_all(Path(args.manifests).read_text(), args.manifests)
    chart = args.chart
    release = args.release
    steps = []  # (--set, what it does to the objects)
    for spec in args.proxy:
        key, registry, new = spec.split("=", 2)
        steps.append((f"proxies.{key}={new}", lambda o, r=registry, n=new: proxied(o, r, n)))
    for spec in args.value:
        key, variable, new = spec.split("=", 2)
        steps.append((f"{key}={new}", lambda o, v=variable, n=new: with_default(o, v, n)))
    # Last: an app switched off takes its objects away from the steps after it.
    for app in args.disable:
        steps.append((f"{app}.enabled=false", lambda o, a=app: without_app(o, a)))
    for helm in args.helm:
        version = run([helm, "version", "--short"]).stdout.strip()
        name = f"{args.label}: helm {version}"
        ns = ["--namespace", NAMESPACE]
        run([helm, "install", release, chart, *ns, "--create-namespace", "--wait"])
        before = dump(release)
        counts, _, _ = check_state(name, "install", manifests, [], {}, before)
        print(f"ok: {name} install: the {len(before)} objects on the server are the manifests "
              f"({counts['compared']} values compared)")
        previous = manifests
        for value, change in steps:
            expected, n = change(previous)
            if n == 0:
                fail(f"{name}: --set {value} changes nothing in the manifests")
            run([helm, "upgrade", release, chart, *ns, "--reuse-values", "--set", value, "--wait"])
            after = dump(release)
            counts, changed, removed = check_state(name, f"upgrade --set {value}", expected,
                                                   previous, before, after)
            print(f"ok: {name} upgrade --set {value}: {len(changed)} objects changed and "
                  f"{len(removed)} removed on the server, exactly those the value changes; the "
                  f"other {len(after) - len(changed)} untouched (same resourceVersion)")
            before, previous = after, expected
        run([helm, "uninstall", release, *ns, "--wait"])
        left = kubectl("get", KINDS, "-o", "name").stdout.split()
        secrets = kubectl("get", "secrets", *ns, "-l", f"owner=helm,name={release}",
                          "-o", "name").stdout.split()
        if left or secrets:
            fail(f"{name} uninstall left {left + secrets}")
        print(f"ok: {name} uninstall leaves no object and no release record")


LINT_PATH = re.compile(r"^error: [^\n]*?:\d+:\d+: ([A-Za-z0-9_.\[\]]+): ", re.M)
# The field path in the API server's rejection: `.spec.image: expected string`, `spec.image:
# Required value`, `unknown field "spec.foo"`.
SERVER_PATHS = [
    re.compile(r'unknown field "([^"]+)"'),
    re.compile(r"(?:^|[\s(:])\.?((?:spec|metadata)(?:\.[A-Za-z0-9_]+|\[\d+\])*): "),
]


def server_path(stderr):
    """The field path in the server's message, and the message from that path on."""
    for pattern in SERVER_PATHS:
        m = pattern.search(stderr)
        if m:
            return m.group(1).lstrip("."), stderr[m.start(1):].splitlines()[0]
    return None, None


def cmd_malformed(args):
    for file in args.file:
        p = kubectl("apply", "--server-side", f"--field-manager={FIELD_MANAGER}",
                    "--validate=strict", "-f", file, check=False)
        if p.returncode == 0:
            kubectl("delete", "-f", file, "--ignore-not-found")
            fail(f"{file}: the API server accepted it")
        got, said = server_path(p.stderr)
        if got is None:
            fail(f"{file}: no field path in the server's rejection:\n{p.stderr}")
        lint = run([args.kubestash_fn, "lint", file], check=False)
        if lint.returncode != 1:
            fail(f"{file}: kubestash-fn lint exited {lint.returncode}, not 1:\n{lint.stderr}")
        m = LINT_PATH.search(lint.stderr)
        if m is None:
            fail(f"{file}: no field path in kubestash-fn lint's error:\n{lint.stderr}")
        if m.group(1) != got:
            fail(f"{file}: the server rejects {got}, kubestash-fn lint reports {m.group(1)}:\n"
                 f"server: {p.stderr.strip()}\nlint: {lint.stderr.strip()}")
        print(f"ok: {file} rejected by the API server and by kubestash-fn lint at {got} "
              f"(server: \"{said}\")")


def main():
    global KUBECTL
    ap = argparse.ArgumentParser()
    ap.add_argument("--kubectl", default="kubectl")
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("crds")
    c.add_argument("file")
    o = sub.add_parser("objects")
    o.add_argument("file", nargs="+", help="LABEL=FILE or FILE")
    h = sub.add_parser("chart")
    h.add_argument("--helm", action="append", required=True)
    h.add_argument("--chart", required=True)
    h.add_argument("--manifests", required=True)
    h.add_argument("--release", required=True)
    h.add_argument("--label", required=True)
    h.add_argument("--proxy", action="append", default=[])
    h.add_argument("--disable", action="append", default=[])
    h.add_argument("--value", action="append", default=[])
    m = sub.add_parser("malformed")
    m.add_argument("--kubestash-fn", required=True)
    m.add_argument("file", nargs="+")
    args = ap.parse_args()
    KUBECTL = args.kubectl
    {"crds": cmd_crds, "objects": cmd_objects, "chart": cmd_chart, "malformed": cmd_malformed}[args.cmd](args)


if __name__ == "__main__":
    main()
