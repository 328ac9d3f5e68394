//! Structural OpenAPI v3 schemas from schemars, shaped the way controller-gen shapes them.
//!
//! kube's `CustomResource` derive turns the schemars output into a structural schema, but it
//! knows nothing of the Go markers (`+structType=atomic`, `+listType=map`, `+default=...`)
//! that controller-gen reads from `k8s.io/api`, and it keeps Rust's view of optionality
//! (`nullable: true` on every `Option`). [`structural_schema`] generates the schema itself and
//! runs one deliberate transform over it, in four passes:
//!
//! 1. **Generate** with [`SchemaSettings::draft2020_12`], keeping every named type as a
//!    definition (`$defs`), so that each Kubernetes type is still known by its k8s-openapi
//!    schema name (`io.k8s.api.core.v1.ConfigMapKeySelector`) and each KubeStash type by its
//!    Rust name (`Task`).
//! 2. **Normalise** every schema: drop `description`, `title` and `default` (a Rust
//!    `#[serde(default)]` is a decoding rule, not an API default: controller-gen writes a
//!    default only from a `+default` marker); turn `Option<T>` (`anyOf [T, null]`,
//!    `type: [T, "null"]`) into plain `T`, since an absent field is how Go's `omitempty`
//!    spells "none" and the API server rejects `null` for a non-nullable field anyway; turn a
//!    unit-variant Rust enum (`oneOf` of `const`) into `type: string` + `enum`.
//! 3. **Mark** each definition from a table keyed by its type name (see `markers.rs`):
//!    `x-kubernetes-map-type: atomic`, `x-kubernetes-list-type`/`-list-map-keys` on list
//!    fields, `default` on fields (a defaulted field is not `required`), field-level `enum`
//!    markers, and the int-or-string forms of `Quantity` and `IntOrString`.
//! 4. **Inline** every `$ref`, then sort each `required` list (controller-gen writes them
//!    sorted). A field-level `enum` on a field whose type already has an `enum` becomes
//!    `allOf: [{enum: field}, {enum: type}]`, which is what controller-gen emits.
//!
//! ```
//! use function_core::api::NiceSettings;
//! use function_core::api::crd::schema::structural_schema;
//! use serde_json::json;
//!
//! let schema = structural_schema::<NiceSettings>().unwrap();
//! assert_eq!(schema, json!({
//!     "type": "object",
//!     "properties": {"adjustment": {"type": "integer", "format": "int32"}},
//! }));
//! ```

use std::collections::BTreeMap;

use schemars::JsonSchema;
use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value, json};

use super::markers::{self, FieldMarker, TypeMarkers};

/// Why a structural schema could not be built.
///
/// ```
/// use function_core::api::crd::schema::SchemaError;
///
/// let e = SchemaError::Recursive("Tree".into());
/// assert_eq!(e.to_string(), "type `Tree` contains itself: a CRD schema cannot be recursive");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// A type contains itself; structural schemas have no references, so it cannot be inlined.
    #[error("type `{0}` contains itself: a CRD schema cannot be recursive")]
    Recursive(String),
    /// A `$ref` names no generated definition.
    #[error("`$ref` to `{0}` names no generated definition")]
    UnknownReference(String),
    /// The marker table names a field that the type does not have.
    #[error("marker for `{ty}` names field `{field}`, which the type does not have")]
    UnknownField {
        /// The schema name of the type.
        ty: String,
        /// The JSON name of the field.
        field: String,
    },
}

/// The structural schema of `T` with the Kubernetes markers controller-gen would write, no
/// descriptions, no `$ref`.
///
/// See the [module documentation](self) for the passes.
///
/// ```
/// use function_core::api::FunctionSpec;
/// use function_core::api::crd::schema::structural_schema;
///
/// let s = structural_schema::<FunctionSpec>().unwrap();
/// let protocol = &s["properties"]["ports"]["items"]["properties"]["protocol"];
/// assert_eq!(protocol["default"], "TCP");
/// ```
pub fn structural_schema<T: JsonSchema>() -> Result<Value, SchemaError> {
    let settings = SchemaSettings::draft2020_12().with(|s| s.meta_schema = None);
    let prefix = format!("#{}/", settings.definitions_path);
    let mut generator = SchemaGenerator::new(settings);
    let mut root = generator.subschema_for::<T>().to_value();
    let mut defs = generator.take_definitions(false);

    normalise(&mut root);
    for def in defs.values_mut() {
        normalise(def);
    }
    let table = markers::table();
    for (name, def) in defs.iter_mut() {
        if let Some(m) = table.iter().find(|m| &m.name == name) {
            apply_markers(m, def)?;
        }
    }
    let mut inliner = Inliner {
        prefix,
        defs,
        done: BTreeMap::new(),
        stack: Vec::new(),
    };
    inliner.inline(&mut root)?;
    finish(&mut root);
    Ok(root)
}

/// Calls `f` on every direct subschema of `node`.
fn for_each_subschema(node: &mut Map<String, Value>, mut f: impl FnMut(&mut Value)) {
    for (key, value) in node.iter_mut() {
        match (key.as_str(), value) {
            ("properties" | "patternProperties", Value::Object(props)) => {
                props.values_mut().for_each(&mut f)
            }
            ("items" | "additionalProperties" | "not", v @ Value::Object(_)) => f(v),
            ("items" | "prefixItems" | "anyOf" | "allOf" | "oneOf", Value::Array(list)) => {
                list.iter_mut().for_each(&mut f)
            }
            _ => {}
        }
    }
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type") == Some(&json!("null")) || v.get("enum") == Some(&json!([null]))
}

/// Pass 2: annotations off, `Option` unwrapped, unit enums as `enum`.
fn normalise(schema: &mut Value) {
    let Value::Object(node) = schema else {
        return;
    };
    for key in [
        "description",
        "title",
        "default",
        "examples",
        "$comment",
        "nullable",
    ] {
        node.remove(key);
    }
    // `type: ["integer", "null"]`
    if let Some(Value::Array(types)) = node.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let t = types.remove(0);
            node.insert("type".into(), t);
        }
    }
    // `anyOf: [T, {"type": "null"}]`
    for combinator in ["anyOf", "oneOf"] {
        let Some(Value::Array(list)) = node.get(combinator) else {
            continue;
        };
        if list.len() == 2 && list.iter().any(is_null_schema) {
            let Some(Value::Array(list)) = node.remove(combinator) else {
                unreachable!("checked above")
            };
            if let Some(Value::Object(inner)) = list.into_iter().find(|v| !is_null_schema(v)) {
                for (k, v) in inner {
                    node.entry(k).or_insert(v);
                }
            }
        }
    }
    // A unit-variant enum with doc comments: `oneOf: [{"type": "string", "const": "A"}, ...]`.
    if let Some(Value::Array(list)) = node.get("oneOf") {
        let consts: Option<Vec<Value>> = list
            .iter()
            .map(|v| {
                (v.get("type") == Some(&json!("string")))
                    .then(|| v.get("const").cloned())
                    .flatten()
            })
            .collect();
        if let Some(values) = consts {
            node.remove("oneOf");
            node.insert("type".into(), json!("string"));
            node.insert("enum".into(), Value::Array(values));
        }
    }
    if let Some(c) = node.remove("const") {
        node.insert("enum".into(), json!([c]));
    }
    for_each_subschema(node, normalise);
}

/// Pass 3: the markers of one definition.
fn apply_markers(m: &TypeMarkers, def: &mut Value) -> Result<(), SchemaError> {
    if let Some(replacement) = &m.replace {
        *def = replacement.clone();
    }
    let Value::Object(node) = def else {
        return Ok(());
    };
    if m.atomic {
        node.insert("x-kubernetes-map-type".into(), json!("atomic"));
    }
    for (field, marker) in &m.fields {
        let unknown = || SchemaError::UnknownField {
            ty: m.name.clone(),
            field: (*field).to_owned(),
        };
        let prop = node
            .get_mut("properties")
            .and_then(|p| p.get_mut(*field))
            .and_then(Value::as_object_mut)
            .ok_or_else(unknown)?;
        match marker {
            FieldMarker::Default(value) => {
                prop.insert("default".into(), value.clone());
            }
            FieldMarker::ListType(kind) => {
                prop.insert("x-kubernetes-list-type".into(), json!(kind));
            }
            FieldMarker::ListMap(keys) => {
                prop.insert("x-kubernetes-list-type".into(), json!("map"));
                prop.insert("x-kubernetes-list-map-keys".into(), json!(keys));
            }
            FieldMarker::Enum(values) => {
                prop.insert("enum".into(), json!(values));
            }
        }
        // A field with a default is optional, whatever Rust's type says.
        if matches!(marker, FieldMarker::Default(_))
            && let Some(Value::Array(required)) = node.get_mut("required")
        {
            required.retain(|r| r != field);
        }
    }
    Ok(())
}

/// Pass 4: every `$ref` replaced by its (already marked) definition.
struct Inliner {
    prefix: String,
    defs: Map<String, Value>,
    done: BTreeMap<String, Value>,
    stack: Vec<String>,
}

impl Inliner {
    fn inline(&mut self, schema: &mut Value) -> Result<(), SchemaError> {
        let Value::Object(node) = schema else {
            return Ok(());
        };
        if let Some(Value::String(reference)) = node.remove("$ref") {
            let mut target = self.resolve(&reference)?;
            let Value::Object(target_node) = &mut target else {
                *schema = target;
                return Ok(());
            };
            // Field-level markers beside the `$ref` win over the type's, except that two
            // enums are both kept, as controller-gen does.
            for (k, v) in std::mem::take(node) {
                match (k.as_str(), target_node.remove(&k)) {
                    ("enum", Some(type_enum)) if type_enum != v => {
                        target_node.insert(
                            "allOf".into(),
                            json!([{ "enum": v }, { "enum": type_enum }]),
                        );
                    }
                    _ => {
                        target_node.insert(k, v);
                    }
                }
            }
            *schema = target;
            return Ok(());
        }
        let mut result = Ok(());
        for_each_subschema(node, |sub| {
            if result.is_ok() {
                result = self.inline(sub);
            }
        });
        result
    }

    fn resolve(&mut self, reference: &str) -> Result<Value, SchemaError> {
        let name = reference
            .strip_prefix(&self.prefix)
            .map(|n| n.replace("~1", "/").replace("~0", "~"))
            .ok_or_else(|| SchemaError::UnknownReference(reference.to_owned()))?;
        if let Some(done) = self.done.get(&name) {
            return Ok(done.clone());
        }
        if self.stack.contains(&name) {
            return Err(SchemaError::Recursive(name));
        }
        let mut def = self
            .defs
            .get(&name)
            .cloned()
            .ok_or_else(|| SchemaError::UnknownReference(reference.to_owned()))?;
        self.stack.push(name.clone());
        let inlined = self.inline(&mut def);
        self.stack.pop();
        inlined?;
        self.done.insert(name, def.clone());
        Ok(def)
    }
}

/// Sorted `required` lists, none empty.
fn finish(schema: &mut Value) {
    let Value::Object(node) = schema else {
        return;
    };
    if let Some(Value::Array(required)) = node.get_mut("required") {
        required.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        required.dedup();
        if required.is_empty() {
            node.remove("required");
        }
    }
    for_each_subschema(node, finish);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(JsonSchema)]
    #[allow(dead_code)]
    struct Tree {
        children: Vec<Tree>,
    }

    #[test]
    fn recursive_types_are_an_error_not_a_hang() {
        assert_eq!(
            structural_schema::<Tree>(),
            Err(SchemaError::Recursive("Tree".into()))
        );
    }

    #[derive(JsonSchema)]
    #[allow(dead_code)]
    /// Doc.
    enum Colour {
        /// Red.
        Red,
        /// Blue.
        Blue,
    }

    #[derive(JsonSchema)]
    #[allow(dead_code)]
    struct Paint {
        /// Optional, documented.
        #[serde(default)]
        colour: Option<Colour>,
        #[serde(default)]
        count: Option<u8>,
        name: String,
    }

    #[test]
    fn options_enums_and_annotations_are_normalised() {
        assert_eq!(
            structural_schema::<Paint>().unwrap(),
            json!({
                "type": "object",
                "properties": {
                    "colour": {"type": "string", "enum": ["Red", "Blue"]},
                    "count": {"type": "integer", "format": "uint8", "minimum": 0, "maximum": 255},
                    "name": {"type": "string"},
                },
                "required": ["name"],
            })
        );
    }
}
