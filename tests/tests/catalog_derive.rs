//! Each of the 12 reference Functions of the KubeStash catalog, written as a
//! `#[derive(Function)]` struct (in the `kubestash-catalog` example crate,
//! `examples/kubestash-catalog/src/functions.rs`): the derived manifest must equal the upstream
//! object (`tests/fixtures/catalog/raw`, see `tests/fixtures/PROVENANCE.md`), compared as JSON
//! values.
//!
//! They exercise: builtin variables (`namespace` with its default, `backupSession`, ...),
//! `${x:=}` for optional arguments, flags and variables that are not case conversions of each
//! other (`--and-label-selectors=${ANDedLabelSelectors:=}`), typed string, path and number
//! defaults (`--scratch-dir=${scratchDir:=/kubestash-tmp}`), and the subcommand.

use function_core::PluginFunction;
use function_core::plugin;
use kubestash_catalog::functions::*;

// ---- the check --------------------------------------------------------------------------------

fn reference(yaml: &str) -> serde_json::Value {
    serde_saphyr::from_str::<serde_json::Value>(yaml).expect("a fixture parses")
}

fn check<T: PluginFunction>(yaml: &str) {
    let expected = reference(yaml);
    let actual = serde_json::to_value(T::manifest()).unwrap();
    assert_eq!(actual, expected, "{}", T::name());
    assert_eq!(plugin::validate::<T>(), Ok(()), "{}", T::name());
    // The manifest read back as the API type is the derived one.
    let parsed: function_core::api::Function = serde_json::from_value(expected).unwrap();
    assert_eq!(parsed, T::manifest(), "{}", T::name());
}

macro_rules! fixture {
    ($app:literal, $file:literal) => {
        include_str!(concat!("../fixtures/catalog/raw/", $app, "/", $file))
    };
}

#[test]
fn all_twelve_reference_functions() {
    check::<KubedumpBackup>(fixture!("kubedump", "kubedump-backup-function.yaml"));
    check::<KubedumpRestore>(fixture!("kubedump", "kubedump-restore-function.yaml"));
    check::<ManifestBackup>(fixture!("manifest", "manifest-backup-function.yaml"));
    check::<ManifestRestore>(fixture!("manifest", "manifest-restore-function.yaml"));
    check::<PvcBackup>(fixture!("pvc", "pvc-backup-function.yaml"));
    check::<PvcRestore>(fixture!("pvc", "pvc-restore-function.yaml"));
    check::<VaultBackup>(fixture!("vault", "vault-backup-function.yaml"));
    check::<VaultRestore>(fixture!("vault", "vault-restore-function.yaml"));
    check::<VolumesnapshotBackup>(fixture!(
        "volumesnapshot",
        "volumesnapshot-backup-function.yaml"
    ));
    check::<VolumesnapshotRestore>(fixture!(
        "volumesnapshot",
        "volumesnapshot-restore-function.yaml"
    ));
    check::<WorkloadBackup>(fixture!("workload", "workload-backup-function.yaml"));
    check::<WorkloadRestore>(fixture!("workload", "workload-restore-function.yaml"));
}

#[test]
fn a_mismatch_is_seen() {
    // The comparison is not vacuous: a Function compared with another's object fails.
    let other = reference(fixture!("pvc", "pvc-restore-function.yaml"));
    assert_ne!(serde_json::to_value(PvcBackup::manifest()).unwrap(), other);
}

#[test]
fn vault_parameters_match_the_vault_addon() {
    // The values kubestash/installer's vault-addon.yaml declares for the vault-backup task.
    let params = serde_json::to_value(VaultBackup::parameters()).unwrap();
    assert_eq!(
        params,
        serde_json::json!([
            { "name": "scratchDir", "usage": "Directory for holding temporary files and restic cache.", "default": "/kubestash-tmp" },
            { "name": "enableCache", "usage": "Enable or disable caching. Disabling caching may impact backup performance.", "default": "false" },
            { "name": "interimDataDir", "usage": "Directory to temporarily store the vault snapshot and key files before uploading to backend.", "default": "/kubestash-interim" },
            { "name": "waitTimeout", "usage": "Number of seconds to wait for Vault to be ready.", "default": "300" },
            { "name": "vaultArgs", "usage": "Additional arguments to pass to the vault CLI." },
            { "name": "keyPrefix", "usage": "Prefix appended to root-token and unseal-key names in the store." },
        ])
    );
    let wait = VaultBackup::arg_specs()
        .into_iter()
        .find(|s| s.var == "waitTimeout")
        .unwrap();
    assert_eq!(wait.helm_value, Some("waitTimeout"));
}

#[test]
fn a_resolved_kubedump_restore_parses() {
    let parsed = KubedumpRestore::from_args([
        "restore",
        "--namespace=demo",
        "--restoresession=rs-1",
        "--snapshot=latest",
        "--enable-cache=",
        "--scratch-dir=",
        "--and-label-selectors=app=a,tier=db",
        "--or-label-selectors=",
        "--include-cluster-resources=true",
        "--include-namespaces=demo,prod",
        "--exclude-namespaces=",
        "--include-resources=",
        "--exclude-resources=secrets",
        "--override-resources=false",
        "--storage-class-mappings=standard=fast",
        "--restore-pvs=",
    ])
    .unwrap();
    assert_eq!(parsed.and_label_selectors, ["app=a", "tier=db"]);
    assert_eq!(parsed.include_cluster_resources, Some(true));
    assert_eq!(parsed.include_namespaces, ["demo", "prod"]);
    assert_eq!(parsed.exclude_resources, ["secrets"]);
    assert_eq!(parsed.override_resources, Some(false));
    assert_eq!(parsed.restore_pvs, None);
    assert_eq!(parsed.enable_cache, None);
    assert_eq!(parsed.scratch_dir, None);
}
