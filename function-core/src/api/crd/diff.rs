//! A structural comparison of CRDs and of their OpenAPI v3 schemas.
//!
//! [`crd_differences`] walks two CustomResourceDefinitions, given as JSON values (parse YAML
//! into a [`serde_json::Value`] first), and reports **every** place where they differ, not
//! only the first. Inside `spec.versions[].schema.openAPIV3Schema` the walk is schema-aware:
//! `properties` are matched by name, `items` and `additionalProperties` are followed, and the
//! `description` keyword is ignored everywhere (upstream's controller-gen CRDs carry none, and
//! ours drop them). Everything else (`type`, `format`, `enum`, `default`, `required`, `anyOf`,
//! `pattern`, the `x-kubernetes-*` markers, ...) must be equal, lists in the same order.
//!
//! Paths read like the schema they name: `spec.runtimeSettings.env[].valueFrom.fieldRef`
//! (`[]` is the items of a list, `{}` the values of a map, `/anyOf[0]` a branch of a
//! combinator). Differences inside a version's schema are prefixed with the version name in
//! brackets: `[v1alpha1] spec.ports[].protocol`.
//!
//! ```
//! use function_core::api::crd::diff::schema_differences;
//! use serde_json::json;
//!
//! let expected = json!({"type": "object", "properties": {"port": {"type": "integer", "format": "int32"}}});
//! let actual = json!({"type": "object", "description": "ignored", "properties": {"port": {"type": "integer"}}});
//! let diffs = schema_differences(&expected, &actual);
//! assert_eq!(diffs.len(), 1);
//! assert_eq!(diffs[0].to_string(), r#"port: format: expected "int32", got none"#);
//! ```

use std::collections::BTreeSet;
use std::fmt;

use serde_json::{Map, Value};

/// One place where two CRDs (or two schemas) differ.
///
/// ```
/// use function_core::api::crd::diff::Difference;
/// use serde_json::json;
///
/// let d = Difference {
///     path: "spec.ports[].protocol".into(),
///     keyword: "default".into(),
///     expected: Some(json!("TCP")),
///     actual: None,
/// };
/// assert_eq!(d.to_string(), r#"spec.ports[].protocol: default: expected "TCP", got none"#);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// Where: a property path inside a schema, or a JSON path in the CRD outside the schema.
    /// `<root>` is the root of a schema.
    pub path: String,
    /// What differs: a schema keyword (`type`, `required`, `x-kubernetes-map-type`, ...),
    /// `property` when a property exists on one side only, or `value` outside schemas.
    pub keyword: String,
    /// The value on the expected (reference) side; `None` when it is absent there.
    pub expected: Option<Value>,
    /// The value on the actual (generated) side; `None` when it is absent there.
    pub actual: Option<Value>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<Value>| match v {
            None => "none".to_owned(),
            // A whole subschema would drown the report: say only that it is there.
            Some(_) if self.keyword == "property" => "present".to_owned(),
            Some(v) => v.to_string(),
        };
        write!(
            f,
            "{}: {}: expected {}, got {}",
            self.path,
            self.keyword,
            show(&self.expected),
            show(&self.actual)
        )
    }
}

/// Keywords that are ignored when schemas are compared.
pub const IGNORED_SCHEMA_KEYWORDS: &[&str] = &["description"];

/// Every difference between two OpenAPI v3 schemas, `description` ignored.
///
/// ```
/// use function_core::api::crd::diff::schema_differences;
/// use serde_json::json;
///
/// let a = json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}});
/// let b = json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}});
/// let diffs: Vec<String> = schema_differences(&a, &b).iter().map(ToString::to_string).collect();
/// assert_eq!(diffs, [
///     "b: property: expected none, got present",
///     r#"<root>: required: expected ["a"], got none"#,
/// ]);
/// ```
pub fn schema_differences(expected: &Value, actual: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk_schema("", expected, actual, &mut out);
    out
}

/// Every difference between two CRDs given as JSON values.
///
/// Outside the schemas every field is compared (`spec.versions` matched by version name);
/// inside `spec.versions[].schema.openAPIV3Schema` the comparison is that of
/// [`schema_differences`]. Nothing is ignored outside schemas: a caller that wants to skip
/// server-written fields (such as `metadata.creationTimestamp: null`) removes them first.
///
/// ```
/// use function_core::api::crd::diff::crd_differences;
/// use serde_json::json;
///
/// let upstream = json!({"spec": {"names": {"kind": "Function", "listKind": "FunctionList"}}});
/// let ours = json!({"spec": {"names": {"kind": "Function"}}});
/// let diffs = crd_differences(&upstream, &ours);
/// assert_eq!(diffs[0].to_string(), r#"spec.names.listKind: value: expected "FunctionList", got none"#);
/// ```
pub fn crd_differences(expected: &Value, actual: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk_value("", expected, actual, &mut out);
    out
}

fn join(path: &str, key: &str) -> String {
    let key = if key.contains(['.', '/', ' ', '[', ']']) {
        format!("\"{key}\"")
    } else {
        key.to_owned()
    };
    if path.is_empty() {
        key
    } else {
        format!("{path}.{key}")
    }
}

fn shown(path: &str) -> String {
    if path.is_empty() {
        "<root>".to_owned()
    } else {
        path.to_owned()
    }
}

fn push(
    out: &mut Vec<Difference>,
    path: &str,
    keyword: &str,
    e: Option<&Value>,
    a: Option<&Value>,
) {
    out.push(Difference {
        path: shown(path),
        keyword: keyword.to_owned(),
        expected: e.cloned(),
        actual: a.cloned(),
    });
}

fn union_keys<'a>(e: &'a Map<String, Value>, a: &'a Map<String, Value>) -> BTreeSet<&'a String> {
    e.keys().chain(a.keys()).collect()
}

/// Generic JSON comparison outside schemas.
fn walk_value(path: &str, e: &Value, a: &Value, out: &mut Vec<Difference>) {
    match (e, a) {
        (Value::Object(em), Value::Object(am)) => {
            for key in union_keys(em, am) {
                let child = join(path, key);
                match (em.get(key), am.get(key)) {
                    (Some(ev), Some(av)) if key == "versions" && path == "spec" => {
                        walk_versions(&child, ev, av, out)
                    }
                    (Some(ev), Some(av)) => walk_value(&child, ev, av, out),
                    (ev, av) => push(out, &child, "value", ev, av),
                }
            }
        }
        (Value::Array(ev), Value::Array(av))
            if ev.len() == av.len() && ev.iter().chain(av).all(Value::is_object) =>
        {
            for (i, (ei, ai)) in ev.iter().zip(av).enumerate() {
                walk_value(&format!("{path}[{i}]"), ei, ai, out);
            }
        }
        _ if e != a => push(out, path, "value", Some(e), Some(a)),
        _ => {}
    }
}

fn version_name(v: &Value) -> Option<&str> {
    v.get("name").and_then(Value::as_str)
}

/// `spec.versions`, matched by `name`; each version's schema compared as a schema.
fn walk_versions(path: &str, e: &Value, a: &Value, out: &mut Vec<Difference>) {
    let (Some(ev), Some(av)) = (e.as_array(), a.as_array()) else {
        return walk_value(path, e, a, out);
    };
    let names: BTreeSet<&str> = ev.iter().chain(av).filter_map(version_name).collect();
    let order_e: Vec<_> = ev.iter().filter_map(version_name).collect();
    let order_a: Vec<_> = av.iter().filter_map(version_name).collect();
    if order_e != order_a {
        let list = |o: Vec<&str>| Value::from(o);
        push(
            out,
            path,
            "names",
            Some(&list(order_e)),
            Some(&list(order_a)),
        );
    }
    for name in names {
        let find = |list: &'_ [Value]| list.iter().find(|v| version_name(v) == Some(name)).cloned();
        let child = format!("{path}[{name}]");
        match (find(ev), find(av)) {
            (Some(Value::Object(mut em)), Some(Value::Object(mut am))) => {
                let es = take_schema(&mut em);
                let as_ = take_schema(&mut am);
                walk_value(&child, &Value::Object(em), &Value::Object(am), out);
                match (es, as_) {
                    (Some(es), Some(as_)) => {
                        let mut inner = Vec::new();
                        walk_schema("", &es, &as_, &mut inner);
                        for mut d in inner {
                            d.path = format!("[{name}] {}", d.path);
                            out.push(d);
                        }
                    }
                    (es, as_) => push(
                        out,
                        &format!("{child}.schema.openAPIV3Schema"),
                        "value",
                        es.as_ref(),
                        as_.as_ref(),
                    ),
                }
            }
            (ev, av) => push(out, &child, "value", ev.as_ref(), av.as_ref()),
        }
    }
}

/// Removes `schema.openAPIV3Schema` from a version object (leaving the rest to compare).
fn take_schema(version: &mut Map<String, Value>) -> Option<Value> {
    let schema = version.get_mut("schema")?.as_object_mut()?;
    let s = schema.remove("openAPIV3Schema");
    if schema.is_empty() {
        version.remove("schema");
    }
    s
}

/// Keywords whose value is a single subschema.
const SCHEMA_VALUED: &[(&str, &str)] = &[
    ("items", "[]"),
    ("additionalProperties", "{}"),
    ("not", "/not"),
];
/// Keywords whose value is a list of subschemas.
const SCHEMA_LISTS: &[&str] = &["anyOf", "allOf", "oneOf"];

fn walk_schema(path: &str, e: &Value, a: &Value, out: &mut Vec<Difference>) {
    let (Value::Object(em), Value::Object(am)) = (e, a) else {
        if e != a {
            push(out, path, "schema", Some(e), Some(a));
        }
        return;
    };
    // Properties first, so that a report reads top-down.
    match (em.get("properties"), am.get("properties")) {
        (Some(Value::Object(ep)), Some(Value::Object(ap))) => {
            for name in union_keys(ep, ap) {
                let child = join(path, name);
                match (ep.get(name), ap.get(name)) {
                    (Some(es), Some(as_)) => walk_schema(&child, es, as_, out),
                    (es, as_) => push(out, &child, "property", es, as_),
                }
            }
        }
        (None, None) => {}
        (ep, ap) => push(out, path, "properties", ep, ap),
    }
    for key in union_keys(em, am) {
        let key = key.as_str();
        if key == "properties" || IGNORED_SCHEMA_KEYWORDS.contains(&key) {
            continue;
        }
        let (ev, av) = (em.get(key), am.get(key));
        if let Some((_, suffix)) = SCHEMA_VALUED.iter().find(|(k, _)| *k == key)
            && let (Some(ev @ Value::Object(_)), Some(av @ Value::Object(_))) = (ev, av)
        {
            walk_schema(&format!("{path}{suffix}"), ev, av, out);
            continue;
        }
        if SCHEMA_LISTS.contains(&key)
            && let (Some(Value::Array(el)), Some(Value::Array(al))) = (ev, av)
            && el.len() == al.len()
        {
            for (i, (es, as_)) in el.iter().zip(al).enumerate() {
                walk_schema(&format!("{path}/{key}[{i}]"), es, as_, out);
            }
            continue;
        }
        if ev != av {
            push(out, path, key, ev, av);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn lines(d: &[Difference]) -> Vec<String> {
        d.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn equal_schemas_have_no_difference_and_descriptions_are_ignored() {
        let a = json!({"type": "object", "description": "x", "properties": {
            "a": {"type": "array", "items": {"type": "string", "description": "y"}}}});
        let b = json!({"type": "object", "properties": {
            "a": {"type": "array", "items": {"type": "string"}}}});
        assert!(schema_differences(&a, &b).is_empty());
    }

    #[test]
    fn nested_items_maps_and_combinators_are_followed() {
        let e = json!({"properties": {"env": {"items": {"properties": {"ref": {
            "type": "object", "x-kubernetes-map-type": "atomic"}}}},
            "limits": {"additionalProperties": {"anyOf": [{"type": "integer"}, {"type": "string"}]}}}});
        let a = json!({"properties": {"env": {"items": {"properties": {"ref": {
            "type": "object"}}}},
            "limits": {"additionalProperties": {"anyOf": [{"type": "number"}, {"type": "string"}]}}}});
        assert_eq!(
            lines(&schema_differences(&e, &a)),
            [
                r#"env[].ref: x-kubernetes-map-type: expected "atomic", got none"#,
                r#"limits{}/anyOf[0]: type: expected "integer", got "number""#,
            ]
        );
    }

    #[test]
    fn required_lists_compare_in_order() {
        let e = json!({"required": ["a", "b"]});
        let a = json!({"required": ["b", "a"]});
        assert_eq!(schema_differences(&e, &a).len(), 1);
    }

    #[test]
    fn crd_walk_matches_versions_by_name_and_prefixes_schema_paths() {
        let schema = |t: &str| json!({"openAPIV3Schema": {"properties": {"spec": {"type": t}}}});
        let e = json!({"metadata": {"labels": {"app.kubernetes.io/name": "kubestash"}},
            "spec": {"versions": [{"name": "v1", "served": true, "schema": schema("object")}]}});
        let a = json!({"metadata": {},
            "spec": {"versions": [{"name": "v1", "served": false, "schema": schema("string")}]}});
        assert_eq!(
            lines(&crd_differences(&e, &a)),
            [
                r#"metadata.labels: value: expected {"app.kubernetes.io/name":"kubestash"}, got none"#,
                "spec.versions[v1].served: value: expected true, got false",
                r#"[v1] spec: type: expected "object", got "string""#,
            ]
        );
    }
}
