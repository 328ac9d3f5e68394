use std::fmt;
use std::str::FromStr;

use k8s_openapi::api::core::v1::{EnvVar, ResourceRequirements};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::*;
use crate::api::NiceSettings;
use crate::plugin::{ArgSpec, ArgsWriter, FromStrArg, FunctionInfo, ParsedArgs};
use crate::{Function, addon};

/// Backs up a database.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "db-backup",
    image = "ghcr.io/example/db:v1_${DB_VERSION}",
    available_versions = ["12.17", "14.10", "16.4"],
    subcommand = "backup"
)]
struct DbBackup {
    #[arg(builtin)]
    namespace: String,
    #[arg(builtin, flag = "backupsession")]
    backup_session: String,
    /// Seconds to wait.
    #[arg(default = 300)]
    wait_timeout: u32,
    /// Extra arguments.
    #[arg(flag = "db-args", var = "args")]
    db_args: Option<String>,
    /// Databases.
    databases: Vec<String>,
}

/// Restores a database.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "db-restore",
    image = "ghcr.io/example/db:v1",
    subcommand = "restore"
)]
struct DbRestore {
    #[arg(builtin)]
    snapshot: String,
    /// Where to restore.
    target: String,
}

addon! {
    struct DbAddon {
        name: "db-addon",
        backup_tasks: [{
            name: "dump",
            function: DbBackup,
            overrides: [waitTimeout { default: "600" }],
            volume_template: [{ name: "data", source: persistent_volume_claim("${PVC_NAME}") }],
            volume_mounts: [{ name: "data", mount_path: "/data" }],
        }],
        restore_tasks: [{
            name: "load",
            function: DbRestore,
            overrides: [target { required: true }],
        }],
    }
}

#[test]
fn a_task_runs_with_every_layer_in_the_operators_precedence() {
    let run = Scenario::task::<DbAddon>("dump")
        .builtin("namespace", "demo")
        .builtin("backupSession", "b-1")
        .builtin("PVC_NAME", "claim-1")
        // A user param wins over the task default (600), which wins over the argument's (300).
        .param("waitTimeout", "45")
        .param("args", "--verbose")
        .db_version("15.5")
        .run::<DbBackup>()
        .unwrap();
    assert_eq!(
        run.args,
        DbBackup {
            namespace: "demo".into(),
            backup_session: "b-1".into(),
            wait_timeout: 45,
            db_args: Some("--verbose".into()),
            databases: vec![],
        }
    );
    // 15.5 sits between 14.10 and 16.4, and its major differs from 14's: the next one.
    assert_eq!(run.db_version(), Some("16.4"));
    assert_eq!(
        run.container.image.as_deref(),
        Some("ghcr.io/example/db:v1_16.4")
    );
    assert_eq!(run.container.name, "db-backup-0");
    assert_eq!(
        run.arguments(),
        [
            "backup",
            "--namespace=demo",
            "--backupsession=b-1",
            "--wait-timeout=45",
            "--db-args=--verbose",
            "--databases=",
        ]
    );
    let names: Vec<&str> = run.volumes.iter().map(|v| v.name.as_str()).collect();
    assert!(names.contains(&"data"), "{names:?}");
    let claim = run
        .volumes
        .iter()
        .find_map(|v| v.persistent_volume_claim.as_ref())
        .unwrap();
    assert_eq!(claim.claim_name, "claim-1");
}

#[test]
fn the_task_default_applies_when_the_user_gives_nothing() {
    let run = Scenario::task::<DbAddon>("dump")
        .builtin("PVC_NAME", "claim-1")
        .db_version("16.4")
        .run::<DbBackup>()
        .unwrap();
    assert_eq!(run.args.wait_timeout, 600);
    assert_eq!(run.args.namespace, "default");
}

#[test]
fn runtime_settings_and_the_step_reach_the_container() {
    let settings = ContainerRuntimeSettings {
        resources: ResourceRequirements {
            limits: Some([("memory".to_owned(), Quantity("1Gi".into()))].into()),
            ..Default::default()
        },
        env: vec![EnvVar {
            name: "TZ".into(),
            value: Some("UTC".into()),
            ..Default::default()
        }],
        nice: Some(NiceSettings {
            adjustment: Some(5),
        }),
        ..Default::default()
    };
    let run = Scenario::task::<DbAddon>("load")
        .param("target", "/restore")
        .runtime_settings(settings)
        .step(2)
        .run::<DbRestore>()
        .unwrap();
    assert_eq!(run.container.name, "db-restore-2");
    let env: Vec<(&str, Option<&str>)> = run
        .container
        .env
        .iter()
        .flatten()
        .map(|e| (e.name.as_str(), e.value.as_deref()))
        .collect();
    assert!(env.contains(&("TZ", Some("UTC"))), "{env:?}");
    assert!(env.contains(&("NICE_ADJUSTMENT", Some("5"))), "{env:?}");
    let limits = run.container.resources.unwrap().limits.unwrap();
    assert_eq!(limits["memory"], Quantity("1Gi".into()));
}

#[test]
fn errors_name_what_is_wrong() {
    // A required parameter with no value: the operator stops before the container.
    let err = Scenario::task::<DbAddon>("load")
        .run::<DbRestore>()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Resolve(e) if matches!(**e, ResolveError::MissingRequired { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("\"target\""), "{err}");

    // The task runs another Function.
    let err = Scenario::task::<DbAddon>("load")
        .param("target", "/x")
        .run::<DbBackup>()
        .unwrap_err();
    assert!(
        err.to_string().contains("runs function \"db-restore\""),
        "{err}"
    );

    // An input the plugin's parser refuses.
    let err = Scenario::task::<DbAddon>("dump")
        .builtin("PVC_NAME", "claim-1")
        .param("waitTimeout", "soon")
        .db_version("16.4")
        .run::<DbBackup>()
        .unwrap_err();
    let Error::Args {
        function, error, ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(*function, "db-backup");
    assert!(matches!(&**error, ArgsError::InvalidValue { flag, .. } if flag == "wait-timeout"));
    assert!(err.to_string().contains("--wait-timeout=soon"), "{err}");

    // `${DB_VERSION}` with no database version: a variable with no value.
    let err = Scenario::task::<DbAddon>("dump")
        .builtin("PVC_NAME", "claim-1")
        .run::<DbBackup>()
        .unwrap_err();
    assert!(err.to_string().contains("DB_VERSION"), "{err}");
    // A placeholder the operator would provide, left out.
    let err = Scenario::task::<DbAddon>("dump")
        .db_version("16.4")
        .run::<DbBackup>()
        .unwrap_err();
    assert!(err.to_string().contains("${PVC_NAME}"), "{err}");
}

#[test]
fn a_function_alone_takes_only_the_given_inputs() {
    let run = Scenario::function()
        .param("target", "/t")
        .builtin("snapshot", "s-1")
        .run::<DbRestore>()
        .unwrap();
    assert_eq!(
        run.args,
        DbRestore {
            snapshot: "s-1".into(),
            target: "/t".into()
        }
    );
    assert!(run.volumes.iter().all(|v| v.name != "data"));
}

#[test]
fn derived_structs_keep_the_laws() {
    let report = Laws::new().cases(300).check::<DbBackup>().unwrap();
    assert!(report.checked > 100, "{report:?}");
    assert!(
        report.refused > 0,
        "the generator tries texts a u32 refuses: {report:?}"
    );
}

/// Restores with a snapshot the operator must give.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "strict-restore",
    image = "ghcr.io/example/db:v1",
    subcommand = "restore"
)]
struct StrictRestore {
    #[arg(builtin, required)]
    snapshot: String,
    #[arg(default = 3)]
    retries: u8,
}

#[test]
fn a_required_argument_keeps_the_laws_and_fails_unset() {
    let report = check_laws::<StrictRestore>().unwrap();
    assert!(report.checked > 100, "{report:?}");
    let err = Scenario::function().run::<StrictRestore>().unwrap_err();
    let Error::Args { error, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(
        **error,
        ArgsError::EmptyValue {
            flag: "snapshot".into(),
            var: "snapshot".into()
        }
    );
}

/// Verbatim arguments and every operator.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "odd-backup",
    image = "ghcr.io/example/odd:v1",
    subcommand = "backup",
    args = [
        "--verbose",
        namespace,
        "--target=${host}:${port:=5432}",
        wait_timeout,
        retries,
        interim_dir,
        level,
        "${positional:=x}"
    ]
)]
struct OddBackup {
    #[arg(builtin)]
    namespace: String,
    #[arg(default = 300, op = ":-")]
    wait_timeout: u32,
    #[arg(default = 3, op = "=")]
    retries: u8,
    #[arg(op = "")]
    interim_dir: String,
    #[arg(op = "")]
    level: Option<u8>,
}

#[test]
fn verbatim_arguments_and_operators_keep_the_laws() {
    assert_eq!(
        OddBackup::args_template(),
        [
            "backup",
            "--verbose",
            "--namespace=${namespace:=default}",
            "--target=${host}:${port:=5432}",
            "--wait-timeout=${waitTimeout:-300}",
            "--retries=${retries=3}",
            "--interim-dir=${interimDir}",
            "--level=${level}",
            "${positional:=x}",
        ]
    );
    let report = check_laws::<OddBackup>().unwrap();
    assert!(report.checked > 100, "{report:?}");
    // The parser reads the fields alone: the verbatim arguments are template-only.
    let x = OddBackup::from_args(["backup", "--interim-dir=/i", "--level=2"]).unwrap();
    assert_eq!(
        x.to_args(),
        [
            "backup",
            "--namespace=default",
            "--wait-timeout=300",
            "--retries=3",
            "--interim-dir=/i",
            "--level=2"
        ]
    );
}

/// A mode written by hand, reading and writing words.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    Fast,
    Safe,
}

impl FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "fast" => Ok(Mode::Fast),
            "safe" => Ok(Mode::Safe),
            _ => Err(format!("`{s}` is not fast or safe")),
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if *self == Mode::Fast { "fast" } else { "safe" })
    }
}

impl FromStrArg for Mode {}

#[derive(Function, Debug, PartialEq)]
#[function(name = "mode-run", image = "ghcr.io/example/mode:v1")]
struct ModeRun {
    mode: Mode,
}

#[test]
fn a_type_that_reads_few_texts_needs_samples() {
    let err = check_laws::<ModeRun>().unwrap_err();
    let LawsError::NothingParses { flags } = &err else {
        panic!("{err}")
    };
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].0, "mode");
    assert!(err.to_string().contains("Laws::samples"), "{err}");
    let report = Laws::new()
        .samples("mode", ["fast", "safe"])
        .check::<ModeRun>()
        .unwrap();
    assert!(report.checked > 0);
}

/// A hand-written implementation whose writer does not invert its parser: it writes the
/// number plus one.
#[derive(Debug, PartialEq)]
struct OffByOne {
    n: u32,
}

impl PluginFunction for OffByOne {
    const FUNCTION: FunctionInfo = FunctionInfo::new("off-by-one", "ghcr.io/example/x:v1");

    fn arg_specs() -> Vec<ArgSpec> {
        vec![ArgSpec::new::<u32>("n", "n", "n").default_value(1u32)]
    }

    fn from_parsed(args: &mut ParsedArgs) -> Result<Self, ArgsError> {
        Ok(OffByOne { n: args.take(0)? })
    }

    fn write_args(&self, args: &mut ArgsWriter) {
        args.push("n", &(self.n.wrapping_add(1)));
    }
}

/// A hand-written implementation whose writer puts the flags in another order than the
/// template's.
#[derive(Debug, PartialEq)]
struct Reordered {
    a: String,
    b: String,
}

impl PluginFunction for Reordered {
    const FUNCTION: FunctionInfo = FunctionInfo::new("reordered", "ghcr.io/example/x:v1");

    fn arg_specs() -> Vec<ArgSpec> {
        vec![
            ArgSpec::new::<String>("a", "a", "a").default_value(String::from("x")),
            ArgSpec::new::<String>("b", "b", "b").default_value(String::from("y")),
        ]
    }

    fn from_parsed(args: &mut ParsedArgs) -> Result<Self, ArgsError> {
        Ok(Reordered {
            a: args.take(0)?,
            b: args.take(1)?,
        })
    }

    fn write_args(&self, args: &mut ArgsWriter) {
        args.push("b", &self.b);
        args.push("a", &self.a);
    }
}

#[test]
fn broken_implementations_break_a_law() {
    let err = check_laws::<OffByOne>().unwrap_err();
    assert!(
        matches!(
            &err,
            LawsError::Broken {
                law: "parse ∘ print",
                ..
            }
        ),
        "{err}"
    );
    let err = check_laws::<Reordered>().unwrap_err();
    assert!(
        matches!(
            &err,
            LawsError::Broken {
                law: "template",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("expected"), "{err}");
}
