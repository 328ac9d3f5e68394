//! `kubestash-fn crd`, run as a process, against upstream's CRDs (`tests/fixtures/crds/`).

use std::path::PathBuf;
use std::process::Command;

use function_core::api::crd::diff::crd_differences;
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/crds")
}

fn fixture(name: &str) -> (String, Value) {
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    let mut crd: Value = serde_saphyr::from_str(&text).unwrap();
    let removed = crd["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("creationTimestamp");
    assert_eq!(
        removed,
        Some(Value::Null),
        "upstream writes creationTimestamp: null"
    );
    (text, crd)
}

fn run_crd() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kubestash-fn"))
        .arg("crd")
        .output()
        .expect("kubestash-fn runs");
    assert!(
        out.status.success(),
        "exit {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn prints_function_then_addon_equal_to_upstream() {
    let stdout = run_crd();
    let docs: Vec<Value> = serde_saphyr::from_multiple(&stdout).expect("multi-document YAML");
    assert_eq!(docs.len(), 2);
    let (_, function) = fixture("addons.kubestash.com_functions.yaml");
    let (_, addon) = fixture("addons.kubestash.com_addons.yaml");
    for (expected, actual) in [(&function, &docs[0]), (&addon, &docs[1])] {
        let diffs: Vec<String> = crd_differences(expected, actual)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            diffs.is_empty(),
            "{} differing paths:\n{}",
            diffs.len(),
            diffs.join("\n")
        );
        // Descriptions aside, the documents are the same JSON values.
        assert_eq!(expected, actual);
    }
}

#[test]
fn prints_upstreams_text() {
    let (f, _) = fixture("addons.kubestash.com_functions.yaml");
    let (a, _) = fixture("addons.kubestash.com_addons.yaml");
    let expected = format!("{f}---\n{a}").replace("  creationTimestamp: null\n", "");
    assert!(
        run_crd() == expected,
        "`kubestash-fn crd` differs from upstream's files"
    );
}

#[test]
fn extra_arguments_are_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_kubestash-fn"))
        .args(["crd", "--nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
