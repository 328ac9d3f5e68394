//! Workspace tests, and helpers they share.

use std::path::{Path, PathBuf};

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
