//! `kubestash-fn chart PATH... --name N --version V --out DIR`: a Helm chart from Function and
//! Addon YAML files, as [`function_core::catalog::Catalog::write_chart`] writes it.
//!
//! A directory stands for the `*.yaml`/`*.yml` files under it. Every file is read and the whole
//! catalog checked ([`Catalog::check`](function_core::catalog::Catalog::check), which runs the
//! lint once, with every object's file and positions) before anything is written; on bad input
//! the exit status is 1, stderr has one `error: ...` line per problem (`error: FILE:LINE:COL:
//! OBJECT: PATH: message [CODE name]` for the lint's, at the offending node, and at the object's
//! start for the catalog's own problems about an object), and nothing is written. On success
//! stdout has a short summary.
//!
//! A Helm chart's folder is refused (its templates are not manifests; pass them through
//! `helm template` first), and each file is read within `--max-documents` and `--max-bytes`.
//!
//! `--helm-value KEY` makes the default of `${KEY:=...}` in every Function come from
//! `.Values.KEY`; `--helm-value KEY=VARIABLE` names the variable when it differs from the key.

use std::path::PathBuf;

use function_core::catalog::{self, Catalog};

use crate::Streams;
use crate::error::Error;
use crate::input::{self, Bounds};

/// Write a Helm chart of Function and Addon YAML objects.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// YAML files, or directories of `*.yaml`/`*.yml` files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The chart's name (a lowercase DNS label).
    #[arg(long, value_name = "N")]
    pub name: String,
    /// The chart's version (SemVer 2, e.g. 2026.7.10).
    #[arg(long, value_name = "V")]
    pub version: String,
    /// The chart's directory: created (atomically) or updated (changed files only).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The chart's appVersion.
    #[arg(long, value_name = "V")]
    pub app_version: Option<String>,
    /// The chart's kubeVersion constraint (e.g. '>=1.26.0-0').
    #[arg(long, value_name = "C")]
    pub kube_version: Option<String>,
    /// The chart's description.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Bind the default of ${VARIABLE:=...} in every Function to the Helm value KEY
    /// (KEY alone binds the variable KEY). Repeatable.
    #[arg(long = "helm-value", value_name = "KEY[=VARIABLE]")]
    pub helm_values: Vec<String>,
    /// Bounds on each input file.
    #[command(flatten)]
    pub bounds: Bounds,
}

/// Runs `chart`: checks every object, writes the chart, and prints a one-line summary.
pub fn run(args: &Args, streams: &mut Streams<'_>) -> Result<(), Error> {
    let files = input::files(
        &args.paths,
        streams.stdin,
        &args.bounds,
        &mut streams.report,
    )?;
    let mut catalog = Catalog::new(&args.name, &args.version);
    if let Some(v) = &args.app_version {
        catalog.app_version(v);
    }
    if let Some(v) = &args.kube_version {
        catalog.kube_version(v);
    }
    if let Some(v) = &args.description {
        catalog.description(v);
    }
    for binding in &args.helm_values {
        let (key, variable) = binding.split_once('=').unwrap_or((binding, binding));
        catalog.bind_helm_value(key, variable);
    }
    // Linted once, by the check, with every object's file and positions.
    catalog.add_files(files);
    let report = catalog.write_chart(&args.out).map_err(|e| match e {
        catalog::Error::Check(errors) => Error::diagnostics(errors.into_vec()),
        other => Error::input(other),
    })?;
    writeln!(streams.out, "chart {}; {report}", catalog.summary())?;
    Ok(())
}
