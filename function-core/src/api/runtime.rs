use k8s_openapi::api::core::v1::{
    EnvFromSource, EnvVar, Lifecycle, Probe, ResourceRequirements, SecurityContext,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Runtime settings of a container (kmodules `ofst.ContainerRuntimeSettings`).
///
/// Used in a [`FunctionSpec`](super::FunctionSpec) and by the invoker (BackupConfiguration,
/// RestoreSession) to override a Function's container. `resources` is not a pointer in Go, so it
/// is always written (as `{}` when empty) whenever the settings are.
///
/// ```
/// use function_core::api::{ContainerRuntimeSettings, NiceSettings};
///
/// let rs = ContainerRuntimeSettings {
///     nice: Some(NiceSettings { adjustment: Some(5) }),
///     ..Default::default()
/// };
/// assert_eq!(serde_json::to_string(&rs).unwrap(), r#"{"resources":{},"nice":{"adjustment":5}}"#);
/// ```
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContainerRuntimeSettings {
    /// Compute resources (limits, requests, claims).
    #[serde(default)]
    pub resources: ResourceRequirements,
    /// Periodic probe of container liveness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
    /// Periodic probe of container readiness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    /// Actions taken in response to container lifecycle events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Lifecycle>,
    /// Security options the container runs with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Option<SecurityContext>,
    /// CPU scheduling priority, passed to the container as env `NICE_ADJUSTMENT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nice: Option<NiceSettings>,
    /// I/O scheduling class, passed as env `IONICE_CLASS` / `IONICE_CLASS_DATA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ionice: Option<IoNiceSettings>,
    /// Sources to populate environment variables from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env_from: Vec<EnvFromSource>,
    /// Environment variables to set in the container.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
}

/// CPU scheduling priority (`nice`).
///
/// ```
/// let n = function_core::api::NiceSettings { adjustment: Some(-5) };
/// assert_eq!(n.adjustment, Some(-5));
/// ```
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NiceSettings {
    /// Adjustment to the niceness (-20 to 19).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment: Option<i32>,
}

/// I/O scheduling class and priority (`ionice`).
///
/// ```
/// let io = function_core::api::IoNiceSettings { class: Some(2), class_data: Some(7) };
/// assert_eq!(serde_json::to_string(&io).unwrap(), r#"{"class":2,"classData":7}"#);
/// ```
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IoNiceSettings {
    /// Scheduling class (1 realtime, 2 best-effort, 3 idle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<i32>,
    /// Priority within the class (0 highest to 7 lowest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_data: Option<i32>,
}
