//! The 4 Addons of the upstream KubeStash catalog, written with [`addon!`]. Each manifest
//! equals the upstream object (after Go's omitempty: `required: false` and `default: ""` are
//! not written).
//!
//! Where an Addon's parameters are the Function's derived ones, a task names them (`scratchDir`)
//! or changes a field (`exclude { usage: "..." }`); parameters for built-in variables
//! (`enableCache` of the Functions whose `${enableCache:=}` the operator fills) are written out
//! in full.

use function_core::addon;

use crate::functions::*;

const CACHE: &str = "Enable or disable caching. Disabling caching may impact backup performance.";
const SCRATCH: &str = "Directory for holding temporary files and restic cache.";
const TMP_VOLUME: &str = "Holds temporary files and restic cache.";
const SNAPSHOT_CLASS: &str = "The VolumeSnapshotClassName to be used by volumeSnapshot";

addon! {
    /// Backs up and restores the Kubernetes resources of a cluster or namespaces (kubedump).
    pub struct KubedumpAddon {
        name: "kubedump-addon",
        backup_tasks: [{
            name: "manifest-backup",
            function: KubedumpBackup,
            driver: Restic,
            executor: Job,
            singleton: true,
            parameters: [
                { name: "enableCache", usage: CACHE, default: "true" },
                scratchDir { usage: SCRATCH, default: "/kubestash-tmp" },
                ANDedLabelSelectors { usage: "A set of labels, all of which need to be matched to filter the resources (comma-separated, e.g., 'key1:value1,key2:value2')" },
                ORedLabelSelectors { usage: "A set of labels, at least one of which need to be matched to filter the resources (comma-separated, e.g., 'key1:value1,key2:value2')" },
                IncludeClusterResources { usage: "Specify whether to restore cluster scoped resources", default: "false" },
                IncludeNamespaces { usage: "Namespaces to include in backup (comma-separated, e.g., 'default,kube-system')" },
                ExcludeNamespaces { usage: "Namespaces to exclude from backup (comma-separated, e.g., 'kube-public,temp')" },
                IncludeResources { usage: "Resource types to include in backup (comma-separated, e.g., 'pods,deployments')" },
                ExcludeResources { usage: "Resource types to exclude from backup (comma-separated, e.g., 'secrets,configmaps')" },
            ],
            volume_template: [{ name: "kubestash-tmp-volume", usage: TMP_VOLUME, source: empty_dir() }],
            volume_mounts: [{ name: "kubestash-tmp-volume", mount_path: "/kubestash-tmp" }],
        }],
        restore_tasks: [{
            name: "manifest-restore",
            function: KubedumpRestore,
            driver: Restic,
            executor: Job,
            singleton: true,
            parameters: [
                { name: "enableCache", usage: CACHE, default: "true" },
                scratchDir { usage: SCRATCH, default: "/kubestash-tmp" },
                ANDedLabelSelectors { usage: "A set of labels, all of which need to be matched to filter the resources (comma-separated, e.g., 'key1:value1,key2:value2')" },
                ORedLabelSelectors { usage: "A set of labels, at least one of which need to be matched to filter the resources (comma-separated, e.g., 'key1:value1,key2:value2')" },
                IncludeClusterResources { usage: "Specify whether to restore cluster scoped resources", default: "false" },
                IncludeNamespaces { usage: "Namespaces to include in restore (comma-separated, e.g., 'default,kube-system')" },
                ExcludeNamespaces { usage: "Namespaces to exclude from restore (comma-separated, e.g., 'kube-public,temp')" },
                IncludeResources { usage: "Resource types to include in restore (comma-separated, e.g., 'pods,deployments')" },
                ExcludeResources { usage: "Resource types to exclude from restore (comma-separated, e.g., 'secrets,configmaps')" },
                OverrideResources { usage: "Specify whether to override resources while restoring", default: "false" },
                StorageClassMappings { usage: "Mapping of old to new storage classes (e.g., 'old1=new1,old2=new2')" },
                RestorePVs { usage: "Specify whether to restore PersistentVolumes", default: "false" },
            ],
            volume_mounts: [{ name: "kubestash-tmp-volume", mount_path: "/kubestash-tmp" }],
            volume_template: [{ name: "kubestash-tmp-volume", usage: TMP_VOLUME, source: empty_dir() }],
        }],
    }
}

addon! {
    /// Backs up and restores the files of a PersistentVolumeClaim, with restic or with
    /// VolumeSnapshots.
    pub struct PvcAddon {
        name: "pvc-addon",
        backup_tasks: [
            {
                name: "logical-backup",
                function: PvcBackup,
                driver: Restic,
                executor: Job,
                singleton: true,
                parameters: [
                    paths { usage: "List of file paths to backup.", default: "/kubestash-data" },
                    exclude { usage: "List of patterns for the files that should be ignored during restore." },
                    { name: "enableCache", usage: CACHE, default: "true" },
                    scratchDir { usage: SCRATCH, default: "/kubestash-tmp" },
                ],
                volume_template: [
                    { name: "kubestash-data-volume", source: persistent_volume_claim("${PVC_NAME}") },
                    { name: "kubestash-tmp-volume", usage: TMP_VOLUME, source: empty_dir() },
                ],
                volume_mounts: [
                    { name: "kubestash-data-volume", mount_path: "/kubestash-data" },
                    { name: "kubestash-tmp-volume", mount_path: "/kubestash-tmp" },
                ],
            },
            {
                name: "volume-snapshot",
                function: VolumesnapshotBackup,
                singleton: true,
                driver: VolumeSnapshotter,
                overrides: [volumeSnapshotClassName { usage: SNAPSHOT_CLASS }],
            },
        ],
        restore_tasks: [
            {
                name: "logical-backup-restore",
                function: PvcRestore,
                driver: Restic,
                executor: Job,
                singleton: true,
                parameters: [
                    { name: "enableCache", usage: CACHE, default: "true" },
                    scratchDir { usage: SCRATCH, default: "/kubestash-tmp" },
                ],
                volume_template: [
                    { name: "kubestash-data-volume", source: persistent_volume_claim("${PVC_NAME}") },
                    { name: "kubestash-tmp-volume", usage: TMP_VOLUME, source: empty_dir() },
                ],
                volume_mounts: [
                    { name: "kubestash-data-volume", mount_path: "/kubestash-data" },
                    { name: "kubestash-tmp-volume", mount_path: "/kubestash-tmp" },
                ],
            },
            {
                name: "volume-clone",
                function: PvcRestore,
                driver: Restic,
                executor: Job,
                singleton: false,
                parameters: [
                    { name: "enableCache", usage: CACHE, default: "true" },
                    scratchDir { usage: SCRATCH, default: "/kubestash-tmp" },
                ],
                volume_template: [{ name: "kubestash-tmp-volume", usage: TMP_VOLUME, source: empty_dir() }],
                volume_mounts: [{ name: "kubestash-tmp-volume", mount_path: "/kubestash-tmp" }],
            },
            {
                name: "volume-snapshot-restore",
                function: VolumesnapshotRestore,
                driver: VolumeSnapshotter,
                executor: Job,
                singleton: true,
                parameters: [],
            },
        ],
    }
}

addon! {
    /// Backs up and restores a Vault cluster: its raft snapshot, root token and unseal keys.
    pub struct VaultAddon {
        name: "vault-addon",
        backup_tasks: [{
            name: "vault-backup",
            function: VaultBackup,
            driver: Restic,
            executor: Job,
            singleton: true,
            // The Function's derived parameters, in the Addon's order.
            parameters: [enableCache, scratchDir, interimDataDir, waitTimeout, vaultArgs, keyPrefix],
            volume_template: [
                { name: "kubestash-tmp-volume", usage: TMP_VOLUME, source: empty_dir() },
                { name: "kubestash-interim-volume", usage: "Holds the vault snapshot and key files before upload.", source: empty_dir() },
            ],
            volume_mounts: [
                { name: "kubestash-tmp-volume", mount_path: "/kubestash-tmp" },
                { name: "kubestash-interim-volume", mount_path: "/kubestash-interim" },
            ],
        }],
        restore_tasks: [{
            name: "vault-restore",
            function: VaultRestore,
            driver: Restic,
            executor: Job,
            singleton: true,
            parameters: [
                enableCache,
                scratchDir,
                interimDataDir,
                waitTimeout,
                vaultArgs,
                force { default: "false" },
                keyPrefix,
                oldKeyPrefix,
            ],
            volume_template: [
                { name: "kubestash-tmp-volume", usage: TMP_VOLUME, source: empty_dir() },
                { name: "kubestash-interim-volume", usage: "Holds the restored vault snapshot and key files before apply.", source: empty_dir() },
            ],
            volume_mounts: [
                { name: "kubestash-tmp-volume", mount_path: "/kubestash-tmp" },
                { name: "kubestash-interim-volume", mount_path: "/kubestash-interim" },
            ],
        }],
    }
}

addon! {
    /// Backs up and restores a workload: the files of its volumes, VolumeSnapshots of them, and
    /// its manifests.
    pub struct WorkloadAddon {
        name: "workload-addon",
        backup_tasks: [
            {
                name: "logical-backup",
                function: WorkloadBackup,
                driver: Restic,
                executor: Job,
                singleton: false,
                parameters: [
                    paths { usage: "List of file paths to backup.", required: true },
                    exclude { usage: "List of patterns for the files that should be ignored during backup." },
                    { name: "enableCache", usage: CACHE, default: "true" },
                    scratchDir { usage: SCRATCH, default: "/kubestash-tmp" },
                ],
                volume_template: [{ name: "kubestash-tmp-volume", usage: TMP_VOLUME, source: empty_dir() }],
                volume_mounts: [{ name: "kubestash-tmp-volume", mount_path: "/kubestash-tmp" }],
            },
            {
                name: "volume-snapshot",
                function: VolumesnapshotBackup,
                singleton: true,
                driver: VolumeSnapshotter,
                overrides: [volumeSnapshotClassName { usage: SNAPSHOT_CLASS }],
            },
            {
                name: "manifest-backup",
                function: ManifestBackup,
                driver: Restic,
                executor: Job,
                singleton: true,
                parameters: [
                    { name: "enableCache", usage: CACHE, default: "true" },
                    scratchDir { usage: SCRATCH, default: "/kubestash-tmp" },
                    includeRBACResources { usage: "Specify whether to backup rbac resources.", default: "false" },
                ],
                volume_template: [{ name: "kubestash-tmp-volume", usage: TMP_VOLUME, source: empty_dir() }],
                volume_mounts: [{ name: "kubestash-tmp-volume", mount_path: "/kubestash-tmp" }],
            },
        ],
        restore_tasks: [
            {
                name: "logical-backup-restore",
                function: WorkloadRestore,
                driver: Restic,
                executor: Job,
                singleton: false,
                parameters: [
                    exclude { usage: "List of patterns for the files that should be ignored during restore." },
                    include { usage: "List of patterns for the files that should be restored." },
                    { name: "enableCache", usage: CACHE, default: "true" },
                    scratchDir { usage: SCRATCH, default: "/kubestash-tmp" },
                ],
                volume_template: [{ name: "kubestash-tmp-volume", usage: TMP_VOLUME, source: empty_dir() }],
                volume_mounts: [{ name: "kubestash-tmp-volume", mount_path: "/kubestash-tmp" }],
            },
            {
                name: "manifest-restore",
                function: ManifestRestore,
                driver: Restic,
                executor: Job,
                singleton: true,
                parameters: [
                    { name: "enableCache", usage: CACHE, default: "true" },
                    scratchDir { usage: SCRATCH, default: "/kubestash-tmp" },
                    includeRBACResources { usage: "Specify whether to restore rbac resources.", default: "false" },
                    overrideResources { usage: "Specify whether to override resources while restoring.", default: "false" },
                ],
                volume_template: [{ name: "kubestash-tmp-volume", usage: TMP_VOLUME, source: empty_dir() }],
                volume_mounts: [{ name: "kubestash-tmp-volume", mount_path: "/kubestash-tmp" }],
            },
        ],
    }
}
