//! `kubestash-fn`, the command line tool of kubestash-fn, as a library: every command runs
//! against the [`Streams`] it is given, so that tests run commands in-process and every command
//! shares one error path ([`error`]) and one way of reading YAML ([`input`]).
//!
//! Exit status: 0 success, 1 the input was wrong, 2 usage. Data goes to standard output,
//! diagnostics to standard error as `error: FILE:LINE:COL: message`.
//!
//! ```
//! use function_cli::{Streams, error::Status, run_args};
//!
//! let (mut stdin, mut out, mut err) = (&b""[..], Vec::new(), Vec::new());
//! let status = run_args(
//!     ["kubestash-fn", "eval", "--set", "namespace=demo", "ns=${namespace}"],
//!     &mut Streams::new(&mut stdin, &mut out, &mut err),
//! );
//! assert_eq!((status, out.as_slice(), err.as_slice()), (Status::Success, &b"ns=demo\n"[..], &b""[..]));
//! ```

use std::ffi::OsString;
use std::io::{Read, Write};

use clap::{Parser, Subcommand};

pub mod cmd;
pub mod error;
pub mod input;
pub mod webhook;

use error::{Error, Reporter, Status};

/// Tools for KubeStash Function and Addon manifests.
#[derive(Debug, Parser)]
#[command(name = "kubestash-fn", version, about)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands of `kubestash-fn`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a Helm chart of Function and Addon YAML objects.
    Chart(cmd::chart::Args),
    /// Print the Function and Addon CRDs as multi-document YAML.
    Crd(cmd::crd::Args),
    /// Substitute `${...}` variables exactly like the KubeStash operator (gomodules.xyz/envsubst EvalMap).
    Eval(cmd::eval::Args),
    /// Print Function and Addon objects back as canonical YAML.
    Fmt(cmd::fmt::Args),
    /// Import Function and Addon YAML into a Rust workspace: NAME-api (the derived structs,
    /// the addon!s, catalog()) and a generator printing the objects or writing their Helm chart.
    Import(cmd::import::Args),
    /// List every image the objects can pull (${DB_VERSION} expanded), sorted and unique.
    Images(cmd::images::Args),
    /// Check Function and Addon objects: errors, hazards and notes, each with a code (docs/lints.md).
    Lint(cmd::lint::Args),
    /// Write a ready plugin workspace: NAME-api (the Functions and Addon), NAME (the binary,
    /// its build.rs writing the Helm chart), tests and a README.
    New(cmd::new::Args),
    /// Print the container (and pod volumes) the operator would run for a Function and task.
    Resolve(cmd::resolve::Args),
    /// Serve the lint as a validating admission webhook (AdmissionReview v1 over HTTPS) for
    /// Functions and Addons; /healthz, /readyz.
    Webhook(cmd::webhook::Args),
}

impl Command {
    /// Runs the command against `streams`.
    pub fn run(&self, streams: &mut Streams<'_>) -> Result<(), Error> {
        match self {
            Command::Chart(args) => cmd::chart::run(args, streams),
            Command::Crd(args) => cmd::crd::run(args, streams),
            Command::Eval(args) => cmd::eval::run(args, streams),
            Command::Fmt(args) => cmd::fmt::run(args, streams),
            Command::Images(args) => cmd::images::run(args, streams),
            Command::Import(args) => cmd::import::run(args, streams),
            Command::Lint(args) => cmd::lint::run(args, streams),
            Command::New(args) => cmd::new::run(args, streams),
            Command::Resolve(args) => cmd::resolve::run(args, streams),
            Command::Webhook(args) => cmd::webhook::run(args, streams),
        }
    }
}

/// What a command reads and writes: standard input, standard output (its data), and the
/// [`Reporter`] of its diagnostics (standard error).
pub struct Streams<'a> {
    /// Standard input (`-`).
    pub stdin: &'a mut dyn Read,
    /// Standard output: the command's data, and nothing else.
    pub out: &'a mut dyn Write,
    /// Standard error: every diagnostic.
    pub report: Reporter<'a>,
}

impl<'a> Streams<'a> {
    /// Streams over the given reader and writers.
    pub fn new(stdin: &'a mut dyn Read, out: &'a mut dyn Write, err: &'a mut dyn Write) -> Self {
        Streams {
            stdin,
            out,
            report: Reporter::new(err),
        }
    }
}

/// Runs a parsed command line: the command, then a flush of its output; prints the error if
/// there is one and returns the exit status.
pub fn run(cli: &Cli, streams: &mut Streams<'_>) -> Status {
    let result = cli
        .command
        .run(streams)
        .and_then(|()| Ok(streams.out.flush()?));
    streams.report.finish(result)
}

/// Parses `args` (the program name first) and [`run`]s them. What the parser prints itself
/// (usage errors, status 2; `--help` and `--version`, status 0) goes to the streams too.
pub fn run_args<I, T>(args: I, streams: &mut Streams<'_>) -> Status
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    match Cli::try_parse_from(args) {
        Ok(cli) => run(&cli, streams),
        Err(e) => {
            let text = e.render().to_string();
            if e.use_stderr() {
                streams.report.line(text.trim_end());
            } else {
                let _ = streams
                    .out
                    .write_all(text.as_bytes())
                    .and_then(|()| streams.out.flush());
            }
            if e.exit_code() == 0 {
                Status::Success
            } else {
                Status::Usage
            }
        }
    }
}
