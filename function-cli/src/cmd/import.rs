//! `kubestash-fn import PATH... --out DIR [--name NAME] [--core-path PATH] [--force]
//! [--stdout]`: Function and Addon YAML to a Rust workspace
//! ([`function_codegen::scaffold::imported`]): `NAME-api` holds what
//! [`function_codegen::generate`] writes (a `#[derive(Function)]` struct per Function, an
//! `addon!` per Addon, `catalog()`), laid out as `kubestash-fn new` lays out its own; the root
//! package is a generator (`cargo run` prints the catalog as YAML, `cargo run -- --chart DIR`
//! writes its chart). `--stdout` prints the generated source alone.
//!
//! Every file is read and linted, and the source generated, before anything is written: a bad
//! input (each error at its file, line and column) writes nothing and leaves no directory. The
//! workspace is written into a temporary sibling and renamed into place; a non-empty DIR is
//! refused unless `--force`, which replaces it the same way.

use std::path::PathBuf;

use function_codegen::scaffold::{self, PluginName};
use function_codegen::{Options, generate};

use crate::Streams;
use crate::error::Error;
use crate::input::{self, Bounds, CoreSource};

/// Import Function and Addon YAML into a Rust workspace: NAME-api (the derived structs, the
/// addon!s, catalog()) and a generator printing the objects or writing their Helm chart.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// YAML files, or directories of `*.yaml`/`*.yml` files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The workspace's directory (must not exist, or be empty, unless --force).
    #[arg(long, value_name = "DIR", required_unless_present = "stdout")]
    pub out: Option<PathBuf>,
    /// The workspace's name: the generator package and the chart; the API crate is NAME-api
    /// [default: DIR's name].
    #[arg(long, value_name = "NAME")]
    pub name: Option<PluginName>,
    /// Where the workspace gets function-core.
    #[command(flatten)]
    pub core: CoreSource,
    /// Replace DIR if it is not empty (atomically: the new workspace is written beside it first).
    #[arg(long)]
    pub force: bool,
    /// Print the generated Rust source alone, write nothing.
    #[arg(long, conflicts_with_all = ["out", "force", "core_path", "core_version"])]
    pub stdout: bool,
    /// Bounds on each input file.
    #[command(flatten)]
    pub bounds: Bounds,
}

/// Runs `import`.
pub fn run(args: &Args, streams: &mut Streams<'_>) -> Result<(), Error> {
    let name = name(args)?;
    let files = input::files(
        &args.paths,
        streams.stdin,
        &args.bounds,
        &mut streams.report,
    )?;
    input::gate(&files, &[])?;
    let documents = files.into_documents();
    let options = Options::default().catalog_name(name.as_str());
    let generated = generate(&documents, &options).map_err(|e| Error::diagnostics(e.into_vec()))?;
    if args.stdout {
        streams.out.write_all(generated.source.as_bytes())?;
        return Ok(());
    }
    let Some(dir) = &args.out else {
        return Err(Error::usage("--out DIR is required without --stdout"));
    };
    let chosen = args.core.choose()?;
    let workspace = scaffold::imported(&name, &chosen.core, &generated.source);
    let report = if args.force {
        workspace.replace(dir)
    } else {
        workspace.write(dir)
    }
    .map_err(Error::input)?;
    writeln!(
        streams.out,
        "imported {} and {} into {}: {} (cargo run prints them; cargo run -- --chart DIR writes their chart)",
        function_core::text::count(generated.functions.len(), "Function"),
        function_core::text::count(generated.addons.len(), "Addon"),
        report.dir.display(),
        function_core::text::count(report.written.len(), "file"),
    )?;
    if let Some(note) = &chosen.note {
        streams.report.note(note);
    }
    Ok(())
}

/// `--name`, else the name of `--out`'s directory, else (`--stdout` alone) `catalog`.
fn name(args: &Args) -> Result<PluginName, Error> {
    if let Some(name) = &args.name {
        return Ok(name.clone());
    }
    let Some(dir) = &args.out else {
        return Ok(PluginName::new("catalog").expect("a valid name"));
    };
    let base = dir
        .canonicalize()
        .ok()
        .unwrap_or_else(|| dir.clone())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    PluginName::new(&base).map_err(|e| {
        Error::usage(format!(
            "--out {}: its name cannot name the workspace ({e}); pass --name NAME",
            dir.display()
        ))
    })
}
