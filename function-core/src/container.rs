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
mod tests {
    use std::collections::BTreeMap;

    use k8s_openapi::api::core::v1::{
        ConfigMapEnvSource, EnvFromSource, EnvVarSource, ExecAction, Lifecycle, LifecycleHandler,
        ObjectFieldSelector, Probe, ResourceRequirements, SecurityContext,
    };
    use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

    use super::*;
    use crate::api::{FunctionSpec, IoNiceSettings, NiceSettings};

    fn q(map: &[(&str, &str)]) -> BTreeMap<String, Quantity> {
        map.iter()
            .map(|(k, v)| (k.to_string(), Quantity(v.to_string())))
            .collect()
    }

    fn var(name: &str, value: &str) -> EnvVar {
        EnvVar {
            name: name.into(),
            value: Some(value.into()),
            ..Default::default()
        }
    }

    fn env_pairs(c: &Container) -> Vec<(String, String)> {
        c.env
            .iter()
            .flatten()
            .map(|e| (e.name.clone(), e.value.clone().unwrap_or_default()))
            .collect()
    }

    fn with_resources(limits: &[(&str, &str)], requests: &[(&str, &str)]) -> Container {
        Container {
            resources: Some(ResourceRequirements {
                limits: Some(q(limits)),
                requests: Some(q(requests)),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn settings(limits: &[(&str, &str)], requests: &[(&str, &str)]) -> ContainerRuntimeSettings {
        ContainerRuntimeSettings {
            resources: ResourceRequirements {
                limits: (!limits.is_empty()).then(|| q(limits)),
                requests: (!requests.is_empty()).then(|| q(requests)),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// (limits, requests) given by the invoker -> (limits, requests) of the container, which
    /// starts with limits cpu=1 and requests cpu=500m.
    #[test]
    fn resources_rules_table() {
        type Res<'a> = &'a [(&'a str, &'a str)];
        type Case<'a> = (
            RequestsMode,
            Res<'a>,
            Res<'a>,
            Option<Res<'a>>,
            Option<Res<'a>>,
        );
        let cases: &[Case] = &[
            // Upstream: nothing given, nothing changes.
            (
                RequestsMode::Upstream,
                &[],
                &[],
                Some(&[("cpu", "1")]),
                Some(&[("cpu", "500m")]),
            ),
            // Upstream: limits replace, requests replace along with them.
            (
                RequestsMode::Upstream,
                &[("cpu", "2")],
                &[("cpu", "1")],
                Some(&[("cpu", "2")]),
                Some(&[("cpu", "1")]),
            ),
            // Upstream: requests alone are ignored (the 2019 bug, kept).
            (
                RequestsMode::Upstream,
                &[],
                &[("cpu", "1")],
                Some(&[("cpu", "1")]),
                Some(&[("cpu", "500m")]),
            ),
            // Upstream: limits without requests clear the container's requests.
            (
                RequestsMode::Upstream,
                &[("cpu", "2")],
                &[],
                Some(&[("cpu", "2")]),
                None,
            ),
            // Corrected: requests alone apply.
            (
                RequestsMode::Corrected,
                &[],
                &[("cpu", "1")],
                Some(&[("cpu", "1")]),
                Some(&[("cpu", "1")]),
            ),
            // Corrected: limits without requests keep the container's requests.
            (
                RequestsMode::Corrected,
                &[("cpu", "2")],
                &[],
                Some(&[("cpu", "2")]),
                Some(&[("cpu", "500m")]),
            ),
        ];
        for (i, (mode, limits, requests, want_limits, want_requests)) in cases.iter().enumerate() {
            let mut c = with_resources(&[("cpu", "1")], &[("cpu", "500m")]);
            apply_runtime_settings(&mut c, &settings(limits, requests), *mode);
            let r = c.resources.unwrap();
            assert_eq!(r.limits, want_limits.map(q), "case {i}: limits");
            assert_eq!(r.requests, want_requests.map(q), "case {i}: requests");
        }
    }

    #[test]
    fn probes_lifecycle_and_security_context_replace_only_when_set() {
        let probe = |cmd: &str| Probe {
            exec: Some(ExecAction {
                command: Some(vec![cmd.into()]),
            }),
            ..Default::default()
        };
        let lifecycle = |cmd: &str| Lifecycle {
            pre_stop: Some(LifecycleHandler {
                exec: Some(ExecAction {
                    command: Some(vec![cmd.into()]),
                }),
                ..Default::default()
            }),
            ..Default::default()
        };
        let sc = |uid: i64| SecurityContext {
            run_as_user: Some(uid),
            ..Default::default()
        };
        let original = Container {
            liveness_probe: Some(probe("old-live")),
            readiness_probe: Some(probe("old-ready")),
            lifecycle: Some(lifecycle("old")),
            security_context: Some(sc(1)),
            ..Default::default()
        };
        // Unset: all kept.
        let mut c = original.clone();
        apply_runtime_settings(
            &mut c,
            &ContainerRuntimeSettings::default(),
            RequestsMode::Upstream,
        );
        assert_eq!(c.liveness_probe, original.liveness_probe);
        assert_eq!(c.readiness_probe, original.readiness_probe);
        assert_eq!(c.lifecycle, original.lifecycle);
        assert_eq!(c.security_context, original.security_context);
        // Each one set: only that one replaced.
        let mut c = original.clone();
        apply_runtime_settings(
            &mut c,
            &ContainerRuntimeSettings {
                liveness_probe: Some(probe("new-live")),
                ..Default::default()
            },
            RequestsMode::Upstream,
        );
        assert_eq!(c.liveness_probe, Some(probe("new-live")));
        assert_eq!(c.readiness_probe, Some(probe("old-ready")));
        let mut c = original.clone();
        apply_runtime_settings(
            &mut c,
            &ContainerRuntimeSettings {
                readiness_probe: Some(probe("new-ready")),
                lifecycle: Some(lifecycle("new")),
                security_context: Some(sc(2)),
                ..Default::default()
            },
            RequestsMode::Upstream,
        );
        assert_eq!(c.liveness_probe, Some(probe("old-live")));
        assert_eq!(c.readiness_probe, Some(probe("new-ready")));
        assert_eq!(c.lifecycle, Some(lifecycle("new")));
        assert_eq!(c.security_context, Some(sc(2)));
    }

    #[test]
    fn env_from_is_appended() {
        let src = |name: &str| EnvFromSource {
            config_map_ref: Some(ConfigMapEnvSource {
                name: name.into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let mut c = Container {
            env_from: Some(vec![src("a")]),
            ..Default::default()
        };
        apply_runtime_settings(
            &mut c,
            &ContainerRuntimeSettings {
                env_from: vec![src("b"), src("a")],
                ..Default::default()
            },
            RequestsMode::Upstream,
        );
        assert_eq!(c.env_from.unwrap(), vec![src("a"), src("b"), src("a")]);
    }

    #[test]
    fn env_is_upserted_by_name_in_place() {
        let mut c = Container {
            env: Some(vec![var("A", "1"), var("B", "2"), var("C", "3")]),
            ..Default::default()
        };
        apply_runtime_settings(
            &mut c,
            &ContainerRuntimeSettings {
                env: vec![var("D", "4"), var("B", "20")],
                ..Default::default()
            },
            RequestsMode::Upstream,
        );
        let want: Vec<(String, String)> = [("A", "1"), ("B", "20"), ("C", "3"), ("D", "4")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(env_pairs(&c), want);
    }

    #[test]
    fn field_ref_without_api_version_gets_v1() {
        let field = |api: Option<&str>| EnvVar {
            name: "POD".into(),
            value_from: Some(EnvVarSource {
                field_ref: Some(ObjectFieldSelector {
                    api_version: api.map(String::from),
                    field_path: "metadata.name".into(),
                }),
                ..Default::default()
            }),
            ..Default::default()
        };
        let mut c = Container::default();
        apply_runtime_settings(
            &mut c,
            &ContainerRuntimeSettings {
                env: vec![field(None)],
                ..Default::default()
            },
            RequestsMode::Upstream,
        );
        assert_eq!(c.env.as_ref().unwrap()[0], field(Some("v1")));
        let mut c = Container::default();
        apply_runtime_settings(
            &mut c,
            &ContainerRuntimeSettings {
                env: vec![field(Some("v2"))],
                ..Default::default()
            },
            RequestsMode::Upstream,
        );
        assert_eq!(c.env.unwrap()[0], field(Some("v2")));
    }

    #[test]
    fn nice_and_ionice_become_env_vars() {
        let mut c = Container {
            env: Some(vec![var("IONICE_CLASS", "old"), var("X", "x")]),
            ..Default::default()
        };
        apply_runtime_settings(
            &mut c,
            &ContainerRuntimeSettings {
                nice: Some(NiceSettings {
                    adjustment: Some(-5),
                }),
                ionice: Some(IoNiceSettings {
                    class: Some(2),
                    class_data: Some(7),
                }),
                ..Default::default()
            },
            RequestsMode::Upstream,
        );
        let want: Vec<(String, String)> = [
            ("IONICE_CLASS", "2"),
            ("X", "x"),
            ("NICE_ADJUSTMENT", "-5"),
            ("IONICE_CLASS_DATA", "7"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(env_pairs(&c), want);
        // Only the parts that are set.
        let mut c = Container::default();
        apply_runtime_settings(
            &mut c,
            &ContainerRuntimeSettings {
                nice: Some(NiceSettings { adjustment: None }),
                ionice: Some(IoNiceSettings {
                    class: None,
                    class_data: Some(4),
                }),
                ..Default::default()
            },
            RequestsMode::Upstream,
        );
        assert_eq!(
            env_pairs(&c),
            vec![("IONICE_CLASS_DATA".to_string(), "4".to_string())]
        );
    }

    #[test]
    fn function_runtime_settings_fill_the_container_but_not_nice() {
        let f = Function::new(
            "postgres.backup",
            FunctionSpec {
                image: "img".into(),
                runtime_settings: Some(ContainerRuntimeSettings {
                    env: vec![var("A", "1")],
                    nice: Some(NiceSettings {
                        adjustment: Some(3),
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            },
        );
        let built = build_container(
            &f,
            None,
            &BuildOptions {
                step_index: 2,
                ..Default::default()
            },
        );
        assert_eq!(built.container.name, "postgres-backup-2");
        assert_eq!(env_pairs(&built.container), vec![("A".into(), "1".into())]);
    }

    #[test]
    fn task_mounts_and_scratch_are_not_duplicated() {
        let f = Function::new("f", FunctionSpec::default());
        let mount = |n: &str, p: &str| VolumeMount {
            name: n.into(),
            mount_path: p.into(),
            ..Default::default()
        };
        let task = Task {
            volume_mounts: vec![
                mount("data", "/data"),
                mount(SCRATCH_VOLUME, SCRATCH_MOUNT_PATH),
            ],
            volume_template: vec![VolumeTemplate {
                name: SCRATCH_VOLUME.into(),
                source: Some(VolumeSource {
                    empty_dir: Some(Default::default()),
                    ..Default::default()
                }),
                ..Default::default()
            }],
            ..Default::default()
        };
        let built = build_container(&f, Some(&task), &BuildOptions::default());
        assert_eq!(
            built.container.volume_mounts.unwrap(),
            vec![
                mount("data", "/data"),
                mount(SCRATCH_VOLUME, SCRATCH_MOUNT_PATH)
            ]
        );
        assert_eq!(built.volumes.len(), 1);
    }

    #[test]
    fn volume_claim_templates_become_claims() {
        let tpl: VolumeTemplate = serde_json::from_value(serde_json::json!({
            "name": "interim",
            "source": {"volumeClaimTemplate": {
                "metadata": {"name": "interim-pvc", "labels": {"a": "b"}},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
            }}
        }))
        .unwrap();
        let (volume, claim) = volume_from_template(&tpl);
        assert_eq!(
            volume.persistent_volume_claim.unwrap().claim_name,
            "interim-pvc"
        );
        let claim = claim.unwrap();
        assert_eq!(claim.metadata.name.as_deref(), Some("interim-pvc"));
        assert_eq!(claim.metadata.labels.unwrap()["a"], "b");
        assert_eq!(
            claim.spec.unwrap().access_modes.unwrap(),
            vec!["ReadWriteOnce".to_string()]
        );
    }
}
