//! Helpers of the tests that build a workspace written by `kubestash-fn new` or `import`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// This repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the repository")
}

/// `kubestash-fn ARGS`.
pub fn kubestash_fn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubestash-fn"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Where the written workspaces are built: a target directory of their own under this
/// repository's `target/`, kept between runs (only the new workspace's crates are rebuilt).
pub fn target_dir() -> PathBuf {
    repo().join("target/new-workspace")
}

/// `cargo ARGS` in `dir` (offline, but `cargo fmt`, which fetches nothing), built in
/// [`target_dir`], without this repository's `K8S_OPENAPI_ENABLED_VERSION`: the workspace must
/// choose its Kubernetes version itself, as it does outside this repository. Fails the test
/// when cargo fails.
pub fn cargo(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO"))
        .current_dir(dir)
        .arg(args[0])
        .args((args[0] != "fmt").then_some("--offline"))
        .args(&args[1..])
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("K8S_OPENAPI_ENABLED_VERSION")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {args:?} failed in {}:\n{}",
        dir.display(),
        text(&out.stderr)
    );
    out
}

/// This repository's `Cargo.lock` copied into `dir`: the versions it is built and tested with
/// (and has in its cache), so that `--offline` finds them.
pub fn copy_lock(dir: &Path) {
    std::fs::copy(repo().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
}
