//! The KubeStash objects a plugin reads and writes, as kube-rs resources.
//!
//! Only the fields the runtime uses are typed; every other field of the object is ignored on
//! read and never written (the runtime writes with merge patches of the status subresource, so
//! an untyped field is never clobbered). Each field's JSON name and type is checked against
//! the upstream CRDs (kubestash/apimachinery `crds/` @ 0116a4cb) by `tests/schema.rs`: the
//! schema that `CustomResourceExt::crd()` derives from these types must be a subset of the
//! upstream one, path by path, type by type.
//!
//! Groups and versions: `core.kubestash.com/v1alpha1` (BackupSession, RestoreSession,
//! BackupConfiguration), `storage.kubestash.com/v1alpha1` (Snapshot, Repository,
//! BackupStorage).

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A reference to an object by name, and namespace when it is elsewhere
/// (`kmapi.ObjectReference` upstream).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ObjectReference {
    /// The object's name.
    pub name: String,
    /// The object's namespace; the referring object's own when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// A typed reference to the object a session acts for (`core.TypedLocalObjectReference`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TypedRef {
    /// API group of the object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_group: Option<String>,
    /// Its kind.
    pub kind: String,
    /// Its name.
    pub name: String,
}

/// A typed reference with a namespace (`kmapi.TypedObjectReference`): a target or an app.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppRef {
    /// API group of the object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_group: Option<String>,
    /// Its kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Its name.
    pub name: String,
    /// Its namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// The status of an object whose status the runtime only reads for its phase (a
/// BackupConfiguration, a BackupStorage).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhaseStatus {
    /// The operator's phase of the object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// core.kubestash.com

/// The parts of a BackupSession a plugin reads: which BackupConfiguration invoked it, and its
/// Snapshots and deadline (from its status).
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "core.kubestash.com",
    version = "v1alpha1",
    kind = "BackupSession",
    namespaced,
    status = "BackupSessionStatus"
)]
#[serde(rename_all = "camelCase")]
pub struct BackupSessionSpec {
    /// The object that invoked this session (a BackupConfiguration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoker: Option<TypedRef>,
    /// The name of the session (of the BackupConfiguration) this run belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// A BackupSession's status: its Snapshots and its deadline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BackupSessionStatus {
    /// The session's phase (the operator's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// When the backup must have finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_deadline: Option<Time>,
    /// One Snapshot per repository the session writes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshots: Option<Vec<SnapshotRef>>,
}

/// An entry of `BackupSession.status.snapshots`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotRef {
    /// The Snapshot's name (in the BackupSession's namespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The Snapshot's phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// The Repository it is written to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
}

/// The parts of a BackupConfiguration a plugin reads: the target, the backends and the
/// sessions' repositories.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "core.kubestash.com",
    version = "v1alpha1",
    kind = "BackupConfiguration",
    namespaced,
    status = "PhaseStatus"
)]
#[serde(rename_all = "camelCase")]
pub struct BackupConfigurationSpec {
    /// What is backed up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<AppRef>,
    /// The storages the sessions write to, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backends: Option<Vec<BackendReference>>,
    /// The backup sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sessions: Option<Vec<SessionConfig>>,
}

/// An entry of `BackupConfiguration.spec.backends`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BackendReference {
    /// The backend's name, as the repositories refer to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The BackupStorage behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_ref: Option<ObjectReference>,
}

/// An entry of `BackupConfiguration.spec.sessions` (the parts a plugin reads).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionConfig {
    /// The session's name (`BackupSession.spec.session`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The repositories the session writes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repositories: Option<Vec<RepositoryInfo>>,
}

/// An entry of `BackupConfiguration.spec.sessions[].repositories`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryInfo {
    /// The Repository's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The backend (of `spec.backends`) it lives in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<String>,
    /// Its directory in the backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory: Option<String>,
    /// The Secret with its `RESTIC_PASSWORD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_secret: Option<ObjectReference>,
}

/// The parts of a RestoreSession a plugin reads (its data source) and writes (its
/// components' status).
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "core.kubestash.com",
    version = "v1alpha1",
    kind = "RestoreSession",
    namespaced,
    status = "RestoreSessionStatus"
)]
#[serde(rename_all = "camelCase")]
pub struct RestoreSessionSpec {
    /// What is restored into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<AppRef>,
    /// Where the data comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source: Option<RestoreDataSource>,
}

/// `RestoreSession.spec.dataSource`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RestoreDataSource {
    /// The Repository's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// The Snapshot's name (or `latest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<String>,
    /// The namespace of the Repository and the Snapshot; the RestoreSession's when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The Secret with the `RESTIC_PASSWORD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_secret: Option<ObjectReference>,
    /// The components to restore; every component of the Snapshot when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<String>>,
}

/// A RestoreSession's status: the components the plugins write, the deadline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RestoreSessionStatus {
    /// The session's phase (the operator's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// How many components the session restores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_components: Option<i32>,
    /// When the restore must have finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_deadline: Option<Time>,
    /// Per component: what its plugin reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<BTreeMap<String, RestoreComponentStatus>>,
}

/// `RestoreSession.status.components[C]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RestoreComponentStatus {
    /// `Pending`, `Running`, `Succeeded`, `Failed`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// How long the restore took (a Go duration string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// How far it got.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<RestoreProgress>,
}

/// `RestoreSession.status.components[C].progress`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RestoreProgress {
    /// Files restored so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_done: Option<i64>,
    /// Percent done, e.g. `42.00%`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_done: Option<String>,
    /// Bytes restored so far, human readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_done: Option<String>,
    /// Seconds since the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_elapsed: Option<i64>,
    /// Bytes per second, human readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<String>,
    /// Total bytes, human readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// Total files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_files: Option<i64>,
}

// ---------------------------------------------------------------------------------------------
// storage.kubestash.com

/// A Snapshot: one backup of one BackupSession into one Repository; each plugin writes its
/// component into `status.components`.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "storage.kubestash.com",
    version = "v1alpha1",
    kind = "Snapshot",
    namespaced,
    status = "SnapshotStatus"
)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotSpec {
    /// The Repository it is written to (same namespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// The BackupConfiguration's session name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The BackupSession that made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_session: Option<String>,
    /// The layout version of the component paths (`v1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// What was backed up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_ref: Option<AppRef>,
}

/// A Snapshot's status (the parts the runtime reads and writes).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotStatus {
    /// `Pending`, `Running`, `Succeeded`, `Failed` (the operator's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// How many components the Snapshot has when complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_components: Option<i32>,
    /// Per component: what its plugin reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<BTreeMap<String, Component>>,
}

/// `Snapshot.status.components[C]`: one plugin's report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    /// The path of the component in the repository (`repository/v1/<session>/<component>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `Pending`, `Running`, `Succeeded` or `Failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// The tool that wrote it (`Restic`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driver: Option<String>,
    /// How long the backup took (a Go duration string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whether `restic check` found the repository sound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrity: Option<bool>,
    /// The repository's size (`restic stats --mode raw-data`), human readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// One entry per restic snapshot the component made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restic_stats: Option<Vec<ResticStats>>,
}

/// An entry of `components[C].resticStats`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResticStats {
    /// The snapshot restic made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<ResticSummary>,
    /// How far the backup got (patched while it runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<ResticProgress>,
}

/// `resticStats[].summary`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResticSummary {
    /// The restic snapshot id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The backed-up path (or the `--stdin-filename`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_path: Option<String>,
    /// Bytes added to the repository, human readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploaded: Option<String>,
    /// Bytes processed, human readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// When the backup started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Time>,
    /// When it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Time>,
}

/// `resticStats[].progress`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResticProgress {
    /// Total bytes, human readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// Total files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_files: Option<i64>,
    /// Files done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_done: Option<i64>,
    /// Bytes done, human readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_done: Option<String>,
    /// Percent done, e.g. `42.00%`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_done: Option<String>,
    /// Seconds since the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_elapsed: Option<i64>,
    /// Bytes per second, human readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<String>,
}

/// A Repository: a directory of a BackupStorage, encrypted with its Secret's password.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "storage.kubestash.com",
    version = "v1alpha1",
    kind = "Repository",
    namespaced,
    status = "RepositoryStatus"
)]
#[serde(rename_all = "camelCase")]
pub struct RepositorySpec {
    /// The BackupStorage it lives in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_ref: Option<ObjectReference>,
    /// Its directory inside the storage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The Secret with its `RESTIC_PASSWORD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_secret: Option<ObjectReference>,
    /// What is backed up into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_ref: Option<AppRef>,
}

/// A Repository's status (read only, the operator's).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryStatus {
    /// `NotReady` or `Ready`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// The component paths it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component_paths: Option<Vec<String>>,
}

/// A BackupStorage: where repositories live.
#[derive(CustomResource, Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[kube(
    group = "storage.kubestash.com",
    version = "v1alpha1",
    kind = "BackupStorage",
    namespaced,
    status = "PhaseStatus"
)]
#[serde(rename_all = "camelCase")]
pub struct BackupStorageSpec {
    /// The backend: exactly one of its fields is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<Backend>,
}

/// `BackupStorage.spec.storage`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Backend {
    /// `local`, `s3`, `gcs`, `azure`, ... (informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// A volume mounted in the plugin's pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<LocalSpec>,
    /// An S3 (or S3-compatible) bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3: Option<S3Spec>,
    /// A Google Cloud Storage bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gcs: Option<GcsSpec>,
    /// An Azure Blob container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure: Option<AzureSpec>,
}

/// `storage.local`: the volume source is the operator's business; the plugin sees the mount.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LocalSpec {
    /// Where the volume is mounted in the plugin's container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_path: Option<String>,
    /// The sub-path of the volume that is mounted there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_path: Option<String>,
}

/// `storage.s3`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct S3Spec {
    /// The endpoint (`s3.amazonaws.com` when empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    /// A prefix inside the bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// The region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The Secret with `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `CA_CERT_DATA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
    /// Skip TLS verification.
    #[serde(
        rename = "insecureTLS",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub insecure_tls: Option<bool>,
}

/// `storage.gcs`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GcsSpec {
    /// The bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    /// A prefix inside the bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// The Secret with `GOOGLE_PROJECT_ID` and `GOOGLE_SERVICE_ACCOUNT_JSON_KEY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
}

/// `storage.azure`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AzureSpec {
    /// The storage account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_account: Option<String>,
    /// The container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// A prefix inside the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// The Secret with `AZURE_ACCOUNT_KEY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
}
