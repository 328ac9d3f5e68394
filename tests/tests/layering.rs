//! The layering of function-core: a plugin binary's normal dependency tree holds no Kubernetes,
//! YAML or regex crate (they sit behind default features its `-api` crate turns off), while its
//! build script's tree has them. Read with `cargo tree`, which resolves features for the
//! selected package alone, as `cargo build -p postgres-plugin` does.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The crates a lean plugin build must not compile.
const HEAVY: [&str; 14] = [
    "k8s-openapi",
    "kube",
    "kube-core",
    "schemars",
    "serde-saphyr",
    "serde_json",
    "regex",
    "annotate-snippets",
    // The webhook's (kubestash-fn): the kube client, its watches, the async runtime, HTTP, TLS.
    "kube-client",
    "kube-runtime",
    "tokio",
    "hyper",
    "rustls",
    "json-patch",
];

/// The package names in `cargo tree -p PACKAGE -e EDGES`.
fn tree(package: &str, edges: &str) -> BTreeSet<String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(env!("CARGO"))
        .current_dir(&workspace)
        .args(["tree", "-p", package, "-e", edges, "--prefix", "none"])
        .args(["--format", "{p}", "--offline"])
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_plugin_binary_builds_without_kubernetes_crates() {
    let normal = tree("postgres-plugin", "normal");
    assert!(normal.contains("function-core"), "{normal:?}");
    assert!(normal.contains("postgres-plugin-api"), "{normal:?}");
    let heavy: Vec<&str> = HEAVY.into_iter().filter(|c| normal.contains(*c)).collect();
    assert!(heavy.is_empty(), "the plugin binary depends on {heavy:?}");
}

#[test]
fn the_plugin_binary_has_clap_s_builder_and_nothing_more() {
    let normal = tree("postgres-plugin", "normal");
    assert!(normal.contains("clap_builder"), "{normal:?}");
    // No colour (anstream and its terminal detection), no terminal-width wrapping, no derive:
    // the command is built from the `ArgSpec`s at run time.
    for c in ["anstream", "terminal_size", "clap_derive"] {
        assert!(!normal.contains(c), "the plugin binary depends on {c}");
    }
}

#[test]
fn its_build_script_has_the_manifests() {
    // `-e build` lists the build-dependencies and everything below them.
    let build = tree("postgres-plugin", "normal,build");
    for c in ["k8s-openapi", "serde-saphyr", "schemars"] {
        assert!(
            build.contains(c),
            "{c} missing from the build tree: {build:?}"
        );
    }
}

/// A plugin binary using every derive attribute whose values are Kubernetes types
/// (`tests/lean-plugin`) compiles with function-core's lean set: the values, and the functions
/// inside `with_api!` that give them, are left out. Checked alone (features resolved for it
/// only), in a target directory of its own.
#[test]
fn container_settings_vanish_from_the_lean_build() {
    let normal = tree("lean-plugin", "normal");
    let heavy: Vec<&str> = HEAVY.into_iter().filter(|c| normal.contains(*c)).collect();
    assert!(heavy.is_empty(), "the lean plugin depends on {heavy:?}");

    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(env!("CARGO"))
        .current_dir(&workspace)
        .args([
            "check",
            "-p",
            "lean-plugin",
            "--offline",
            "--message-format",
            "short",
        ])
        .args(["--target-dir", "target/lean-check"])
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "the lean plugin does not compile:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("warning"),
        "the lean plugin compiles with warnings:\n{stderr}"
    );
}
