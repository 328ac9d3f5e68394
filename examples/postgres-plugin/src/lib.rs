//! An example KubeStash plugin for PostgreSQL, described once in Rust.
//!
//! [`PostgresBackup`] and [`PostgresRestore`] are the arguments of the plugin binary's two
//! subcommands. `#[derive(Function)]` gives each of them the `Function` manifest the operator
//! runs, the Addon parameters, and the parser the binary uses ([`Invocation::from_args`]), so
//! the manifest's `args` template and the parser cannot disagree.
//!
//! The types are kept in this library (and apart from [`plan`], which only the binary needs) so
//! that a `build.rs` can write the Helm chart from them, or a small `-api` crate can take them
//! over.
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
use std::path::PathBuf;
use std::str::FromStr;

use function_core::plugin::{ArgsError, FromStrArg};
use function_core::{Function, PluginFunction};

pub mod plan;

/// The PostgreSQL client tool that writes the dump.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DumpTool {
    /// `pg_dumpall`: every database, roles and tablespaces included.
    PgDumpall,
    /// `pg_dump`: the databases listed in `--databases`, one by one.
    PgDump,
}

impl FromStr for DumpTool {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "pg_dumpall" => Ok(DumpTool::PgDumpall),
            "pg_dump" => Ok(DumpTool::PgDump),
            other => Err(format!("`{other}` is neither pg_dumpall nor pg_dump")),
        }
    }
}

impl fmt::Display for DumpTool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DumpTool::PgDumpall => "pg_dumpall",
            DumpTool::PgDump => "pg_dump",
        })
    }
}

impl FromStrArg for DumpTool {}

/// Back up a PostgreSQL database with `pg_dumpall` (or `pg_dump`), streamed into restic.
#[derive(Function, Clone, Debug, PartialEq)]
#[function(
    name = "postgres-backup",
    image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}",
    available_versions = ["12.17", "13.13", "14.10", "15.5", "16.4", "17.2"],
    subcommand = "backup"
)]
pub struct PostgresBackup {
    /// The namespace of the database (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The BackupSession this run belongs to (from the operator).
    #[arg(builtin, flag = "backupsession")]
    pub backup_session: String,
    /// Enable or disable caching.
    #[arg(default = true)]
    pub enable_cache: bool,
    /// Directory for holding temporary files and restic cache.
    #[arg(default = "/kubestash-tmp")]
    pub scratch_dir: PathBuf,
    /// Number of seconds to wait for the database to be ready.
    #[arg(default = 300, helm_value = "waitTimeout")]
    pub wait_timeout: u32,
    /// Additional arguments to pass to the dump tool.
    #[arg(flag = "pg-args", var = "args")]
    pub pg_args: Option<String>,
    /// The dump tool: pg_dumpall (every database) or pg_dump (the listed databases).
    #[arg(default = DumpTool::PgDumpall)]
    pub backup_cmd: DumpTool,
    /// Databases to dump with pg_dump, comma-separated.
    pub databases: Vec<String>,
    /// The database user to connect as; the AppBinding's secret user when empty.
    pub user: Option<String>,
}

/// Restore a PostgreSQL database from a restic snapshot, replayed with `psql`.
#[derive(Function, Clone, Debug, PartialEq)]
#[function(
    name = "postgres-restore",
    image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}",
    available_versions = ["12.17", "13.13", "14.10", "15.5", "16.4", "17.2"],
    subcommand = "restore"
)]
pub struct PostgresRestore {
    /// The namespace of the database (from the operator).
    #[arg(builtin)]
    pub namespace: String,
    /// The RestoreSession this run belongs to (from the operator).
    #[arg(builtin, flag = "restoresession")]
    pub restore_session: String,
    /// The snapshot to restore (from the operator).
    #[arg(builtin)]
    pub snapshot: String,
    /// Enable or disable caching.
    #[arg(default = true)]
    pub enable_cache: bool,
    /// Directory for holding temporary files and restic cache.
    #[arg(default = "/kubestash-tmp")]
    pub scratch_dir: PathBuf,
    /// Number of seconds to wait for the database to be ready.
    #[arg(default = 300, helm_value = "waitTimeout")]
    pub wait_timeout: u32,
    /// Additional arguments to pass to psql.
    #[arg(flag = "pg-args", var = "args")]
    pub pg_args: Option<String>,
    /// The database user to connect as; the AppBinding's secret user when empty.
    pub user: Option<String>,
}

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
