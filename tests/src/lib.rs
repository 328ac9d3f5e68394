//! Workspace tests, and helpers they share.

use std::path::{Path, PathBuf};

pub mod everything;

pub mod oracle;

/// The workspace's `tests/fixtures` directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The 16 reference objects of the KubeStash catalog (`fixtures/catalog/raw/<app>/*.yaml`),
/// sorted by path.
pub fn catalog_files() -> Vec<PathBuf> {
    let root = fixtures().join("catalog").join("raw");
    let mut files = Vec::new();
    for app in std::fs::read_dir(&root).expect("fixtures/catalog/raw is readable") {
        let app = app.expect("a directory entry").path();
        for file in std::fs::read_dir(&app).expect("an app directory is readable") {
            let file = file.expect("a directory entry").path();
            if file.extension().is_some_and(|e| e == "yaml") {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

/// The edge cases of `function-codegen` (`fixtures/codegen/edge`): its Functions, then its
/// Addon.
pub fn edge_files() -> Vec<PathBuf> {
    let dir = fixtures().join("codegen").join("edge");
    vec![dir.join("functions.yaml"), dir.join("addons.yaml")]
}

/// A value of the schema `schema` with every field set: one item per list, one entry per map,
/// `"s"`, `1`, `1.5` and `true` for the scalars, `"1"` for a Quantity, `1` for an IntOrString.
fn every_field_value(
    schema: &serde_json::Value,
    defs: &serde_json::Map<String, serde_json::Value>,
) -> serde_json::Value {
    use serde_json::{Value, json};
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/$defs/");
        return match name {
            "io.k8s.apimachinery.pkg.api.resource.Quantity" => json!("1"),
            "io.k8s.apimachinery.pkg.util.intstr.IntOrString" => json!(1),
            _ => every_field_value(&defs[name], defs),
        };
    }
    if let Some(any_of) = schema.get("anyOf").and_then(Value::as_array) {
        let inner = any_of
            .iter()
            .find(|s| s.get("type").and_then(Value::as_str) != Some("null"))
            .expect("a non-null variant");
        return every_field_value(inner, defs);
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .expect("a type"),
        other => panic!("no type in {schema} ({other:?})"),
    };
    match ty {
        "string" => json!("s"),
        "integer" => json!(1),
        "number" => json!(1.5),
        "boolean" => json!(true),
        "array" => json!([every_field_value(&schema["items"], defs)]),
        "object" => match schema.get("properties").and_then(Value::as_object) {
            Some(properties) => Value::Object(
                properties
                    .iter()
                    .map(|(k, s)| (k.clone(), every_field_value(s, defs)))
                    .collect(),
            ),
            None => json!({ "k": every_field_value(&schema["additionalProperties"], defs) }),
        },
        other => panic!("type {other}"),
    }
}

fn typed<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).expect("the value reads as its type")
}

/// A Function whose ports, mounts, devices and runtime settings set every field, and an Addon
/// whose task's volume source and mount do.
pub fn every_field_objects() -> Vec<function_core::yaml::Object> {
    use function_core::api::{Addon, AddonSpec, Function, FunctionSpec, Task, VolumeTemplate};
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    generator.subschema_for::<FunctionSpec>();
    generator.subschema_for::<function_core::api::VolumeSource>();
    let defs = generator.take_definitions(true);
    let value = |name: &str| {
        every_field_value(
            &serde_json::json!({ "$ref": format!("#/$defs/{name}") }),
            &defs,
        )
    };
    let function = Function::new(
        "every-field",
        FunctionSpec {
            image: "ghcr.io/example/every:v1".into(),
            ports: vec![typed(value("io.k8s.api.core.v1.ContainerPort"))],
            volume_mounts: vec![typed(value("io.k8s.api.core.v1.VolumeMount"))],
            volume_devices: vec![typed(value("io.k8s.api.core.v1.VolumeDevice"))],
            runtime_settings: Some(typed(value("ContainerRuntimeSettings"))),
            ..FunctionSpec::default()
        },
    );
    let addon = Addon::new(
        "every-field-addon",
        AddonSpec {
            backup_tasks: vec![Task {
                name: "backup".into(),
                function: "every-field".into(),
                volume_template: vec![VolumeTemplate {
                    name: "every".into(),
                    usage: "Every source at once.".into(),
                    source: Some(typed(value("VolumeSource"))),
                }],
                volume_mounts: vec![typed(value("io.k8s.api.core.v1.VolumeMount"))],
                ..Task::default()
            }],
            ..AddonSpec::default()
        },
    );
    vec![
        function_core::yaml::Object::Function(function),
        function_core::yaml::Object::Addon(addon),
    ]
}
