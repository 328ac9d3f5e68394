//! `kubestash-fn import` through the binary: the workspace of the 16 reference objects builds
//! and its generator prints them back; `--stdout`; a non-empty directory refused without
//! `--force` and replaced with it; a bad input writes nothing.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{cargo, copy_lock, kubestash_fn, repo, text};
use kubestash_fn_tests::catalog_files;
use kubestash_fn_tests::oracle::{Oracle, canonical};
use serde_json::Value;

fn raw() -> String {
    repo()
        .join("tests/fixtures/catalog/raw")
        .to_str()
        .expect("UTF-8")
        .to_owned()
}

/// The objects of a multi-document YAML text, by kind and name, as JSON.
fn objects(text: &str, source: &str) -> BTreeMap<(String, String), Value> {
    let docs: Vec<Value> =
        serde_saphyr::from_multiple(text).unwrap_or_else(|e| panic!("{source}: {e}"));
    docs.into_iter()
        .map(|doc| {
            let key = (
                doc["kind"].as_str().expect("kind").to_owned(),
                doc["metadata"]["name"].as_str().expect("name").to_owned(),
            );
            (key, doc)
        })
        .collect()
}

#[test]
fn the_imported_workspace_prints_the_objects_it_came_from() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let ws = tmp.path().join("kubestash-catalog");
    let core = repo().join("function-core");
    let out = kubestash_fn(&[
        "import",
        &raw(),
        "--out",
        ws.to_str().expect("UTF-8"),
        "--core-path",
        core.to_str().expect("UTF-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!(
            "imported 12 Functions and 4 Addons into {}: 6 files (cargo run prints them; cargo \
             run -- --chart DIR writes their chart)\n",
            ws.display()
        )
    );
    copy_lock(&ws);
    let printed = text(&cargo(&ws, &["run", "--quiet"]).stdout);
    let back = objects(&printed, "cargo run");
    let mut original = BTreeMap::new();
    for file in catalog_files() {
        let yaml = fs::read_to_string(&file).expect("a fixture");
        original.extend(objects(&yaml, &file.display().to_string()));
    }
    assert_eq!(original.len(), 16);
    assert_eq!(
        back.keys().collect::<Vec<_>>(),
        original.keys().collect::<Vec<_>>()
    );
    // What the workspace prints is what upstream's Go types write for the object it came from
    // (the fixture unmarshalled into apimachinery's Function or Addon and marshalled again).
    let mut oracle = Oracle::start();
    for ((kind, name), object) in &original {
        let go = oracle.normalise(kind, object);
        assert_eq!(
            canonical(&back[&(kind.clone(), name.clone())]),
            canonical(&go),
            "{kind}/{name}: what the workspace prints (left) differs from what Go writes (right)"
        );
    }
    // `--chart DIR` writes the chart.
    let chart = tmp.path().join("chart");
    cargo(
        &ws,
        &[
            "run",
            "--quiet",
            "--",
            "--chart",
            chart.to_str().expect("UTF-8"),
        ],
    );
    let chart_yaml = fs::read_to_string(chart.join("Chart.yaml")).expect("Chart.yaml");
    assert!(
        chart_yaml.contains("name: kubestash-catalog\n"),
        "{chart_yaml}"
    );
    cargo(&ws, &["fmt", "--check"]);
}

#[test]
fn stdout_prints_the_source_alone() {
    let out = kubestash_fn(&["import", &raw(), "--stdout"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let source = text(&out.stdout);
    assert!(source.starts_with("use std::path::PathBuf;\n"), "{source}");
    assert!(source.contains("pub struct KubedumpBackup {\n"));
    assert!(source.contains("pub fn catalog() -> function_core::catalog::Catalog {\n"));
    // --stdout writes nothing, so it takes no --out.
    let out = kubestash_fn(&["import", &raw(), "--stdout", "--out", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!Path::new("x").exists());
}

#[test]
fn a_non_empty_directory_is_refused_without_force_and_replaced_with_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let ws = tmp.path().join("catalog");
    fs::create_dir(&ws).expect("mkdir");
    fs::write(ws.join("mine.txt"), "mine\n").expect("write");
    let dir = ws.to_str().expect("UTF-8");
    let out = kubestash_fn(&["import", &raw(), "--out", dir]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        format!("error: {dir}: refusing to write there: it exists and is not an empty directory\n")
    );
    assert_eq!(fs::read_dir(&ws).expect("read_dir").count(), 1);

    let out = kubestash_fn(&["import", &raw(), "--out", dir, "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!ws.join("mine.txt").exists());
    let lib = fs::read_to_string(ws.join("catalog-api/src/lib.rs")).expect("the API crate");
    assert!(lib.contains("pub struct KubedumpBackup {\n"));
    // No temporary sibling left behind.
    assert_eq!(fs::read_dir(tmp.path()).expect("read_dir").count(), 1);
}

#[test]
fn a_bad_input_writes_nothing_and_names_the_place() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let ws = tmp.path().join("catalog");
    let bad = repo().join("tests/fixtures/malformed/bad-indentation.yaml");
    let out = kubestash_fn(&[
        "import",
        &raw(),
        bad.to_str().expect("UTF-8"),
        "--out",
        ws.to_str().expect("UTF-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!("error: {}:7:8: ", bad.display())),
        "{stderr}"
    );
    assert!(!ws.exists());
    assert_eq!(fs::read_dir(tmp.path()).expect("read_dir").count(), 0);
    // Also over an existing workspace with --force: it is left as it was.
    fs::create_dir(&ws).expect("mkdir");
    fs::write(ws.join("mine.txt"), "mine\n").expect("write");
    let out = kubestash_fn(&[
        "import",
        bad.to_str().expect("UTF-8"),
        "--out",
        ws.to_str().expect("UTF-8"),
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        fs::read_to_string(ws.join("mine.txt")).expect("kept"),
        "mine\n"
    );
    assert_eq!(fs::read_dir(tmp.path()).expect("read_dir").count(), 1);
}

#[test]
fn an_object_the_importer_cannot_express_is_named() {
    // An Addon whose task names a Function that is not among the objects imported.
    let tmp = tempfile::tempdir().expect("tempdir");
    let addon = repo().join("tests/fixtures/catalog/raw/pvc/pvc-addon.yaml");
    let ws = tmp.path().join("catalog");
    let out = kubestash_fn(&[
        "import",
        addon.to_str().expect("UTF-8"),
        "--out",
        ws.to_str().expect("UTF-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!("error: {}:", addon.display())),
        "{stderr}"
    );
    assert!(!ws.exists());
}

#[test]
fn a_directory_name_that_cannot_name_the_workspace_asks_for_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let ws = tmp.path().join("My_Catalog");
    let out = kubestash_fn(&["import", &raw(), "--out", ws.to_str().expect("UTF-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("pass --name NAME"),
        "{}",
        text(&out.stderr)
    );
    assert!(!ws.exists());
    let out = kubestash_fn(&[
        "import",
        &raw(),
        "--out",
        ws.to_str().expect("UTF-8"),
        "--name",
        "my-catalog",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(ws.join("my-catalog-api/Cargo.toml").is_file());
}
