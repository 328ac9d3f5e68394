//! Each of the 12 reference Functions of the KubeStash catalog, written as a
//! `#[derive(Function)]` struct: the derived manifest must equal the upstream object
//! (`tests/fixtures/catalog/raw`, see `tests/fixtures/PROVENANCE.md`), compared as JSON values.
//!
//! They exercise: builtin variables (`namespace` with its default, `backupSession`, ...),
//! `${x:=}` for optional arguments, flags and variables that are not case conversions of each
//! other (`--and-label-selectors=${ANDedLabelSelectors:=}`), typed string, path and number
//! defaults (`--scratch-dir=${scratchDir:=/kubestash-tmp}`), and the subcommand.

use std::path::PathBuf;

use function_core::plugin;
use function_core::{Function, PluginFunction};

// ---- kubedump ---------------------------------------------------------------------------------

/// Backs up Kubernetes resources as YAML.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "kubedump-backup",
    image = "ghcr.io/kubestash/kubedump:v0.28.0",
    subcommand = "backup"
)]
pub struct KubedumpBackup {
    #[arg(builtin)]
    namespace: String,
    #[arg(builtin, flag = "backupsession")]
    backup_session: String,
    #[arg(builtin)]
    enable_cache: Option<bool>,
    /// Directory for holding temporary files and restic cache.
    scratch_dir: Option<PathBuf>,
    /// Label selectors that all must match (AND).
    #[arg(var = "ANDedLabelSelectors")]
    and_label_selectors: Vec<String>,
    /// Label selectors of which one must match (OR).
    #[arg(var = "ORedLabelSelectors")]
    or_label_selectors: Vec<String>,
    /// Also back up cluster-scoped resources.
    #[arg(var = "IncludeClusterResources")]
    include_cluster_resources: Option<bool>,
    /// Namespaces to include.
    #[arg(var = "IncludeNamespaces")]
    include_namespaces: Vec<String>,
    /// Namespaces to exclude.
    #[arg(var = "ExcludeNamespaces")]
    exclude_namespaces: Vec<String>,
    /// Resources to include.
    #[arg(var = "IncludeResources")]
    include_resources: Vec<String>,
    /// Resources to exclude.
    #[arg(var = "ExcludeResources")]
    exclude_resources: Vec<String>,
}

/// Restores Kubernetes resources from a kubedump backup.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "kubedump-restore",
    image = "ghcr.io/kubestash/kubedump:v0.28.0",
    subcommand = "restore"
)]
pub struct KubedumpRestore {
    #[arg(builtin)]
    namespace: String,
    #[arg(builtin, flag = "restoresession")]
    restore_session: String,
    #[arg(builtin)]
    snapshot: String,
    #[arg(builtin)]
    enable_cache: Option<bool>,
    scratch_dir: Option<PathBuf>,
    #[arg(var = "ANDedLabelSelectors")]
    and_label_selectors: Vec<String>,
    #[arg(var = "ORedLabelSelectors")]
    or_label_selectors: Vec<String>,
    #[arg(var = "IncludeClusterResources")]
    include_cluster_resources: Option<bool>,
    #[arg(var = "IncludeNamespaces")]
    include_namespaces: Vec<String>,
    #[arg(var = "ExcludeNamespaces")]
    exclude_namespaces: Vec<String>,
    #[arg(var = "IncludeResources")]
    include_resources: Vec<String>,
    #[arg(var = "ExcludeResources")]
    exclude_resources: Vec<String>,
    /// Overwrite resources that already exist.
    #[arg(var = "OverrideResources")]
    override_resources: Option<bool>,
    /// `old=new` storage class pairs.
    #[arg(var = "StorageClassMappings")]
    storage_class_mappings: Vec<String>,
    /// Restore PersistentVolumes too.
    #[arg(flag = "restore-pvs", var = "RestorePVs")]
    restore_pvs: Option<bool>,
}

// ---- manifest ---------------------------------------------------------------------------------

/// Backs up the manifests of an application.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "manifest-backup",
    image = "ghcr.io/kubestash/manifest:v0.21.0",
    subcommand = "backup"
)]
pub struct ManifestBackup {
    #[arg(builtin)]
    namespace: String,
    #[arg(builtin, flag = "backupsession")]
    backup_session: String,
    #[arg(builtin)]
    enable_cache: Option<bool>,
    scratch_dir: Option<PathBuf>,
    /// Also back up RBAC resources.
    #[arg(var = "includeRBACResources")]
    include_rbac_resources: Option<bool>,
}

/// Restores the manifests of an application.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "manifest-restore",
    image = "ghcr.io/kubestash/manifest:v0.21.0",
    subcommand = "restore"
)]
pub struct ManifestRestore {
    #[arg(builtin)]
    namespace: String,
    #[arg(builtin, flag = "restoresession")]
    restore_session: String,
    #[arg(builtin)]
    snapshot: String,
    #[arg(builtin)]
    enable_cache: Option<bool>,
    scratch_dir: Option<PathBuf>,
    #[arg(var = "includeRBACResources")]
    include_rbac_resources: Option<bool>,
    override_resources: Option<bool>,
}

// ---- pvc --------------------------------------------------------------------------------------

/// Backs up the files of a PersistentVolumeClaim.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "pvc-backup",
    image = "ghcr.io/kubestash/pvc:v0.28.0",
    subcommand = "backup"
)]
pub struct PvcBackup {
    #[arg(builtin)]
    namespace: String,
    #[arg(builtin, flag = "backupsession")]
    backup_session: String,
    #[arg(builtin)]
    enable_cache: Option<bool>,
    scratch_dir: Option<PathBuf>,
    /// Patterns to exclude.
    exclude: Vec<String>,
    /// Paths to back up.
    paths: Vec<PathBuf>,
}

/// Restores the files of a PersistentVolumeClaim.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "pvc-restore",
    image = "ghcr.io/kubestash/pvc:v0.28.0",
    subcommand = "restore"
)]
pub struct PvcRestore {
    #[arg(builtin)]
    namespace: String,
    #[arg(builtin, flag = "restoresession")]
    restore_session: String,
    #[arg(builtin)]
    snapshot: String,
    #[arg(builtin)]
    enable_cache: Option<bool>,
    scratch_dir: Option<PathBuf>,
}

// ---- vault ------------------------------------------------------------------------------------

/// Backs up a Vault cluster.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "vault-backup",
    image = "ghcr.io/kubestash/vault:v0.3.0",
    subcommand = "backup"
)]
pub struct VaultBackup {
    #[arg(builtin)]
    namespace: String,
    #[arg(builtin, flag = "backupsession")]
    backup_session: String,
    /// Directory for holding temporary files and restic cache.
    #[arg(default = "/kubestash-tmp")]
    scratch_dir: PathBuf,
    /// Enable or disable caching. Disabling caching may impact backup performance.
    #[arg(default = false)]
    enable_cache: bool,
    /// Directory to temporarily store the vault snapshot and key files before uploading to
    /// backend.
    #[arg(default = "/kubestash-interim")]
    interim_data_dir: PathBuf,
    /// Number of seconds to wait for Vault to be ready.
    #[arg(default = 300, helm_value = "waitTimeout")]
    wait_timeout: u32,
    /// Additional arguments to pass to the vault CLI.
    vault_args: Option<String>,
    /// Prefix appended to root-token and unseal-key names in the store.
    key_prefix: Option<String>,
}

/// Restores a Vault cluster.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "vault-restore",
    image = "ghcr.io/kubestash/vault:v0.3.0",
    subcommand = "restore"
)]
pub struct VaultRestore {
    #[arg(builtin)]
    namespace: String,
    #[arg(builtin, flag = "restoresession")]
    restore_session: String,
    #[arg(builtin)]
    snapshot: String,
    #[arg(default = "/kubestash-tmp")]
    scratch_dir: PathBuf,
    #[arg(default = false)]
    enable_cache: bool,
    #[arg(default = "/kubestash-interim")]
    interim_data_dir: PathBuf,
    #[arg(default = 300, helm_value = "waitTimeout")]
    wait_timeout: u32,
    vault_args: Option<String>,
    /// Force restore onto a different vault cluster.
    force: Option<bool>,
    key_prefix: Option<String>,
    old_key_prefix: Option<String>,
}

// ---- volumesnapshot ---------------------------------------------------------------------------

/// Takes VolumeSnapshots of a workload's volumes.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "volumesnapshot-backup",
    image = "ghcr.io/kubestash/volume-snapshotter:v0.28.0",
    subcommand = "backup"
)]
pub struct VolumesnapshotBackup {
    #[arg(builtin)]
    namespace: String,
    #[arg(builtin, flag = "backupsession")]
    backup_session: String,
    /// The VolumeSnapshotClass to use.
    volume_snapshot_class_name: Option<String>,
}

/// Restores volumes from VolumeSnapshots.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "volumesnapshot-restore",
    image = "ghcr.io/kubestash/volume-snapshotter:v0.28.0",
    subcommand = "restore"
)]
pub struct VolumesnapshotRestore {
    #[arg(builtin)]
    namespace: String,
    #[arg(builtin, flag = "restoresession")]
    restore_session: String,
    #[arg(builtin)]
    snapshot: String,
    /// The task whose snapshots to restore.
    task_name: Option<String>,
}

// ---- workload ---------------------------------------------------------------------------------

/// Backs up the files of a workload.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "workload-backup",
    image = "ghcr.io/kubestash/workload:v0.28.0",
    subcommand = "backup"
)]
pub struct WorkloadBackup {
    #[arg(builtin)]
    namespace: String,
    #[arg(builtin, flag = "backupsession")]
    backup_session: String,
    #[arg(builtin)]
    enable_cache: Option<bool>,
    scratch_dir: Option<PathBuf>,
    paths: Vec<PathBuf>,
    exclude: Vec<String>,
}

/// Restores the files of a workload.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "workload-restore",
    image = "ghcr.io/kubestash/workload:v0.28.0",
    subcommand = "restore"
)]
pub struct WorkloadRestore {
    #[arg(builtin)]
    namespace: String,
    #[arg(builtin, flag = "restoresession")]
    restore_session: String,
    #[arg(builtin)]
    snapshot: String,
    #[arg(builtin)]
    enable_cache: Option<bool>,
    scratch_dir: Option<PathBuf>,
    exclude: Vec<String>,
    include: Vec<String>,
}

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
