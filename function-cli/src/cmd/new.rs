//! `kubestash-fn new NAME [--out DIR] [--core-path PATH | --core-version V]`: a ready plugin workspace in the
//! recommended layout ([`function_codegen::scaffold::plugin`]): `NAME-api` (the
//! `#[derive(Function)]` structs, the `addon!`, `catalog()`), `NAME` (the binary, its build.rs
//! writing `chart/` and `manifests.yaml`, a contract test), a README and `.gitignore`.
//!
//! The workspace is written into a temporary sibling of DIR and renamed into place, so either
//! all of it appears or nothing does; an existing DIR that is not empty is refused (status 1,
//! nothing touched). A NAME that cannot be a plugin's (a Cargo package and a Helm chart name)
//! is a usage error (status 2) saying why.
//!
//! function-core is not on crates.io yet: without `--core-path` or `--core-version` the
//! workspace depends on the function-core beside the source this `kubestash-fn` was built from
//! (`cargo install --path function-cli` in a checkout), and says so on standard error; when that
//! source is gone, `new` refuses (status 2) and names the flags.

use std::path::PathBuf;

use function_codegen::scaffold::{self, PluginName};

use crate::Streams;
use crate::error::Error;
use crate::input::CoreSource;

/// Write a ready plugin workspace: NAME-api (the Functions and Addon), NAME (the binary, its
/// build.rs writing the Helm chart), tests and a README.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The plugin's name: lowercase letters, digits and `-` (the binary's package and the
    /// chart; the objects are named after it without a trailing `-plugin`).
    #[arg(value_name = "NAME")]
    pub name: PluginName,
    /// The workspace's directory (must not exist, or be empty) [default: ./NAME].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Where the workspace gets function-core.
    #[command(flatten)]
    pub core: CoreSource,
}

/// Runs `new`: writes the workspace and prints where, and what to run next.
pub fn run(args: &Args, streams: &mut Streams<'_>) -> Result<(), Error> {
    let chosen = args.core.choose()?;
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(args.name.as_str()));
    let workspace = scaffold::plugin(&args.name, &chosen.core);
    let report = workspace.write(&dir).map_err(Error::input)?;
    writeln!(
        streams.out,
        "created {}: {} (cargo build writes {}/chart/; cargo test runs the contract tests)",
        report.dir.display(),
        function_core::text::count(report.written.len(), "file"),
        args.name
    )?;
    if let Some(note) = &chosen.note {
        streams.report.note(note);
    }
    Ok(())
}
