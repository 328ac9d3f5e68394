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

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_variable_nothing_reads_is_a_warning_with_the_nearest_name() {
    let out = run(&[
        &raw("vault"),
        "--task",
        "vault-backup",
        "--set",
        "waitTimout=5",
        "--set",
        "noSuchThing=1",
        "--set",
        "keyPrefix=k",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "warning: --set waitTimout: nothing task \"vault-backup\" runs reads it (did you mean \
         `waitTimeout`?)\nwarning: --set noSuchThing: nothing task \"vault-backup\" runs reads it\n"
    );
    // The typo changed nothing: the default is used.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("--wait-timeout=300\n"), "{stdout}");
    assert!(stdout.contains("--key-prefix=k\n"), "{stdout}");
}

#[test]
fn the_rule_that_chose_db_version_is_said() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let f = tmp.path().join("f.yaml");
    std::fs::write(
        &f,
        "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: \
         mongodb-backup\nspec:\n  image: ghcr.io/kubedb/mongodb-restic-plugin:v0.1.0_${DB_VERSION}\n  \
         availableVersions: [\"4.4.26\", \"5.0.23\", \"6.0.12\", \"7.0.5\"]\n",
    )
    .expect("write");
    let f = f.display().to_string();
    for (db, image, note) in [
        (
            "3.6",
            "4.4.26",
            "note: ${DB_VERSION} = 4.4.26: 3.6 is below every available version, so the lowest \
             is taken\n",
        ),
        (
            "5.0.30",
            "5.0.23",
            "note: ${DB_VERSION} = 5.0.23: the highest available version below 5.0.30\n",
        ),
        (
            "7.0.5",
            "6.0.5",
            "note: ${DB_VERSION} = 6.0.5: the operator's fixed table maps database versions \
             matching `7.0.*` for Functions named `mongodb-(backup|restore)` to 6.0.5, whatever \
             availableVersions says\n",
        ),
    ] {
        let out = run(&[&f, "--db-version", db]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stderr(&out), note, "--db-version {db}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains(&format!("mongodb-restic-plugin:v0.1.0_{image}\n")),
            "{stdout}"
        );
    }
}

#[test]
fn a_missing_required_parameter_is_reported_at_its_definition() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(
        dir.join("f.yaml"),
        "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: \
         demo-backup\nspec:\n  image: busybox\n  args:\n  - --paths=${paths:=}\n",
    )
    .expect("write");
    let addon = dir.join("a.yaml");
    std::fs::write(
        &addon,
        "apiVersion: addons.kubestash.com/v1alpha1\nkind: Addon\nmetadata:\n  name: demo-addon\n\
         spec:\n  backupTasks:\n  - name: backup\n    function: demo-backup\n    parameters:\n    \
         - name: wait\n      usage: Wait.\n    - name: paths\n      usage: What to back up.\n      \
         required: true\n",
    )
    .expect("write");
    let out = run(&[&dir.display().to_string(), "--task", "backup"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}:12:7: parameter \"paths\" of task \"backup\" of addon \"demo-addon\" is \
             required but has no value (searched: DB_VERSION, user params, operator built-ins, \
             parameter defaults)\n",
            addon.display()
        )
    );
    // Given, it resolves.
    let out = run(&[
        &dir.display().to_string(),
        "--task",
        "backup",
        "--set",
        "paths=/data",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
