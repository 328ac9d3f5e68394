//! The round-trip law of `function-codegen`: importing objects gives the committed golden (an
//! insta snapshot, which this crate compiles), the golden is stable under rustfmt, and the
//! compiled catalog's manifests are the objects imported, compared as typed objects and as
//! JSON after Go's `omitempty`. Over the 16 reference objects of the KubeStash catalog, and over
//! the edge cases of `tests/fixtures/codegen/edge`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use function_codegen::Options;
use function_core::catalog::Catalog;
use function_core::yaml::{self, Object};
use kubestash_fn_tests::{catalog_files, fixtures, go_omitempty};

fn edge_files() -> Vec<PathBuf> {
    let dir = fixtures().join("codegen").join("edge");
    vec![dir.join("functions.yaml"), dir.join("addons.yaml")]
}

fn generated(files: &[PathBuf], name: &str) -> String {
    let parsed =
        yaml::from_paths(files, &yaml::Options::strict()).unwrap_or_else(|e| panic!("{e}"));
    let options = Options::default().catalog_name(name);
    function_codegen::generate(&parsed.documents, &options)
        .unwrap_or_else(|e| panic!("{e}"))
        .source
}

fn kubestash() -> String {
    generated(&catalog_files(), "kubestash-catalog")
}

fn edge() -> String {
    generated(&edge_files(), "edge-cases")
}

#[test]
fn the_imports_are_the_committed_goldens() {
    insta::assert_snapshot!("kubestash_catalog", kubestash());
    insta::assert_snapshot!("edge_cases", edge());
}

#[test]
fn the_goldens_are_stable_under_rustfmt() {
    for source in [kubestash(), edge()] {
        let formatted = rustfmt(&source);
        assert!(
            formatted == source,
            "rustfmt changes the generated source:\n{}",
            diff(&source, &formatted)
        );
    }
}

fn rustfmt(source: &str) -> String {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rustfmt runs (it comes with the toolchain: `rustup component add rustfmt`)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(source.as_bytes())
        .expect("rustfmt reads the source");
    let out = child.wait_with_output().expect("rustfmt finishes");
    assert!(
        out.status.success(),
        "rustfmt failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The lines that differ, for the failure message.
fn diff(a: &str, b: &str) -> String {
    a.lines()
        .zip(b.lines())
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .take(10)
        .map(|(i, (x, y))| format!("line {}:\n- {x}\n+ {y}", i + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every object of `files` comes back from `catalog`, equal as a typed object and as JSON after
/// Go's `omitempty`, and the catalog holds nothing else.
fn gives_back(catalog: &Catalog, files: &[PathBuf]) {
    catalog.check().unwrap_or_else(|e| panic!("{e}"));
    let key = |o: &Object| (o.kind(), o.name().to_owned());
    let compiled: BTreeMap<_, Object> = catalog
        .objects()
        .into_iter()
        .map(|o| (key(&o), o))
        .collect();
    let mut original = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(file).expect("a fixture");
        let docs =
            yaml::from_str(&text, &file.display().to_string()).unwrap_or_else(|e| panic!("{e}"));
        let jsons: Vec<serde_json::Value> = serde_saphyr::from_multiple(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(docs.len(), jsons.len(), "{}", file.display());
        for (doc, mut json) in docs.into_iter().zip(jsons) {
            go_omitempty(&mut json);
            original.insert(key(&doc.object), (doc.object, json));
        }
    }
    assert_eq!(
        compiled.keys().collect::<Vec<_>>(),
        original.keys().collect::<Vec<_>>(),
        "the same objects"
    );
    for (k, (object, json)) in &original {
        let back = &compiled[k];
        assert_eq!(back, object, "{k:?}: the typed objects differ");
        let mut back_json = serde_json::to_value(back).expect("JSON");
        go_omitempty(&mut back_json);
        assert_eq!(
            &back_json, json,
            "{k:?}: the JSON differs after Go's omitempty"
        );
    }
}

#[test]
fn the_compiled_kubestash_catalog_gives_the_16_objects_back() {
    assert_eq!(catalog_files().len(), 16);
    gives_back(&imported_catalog::catalog(), &catalog_files());
}

#[test]
fn the_compiled_edge_cases_give_their_objects_back() {
    gives_back(&imported_catalog::edge::catalog(), &edge_files());
}

#[test]
fn a_difference_is_seen() {
    // The comparison is not vacuous: one catalog against the other's objects fails, and so does
    // an object changed by one field.
    let crossed = std::panic::catch_unwind(|| {
        gives_back(&imported_catalog::edge::catalog(), &catalog_files())
    });
    assert!(crossed.is_err());
    let mut catalog = imported_catalog::edge::catalog();
    let mut function = catalog.functions()[0].clone();
    function.spec.args.push("--one-more".into());
    let mut changed = Catalog::new("edge-cases", "0.1.0");
    changed.add_function(function);
    for f in &catalog.functions()[1..] {
        changed.add_function(f.clone());
    }
    for a in catalog.addons() {
        changed.add_addon(a.clone());
    }
    catalog = changed;
    assert!(std::panic::catch_unwind(|| gives_back(&catalog, &edge_files())).is_err());
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
fn every_field_objects() -> Vec<Object> {
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
    vec![Object::Function(function), Object::Addon(addon)]
}

#[test]
fn every_field_of_every_type_is_written_and_given_back() {
    let objects = every_field_objects();
    // Every field is set, as far as the JSON shows: no value left at its default.
    let json = serde_json::to_string(&objects).expect("JSON");
    assert!(
        json.contains("\"seLinuxOptions\"") && json.contains("\"scaleIO\""),
        "{json}"
    );
    let documents: Vec<yaml::Document> = objects
        .iter()
        .enumerate()
        .map(|(index, object)| yaml::Document {
            object: object.clone(),
            source_name: "every-field".into(),
            index,
            position: yaml::Position::START,
        })
        .collect();
    let source =
        function_codegen::generate(&documents, &Options::default().catalog_name("every-field"))
            .unwrap_or_else(|e| panic!("{e}"))
            .source;
    insta::assert_snapshot!("every_field", source);
    assert_eq!(rustfmt(&source), source, "rustfmt changes it");

    let catalog = imported_catalog::every_field::catalog();
    catalog.check().unwrap_or_else(|e| panic!("{e}"));
    let back = catalog.objects();
    assert_eq!(back.len(), 2);
    for object in &objects {
        let found = back
            .iter()
            .find(|b| b.kind() == object.kind() && b.name() == object.name())
            .expect("the object comes back");
        assert_eq!(found, object, "{}", object.name());
    }
}
