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
            { name: "c", function: PvcBackup, parameters: [paths], overrides: [paths] },
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

#[test]
fn mistakes_the_compiler_cannot_see_are_problems_of_the_catalog() {
    assert_eq!(
        Sloppy::problems(),
        [
            "backup task a: `pathz` is not a derived parameter of Function pvc-backup (it has: paths, waitTimeout)",
            "backup task b: `path` is not a derived parameter of Function pvc-backup (it has: paths, waitTimeout)",
            "backup task c: give either `parameters` or `overrides`, not both",
        ]
    );
    let mut c = Catalog::new("pvc", "1.0.0");
    c.add_plugin_addon::<Sloppy>();
    let errors = c.check().unwrap_err().to_string();
    assert!(
        errors.starts_with("Addon/pvc-addon: backup task a: `pathz` is not a derived parameter"),
        "{errors}"
    );
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
