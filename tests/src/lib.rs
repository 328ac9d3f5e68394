//! Workspace tests, and helpers they share.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The workspace's `tests/fixtures` directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The 16 reference objects of the KubeStash catalog (`fixtures/catalog/raw/<app>/*.yaml`),
/// sorted by path.
pub fn catalog_files() -> Vec<PathBuf> {
    let root = fixtures().join("catalog").join("raw");
    let mut files = Vec::new();
    for app in std::fs::read_dir(&root).expect("fixtures/catalog/raw is readable") {
        let app = app.expect("a directory entry").path();
        for file in std::fs::read_dir(&app).expect("an app directory is readable") {
            let file = file.expect("a directory entry").path();
            if file.extension().is_some_and(|e| e == "yaml") {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

/// Drops what Go's `omitempty` drops when the operator re-serialises an object: `false`,
/// `""`, `null` and empty lists. An empty struct such as `emptyDir: {}` is kept: Go does not
/// drop structs. (Zero numbers would be dropped for Go's non-pointer ints; the catalog has
/// none, and k8s-openapi keeps them as `Some(0)`, so they are left alone.)
///
/// ```
/// let mut v = serde_json::json!({"a": "", "b": false, "c": [], "d": {"emptyDir": {}}, "e": 0});
/// kubestash_fn_tests::go_omitempty(&mut v);
/// assert_eq!(v, serde_json::json!({"d": {"emptyDir": {}}, "e": 0}));
/// ```
pub fn go_omitempty(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| {
                !matches!(v, Value::Null | Value::Bool(false))
                    && v.as_str() != Some("")
                    && v.as_array().is_none_or(|a| !a.is_empty())
            });
            map.values_mut().for_each(go_omitempty);
        }
        Value::Array(items) => items.iter_mut().for_each(go_omitempty),
        _ => {}
    }
}
