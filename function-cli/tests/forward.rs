//! Tomorrow's catalogs (issue 20): every command on objects of a later upstream version, in
//! process. `milvus-addon.yaml` is an Addon whose one task has `driver: Milvus`; `catalog/` adds
//! a restore task with `executor: CronJob` and a Function with a field this version does not
//! know (`spec.imagePullPolicy`). Values this version does not know are kept, written back
//! unchanged and warned about by the lint; the unknown field is dropped with a warning.

use function_cli::error::Status;
use function_cli::{Streams, run_args};

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

// Tests run in the package's directory.
const MILVUS: &str = "../tests/fixtures/forward/milvus-addon.yaml";
const CATALOG: &str = "../tests/fixtures/forward/catalog";
const CATALOG_ADDON: &str = "../tests/fixtures/forward/catalog/milvus-addon.yaml";
const PRUNED: &str = "warning: ../tests/fixtures/forward/catalog/milvus-backup-function.yaml:17:3: \
    spec.imagePullPolicy: unknown field \"imagePullPolicy\": this version's API \
    (kubestash/apimachinery @ 0116a4cb) does not have it; dropped, as an API server whose CRD \
    does not list it prunes it\n";

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn fmt_round_trips_an_addon_with_driver_milvus_byte_for_byte() {
    let r = run(&["fmt", MILVUS]);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(r.out, read(MILVUS));
    assert_eq!(r.err, "");
    let check = run(&["fmt", "--check", MILVUS]);
    assert_eq!(check.status, Status::Success, "{check:?}");
}

#[test]
fn fmt_keeps_unknown_values_and_drops_the_unknown_field_with_a_warning() {
    let r = run(&["fmt", CATALOG]);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(r.err, PRUNED);
    // The Addon (first file) is printed back unchanged, executor: CronJob included.
    assert!(r.out.starts_with(&read(CATALOG_ADDON)), "{}", r.out);
    assert!(r.out.contains("    executor: CronJob\n"));
    // The Function is, but for the field dropped.
    let function = read(&format!("{CATALOG}/milvus-backup-function.yaml"))
        .replace("  imagePullPolicy: IfNotPresent\n", "");
    assert!(r.out.contains(&function), "{}", r.out);
    assert!(!r.out.contains("imagePullPolicy"));
}

#[test]
fn fmt_still_refuses_a_near_miss_of_a_known_value_or_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let typo = dir.path().join("typo.yaml");
    std::fs::write(
        &typo,
        read(MILVUS).replace("driver: Milvus", "driver: Restik"),
    )
    .unwrap();
    let r = run(&["fmt", typo.to_str().unwrap()]);
    assert_eq!(r.status, Status::Input, "{r:?}");
    assert!(
        r.err
            .contains(":9:13: spec.backupTasks[0].driver: unknown variant \"Restik\""),
        "{}",
        r.err
    );
    std::fs::write(
        &typo,
        read(MILVUS).replace("singleton: true", "singletn: true"),
    )
    .unwrap();
    let r = run(&["fmt", typo.to_str().unwrap()]);
    assert_eq!(r.status, Status::Input, "{r:?}");
    assert!(
        r.err.contains(
            ":11:5: spec.backupTasks[0].singletn: unknown field \"singletn\" (did you mean \"singleton\"?)"
        ),
        "{}",
        r.err
    );
    assert_eq!(r.out, "");
}

#[test]
fn lint_warns_once_on_driver_milvus_and_fails_under_deny_warnings() {
    let r = run(&["lint", MILVUS]);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert!(
        r.err
            .ends_with("kubestash-fn lint: 0 errors, 1 warning, 0 notes\n"),
        "{}",
        r.err
    );
    assert!(r.err.contains(
        "warning[KSF0108]: driver `Milvus` is not one this version knows (Restic, WalG, Medusa, \
         VolumeSnapshotter, Solr, ClickHouseBackup, Neo4jAdmin)"
    ));
    assert!(r.err.contains("milvus-addon.yaml:9:13"), "{}", r.err);
    assert!(
        r.err
            .contains("an API server whose Addon CRD does not list `Milvus` refuses the object")
    );
    let denied = run(&["lint", "--deny", "warnings", MILVUS]);
    assert_eq!(denied.status, Status::Input, "{denied:?}");
    let allowed = run(&[
        "lint",
        "--deny",
        "warnings",
        "--allow",
        "unknown-value",
        MILVUS,
    ]);
    assert_eq!(allowed.status, Status::Success, "{allowed:?}");
}

#[test]
fn lint_reports_each_unknown_value_and_field_with_its_code_and_position() {
    let r = run(&["lint", "--format", "json", CATALOG]);
    assert_eq!(r.status, Status::Success, "{r:?}");
    // The dropped field is a diagnostic, not a reader's warning as well.
    assert_eq!(r.err, "");
    let found: serde_json::Value = serde_json::from_str(&r.out).expect("JSON");
    let found: Vec<(String, String, u64, u64, String)> = found
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["file"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        (
            "KSF0108",
            "milvus-addon.yaml",
            9,
            13,
            "spec.backupTasks[0].driver",
        ),
        (
            "KSF0108",
            "milvus-addon.yaml",
            33,
            15,
            "spec.restoreTasks[0].executor",
        ),
        (
            "KSF0109",
            "milvus-backup-function.yaml",
            17,
            3,
            "spec.imagePullPolicy",
        ),
    ]
    .map(|(c, f, l, col, p)| (c.to_owned(), f.to_owned(), l, col, p.to_owned()));
    assert_eq!(found, expected);
    let denied = run(&["lint", "--deny", "warnings", CATALOG]);
    assert_eq!(denied.status, Status::Input, "{denied:?}");
}

#[test]
fn chart_writes_the_values_as_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("chart");
    let r = run(&[
        "chart",
        CATALOG,
        "--name",
        "milvus-catalog",
        "--version",
        "0.1.0",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(r.err, PRUNED);
    let addon = read(
        out.join("templates/milvus/milvus-addon.yaml")
            .to_str()
            .unwrap(),
    );
    assert!(addon.contains("    driver: Milvus\n"), "{addon}");
    assert!(addon.contains("    executor: CronJob\n"), "{addon}");
}

#[test]
fn resolve_runs_a_task_whose_driver_and_executor_this_version_does_not_know() {
    for task in ["logical-backup", "logical-backup-restore"] {
        let r = run(&[
            "resolve",
            CATALOG,
            "--addon",
            CATALOG_ADDON,
            "--task",
            task,
            "--db-version",
            "2.5.4",
            "-o",
            "json",
        ]);
        assert_eq!(r.status, Status::Success, "{task}: {r:?}");
        let out: serde_json::Value = serde_json::from_str(&r.out).expect("JSON");
        assert_eq!(
            out["container"]["image"], "ghcr.io/kubedb/milvus-restic-plugin:v0.1.0_2.5.4",
            "{task}"
        );
    }
}

#[test]
fn images_lists_the_images_of_the_catalog() {
    let r = run(&["images", CATALOG]);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(
        r.out,
        "ghcr.io/kubedb/milvus-restic-plugin:v0.1.0_2.4.17\n\
         ghcr.io/kubedb/milvus-restic-plugin:v0.1.0_2.5.4\n"
    );
    assert_eq!(r.err, PRUNED);
}

#[test]
fn import_writes_the_values_through_the_escape_hatch_of_addon() {
    let r = run(&["import", CATALOG, "--stdout"]);
    assert_eq!(r.status, Status::Success, "{r:?}");
    assert_eq!(r.err, PRUNED);
    assert!(r.out.contains("driver: Other(\"Milvus\"),"), "{}", r.out);
    assert!(r.out.contains("executor: Other(\"CronJob\"),"), "{}", r.out);
    assert!(r.out.contains("executor: Job,"), "{}", r.out);
    assert!(r.out.contains("driver: Restic,"), "{}", r.out);
}
