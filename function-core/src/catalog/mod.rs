//! A catalog of KubeStash [`Function`]s and [`Addon`]s, written as multi-document YAML or as a
//! Helm chart.
//!
//! [`Catalog`] collects objects (`api` objects, e.g. read with [`crate::yaml`], or typed ones
//! from `#[derive(Function)]` and [`addon!`](crate::addon!)), checks them as a whole
//! ([`Catalog::check`]) and writes them:
//!
//! - [`Catalog::manifests`]: every object as canonical YAML, Functions then Addons, each sorted
//!   by name;
//! - [`Catalog::chart`] / [`Catalog::write_chart`]: a Helm chart in the layout of upstream's
//!   `kubestash-catalog` chart (see [Chart layout](#chart-layout)).
//!
//! ```
//! use function_core::api::{Addon, AddonSpec, Driver, Function, FunctionSpec, Task};
//! use function_core::catalog::Catalog;
//!
//! let mut catalog = Catalog::new("my-catalog", "1.0.0");
//! catalog
//!     .app_version("v1.0.0")
//!     .add_function(Function::new("vault-backup", FunctionSpec {
//!         image: "ghcr.io/kubestash/vault:v0.3.0".into(),
//!         args: vec!["backup".into(), "--wait-timeout=${waitTimeout:=300}".into()],
//!         ..FunctionSpec::default()
//!     }))
//!     .add_addon(Addon::new("vault-addon", AddonSpec {
//!         backup_tasks: vec![Task {
//!             name: "vault-backup".into(),
//!             function: "vault-backup".into(),
//!             driver: Some(Driver::Restic),
//!             ..Task::default()
//!         }],
//!         ..AddonSpec::default()
//!     }))
//!     .bind_helm_value("waitTimeout", "waitTimeout");
//! catalog.check()?;
//!
//! let chart = catalog.chart()?;
//! let template = chart.file("templates/vault/vault-backup.yaml").unwrap();
//! assert!(template.contains("{{- if .Values.vault.enabled }}"));
//! assert!(template.contains(r#"(.Values.waitTimeout | int64 | toString)"#));
//! assert!(chart.file("values.yaml").unwrap().contains("\nwaitTimeout: 300\n"));
//!
//! let dir = tempfile::tempdir()?;
//! let report = catalog.write_chart(dir.path().join("chart"))?;
//! assert!(report.created);
//! assert!(!catalog.write_chart(dir.path().join("chart"))?.changed());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Checks
//!
//! [`Catalog::check`] reports every problem at once ([`CheckErrors`]):
//!
//! - the chart name is a lowercase DNS label (letters, digits, `-`) and the chart version is
//!   SemVer 2 (Helm v4 rejects `v2026.7.10`);
//! - the objects pass the [`lint`] without errors, as a whole catalog (every
//!   Function an Addon runs is in it): valid and distinct names of objects and tasks, every
//!   task's Function present, valid images and `availableVersions`, templates that parse; each
//!   problem is written `PATH: message [CODE name]`;
//! - no Function shares its name with an Addon (their templates would);
//! - an object's own labels do not set one of the chart's standard labels;
//! - an app (see below) is not called like a reserved value (`proxies`, `global`);
//! - two registries do not map to one `proxies` key, and Docker Hub images are written one way
//!   (with or without `docker.io/`);
//! - every Helm value binding binds at least one default, its key is a valid values path that
//!   clashes with no other value, and all its defaults agree (see [Helm values](#helm-values)).
//!
//! # Chart layout
//!
//! - `Chart.yaml`: `apiVersion: v2`, name, description, `type: application`, version,
//!   appVersion and kubeVersion when set.
//! - `values.yaml`, with a comment on every key: `nameOverride`, `fullnameOverride`,
//!   `proxies.<registry>` (one per registry the images use: the image's registry can be
//!   redirected, e.g. `--set proxies.ghcr=harbor.example/ghcr`), the bound Helm values with
//!   their defaults, and `<app>.enabled` for every app. An object's app is its name up to the
//!   first `-` (`vault-backup` → `vault`), as upstream.
//! - `values.schema.json`: a JSON schema (draft 7) of those values: no unknown keys (`global` is
//!   allowed, for use as a subchart), registries restricted to host/path text, bound values
//!   typed after their default (integer, boolean, or text without `}`, `$`, `"`, `\` and
//!   control characters, which would break the `${var:=default}` expression or the operator's
//!   JSON).
//! - `templates/_helpers.tpl`: `<chart>.name`, `.fullname`, `.chart`, `.labels`,
//!   `.selectorLabels` (as `helm create` writes them) and `<chart>.image`.
//! - `templates/<app>/<name>.yaml`: one object per file, wrapped in
//!   `{{- if .Values.<app>.enabled }}`, with the standard labels (`helm.sh/chart`,
//!   `app.kubernetes.io/{name,instance,version,managed-by}`) added to its own, its image's
//!   registry taken from `.Values.proxies.<key>`, and bound defaults taken from their values.
//! - `README.md`: the Functions, the Addons and the values.
//!
//! Each template is the object's canonical YAML ([`crate::yaml::to_string`]) in which every `{{`
//! is written `{{ "{{" }}`, so no name, default, usage or other text can inject template syntax,
//! and in which each scalar that takes a value (an image, an argument with a bound default, a
//! bound parameter default) is one action, `{{ print "..." (expr) "..." | toJson }}`: its
//! literal parts are Go string literals and the result is a JSON string, which YAML reads as a
//! double-quoted scalar whatever the value holds. With the default values, `helm template`
//! renders every object equal to [`Catalog::manifests`]' (labels aside).
//!
//! # Helm values
//!
//! [`Catalog::bind_helm_value`] (every Function) and [`Catalog::bind_helm_value_in`] (one
//! Function; `#[arg(helm_value = "...")]` uses it) make the default of `${variable:=default}`
//! (also `${variable=default}`, `${variable:-default}`) in a Function's arguments come from
//! `.Values.<key>`, whose default in `values.yaml` is that default. So that the value also takes
//! effect when the operator runs an Addon's task (a task parameter's default is an input, and
//! inputs win over the argument's own default), a parameter of that name in a task of a bound
//! Function is bound too when it has a default. All the defaults bound to one key must agree.
//!
//! # Writing
//!
//! [`Catalog::write_chart`] renders and checks everything in memory first, then:
//!
//! - a directory that does not exist is built in a temporary sibling and renamed into place:
//!   either the complete chart appears or nothing does;
//! - an existing directory (which must be empty or hold a chart written by kubestash-fn) is
//!   updated file by file: a file whose content is unchanged is not touched (its mtime is kept),
//!   a changed file is written to a temporary sibling and renamed over the old one (never
//!   half-written), and generated files that are no longer produced are removed. An
//!   interrupted update may leave a mix of old and new files, each complete; writing again
//!   finishes it.

mod bind;
mod chart;
mod image;
mod semver;
mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::addon::PluginAddon;
use crate::api::{Addon, Function};
use crate::lint;
use crate::plugin::{FunctionEntry, PluginFunction, ValueBounds};
use crate::text::count;
use crate::yaml::{self, Object};

pub use chart::Chart;
pub use write::{WriteReport, replace_dir, replace_file, write_new_dir};

/// The labels the chart sets on every object; an object may not set them itself.
pub const STANDARD_LABELS: [&str; 5] = [
    "helm.sh/chart",
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/version",
    "app.kubernetes.io/managed-by",
];

/// Top-level values keys the chart uses itself.
const RESERVED_KEYS: [&str; 4] = ["nameOverride", "fullnameOverride", "proxies", "global"];

/// A set of Functions and Addons with a chart name and version; see the [module docs](self).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    name: String,
    version: String,
    app_version: Option<String>,
    description: Option<String>,
    kube_version: Option<String>,
    functions: Vec<Function>,
    addons: Vec<Addon>,
    bindings: Vec<HelmValue>,
    value_descriptions: BTreeMap<String, String>,
    /// Values key → what the Rust types of the arguments bound to it allow.
    value_bounds: BTreeMap<String, ValueBounds>,
    plugin_problems: Vec<Problem>,
}

/// A Helm value that supplies the default of a variable in Functions' arguments.
///
/// ```
/// use function_core::catalog::HelmValue;
///
/// let v = HelmValue::new("waitTimeout", "waitTimeout");
/// assert_eq!(v.function, None);
/// assert_eq!(v.to_string(), "waitTimeout (${waitTimeout} in every Function)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HelmValue {
    /// The values key: `.`-separated names of ASCII letters, digits and `_`, each starting
    /// with a letter (`waitTimeout`, `postgres.waitTimeout`).
    pub key: String,
    /// The variable whose default the value supplies.
    pub variable: String,
    /// The Function it applies to; `None` for every Function.
    pub function: Option<String>,
}

impl HelmValue {
    /// A value `key` for the variable `variable` in every Function.
    pub fn new(key: impl Into<String>, variable: impl Into<String>) -> Self {
        HelmValue {
            key: key.into(),
            variable: variable.into(),
            function: None,
        }
    }
}

impl fmt::Display for HelmValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.function {
            Some(function) => write!(
                f,
                "{} (${{{}}} in Function {function})",
                self.key, self.variable
            ),
            None => write!(f, "{} (${{{}}} in every Function)", self.key, self.variable),
        }
    }
}

/// The object a [`Problem`] is about.
///
/// ```
/// use function_core::catalog::ObjectRef;
///
/// let o = ObjectRef { kind: "Addon", name: "pvc-addon".into() };
/// assert_eq!(o.to_string(), "Addon pvc-addon");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectRef {
    /// `Function` or `Addon`.
    pub kind: &'static str,
    /// The object's name.
    pub name: String,
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.name)
    }
}

/// One problem [`Catalog::check`] found: the object it is about (if any) and a message.
///
/// ```
/// use function_core::catalog::{ObjectRef, Problem};
///
/// let p = Problem {
///     object: Some(ObjectRef { kind: "Addon", name: "pvc-addon".into() }),
///     message: "task logical-backup: Function pvc-backup is not in the catalog".into(),
/// };
/// assert_eq!(p.to_string(), "Addon pvc-addon: task logical-backup: Function pvc-backup is not in the catalog");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Problem {
    /// The object the problem is in, when it is in one.
    pub object: Option<ObjectRef>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.object {
            Some(object) => write!(f, "{object}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Every problem [`Catalog::check`] found (at least one), one per line when displayed.
///
/// ```
/// use function_core::catalog::Catalog;
///
/// let errors = Catalog::new("Bad_Name", "v1").check().unwrap_err();
/// assert_eq!(errors.problems().len(), 2);
/// assert!(errors.to_string().contains("\n"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckErrors(Vec<Problem>);

impl CheckErrors {
    /// The problems, in the order found.
    pub fn problems(&self) -> &[Problem] {
        &self.0
    }
}

impl fmt::Display for CheckErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CheckErrors {}

/// What can go wrong when rendering or writing a catalog.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The catalog did not pass [`Catalog::check`].
    #[error("{0}")]
    Check(#[from] CheckErrors),
    /// An object could not be written as YAML.
    #[error("cannot write YAML: {0}")]
    Yaml(#[from] yaml::WriteError),
    /// A file or directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// The output directory exists, is not empty, and is not a chart written by kubestash-fn.
    #[error(
        "{}: refusing to write there: the directory is not empty and holds no Chart.yaml written by kubestash-fn",
        dir.display()
    )]
    NotGenerated {
        /// The directory.
        dir: PathBuf,
    },
    /// The directory [`write_new_dir`] was to create exists and is not an empty directory.
    #[error(
        "{}: refusing to write there: it exists and is not an empty directory",
        dir.display()
    )]
    NotEmpty {
        /// The directory.
        dir: PathBuf,
    },
}

impl Catalog {
    /// An empty catalog whose chart is `name` at `version` (SemVer 2, e.g. `2026.7.10`).
    ///
    /// ```
    /// let c = function_core::catalog::Catalog::new("kubestash-catalog", "2026.7.10");
    /// assert_eq!((c.name(), c.version()), ("kubestash-catalog", "2026.7.10"));
    /// ```
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        Catalog {
            name: name.into(),
            version: version.into(),
            ..Catalog::default()
        }
    }

    /// The chart's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The chart's version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// `NAME VERSION: N Functions, M Addons`, as the tools that write a catalog say what they
    /// wrote.
    ///
    /// ```
    /// use function_core::api::{Addon, AddonSpec};
    /// use function_core::catalog::Catalog;
    ///
    /// let mut catalog = Catalog::new("demo", "1.0.0");
    /// catalog.add_addon(Addon::new("pvc-addon", AddonSpec::default()));
    /// assert_eq!(catalog.summary(), "demo 1.0.0: 0 Functions, 1 Addon");
    /// ```
    pub fn summary(&self) -> String {
        format!(
            "{} {}: {}, {}",
            self.name,
            self.version,
            count(self.functions.len(), "Function"),
            count(self.addons.len(), "Addon")
        )
    }

    /// Sets the chart's `appVersion` (any text, e.g. `v2026.7.10`).
    pub fn app_version(&mut self, app_version: impl Into<String>) -> &mut Self {
        self.app_version = Some(app_version.into());
        self
    }

    /// Sets the chart's description (default: `<name>: KubeStash Functions and Addons`).
    pub fn description(&mut self, description: impl Into<String>) -> &mut Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the chart's `kubeVersion` constraint (e.g. `>=1.26.0-0`).
    pub fn kube_version(&mut self, constraint: impl Into<String>) -> &mut Self {
        self.kube_version = Some(constraint.into());
        self
    }

    /// Adds a Function.
    pub fn add_function(&mut self, function: Function) -> &mut Self {
        self.functions.push(function);
        self
    }

    /// Adds an Addon.
    pub fn add_addon(&mut self, addon: Addon) -> &mut Self {
        self.addons.push(addon);
        self
    }

    /// Adds a Function or an Addon.
    ///
    /// ```
    /// use function_core::catalog::Catalog;
    ///
    /// let docs = function_core::yaml::from_str(
    ///     "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: a-backup\nspec: {}\n",
    ///     "a.yaml",
    /// ).unwrap();
    /// let mut c = Catalog::new("a", "0.1.0");
    /// c.add_objects(docs.into_iter().map(|d| d.object));
    /// assert_eq!(c.functions().len(), 1);
    /// ```
    pub fn add_object(&mut self, object: Object) -> &mut Self {
        match object {
            Object::Function(f) => self.add_function(f),
            Object::Addon(a) => self.add_addon(a),
        }
    }

    /// Adds a Function with its Helm value bindings (each bound in that Function only). A
    /// Function equal to one already added is not added twice (an Addon's Functions often are).
    pub fn add_function_entry(&mut self, entry: FunctionEntry) -> &mut Self {
        let name = entry.manifest.metadata.name.clone().unwrap_or_default();
        if !self.functions.contains(&entry.manifest) {
            self.functions.push(entry.manifest);
        }
        for bound in entry.helm_values {
            let binding = HelmValue {
                function: Some(name.clone()),
                ..HelmValue::new(&bound.key, &bound.variable)
            };
            if !self.bindings.contains(&binding) {
                self.bindings.push(binding);
            }
            if let Some(bounds) = bound.bounds {
                let merged = match self.value_bounds.get(&bound.key) {
                    Some(known) => narrowest(*known, bounds),
                    None => bounds,
                };
                self.value_bounds.insert(bound.key.clone(), merged);
            }
            if !bound.usage.is_empty() {
                self.value_descriptions
                    .entry(bound.key)
                    .or_insert(bound.usage);
            }
        }
        self
    }

    /// Adds a `#[derive(Function)]` type's Function, with its `helm_value` bindings.
    ///
    /// ```
    /// use function_core::Function;
    /// use function_core::catalog::Catalog;
    ///
    /// #[derive(Function)]
    /// #[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
    /// struct VaultBackup {
    ///     /// Number of seconds to wait for Vault to be ready.
    ///     #[arg(default = 300, helm_value = "waitTimeout")]
    ///     wait_timeout: u32,
    /// }
    ///
    /// let mut c = Catalog::new("vault", "1.0.0");
    /// c.add_plugin_function::<VaultBackup>();
    /// let values = c.chart().unwrap().file("values.yaml").unwrap().to_owned();
    /// assert!(values.contains("# Number of seconds to wait for Vault to be ready."));
    /// assert!(values.contains("\nwaitTimeout: 300\n"));
    /// ```
    pub fn add_plugin_function<T: PluginFunction>(&mut self) -> &mut Self {
        self.add_function_entry(FunctionEntry::of::<T>())
    }

    /// Adds an [`addon!`](crate::addon!) Addon and the Functions its tasks run (with their
    /// bindings); its [`problems`](PluginAddon::problems) are reported by
    /// [`check`](Self::check).
    pub fn add_plugin_addon<A: PluginAddon>(&mut self) -> &mut Self {
        let definition = A::definition();
        for problem in definition.problems() {
            self.plugin_problems.push(Problem {
                object: Some(ObjectRef {
                    kind: "Addon",
                    name: definition.name.clone(),
                }),
                message: problem,
            });
        }
        for entry in definition.functions() {
            self.add_function_entry(entry);
        }
        self.add_addon(definition.manifest())
    }

    /// Adds Functions and Addons.
    pub fn add_objects(&mut self, objects: impl IntoIterator<Item = Object>) -> &mut Self {
        for object in objects {
            self.add_object(object);
        }
        self
    }

    /// Makes the default of `${variable:=...}` in every Function's arguments come from the
    /// Helm value `key` (see [Helm values](self#helm-values)).
    pub fn bind_helm_value(
        &mut self,
        key: impl Into<String>,
        variable: impl Into<String>,
    ) -> &mut Self {
        self.bindings.push(HelmValue::new(key, variable));
        self
    }

    /// Like [`bind_helm_value`](Self::bind_helm_value), for the Function named `function` only.
    pub fn bind_helm_value_in(
        &mut self,
        function: impl Into<String>,
        key: impl Into<String>,
        variable: impl Into<String>,
    ) -> &mut Self {
        self.bindings.push(HelmValue {
            function: Some(function.into()),
            ..HelmValue::new(key, variable)
        });
        self
    }

    /// Sets the comment of a bound Helm value in `values.yaml` (default: the usage of a task
    /// parameter of that name, else a generic one).
    pub fn describe_helm_value(
        &mut self,
        key: impl Into<String>,
        description: impl Into<String>,
    ) -> &mut Self {
        self.value_descriptions
            .insert(key.into(), description.into());
        self
    }

    /// The Functions, in the order added.
    pub fn functions(&self) -> &[Function] {
        &self.functions
    }

    /// The Addons, in the order added.
    pub fn addons(&self) -> &[Addon] {
        &self.addons
    }

    /// The Helm value bindings, in the order added.
    pub fn helm_values(&self) -> &[HelmValue] {
        &self.bindings
    }

    /// Every object, Functions then Addons, each sorted by name: the order of
    /// [`manifests`](Self::manifests).
    pub fn objects(&self) -> Vec<Object> {
        let mut functions = self.functions.clone();
        functions.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
        let mut addons = self.addons.clone();
        addons.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
        functions
            .into_iter()
            .map(Object::Function)
            .chain(addons.into_iter().map(Object::Addon))
            .collect()
    }

    /// Checks the catalog as a whole (see [Checks](self#checks)).
    ///
    /// # Errors
    /// Every problem found.
    ///
    /// ```
    /// use function_core::api::{Addon, AddonSpec, Task};
    /// use function_core::catalog::Catalog;
    ///
    /// let mut c = Catalog::new("demo", "0.1.0");
    /// c.add_addon(Addon::new("pvc-addon", AddonSpec {
    ///     backup_tasks: vec![Task { name: "b".into(), function: "pvc-backup".into(), ..Task::default() }],
    ///     ..AddonSpec::default()
    /// }));
    /// let errors = c.check().unwrap_err();
    /// assert_eq!(
    ///     errors.to_string(),
    ///     "Addon pvc-addon: spec.backupTasks[0].function: backup task `b` runs the Function \
    ///      `pvc-backup`, which is not among the objects [KSF0001 unknown-function]",
    /// );
    /// ```
    pub fn check(&self) -> Result<(), CheckErrors> {
        self.analyze().map(|_| ())
    }

    /// Every object as canonical multi-document YAML, in the order of
    /// [`objects`](Self::objects). The objects are written as they are (bindings only affect
    /// the chart).
    ///
    /// # Errors
    /// The catalog does not pass [`check`](Self::check), or an object cannot be written.
    pub fn manifests(&self) -> Result<String, Error> {
        self.check()?;
        Ok(yaml::to_string_all(&self.objects())?)
    }

    /// Writes [`manifests`](Self::manifests) to `path` (a temporary sibling renamed into
    /// place; not touched when it already has this content). Returns whether it was written.
    ///
    /// # Errors
    /// As [`manifests`](Self::manifests), or the file cannot be written.
    pub fn write_manifests(&self, path: impl AsRef<Path>) -> Result<bool, Error> {
        let text = self.manifests()?;
        write::write_file_if_changed(path.as_ref(), text.as_bytes())
    }

    /// Renders the chart in memory.
    ///
    /// # Errors
    /// The catalog does not pass [`check`](Self::check), or an object cannot be written.
    pub fn chart(&self) -> Result<Chart, Error> {
        let analysis = self.analyze()?;
        chart::render(self, &analysis)
    }

    /// Renders the chart and writes it into `dir` (see [Writing](self#writing)).
    ///
    /// # Errors
    /// As [`chart`](Self::chart); or `dir` exists and is not a chart written by kubestash-fn
    /// ([`Error::NotGenerated`]), or cannot be written ([`Error::Io`]).
    pub fn write_chart(&self, dir: impl AsRef<Path>) -> Result<WriteReport, Error> {
        self.chart()?.write_to(dir)
    }

    /// The bindings of the Function `function`: variable → key.
    fn bindings_of(&self, function: &str) -> BTreeMap<&str, &str> {
        self.bindings
            .iter()
            .filter(|b| b.function.as_deref().is_none_or(|f| f == function))
            .map(|b| (b.variable.as_str(), b.key.as_str()))
            .collect()
    }

    /// Checks everything and computes what the chart needs.
    fn analyze(&self) -> Result<Analysis, CheckErrors> {
        let mut problems = Problems(self.plugin_problems.clone());
        if let Err(e) = function_rules::check_dns_label(&self.name) {
            problems.global(format!("chart name {}", e.message()));
        }
        if let Some(why) = semver::semver_problem(&self.version) {
            problems.global(format!(
                "chart version `{}` is not SemVer 2 ({why}); Helm v4 rejects it",
                self.version
            ));
        }
        for (what, text) in [
            ("appVersion", &self.app_version),
            ("kubeVersion", &self.kube_version),
            ("description", &self.description),
        ] {
            if let Some(text) = text
                && (text.trim().is_empty() || text.chars().any(char::is_control))
            {
                problems.global(format!(
                    "chart {what} `{}` must be non-empty text on one line",
                    text.escape_debug()
                ));
            }
        }

        let mut analysis = Analysis::default();

        // Names, apps, labels.
        let mut seen: BTreeMap<&str, &'static str> = BTreeMap::new();
        let objects = self
            .functions
            .iter()
            .map(|f| ("Function", &f.metadata))
            .chain(self.addons.iter().map(|a| ("Addon", &a.metadata)));
        for (kind, meta) in objects {
            let name = meta.name.as_deref().unwrap_or_default();
            // Invalid names and two objects of a kind with one name are the lint's errors.
            match seen.get(name) {
                Some(&other) if other != kind => problems.object(
                    kind,
                    name,
                    format!("a {other} has the same name: their chart templates would collide"),
                ),
                Some(_) => {}
                None => {
                    seen.insert(name, kind);
                }
            }
            let app = app_of(name);
            if RESERVED_KEYS.contains(&app) {
                problems.object(
                    kind,
                    name,
                    format!(
                        "its app `{app}` (the name up to the first `-`) is a reserved values key"
                    ),
                );
            }
            analysis
                .apps
                .entry(app.to_owned())
                .or_default()
                .push((kind, name.to_owned()));
            for key in meta.labels.iter().flatten().map(|(k, _)| k) {
                if STANDARD_LABELS.contains(&key.as_str()) {
                    problems.object(
                        kind,
                        name,
                        format!("label `{key}` is set by the chart; remove it from the object"),
                    );
                }
            }
        }

        // The lint's errors: names, tasks and their Functions, images, versions, templates.
        self.lint_errors(&mut problems);

        // Images and proxies.
        let mut registries: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in &self.functions {
            // A malformed reference is not rewritten (the chart writes it as is).
            if let Ok(reference) = function_rules::check_image(&f.spec.image) {
                registries
                    .entry(image::proxy_key(&reference))
                    .or_default()
                    .insert(reference.domain().unwrap_or_default().to_owned());
            }
        }
        for (key, hosts) in &registries {
            if hosts.len() > 1 {
                let shown: Vec<String> = hosts
                    .iter()
                    .map(|h| {
                        if h.is_empty() {
                            "(none)".to_owned()
                        } else {
                            format!("`{h}`")
                        }
                    })
                    .collect();
                problems.global(format!(
                    "images use the registries {} which share the values key proxies.{key}; \
                     write their registries the same way",
                    shown.join(", ")
                ));
            } else if let Some(host) = hosts.first() {
                analysis.proxies.insert(key.clone(), host.clone());
            }
        }

        // Helm values.
        self.analyze_values(&mut analysis, &mut problems);

        if problems.0.is_empty() {
            Ok(analysis)
        } else {
            Err(CheckErrors(problems.0))
        }
    }

    /// Runs the lint over the catalog as a whole (every Function its Addons run must be in it)
    /// and adds its errors, each as `PATH: message [CODE name]`.
    fn lint_errors(&self, problems: &mut Problems) {
        let objects: Vec<Object> = self
            .functions
            .iter()
            .cloned()
            .map(Object::Function)
            .chain(self.addons.iter().cloned().map(Object::Addon))
            .collect();
        let inputs: Vec<lint::Input<'_>> = objects.iter().map(lint::Input::object).collect();
        let options = lint::Options {
            complete: true,
            ..lint::Options::default()
        };
        for d in lint::lint(&inputs, &options) {
            if d.severity != lint::Severity::Error {
                continue;
            }
            let (kind, name) = match d.object.as_deref().and_then(|o| o.split_once('/')) {
                Some(("Function", name)) => ("Function", name.to_owned()),
                Some((_, name)) => ("Addon", name.to_owned()),
                None => (
                    if d.object.as_deref() == Some("Function") {
                        "Function"
                    } else {
                        "Addon"
                    },
                    String::new(),
                ),
            };
            let path = if d.path.is_empty() {
                String::new()
            } else {
                format!("{}: ", d.path)
            };
            problems.object(
                kind,
                &name,
                format!("{path}{} [{} {}]", d.message, d.code.id(), d.code.name()),
            );
        }
    }

    fn analyze_values(&self, analysis: &mut Analysis, problems: &mut Problems) {
        // Keys: valid, not reserved, no clash with apps or with each other.
        let keys: BTreeSet<&str> = self.bindings.iter().map(|b| b.key.as_str()).collect();
        for &key in &keys {
            let segments: Vec<&str> = key.split('.').collect();
            if let Err(e) = function_rules::check_helm_value(key) {
                problems.global(format!("Helm value {}", e.message()));
                continue;
            }
            if RESERVED_KEYS.contains(&segments[0]) {
                problems.global(format!(
                    "Helm value `{key}`: `{}` is reserved by the chart",
                    segments[0]
                ));
            }
            if analysis.apps.contains_key(segments[0])
                && (segments.len() == 1 || segments[1] == "enabled")
            {
                problems.global(format!(
                    "Helm value `{key}`: clashes with the switch of app `{}` ({}.enabled)",
                    segments[0], segments[0]
                ));
            }
            if let Some(other) = keys.iter().find(|o| {
                o.len() > key.len() && o.starts_with(key) && o[key.len()..].starts_with('.')
            }) {
                problems.global(format!(
                    "Helm value `{key}` clashes with `{other}`: a value cannot also hold values"
                ));
            }
        }
        for b in &self.bindings {
            if let Some(f) = &b.function
                && !self
                    .functions
                    .iter()
                    .any(|x| x.metadata.name.as_deref() == Some(f))
            {
                problems.global(format!(
                    "Helm value {b}: Function {f} is not in the catalog"
                ));
            }
        }

        // Sites: the defaults each key supplies.
        let mut sites: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
        for f in &self.functions {
            let name = f.metadata.name.as_deref().unwrap_or_default();
            let bound = self.bindings_of(name);
            if bound.is_empty() {
                continue;
            }
            let mut vars: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for b in self
                .bindings
                .iter()
                .filter(|b| b.function.as_deref().is_none_or(|x| x == name))
            {
                vars.entry(b.variable.as_str())
                    .or_default()
                    .push(b.key.as_str());
            }
            for (var, ks) in &vars {
                let distinct: BTreeSet<&&str> = ks.iter().collect();
                let used = f.spec.args.iter().any(|a| {
                    crate::envsubst::Template::parse(a)
                        .is_ok_and(|t| t.all_expressions().any(|e| e.name() == *var))
                });
                if distinct.len() > 1 && used {
                    problems.object(
                        "Function",
                        name,
                        format!(
                            "${{{var}}} is bound to several Helm values: {}",
                            distinct
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
            }
            for arg in &f.spec.args {
                match bind::find_defaults(arg, |v| bound.contains_key(v)) {
                    Ok(found) => {
                        for found in found {
                            sites
                                .entry(bound[found.variable])
                                .or_default()
                                .push((arg[found.default].to_owned(), format!("Function {name}")));
                        }
                    }
                    Err(message) => problems.object("Function", name, message),
                }
            }
        }
        for addon in &self.addons {
            let name = addon.metadata.name.as_deref().unwrap_or_default();
            for task in addon
                .spec
                .backup_tasks
                .iter()
                .chain(&addon.spec.restore_tasks)
            {
                let bound = self.bindings_of(&task.function);
                for p in &task.parameters {
                    if let Some(key) = bound.get(p.name.as_str())
                        && !p.default.is_empty()
                    {
                        sites
                            .entry(key)
                            .or_default()
                            .push((p.default.clone(), format!("Addon {name}")));
                    }
                }
            }
        }
        for &key in &keys {
            if function_rules::check_helm_value(key).is_err() {
                // Reported above, once: an invalid key binds nothing anyway.
                continue;
            }
            let Some(found) = sites.get(key) else {
                let vars: BTreeSet<&str> = self
                    .bindings
                    .iter()
                    .filter(|b| b.key == key)
                    .map(|b| b.variable.as_str())
                    .collect();
                problems.global(format!(
                    "Helm value `{key}` binds nothing: no Function argument has a default for {}",
                    vars.iter()
                        .map(|v| format!("${{{v}:=...}}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
                continue;
            };
            let defaults: BTreeSet<&str> = found.iter().map(|(d, _)| d.as_str()).collect();
            if defaults.len() > 1 {
                let shown: Vec<String> = defaults
                    .iter()
                    .map(|d| {
                        let mut whose: Vec<&str> = found
                            .iter()
                            .filter(|(x, _)| x == d)
                            .map(|(_, w)| w.as_str())
                            .collect();
                        whose.dedup();
                        format!("\"{d}\" ({})", whose.join(", "))
                    })
                    .collect();
                problems.global(format!(
                    "Helm value `{key}` has conflicting defaults: {}",
                    shown.join(" vs ")
                ));
                continue;
            }
            let default = defaults.first().copied().unwrap_or_default().to_owned();
            let kind = ValueKind::of(&default);
            if kind == ValueKind::Text && !is_safe_text(&default) {
                problems.global(format!(
                    "Helm value `{key}`: its default \"{}\" holds a character the chart's schema \
                     forbids (`}}`, `$`, `\"`, `\\` or a control character)",
                    default.escape_debug()
                ));
            }
            let mut used_by: Vec<String> = found.iter().map(|(_, w)| w.clone()).collect();
            used_by.sort();
            used_by.dedup();
            let description = self.value_descriptions.get(key).cloned().or_else(|| {
                // The usage of a task parameter of the bound variable.
                self.addons
                    .iter()
                    .flat_map(|a| a.spec.backup_tasks.iter().chain(&a.spec.restore_tasks))
                    .flat_map(|t| {
                        let bound = self.bindings_of(&t.function);
                        t.parameters
                            .iter()
                            .filter(move |p| bound.get(p.name.as_str()) == Some(&key))
                            .map(|p| p.usage.clone())
                            .collect::<Vec<_>>()
                    })
                    .find(|u| !u.is_empty())
            });
            analysis.values.insert(
                key.to_owned(),
                BoundValue {
                    default,
                    kind,
                    description,
                    used_by,
                    bounds: self.value_bounds.get(key).copied(),
                },
            );
        }
    }
}

/// The problems found so far.
#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn global(&mut self, message: String) {
        self.0.push(Problem {
            object: None,
            message,
        });
    }

    fn object(&mut self, kind: &'static str, name: &str, message: String) {
        self.0.push(Problem {
            object: Some(ObjectRef {
                kind,
                name: name.to_owned(),
            }),
            message,
        });
    }
}

/// What [`Catalog::check`] computes for the chart.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    /// App → its objects (kind, name), in the order added.
    apps: BTreeMap<String, Vec<(&'static str, String)>>,
    /// `proxies` key → the registry as written.
    proxies: BTreeMap<String, String>,
    /// Values key → its default and description.
    values: BTreeMap<String, BoundValue>,
}

#[derive(Debug)]
pub(crate) struct BoundValue {
    default: String,
    kind: ValueKind,
    description: Option<String>,
    used_by: Vec<String>,
    /// What the Rust types of the arguments bound to it allow (plugin Functions only).
    bounds: Option<ValueBounds>,
}

/// Bounds that two arguments bound to one Helm value both allow: the intersection of two
/// integer ranges; otherwise the first (the values' kinds are checked by their defaults).
fn narrowest(a: ValueBounds, b: ValueBounds) -> ValueBounds {
    match (a, b) {
        (
            ValueBounds::Integer { minimum, maximum },
            ValueBounds::Integer {
                minimum: min_b,
                maximum: max_b,
            },
        ) => ValueBounds::Integer {
            minimum: minimum.max(min_b),
            maximum: maximum.min(max_b),
        },
        (a, _) => a,
    }
}

/// How a bound value is typed in the schema and rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueKind {
    /// The default is an integer written canonically (`300`, not `0300`): `type: integer`.
    Integer,
    /// `true` or `false`: `type: boolean`.
    Boolean,
    /// Anything else: text (numbers and booleans given with `--set` are accepted too).
    Text,
}

impl ValueKind {
    fn of(default: &str) -> Self {
        if default
            .parse::<i64>()
            .is_ok_and(|n| n.to_string() == default)
        {
            ValueKind::Integer
        } else if default == "true" || default == "false" {
            ValueKind::Boolean
        } else {
            ValueKind::Text
        }
    }
}

/// Whether a text value is safe inside `${var:=...}` in the operator's JSON: no `}`, `$`, `"`,
/// `\` or control character. The schema's `pattern` says the same.
fn is_safe_text(text: &str) -> bool {
    !text
        .chars()
        .any(|c| matches!(c, '}' | '$' | '"' | '\\') || c.is_control())
}

/// The app of an object: its name up to the first `-`.
fn app_of(name: &str) -> &str {
    name.split('-').next().unwrap_or(name)
}
