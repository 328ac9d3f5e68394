//! `kubestash-fn lint` and `kubestash-fn images`, in-process and through the binary: the
//! human, JSON and SARIF renderings (goldens), exit statuses, `--deny warnings`, `--allow`, the
//! reference catalog (only true findings, exit 0), and its images.

use std::path::Path;
use std::process::Command;

use function_cli::error::Status;
use function_cli::{Streams, run_args};

/// What one in-process run gave.
#[derive(Debug)]
struct Run {
    status: Status,
    out: String,
    err: String,
}

fn run(args: &[&str]) -> Run {
    let (mut input, mut out, mut err) = (&b""[..], Vec::new(), Vec::new());
    let argv = std::iter::once("kubestash-fn").chain(args.iter().copied());
    let status = run_args(argv, &mut Streams::new(&mut input, &mut out, &mut err));
    Run {
        status,
        out: String::from_utf8(out).expect("UTF-8 stdout"),
        err: String::from_utf8(err).expect("UTF-8 stderr"),
    }
}

// Tests run in the package's directory: relative paths keep the goldens free of machine paths.
const HAZARDS: &str = "../tests/fixtures/lint/hazards.yaml";
const REFERENCE: &str = "../tests/fixtures/catalog/raw";

#[test]
fn human_rendering() {
    let r = run(&["lint", HAZARDS]);
    assert_eq!(r.status, Status::Input, "{r:?}");
    assert_eq!(r.out, "", "human output goes to stderr");
    insta::assert_snapshot!("human", r.err);
}

#[test]
fn json_rendering() {
    let r = run(&["lint", "--format", "json", HAZARDS]);
    assert_eq!(r.status, Status::Input, "{r:?}");
    assert_eq!(r.err, "");
    let value: serde_json::Value = serde_json::from_str(&r.out).expect("one JSON value");
    let items = value.as_array().expect("an array");
    for item in items {
        for key in [
            "code", "severity", "message", "file", "line", "column", "object", "path",
        ] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
    }
    insta::assert_snapshot!("json", r.out);
}

#[test]
fn sarif_rendering() {
    let r = run(&["lint", "--format", "sarif", HAZARDS]);
    assert_eq!(r.status, Status::Input, "{r:?}");
    let sarif: serde_json::Value = serde_json::from_str(&r.out).expect("one JSON value");
    check_sarif_structure(&sarif);
    insta::assert_snapshot!("sarif", r.out.replace(env!("CARGO_PKG_VERSION"), "VERSION"));
}

/// What SARIF 2.1.0 requires of the parts the renderer writes (scripts/conformance.sh also
/// validates the log against the official JSON schema).
fn check_sarif_structure(sarif: &serde_json::Value) {
    assert_eq!(sarif["version"], "2.1.0");
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert!(driver["name"].is_string());
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    let codes: Vec<&str> = function_core::lint::Code::ALL
        .iter()
        .map(|c| c.id())
        .collect();
    assert_eq!(ids, codes, "every code is a rule");
    for rule in rules {
        assert!(rule["shortDescription"]["text"].is_string());
        assert!(
            ["error", "warning", "note"].contains(
                &rule["defaultConfiguration"]["level"]
                    .as_str()
                    .unwrap_or_default()
            )
        );
    }
    for result in runs[0]["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(result["ruleId"], rules[index]["id"]);
        assert!(result["message"]["text"].is_string());
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1));
        assert!(region["startColumn"].as_u64().is_some_and(|c| c >= 1));
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .expect("uri");
        assert!(!uri.contains(' ') && !uri.contains('\\'), "{uri}");
    }
}

#[test]
fn the_reference_catalog_has_only_its_true_findings() {
    let r = run(&["lint", REFERENCE]);
    assert_eq!(r.status, Status::Success, "{r:?}");
    // The worked example of docs/lints.md: volumesnapshot-restore reads `${taskName:=}`, which
    // no task of pvc-addon's volume-snapshot-restore declares and the operator does not provide.
    let json = run(&["lint", "--format", "json", REFERENCE]);
    let value: serde_json::Value = serde_json::from_str(&json.out).expect("JSON");
    let found: Vec<(&str, &str, &str)> = value
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("code"),
                d["object"].as_str().expect("object"),
                d["path"].as_str().expect("path"),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("KSF0201", "Function/volumesnapshot-restore", "spec.args[4]")]
    );
    assert!(
        r.err
            .ends_with("kubestash-fn lint: 0 errors, 0 warnings, 1 note\n"),
        "{}",
        r.err
    );
}

#[test]
fn deny_warnings_and_allow() {
    let text = "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: a-backup\nspec:\n  image: ghcr.io/x/a:v1\n  args:\n  - --user=${user}\n";
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, text).expect("writes");
    let file = file.to_str().expect("UTF-8");
    let warned = run(&["lint", file]);
    assert_eq!(warned.status, Status::Success, "{warned:?}");
    assert!(warned.err.contains("warning[KSF0101]"), "{}", warned.err);
    let denied = run(&["lint", "--deny", "warnings", file]);
    assert_eq!(denied.status, Status::Input);
    let allowed = run(&[
        "lint",
        "--deny",
        "warnings",
        "--allow",
        "undefined-variable",
        file,
    ]);
    assert_eq!(allowed.status, Status::Success, "{allowed:?}");
    assert_eq!(
        allowed.err,
        "kubestash-fn lint: 0 errors, 0 warnings, 0 notes\n"
    );
    let by_id = run(&["lint", "--deny", "warnings", "--allow", "KSF0101", file]);
    assert_eq!(by_id.status, Status::Success);
    let unknown = run(&["lint", "--allow", "KSF9999", file]);
    assert_eq!(unknown.status, Status::Usage);
    assert!(
        unknown.err.contains("unknown lint code `KSF9999`"),
        "{}",
        unknown.err
    );
    let bad_format = run(&["lint", "--format", "xml", file]);
    assert_eq!(bad_format.status, Status::Usage);
}

#[test]
fn images_of_the_reference_catalog() {
    let text = run(&["images", REFERENCE]);
    assert_eq!(text.status, Status::Success, "{text:?}");
    assert_eq!(
        text.out,
        "ghcr.io/kubestash/kubedump:v0.28.0\n\
         ghcr.io/kubestash/manifest:v0.21.0\n\
         ghcr.io/kubestash/pvc:v0.28.0\n\
         ghcr.io/kubestash/vault:v0.3.0\n\
         ghcr.io/kubestash/volume-snapshotter:v0.28.0\n\
         ghcr.io/kubestash/workload:v0.28.0\n"
    );
    let json = run(&["images", "-o", "json", REFERENCE]);
    assert_eq!(json.status, Status::Success);
    insta::assert_snapshot!("images_json", json.out);
}

#[test]
fn images_expand_db_version_over_the_list_and_the_fixed_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("pg.yaml");
    std::fs::write(
        &file,
        "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: postgres-backup\nspec:\n  image: ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}\n  availableVersions:\n  - \"16.4\"\n  - \"17.2\"\n---\n\
         apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: tag-backup\nspec:\n  image: ghcr.io/x/tag:${TAG}\n",
    )
    .expect("writes");
    let r = run(&["images", file.to_str().expect("UTF-8")]);
    assert_eq!(r.status, Status::Input);
    assert_eq!(r.out, "");
    assert_eq!(
        r.err,
        "error: Function `tag-backup`: the image `ghcr.io/x/tag:${TAG}` uses `${TAG}`: only \
         ${DB_VERSION} can be expanded (over the Function's availableVersions), so what it pulls \
         cannot be listed\n"
    );
    // Without the other variable: the list, and 17.9-percona from the fixed table.
    let text = std::fs::read_to_string(&file).expect("reads");
    let (pg, _) = text.split_once("---\n").expect("two documents");
    std::fs::write(&file, pg).expect("writes");
    let r = run(&["images", file.to_str().expect("UTF-8")]);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(
        r.out,
        "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_16.4\n\
         ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_17.2\n\
         ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_17.9-percona\n"
    );
}

#[test]
fn the_binary_exits_with_the_lint_status() {
    let bin = env!("CARGO_BIN_EXE_kubestash-fn");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(bin)
        .current_dir(manifest)
        .args(["lint", "--format", "json", HAZARDS])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty());
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(value[0]["code"], "KSF0006");
    let out = Command::new(bin)
        .current_dir(manifest)
        .args(["lint", REFERENCE])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let out = Command::new(bin)
        .args(["lint", "--format"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}
