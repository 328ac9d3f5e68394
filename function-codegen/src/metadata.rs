//! The metadata a generated object can have: its name, nothing else.

use function_core::k8s::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::Value;

use crate::error::Problems;

/// Reports every `metadata` field other than `name`: a derived Function or an `addon!` Addon
/// writes its name only, so labels, annotations and the rest would be lost.
pub(crate) fn check(meta: &ObjectMeta, problems: &mut Problems<'_>) {
    if let Ok(Value::Object(fields)) = serde_json::to_value(meta) {
        for key in fields.keys().filter(|k| *k != "name") {
            problems.push(
                format!("metadata.{key}"),
                "cannot be expressed: a generated object's metadata is its name alone",
            );
        }
    }
}
