//! `kubestash-fn resolve` driven as a user would.

use std::path::PathBuf;
use std::process::{Command, Output};

fn raw(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/catalog/raw")
        .join(rel)
        .display()
        .to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubestash-fn"))
        .arg("resolve")
        .args(args)
        .output()
        .expect("run kubestash-fn")
}

#[test]
fn pvc_backup_through_the_logical_backup_task() {
    let out = run(&[
        &raw("pvc/pvc-backup-function.yaml"),
        "--addon",
        &raw("pvc/pvc-addon.yaml"),
        "--task",
        "logical-backup",
        "--set",
        "namespace=demo",
        "--set",
        "backupSession=b1",
        "--set",
        "PVC_NAME=data",
        "-o",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["container"]["args"],
        serde_json::json!([
            "backup",
            "--namespace=demo",
            "--backupsession=b1",
            "--enable-cache=true",
            "--scratch-dir=/kubestash-tmp",
            "--exclude=",
            "--paths=/kubestash-data"
        ])
    );
    let claims: Vec<_> = v["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|vol| vol["persistentVolumeClaim"]["claimName"].as_str())
        .collect();
    assert_eq!(claims, ["data"]);
}

#[test]
fn yaml_output_from_a_directory_with_builtins_params_file_and_runtime_settings() {
    let dir = tempfile::tempdir().unwrap();
    let params = dir.path().join("params.yaml");
    std::fs::write(&params, "paths: /srv\nwaitTimeout: 5\n").unwrap();
    let rs = dir.path().join("rs.yaml");
    std::fs::write(&rs, "nice:\n  adjustment: 3\n").unwrap();
    let out = run(&[
        &raw(""),
        "--addon",
        &raw("workload/workload-addon.yaml"),
        "--task",
        "logical-backup",
        "--builtin",
        "namespace=prod",
        "--params-file",
        params.to_str().unwrap(),
        "--runtime-settings",
        rs.to_str().unwrap(),
        "--step-index",
        "1",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("container:\n"), "{text}");
    assert!(text.contains("  - --paths=/srv\n"), "{text}");
    assert!(text.contains("  - --namespace=prod\n"), "{text}");
    assert!(text.contains("  name: workload-backup-1\n"), "{text}");
    assert!(
        text.contains("  - name: NICE_ADJUSTMENT\n    value: \"3\"\n"),
        "{text}"
    );
}

fn assert_input_error(out: &Output, needle: &str) {
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "stdout must be empty on error");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(needle), "{err} should contain {needle}");
}

#[test]
fn errors_exit_1_with_one_message_and_nothing_on_stdout() {
    // A variable without a value.
    assert_input_error(
        &run(&[&raw("pvc"), "--task", "logical-backup"]),
        "${PVC_NAME} in spec.backupTasks[0].volumeTemplate[0].source.persistentVolumeClaim.claimName has no value",
    );
    // A required parameter.
    assert_input_error(
        &run(&[
            &raw(""),
            "--addon",
            &raw("workload"),
            "--task",
            "logical-backup",
        ]),
        "parameter \"paths\" of task \"logical-backup\" of addon \"workload-addon\" is required",
    );
    // An unknown task.
    assert_input_error(
        &run(&[&raw("pvc"), "--task", "nope"]),
        "addon \"pvc-addon\" has no task \"nope\"",
    );
    // Ambiguous task.
    assert_input_error(
        &run(&[&raw(""), "--task", "logical-backup"]),
        "several Addons have a task \"logical-backup\"",
    );
    // An unknown Function.
    assert_input_error(
        &run(&[&raw("pvc"), "--function", "pvc-bakup"]),
        "no Function \"pvc-bakup\"",
    );
    // The task's Function is not among the files.
    assert_input_error(
        &run(&[&raw("pvc/pvc-addon.yaml"), "--task", "logical-backup"]),
        "no Function \"pvc-backup\"",
    );
    // Several Functions and nothing to choose.
    assert_input_error(&run(&[&raw("pvc")]), "several Functions");
    // A bad params value.
    let dir = tempfile::tempdir().unwrap();
    let params = dir.path().join("p.yaml");
    std::fs::write(&params, "paths: [a, b]\n").unwrap();
    assert_input_error(
        &run(&[
            &raw("pvc"),
            "--function",
            "pvc-backup",
            "--params-file",
            params.to_str().unwrap(),
        ]),
        "p.yaml:1:8: paths: invalid type: expected a string, number or boolean, found a list",
    );
    // Bad YAML in the runtime settings names the file, line and column.
    let rs = dir.path().join("rs.yaml");
    std::fs::write(&rs, "nice:\n  ajustment: 3\n").unwrap();
    assert_input_error(
        &run(&[
            &raw("pvc"),
            "--function",
            "pvc-backup",
            "--runtime-settings",
            rs.to_str().unwrap(),
        ]),
        "rs.yaml:2:3: nice.ajustment: unknown field",
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[&raw("pvc"), "-o", "xml"]);
    assert_eq!(out.status.code(), Some(2));
}
