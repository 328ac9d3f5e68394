//! An example KubeStash plugin for PostgreSQL, described once in Rust.
//!
//! [`PostgresBackup`] and [`PostgresRestore`] are the arguments of the plugin binary's two
//! subcommands. `#[derive(Function)]` gives each of them the `Function` manifest the operator
//! runs, the Addon parameters, and the command line the binary parses ([`Invocation`],
//! declared with `function_core::plugin_cli!`): flags, `--help` and the manifest's `args`
//! template come from the same descriptions, so they cannot disagree.
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

use function_core::plugin_cli;

pub use postgres_plugin_api::{DumpTool, PostgresAddon, PostgresBackup, PostgresRestore};

pub mod plan;

plugin_cli! {
    /// One run of the plugin binary: the subcommand decides which Function's arguments follow.
    ///
    /// `plugin_cli!` gives it `parse` (for `main`: prints `--help`, `--version` and usage
    /// errors, and exits), `from_args` (for tests: never exits), `command` (the clap command
    /// behind both) and `to_args`.
    ///
    /// ```
    /// use postgres_plugin::Invocation;
    ///
    /// let run = Invocation::from_args(["restore", "--snapshot=latest"]).unwrap();
    /// let Invocation::Restore(restore) = &run else { panic!() };
    /// assert_eq!(restore.snapshot, "latest");
    /// assert_eq!(restore.wait_timeout, 300);
    /// assert_eq!(Invocation::from_args(run.to_args()).unwrap(), run);
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub enum Invocation {
        /// `backup ...`
        Backup(PostgresBackup),
        /// `restore ...`
        Restore(PostgresRestore),
    }
}
