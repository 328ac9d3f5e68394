//! The KubeStash `addons.kubestash.com/v1alpha1` API: [`Function`] and [`Addon`].
//!
//! These types mirror the upstream Go types field for field, with the same JSON names and the
//! same field order (which matters: the operator serialises a whole object to JSON before
//! substituting variables, so the order decides which unknown variable is reported first).
//! Go's `omitempty` is reproduced with `skip_serializing_if`: an empty string, an empty list,
//! `false` and `None` are not written.
//!
//! Kubernetes types (ports, mounts, probes, env, resources, ...) come from `k8s-openapi`; only
//! the KubeStash and kmodules types are defined here. [`crd`] builds their
//! CustomResourceDefinitions, structurally equal to upstream's controller-gen output.
//!
//! ```
//! use function_core::api::{Function, FunctionSpec};
//!
//! let f = Function::new("pvc-backup", FunctionSpec {
//!     image: "ghcr.io/kubestash/pvc:v0.28.0".into(),
//!     args: vec!["backup".into(), "--namespace=${namespace:=default}".into()],
//!     ..FunctionSpec::default()
//! });
//! assert_eq!(f.metadata.name.as_deref(), Some("pvc-backup"));
//! ```

mod addon;
pub mod crd;
mod function;
pub(crate) mod open_enum;
mod runtime;

pub use addon::{
    Addon, AddonSpec, Driver, EphemeralVolumeSource, ParameterDefinition, PartialObjectMeta,
    PersistentVolumeClaimTemplate, Task, TaskExecutor, VolumeSource, VolumeTemplate,
};
pub use function::{Function, FunctionSpec};
pub use runtime::{ContainerRuntimeSettings, IoNiceSettings, NiceSettings};

/// The API group of both kinds: `addons.kubestash.com`.
pub const GROUP: &str = "addons.kubestash.com";
/// The only API version: `v1alpha1`.
pub const VERSION: &str = "v1alpha1";
/// `apiVersion` as written in manifests: `addons.kubestash.com/v1alpha1`.
pub const API_VERSION: &str = "addons.kubestash.com/v1alpha1";

/// The upstream commit whose Go types these types match: kubestash/apimachinery `0116a4cb`
/// (2026-08-04). A value of a closed set ([`Driver`], [`TaskExecutor`]) or a field that a
/// later commit adds is read as tomorrow's (kept, or pruned for a field) and reported by the
/// lint.
pub const UPSTREAM_COMMIT: &str = "0116a4cb";

/// `skip_serializing_if` helper reproducing Go's `omitempty` on a `bool`.
pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}
