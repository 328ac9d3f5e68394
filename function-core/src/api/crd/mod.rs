//! CustomResourceDefinitions for [`Function`] and [`Addon`], structurally equal to upstream's.
//!
//! `Function::crd()` and `Addon::crd()` (kube's [`CustomResourceExt`]) give the raw output of
//! the derive: names, scope, version and printer column are right, but the schema is Rust's
//! view of the types (`nullable` everywhere, no Kubernetes list/map markers, no defaults,
//! Quantity as a plain string, no `apiVersion`/`kind`/`metadata`). The functions here start
//! from that output and finish it the way upstream's controller-gen CRDs
//! (kubestash/apimachinery `crds/`) are written:
//!
//! - `metadata.labels`: `app.kubernetes.io/name: kubestash`;
//! - `spec.names.listKind`: `FunctionList` / `AddonList`;
//! - `spec.versions[0].subresources: {}`;
//! - the `openAPIV3Schema` from [`schema::structural_schema`] (see there for the transform),
//!   wrapped in the object schema with `apiVersion`, `kind` and `metadata`.
//!
//! Descriptions are left out, as upstream leaves them out (`crd:maxDescLen=0`): it keeps the
//! CRDs small (the Addon CRD embeds most of the core `VolumeSource`) and equal to upstream's.
//!
//! The test `tests/tests/crd.rs` compares both CRDs with the upstream files, path by path,
//! with [`diff::crd_differences`].
//!
//! ```
//! use function_core::api::crd;
//!
//! let f = crd::function_crd();
//! assert_eq!(f.metadata.name.as_deref(), Some("functions.addons.kubestash.com"));
//! assert_eq!(f.spec.names.list_kind.as_deref(), Some("FunctionList"));
//! assert_eq!(f.spec.scope, "Cluster");
//!
//! let yaml = crd::to_yaml(&crd::all()).unwrap();
//! assert!(yaml.starts_with("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"));
//! assert_eq!(yaml.matches("\n---\n").count(), 1);
//! ```

pub mod diff;
mod markers;
pub mod schema;

use std::collections::BTreeMap;

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::{
    CustomResourceDefinition, CustomResourceSubresources, JSONSchemaProps,
};
use kube::CustomResourceExt;
use schemars::JsonSchema;
use serde_json::json;

use crate::api::{Addon, AddonSpec, Function, FunctionSpec};

/// The label upstream puts on both CRDs.
pub const NAME_LABEL: (&str, &str) = ("app.kubernetes.io/name", "kubestash");

/// Writing CRDs as YAML failed.
///
/// ```
/// let e: function_core::api::crd::CrdError =
///     function_core::api::crd::schema::SchemaError::Recursive("T".into()).into();
/// assert!(e.to_string().starts_with("cannot build the CRD schema"));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum CrdError {
    /// The schema of a type could not be made structural.
    #[error("cannot build the CRD schema: {0}")]
    Schema(#[from] schema::SchemaError),
    /// The YAML writer failed.
    #[cfg(feature = "yaml")]
    #[error("cannot write the CRD as YAML: {0}")]
    Yaml(#[from] serde_saphyr::SerializeError),
}

/// The `openAPIV3Schema` of a custom resource whose `spec` is `S`: an object with
/// `apiVersion`, `kind`, `metadata` and `spec`, as controller-gen writes it.
///
/// ```
/// use function_core::api::FunctionSpec;
/// use function_core::api::crd::resource_schema;
///
/// let s = resource_schema::<FunctionSpec>().unwrap();
/// let props = s.properties.unwrap();
/// assert_eq!(props.keys().collect::<Vec<_>>(), ["apiVersion", "kind", "metadata", "spec"]);
/// assert_eq!(props["metadata"].type_.as_deref(), Some("object"));
/// ```
pub fn resource_schema<S: JsonSchema>() -> Result<JSONSchemaProps, schema::SchemaError> {
    let spec = schema::structural_schema::<S>()?;
    let root = json!({
        "type": "object",
        "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"type": "object"},
            "spec": spec,
        },
    });
    Ok(serde_json::from_value(root).expect("a structural schema is valid JSONSchemaProps"))
}

/// Finishes kube's derived CRD: label, `listKind`, `subresources: {}` and the schema of `S`.
fn finish<S: JsonSchema>(mut crd: CustomResourceDefinition) -> CustomResourceDefinition {
    let schema = resource_schema::<S>()
        .unwrap_or_else(|e| panic!("the KubeStash API types have a structural schema: {e}"));
    crd.metadata
        .labels
        .get_or_insert_with(BTreeMap::new)
        .insert(NAME_LABEL.0.into(), NAME_LABEL.1.into());
    let names = &mut crd.spec.names;
    names.list_kind = Some(format!("{}List", names.kind));
    for version in &mut crd.spec.versions {
        version
            .subresources
            .get_or_insert_with(CustomResourceSubresources::default);
        let validation = version.schema.get_or_insert_with(Default::default);
        validation.open_api_v3_schema = Some(schema.clone());
    }
    crd
}

/// The `functions.addons.kubestash.com` CRD.
///
/// ```
/// let crd = function_core::api::crd::function_crd();
/// assert_eq!(crd.spec.names.short_names.unwrap(), ["fn"]);
/// ```
pub fn function_crd() -> CustomResourceDefinition {
    finish::<FunctionSpec>(Function::crd())
}

/// The `addons.addons.kubestash.com` CRD.
///
/// ```
/// let crd = function_core::api::crd::addon_crd();
/// assert_eq!(crd.spec.names.kind, "Addon");
/// assert!(crd.spec.names.short_names.is_none());
/// ```
pub fn addon_crd() -> CustomResourceDefinition {
    finish::<AddonSpec>(Addon::crd())
}

/// Both CRDs: Function, then Addon.
///
/// ```
/// let names: Vec<_> = function_core::api::crd::all()
///     .into_iter()
///     .map(|c| c.spec.names.kind)
///     .collect();
/// assert_eq!(names, ["Function", "Addon"]);
/// ```
pub fn all() -> Vec<CustomResourceDefinition> {
    vec![function_crd(), addon_crd()]
}

/// CRDs as multi-document YAML, `---` between documents, keys in a stable order (that of the
/// k8s-openapi types, which is alphabetical as in controller-gen's output; schema
/// `properties` sorted by name).
///
/// Long strings stay on one line (no folded block scalars) and strings that would read as
/// another type (`""`, `"true"`) are quoted, so kubectl and helm read the same values back.
///
/// ```
/// let yaml = function_core::api::crd::to_yaml(&[function_core::api::crd::function_crd()]).unwrap();
/// assert!(yaml.contains("  - fn\n") || yaml.contains("- fn\n"));
/// let back: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
/// assert_eq!(back["spec"]["names"]["listKind"], "FunctionList");
/// ```
#[cfg(feature = "yaml")]
pub fn to_yaml(crds: &[CustomResourceDefinition]) -> Result<String, CrdError> {
    let options = serde_saphyr::ser_options! {
        prefer_block_scalars: false,
    };
    let docs: Vec<serde_json::Value> = crds
        .iter()
        .map(|c| serde_json::to_value(c).expect("a CRD serialises to JSON"))
        .collect();
    Ok(serde_saphyr::to_string_multiple_with_options(
        &docs, options,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_round_trips_and_quotes_what_yaml_1_1_would_misread() {
        let tricky = [
            "yes",
            "on",
            "No",
            "~",
            "null",
            "",
            "true",
            "012",
            "1e3",
            "12:30",
            "2001-12-14",
            "- a",
            "a: b",
            "x #y",
            "#x",
            "*x",
            "&x",
            "!x",
            "multi\nline",
            "tab\there",
            "'q'",
            "\"dq\"",
            "é",
            " leading",
            "trailing ",
        ];
        let long = "a long value with spaces, longer than the eighty characters after which \
                    block scalars would be used";
        let mut crd = function_crd();
        let annotations = crd.metadata.annotations.get_or_insert_with(BTreeMap::new);
        for (i, v) in tricky.iter().chain([&long]).enumerate() {
            annotations.insert(format!("k{i:02}"), (*v).to_owned());
        }
        let yaml = to_yaml(std::slice::from_ref(&crd)).unwrap();
        for word in [
            "yes", "on", "No", "~", "null", "true", "012", "1e3", "12:30",
        ] {
            assert!(
                yaml.contains(&format!(": \"{word}\"\n")),
                "{word} is not quoted"
            );
        }
        assert!(
            yaml.contains(&format!(": {long}\n")),
            "long strings stay plain, on one line"
        );
        let back: CustomResourceDefinition = serde_saphyr::from_str(&yaml).unwrap();
        assert_eq!(back, crd);
    }

    #[test]
    fn documents_are_separated_by_three_dashes_only() {
        let yaml = to_yaml(&all()).unwrap();
        let docs: Vec<CustomResourceDefinition> = serde_saphyr::from_multiple(&yaml).unwrap();
        assert_eq!(docs, all());
        assert!(!yaml.starts_with("---"));
        assert!(!yaml.contains("%YAML"));
    }

    #[test]
    fn the_derive_output_is_kept_where_it_was_right() {
        let raw = Function::crd();
        let ours = function_crd();
        assert_eq!(ours.metadata.name, raw.metadata.name);
        assert_eq!(ours.spec.group, raw.spec.group);
        assert_eq!(ours.spec.scope, raw.spec.scope);
        assert_eq!(ours.spec.names.categories, raw.spec.names.categories);
        let (v, rv) = (&ours.spec.versions[0], &raw.spec.versions[0]);
        assert_eq!((v.served, v.storage), (rv.served, rv.storage));
        assert_eq!(v.additional_printer_columns, rv.additional_printer_columns);
        assert_eq!(v.subresources, Some(CustomResourceSubresources::default()));
    }
}
