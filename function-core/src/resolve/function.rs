//! Resolving a Function for a task, as the operator does before it builds the container.

use std::fmt;

use crate::api::{Addon, Function, Task};
use crate::container::{BuildOptions, BuiltContainer, build_container};
use crate::envsubst::json::{self, JsonError};
use crate::envsubst::{self, Template};

use super::{DbVersionChoice, DbVersionError, Inputs, Layer, choose_db_version};

/// Where a task was found in its Addon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    /// In `spec.backupTasks`.
    Backup,
    /// In `spec.restoreTasks`.
    Restore,
}

impl fmt::Display for TaskKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TaskKind::Backup => "backupTasks",
            TaskKind::Restore => "restoreTasks",
        })
    }
}

/// Finds the task `name` in `addon`: its backup tasks first, then its restore tasks. Returns the
/// task, the list it is in and its index there.
///
/// ```
/// use function_core::api::{Addon, AddonSpec, Task};
/// use function_core::resolve::{find_task, TaskKind};
///
/// let addon = Addon::new("a", AddonSpec {
///     restore_tasks: vec![Task { name: "r".into(), function: "f".into(), ..Default::default() }],
///     ..Default::default()
/// });
/// let (task, kind, index) = find_task(&addon, "r").unwrap();
/// assert_eq!((task.function.as_str(), kind, index), ("f", TaskKind::Restore, 0));
/// assert!(find_task(&addon, "x").is_err());
/// ```
pub fn find_task<'a>(
    addon: &'a Addon,
    name: &str,
) -> Result<(&'a Task, TaskKind, usize), ResolveError> {
    let backup = addon
        .spec
        .backup_tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t, TaskKind::Backup, i));
    let restore = addon
        .spec
        .restore_tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t, TaskKind::Restore, i));
    let all = backup.chain(restore);
    all.clone()
        .find(|(t, _, _)| t.name == name)
        .ok_or_else(|| ResolveError::UnknownTask {
            addon: object_name(&addon.metadata),
            task: name.to_owned(),
            available: all.map(|(t, _, _)| t.name.clone()).collect(),
        })
}

fn object_name(meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) -> String {
    meta.name.clone().unwrap_or_default()
}

/// Why a Function could not be resolved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// The Addon has no task of that name.
    #[error(
        "addon {addon:?} has no task {task:?} (its tasks: {})",
        list(available)
    )]
    UnknownTask {
        /// The Addon's name.
        addon: String,
        /// The task asked for.
        task: String,
        /// The tasks it has.
        available: Vec<String>,
    },
    /// No Addon has the task asked for ([`select`](super::select)).
    #[error("no Addon has a task {task:?} (Addons read: {})", list(addons))]
    NoAddonHasTask {
        /// The task asked for.
        task: String,
        /// The Addons looked in.
        addons: Vec<String>,
    },
    /// Several Addons have the task asked for ([`select`](super::select)): choose the Addon.
    #[error("several Addons have a task {task:?} ({})", list(addons))]
    SeveralAddonsHaveTask {
        /// The task asked for.
        task: String,
        /// The Addons that have it.
        addons: Vec<String>,
    },
    /// No Function has the name asked for, or the task's ([`select`](super::select)).
    #[error(
        "no Function {function:?} among the objects (Functions read: {})",
        list(functions)
    )]
    UnknownFunction {
        /// The name.
        function: String,
        /// The Functions looked in.
        functions: Vec<String>,
    },
    /// No Function among the objects ([`select`](super::select)).
    #[error("the objects hold no Function")]
    NoFunction,
    /// Several Functions and nothing to choose one ([`select`](super::select)).
    #[error(
        "the objects hold several Functions ({}): name the task or the Function",
        list(functions)
    )]
    SeveralFunctions {
        /// Their names.
        functions: Vec<String>,
    },
    /// The task runs another Function than the one given.
    #[error("task {task:?} of addon {addon:?} runs function {expected:?}, not {given:?}")]
    FunctionMismatch {
        /// The Addon's name.
        addon: String,
        /// The task's name.
        task: String,
        /// The Function the task names.
        expected: String,
        /// The Function given.
        given: String,
    },
    /// A `required: true` parameter has no value in any layer.
    #[error(
        "parameter {parameter:?} of task {task:?} of addon {addon:?} is required but has no value \
         (searched: {})",
        list(searched)
    )]
    MissingRequired {
        /// The parameter's name.
        parameter: String,
        /// The task's name.
        task: String,
        /// The Addon's name.
        addon: String,
        /// The layers searched, highest precedence first.
        searched: Vec<Layer>,
        /// The task's list in the Addon.
        task_list: TaskKind,
        /// The task's index in that list.
        task_index: usize,
        /// The parameter's index in the task's `parameters`: with the two above, where it is
        /// defined (`spec.backupTasks[0].parameters[2]`).
        parameter_index: usize,
    },
    /// `${DB_VERSION}` could not be chosen.
    #[error("function {function:?}: cannot choose ${{DB_VERSION}}: {source}")]
    DbVersion {
        /// The Function's name.
        function: String,
        /// Why.
        source: DbVersionError,
    },
    /// A variable has no value and no default.
    #[error(
        "{object}: ${{{variable}}} in {path} has no value (searched: {}): {source}",
        list(searched)
    )]
    Unresolved {
        /// `function "NAME"` or `addon "NAME"`.
        object: String,
        /// The variable.
        variable: String,
        /// Where it is used, e.g. `spec.args[3]`.
        path: String,
        /// The layers searched, highest precedence first.
        searched: Vec<Layer>,
        /// The engine's error (`input/default value not found for key ...`).
        source: Box<envsubst::Error>,
    },
    /// A string of the object is a template the engine does not parse: reported at its own
    /// position (the operator, which substitutes the whole JSON text at once, fails somewhere
    /// later in that text, often with a JSON decoding error).
    #[error("{object}: {path}: {source} (at character {column} of {template:?})")]
    Template {
        /// `function "NAME"` or `addon "NAME"`.
        object: String,
        /// The string's field, e.g. `spec.args[3]`.
        path: String,
        /// The string.
        template: String,
        /// The 1-based character of the string where the engine stopped.
        column: usize,
        /// The engine's error; its offset is in the string.
        source: Box<envsubst::Error>,
    },
    /// Substitution failed otherwise (a malformed expression, or a value that breaks the JSON
    /// text, such as one holding `"`).
    #[error("{object}: {path}{source}")]
    Substitution {
        /// `function "NAME"` or `addon "NAME"`.
        object: String,
        /// Where, when known, as `spec.args[3]: `.
        path: String,
        /// The engine's error.
        source: Box<JsonError>,
    },
}

fn list<T: fmt::Display>(items: &[T]) -> String {
    if items.is_empty() {
        return "none".to_owned();
    }
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Converts a JSON pointer (`/spec/args/3`) to a field path (`spec.args[3]`).
fn field_path(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&token);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    out
}

/// A Function resolved for a task, with the inputs it was resolved with.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The Function with every variable substituted.
    pub function: Function,
    /// The task with its volume templates and mounts substituted, if a task was given.
    pub task: Option<Task>,
    /// The inputs, including the chosen `DB_VERSION`.
    pub inputs: Inputs,
    /// How `${DB_VERSION}` was chosen, when a database version was given and the Function
    /// lists `availableVersions`.
    pub db_version: Option<DbVersionChoice>,
}

impl Resolved {
    /// The container the operator would run for this step (see [`crate::container`]).
    pub fn container(&self, options: &BuildOptions) -> BuiltContainer {
        build_container(&self.function, self.task.as_ref(), options)
    }
}

/// Resolves Functions exactly as the operator does: the inputs are assembled from layers (see
/// [`Inputs`]), `${DB_VERSION}` is chosen from `availableVersions`, and the whole object is
/// substituted through its JSON text (all or nothing: any error leaves nothing resolved).
///
/// ```
/// use function_core::api::{Addon, Function};
/// use function_core::resolve::{Builtins, Inputs, Resolver};
///
/// let function: Function = serde_json::from_value(serde_json::json!({
///     "apiVersion": "addons.kubestash.com/v1alpha1", "kind": "Function",
///     "metadata": {"name": "pvc-backup"},
///     "spec": {"image": "ghcr.io/kubestash/pvc:v0.28.0",
///              "args": ["backup", "--namespace=${namespace:=default}", "--paths=${paths:=}"]}
/// })).unwrap();
/// let addon: Addon = serde_json::from_value(serde_json::json!({
///     "apiVersion": "addons.kubestash.com/v1alpha1", "kind": "Addon",
///     "metadata": {"name": "pvc-addon"},
///     "spec": {"backupTasks": [{"name": "logical-backup", "function": "pvc-backup",
///              "parameters": [{"name": "paths", "default": "/kubestash-data"}]}]}
/// })).unwrap();
///
/// let mut inputs = Inputs::new();
/// inputs.set_builtins(&Builtins { namespace: Some("demo".into()), ..Default::default() });
/// let resolved = Resolver::new(&function)
///     .task(&addon, "logical-backup")
///     .resolve(inputs)
///     .unwrap();
/// assert_eq!(resolved.function.spec.args, ["backup", "--namespace=demo", "--paths=/kubestash-data"]);
/// ```
#[derive(Debug, Clone)]
pub struct Resolver<'a> {
    function: &'a Function,
    task: Option<(&'a Addon, &'a str)>,
    db_version: Option<String>,
}

impl<'a> Resolver<'a> {
    /// Resolves `function`, with no task.
    pub fn new(function: &'a Function) -> Self {
        Resolver {
            function,
            task: None,
            db_version: None,
        }
    }

    /// Resolves for the task `name` of `addon`: the task's parameter definitions give the
    /// [`Layer::ParameterDefaults`], its `required` parameters must have a value, and its volume
    /// templates and mounts are substituted too.
    pub fn task(mut self, addon: &'a Addon, name: &'a str) -> Self {
        self.task = Some((addon, name));
        self
    }

    /// The database's version, from which `${DB_VERSION}` is chosen among the Function's
    /// `availableVersions` ([`select_db_version`](super::select_db_version)).
    pub fn db_version(mut self, version: impl Into<String>) -> Self {
        self.db_version = Some(version.into());
        self
    }

    /// Resolves with `inputs` (the task's parameter defaults and `DB_VERSION` are added to it).
    pub fn resolve(&self, mut inputs: Inputs) -> Result<Resolved, ResolveError> {
        let function_name = object_name(&self.function.metadata);
        let task = match self.task {
            Some((addon, name)) => {
                let (task, kind, index) = find_task(addon, name)?;
                let addon_name = object_name(&addon.metadata);
                if task.function != function_name {
                    return Err(ResolveError::FunctionMismatch {
                        addon: addon_name,
                        task: task.name.clone(),
                        expected: task.function.clone(),
                        given: function_name,
                    });
                }
                inputs.set_parameter_defaults(task);
                if let Some((j, p)) = task
                    .parameters
                    .iter()
                    .enumerate()
                    .find(|(_, p)| p.required && inputs.get(&p.name).is_none())
                {
                    return Err(ResolveError::MissingRequired {
                        parameter: p.name.clone(),
                        task: task.name.clone(),
                        addon: addon_name,
                        searched: inputs.search_order().collect(),
                        task_list: kind,
                        task_index: index,
                        parameter_index: j,
                    });
                }
                Some((task, addon_name, format!("spec.{kind}[{index}].")))
            }
            None => None,
        };

        let spec = &self.function.spec;
        if uses_db_version(self.function) && spec.available_versions.is_empty() {
            return Err(ResolveError::DbVersion {
                function: function_name,
                source: DbVersionError::EmptyList,
            });
        }
        let mut db_version = None;
        if let Some(db) = &self.db_version
            && !spec.available_versions.is_empty()
        {
            let chosen = choose_db_version(&spec.available_versions, db, &function_name).map_err(
                |source| ResolveError::DbVersion {
                    function: function_name.clone(),
                    source,
                },
            )?;
            inputs.set_db_version(chosen.version.clone());
            db_version = Some(chosen);
        }

        let vars = inputs.merged();
        let object = format!("function {function_name:?}");
        let function = substitute(self.function, &vars, &inputs, &object, "")?;
        let task = match task {
            Some((task, addon_name, prefix)) => {
                let object = format!("addon {addon_name:?}");
                let volumes = TaskVolumes {
                    volume_template: task.volume_template.clone(),
                    volume_mounts: task.volume_mounts.clone(),
                };
                let volumes = substitute(&volumes, &vars, &inputs, &object, &prefix)?;
                Some(Task {
                    volume_template: volumes.volume_template,
                    volume_mounts: volumes.volume_mounts,
                    ..task.clone()
                })
            }
            None => None,
        };
        Ok(Resolved {
            function,
            task,
            inputs,
            db_version,
        })
    }
}

/// The parts of a task the operator substitutes, named as in the Addon.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct TaskVolumes {
    volume_template: Vec<crate::api::VolumeTemplate>,
    volume_mounts: Vec<k8s_openapi::api::core::v1::VolumeMount>,
}

/// Whether any string of the Function refers to `DB_VERSION`.
pub(crate) fn uses_db_version(function: &Function) -> bool {
    let Ok(value) = serde_json::to_value(&function.spec) else {
        return false;
    };
    fn walk(v: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::String(s) => Template::parse(s)
                .map(|t| t.variables().any(|n| n == function_rules::DB_VERSION))
                .unwrap_or(false),
            serde_json::Value::Array(a) => a.iter().any(walk),
            serde_json::Value::Object(m) => m.values().any(walk),
            _ => false,
        }
    }
    walk(&value)
}

/// The first string of `value` (in document order) that is not a template the engine parses:
/// its JSON pointer, the string and the engine's error.
fn first_parse_error(
    value: &serde_json::Value,
    pointer: String,
) -> Option<(String, String, envsubst::Error)> {
    match value {
        serde_json::Value::String(s) => Template::parse(s).err().map(|e| (pointer, s.clone(), e)),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| first_parse_error(v, format!("{pointer}/{i}"))),
        serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| {
            let key = k.replace('~', "~0").replace('/', "~1");
            first_parse_error(v, format!("{pointer}/{key}"))
        }),
        _ => None,
    }
}

fn substitute<T>(
    value: &T,
    vars: &std::collections::BTreeMap<String, String>,
    inputs: &Inputs,
    object: &str,
    path_prefix: &str,
) -> Result<T, ResolveError>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    // A string that does not parse is reported first, at its own position: the operator
    // substitutes the whole JSON text at once, so such a string fails later in that text (a
    // missing `}` reads on into the next strings), or even passes with mangled arguments.
    if let Some((pointer, template, own)) = serde_json::to_value(value)
        .ok()
        .and_then(|v| first_parse_error(&v, String::new()))
    {
        let at = own.offset().min(template.len());
        let column = template
            .get(..at)
            .map_or(at, |before| before.chars().count())
            + 1;
        return Err(ResolveError::Template {
            object: object.to_owned(),
            path: format!("{path_prefix}{}", field_path(&pointer)),
            template,
            column,
            source: Box::new(own),
        });
    }
    json::eval(value, vars).map_err(|error| {
        // Locate the failing string: the per-string mode reports the first failing string in
        // the same (document) order as the operator's single pass over the JSON text.
        let pointer = match json::eval_strict(value, vars) {
            Err(JsonError::Field { pointer, .. }) => Some(pointer),
            _ => None,
        };
        let path = pointer
            .as_deref()
            .map(|p| format!("{path_prefix}{}", field_path(p)));
        match error {
            JsonError::Substitute(envsubst::Error::ValueNotFound { key, offset }) => {
                ResolveError::Unresolved {
                    object: object.to_owned(),
                    variable: key.clone(),
                    path: path.unwrap_or_else(|| "the object".to_owned()),
                    searched: inputs.search_order().collect(),
                    source: Box::new(envsubst::Error::ValueNotFound { key, offset }),
                }
            }
            other => ResolveError::Substitution {
                object: object.to_owned(),
                path: path.map(|p| format!("{p}: ")).unwrap_or_default(),
                source: Box::new(other),
            },
        }
    })
}
