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
//! [`Catalog::check`] reports every problem at once ([`CheckErrors`], one
//! [`Diagnostic`] each, the lint's model of a problem):
//!
//! - the chart name is a lowercase DNS label (letters, digits, `-`) and the chart version is
//!   SemVer 2 (Helm v4 rejects `v2026.7.10`);
//! - the objects pass the [`lint`] without errors, as a whole catalog (every
//!   Function an Addon runs is in it): valid and distinct names of objects and tasks, every
//!   task's Function present, valid images and `availableVersions`, templates that parse; each
//!   error is the lint's [`Diagnostic`] as it is (with its file and
//!   position when the objects were added with [`Catalog::add_files`]);
//! - no Function shares its name with an Addon (their templates would);
//! - an object's own labels do not set one of the chart's standard labels;
//! - an app (see below) is not called like a reserved value (`proxies`, `global`, `webhook`);
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
//! - `templates/kubestash-fn-webhook.yaml`: the optional admission webhook
//!   (`webhook.enabled`, off by default; README "Webhook").
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

mod analyze;
mod bind;
mod chart;
mod error;
mod image;
mod semver;
mod values;
mod write;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::addon::PluginAddon;
use crate::api::{Addon, Function};
use crate::fsio::{self, WriteReport};
use crate::lint::{self, Diagnostic, ObjectRef};
use crate::plugin::{FunctionEntry, PluginFunction, ValueBounds};
use crate::text::count;
use crate::yaml::{self, Object, SourceMap};

pub use chart::Chart;
pub use error::{CheckErrors, Error};
pub use values::HelmValue;

/// The labels the chart sets on every object; an object may not set them itself.
pub const STANDARD_LABELS: [&str; 5] = [
    "helm.sh/chart",
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/version",
    "app.kubernetes.io/managed-by",
];

/// Top-level values keys the chart uses itself.
const RESERVED_KEYS: [&str; 5] = [
    "nameOverride",
    "fullnameOverride",
    "proxies",
    "global",
    "webhook",
];

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
    plugin_problems: Vec<Diagnostic>,
    sources: Sources,
}

/// Where an object was read: its file and where its nodes are.
#[derive(Clone, Debug)]
struct Source {
    file: String,
    map: SourceMap,
}

/// Where the objects added with [`Catalog::add_files`] were read, by index among the
/// Functions or the Addons: for the positions of the catalog's diagnostics. Not part of a
/// catalog's value: two catalogs of the same objects are equal wherever they were read.
#[derive(Clone, Debug, Default)]
struct Sources {
    functions: BTreeMap<usize, Arc<Source>>,
    addons: BTreeMap<usize, Arc<Source>>,
}

impl PartialEq for Sources {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Sources {
    /// The source of each of the first `n` Functions.
    fn of_functions(&self, n: usize) -> impl Iterator<Item = Option<&Source>> {
        (0..n).map(|i| self.functions.get(&i).map(|s| &**s))
    }

    /// The source of each of the first `n` Addons.
    fn of_addons(&self, n: usize) -> impl Iterator<Item = Option<&Source>> {
        (0..n).map(|i| self.addons.get(&i).map(|s| &**s))
    }
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
                    Some(known) => values::narrowest(*known, bounds),
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
            self.plugin_problems.push(
                Diagnostic::error(problem).with_object(ObjectRef::new("Addon", &definition.name)),
            );
        }
        for entry in definition.functions() {
            self.add_function_entry(entry);
        }
        self.add_addon(definition.manifest())
    }

    /// Adds the objects read from YAML (in order), keeping where each was read: the
    /// diagnostics of [`check`](Self::check) then carry their files and positions, the lint's
    /// at the offending node, the catalog's own at the object's start. This is how
    /// `kubestash-fn chart` builds its catalog, linting the objects once.
    ///
    /// ```
    /// use function_core::catalog::Catalog;
    /// use function_core::lint::Files;
    ///
    /// let text = "apiVersion: addons.kubestash.com/v1alpha1\nkind: Addon\nmetadata:\n  name: demo-addon\nspec:\n  backupTasks:\n  - name: b\n    function: demo-backup\n";
    /// let mut files = Files::new();
    /// files.add_str("demo.yaml", text, &Default::default())?;
    /// let mut c = Catalog::new("demo", "0.1.0");
    /// c.add_files(files);
    /// let errors = c.check().unwrap_err();
    /// assert!(errors.to_string().starts_with(
    ///     "demo.yaml:8:15: Addon/demo-addon: spec.backupTasks[0].function: backup task `b` runs"
    /// ));
    /// # Ok::<(), function_core::yaml::Error>(())
    /// ```
    pub fn add_files(&mut self, files: lint::Files) -> &mut Self {
        for (document, map) in files.into_mapped() {
            let source = Arc::new(Source {
                file: document.source_name,
                map,
            });
            match document.object {
                Object::Function(f) => {
                    self.sources.functions.insert(self.functions.len(), source);
                    self.add_function(f);
                }
                Object::Addon(a) => {
                    self.sources.addons.insert(self.addons.len(), source);
                    self.add_addon(a);
                }
            }
        }
        self
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
    ///     "Addon/pvc-addon: spec.backupTasks[0].function: backup task `b` runs the Function \
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
        Ok(fsio::write_file_if_changed(path.as_ref(), text.as_bytes())?)
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
    /// ([`Error::NotGenerated`]), or cannot be written ([`Error::Write`]).
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
}
