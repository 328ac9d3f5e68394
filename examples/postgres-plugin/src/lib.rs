//! An example KubeStash plugin for PostgreSQL, described once in Rust.
//!
//! [`PostgresBackup`] and [`PostgresRestore`] are the arguments of the plugin binary's two
//! subcommands. `#[derive(Function)]` gives each of them the `Function` manifest the operator
//! runs, the Addon parameters, and the parser the binary uses ([`Invocation::from_args`]), so
//! the manifest's `args` template and the parser cannot disagree.
//!
//! The types live in the `postgres-plugin-api` crate (re-exported here), so that this crate's
//! `build.rs` can write the plugin's Helm chart from them: see that crate for the recommended
//! layout. The build script writes `chart/` (the Helm chart) and `manifests.yaml` (the same
//! objects as plain multi-document YAML) beside this crate's `Cargo.toml`; both are committed,
//! and a build rewrites only the files whose content changed (none, usually).
//!
//! ```
//! use function_core::PluginFunction;
//! use postgres_plugin::PostgresBackup;
//!
//! let manifest = PostgresBackup::manifest();
//! assert_eq!(manifest.metadata.name.as_deref(), Some("postgres-backup"));
//! assert_eq!(manifest.spec.args[0], "backup");
//! assert!(manifest.spec.args.contains(&"--wait-timeout=${waitTimeout:=300}".to_string()));
//! ```

use std::fmt;

use function_core::PluginFunction;
use function_core::plugin::ArgsError;

pub use postgres_plugin_api::{DumpTool, PostgresAddon, PostgresBackup, PostgresRestore};

pub mod plan;

/// One run of the plugin binary: the subcommand decides which Function's arguments follow.
#[derive(Clone, Debug, PartialEq)]
pub enum Invocation {
    /// `backup ...`
    Backup(PostgresBackup),
    /// `restore ...`
    Restore(PostgresRestore),
}

/// Why the arguments could not be read.
#[derive(Debug, PartialEq)]
pub enum InvocationError {
    /// No subcommand, or one that is neither `backup` nor `restore`.
    UnknownSubcommand(Option<String>),
    /// The subcommand's arguments are wrong.
    Args(ArgsError),
}

impl fmt::Display for InvocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvocationError::UnknownSubcommand(None) => {
                f.write_str("missing the subcommand: expected `backup` or `restore`")
            }
            InvocationError::UnknownSubcommand(Some(found)) => {
                write!(
                    f,
                    "unknown subcommand `{found}`: expected `backup` or `restore`"
                )
            }
            InvocationError::Args(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for InvocationError {}

impl Invocation {
    /// Reads the arguments (without the program name), dispatching on the first one.
    ///
    /// # Errors
    /// An unknown subcommand, or the Function's parser's error.
    ///
    /// ```
    /// use postgres_plugin::Invocation;
    ///
    /// let run = Invocation::from_args(["restore", "--snapshot=latest"]).unwrap();
    /// let Invocation::Restore(restore) = run else { panic!() };
    /// assert_eq!(restore.snapshot, "latest");
    /// assert_eq!(restore.wait_timeout, 300);
    /// ```
    pub fn from_args<I>(args: I) -> Result<Self, InvocationError>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let args: Vec<String> = args.into_iter().map(Into::into).collect();
        match args.first().map(String::as_str) {
            Some("backup") => PostgresBackup::from_args(args)
                .map(Invocation::Backup)
                .map_err(InvocationError::Args),
            Some("restore") => PostgresRestore::from_args(args)
                .map(Invocation::Restore)
                .map_err(InvocationError::Args),
            other => Err(InvocationError::UnknownSubcommand(other.map(str::to_owned))),
        }
    }
}
