//! The manifest resolved as the operator does it (inputs, `${DB_VERSION}` chosen from
//! `availableVersions`, the whole object substituted through the engine), then fed to the
//! plugin's own parser: template and parser agree.

use function_core::PluginFunction;
use function_core::envsubst::{self, json};
use function_core::resolve::select_db_version;
use postgres_plugin::{DumpTool, Invocation, PostgresBackup, PostgresRestore, plan};

/// Resolves `T`'s manifest for a PostgreSQL server of `db_version` with `inputs`.
fn resolve<T: PluginFunction>(db_version: &str, inputs: &[(&str, &str)]) -> (String, Vec<String>) {
    let manifest = T::manifest();
    let chosen =
        select_db_version(&manifest.spec.available_versions, db_version, T::name()).unwrap();
    let mut pairs: Vec<(String, String)> = inputs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    pairs.push(("DB_VERSION".into(), chosen));
    let resolved = json::eval(&manifest, &envsubst::vars(pairs)).expect("the manifest resolves");
    (resolved.spec.image, resolved.spec.args)
}

#[test]
fn a_resolved_backup_parses_into_the_inputs() {
    let (image, args) = resolve::<PostgresBackup>(
        "16.1",
        &[
            // Built-ins from the operator.
            ("namespace", "demo"),
            ("backupSession", "pg-daily-1700000000"),
            ("snapshot", "unused-by-backup"),
            // The user's task params.
            ("enableCache", "false"),
            ("args", "--clean --if-exists"),
            ("backupCmd", "pg_dump"),
            ("databases", "app,billing"),
            // An Addon parameter this Function does not use.
            ("taskName", "logical-backup"),
        ],
    );
    assert_eq!(image, "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_16.4");
    assert_eq!(
        args,
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
    let backup = PostgresBackup::from_args(&args).unwrap();
    assert_eq!(
        backup,
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
    // What the binary would then do.
    let steps = plan::steps(&Invocation::from_args(&args).unwrap());
    assert_eq!(steps.len(), 4);
    assert!(
        steps[1].starts_with("pg_dump --username=$POSTGRES_USER --clean --if-exists --dbname=app")
    );
}

#[test]
fn a_restore_with_only_the_builtins_takes_the_typed_defaults() {
    let (image, args) = resolve::<PostgresRestore>(
        "13.13",
        &[
            ("namespace", "demo"),
            ("restoreSession", "pg-restore-1"),
            ("snapshot", "pg-repo-pg-daily-1700000000"),
        ],
    );
    assert_eq!(image, "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_13.13");
    let restore = PostgresRestore::from_args(&args).unwrap();
    assert_eq!(
        restore,
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
    let (_, args) = resolve::<PostgresBackup>("16.4", &[("waitTimeout", "5m")]);
    assert_eq!(
        PostgresBackup::from_args(&args).unwrap_err().to_string(),
        "invalid value `5m` for `--wait-timeout`: expected u32 (invalid digit found in string)"
    );
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
