//! The example catalog against upstream: its manifests are the 16 reference objects
//! (`tests/fixtures/catalog/raw`), and its chart is the one `kubestash-fn chart` writes from them.

use std::path::{Path, PathBuf};
use std::process::Command;

use function_core::catalog::Catalog;
use function_core::yaml::{self, Object};

fn raw() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/catalog/raw")
}

fn reference() -> Vec<Object> {
    let mut objects: Vec<Object> = yaml::from_paths([raw()], &yaml::Options::strict())
        .expect("the fixtures read")
        .documents
        .into_iter()
        .map(|d| d.object)
        .collect();
    assert_eq!(objects.len(), 16);
    objects.sort_by(|a, b| (a.kind(), a.name()).cmp(&(b.kind(), b.name())));
    objects
}

#[test]
fn the_manifests_are_the_16_reference_objects() {
    // Read as API types, both sides are normalised as Go's omitempty writes them
    // (`required: false`, `default: ""` and `singleton: false` are dropped).
    let catalog = kubestash_catalog::catalog();
    assert_eq!(catalog.check(), Ok(()));
    let text = catalog.manifests().expect("renders");
    let mut ours: Vec<Object> = yaml::from_str(&text, "manifests")
        .expect("reads back")
        .into_iter()
        .map(|d| d.object)
        .collect();
    ours.sort_by(|a, b| (a.kind(), a.name()).cmp(&(b.kind(), b.name())));
    let theirs = reference();
    assert_eq!(ours.len(), theirs.len());
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(
            serde_json::to_value(a).expect("JSON"),
            serde_json::to_value(b).expect("JSON"),
            "{} {}",
            b.kind(),
            b.name()
        );
    }
}

#[test]
fn the_chart_is_the_one_written_from_the_reference_yaml() {
    let typed = kubestash_catalog::catalog().chart().expect("renders");
    let mut from_yaml = Catalog::new("kubestash-catalog", "2026.7.10");
    from_yaml
        .app_version("v2026.7.10")
        .kube_version(">=1.26.0-0")
        .description("KubeStash Catalog by AppsCode - Catalog of KubeStash Addons")
        .add_objects(reference())
        .bind_helm_value("waitTimeout", "waitTimeout");
    let from_yaml = from_yaml.chart().expect("renders");
    let a: Vec<(&str, &str)> = typed.files().collect();
    let b: Vec<(&str, &str)> = from_yaml.files().collect();
    assert_eq!(a.len(), 22);
    for ((pa, ca), (pb, cb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        if *pa == "values.schema.json" {
            // The Rust types add what YAML cannot say: `waitTimeout` is a `u32`.
            let mut typed: serde_json::Value = serde_json::from_str(ca).expect("JSON");
            let untyped: serde_json::Value = serde_json::from_str(cb).expect("JSON");
            let wait = typed["properties"]["waitTimeout"]
                .as_object_mut()
                .expect("waitTimeout");
            assert_eq!(wait.remove("minimum"), Some(0.into()));
            assert_eq!(wait.remove("maximum"), Some(u32::MAX.into()));
            assert_eq!(typed, untyped, "{pa}");
        } else {
            assert_eq!(ca, cb, "{pa}");
        }
    }
}

#[test]
fn the_binary_writes_the_chart_and_says_so() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("chart");
    let manifests = tmp.path().join("catalog.yaml");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_kubestash-catalog"))
            .arg("--out")
            .arg(&out)
            .arg("--manifests")
            .arg(&manifests)
            .output()
            .expect("runs")
    };
    let first = run();
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&first.stdout),
        format!(
            "chart kubestash-catalog 2026.7.10: 12 Functions, 4 Addons; 22 files in {} (22 written, 0 unchanged, 0 removed)\n\
             manifests kubestash-catalog 2026.7.10: 12 Functions, 4 Addons; {} (written)\n",
            out.display(),
            manifests.display()
        )
    );
    assert!(out.join("templates/vault/vault-addon.yaml").exists());
    let second = run();
    assert!(
        String::from_utf8_lossy(&second.stdout).contains("(0 written, 22 unchanged, 0 removed)")
    );
    assert!(String::from_utf8_lossy(&second.stdout).contains("(unchanged)"));
    let none = Command::new(env!("CARGO_BIN_EXE_kubestash-catalog"))
        .output()
        .expect("runs");
    assert_eq!(none.status.code(), Some(2));
}
