//! What controller-gen reads from Go markers, keyed by type.
//!
//! k8s-openapi's schemas carry no `x-kubernetes-*` list/map markers and no defaults, so this
//! table restores them from the markers on the Go types in `k8s.io/api` (Kubernetes 1.34) and
//! on the KubeStash types. Each entry is keyed by the Rust type itself (its schemars schema
//! name), so a renamed or removed type fails to compile rather than silently matching nothing.

use schemars::JsonSchema;
use serde_json::{Value, json};

/// A marker on one field of a type.
#[derive(Debug, Clone)]
pub(crate) enum FieldMarker {
    /// `+default=` / `+kubebuilder:default=`: the value the API server fills in.
    Default(Value),
    /// `+listType=atomic` (or `set`).
    ListType(&'static str),
    /// `+listType=map` with its `+listMapKey`s.
    ListMap(&'static [&'static str]),
    /// A field-level `+kubebuilder:validation:Enum=`.
    Enum(&'static [&'static str]),
}

/// The markers of one type.
#[derive(Debug, Clone)]
pub(crate) struct TypeMarkers {
    /// The schemars schema name of the type.
    pub(crate) name: String,
    /// `+structType=atomic` / `+mapType=atomic`: `x-kubernetes-map-type: atomic`.
    pub(crate) atomic: bool,
    /// A schema that replaces the generated one entirely (int-or-string types).
    pub(crate) replace: Option<Value>,
    /// Field markers, by JSON field name.
    pub(crate) fields: Vec<(&'static str, FieldMarker)>,
}

fn of<T: JsonSchema>() -> TypeMarkers {
    TypeMarkers {
        name: T::schema_name().into_owned(),
        atomic: false,
        replace: None,
        fields: Vec::new(),
    }
}

impl TypeMarkers {
    fn atomic(mut self) -> Self {
        self.atomic = true;
        self
    }

    fn replace(mut self, schema: Value) -> Self {
        self.replace = Some(schema);
        self
    }

    fn default(mut self, field: &'static str, value: Value) -> Self {
        self.fields.push((field, FieldMarker::Default(value)));
        self
    }

    fn atomic_lists(mut self, fields: &[&'static str]) -> Self {
        for f in fields {
            self.fields.push((f, FieldMarker::ListType("atomic")));
        }
        self
    }

    fn map_list(mut self, field: &'static str, keys: &'static [&'static str]) -> Self {
        self.fields.push((field, FieldMarker::ListMap(keys)));
        self
    }

    fn field_enum(mut self, field: &'static str, values: &'static [&'static str]) -> Self {
        self.fields.push((field, FieldMarker::Enum(values)));
        self
    }
}

/// The pattern Kubernetes gives a `resource.Quantity`.
pub(crate) const QUANTITY_PATTERN: &str = r"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

/// Every known type's markers.
///
/// The Kubernetes entries restate markers of `k8s.io/api` 1.34 (`core/v1/types.go`,
/// `meta/v1/types.go`) that controller-gen turns into schema keywords; k8s-openapi keeps none
/// of them. A struct that embeds `LocalObjectReference` (`json:",inline"`) inherits its
/// `+structType=atomic` and its `name` default, as controller-gen flattens embedded structs.
/// Only types reachable from `FunctionSpec` and `AddonSpec` are listed.
pub(crate) fn table() -> Vec<TypeMarkers> {
    use k8s_openapi::api::core::v1::{
        AzureDiskVolumeSource, Capabilities, CephFSVolumeSource, ConfigMapEnvSource,
        ConfigMapKeySelector, ConfigMapProjection, ConfigMapVolumeSource, ContainerPort,
        DownwardAPIProjection, DownwardAPIVolumeSource, ExecAction, FCVolumeSource,
        FileKeySelector, GRPCAction, HTTPGetAction, ISCSIVolumeSource, LocalObjectReference,
        ObjectFieldSelector, PersistentVolumeClaimSpec, ProjectedVolumeSource, RBDVolumeSource,
        ResourceFieldSelector, ResourceRequirements, ScaleIOVolumeSource, SecretEnvSource,
        SecretKeySelector, SecretProjection, SecretVolumeSource, TypedLocalObjectReference,
    };
    use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::{
        LabelSelector, LabelSelectorRequirement, OwnerReference,
    };
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

    let empty = || json!("");
    vec![
        // apimachinery: `resource.Quantity` and `intstr.IntOrString` are int-or-string.
        of::<Quantity>().replace(json!({
            "anyOf": [{"type": "integer"}, {"type": "string"}],
            "pattern": QUANTITY_PATTERN,
            "x-kubernetes-int-or-string": true,
        })),
        of::<IntOrString>().replace(json!({
            "anyOf": [{"type": "integer"}, {"type": "string"}],
            "x-kubernetes-int-or-string": true,
        })),
        // meta/v1
        of::<LabelSelector>()
            .atomic()
            .atomic_lists(&["matchExpressions"]),
        of::<LabelSelectorRequirement>().atomic_lists(&["values"]),
        of::<OwnerReference>().atomic(),
        // core/v1: references (`+structType=atomic`, `Name` with `+default=""`).
        of::<LocalObjectReference>()
            .atomic()
            .default("name", empty()),
        of::<TypedLocalObjectReference>().atomic(),
        of::<ConfigMapKeySelector>()
            .atomic()
            .default("name", empty()),
        of::<SecretKeySelector>().atomic().default("name", empty()),
        of::<ConfigMapEnvSource>().atomic().default("name", empty()),
        of::<SecretEnvSource>().atomic().default("name", empty()),
        of::<ObjectFieldSelector>().atomic(),
        of::<ResourceFieldSelector>().atomic(),
        of::<FileKeySelector>()
            .atomic()
            .default("optional", json!(false)),
        // core/v1: containers.
        of::<ContainerPort>().default("protocol", json!("TCP")),
        of::<ExecAction>().atomic_lists(&["command"]),
        of::<HTTPGetAction>().atomic_lists(&["httpHeaders"]),
        of::<GRPCAction>().default("service", empty()),
        of::<ResourceRequirements>().map_list("claims", &["name"]),
        of::<Capabilities>().atomic_lists(&["add", "drop"]),
        // core/v1: volume sources.
        of::<AzureDiskVolumeSource>()
            .default("fsType", json!("ext4"))
            .default("readOnly", json!(false)),
        of::<CephFSVolumeSource>().atomic_lists(&["monitors"]),
        of::<ConfigMapVolumeSource>()
            .atomic()
            .default("name", empty())
            .atomic_lists(&["items"]),
        of::<SecretVolumeSource>().atomic_lists(&["items"]),
        of::<DownwardAPIVolumeSource>().atomic_lists(&["items"]),
        of::<FCVolumeSource>().atomic_lists(&["targetWWNs", "wwids"]),
        of::<ISCSIVolumeSource>()
            .default("iscsiInterface", json!("default"))
            .atomic_lists(&["portals"]),
        of::<RBDVolumeSource>()
            .atomic_lists(&["monitors"])
            .default("pool", json!("rbd"))
            .default("user", json!("admin"))
            .default("keyring", json!("/etc/ceph/keyring")),
        of::<ScaleIOVolumeSource>()
            .default("storageMode", json!("ThinProvisioned"))
            .default("fsType", json!("xfs")),
        of::<ProjectedVolumeSource>().atomic_lists(&["sources"]),
        of::<ConfigMapProjection>()
            .atomic()
            .default("name", empty())
            .atomic_lists(&["items"]),
        of::<SecretProjection>()
            .atomic()
            .default("name", empty())
            .atomic_lists(&["items"]),
        of::<DownwardAPIProjection>().atomic_lists(&["items"]),
        of::<PersistentVolumeClaimSpec>().atomic_lists(&["accessModes"]),
        // KubeStash: `Task.Driver` carries its own enum marker besides the one on `apis.Driver`
        // (controller-gen then writes both, under `allOf`).
        of::<crate::api::Task>().field_enum(
            "driver",
            &[
                "Restic",
                "WalG",
                "VolumeSnapshotter",
                "Solr",
                "Medusa",
                "ClickHouseBackup",
                "Neo4jAdmin",
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use schemars::generate::SchemaSettings;

    use super::*;
    use crate::api::{AddonSpec, FunctionSpec};

    #[test]
    fn every_entry_is_unique_and_used_by_the_api() {
        let mut generator = SchemaSettings::draft2020_12().into_generator();
        generator.subschema_for::<FunctionSpec>();
        generator.subschema_for::<AddonSpec>();
        let reachable: BTreeSet<String> = generator.definitions().keys().cloned().collect();
        let mut seen = BTreeSet::new();
        for entry in table() {
            assert!(
                seen.insert(entry.name.clone()),
                "{} listed twice",
                entry.name
            );
            assert!(
                reachable.contains(&entry.name),
                "{} is not used by the API",
                entry.name
            );
        }
    }
}
