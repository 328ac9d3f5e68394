//! `kubestash-fn new NAME [--out DIR] [--core-path PATH]`: a ready plugin workspace in the
//! recommended layout ([`function_codegen::scaffold::plugin`]): `NAME-api` (the
//! `#[derive(Function)]` structs, the `addon!`, `catalog()`), `NAME` (the binary, its build.rs
//! writing `chart/` and `manifests.yaml`, a contract test), a README and `.gitignore`.
//!
//! The workspace is written into a temporary sibling of DIR and renamed into place, so either
//! all of it appears or nothing does; an existing DIR that is not empty is refused (status 1,
//! nothing touched). A NAME that cannot be a plugin's (a Cargo package and a Helm chart name)
//! is a usage error (status 2) saying why.

use std::path::{Path, PathBuf};

use function_codegen::scaffold::{self, Core, PluginName};

use crate::Streams;
use crate::error::Error;

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
    /// Depend on function-core by path (a checkout's function-core directory) instead of by
    /// version from crates.io.
    #[arg(long, value_name = "PATH")]
    pub core_path: Option<PathBuf>,
}

/// Runs `new`: writes the workspace and prints where, and what to run next.
pub fn run(args: &Args, streams: &mut Streams<'_>) -> Result<(), Error> {
    let core = core(args.core_path.as_deref())?;
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(args.name.as_str()));
    let workspace = scaffold::plugin(&args.name, &core);
    let report = workspace.write(&dir).map_err(Error::input)?;
    writeln!(
        streams.out,
        "created {}: {} (cargo build writes {}/chart/; cargo test runs the contract tests)",
        report.dir.display(),
        function_core::text::count(report.written.len(), "file"),
        args.name
    )?;
    Ok(())
}

/// Where the workspace gets function-core: by version, or from the checkout at `path` (made
/// absolute, since the workspace's crates sit in subdirectories).
pub fn core(path: Option<&Path>) -> Result<Core, Error> {
    let Some(path) = path else {
        return Ok(Core::default());
    };
    let manifest = path.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| Error::input(format!("{}: {e}", manifest.display())))?;
    if !text.contains("name = \"function-core\"") {
        return Err(Error::input(format!(
            "{}: not function-core's manifest (--core-path names the function-core directory)",
            manifest.display()
        )));
    }
    let absolute = std::fs::canonicalize(path)
        .map_err(|e| Error::input(format!("{}: {e}", path.display())))?;
    Ok(Core::Path(absolute))
}
