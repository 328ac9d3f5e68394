//! The values schema of a chart written from plugin Functions carries the bounds of the Rust
//! types of the arguments bound to Helm values, so that Helm refuses what the plugin would:
//! `helm template --set waitTimeout=-1` fails for a `u32`. Helm v3 comes from
//! `scripts/tools.sh` (under `target/tools`); the test fails when it cannot be installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use function_core::Function;
use function_core::catalog::Catalog;

/// Back up with bounded values.
#[derive(Function)]
#[function(
    name = "bounded-backup",
    image = "ghcr.io/example/bounded:v1",
    subcommand = "backup"
)]
pub struct BoundedBackup {
    /// Number of seconds to wait for the target to be ready.
    #[arg(default = 300, helm_value = "waitTimeout")]
    wait_timeout: u32,
    /// How many files at once.
    #[arg(default = std::num::NonZeroU8::MIN.saturating_add(3), helm_value = "parallelism")]
    parallelism: std::num::NonZeroU8,
    /// The niceness offset.
    #[arg(default = -5, helm_value = "niceOffset")]
    nice_offset: i8,
    /// Enable or disable caching.
    #[arg(default = true, helm_value = "enableCache")]
    enable_cache: bool,
    /// The field separator.
    #[arg(default = ',', helm_value = "separator")]
    separator: char,
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the repository")
}

/// `target/tools/helm3`, installed by `scripts/tools.sh` when missing.
fn helm3() -> PathBuf {
    let out = Command::new("bash")
        .arg(repo().join("scripts/tools.sh"))
        .output()
        .expect("bash runs scripts/tools.sh");
    assert!(
        out.status.success(),
        "scripts/tools.sh failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let helm = repo().join("target/tools/helm3");
    assert!(
        helm.is_file(),
        "scripts/tools.sh installed no {}",
        helm.display()
    );
    helm
}

fn chart(dir: &Path) -> serde_json::Value {
    let mut catalog = Catalog::new("bounded", "0.1.0");
    catalog.add_plugin_function::<BoundedBackup>();
    catalog.write_chart(dir).expect("the chart is written");
    let text = std::fs::read_to_string(dir.join("values.schema.json")).expect("the schema");
    serde_json::from_str(&text).expect("the schema is JSON")
}

#[test]
fn the_values_schema_has_the_rust_types_bounds() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let schema = chart(&tmp.path().join("chart"));
    let props = &schema["properties"];
    let int = |min: i64, max: u64| serde_json::json!({"minimum": min, "maximum": max});
    for (key, bounds) in [
        ("waitTimeout", int(0, u32::MAX.into())),
        ("parallelism", int(1, 255)),
        ("niceOffset", int(-128, 127)),
    ] {
        assert_eq!(props[key]["type"], "integer", "{key}: {}", props[key]);
        assert_eq!(props[key]["minimum"], bounds["minimum"], "{key}");
        assert_eq!(props[key]["maximum"], bounds["maximum"], "{key}");
    }
    assert_eq!(
        props["enableCache"]["enum"],
        serde_json::json!([true, false])
    );
    assert_eq!(
        props["separator"]["allOf"][1]["pattern"], "^.$",
        "{}",
        props["separator"]
    );
}

#[test]
fn helm_refuses_what_the_plugin_would() {
    let helm = helm3();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("chart");
    chart(&dir);
    let template = |set: &[&str]| {
        let mut cmd = Command::new(&helm);
        cmd.arg("template").arg("demo").arg(&dir);
        for s in set {
            cmd.args(["--set", s]);
        }
        cmd.output().expect("helm runs")
    };
    let ok = template(&[]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let ok = template(&["waitTimeout=600", "parallelism=255", "niceOffset=-128"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("--wait-timeout=${waitTimeout:=600}"));
    for bad in [
        "waitTimeout=-1",
        "waitTimeout=4294967296",
        "parallelism=0",
        "niceOffset=128",
        "enableCache=maybe",
        "separator=ab",
    ] {
        let out = template(&[bad]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "--set {bad} rendered");
        let key = bad.split('=').next().unwrap_or_default();
        assert!(
            stderr.contains("values don't meet the specifications of the schema")
                && stderr.contains(key),
            "--set {bad}: {stderr}"
        );
    }
}
