//! The build script: the committed chart is what the types give, and a second `cargo build`
//! after a first one compiles nothing and rewrites nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn generated() -> Vec<(PathBuf, SystemTime)> {
    let mut paths = vec![crate_dir().join("manifests.yaml")];
    files(&crate_dir().join("chart"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let mtime = fs::metadata(&p).and_then(|m| m.modified()).expect("mtime");
            (p, mtime)
        })
        .collect()
}

#[test]
fn the_committed_chart_and_manifests_are_what_the_types_give() {
    let catalog = postgres_plugin_api::catalog();
    let chart = catalog.chart().expect("renders");
    let mut on_disk = Vec::new();
    files(&crate_dir().join("chart"), &mut on_disk);
    assert_eq!(on_disk.len(), chart.files().count());
    for (path, content) in chart.files() {
        let text = fs::read_to_string(crate_dir().join("chart").join(path)).expect("written");
        assert_eq!(
            text, content,
            "chart/{path} is stale: run `cargo build -p postgres-plugin`"
        );
    }
    let manifests = fs::read_to_string(crate_dir().join("manifests.yaml")).expect("written");
    assert_eq!(manifests, catalog.manifests().expect("renders"));
}

/// Runs `cargo build -v -p postgres-plugin` in a target directory of its own under `target/`
/// (so as not to wait for the lock of the one `cargo test` holds; it is kept between runs, so
/// only the first run compiles the dependencies) and returns its stderr.
fn cargo_build() -> String {
    let workspace = crate_dir().join("../..");
    let out = Command::new(env!("CARGO"))
        .args(["build", "-v", "-p", "postgres-plugin"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target/build-rs-test"))
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "cargo build failed:\n{stderr}");
    stderr
}

#[test]
fn a_second_build_compiles_nothing_and_rewrites_nothing() {
    // The committed files already have their content (see the test above), so not even the
    // first build rewrites them: it only brings the target directory up to date.
    let before = generated();
    cargo_build();
    assert_eq!(
        generated(),
        before,
        "the first build rewrote generated files"
    );
    std::thread::sleep(std::time::Duration::from_millis(50));
    let second = cargo_build();
    let work: Vec<&str> = second
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            l.starts_with("Compiling") || l.starts_with("Running") || l.starts_with("Dirty")
        })
        .collect();
    assert!(
        work.is_empty(),
        "the second build did work:\n{}",
        work.join("\n")
    );
    assert!(second.contains("Fresh postgres-plugin "), "{second}");
    assert_eq!(
        generated(),
        before,
        "the second build rewrote generated files"
    );
}
