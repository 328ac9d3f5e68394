//! A test harness for plugin authors: run a derived Function for an Addon task exactly as the
//! operator would, and check that a struct keeps the round-trip laws.
//!
//! [`Scenario`] gathers what the operator would have (the task's parameter defaults, its
//! built-in variables, the user's params, the database version, the invoker's runtime settings),
//! resolves the Function for the task with [`crate::resolve`] (the whole object substituted
//! through its JSON text, `${DB_VERSION}` chosen from `availableVersions`), builds the container
//! with [`crate::container`], and parses the container's arguments with the plugin's own parser
//! ([`PluginFunction::from_args`]). So a test sees what the plugin binary would receive in a
//! cluster:
//!
//! ```
//! use function_core::{addon, Function};
//! use function_core::testing::Scenario;
//!
//! /// Backs up a PVC.
//! #[derive(Function, Debug, PartialEq)]
//! #[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0", subcommand = "backup")]
//! pub struct PvcBackup {
//!     #[arg(builtin)]
//!     namespace: String,
//!     /// Paths to back up.
//!     #[arg(default = "/kubestash-data")]
//!     paths: String,
//!     /// Number of seconds to wait.
//!     #[arg(default = 300)]
//!     wait_timeout: u32,
//! }
//!
//! addon! {
//!     pub struct PvcAddon {
//!         name: "pvc-addon",
//!         backup_tasks: [{
//!             name: "logical-backup",
//!             function: PvcBackup,
//!             overrides: [paths { default: "/data" }],
//!             volume_template: [{ name: "data", source: persistent_volume_claim("${PVC_NAME}") }],
//!             volume_mounts: [{ name: "data", mount_path: "/data" }],
//!         }],
//!     }
//! }
//!
//! let run = Scenario::task::<PvcAddon>("logical-backup")
//!     .builtin("namespace", "demo")
//!     .builtin("PVC_NAME", "my-claim")
//!     .param("waitTimeout", "60")
//!     .run::<PvcBackup>()?;
//! // The plugin's arguments, parsed by its own parser:
//! assert_eq!(run.args, PvcBackup { namespace: "demo".into(), paths: "/data".into(), wait_timeout: 60 });
//! // The container and the pod volumes the operator would create:
//! assert_eq!(run.container.image.as_deref(), Some("ghcr.io/kubestash/pvc:v0.28.0"));
//! assert_eq!(run.container.args.as_deref().unwrap()[0], "backup");
//! let claim = run.volumes[0].persistent_volume_claim.as_ref().unwrap();
//! assert_eq!(claim.claim_name, "my-claim");
//! # Ok::<(), function_core::testing::Error>(())
//! ```
//!
//! [`check_laws`] checks a struct against the laws the derive promises, over generated
//! arguments (see [`Laws`]).

mod laws;

use std::fmt;

use k8s_openapi::api::core::v1::{Container, PersistentVolumeClaim, Volume};

use crate::PluginFunction;
use crate::addon::PluginAddon;
use crate::api::{Addon, ContainerRuntimeSettings};
use crate::container::{BuildOptions, RequestsMode};
use crate::plugin::ArgsError;
use crate::resolve::{Builtins, Inputs, Layer, ResolveError, Resolved, Resolver};

pub use laws::{Laws, LawsError, LawsReport, check_laws};

/// What the operator would have when it runs one step of a task: see the [module
/// docs](self).
///
/// Inputs go to the layers of [`crate::resolve::Inputs`]: the task's parameter defaults (from
/// the Addon), [`builtin`](Self::builtin) (the operator's variables and placeholders),
/// [`param`](Self::param) (the user's `addon.tasks[].params`) and `DB_VERSION` (chosen from
/// [`db_version`](Self::db_version)), in the operator's precedence.
#[derive(Clone, Debug, Default)]
pub struct Scenario {
    addon: Option<Addon>,
    task: Option<String>,
    inputs: Inputs,
    db_version: Option<String>,
    options: BuildOptions,
}

impl Scenario {
    /// The task `task` of the [`addon!`](crate::addon!) Addon `A` (a backup or a restore task).
    ///
    /// ```
    /// # use function_core::{addon, Function};
    /// # #[derive(Function)]
    /// # #[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
    /// # pub struct VaultBackup {}
    /// # addon! { pub struct VaultAddon { name: "vault-addon", backup_tasks: [{ name: "backup", function: VaultBackup }] } }
    /// let scenario = function_core::testing::Scenario::task::<VaultAddon>("backup");
    /// assert!(scenario.run::<VaultBackup>().is_ok());
    /// ```
    pub fn task<A: PluginAddon>(task: &str) -> Self {
        Self::task_of(A::manifest(), task)
    }

    /// The task `task` of an Addon object (read from YAML, say).
    pub fn task_of(addon: Addon, task: &str) -> Self {
        Scenario {
            addon: Some(addon),
            task: Some(task.to_owned()),
            ..Scenario::default()
        }
    }

    /// The Function alone, with no task: only the inputs given here (no parameter defaults, no
    /// task volumes).
    ///
    /// ```
    /// # use function_core::Function;
    /// # #[derive(Function, Debug, PartialEq)]
    /// # #[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
    /// # pub struct VaultBackup { #[arg(default = 300)] wait_timeout: u32 }
    /// let run = function_core::testing::Scenario::function().param("waitTimeout", "5").run::<VaultBackup>()?;
    /// assert_eq!(run.args.wait_timeout, 5);
    /// # Ok::<(), function_core::testing::Error>(())
    /// ```
    pub fn function() -> Self {
        Scenario::default()
    }

    /// Sets a variable the operator provides (`namespace`, `backupSession`, ...) or a
    /// placeholder (`PVC_NAME`, ...): the [`Layer::Builtins`] layer.
    pub fn builtin(mut self, key: &str, value: &str) -> Self {
        self.inputs.set(Layer::Builtins, key, value);
        self
    }

    /// Sets every built-in that `builtins` holds.
    pub fn builtins(mut self, builtins: &Builtins) -> Self {
        self.inputs.set_builtins(builtins);
        self
    }

    /// Sets a user parameter (`addon.tasks[].params`): the [`Layer::UserParams`] layer.
    pub fn param(mut self, key: &str, value: &str) -> Self {
        self.inputs.set(Layer::UserParams, key, value);
        self
    }

    /// The database's version: `${DB_VERSION}` is chosen from the Function's
    /// `availableVersions` as the operator chooses it.
    pub fn db_version(mut self, version: &str) -> Self {
        self.db_version = Some(version.to_owned());
        self
    }

    /// The invoker's container runtime settings, applied last (as the operator does).
    pub fn runtime_settings(mut self, settings: ContainerRuntimeSettings) -> Self {
        self.options.runtime_settings = Some(settings);
        self
    }

    /// How requests are applied ([`RequestsMode::Upstream`] by default, as the operator).
    pub fn requests(mut self, mode: RequestsMode) -> Self {
        self.options.requests_mode = mode;
        self
    }

    /// The index of the step in the task (the container name's suffix; 0 by default).
    pub fn step(mut self, index: usize) -> Self {
        self.options.step_index = index;
        self
    }

    /// Resolves `F` for the task, builds the container and parses its arguments with `F`'s
    /// parser.
    ///
    /// # Errors
    /// The task does not exist or runs another Function, a required parameter has no value, a
    /// variable has no value, `${DB_VERSION}` cannot be chosen ([`Error::Resolve`]), or the
    /// plugin's parser refuses the resolved arguments ([`Error::Args`]).
    pub fn run<F: PluginFunction>(&self) -> Result<Run<F>, Error> {
        let manifest = F::manifest();
        let mut resolver = Resolver::new(&manifest);
        if let (Some(addon), Some(task)) = (&self.addon, &self.task) {
            resolver = resolver.task(addon, task);
        }
        if let Some(version) = &self.db_version {
            resolver = resolver.db_version(version.clone());
        }
        let resolved = resolver.resolve(self.inputs.clone())?;
        let built = resolved.container(&self.options);
        let arguments = built.container.args.clone().unwrap_or_default();
        let args = F::from_args(arguments.iter().cloned()).map_err(|error| Error::Args {
            function: F::name(),
            arguments,
            error: Box::new(error),
        })?;
        Ok(Run {
            args,
            container: built.container,
            volumes: built.volumes,
            persistent_volume_claims: built.persistent_volume_claims,
            resolved,
        })
    }
}

/// One step run by [`Scenario::run`]: what the plugin binary receives, and what the operator
/// creates for it.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Run<F> {
    /// The container's arguments, parsed by the plugin's own parser.
    pub args: F,
    /// The container the operator would run.
    pub container: Container,
    /// The pod volumes (the task's volume templates, resolved).
    pub volumes: Vec<Volume>,
    /// Claims the operator would create from `volumeClaimTemplate` sources.
    pub persistent_volume_claims: Vec<PersistentVolumeClaim>,
    /// The resolved Function and task, and the inputs (with the chosen `DB_VERSION`).
    pub resolved: Resolved,
}

impl<F> Run<F> {
    /// The container's arguments, as resolved (before parsing).
    pub fn arguments(&self) -> &[String] {
        self.container.args.as_deref().unwrap_or_default()
    }

    /// The chosen `${DB_VERSION}`, if the Function uses it and a database version was given.
    pub fn db_version(&self) -> Option<&str> {
        self.resolved
            .inputs
            .layer(Layer::DbVersion)?
            .get("DB_VERSION")
            .map(String::as_str)
    }
}

/// Why a [`Scenario`] could not run.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The operator would not get as far as the container (see [`ResolveError`]).
    Resolve(Box<ResolveError>),
    /// The plugin's parser refuses the resolved arguments: the template and the parser
    /// disagree, or an input is not a valid value.
    Args {
        /// The Function's name.
        function: &'static str,
        /// The resolved arguments.
        arguments: Vec<String>,
        /// The parser's error.
        error: Box<ArgsError>,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Resolve(e) => e.fmt(f),
            Error::Args {
                function,
                arguments,
                error,
            } => write!(
                f,
                "the plugin's parser refuses the resolved arguments of Function {function}: \
                 {error}\n  arguments: {arguments:?}"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Resolve(e) => Some(e.as_ref()),
            Error::Args { error, .. } => Some(error.as_ref()),
        }
    }
}

impl From<ResolveError> for Error {
    fn from(e: ResolveError) -> Self {
        Error::Resolve(Box::new(e))
    }
}

#[cfg(test)]
mod tests;
