//! From a resolved Function to the Kubernetes container (and pod volumes) the operator runs.
//!
//! [`build_container`] follows the operator step by step:
//!
//! 1. The container's `name` is the Function's name with `.` replaced by `-`, then `-<step
//!    index>`; `image`, `command`, `args`, `workingDir`, `ports`, `volumeMounts` and
//!    `volumeDevices` come from the resolved Function; `env`, `envFrom`, `resources`, the probes,
//!    `lifecycle` and `securityContext` from the Function's `runtimeSettings`;
//!    `imagePullPolicy` is `IfNotPresent`. The Function's own `nice`/`ionice` are not used.
//! 2. The task's `volumeMounts` are added (an identical mount is not added twice), then the
//!    scratch volume `kubestash-tmp-volume` is mounted at `/kubestash-tmp` unless a mount already
//!    uses that path. The task's `volumeTemplate` becomes pod volumes (plus the scratch
//!    `emptyDir` unless a volume of that name exists); a `volumeClaimTemplate` becomes a
//!    PersistentVolumeClaim the operator creates and a volume that claims it.
//! 3. The invoker's container runtime settings are applied by [`apply_runtime_settings`].
//!
//! ```
//! use function_core::api::{Function, FunctionSpec};
//! use function_core::container::{build_container, BuildOptions};
//!
//! let f = Function::new("pvc.backup", FunctionSpec {
//!     image: "ghcr.io/kubestash/pvc:v0.28.0".into(),
//!     args: vec!["backup".into()],
//!     ..Default::default()
//! });
//! let built = build_container(&f, None, &BuildOptions::default());
//! assert_eq!(built.container.name, "pvc-backup-0");
//! assert_eq!(built.container.image_pull_policy.as_deref(), Some("IfNotPresent"));
//! assert_eq!(built.container.volume_mounts.unwrap()[0].mount_path, "/kubestash-tmp");
//! assert_eq!(built.volumes[0].name, "kubestash-tmp-volume");
//! ```

use k8s_openapi::api::core::v1::{
    Container, EmptyDirVolumeSource, EnvVar, PersistentVolumeClaim,
    PersistentVolumeClaimTemplate as CorePvcTemplate, PersistentVolumeClaimVolumeSource, Volume,
    VolumeMount,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Deserialize, Serialize};

use crate::api::{
    ContainerRuntimeSettings, Function, PartialObjectMeta, PersistentVolumeClaimTemplate, Task,
    VolumeSource, VolumeTemplate,
};

/// The scratch volume every task container gets.
pub const SCRATCH_VOLUME: &str = "kubestash-tmp-volume";
/// Where the scratch volume is mounted.
pub const SCRATCH_MOUNT_PATH: &str = "/kubestash-tmp";

/// Env var carrying `nice.adjustment`.
pub const NICE_ADJUSTMENT: &str = "NICE_ADJUSTMENT";
/// Env var carrying `ionice.class`.
pub const IONICE_CLASS: &str = "IONICE_CLASS";
/// Env var carrying `ionice.classData`.
pub const IONICE_CLASS_DATA: &str = "IONICE_CLASS_DATA";

/// How `resources.requests` of the invoker's runtime settings are applied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RequestsMode {
    /// As the operator does (a bug since 2019, kept for fidelity): requests are copied only
    /// when the limits are non-empty, and then replace the container's requests even when they
    /// are empty.
    #[default]
    Upstream,
    /// Requests replace the container's when they are non-empty, whatever the limits.
    Corrected,
}

/// Options of [`build_container`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildOptions {
    /// The index of the step in the task (the container name's suffix).
    pub step_index: usize,
    /// The invoker's container runtime settings, applied last.
    pub runtime_settings: Option<ContainerRuntimeSettings>,
    /// How requests are applied.
    pub requests_mode: RequestsMode,
}

/// The container the operator would run, and what the pod needs for it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuiltContainer {
    /// The container.
    pub container: Container,
    /// The pod volumes (the task's volume templates and the scratch volume).
    pub volumes: Vec<Volume>,
    /// Claims the operator creates from `volumeClaimTemplate` sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub persistent_volume_claims: Vec<PersistentVolumeClaim>,
}

fn non_empty<T>(v: Vec<T>) -> Option<Vec<T>> {
    (!v.is_empty()).then_some(v)
}

fn non_empty_str(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// Builds the container for a resolved Function (and the task that runs it, already resolved).
///
/// See the [module documentation](self) for the rules.
pub fn build_container(
    function: &Function,
    task: Option<&Task>,
    options: &BuildOptions,
) -> BuiltContainer {
    let spec = &function.spec;
    let name = function.metadata.name.as_deref().unwrap_or_default();
    let rs = spec.runtime_settings.clone().unwrap_or_default();
    let mut container = Container {
        name: format!("{}-{}", name.replace('.', "-"), options.step_index),
        image: non_empty_str(&spec.image),
        command: non_empty(spec.command.clone()),
        args: non_empty(spec.args.clone()),
        working_dir: non_empty_str(&spec.working_dir),
        ports: non_empty(spec.ports.clone()),
        volume_mounts: None,
        volume_devices: non_empty(spec.volume_devices.clone()),
        env: non_empty(rs.env),
        env_from: non_empty(rs.env_from),
        resources: Some(rs.resources),
        liveness_probe: rs.liveness_probe,
        readiness_probe: rs.readiness_probe,
        lifecycle: rs.lifecycle,
        security_context: rs.security_context,
        image_pull_policy: Some("IfNotPresent".to_owned()),
        ..Container::default()
    };

    let mut mounts = spec.volume_mounts.clone();
    for m in task.map(|t| t.volume_mounts.as_slice()).unwrap_or_default() {
        if !mounts.contains(m) {
            mounts.push(m.clone());
        }
    }
    if !mounts.iter().any(|m| m.mount_path == SCRATCH_MOUNT_PATH) {
        mounts.push(VolumeMount {
            name: SCRATCH_VOLUME.to_owned(),
            mount_path: SCRATCH_MOUNT_PATH.to_owned(),
            ..VolumeMount::default()
        });
    }
    container.volume_mounts = Some(mounts);

    let mut volumes = Vec::new();
    let mut claims = Vec::new();
    for t in task
        .map(|t| t.volume_template.as_slice())
        .unwrap_or_default()
    {
        let (volume, claim) = volume_from_template(t);
        volumes.push(volume);
        claims.extend(claim);
    }
    if !volumes.iter().any(|v| v.name == SCRATCH_VOLUME) {
        volumes.push(Volume {
            name: SCRATCH_VOLUME.to_owned(),
            empty_dir: Some(EmptyDirVolumeSource::default()),
            ..Volume::default()
        });
    }

    if let Some(settings) = &options.runtime_settings {
        apply_runtime_settings(&mut container, settings, options.requests_mode);
    }
    BuiltContainer {
        container,
        volumes,
        persistent_volume_claims: claims,
    }
}

fn object_meta(m: Option<&PartialObjectMeta>) -> ObjectMeta {
    let Some(m) = m else {
        return ObjectMeta::default();
    };
    ObjectMeta {
        name: non_empty_str(&m.name),
        generate_name: non_empty_str(&m.generate_name),
        namespace: non_empty_str(&m.namespace),
        labels: (!m.labels.is_empty()).then(|| m.labels.clone()),
        annotations: (!m.annotations.is_empty()).then(|| m.annotations.clone()),
        owner_references: non_empty(m.owner_references.clone()),
        ..ObjectMeta::default()
    }
}

fn core_claim_template(t: &PersistentVolumeClaimTemplate) -> CorePvcTemplate {
    CorePvcTemplate {
        metadata: t.metadata.as_ref().map(|m| object_meta(Some(m))),
        spec: t.spec.clone(),
    }
}

/// Turns a task's volume template into a pod volume; a `volumeClaimTemplate` also yields the
/// claim to create, named by the template's `metadata.name` (or the volume's name when unset).
///
/// ```
/// use function_core::api::{VolumeSource, VolumeTemplate};
/// use function_core::container::volume_from_template;
/// use k8s_openapi::api::core::v1::PersistentVolumeClaimVolumeSource;
///
/// let t = VolumeTemplate {
///     name: "data".into(),
///     source: Some(VolumeSource {
///         persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource { claim_name: "pvc-1".into(), ..Default::default() }),
///         ..Default::default()
///     }),
///     ..Default::default()
/// };
/// let (volume, claim) = volume_from_template(&t);
/// assert_eq!(volume.persistent_volume_claim.unwrap().claim_name, "pvc-1");
/// assert!(claim.is_none());
/// ```
pub fn volume_from_template(t: &VolumeTemplate) -> (Volume, Option<PersistentVolumeClaim>) {
    let src = t.source.clone().unwrap_or_default();
    let VolumeSource {
        host_path,
        empty_dir,
        gce_persistent_disk,
        aws_elastic_block_store,
        secret,
        nfs,
        iscsi,
        glusterfs,
        persistent_volume_claim,
        rbd,
        flex_volume,
        cinder,
        cephfs,
        flocker,
        downward_api,
        fc,
        azure_file,
        config_map,
        vsphere_volume,
        quobyte,
        azure_disk,
        photon_persistent_disk,
        projected,
        portworx_volume,
        scale_io,
        storageos,
        csi,
        ephemeral,
        volume_claim_template,
    } = src;
    let mut volume = Volume {
        name: t.name.clone(),
        host_path,
        empty_dir,
        gce_persistent_disk,
        aws_elastic_block_store,
        secret,
        nfs,
        iscsi,
        glusterfs,
        persistent_volume_claim,
        rbd,
        flex_volume,
        cinder,
        cephfs,
        flocker,
        downward_api,
        fc,
        azure_file,
        config_map,
        vsphere_volume,
        quobyte,
        azure_disk,
        photon_persistent_disk,
        projected,
        portworx_volume,
        scale_io,
        storageos,
        csi,
        ephemeral: ephemeral.map(|e| k8s_openapi::api::core::v1::EphemeralVolumeSource {
            volume_claim_template: e.volume_claim_template.as_ref().map(core_claim_template),
        }),
        ..Volume::default()
    };
    let claim = volume_claim_template.map(|tpl| {
        let mut metadata = object_meta(tpl.metadata.as_ref());
        let claim_name = metadata.name.get_or_insert_with(|| t.name.clone()).clone();
        volume.persistent_volume_claim = Some(PersistentVolumeClaimVolumeSource {
            claim_name,
            ..Default::default()
        });
        PersistentVolumeClaim {
            metadata,
            spec: Some(tpl.spec),
            ..Default::default()
        }
    });
    (volume, claim)
}

/// Upserts `var` into `env` by name: replaced in place when the name exists, else appended. A
/// `fieldRef` without `apiVersion` gets `v1` (kmodules' `UpsertEnvVars`).
///
/// ```
/// use function_core::container::upsert_env;
/// use k8s_openapi::api::core::v1::EnvVar;
///
/// let var = |n: &str, v: &str| EnvVar { name: n.into(), value: Some(v.into()), ..Default::default() };
/// let mut env = vec![var("A", "1"), var("B", "2")];
/// upsert_env(&mut env, var("A", "9"));
/// upsert_env(&mut env, var("C", "3"));
/// let names: Vec<_> = env.iter().map(|e| (e.name.as_str(), e.value.as_deref().unwrap())).collect();
/// assert_eq!(names, [("A", "9"), ("B", "2"), ("C", "3")]);
/// ```
pub fn upsert_env(env: &mut Vec<EnvVar>, mut var: EnvVar) {
    if let Some(field_ref) = var.value_from.as_mut().and_then(|vf| vf.field_ref.as_mut())
        && field_ref
            .api_version
            .as_deref()
            .unwrap_or_default()
            .is_empty()
    {
        field_ref.api_version = Some("v1".to_owned());
    }
    match env.iter_mut().find(|e| e.name == var.name) {
        Some(existing) => *existing = var,
        None => env.push(var),
    }
}

/// Applies the invoker's container runtime settings to `container`, exactly as the operator
/// (kmodules `ApplyContainerRuntimeSettings`) does:
///
/// - `resources.limits` replace the container's when non-empty;
/// - `resources.requests`: see [`RequestsMode`] (upstream: copied only when limits are
///   non-empty);
/// - `livenessProbe`, `readinessProbe`, `lifecycle`, `securityContext` replace when set;
/// - `envFrom` is appended; `env` is upserted by name ([`upsert_env`]);
/// - `nice.adjustment` becomes env `NICE_ADJUSTMENT`, `ionice.class` / `ionice.classData`
///   become `IONICE_CLASS` / `IONICE_CLASS_DATA` (decimal text), upserted after `env`.
///
/// ```
/// use function_core::api::{ContainerRuntimeSettings, NiceSettings};
/// use function_core::container::{apply_runtime_settings, RequestsMode};
/// use k8s_openapi::api::core::v1::Container;
///
/// let mut c = Container::default();
/// let rs = ContainerRuntimeSettings { nice: Some(NiceSettings { adjustment: Some(5) }), ..Default::default() };
/// apply_runtime_settings(&mut c, &rs, RequestsMode::Upstream);
/// let env = c.env.unwrap();
/// assert_eq!((env[0].name.as_str(), env[0].value.as_deref()), ("NICE_ADJUSTMENT", Some("5")));
/// ```
pub fn apply_runtime_settings(
    container: &mut Container,
    settings: &ContainerRuntimeSettings,
    requests_mode: RequestsMode,
) {
    let limits = settings.resources.limits.as_ref().filter(|l| !l.is_empty());
    let requests = settings
        .resources
        .requests
        .as_ref()
        .filter(|r| !r.is_empty());
    let resources = container.resources.get_or_insert_with(Default::default);
    if let Some(limits) = limits {
        resources.limits = Some(limits.clone());
    }
    match requests_mode {
        RequestsMode::Upstream => {
            if limits.is_some() {
                resources.requests = requests.cloned();
            }
        }
        RequestsMode::Corrected => {
            if let Some(requests) = requests {
                resources.requests = Some(requests.clone());
            }
        }
    }
    if settings.liveness_probe.is_some() {
        container.liveness_probe = settings.liveness_probe.clone();
    }
    if settings.readiness_probe.is_some() {
        container.readiness_probe = settings.readiness_probe.clone();
    }
    if settings.lifecycle.is_some() {
        container.lifecycle = settings.lifecycle.clone();
    }
    if settings.security_context.is_some() {
        container.security_context = settings.security_context.clone();
    }
    if !settings.env_from.is_empty() {
        container
            .env_from
            .get_or_insert_with(Vec::new)
            .extend(settings.env_from.iter().cloned());
    }
    let mut extra_env: Vec<EnvVar> = settings.env.clone();
    let plain = |name: &str, value: i32| EnvVar {
        name: name.to_owned(),
        value: Some(value.to_string()),
        ..EnvVar::default()
    };
    if let Some(adjustment) = settings.nice.as_ref().and_then(|n| n.adjustment) {
        extra_env.push(plain(NICE_ADJUSTMENT, adjustment));
    }
    if let Some(ionice) = &settings.ionice {
        if let Some(class) = ionice.class {
            extra_env.push(plain(IONICE_CLASS, class));
        }
        if let Some(data) = ionice.class_data {
            extra_env.push(plain(IONICE_CLASS_DATA, data));
        }
    }
    if !extra_env.is_empty() {
        let env = container.env.get_or_insert_with(Vec::new);
        for var in extra_env {
            upsert_env(env, var);
        }
    }
}

#[cfg(test)]
mod tests;
