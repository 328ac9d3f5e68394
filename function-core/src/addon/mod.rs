//! The [`addon!`](crate::addon!) DSL: an Addon whose tasks name derived Function *types*, and
//! the [`PluginAddon`] trait it implements.
//!
//! ```
//! use function_core::{addon, Function, PluginFunction};
//! use function_core::addon::PluginAddon;
//!
//! /// Backs up the files of a PVC.
//! #[derive(Function)]
//! #[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0", subcommand = "backup")]
//! pub struct PvcBackup {
//!     #[arg(builtin)]
//!     namespace: String,
//!     /// List of file paths to backup.
//!     #[arg(default = "/kubestash-data")]
//!     paths: String,
//!     /// Enable or disable caching.
//!     #[arg(default = true)]
//!     enable_cache: bool,
//! }
//!
//! addon! {
//!     /// Backs up PVCs with restic.
//!     pub struct PvcAddon {
//!         name: "pvc-addon",
//!         backup_tasks: [
//!             {
//!                 name: "logical-backup",
//!                 function: PvcBackup,
//!                 driver: Restic,
//!                 executor: Job,
//!                 singleton: true,
//!                 volume_template: [
//!                     { name: "kubestash-data-volume", source: persistent_volume_claim("${PVC_NAME}") },
//!                     { name: "kubestash-tmp-volume", usage: "Holds temporary files and restic cache.", source: empty_dir() },
//!                 ],
//!                 volume_mounts: [
//!                     { name: "kubestash-data-volume", mount_path: "/kubestash-data" },
//!                     { name: "kubestash-tmp-volume", mount_path: "/kubestash-tmp" },
//!                 ],
//!             },
//!         ],
//!     }
//! }
//!
//! let addon = PvcAddon::manifest();
//! let task = &addon.spec.backup_tasks[0];
//! assert_eq!(task.function, "pvc-backup");
//! // No `parameters`: the Function's derived parameters.
//! assert_eq!(task.parameters, PvcBackup::parameters());
//! assert_eq!(task.parameters[0].default, "/kubestash-data");
//! assert_eq!(PvcAddon::functions()[0].manifest, PvcBackup::manifest());
//! ```
//!
//! # Grammar
//!
//! ```text
//! addon! {
//!     #[attributes] (doc comments, derives)
//!     VISIBILITY struct NAME {
//!         name: "addon-name",                 required
//!         backup_tasks: [ TASK, ... ],        optional
//!         restore_tasks: [ TASK, ... ],       optional
//!     }
//! }
//!
//! TASK = {
//!     name: "task-name",                      required
//!     function: FunctionType,                 required: a #[derive(Function)] type
//!     driver: Restic,                         a `Driver` variant, or `Other("Milvus")`
//!     executor: Job,                          a `TaskExecutor` variant, or `Other("...")`
//!     singleton: true,
//!     parameters: [ PARAMETER, ... ],         the task's parameters, in this order
//!     overrides: [ var { FIELDS }, ... ],     or: the Function's derived parameters, some changed
//!     volume_template: [ { name: "...", usage: "...", source: VOLUME_SOURCE }, ... ],
//!     volume_mounts: [ { name: "...", mount_path: "...", read_only: true, sub_path: "...",
//!                        sub_path_expr: "...", mount_propagation: "...",
//!                        recursive_read_only: "..." }, ... ],
//! }
//!
//! PARAMETER = var                             the Function's derived parameter `var`, as is
//!           | var { FIELDS }                  the same with some fields changed
//!           | { name: "...", FIELDS }         a parameter written out in full
//! FIELDS    = usage: "...", required: bool, default: "..."   (each optional, any order)
//! VOLUME_SOURCE = empty_dir() | persistent_volume_claim("claim") | config_map("name")
//!           | secret("secret-name") | host_path("/path") | any `api::VolumeSource` expression
//! ```
//!
//! Keys may come in any order, each at most once; a trailing comma is allowed everywhere.
//! `addon!` is a proc-macro (function-derive's), with the derive's standards: a missing `name`
//! or `function`, an unknown key (with the closest known one: "did you mean `singleton`?"), a
//! repeated key, both `parameters` and `overrides` in one task, an `overrides` entry written in
//! full, are compile errors on the token concerned, all of them in one compile. A driver or
//! executor that is no variant is a compile error on it; `Other("Value")` writes a value the
//! enum does not list, as the manifest would (for drivers and executors newer than this crate;
//! it needs the enum's `Other` variant). A `function` that is not a derived Function type is a
//! compile error on the type. The lint warns about a value the enum does not list
//! (`KSF0108 unknown-value`).
//!
//! A task parameter for a variable the Function does not use is found when the task is built,
//! the same way whether it is written `var`, `var { ... }` or in full `{ name: "...", ... }`:
//! [`PluginAddon::problems`] (and so [`Catalog::check`](crate::catalog::Catalog::check), in the
//! build script) reports it with the `FILE:LINE:COL` where it is written and the closest name
//! ("did you mean `compression`?"). A `var` must be one of the Function's derived parameters; a
//! parameter written in full must be a variable the Function or the task's volumes read (this
//! check needs the `envsubst` feature, which is on by default).
//!
//! ## Parameters
//!
//! Without `parameters` or `overrides`, a task's parameters are the Function's
//! [`parameters`](crate::PluginFunction::parameters): one per non-built-in argument, with its
//! doc comment as usage and its typed default. `overrides` changes some of them in place:
//!
//! ```
//! # use function_core::{addon, Function, PluginFunction};
//! # use function_core::addon::PluginAddon;
//! # #[derive(Function)]
//! # #[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0")]
//! # pub struct PvcBackup {
//! #     /// List of file paths to backup.
//! #     paths: Vec<String>,
//! #     /// Enable or disable caching.
//! #     #[arg(default = true)]
//! #     enable_cache: bool,
//! # }
//! addon! {
//!     pub struct PvcAddon {
//!         name: "pvc-addon",
//!         backup_tasks: [{
//!             name: "logical-backup",
//!             function: PvcBackup,
//!             overrides: [paths { required: true, usage: "Paths to back up." }],
//!         }],
//!     }
//! }
//! let params = &PvcAddon::manifest().spec.backup_tasks[0].parameters;
//! assert_eq!((params[0].name.as_str(), params[0].required), ("paths", true));
//! assert_eq!(params[0].usage, "Paths to back up.");
//! assert_eq!(params[1].name, "enableCache");
//! ```
//!
//! `parameters` gives the whole list, in order, when the Addon's parameters differ from the
//! Function's (upstream's Addons often declare parameters in another order, with other usages
//! and defaults, or parameters for built-in variables):
//!
//! ```
//! # use function_core::{addon, Function};
//! # use function_core::addon::PluginAddon;
//! # #[derive(Function)]
//! # #[function(name = "manifest-backup", image = "ghcr.io/kubestash/manifest:v0.21.0")]
//! # pub struct ManifestBackup {
//! #     #[arg(builtin)]
//! #     enable_cache: Option<bool>,
//! #     /// Also back up RBAC resources.
//! #     #[arg(var = "includeRBACResources")]
//! #     include_rbac_resources: Option<bool>,
//! # }
//! addon! {
//!     pub struct WorkloadAddon {
//!         name: "workload-addon",
//!         backup_tasks: [{
//!             name: "manifest-backup",
//!             function: ManifestBackup,
//!             parameters: [
//!                 { name: "enableCache", usage: "Enable or disable caching.", default: "true" },
//!                 includeRBACResources { usage: "Specify whether to backup rbac resources.", default: "false" },
//!             ],
//!         }],
//!     }
//! }
//! let params = &WorkloadAddon::manifest().spec.backup_tasks[0].parameters;
//! assert_eq!(params.len(), 2);
//! assert_eq!((params[1].name.as_str(), params[1].default.as_str()), ("includeRBACResources", "false"));
//! ```
//!
//! ## Volumes
//!
//! ```
//! # use function_core::{addon, Function};
//! # use function_core::addon::PluginAddon;
//! # use function_core::api::VolumeSource;
//! # use k8s_openapi::api::core::v1::NFSVolumeSource;
//! # #[derive(Function)]
//! # #[function(name = "pvc-restore", image = "ghcr.io/kubestash/pvc:v0.28.0")]
//! # pub struct PvcRestore {}
//! addon! {
//!     pub struct NfsAddon {
//!         name: "nfs-addon",
//!         restore_tasks: [{
//!             name: "restore",
//!             function: PvcRestore,
//!             volume_template: [
//!                 { name: "config", source: config_map("restore-config") },
//!                 { name: "creds", source: secret("restore-creds") },
//!                 {
//!                     name: "share",
//!                     usage: "The NFS share to restore into.",
//!                     source: VolumeSource {
//!                         nfs: Some(NFSVolumeSource { server: "nfs.local".into(), path: "/data".into(), ..Default::default() }),
//!                         ..Default::default()
//!                     },
//!                 },
//!             ],
//!             volume_mounts: [
//!                 { name: "config", mount_path: "/etc/restore", read_only: true },
//!                 { name: "share", mount_path: "/data", sub_path: "${namespace}" },
//!             ],
//!         }],
//!     }
//! }
//! let task = &NfsAddon::manifest().spec.restore_tasks[0];
//! assert_eq!(task.volume_template[0].source.as_ref().unwrap().config_map.as_ref().unwrap().name, "restore-config");
//! assert_eq!(task.volume_mounts[0].read_only, Some(true));
//! assert_eq!(task.volume_mounts[1].sub_path.as_deref(), Some("${namespace}"));
//! ```

mod volume;

use k8s_openapi::api::core::v1::VolumeMount;

use crate::PluginFunction;
use crate::api::{
    Addon, AddonSpec, Driver, ParameterDefinition, Task, TaskExecutor, VolumeTemplate,
};
use crate::plugin::FunctionEntry;

pub use crate::api::VolumeSource;
pub use volume::{Mount, Volume, mount, source, volume};

/// An Addon declared with [`addon!`](crate::addon!): its manifest and the Functions its tasks
/// run.
///
/// The macro implements [`definition`](Self::definition); the rest is built from it.
pub trait PluginAddon {
    /// The Addon as the macro describes it: its name and its tasks, each with its Function.
    fn definition() -> AddonDefinition;

    /// The Addon's name.
    fn name() -> String {
        Self::definition().name
    }

    /// The Addon manifest (`addons.kubestash.com/v1alpha1`, kind `Addon`).
    fn manifest() -> Addon {
        Self::definition().manifest()
    }

    /// The Functions the tasks run (each once, in the order first named), with their Helm
    /// value bindings.
    fn functions() -> Vec<FunctionEntry> {
        Self::definition().functions()
    }

    /// Mistakes the compiler cannot see: a parameter `var` the Function does not derive, both
    /// `parameters` and `overrides` in one task. Empty when there are none.
    fn problems() -> Vec<String> {
        Self::definition().problems()
    }
}

/// What [`addon!`](crate::addon!) builds: an Addon's name and tasks.
#[derive(Clone, Debug, PartialEq)]
pub struct AddonDefinition {
    /// The Addon's name.
    pub name: String,
    /// The backup tasks.
    pub backup_tasks: Vec<TaskDefinition>,
    /// The restore tasks.
    pub restore_tasks: Vec<TaskDefinition>,
}

impl AddonDefinition {
    /// An Addon named `name` with no task.
    pub fn new(name: impl Into<String>) -> Self {
        AddonDefinition {
            name: name.into(),
            backup_tasks: Vec::new(),
            restore_tasks: Vec::new(),
        }
    }

    /// Adds a backup task.
    pub fn backup_task(mut self, task: TaskDefinition) -> Self {
        self.backup_tasks.push(task);
        self
    }

    /// Adds a restore task.
    pub fn restore_task(mut self, task: TaskDefinition) -> Self {
        self.restore_tasks.push(task);
        self
    }

    /// The Addon manifest.
    pub fn manifest(&self) -> Addon {
        let tasks = |list: &[TaskDefinition]| list.iter().map(|t| t.task.clone()).collect();
        Addon::new(
            &self.name,
            AddonSpec {
                backup_tasks: tasks(&self.backup_tasks),
                restore_tasks: tasks(&self.restore_tasks),
            },
        )
    }

    /// The Functions the tasks run, each once.
    pub fn functions(&self) -> Vec<FunctionEntry> {
        let mut out: Vec<FunctionEntry> = Vec::new();
        for t in self.backup_tasks.iter().chain(&self.restore_tasks) {
            if !out
                .iter()
                .any(|f| f.manifest.metadata.name == t.function.manifest.metadata.name)
            {
                out.push(t.function.clone());
            }
        }
        out
    }

    /// Every task's problems, prefixed with the task.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (list, tasks) in [
            ("backup", &self.backup_tasks),
            ("restore", &self.restore_tasks),
        ] {
            for t in tasks {
                for p in &t.problems {
                    out.push(match split_site(p) {
                        Some((site, rest)) => {
                            format!("{site}: {list} task {}: {rest}", t.task.name)
                        }
                        None => format!("{list} task {}: {p}", t.task.name),
                    });
                }
            }
        }
        out
    }
}

/// One task of an [`AddonDefinition`]: the API task, the Function it runs, and the mistakes
/// found while building it.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskDefinition {
    /// The task as written in the manifest.
    pub task: Task,
    /// The Function it runs.
    pub function: FunctionEntry,
    /// Mistakes found while building it (see [`PluginAddon::problems`]).
    pub problems: Vec<String>,
}

/// Builds a [`TaskDefinition`]; the [`addon!`](crate::addon!) macro calls it key by key.
#[derive(Clone, Debug, Default)]
pub struct TaskBuilder {
    task: Task,
    function: Option<(FunctionEntry, Vec<ParameterDefinition>)>,
    explicit: Option<Vec<Param>>,
    overrides: Option<Vec<Param>>,
}

impl TaskBuilder {
    /// A task with nothing set.
    pub fn new() -> Self {
        TaskBuilder::default()
    }

    /// Sets the task's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.task.name = name.into();
        self
    }

    /// Sets the Function the task runs; its derived parameters become the default parameters.
    pub fn function<F: PluginFunction>(mut self) -> Self {
        self.task.function = F::name().to_owned();
        self.function = Some((FunctionEntry::of::<F>(), F::parameters()));
        self
    }

    /// Sets the driver.
    pub fn driver(mut self, driver: Driver) -> Self {
        self.task.driver = Some(driver);
        self
    }

    /// Sets the executor.
    pub fn executor(mut self, executor: TaskExecutor) -> Self {
        self.task.executor = Some(executor);
        self
    }

    /// Sets `singleton`.
    pub fn singleton(mut self, singleton: bool) -> Self {
        self.task.singleton = singleton;
        self
    }

    /// Starts an explicit parameter list (`parameters: [...]`), possibly empty.
    pub fn explicit_parameters(mut self) -> Self {
        self.explicit.get_or_insert_with(Vec::new);
        self
    }

    /// Appends a parameter to the explicit list.
    pub fn parameter(mut self, param: Param) -> Self {
        self.explicit.get_or_insert_with(Vec::new).push(param);
        self
    }

    /// Starts the overrides of the derived parameters (`overrides: [...]`), possibly empty.
    pub fn override_parameters(mut self) -> Self {
        self.overrides.get_or_insert_with(Vec::new);
        self
    }

    /// Changes a derived parameter.
    pub fn override_parameter(mut self, param: Param) -> Self {
        self.overrides.get_or_insert_with(Vec::new).push(param);
        self
    }

    /// Appends a volume template.
    pub fn volume(mut self, volume: impl Into<VolumeTemplate>) -> Self {
        self.task.volume_template.push(volume.into());
        self
    }

    /// Appends a volume mount.
    pub fn mount(mut self, mount: impl Into<VolumeMount>) -> Self {
        self.task.volume_mounts.push(mount.into());
        self
    }

    /// The task, with its parameters resolved against the Function's derived ones.
    ///
    /// # Panics
    /// Never for what [`addon!`](crate::addon!) generates (it requires `function`); a hand-built
    /// task without a Function gets an empty Function entry and a problem instead.
    pub fn build(self) -> TaskDefinition {
        let mut problems = Vec::new();
        let (entry, derived) = match self.function {
            Some(f) => f,
            None => {
                problems.push("the task names no Function".to_owned());
                (FunctionEntry::default(), Vec::new())
            }
        };
        let fname = self.task.function.clone();
        let names: Vec<&str> = derived.iter().map(|p| p.name.as_str()).collect();
        let find = |p: &Param, var: &str, problems: &mut Vec<String>| {
            let found = derived.iter().find(|d| d.name == var).cloned();
            if found.is_none() {
                problems.push(format!(
                    "{}`{var}` is not a derived parameter of the Function `{fname}`{}; it has: {}",
                    p.site_prefix(),
                    did_you_mean(var, &names),
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                ));
            }
            found
        };
        let read = variables_read(&entry, &self.task);
        let mut task = self.task;
        task.parameters = match (self.explicit, self.overrides) {
            (Some(_), Some(_)) => {
                problems.push("give either `parameters` or `overrides`, not both".to_owned());
                derived.clone()
            }
            (Some(explicit), None) => explicit
                .into_iter()
                .map(|p| match p.derived.clone() {
                    Some(var) => {
                        let base = find(&p, &var, &mut problems).unwrap_or(ParameterDefinition {
                            name: var,
                            ..ParameterDefinition::default()
                        });
                        p.apply(base)
                    }
                    None => {
                        let prefix = p.site_prefix();
                        let param = p.apply(ParameterDefinition::default());
                        if let Some(read) = &read
                            && !read.contains(&param.name)
                        {
                            let read: Vec<&str> = read.iter().map(String::as_str).collect();
                            problems.push(format!(
                                "{prefix}no variable `{}` is read by the Function `{fname}` or \
                                 the task's volumes{}; they read: {}",
                                param.name,
                                did_you_mean(&param.name, &read),
                                if read.is_empty() {
                                    "none".to_owned()
                                } else {
                                    read.join(", ")
                                }
                            ));
                        }
                        param
                    }
                })
                .collect(),
            (None, overrides) => {
                let mut params = derived.clone();
                for p in overrides.unwrap_or_default() {
                    let var = p.derived.clone().unwrap_or_default();
                    if find(&p, &var, &mut problems).is_some()
                        && let Some(slot) = params.iter_mut().find(|x| x.name == var)
                    {
                        *slot = p.apply(slot.clone());
                    }
                }
                params
            }
        };
        TaskDefinition {
            task,
            function: entry,
            problems,
        }
    }
}

/// A problem's `FILE:LINE:COL` (see [`Param::at`]) and the rest, when it starts with one.
fn split_site(problem: &str) -> Option<(&str, &str)> {
    let (site, rest) = problem.split_once(": ")?;
    let mut parts = site.rsplitn(3, ':');
    let numbers = parts
        .by_ref()
        .take(2)
        .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    (numbers && parts.next().is_some_and(|f| !f.is_empty())).then_some((site, rest))
}

/// ` (did you mean `x`?)` for the closest of `names` ([`function_rules::closest`]).
fn did_you_mean(word: &str, names: &[&str]) -> String {
    function_rules::closest(word, names)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// The variables the Function's manifest and the task's volumes read (every string the operator
/// substitutes), sorted; `None` without the `envsubst` feature, which reads them.
#[cfg(feature = "envsubst")]
fn variables_read(entry: &FunctionEntry, task: &Task) -> Option<Vec<String>> {
    fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => {
                if let Ok(t) = crate::envsubst::Template::parse(s) {
                    out.extend(t.variables().map(str::to_owned));
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for value in [
        serde_json::to_value(&entry.manifest.spec).ok(),
        serde_json::to_value(&task.volume_template).ok(),
        serde_json::to_value(&task.volume_mounts).ok(),
    ]
    .into_iter()
    .flatten()
    {
        walk(&value, &mut out);
    }
    out.sort();
    out.dedup();
    Some(out)
}

#[cfg(not(feature = "envsubst"))]
fn variables_read(_: &FunctionEntry, _: &Task) -> Option<Vec<String>> {
    None
}

/// A task parameter as [`addon!`](crate::addon!) writes it: the Function's derived parameter
/// `var` ([`Param::derived`]) or a new one ([`Param::new`]), with fields set.
///
/// ```
/// use function_core::addon::Param;
/// use function_core::api::ParameterDefinition;
///
/// let p = Param::new().name("paths").required(true);
/// assert_eq!(p.apply(ParameterDefinition::default()).name, "paths");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Param {
    derived: Option<String>,
    site: Option<String>,
    name: Option<String>,
    usage: Option<String>,
    required: Option<bool>,
    default: Option<String>,
}

impl Param {
    /// A parameter written out in full.
    pub fn new() -> Self {
        <Param as Default>::default()
    }

    /// The Function's derived parameter for the variable `var`.
    pub fn derived(var: impl Into<String>) -> Self {
        Param {
            derived: Some(var.into()),
            ..<Param as Default>::default()
        }
    }

    /// Records where the parameter is written (`FILE:LINE:COL`, what [`addon!`](crate::addon!)
    /// passes): the problems found with it start with it.
    pub fn at(mut self, site: impl Into<String>) -> Self {
        self.site = Some(site.into());
        self
    }

    fn site_prefix(&self) -> String {
        self.site
            .as_ref()
            .map(|s| format!("{s}: "))
            .unwrap_or_default()
    }

    /// Sets the name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the usage.
    pub fn usage(mut self, usage: impl Into<String>) -> Self {
        self.usage = Some(usage.into());
        self
    }

    /// Sets `required`.
    pub fn required(mut self, required: bool) -> Self {
        self.required = Some(required);
        self
    }

    /// Sets the default.
    pub fn default(mut self, default: impl Into<String>) -> Self {
        self.default = Some(default.into());
        self
    }

    /// `base` with the fields this sets.
    pub fn apply(self, mut base: ParameterDefinition) -> ParameterDefinition {
        if let Some(v) = self.name {
            base.name = v;
        }
        if let Some(v) = self.usage {
            base.usage = v;
        }
        if let Some(v) = self.required {
            base.required = v;
        }
        if let Some(v) = self.default {
            base.default = v;
        }
        base
    }
}
