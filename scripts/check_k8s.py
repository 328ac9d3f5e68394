"""Offline Kubernetes validation of what kubestash-fn prints (called by scripts/conformance.sh).

    check_k8s.py crds --crds CRDS.yaml --versions 1.33,1.34,...
        each CRD is a valid apiextensions.k8s.io/v1 CustomResourceDefinition for every version
        (kubernetes-validate, strict); a version it has no schemas for is a failure, not a skip.
    check_k8s.py objects --crds CRDS.yaml --versions V,... --label L FILE...
        every object of every FILE (multi-document YAML) validates against its CRD's strict
        openAPIV3Schema, and its metadata is a strict ObjectMeta for every version.
    check_k8s.py containers --versions V,... --label L FILE...
        every FILE is the JSON of `kubestash-fn resolve -o json`: its `container` is a strict
        core/v1 Container, its `volumes` core/v1 Volumes, its `persistentVolumeClaims` core/v1
        PersistentVolumeClaims, for every version; the pod the operator would make of it (the
        container's mounts against the volumes) is consistent.
    check_k8s.py tasks DIR
        prints `ADDON-FILE<TAB>TASK` for every task of every Addon under DIR.

Prints one `ok:` line per check; on the first failure prints `FAIL: ...` and exits 1.
"""

import argparse
import json
import sys
from pathlib import Path

import yaml

import k8s_schemas
from k8s_schemas import Invalid


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def load_all(path):
    try:
        return [d for d in yaml.safe_load_all(Path(path).read_text()) if d is not None]
    except (OSError, yaml.YAMLError) as e:
        fail(f"{path}: {e}")


def versions(text):
    out = [v.strip() for v in text.split(",") if v.strip()]
    if not out:
        fail("no Kubernetes version given")
    for v in out:
        try:
            k8s_schemas.require_version(v)
        except Invalid as e:
            fail(str(e))
    return out


def cmd_crds(args):
    crds = load_all(args.crds)
    if not crds:
        fail(f"{args.crds} holds no CRD")
    for v in versions(args.versions):
        for crd in crds:
            try:
                k8s_schemas.validate_crd_with_kubernetes_validate(crd, v)
            except Invalid as e:
                fail(str(e))
        names = ", ".join(c["metadata"]["name"] for c in crds)
        print(f"ok: kubernetes-validate --strict, Kubernetes {v}: the CRDs of `kubestash-fn crd` ({names})")


def cmd_objects(args):
    vs = versions(args.versions)
    try:
        schemas = k8s_schemas.CrdSchemas(load_all(args.crds), vs)
    except (Invalid, KeyError) as e:
        fail(f"{args.crds}: {e}")
    for f in args.files:
        objects = load_all(f)
        if not objects:
            fail(f"{args.label}: {f} holds no object")
        for o in objects:
            try:
                schemas.validate(o, f"{args.label}: {f}")
            except Invalid as e:
                fail(str(e))
        print(f"ok: {args.label}: the {len(objects)} objects of {f} validate against the CRDs "
              f"(metadata: ObjectMeta, Kubernetes {', '.join(vs)})")


def pod_consistency(built, what):
    """The mounts name volumes the pod has, the volume names and mount paths are unique."""
    container = built["container"]
    volumes = [v["name"] for v in built.get("volumes", [])]
    if len(set(volumes)) != len(volumes):
        fail(f"{what}: two pod volumes share a name: {volumes}")
    mounts = container.get("volumeMounts", [])
    paths = [m["mountPath"] for m in mounts]
    if len(set(paths)) != len(paths):
        fail(f"{what}: two mounts share a mountPath: {paths}")
    for m in mounts:
        if m["name"] not in volumes:
            fail(f"{what}: the mount {m['name']} at {m['mountPath']} names no pod volume ({volumes})")
    env = [e["name"] for e in container.get("env", [])]
    if len(set(env)) != len(env):
        fail(f"{what}: two env vars share a name: {env}")


def cmd_containers(args):
    vs = versions(args.versions)
    for f in args.files:
        try:
            built = json.loads(Path(f).read_text())
        except (OSError, ValueError) as e:
            fail(f"{args.label}: {f}: {e}")
        what = f"{args.label}: {Path(f).name}"
        if "container" not in built:
            fail(f"{what}: no `container`")
        try:
            for v in vs:
                k8s_schemas.validate_core(built["container"], "container-v1.json", v, f"{what}: container")
                for i, vol in enumerate(built.get("volumes", [])):
                    k8s_schemas.validate_core(vol, "volume-v1.json", v, f"{what}: volumes[{i}]")
                for i, pvc in enumerate(built.get("persistentVolumeClaims", [])):
                    k8s_schemas.validate_core(pvc, "persistentvolumeclaim-v1.json", v,
                                              f"{what}: persistentVolumeClaims[{i}]")
        except Invalid as e:
            fail(str(e))
        pod_consistency(built, what)
        print(f"ok: {what}: the container ({built['container']['name']}) and its "
              f"{len(built.get('volumes', []))} volumes are valid core/v1 objects for Kubernetes "
              f"{', '.join(vs)}")


def cmd_tasks(args):
    files = sorted(Path(args.dir).rglob("*.yaml"))
    found = 0
    for f in files:
        for o in load_all(f):
            if o.get("kind") != "Addon":
                continue
            spec = o.get("spec") or {}
            for t in spec.get("backupTasks", []) + spec.get("restoreTasks", []):
                print(f"{f}\t{t['name']}")
                found += 1
    if not found:
        fail(f"no Addon task under {args.dir}")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("crds")
    p.add_argument("--crds", required=True)
    p.add_argument("--versions", required=True)
    p.set_defaults(run=cmd_crds)
    p = sub.add_parser("objects")
    p.add_argument("--crds", required=True)
    p.add_argument("--versions", required=True)
    p.add_argument("--label", required=True)
    p.add_argument("files", nargs="+")
    p.set_defaults(run=cmd_objects)
    p = sub.add_parser("containers")
    p.add_argument("--versions", required=True)
    p.add_argument("--label", required=True)
    p.add_argument("files", nargs="+")
    p.set_defaults(run=cmd_containers)
    p = sub.add_parser("tasks")
    p.add_argument("dir")
    p.set_defaults(run=cmd_tasks)
    args = ap.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
