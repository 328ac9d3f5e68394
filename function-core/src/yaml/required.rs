//! Required fields, checked against the CRDs' schemas as the API server checks them.
//!
//! k8s-openapi's deserializers fill a missing required field with its default (a
//! `SecretKeySelector` without `key` reads as `key: ""`), so the typed reader alone accepts
//! objects that kube-apiserver rejects (`spec.runtimeSettings.env[0].valueFrom.secretKeyRef.key:
//! Required value`). This walks the positioned tree with the `openAPIV3Schema` of
//! [`crate::api::crd`] (the CRDs `kubestash-fn crd` prints, equal to upstream's) and reports the
//! first field a schema's `required` names that is absent or `null` (the operator reads `null`
//! as absent; server-side apply drops it).

use std::sync::OnceLock;

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::{
    JSONSchemaProps, JSONSchemaPropsOrArray, JSONSchemaPropsOrBool,
};

use super::de::Ctx;
use super::error::{Error, ErrorKind, Warning};
use super::path::FieldPath;
use super::tree::{Node, Value};

/// The `openAPIV3Schema` of the Function and the Addon CRD, built once.
fn schemas() -> &'static (JSONSchemaProps, JSONSchemaProps) {
    static SCHEMAS: OnceLock<(JSONSchemaProps, JSONSchemaProps)> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let schema = |crd: k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition| {
            crd.spec
                .versions
                .into_iter()
                .next()
                .and_then(|v| v.schema)
                .and_then(|s| s.open_api_v3_schema)
                .unwrap_or_default()
        };
        (
            schema(crate::api::crd::function_crd()),
            schema(crate::api::crd::addon_crd()),
        )
    })
}

/// The first required field missing from `node`, a document of `kind` (`Function` or `Addon`):
/// an error in strict mode; in lenient mode (where an unknown field is dropped, possibly a
/// misspelt required one) a [`Warning`].
pub(crate) fn check(node: &Node, kind: &str, ctx: &Ctx<'_>) -> Result<(), Error> {
    let (function, addon) = schemas();
    let schema = if kind == "Function" { function } else { addon };
    match walk(node, schema, FieldPath::root(), ctx.source_name) {
        Err(boxed) if !ctx.strict => {
            let (e, field) = *boxed;
            ctx.warnings.borrow_mut().push(Warning::new(
                ctx.source_name,
                e.position().unwrap_or(node.pos),
                e.path().unwrap_or_default().to_owned(),
                e.kind().to_string(),
                field,
                ctx.document.get(),
            ));
            Ok(())
        }
        result => result.map_err(|boxed| boxed.0),
    }
}

/// The first required field missing under `node`: the error, and the field's path.
fn walk(
    node: &Node,
    schema: &JSONSchemaProps,
    path: FieldPath,
    source: &str,
) -> Result<(), Box<(Error, FieldPath)>> {
    match &node.value {
        Value::Map(entries) => {
            for field in schema.required.iter().flatten() {
                let present = entries
                    .iter()
                    .any(|e| &e.key == field && e.value.value != Value::Null);
                if !present {
                    let missing = path.key(field.as_str());
                    return Err(Box::new((
                        Error::new(
                            source,
                            Some(node.pos),
                            Some(missing.to_string()),
                            ErrorKind::MissingField(field.clone()),
                        ),
                        missing,
                    )));
                }
            }
            for entry in entries {
                let sub = schema
                    .properties
                    .as_ref()
                    .and_then(|p| p.get(&entry.key))
                    .or(match &schema.additional_properties {
                        Some(JSONSchemaPropsOrBool::Schema(s)) => Some(&**s),
                        _ => None,
                    });
                if let Some(sub) = sub {
                    walk(
                        &entry.value,
                        sub,
                        path.clone().key(entry.key.as_str()),
                        source,
                    )?;
                }
            }
            Ok(())
        }
        Value::Seq(items) => {
            if let Some(JSONSchemaPropsOrArray::Schema(item)) = &schema.items {
                for (i, node) in items.iter().enumerate() {
                    walk(node, item, path.clone().index(i), source)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
