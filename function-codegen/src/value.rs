//! Typed values (ports, mounts, runtime settings, volume sources) as Rust expressions, driven by
//! the types' JSON schemas.
//!
//! The Kubernetes types come from k8s-openapi and the KubeStash ones from `function_core::api`;
//! both implement `JsonSchema`, and a schemars generator that keeps named types as definitions
//! (`$defs`) says for each of them its name (so its Rust path), its properties, which ones are
//! required and which are nullable. A value is written as a struct literal of its type with the
//! fields it sets (`..Default::default()` for the rest):
//!
//! - a Kubernetes type (`io.k8s.api.core.v1.ContainerPort` →
//!   `function_core::k8s::api::core::v1::ContainerPort`): a property that is not
//!   `required` is an `Option` (k8s-openapi's rule), field names as k8s-openapi writes them
//!   ([`k8s_field_name`](crate::ident::k8s_field_name));
//! - a KubeStash type (`ContainerRuntimeSettings` → `function_core::api::ContainerRuntimeSettings`):
//!   a nullable property (`anyOf [T, null]`, `type: [T, "null"]`) is an `Option`;
//! - `Quantity("1Gi".into())`, `int_or_string::int(8080)` / `int_or_string::string("http")`,
//!   strings as `"text".into()`, lists as `Vec::from([...])`, maps as `BTreeMap::from([...])`,
//!   numbers and booleans as literals.
//!
//! The value walked is the typed value serialised to JSON, so exactly what the manifest holds
//! is written, and the generated code gives it back (tested by compiling it: the round-trip
//! goldens).

use std::collections::BTreeMap;

use function_core::api::{FunctionSpec, VolumeSource};
use proc_macro2::TokenStream;
use quote::quote;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

use crate::ident::{self, Names};

/// The definitions of every type reachable from a Function's spec and an Addon's volume source.
pub(crate) struct Schemas {
    defs: Map<String, Value>,
}

/// A value the schemas do not describe (a type the writer does not know, a value that does not
/// fit its schema): the path of the value and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ValueError {
    pub path: String,
    pub message: String,
}

impl Schemas {
    pub(crate) fn new() -> Self {
        let mut generator = SchemaSettings::draft2020_12().into_generator();
        generator.subschema_for::<FunctionSpec>();
        generator.subschema_for::<VolumeSource>();
        Schemas {
            defs: generator.take_definitions(true),
        }
    }

    /// The expression for `value`, a serialised value of the type named `type_name` (a schema
    /// name: `ContainerRuntimeSettings`, `io.k8s.api.core.v1.ContainerPort`); `path` names it in
    /// errors.
    pub(crate) fn expr(
        &self,
        type_name: &str,
        value: &Value,
        path: &str,
        paths: &mut TypePaths,
    ) -> Result<TokenStream, ValueError> {
        self.named(type_name, value, path, paths)
    }

    /// `Vec::from([...])` of values of the type named `type_name`.
    pub(crate) fn list_expr(
        &self,
        type_name: &str,
        value: &Value,
        path: &str,
        paths: &mut TypePaths,
    ) -> Result<TokenStream, ValueError> {
        let schema = serde_json::json!({
            "type": "array",
            "items": { "$ref": format!("#/$defs/{type_name}") },
        });
        self.walk(&schema, value, path, paths)
    }

    fn walk(
        &self,
        schema: &Value,
        value: &Value,
        path: &str,
        paths: &mut TypePaths,
    ) -> Result<TokenStream, ValueError> {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.strip_prefix("#/$defs/").unwrap_or(reference);
            return self.named(name, value, path, paths);
        }
        if let Some(inner) = non_null_variant(schema) {
            return self.walk(inner, value, path, paths);
        }
        match (value, schema_type(schema)) {
            (Value::String(s), Some("string")) => Ok(quote!(#s.into())),
            (Value::Bool(b), Some("boolean")) => Ok(quote!(#b)),
            (Value::Number(n), Some("integer" | "number")) => number(n, path),
            (Value::Array(items), Some("array")) => {
                let item_schema = schema.get("items").unwrap_or(&Value::Null);
                if items.is_empty() {
                    return Ok(quote!(Vec::new()));
                }
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.walk(item_schema, v, &format!("{path}[{i}]"), paths))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(quote!(Vec::from([#(#items),*])))
            }
            (Value::Object(map), Some("object")) => {
                let Some(value_schema) = schema.get("additionalProperties") else {
                    return Err(unsupported(path, "an object without a named type"));
                };
                let map_path = paths.path(&["std", "collections", "BTreeMap"]);
                if map.is_empty() {
                    return Ok(quote!(#map_path::new()));
                }
                let entries = map
                    .iter()
                    .map(|(k, v)| {
                        let v = self.walk(value_schema, v, &format!("{path}.{k}"), paths)?;
                        Ok(quote!((#k.into(), #v)))
                    })
                    .collect::<Result<Vec<_>, ValueError>>()?;
                Ok(quote!(#map_path::from([#(#entries),*])))
            }
            (value, expected) => Err(ValueError {
                path: path.to_owned(),
                message: format!(
                    "the value `{value}` does not fit its schema (expected {})",
                    expected.unwrap_or("a value of another form")
                ),
            }),
        }
    }

    fn named(
        &self,
        name: &str,
        value: &Value,
        path: &str,
        paths: &mut TypePaths,
    ) -> Result<TokenStream, ValueError> {
        match name {
            "io.k8s.apimachinery.pkg.api.resource.Quantity" => {
                let ty = paths.path(&rust_path(name));
                match value {
                    Value::String(s) => Ok(quote!(#ty(#s.into()))),
                    other => Err(unsupported(path, &format!("a Quantity written `{other}`"))),
                }
            }
            "io.k8s.apimachinery.pkg.util.intstr.IntOrString" => {
                // Built with function_core's helpers: the type itself is not re-exported.
                let module = paths.path(&["function_core", "k8s", "int_or_string"]);
                match value {
                    Value::String(s) => Ok(quote!(#module::string(#s))),
                    Value::Number(n) => {
                        let n = number(n, path)?;
                        Ok(quote!(#module::int(#n)))
                    }
                    other => Err(unsupported(
                        path,
                        &format!("an IntOrString written `{other}`"),
                    )),
                }
            }
            _ => {
                let def = self.defs.get(name).ok_or_else(|| {
                    unsupported(path, &format!("the type `{name}`, which has no schema"))
                })?;
                let (Some(properties), Value::Object(fields)) =
                    (def.get("properties").and_then(Value::as_object), value)
                else {
                    return Err(unsupported(path, &format!("a value of type `{name}`")));
                };
                let kubernetes = name.starts_with("io.k8s.");
                let required: Vec<&str> = def
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let ty = paths.path(&rust_path(name));
                if let Some(unknown) = fields.keys().find(|k| !properties.contains_key(*k)) {
                    return Err(unsupported(
                        path,
                        &format!("the field `{unknown}`, which `{name}` does not have"),
                    ));
                }
                let mut inits = Vec::new();
                for (key, schema) in properties {
                    let Some(v) = fields.get(key) else { continue };
                    let field = ident::ident(&ident::k8s_field_name(key));
                    let expr = self.walk(schema, v, &format!("{path}.{key}"), paths)?;
                    let optional = if kubernetes {
                        !required.contains(&key.as_str())
                    } else {
                        is_nullable(schema)
                    };
                    inits.push(if optional {
                        quote!(#field: Some(#expr))
                    } else {
                        quote!(#field: #expr)
                    });
                }
                Ok(match (inits.is_empty(), inits.len() == properties.len()) {
                    (true, _) => quote!(#ty::default()),
                    (false, true) => quote!(#ty { #(#inits),* }),
                    (false, false) => quote!(#ty { #(#inits,)* ..Default::default() }),
                })
            }
        }
    }
}

/// The schema of `T` in `anyOf [T, null]`.
fn non_null_variant(schema: &Value) -> Option<&Value> {
    let variants = schema.get("anyOf")?.as_array()?;
    let mut rest = variants
        .iter()
        .filter(|v| v.get("type").and_then(Value::as_str) != Some("null"));
    match (rest.next(), rest.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// The schema's type, `null` left out of `type: [T, "null"]`.
fn schema_type(schema: &Value) -> Option<&str> {
    match schema.get("type")? {
        Value::String(s) => Some(s),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        _ => None,
    }
}

/// Whether a property's schema allows `null`: how schemars writes an `Option` field.
fn is_nullable(schema: &Value) -> bool {
    let in_any_of = schema
        .get("anyOf")
        .and_then(Value::as_array)
        .is_some_and(|v| {
            v.iter()
                .any(|s| s.get("type").and_then(Value::as_str) == Some("null"))
        });
    let in_type = schema
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|t| t.iter().any(|t| t.as_str() == Some("null")));
    in_any_of || in_type
}

fn number(n: &serde_json::Number, path: &str) -> Result<TokenStream, ValueError> {
    let text = if n.is_f64() {
        let f = n.as_f64().unwrap_or_default();
        let mut t = f.to_string();
        if !t.contains(['.', 'e', 'E']) {
            t.push_str(".0");
        }
        t
    } else {
        n.to_string()
    };
    text.parse::<TokenStream>()
        .map_err(|_| unsupported(path, &format!("the number {n}")))
}

fn unsupported(path: &str, what: &str) -> ValueError {
    ValueError {
        path: path.to_owned(),
        message: format!("cannot write {what} as Rust"),
    }
}

/// The Rust path of a schema name: k8s-openapi's module layout for the Kubernetes types
/// (re-exported by `function_core::k8s`), `function_core::api` for the KubeStash ones.
pub(crate) fn rust_path(schema_name: &str) -> Vec<String> {
    match schema_name.strip_prefix("io.k8s.") {
        Some(rest) => ["function_core", "k8s"]
            .into_iter()
            .map(str::to_owned)
            .chain(rest.split('.').map(str::to_owned))
            .collect(),
        None => vec!["function_core".into(), "api".into(), schema_name.to_owned()],
    }
}

/// How the generated code names types: by their last segment, imported with a `use`, unless
/// that name is taken (by a generated type or another import), then by their full path.
#[derive(Debug, Default)]
pub(crate) struct TypePaths {
    blocked: Names,
    imported: BTreeMap<String, Vec<String>>,
}

impl TypePaths {
    /// Paths that must not take any of the names in `blocked` (the generated types).
    pub(crate) fn new(blocked: Names) -> Self {
        TypePaths {
            blocked,
            imported: BTreeMap::new(),
        }
    }

    /// The tokens naming `path`.
    pub(crate) fn path<S: AsRef<str>>(&mut self, path: &[S]) -> TokenStream {
        let segments: Vec<String> = path.iter().map(|s| s.as_ref().to_owned()).collect();
        let last = segments.last().cloned().unwrap_or_default();
        let free = match self.imported.get(&last) {
            Some(existing) => *existing == segments,
            None => !self.blocked.contains(&last),
        };
        if free {
            self.imported.insert(last.clone(), segments);
            let ident = syn::Ident::new(&last, proc_macro2::Span::call_site());
            quote!(#ident)
        } else {
            let idents = segments
                .iter()
                .map(|s| syn::Ident::new(s, proc_macro2::Span::call_site()));
            quote!(#(#idents)::*)
        }
    }

    /// The `use` items for the imported names, grouped by module, sorted.
    pub(crate) fn uses(&self) -> Vec<syn::Item> {
        let mut modules: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
        for path in self.imported.values() {
            if let Some((last, module)) = path.split_last() {
                modules
                    .entry(module.to_vec())
                    .or_default()
                    .push(last.clone());
            }
        }
        modules
            .into_iter()
            .map(|(module, mut names)| {
                names.sort();
                let module = module
                    .iter()
                    .map(|s| syn::Ident::new(s, proc_macro2::Span::call_site()));
                let names = names
                    .iter()
                    .map(|s| syn::Ident::new(s, proc_macro2::Span::call_site()));
                let names: Vec<_> = names.collect();
                if names.len() == 1 {
                    syn::parse_quote!(use #(#module)::*::#(#names)*;)
                } else {
                    syn::parse_quote!(use #(#module)::*::{#(#names),*};)
                }
            })
            .collect()
    }

    /// Whether anything is imported.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.imported.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn expr(type_name: &str, value: Value) -> String {
        let mut paths = TypePaths::default();
        let tokens = Schemas::new()
            .expr(type_name, &value, "spec", &mut paths)
            .unwrap();
        let file: syn::File = syn::parse_quote!(const _: () = #tokens;);
        let text = prettyplease::unparse(&file);
        // The expression alone, out of `const _: () = ...;`, unindented.
        text.trim_start_matches("const _: () = ")
            .trim_end()
            .trim_end_matches(';')
            .to_owned()
    }

    #[test]
    fn a_port() {
        assert_eq!(
            expr(
                "io.k8s.api.core.v1.ContainerPort",
                json!({"containerPort": 8080, "name": "http"})
            ),
            "ContainerPort {\n    container_port: 8080,\n    name: Some(\"http\".into()),\n    ..Default::default()\n}"
        );
    }

    #[test]
    fn runtime_settings() {
        let text = expr(
            "ContainerRuntimeSettings",
            json!({
                "resources": {"limits": {"cpu": "1"}},
                "nice": {"adjustment": 5},
                "env": [{"name": "A", "value": "b"}],
            }),
        );
        assert!(
            text.contains(
                "limits: Some(BTreeMap::from([(\"cpu\".into(), Quantity(\"1\".into()))]))"
            ),
            "{text}"
        );
        assert!(
            text.contains("nice: Some(NiceSettings {\n        adjustment: Some(5),\n    })"),
            "{text}"
        );
        assert!(
            text.contains("env: Vec::from([EnvVar {") || text.contains("env: Vec::from(["),
            "{text}"
        );
    }

    #[test]
    fn int_or_string_and_empty_structs() {
        let text = expr(
            "io.k8s.api.core.v1.HTTPGetAction",
            json!({"port": "http", "path": "/healthz"}),
        );
        assert!(
            text.contains("port: int_or_string::string(\"http\")"),
            "{text}"
        );
        assert_eq!(
            expr("VolumeSource", json!({"emptyDir": {}})),
            "VolumeSource {\n    empty_dir: Some(EmptyDirVolumeSource::default()),\n    ..Default::default()\n}"
        );
    }

    #[test]
    fn errors_name_the_path() {
        let mut paths = TypePaths::default();
        let err = Schemas::new()
            .expr(
                "io.k8s.api.core.v1.ContainerPort",
                &json!({"containerPort": "x"}),
                "spec.ports[0]",
                &mut paths,
            )
            .unwrap_err();
        assert_eq!(err.path, "spec.ports[0].containerPort");
        assert!(err.message.contains("does not fit"), "{}", err.message);
    }

    #[test]
    fn taken_names_use_full_paths() {
        let mut blocked = Names::types();
        blocked.insert("ContainerPort");
        let mut paths = TypePaths::new(blocked);
        let tokens = Schemas::new()
            .expr(
                "io.k8s.api.core.v1.ContainerPort",
                &json!({"containerPort": 1}),
                "spec",
                &mut paths,
            )
            .unwrap();
        assert_eq!(
            tokens.to_string(),
            "function_core :: k8s :: api :: core :: v1 :: ContainerPort { container_port : 1 , .. Default :: default () }"
        );
        assert!(paths.is_empty());
    }
}
