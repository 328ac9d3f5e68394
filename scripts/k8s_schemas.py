"""Offline Kubernetes schemas for the conformance checks (scripts/check_k8s.py, scripts/check_chart.py).

Two sources, neither of them this project's code:

- kubernetes-validate (PyPI), which ships the OpenAPI schemas of every Kubernetes release as JSON
  Schema, in a strict variant (unknown fields rejected): the core types (Container, Volume,
  ObjectMeta, CustomResourceDefinition, ...) for a given Kubernetes version;
- the CRDs themselves: each version's `openAPIV3Schema`, made strict as the API server is with
  `fieldValidation=Strict` (an object schema with `properties` rejects other fields unless it
  says `x-kubernetes-preserve-unknown-fields`), `nullable` turned into JSON Schema's `null`
  type, and the list rules the API server enforces (`x-kubernetes-list-type: set` and `map`:
  no two items with the same value or keys).

Every failure raises `Invalid` with a message naming the object and the path.
"""

import copy
import re

import importlib_resources
import jsonschema
import kubernetes_validate.utils as kv
from referencing import Registry, Resource


class Invalid(Exception):
    """A document that does not validate, or a schema that is not there."""


# --- kubernetes-validate -------------------------------------------------------------------

def supported_versions():
    """The Kubernetes versions (`1.NN`) kubernetes-validate has strict schemas for."""
    root = importlib_resources.files("kubernetes_validate").joinpath("kubernetes-json-schema")
    found = [m.group(1) for d in root.iterdir() if (m := re.fullmatch(r"v(\d+\.\d+)\.0-local-strict", d.name))]
    return sorted(found, key=lambda v: tuple(int(x) for x in v.split(".")))


def require_version(version):
    """Fails loudly when kubernetes-validate has no schema for `version` (it would silently fall
    back to an older one)."""
    if version not in supported_versions():
        raise Invalid(
            f"kubernetes-validate {kv.__version__} has no schemas for Kubernetes {version} "
            f"(it has {', '.join(supported_versions())}): upgrade it in scripts/tools.sh"
        )


def _schema_dir(version):
    require_version(version)
    return f"kubernetes-json-schema/v{version}.0-local-strict"


_validators = {}


def core_validator(filename, version):
    """A strict validator for one kubernetes-validate schema file (`container-v1.json`, ...)."""
    key = (filename, version)
    if key not in _validators:
        d = _schema_dir(version)
        try:
            schema = kv.schema_contents(f"{d}/{filename}", version)
        except FileNotFoundError:
            raise Invalid(f"kubernetes-validate has no {filename} for Kubernetes {version}") from None
        defs = kv.schema_contents(f"{d}/_definitions.json", version)
        registry = Resource.from_contents(defs) @ (Resource.from_contents(schema) @ Registry())
        _validators[key] = jsonschema.Draft202012Validator(schema, registry=registry)
    return _validators[key]


def validate_core(value, filename, version, what):
    """Validates `value` as the core type of `filename` for Kubernetes `version`."""
    error = jsonschema.exceptions.best_match(core_validator(filename, version).iter_errors(value))
    if error is not None:
        raise Invalid(f"{what}: not a valid {filename[:-5]} for Kubernetes {version}: "
                      f"{error.message} at {_path(error.absolute_path)}")


def validate_crd_with_kubernetes_validate(crd, version):
    """The CRD as an apiextensions.k8s.io/v1 CustomResourceDefinition, strict, exactly at `version`."""
    require_version(version)
    name = crd.get("metadata", {}).get("name")
    try:
        used = kv.validate(crd, version, strict=True)
    except kv.ValidationError as e:
        raise Invalid(f"CRD {name}: invalid for Kubernetes {version}: {e.message} at {_path(e.absolute_path)}") from None
    except (kv.SchemaNotFoundError, kv.VersionNotSupportedError) as e:
        raise Invalid(f"CRD {name}: {e.message}") from None
    if used != version:
        raise Invalid(f"CRD {name}: kubernetes-validate used the schemas of {used}, not {version}")


# --- CRD schemas ---------------------------------------------------------------------------

def _strict(node):
    """The OpenAPI v3 schema of a CRD as the JSON Schema the API server effectively applies."""
    if not isinstance(node, dict):
        return node
    out = dict(node)
    for key in ("properties", "patternProperties"):
        if key in node:
            out[key] = {name: _strict(sub) for name, sub in node[key].items()}
    for key in ("items", "additionalProperties", "not"):
        if isinstance(node.get(key), dict):
            out[key] = _strict(node[key])
    for key in ("allOf", "anyOf", "oneOf"):
        if key in node:
            out[key] = [_strict(sub) for sub in node[key]]
    if node.get("nullable") is True and "type" in node:
        out["type"] = [node["type"], "null"]
    if ("properties" in node and "additionalProperties" not in node
            and not node.get("x-kubernetes-preserve-unknown-fields")):
        out["additionalProperties"] = False
    return out


def _list_rules(value, schema, path, errors):
    """`x-kubernetes-list-type` set/map uniqueness, which JSON Schema validation does not apply."""
    if isinstance(value, dict):
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for k, v in value.items():
            sub = props.get(k, extra if isinstance(extra, dict) else None)
            if sub:
                _list_rules(v, sub, path + [k], errors)
    elif isinstance(value, list):
        items = schema.get("items") or {}
        kind = schema.get("x-kubernetes-list-type")
        seen = {}
        for i, item in enumerate(value):
            if kind == "set":
                key = repr(item)
            elif kind == "map":
                key = tuple(repr(item.get(k)) if isinstance(item, dict) else None
                            for k in schema.get("x-kubernetes-list-map-keys", []))
            else:
                key = None
            if key is not None:
                if key in seen:
                    errors.append(f"{_path(path + [i])} repeats {_path(path + [seen[key]])} "
                                  f"(x-kubernetes-list-type: {kind})")
                seen[key] = i
            _list_rules(item, items, path + [i], errors)
    for sub in schema.get("allOf", []) + schema.get("anyOf", []):
        if isinstance(sub, dict) and ("properties" in sub or "items" in sub):
            _list_rules(value, sub, path, errors)


class CrdSchemas:
    """The kinds a set of CRDs define, each with its strict schema."""

    def __init__(self, crds, versions):
        self.versions = list(versions)
        self.kinds = {}
        for crd in crds:
            if crd.get("kind") != "CustomResourceDefinition":
                raise Invalid(f"not a CustomResourceDefinition: {crd.get('kind')}")
            spec = crd["spec"]
            for v in spec["versions"]:
                if not v.get("served"):
                    continue
                api_version = f"{spec['group']}/{v['name']}"
                schema = v["schema"]["openAPIV3Schema"]
                jsonschema.Draft202012Validator.check_schema(_strict(schema))
                self.kinds[(api_version, spec["names"]["kind"])] = (
                    jsonschema.Draft202012Validator(_strict(schema)), schema)
        if not self.kinds:
            raise Invalid("the CRDs define no served version")

    def validate(self, obj, what):
        """Validates one object: its kind is one of the CRDs', its body matches the CRD's strict
        schema (with the list rules), its metadata is a strict ObjectMeta for every version."""
        if not isinstance(obj, dict):
            raise Invalid(f"{what}: not an object")
        name = (obj.get("metadata") or {}).get("name")
        what = f"{what}: {obj.get('kind')} {name}"
        entry = self.kinds.get((obj.get("apiVersion"), obj.get("kind")))
        if entry is None:
            raise Invalid(f"{what}: apiVersion {obj.get('apiVersion')!r} kind {obj.get('kind')!r} "
                          f"is none of the CRDs' ({sorted(self.kinds)})")
        validator, schema = entry
        error = jsonschema.exceptions.best_match(validator.iter_errors(obj))
        if error is not None:
            raise Invalid(f"{what}: does not validate against the CRD's openAPIV3Schema: "
                          f"{error.message} at {_path(error.absolute_path)}")
        errors = []
        _list_rules(obj, schema, [], errors)
        if errors:
            raise Invalid(f"{what}: {errors[0]}")
        for version in self.versions:
            validate_core(copy.deepcopy(obj.get("metadata") or {}), "objectmeta-meta-v1.json",
                          version, f"{what}: metadata")


def _path(parts):
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "the top"
