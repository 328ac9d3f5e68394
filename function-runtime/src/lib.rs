//! The run-time side of a KubeStash plugin written with kubestash-fn: read the session's
//! objects, run restic, write each component's status back.
//!
//! A plugin binary parses its arguments with `function-core` (the lean set) and hands the run
//! to [`run::backup`] or [`run::restore`]; the plugin's own code is a closure that says what to
//! back up ([`restic::Source`]) or where to restore ([`restic::Sink`]). The runtime follows
//! the protocol of upstream's Go plugins (see the README's "The run-time protocol" table):
//!
//! - [`resources`]: BackupSession, RestoreSession, BackupConfiguration, Snapshot, Repository,
//!   BackupStorage as kube-rs resources, checked against the upstream CRDs;
//! - [`session`]: from the arguments to, per Snapshot, the repository location, password,
//!   component path and deadline (a `kube::Client`, in-cluster or from `KUBECONFIG`);
//! - [`backend`]: a BackupStorage to `RESTIC_REPOSITORY` and credentials;
//! - [`restic`]: the restic subprocess and its JSON;
//! - [`status`]: component status and the merge patches that never clobber another writer;
//! - [`run`]: the whole backup and restore, with errors and panics of the plugin's code
//!   reported as `Failed` and in the exit status.
//!
//! ```no_run
//! use function_runtime::restic::Source;
//! use function_runtime::run::{self, Backup};
//!
//! fn main() -> std::process::ExitCode {
//!     let opts = Backup::new("demo", "daily-1", "dump", "/kubestash-tmp");
//!     run::backup(opts, || {
//!         Ok(Source::Paths { paths: vec!["/kubestash-data".into()], exclude: vec![] })
//!     })
//! }
//! ```
//!
//! The crate picks no Kubernetes version: the plugin binary turns on one of `v1_33` ...
//! `v1_37` (k8s-openapi's), as with function-core.

pub mod backend;
pub mod resources;
pub mod restic;
pub mod run;
pub mod session;
pub mod status;

use std::path::PathBuf;
use std::process::ExitStatus;

/// Everything that can end a component in `Failed`; the message is what `error` says.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A read or write of the API server failed.
    #[error("{what}: {source}")]
    Kube {
        /// What was being done (`get Snapshot demo/daily-1`).
        what: String,
        /// The client's error.
        #[source]
        source: kube::Error,
    },
    /// The objects do not say what the runtime needs (a missing field, key or object).
    #[error("{0}")]
    Config(String),
    /// The restic binary was not found.
    #[error(
        "restic not found: `{}` is not on PATH (install it with scripts/restic.sh, or set RESTIC_BIN)",
        .0.display()
    )]
    ResticMissing(PathBuf),
    /// restic ran and failed.
    #[error("restic {action} failed ({status}): {stderr}")]
    Restic {
        /// The subcommand (`backup`, `init`, ...).
        action: String,
        /// Its exit status.
        status: String,
        /// Its standard error, trimmed.
        stderr: String,
    },
    /// A command of the plugin (the producer of `--stdin`, the consumer of a dump) failed.
    #[error("the command `{command}` failed: {message}")]
    Command {
        /// The command line.
        command: String,
        /// How it failed (status and stderr, or the spawn error).
        message: String,
    },
    /// The session's deadline passed.
    #[error("deadline exceeded: {0}")]
    Deadline(String),
    /// The plugin's own code returned an error or panicked.
    #[error("the plugin failed: {0}")]
    Plugin(String),
}

impl Error {
    fn restic(action: &str, status: ExitStatus, stderr: &[u8]) -> Self {
        Error::Restic {
            action: action.into(),
            status: status.to_string(),
            stderr: String::from_utf8_lossy(stderr).trim().to_string(),
        }
    }

    fn kube(what: impl Into<String>, source: kube::Error) -> Self {
        Error::Kube {
            what: what.into(),
            source,
        }
    }
}

/// The error type of the plugin's own closures.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
