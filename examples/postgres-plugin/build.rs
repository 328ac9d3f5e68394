//! Writes the plugin's Helm chart (`chart/`) and its objects as multi-document YAML
//! (`manifests.yaml`) beside `Cargo.toml`, from the types of `postgres-plugin-api`.
//!
//! The writes are idempotent (files whose content is unchanged are not touched), so a build
//! that changes nothing rewrites nothing. The script reruns only when it changes or when
//! `postgres-plugin-api` (a build-dependency) does: cargo rebuilds and reruns a build script
//! whose build-dependencies changed. (A deleted `chart/` is written again at the next change;
//! `touch build.rs` forces it.)

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    println!("cargo::rerun-if-changed=build.rs");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = postgres_plugin_api::catalog();
    if let Err(e) = catalog.write_chart(root.join("chart")) {
        eprintln!("error: cannot write the chart: {e}");
        return ExitCode::FAILURE;
    }
    if let Err(e) = catalog.write_manifests(root.join("manifests.yaml")) {
        eprintln!("error: cannot write manifests.yaml: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
