use k8s_openapi::api::core::v1::{ContainerPort, VolumeDevice, VolumeMount};
use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ContainerRuntimeSettings;

/// The specification of a KubeStash `Function`: a container template whose `args` carry
/// envsubst-style variables (`--wait-timeout=${waitTimeout:=300}`) that the operator resolves
/// before it runs the step.
///
/// Every field is optional, as in Go (`omitempty`). The [`Function`] object itself is generated
/// by kube's `CustomResource` derive: cluster-scoped, no status, short name `fn`.
///
/// ```
/// use function_core::api::{Function, FunctionSpec};
///
/// let spec = FunctionSpec {
///     image: "ghcr.io/kubestash/vault:v0.3.0".into(),
///     args: vec!["backup".into(), "--wait-timeout=${waitTimeout:=300}".into()],
///     ..FunctionSpec::default()
/// };
/// let f = Function::new("vault-backup", spec);
/// let json = serde_json::to_string(&f).unwrap();
/// assert!(json.starts_with(r#"{"apiVersion":"addons.kubestash.com/v1alpha1","kind":"Function""#));
/// ```
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[kube(
    group = "addons.kubestash.com",
    version = "v1alpha1",
    kind = "Function",
    plural = "functions",
    singular = "function",
    shortname = "fn",
    category = "kubestash",
    category = "appscode",
    category = "all",
    printcolumn(
        name = "Age",
        type_ = "date",
        json_path = ".metadata.creationTimestamp"
    ),
    derive = "PartialEq",
    derive = "Default",
    doc = "Function is the Schema for the functions API"
)]
#[serde(rename_all = "camelCase")]
pub struct FunctionSpec {
    /// Container image. May hold `${DB_VERSION}`, chosen from `availableVersions`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub image: String,
    /// Entrypoint array, not run in a shell.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    /// Arguments to the entrypoint; the operator substitutes `${...}` in them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// The container's working directory.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub working_dir: String,
    /// Ports to expose from the container.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
    /// Pod volumes to mount into the container's filesystem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_mounts: Vec<VolumeMount>,
    /// Block devices used by the container.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_devices: Vec<VolumeDevice>,
    /// Resources, probes, lifecycle, security context, nice/ionice and env of the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_settings: Option<ContainerRuntimeSettings>,
    /// The image tags that `${DB_VERSION}` may take.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub available_versions: Vec<String>,
}
