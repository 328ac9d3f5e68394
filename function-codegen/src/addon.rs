//! An `Addon` object read into what its `addon!` says: each task's Function type, driver,
//! executor, parameters (as the Function derives them, changed, or written out), volumes and
//! mounts.

use std::collections::BTreeMap;

use function_core::addon::source;
use function_core::api::{Addon, ParameterDefinition, Task, VolumeSource};
use function_core::k8s::api::core::v1::VolumeMount;
use serde_json::Value;

use function_core::lint::{Diagnostic, ObjectRef};

use crate::error::{Origin, Problems};
use crate::function::FunctionModel;
use crate::ident;

/// An Addon as `addon!` writes it.
#[derive(Clone, Debug)]
pub(crate) struct AddonModel {
    pub object: ObjectRef,
    pub origin: Origin,
    pub type_name: String,
    pub backup_tasks: Vec<TaskModel>,
    pub restore_tasks: Vec<TaskModel>,
}

/// One task.
#[derive(Clone, Debug)]
pub(crate) struct TaskModel {
    pub name: String,
    /// The Function's type.
    pub function: String,
    /// The driver as `addon!` writes it: `Restic`, or `Other("Milvus")` for a value this
    /// version does not know.
    pub driver: Option<String>,
    /// The executor, as `addon!` writes it (`Job`, `Other("...")`).
    pub executor: Option<String>,
    pub singleton: bool,
    pub parameters: Parameters,
    pub volumes: Vec<VolumeModel>,
    pub mounts: Vec<VolumeMount>,
    /// `spec.backupTasks[0]`, for the names of its helpers and for errors.
    pub path: String,
}

/// How a task's parameters are written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Parameters {
    /// As the Function derives them: nothing written.
    Derived,
    /// The derived ones, some changed: `overrides: [var { ... }]`.
    Overrides(Vec<ParamEntry>),
    /// The whole list: `parameters: [...]`.
    Explicit(Vec<ParamEntry>),
}

/// One parameter of `parameters` or `overrides`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ParamEntry {
    /// The derived parameter `var`, with the fields that differ from it (none: as derived).
    Derived {
        var: String,
        changes: Vec<(&'static str, FieldValue)>,
    },
    /// A parameter written out: its non-empty fields.
    Full(Vec<(&'static str, FieldValue)>),
}

/// A parameter field's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FieldValue {
    Str(String),
    Bool(bool),
}

/// A volume template.
#[derive(Clone, Debug)]
pub(crate) struct VolumeModel {
    pub name: String,
    pub usage: String,
    pub source: Option<SourceModel>,
}

/// A volume source: one of `addon!`'s helpers, or any other (written by the value writer).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SourceModel {
    /// `empty_dir()`, `persistent_volume_claim("...")`, ...: the helper and its argument.
    Helper(&'static str, Option<String>),
    /// Any other source, as JSON.
    Other(Value),
}

/// Reads `addon` into a model; `functions` maps each Function's name to its model.
pub(crate) fn analyze(
    addon: &Addon,
    object: ObjectRef,
    origin: Origin,
    type_name: String,
    functions: &BTreeMap<String, FunctionModel>,
    errors: &mut Vec<Diagnostic>,
) -> AddonModel {
    let mut problems = Problems {
        object: &object,
        origin: &origin,
        errors,
    };
    crate::metadata::check(&addon.metadata, &mut problems);
    if let Err(e) = function_rules::check_object_name("Addon", &object.name) {
        problems.push("metadata.name", e.message());
    }
    let mut tasks = |list: &[Task], key: &str| -> Vec<TaskModel> {
        list.iter()
            .enumerate()
            .filter_map(|(i, task)| {
                let path = format!("spec.{key}[{i}]");
                let Some(function) = functions.get(&task.function) else {
                    let message = if task.function.is_empty() {
                        "a task needs a Function".to_owned()
                    } else {
                        format!(
                            "no Function named `{}` among the objects imported: add its file \
                             to the import",
                            task.function
                        )
                    };
                    problems.push(format!("{path}.function"), message);
                    return None;
                };
                Some(TaskModel {
                    name: task.name.clone(),
                    function: function.type_name.clone(),
                    driver: task
                        .driver
                        .as_ref()
                        .map(|d| variant(d.is_known(), d.as_str())),
                    executor: task
                        .executor
                        .as_ref()
                        .map(|e| variant(e.is_known(), e.as_str())),
                    singleton: task.singleton,
                    parameters: parameters(&function.parameters(), &task.parameters),
                    volumes: task
                        .volume_template
                        .iter()
                        .map(|v| VolumeModel {
                            name: v.name.clone(),
                            usage: v.usage.clone(),
                            source: v.source.as_ref().map(source_model),
                        })
                        .collect(),
                    mounts: task.volume_mounts.clone(),
                    path,
                })
            })
            .collect()
    };
    let backup_tasks = tasks(&addon.spec.backup_tasks, "backupTasks");
    let restore_tasks = tasks(&addon.spec.restore_tasks, "restoreTasks");
    AddonModel {
        object,
        origin,
        type_name,
        backup_tasks,
        restore_tasks,
    }
}

/// A value of an open enum of the API as `addon!` writes it: the variant's name when this
/// version knows it, else the escape hatch `Other("...")` with the value as written.
fn variant(known: bool, name: &str) -> String {
    if known {
        name.to_owned()
    } else {
        format!("Other({})", proc_macro2::Literal::string(name))
    }
}

/// The shortest way to write `actual` given the Function's `derived` parameters.
pub(crate) fn parameters(
    derived: &[ParameterDefinition],
    actual: &[ParameterDefinition],
) -> Parameters {
    if actual == derived {
        return Parameters::Derived;
    }
    let same_names =
        actual.len() == derived.len() && actual.iter().zip(derived).all(|(a, d)| a.name == d.name);
    // `overrides` names each parameter by its variable, which must be an identifier there.
    if same_names && actual.iter().all(|a| ident::is_plain_ident(&a.name)) {
        return Parameters::Overrides(
            actual
                .iter()
                .zip(derived)
                .filter(|(a, d)| a != d)
                .map(|(a, d)| ParamEntry::Derived {
                    var: a.name.clone(),
                    changes: changes(d, a),
                })
                .collect(),
        );
    }
    Parameters::Explicit(
        actual
            .iter()
            .map(|a| match derived.iter().find(|d| d.name == a.name) {
                Some(d) if ident::is_plain_ident(&a.name) => ParamEntry::Derived {
                    var: a.name.clone(),
                    changes: changes(d, a),
                },
                _ => ParamEntry::Full(full(a)),
            })
            .collect(),
    )
}

/// The fields of `to` that differ from `from`, in `addon!`'s order.
fn changes(
    from: &ParameterDefinition,
    to: &ParameterDefinition,
) -> Vec<(&'static str, FieldValue)> {
    let mut out = Vec::new();
    if from.usage != to.usage {
        out.push(("usage", FieldValue::Str(to.usage.clone())));
    }
    if from.required != to.required {
        out.push(("required", FieldValue::Bool(to.required)));
    }
    if from.default != to.default {
        out.push(("default", FieldValue::Str(to.default.clone())));
    }
    out
}

/// The fields of a parameter written out (what Go's `omitempty` keeps).
fn full(p: &ParameterDefinition) -> Vec<(&'static str, FieldValue)> {
    let mut out = vec![("name", FieldValue::Str(p.name.clone()))];
    if !p.usage.is_empty() {
        out.push(("usage", FieldValue::Str(p.usage.clone())));
    }
    if p.required {
        out.push(("required", FieldValue::Bool(true)));
    }
    if !p.default.is_empty() {
        out.push(("default", FieldValue::Str(p.default.clone())));
    }
    out
}

/// An `addon!` source helper taking one text: its name, the text `source` gives it, and the
/// helper itself.
type OneTextHelper<'a> = (&'static str, Option<&'a str>, fn(String) -> VolumeSource);

/// The helper that builds `source` exactly, if there is one.
fn source_model(s: &VolumeSource) -> SourceModel {
    if *s == source::empty_dir() {
        return SourceModel::Helper("empty_dir", None);
    }
    let helpers: [OneTextHelper<'_>; 4] = [
        (
            "persistent_volume_claim",
            s.persistent_volume_claim
                .as_ref()
                .map(|p| p.claim_name.as_str()),
            |a| source::persistent_volume_claim(a),
        ),
        (
            "config_map",
            s.config_map.as_ref().map(|c| c.name.as_str()),
            |a| source::config_map(a),
        ),
        (
            "secret",
            s.secret.as_ref().and_then(|c| c.secret_name.as_deref()),
            |a| source::secret(a),
        ),
        (
            "host_path",
            s.host_path.as_ref().map(|h| h.path.as_str()),
            |a| source::host_path(a),
        ),
    ];
    for (name, argument, build) in helpers {
        if let Some(argument) = argument
            && build(argument.to_owned()) == *s
        {
            return SourceModel::Helper(name, Some(argument.to_owned()));
        }
    }
    SourceModel::Other(serde_json::to_value(s).unwrap_or(Value::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str, usage: &str, required: bool, default: &str) -> ParameterDefinition {
        ParameterDefinition {
            name: name.into(),
            usage: usage.into(),
            required,
            default: default.into(),
        }
    }

    #[test]
    fn parameters_as_derived_overridden_or_explicit() {
        let derived = vec![
            p("paths", "Paths.", false, ""),
            p("force", "", false, "false"),
        ];
        assert_eq!(parameters(&derived, &derived), Parameters::Derived);
        let changed = vec![
            p("paths", "Paths.", true, ""),
            p("force", "", false, "false"),
        ];
        assert_eq!(
            parameters(&derived, &changed),
            Parameters::Overrides(vec![ParamEntry::Derived {
                var: "paths".into(),
                changes: vec![("required", FieldValue::Bool(true))],
            }])
        );
        let reordered = vec![
            p("force", "", false, "false"),
            p("enableCache", "", false, "true"),
        ];
        assert_eq!(
            parameters(&derived, &reordered),
            Parameters::Explicit(vec![
                ParamEntry::Derived {
                    var: "force".into(),
                    changes: vec![],
                },
                ParamEntry::Full(vec![
                    ("name", FieldValue::Str("enableCache".into())),
                    ("default", FieldValue::Str("true".into())),
                ]),
            ])
        );
        assert_eq!(parameters(&derived, &[]), Parameters::Explicit(vec![]));
    }

    #[test]
    fn a_variable_that_is_no_identifier_is_written_out() {
        let derived = vec![p("type", "", false, "")];
        let actual = vec![p("type", "The type.", false, "")];
        assert_eq!(
            parameters(&derived, &actual),
            Parameters::Explicit(vec![ParamEntry::Full(vec![
                ("name", FieldValue::Str("type".into())),
                ("usage", FieldValue::Str("The type.".into())),
            ])])
        );
    }

    #[test]
    fn helpers_only_when_exact() {
        assert_eq!(
            source_model(&source::empty_dir()),
            SourceModel::Helper("empty_dir", None)
        );
        assert_eq!(
            source_model(&source::persistent_volume_claim("${PVC_NAME}")),
            SourceModel::Helper("persistent_volume_claim", Some("${PVC_NAME}".into()))
        );
        let mut read_only = source::persistent_volume_claim("c");
        if let Some(p) = read_only.persistent_volume_claim.as_mut() {
            p.read_only = Some(true);
        }
        assert!(matches!(source_model(&read_only), SourceModel::Other(_)));
    }
}
