//! `addon!` beyond its doc tests: mistakes reported at check time, Functions shared by tasks,
//! an explicit empty parameter list, and the typed catalog's Helm value bindings.

use function_core::addon::PluginAddon;
use function_core::catalog::Catalog;
use function_core::{Function, PluginFunction, addon};

/// Backs up a PVC.
#[derive(Function)]
#[function(
    name = "pvc-backup",
    image = "ghcr.io/kubestash/pvc:v0.28.0",
    subcommand = "backup"
)]
pub struct PvcBackup {
    /// Paths to back up.
    paths: Vec<String>,
    /// Number of seconds to wait.
    #[arg(default = 30, helm_value = "pvc.waitTimeout")]
    wait_timeout: u32,
}

/// Restores a PVC.
#[derive(Function)]
#[function(
    name = "pvc-restore",
    image = "ghcr.io/kubestash/pvc:v0.28.0",
    subcommand = "restore"
)]
pub struct PvcRestore {
    /// Number of seconds to wait.
    #[arg(default = 30, helm_value = "pvc.waitTimeout")]
    wait_timeout: u32,
}

addon! {
    /// Mistakes the compiler cannot see.
    pub struct Sloppy {
        name: "pvc-addon",
        backup_tasks: [
            { name: "a", function: PvcBackup, parameters: [pathz, waitTimeout] },
            { name: "b", function: PvcBackup, overrides: [path { required: true }] },
            { name: "c", function: PvcBackup, parameters: [{ name: "waitTimout", default: "5" }] },
        ],
    }
}

addon! {
    /// Every task right.
    pub struct Tidy {
        name: "pvc-addon",
        backup_tasks: [
            { name: "logical", function: PvcBackup, driver: Restic },
            { name: "quick", function: PvcBackup, parameters: [] },
        ],
        restore_tasks: [{ name: "restore", function: PvcRestore, executor: Job }],
    }
}

addon! {
    /// Values of a later upstream version, through the escape hatch.
    pub struct Tomorrow {
        name: "milvus-addon",
        backup_tasks: [{ name: "logical", function: PvcBackup, driver: Other("Milvus"), executor: Job }],
        restore_tasks: [
            { name: "restore", function: PvcRestore, driver: Other("Restic"), executor: Other("CronJob") },
        ],
    }
}

#[test]
fn other_writes_a_value_this_version_does_not_know_as_written() {
    use function_core::api::{Driver, TaskExecutor};
    use function_core::lint::{self, Code, Input};
    use function_core::yaml::{self, Object};

    let addon = Tomorrow::manifest();
    let (backup, restore) = (&addon.spec.backup_tasks[0], &addon.spec.restore_tasks[0]);
    assert_eq!(backup.driver, Some(Driver::Other("Milvus".into())));
    assert_eq!(backup.executor, Some(TaskExecutor::Job));
    // A known name written through `Other` is that value.
    assert!(matches!(restore.driver, Some(Driver::Restic)));
    assert_eq!(
        restore.executor,
        Some(TaskExecutor::Other("CronJob".into()))
    );
    let object = Object::from(addon);
    let text = yaml::to_string(&object).unwrap();
    assert!(text.contains("    driver: Milvus\n"), "{text}");
    assert!(text.contains("    executor: CronJob\n"), "{text}");
    let found: Vec<(Option<Code>, String)> =
        lint::lint(&[Input::object(&object)], &Default::default())
            .into_iter()
            .map(|d| (d.code, d.path))
            .collect();
    assert_eq!(
        found,
        [
            (
                Some(Code::UnknownValue),
                "spec.backupTasks[0].driver".to_owned()
            ),
            (
                Some(Code::UnknownValue),
                "spec.restoreTasks[0].executor".to_owned()
            ),
        ]
    );
    // Warnings do not stop a catalog.
    let mut c = Catalog::new("milvus", "1.0.0");
    c.add_plugin_addon::<Tomorrow>();
    c.check().unwrap();
}

/// `FILE:LINE:COL` of the first `needle` in this file, as `addon!` records it.
fn site(needle: &str) -> String {
    let source = include_str!("addon_dsl.rs");
    let (line, text) = source
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .expect("the needle is in this file");
    let column = text.find(needle).expect("found") + 1;
    format!("{}:{}:{column}", file!(), line + 1)
}

/// A task parameter for a variable the Function does not use is the same problem, with the
/// same position and suggestion, whether it names a derived parameter (`pathz`, `path {...}`)
/// or is written in full (`{ name: "waitTimout", ... }`).
#[test]
fn mistakes_the_compiler_cannot_see_are_problems_of_the_catalog() {
    let problems = Sloppy::problems();
    assert_eq!(
        problems,
        [
            format!(
                "{}: backup task a: `pathz` is not a derived parameter of the Function \
                 `pvc-backup` (did you mean `paths`?); it has: paths, waitTimeout",
                site("pathz")
            ),
            format!(
                "{}: backup task b: `path` is not a derived parameter of the Function \
                 `pvc-backup` (did you mean `paths`?); it has: paths, waitTimeout",
                site("path {")
            ),
            format!(
                "{}: backup task c: no variable `waitTimout` is read by the Function \
                 `pvc-backup` or the task's volumes (did you mean `waitTimeout`?); they read: \
                 paths, waitTimeout",
                site("\"waitTimout\"")
            ),
        ]
    );
    let mut c = Catalog::new("pvc", "1.0.0");
    c.add_plugin_addon::<Sloppy>();
    let errors = c.check().unwrap_err().to_string();
    for problem in &problems {
        assert!(errors.contains(problem.as_str()), "{errors}");
    }
    assert_eq!(errors.lines().count(), 3, "{errors}");
}

#[test]
fn tasks_share_their_functions_and_an_empty_list_means_no_parameters() {
    let addon = Tidy::manifest();
    assert_eq!(
        addon.spec.backup_tasks[0].parameters,
        PvcBackup::parameters()
    );
    assert!(addon.spec.backup_tasks[1].parameters.is_empty());
    let names: Vec<String> = Tidy::functions()
        .iter()
        .map(|f| f.manifest.metadata.name.clone().unwrap_or_default())
        .collect();
    assert_eq!(names, ["pvc-backup", "pvc-restore"]);
    assert!(Tidy::problems().is_empty());
    assert_eq!(Tidy::name(), "pvc-addon");
}

#[test]
fn the_typed_catalog_binds_helm_values_per_function_and_adds_each_function_once() {
    let mut c = Catalog::new("pvc", "1.0.0");
    c.add_plugin_addon::<Tidy>()
        .add_plugin_function::<PvcBackup>();
    assert_eq!(c.functions().len(), 2);
    assert_eq!(c.helm_values().len(), 2);
    assert_eq!(c.check(), Ok(()));
    let chart = c.chart().expect("renders");
    let values = chart.file("values.yaml").expect("present");
    // An app-scoped value sits under the app, after its switch.
    assert!(
        values.contains("pvc:\n  # If true, installs Functions pvc-backup, pvc-restore; Addon pvc-addon.\n  enabled: true\n  # Number of seconds to wait. The default of ${waitTimeout} in Addon pvc-addon, Function pvc-backup, Function pvc-restore.\n  waitTimeout: 30\n"),
        "{values}"
    );
    let t = chart
        .file("templates/pvc/pvc-restore.yaml")
        .expect("present");
    assert!(
        t.contains("(.Values.pvc.waitTimeout | int64 | toString)"),
        "{t}"
    );
}
