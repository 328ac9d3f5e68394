//! The 12 Functions of the upstream KubeStash catalog, as `#[derive(Function)]` structs: each
//! derived manifest equals the upstream object (checked by `tests/tests/catalog_derive.rs` in
//! the workspace test crate and by this crate's tests).
//!
//! They exercise built-in variables (`namespace` with its default, `backupSession`, ...),
//! `${x:=}` for optional arguments, flags and variables that are not case conversions of each
//! other (`--and-label-selectors=${ANDedLabelSelectors:=}`), typed string, path and number
//! defaults (`--scratch-dir=${scratchDir:=/kubestash-tmp}`), a Helm value
//! (`#[arg(default = 300, helm_value = "waitTimeout")]`) and the subcommand.

use std::path::PathBuf;

use function_core::Function;

// ---- kubedump ---------------------------------------------------------------------------------

/// Backs up Kubernetes resources as YAML.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "kubedump-backup",
    image = "ghcr.io/kubestash/kubedump:v0.28.0",
    subcommand = "backup"
)]
pub struct KubedumpBackup {
    /// The namespace of the invoker (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The BackupSession this run belongs to (from the operator).
    #[arg(builtin, flag = "backupsession")]
    pub backup_session: String,
    /// Whether restic keeps a cache (from the operator).
    #[arg(builtin)]
    pub enable_cache: Option<bool>,
    /// Directory for holding temporary files and restic cache.
    pub scratch_dir: Option<PathBuf>,
    /// Label selectors that all must match (AND).
    #[arg(var = "ANDedLabelSelectors")]
    pub and_label_selectors: Vec<String>,
    /// Label selectors of which one must match (OR).
    #[arg(var = "ORedLabelSelectors")]
    pub or_label_selectors: Vec<String>,
    /// Also back up cluster-scoped resources.
    #[arg(var = "IncludeClusterResources")]
    pub include_cluster_resources: Option<bool>,
    /// Namespaces to include.
    #[arg(var = "IncludeNamespaces")]
    pub include_namespaces: Vec<String>,
    /// Namespaces to exclude.
    #[arg(var = "ExcludeNamespaces")]
    pub exclude_namespaces: Vec<String>,
    /// Resources to include.
    #[arg(var = "IncludeResources")]
    pub include_resources: Vec<String>,
    /// Resources to exclude.
    #[arg(var = "ExcludeResources")]
    pub exclude_resources: Vec<String>,
}

/// Restores Kubernetes resources from a kubedump backup.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "kubedump-restore",
    image = "ghcr.io/kubestash/kubedump:v0.28.0",
    subcommand = "restore"
)]
pub struct KubedumpRestore {
    /// The namespace of the invoker (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The RestoreSession this run belongs to (from the operator).
    #[arg(builtin, flag = "restoresession")]
    pub restore_session: String,
    /// The snapshot to restore (from the operator).
    #[arg(builtin)]
    pub snapshot: String,
    /// Whether restic keeps a cache (from the operator).
    #[arg(builtin)]
    pub enable_cache: Option<bool>,
    /// Directory for holding temporary files and restic cache.
    pub scratch_dir: Option<PathBuf>,
    /// Label selectors that all must match (AND).
    #[arg(var = "ANDedLabelSelectors")]
    pub and_label_selectors: Vec<String>,
    /// Label selectors of which one must match (OR).
    #[arg(var = "ORedLabelSelectors")]
    pub or_label_selectors: Vec<String>,
    /// Also handle cluster-scoped resources.
    #[arg(var = "IncludeClusterResources")]
    pub include_cluster_resources: Option<bool>,
    /// Namespaces to include.
    #[arg(var = "IncludeNamespaces")]
    pub include_namespaces: Vec<String>,
    /// Namespaces to exclude.
    #[arg(var = "ExcludeNamespaces")]
    pub exclude_namespaces: Vec<String>,
    /// Resources to include.
    #[arg(var = "IncludeResources")]
    pub include_resources: Vec<String>,
    /// Resources to exclude.
    #[arg(var = "ExcludeResources")]
    pub exclude_resources: Vec<String>,
    /// Overwrite resources that already exist.
    #[arg(var = "OverrideResources")]
    pub override_resources: Option<bool>,
    /// `old=new` storage class pairs.
    #[arg(var = "StorageClassMappings")]
    pub storage_class_mappings: Vec<String>,
    /// Restore PersistentVolumes too.
    #[arg(flag = "restore-pvs", var = "RestorePVs")]
    pub restore_pvs: Option<bool>,
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
    /// The namespace of the invoker (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The BackupSession this run belongs to (from the operator).
    #[arg(builtin, flag = "backupsession")]
    pub backup_session: String,
    /// Whether restic keeps a cache (from the operator).
    #[arg(builtin)]
    pub enable_cache: Option<bool>,
    /// Directory for holding temporary files and restic cache.
    pub scratch_dir: Option<PathBuf>,
    /// Also back up RBAC resources.
    #[arg(var = "includeRBACResources")]
    pub include_rbac_resources: Option<bool>,
}

/// Restores the manifests of an application.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "manifest-restore",
    image = "ghcr.io/kubestash/manifest:v0.21.0",
    subcommand = "restore"
)]
pub struct ManifestRestore {
    /// The namespace of the invoker (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The RestoreSession this run belongs to (from the operator).
    #[arg(builtin, flag = "restoresession")]
    pub restore_session: String,
    /// The snapshot to restore (from the operator).
    #[arg(builtin)]
    pub snapshot: String,
    /// Whether restic keeps a cache (from the operator).
    #[arg(builtin)]
    pub enable_cache: Option<bool>,
    /// Directory for holding temporary files and restic cache.
    pub scratch_dir: Option<PathBuf>,
    /// Also handle RBAC resources.
    #[arg(var = "includeRBACResources")]
    pub include_rbac_resources: Option<bool>,
    /// Overwrite resources that already exist.
    pub override_resources: Option<bool>,
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
    /// The namespace of the invoker (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The BackupSession this run belongs to (from the operator).
    #[arg(builtin, flag = "backupsession")]
    pub backup_session: String,
    /// Whether restic keeps a cache (from the operator).
    #[arg(builtin)]
    pub enable_cache: Option<bool>,
    /// Directory for holding temporary files and restic cache.
    pub scratch_dir: Option<PathBuf>,
    /// Patterns to exclude.
    pub exclude: Vec<String>,
    /// Paths to back up.
    pub paths: Vec<PathBuf>,
}

/// Restores the files of a PersistentVolumeClaim.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "pvc-restore",
    image = "ghcr.io/kubestash/pvc:v0.28.0",
    subcommand = "restore"
)]
pub struct PvcRestore {
    /// The namespace of the invoker (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The RestoreSession this run belongs to (from the operator).
    #[arg(builtin, flag = "restoresession")]
    pub restore_session: String,
    /// The snapshot to restore (from the operator).
    #[arg(builtin)]
    pub snapshot: String,
    /// Whether restic keeps a cache (from the operator).
    #[arg(builtin)]
    pub enable_cache: Option<bool>,
    /// Directory for holding temporary files and restic cache.
    pub scratch_dir: Option<PathBuf>,
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
    /// The namespace of the invoker (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The BackupSession this run belongs to (from the operator).
    #[arg(builtin, flag = "backupsession")]
    pub backup_session: String,
    /// Directory for holding temporary files and restic cache.
    #[arg(default = "/kubestash-tmp")]
    pub scratch_dir: PathBuf,
    /// Enable or disable caching. Disabling caching may impact backup performance.
    #[arg(default = false)]
    pub enable_cache: bool,
    /// Directory to temporarily store the vault snapshot and key files before uploading to
    /// backend.
    #[arg(default = "/kubestash-interim")]
    pub interim_data_dir: PathBuf,
    /// Number of seconds to wait for Vault to be ready.
    #[arg(default = 300, helm_value = "waitTimeout")]
    pub wait_timeout: u32,
    /// Additional arguments to pass to the vault CLI.
    pub vault_args: Option<String>,
    /// Prefix appended to root-token and unseal-key names in the store.
    pub key_prefix: Option<String>,
}

/// Restores a Vault cluster.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "vault-restore",
    image = "ghcr.io/kubestash/vault:v0.3.0",
    subcommand = "restore"
)]
pub struct VaultRestore {
    /// The namespace of the invoker (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The RestoreSession this run belongs to (from the operator).
    #[arg(builtin, flag = "restoresession")]
    pub restore_session: String,
    /// The snapshot to restore (from the operator).
    #[arg(builtin)]
    pub snapshot: String,
    /// Directory for holding temporary files and restic cache.
    #[arg(default = "/kubestash-tmp")]
    pub scratch_dir: PathBuf,
    /// Enable or disable caching. Disabling caching may impact restore performance.
    #[arg(default = false)]
    pub enable_cache: bool,
    /// Directory where restic will restore the vault snapshot and key files.
    #[arg(default = "/kubestash-interim")]
    pub interim_data_dir: PathBuf,
    /// Number of seconds to wait for Vault to be ready.
    #[arg(default = 300, helm_value = "waitTimeout")]
    pub wait_timeout: u32,
    /// Additional arguments to pass to the vault CLI.
    pub vault_args: Option<String>,
    /// Force restore onto a different vault cluster (passes -force to vault and triggers key
    /// migration).
    pub force: Option<bool>,
    /// New prefix for root-token and unseal-key names in the store (used with --force).
    pub key_prefix: Option<String>,
    /// Old prefix that was used for root-token and unseal-key names in the backup (used with
    /// --force).
    pub old_key_prefix: Option<String>,
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
    /// The namespace of the invoker (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The BackupSession this run belongs to (from the operator).
    #[arg(builtin, flag = "backupsession")]
    pub backup_session: String,
    /// The VolumeSnapshotClass to use.
    pub volume_snapshot_class_name: Option<String>,
}

/// Restores volumes from VolumeSnapshots.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "volumesnapshot-restore",
    image = "ghcr.io/kubestash/volume-snapshotter:v0.28.0",
    subcommand = "restore"
)]
pub struct VolumesnapshotRestore {
    /// The namespace of the invoker (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The RestoreSession this run belongs to (from the operator).
    #[arg(builtin, flag = "restoresession")]
    pub restore_session: String,
    /// The snapshot to restore (from the operator).
    #[arg(builtin)]
    pub snapshot: String,
    /// The task whose snapshots to restore.
    pub task_name: Option<String>,
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
    /// The namespace of the invoker (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The BackupSession this run belongs to (from the operator).
    #[arg(builtin, flag = "backupsession")]
    pub backup_session: String,
    /// Whether restic keeps a cache (from the operator).
    #[arg(builtin)]
    pub enable_cache: Option<bool>,
    /// Directory for holding temporary files and restic cache.
    pub scratch_dir: Option<PathBuf>,
    /// Paths to back up.
    pub paths: Vec<PathBuf>,
    /// Patterns of the files to exclude.
    pub exclude: Vec<String>,
}

/// Restores the files of a workload.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "workload-restore",
    image = "ghcr.io/kubestash/workload:v0.28.0",
    subcommand = "restore"
)]
pub struct WorkloadRestore {
    /// The namespace of the invoker (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The RestoreSession this run belongs to (from the operator).
    #[arg(builtin, flag = "restoresession")]
    pub restore_session: String,
    /// The snapshot to restore (from the operator).
    #[arg(builtin)]
    pub snapshot: String,
    /// Whether restic keeps a cache (from the operator).
    #[arg(builtin)]
    pub enable_cache: Option<bool>,
    /// Directory for holding temporary files and restic cache.
    pub scratch_dir: Option<PathBuf>,
    /// Patterns of the files to exclude.
    pub exclude: Vec<String>,
    /// Patterns of the files to restore.
    pub include: Vec<String>,
}
