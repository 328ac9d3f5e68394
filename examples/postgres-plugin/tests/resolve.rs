//! The plugin's Functions run for their Addon tasks as the operator would
//! (`function_core::testing`): inputs in the operator's precedence, `${DB_VERSION}` chosen from
//! `availableVersions`, the whole object substituted, the container built, and its arguments
//! parsed by the plugin's own parser.

use function_core::PluginFunction;
use function_core::testing::{Laws, Scenario};
use postgres_plugin::{DumpTool, Invocation, PostgresAddon, PostgresBackup, PostgresRestore, plan};

#[test]
fn a_resolved_backup_parses_into_the_inputs() {
    let run = Scenario::task::<PostgresAddon>("logical-backup")
        // Built-ins from the operator.
        .builtin("namespace", "demo")
        .builtin("backupSession", "pg-daily-1700000000")
        .builtin("snapshot", "unused-by-backup")
        // The user's task params.
        .param("enableCache", "false")
        .param("args", "--clean --if-exists")
        .param("backupCmd", "pg_dump")
        .param("databases", "app,billing")
        // A param this Function does not use.
        .param("taskName", "logical-backup")
        .db_version("16.1")
        .run::<PostgresBackup>()
        .unwrap();
    assert_eq!(
        run.container.image.as_deref(),
        Some("ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_16.4")
    );
    assert_eq!(
        run.arguments(),
        [
            "backup",
            "--namespace=demo",
            "--backupsession=pg-daily-1700000000",
            "--enable-cache=false",
            "--scratch-dir=/kubestash-tmp",
            "--wait-timeout=300",
            "--pg-args=--clean --if-exists",
            "--backup-cmd=pg_dump",
            "--databases=app,billing",
            "--user=",
        ]
    );
    assert_eq!(
        run.args,
        PostgresBackup {
            namespace: "demo".into(),
            backup_session: "pg-daily-1700000000".into(),
            enable_cache: false,
            scratch_dir: "/kubestash-tmp".into(),
            wait_timeout: 300,
            pg_args: Some("--clean --if-exists".into()),
            backup_cmd: DumpTool::PgDump,
            databases: vec!["app".into(), "billing".into()],
            user: None,
        }
    );
    // The scratch volume of the task, mounted where the Function's default points.
    let mounts = run.container.volume_mounts.as_deref().unwrap_or_default();
    assert!(
        mounts.iter().any(|m| m.mount_path == "/kubestash-tmp"),
        "{mounts:?}"
    );
    // What the binary would then do.
    let steps = plan::steps(&Invocation::Backup(run.args));
    assert_eq!(steps.len(), 4);
    assert!(
        steps[1].starts_with("pg_dump --username=$POSTGRES_USER --clean --if-exists --dbname=app")
    );
}

#[test]
fn a_restore_with_only_the_builtins_takes_the_typed_defaults() {
    let run = Scenario::task::<PostgresAddon>("logical-backup-restore")
        .builtin("namespace", "demo")
        .builtin("restoreSession", "pg-restore-1")
        .builtin("snapshot", "pg-repo-pg-daily-1700000000")
        .db_version("13.13")
        .run::<PostgresRestore>()
        .unwrap();
    assert_eq!(
        run.container.image.as_deref(),
        Some("ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_13.13")
    );
    assert_eq!(
        run.args,
        PostgresRestore {
            namespace: "demo".into(),
            restore_session: "pg-restore-1".into(),
            snapshot: "pg-repo-pg-daily-1700000000".into(),
            enable_cache: true,
            scratch_dir: "/kubestash-tmp".into(),
            wait_timeout: 300,
            pg_args: None,
            user: None,
        }
    );
}

#[test]
fn a_bad_input_is_reported_by_the_parser_naming_the_flag() {
    let err = Scenario::task::<PostgresAddon>("logical-backup")
        .param("waitTimeout", "5m")
        .db_version("16.4")
        .run::<PostgresBackup>()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("invalid value `5m` for `--wait-timeout`: expected u32"),
        "{err}"
    );
}

#[test]
fn both_functions_keep_the_round_trip_laws() {
    let laws = Laws::new().samples("backup-cmd", ["pg_dump", "pg_dumpall"]);
    let report = laws.check::<PostgresBackup>().unwrap();
    assert!(report.checked > 50, "{report:?}");
    let report = laws.check::<PostgresRestore>().unwrap();
    assert!(report.checked > 50, "{report:?}");
}

#[test]
fn parameters_for_the_addon() {
    let params = serde_json::to_value(PostgresBackup::parameters()).unwrap();
    let names: Vec<&str> = params
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "enableCache",
            "scratchDir",
            "waitTimeout",
            "args",
            "backupCmd",
            "databases",
            "user"
        ]
    );
    assert_eq!(params[2]["default"], "300");
    assert_eq!(params[4]["default"], "pg_dumpall");
    assert_eq!(
        PostgresBackup::arg_specs()
            .iter()
            .find(|s| s.var == "waitTimeout")
            .and_then(|s| s.helm_value),
        Some("waitTimeout")
    );
}
