//! The generated CRDs against upstream's controller-gen CRDs (`tests/fixtures/crds/`).
//!
//! Every differing path is reported, not only the first; `description` is the only schema
//! keyword ignored (upstream has none, ours drop them). Outside the schema, upstream's
//! `metadata.creationTimestamp: null` (an artefact of controller-gen marshalling an empty
//! `metav1.Time`) is the only field removed before comparing.

use std::path::PathBuf;

use function_core::api::crd::{self, diff::Difference, diff::crd_differences};
use function_core::api::{Addon, Function};
use kube::CustomResourceExt;
use serde_json::Value;

/// Differences accepted on purpose, as `(path, keyword)`, each with its reason in
/// `docs/crd-differences.md`. None today: the transform closes every gap.
const ALLOWED: &[(&str, &str)] = &[];

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/crds")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut crd: Value = serde_saphyr::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()));
    let metadata = crd["metadata"].as_object_mut().expect("metadata is a map");
    assert_eq!(metadata.remove("creationTimestamp"), Some(Value::Null));
    crd
}

fn upstream_function() -> Value {
    fixture("addons.kubestash.com_functions.yaml")
}

fn upstream_addon() -> Value {
    fixture("addons.kubestash.com_addons.yaml")
}

/// Differences of a generated CRD from `expected`, those in [`ALLOWED`] left out.
fn differences<T: serde::Serialize>(expected: &Value, actual: &T) -> Vec<Difference> {
    let actual = serde_json::to_value(actual).expect("a CRD serialises to JSON");
    crd_differences(expected, &actual)
        .into_iter()
        .filter(|d| !ALLOWED.contains(&(d.path.as_str(), d.keyword.as_str())))
        .collect()
}

fn assert_no_differences(what: &str, diffs: &[Difference]) {
    let report: Vec<String> = diffs.iter().map(ToString::to_string).collect();
    assert!(
        report.is_empty(),
        "{what}: {} differing paths from upstream:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn function_crd_equals_upstream() {
    assert_no_differences(
        "Function CRD",
        &differences(&upstream_function(), &crd::function_crd()),
    );
}

#[test]
fn addon_crd_equals_upstream() {
    assert_no_differences(
        "Addon CRD",
        &differences(&upstream_addon(), &crd::addon_crd()),
    );
}

#[test]
fn all_is_function_then_addon() {
    let all = crd::all();
    assert_eq!(all.len(), 2);
    assert_no_differences("all()[0]", &differences(&upstream_function(), &all[0]));
    assert_no_differences("all()[1]", &differences(&upstream_addon(), &all[1]));
}

/// The walker finds the gaps the transform closes: the raw derive output is far from
/// upstream, and the known gaps are among the reported paths.
#[test]
fn raw_derive_output_differs_where_the_transform_works() {
    let diffs = differences(&upstream_function(), &Function::crd());
    let report: Vec<String> = diffs.iter().map(ToString::to_string).collect();
    for expected in [
        "spec.names.listKind: value: expected \"FunctionList\", got none",
        "spec.versions[v1alpha1].subresources: value: expected {}, got none",
        "[v1alpha1] apiVersion: property: expected present, got none",
        "[v1alpha1] spec.ports[].protocol: default: expected \"TCP\", got none",
        "[v1alpha1] spec.runtimeSettings.env[].valueFrom.fieldRef: x-kubernetes-map-type: expected \"atomic\", got none",
        "[v1alpha1] spec.runtimeSettings.env[].valueFrom.configMapKeyRef: required: expected [\"key\"], got [\"key\",\"name\"]",
        "[v1alpha1] spec.runtimeSettings.resources.claims: x-kubernetes-list-type: expected \"map\", got none",
        "[v1alpha1] spec.runtimeSettings.lifecycle.postStart.httpGet.port: anyOf: expected [{\"type\":\"integer\"},{\"type\":\"string\"}], got none",
    ] {
        assert!(
            report.iter().any(|r| r == expected),
            "missing {expected:?} in:\n{}",
            report.join("\n")
        );
    }
    assert!(
        report
            .iter()
            .any(|r| r.contains(": nullable: expected none, got true"))
    );
    assert!(diffs.len() > 50, "only {} differences", diffs.len());

    let addon = differences(&upstream_addon(), &Addon::crd());
    assert!(addon.iter().any(|d| d.path.ends_with("volumeTemplate[].source.rbd.pool") && d.keyword == "default"));
    assert!(
        addon
            .iter()
            .any(|d| d.path.ends_with("backupTasks[].driver") && d.keyword == "allOf")
    );
}

/// Each fix is visible in the generated schema itself, not only as "no difference".
#[test]
fn generated_schema_carries_the_kubernetes_markers() {
    let f = serde_json::to_value(crd::function_crd()).unwrap();
    let root = &f["spec"]["versions"][0]["schema"]["openAPIV3Schema"];
    let spec = &root["properties"]["spec"]["properties"];
    let value_from = &spec["runtimeSettings"]["properties"]["env"]["items"]["properties"]["valueFrom"]
        ["properties"];
    assert_eq!(value_from["fieldRef"]["x-kubernetes-map-type"], "atomic");
    assert_eq!(
        value_from["configMapKeyRef"]["required"],
        serde_json::json!(["key"])
    );
    assert_eq!(
        value_from["configMapKeyRef"]["properties"]["name"]["default"],
        ""
    );
    let divisor = &value_from["resourceFieldRef"]["properties"]["divisor"];
    assert_eq!(divisor["x-kubernetes-int-or-string"], true);
    assert_eq!(
        divisor["anyOf"],
        serde_json::json!([{"type": "integer"}, {"type": "string"}])
    );
    assert!(
        divisor["pattern"]
            .as_str()
            .unwrap()
            .starts_with("^(\\+|-)?")
    );
    assert_eq!(
        spec["ports"]["items"]["properties"]["protocol"]["default"],
        "TCP"
    );
    assert_eq!(
        root["properties"]["metadata"],
        serde_json::json!({"type": "object"})
    );
    assert!(!f.to_string().contains("nullable"));
    assert!(!f.to_string().contains("description"));
    assert!(!f.to_string().contains("$ref"));
}

/// `to_yaml` prints, byte for byte, upstream's two files (without `creationTimestamp: null`)
/// joined by `---`: same key order, same quoting, long patterns on one line.
#[test]
fn yaml_is_upstreams_text() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/crds");
    let read = |n: &str| {
        std::fs::read_to_string(dir.join(n))
            .unwrap()
            .replace("  creationTimestamp: null\n", "")
    };
    let expected = format!(
        "{}---\n{}",
        read("addons.kubestash.com_functions.yaml"),
        read("addons.kubestash.com_addons.yaml")
    );
    let actual = crd::to_yaml(&crd::all()).unwrap();
    if actual != expected {
        let first = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .unwrap_or(actual.lines().count().min(expected.lines().count()));
        panic!(
            "YAML differs first at line {}:\n  expected: {:?}\n  actual:   {:?}",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}
