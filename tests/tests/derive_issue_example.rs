//! The surface of issue 5, exactly as written there: manifest, template, parameters, parser and
//! the parser's errors.

use function_core::plugin::{self, ArgsError};
use function_core::{Function, PluginFunction};

/// Back up a PostgreSQL database with pg_dump.
#[derive(Function, Debug, Clone, PartialEq)]
#[function(name = "postgres-backup",
           image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}",
           available_versions = ["12.17", "14.10", "16.4"],
           subcommand = "backup")]
pub struct PostgresBackup {
    #[arg(builtin)] // --namespace=${namespace:=default}
    namespace: String,
    #[arg(builtin, flag = "backupsession", var = "backupSession")]
    backup_session: String,
    /// Enable or disable caching.
    #[arg(default = true)]
    enable_cache: bool, // --enable-cache=${enableCache:=true}
    #[arg(default = 300)]
    wait_timeout: u32, // --wait-timeout=${waitTimeout:=300}
    #[arg(flag = "pg-args", var = "args")]
    pg_args: Option<String>, // --pg-args=${args:=}
}

const EXPECTED_ARGS: [&str; 6] = [
    "backup",
    "--namespace=${namespace:=default}",
    "--backupsession=${backupSession:=}",
    "--enable-cache=${enableCache:=true}",
    "--wait-timeout=${waitTimeout:=300}",
    "--pg-args=${args:=}",
];

#[test]
fn serialised_manifest_has_exactly_the_issues_args() {
    let manifest = serde_json::to_value(PostgresBackup::manifest()).unwrap();
    assert_eq!(
        manifest,
        serde_json::json!({
            "apiVersion": "addons.kubestash.com/v1alpha1",
            "kind": "Function",
            "metadata": { "name": "postgres-backup" },
            "spec": {
                "image": "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}",
                "args": EXPECTED_ARGS,
                "availableVersions": ["12.17", "14.10", "16.4"],
            }
        })
    );
    assert_eq!(PostgresBackup::args_template(), EXPECTED_ARGS);
    assert_eq!(PostgresBackup::name(), "postgres-backup");
    assert_eq!(plugin::validate::<PostgresBackup>(), Ok(()));
}

#[test]
fn parameters_leave_out_builtins_and_carry_usage_and_typed_defaults() {
    let params = serde_json::to_value(PostgresBackup::parameters()).unwrap();
    assert_eq!(
        params,
        serde_json::json!([
            { "name": "enableCache", "usage": "Enable or disable caching.", "default": "true" },
            { "name": "waitTimeout", "default": "300" },
            { "name": "args" },
        ])
    );
}

#[test]
fn specs_describe_every_field() {
    let specs = PostgresBackup::arg_specs();
    let summary: Vec<_> = specs
        .iter()
        .map(|s| {
            (
                s.field,
                s.flag,
                s.var,
                s.default.as_deref(),
                s.builtin,
                s.is_required(),
                s.expected.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "namespace",
                "namespace",
                "namespace",
                Some("default"),
                true,
                false,
                "a string"
            ),
            (
                "backup_session",
                "backupsession",
                "backupSession",
                None,
                true,
                false,
                "a string"
            ),
            (
                "enable_cache",
                "enable-cache",
                "enableCache",
                Some("true"),
                false,
                false,
                "bool"
            ),
            (
                "wait_timeout",
                "wait-timeout",
                "waitTimeout",
                Some("300"),
                false,
                false,
                "u32"
            ),
            ("pg_args", "pg-args", "args", None, false, false, "a string"),
        ]
    );
    assert!(specs.iter().all(|s| s.helm_value.is_none()));
}

fn sample() -> PostgresBackup {
    PostgresBackup {
        namespace: "demo".into(),
        backup_session: "daily-1".into(),
        enable_cache: false,
        wait_timeout: 60,
        pg_args: Some("--clean".into()),
    }
}

#[test]
fn to_args_and_back() {
    let args = sample().to_args();
    assert_eq!(
        args,
        [
            "backup",
            "--namespace=demo",
            "--backupsession=daily-1",
            "--enable-cache=false",
            "--wait-timeout=60",
            "--pg-args=--clean",
        ]
    );
    assert_eq!(PostgresBackup::from_args(&args), Ok(sample()));
}

#[test]
fn both_flag_forms_in_any_order() {
    let parsed = PostgresBackup::from_args([
        "backup",
        "--wait-timeout",
        "60",
        "--pg-args=--clean",
        "--enable-cache",
        "false",
        "--backupsession=daily-1",
        "--namespace",
        "demo",
    ]);
    assert_eq!(parsed, Ok(sample()));
}

#[test]
fn absent_flags_take_the_templates_value() {
    let parsed = PostgresBackup::from_args(["backup"]).unwrap();
    assert_eq!(
        parsed,
        PostgresBackup {
            namespace: "default".into(),
            backup_session: String::new(),
            enable_cache: true,
            wait_timeout: 300,
            pg_args: None,
        }
    );
}

fn err(args: &[&str]) -> String {
    PostgresBackup::from_args(args.iter().copied())
        .unwrap_err()
        .to_string()
}

#[test]
fn the_subcommand_is_checked() {
    assert_eq!(
        err(&[]),
        "missing the subcommand `backup`: it must be the first argument"
    );
    assert_eq!(
        err(&["restore", "--namespace=demo"]),
        "expected the subcommand `backup` as the first argument, found `restore`"
    );
    assert_eq!(
        err(&["--namespace=demo"]),
        "expected the subcommand `backup` as the first argument, found `--namespace=demo`"
    );
}

#[test]
fn unknown_repeated_and_valueless_flags_are_rejected() {
    assert_eq!(
        err(&["backup", "--wait-timout=5"]),
        "unknown flag `--wait-timout` (did you mean `--wait-timeout`?); the flags are: \
         --namespace, --backupsession, --enable-cache, --wait-timeout, --pg-args"
    );
    assert_eq!(
        err(&["backup", "--wait-timeout=5", "--wait-timeout", "6"]),
        "the flag `--wait-timeout` is given more than once"
    );
    assert_eq!(
        err(&["backup", "--pg-args"]),
        "the flag `--pg-args` has no value: write `--pg-args=VALUE` or `--pg-args VALUE`"
    );
    assert_eq!(
        err(&["backup", "stray"]),
        "unexpected argument `stray`: expected `--flag=value` or `--flag value`"
    );
}

#[test]
fn bad_values_name_the_flag_the_text_and_the_type() {
    assert_eq!(
        PostgresBackup::from_args(["backup", "--wait-timeout=5m"]),
        Err(ArgsError::InvalidValue {
            flag: "wait-timeout".into(),
            text: "5m".into(),
            expected: "u32".into(),
            reason: "invalid digit found in string".into(),
        })
    );
    assert_eq!(
        err(&["backup", "--wait-timeout=-1"]),
        "invalid value `-1` for `--wait-timeout`: expected u32 (invalid digit found in string)"
    );
    assert_eq!(
        err(&["backup", "--enable-cache=yes"]),
        "invalid value `yes` for `--enable-cache`: expected bool (expected true or false (or 1, \
         t, T, TRUE, True, 0, f, F, FALSE, False))"
    );
}

/// A Function with required parameters.
#[derive(Function, Debug, PartialEq)]
#[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0")]
struct Required {
    /// Paths to back up.
    paths: String,
    #[arg(default = 3)]
    retries: u8,
}

#[test]
fn a_missing_required_flag_is_an_error() {
    assert_eq!(
        Required::from_args(["--retries=1"]),
        Err(ArgsError::MissingFlag {
            flag: "paths".into(),
            expected: "a string".into()
        })
    );
    assert_eq!(
        Required::from_args(["--retries=1"])
            .unwrap_err()
            .to_string(),
        "missing the required flag `--paths` (a string)"
    );
    // Present but empty is a value.
    assert_eq!(
        Required::from_args(["--paths="]),
        Ok(Required {
            paths: String::new(),
            retries: 3
        })
    );
    let params = Required::parameters();
    assert!(params[0].required);
    assert_eq!(params[0].usage, "Paths to back up.");
    assert!(!params[1].required);
    // No subcommand: the template starts with the flags.
    assert_eq!(
        Required::args_template(),
        ["--paths=${paths:=}", "--retries=${retries:=3}"]
    );
}
