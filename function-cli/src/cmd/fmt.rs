//! `kubestash-fn fmt FILE...`: objects parsed and printed back as canonical YAML.
//!
//! - `fmt FILE...` prints every object of every file, in order, as one multi-document YAML
//!   stream on stdout.
//! - `fmt --check FILE...` prints nothing on stdout; each file whose text is not its canonical
//!   form is named on stderr (`FILE: not canonical`) and the exit status is 1 if any is.
//! - `fmt --write FILE...` rewrites the files that are not canonical, each atomically (a
//!   temporary sibling renamed into place); canonical files are not touched.
//!
//! A directory stands for the `*.yaml`/`*.yml` files under it; `-` is standard input. Every
//! file is read before anything is written: on bad input the exit status is 1, stderr has one
//! line `error: FILE:LINE:COL: message`, and stdout is empty. A Helm chart's folder is refused
//! (its templates are not manifests), and each file is read within `--max-documents` and
//! `--max-bytes`.
//!
//! Values and fields of a later upstream version: a driver or executor this version does not
//! know (`driver: Milvus`) is printed back as written; an unknown field that is not a near miss
//! of a known one is dropped with a warning on stderr, as an API server prunes it (so `--check`
//! names the file and `--write` rewrites it without the field); a near miss (`imag` for
//! `image`) is an error.

use std::path::PathBuf;

use function_core::yaml;

use crate::Streams;
use crate::error::Error;
use crate::input::{self, Bounds};

/// Print Function and Addon objects back as canonical YAML.
///
/// Canonical YAML has the fields in the order of the API types, Go's omitempty applied,
/// 2-space indentation and strings quoted only when needed. Comments are not kept.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// YAML files, or directories of `*.yaml`/`*.yml` files; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print nothing; name each file that is not canonical on stderr and exit 1 if any is.
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// Rewrite the files that are not canonical, in place.
    #[arg(long)]
    pub write: bool,
    /// Report every unknown field as a warning (and drop it), near misses of a known field
    /// too. Without it, a near miss (`imag` for `image`) is an error and any other unknown
    /// field (a later upstream version's) a warning, and dropped.
    #[arg(long)]
    pub lenient: bool,
    /// Bounds on each file.
    #[command(flatten)]
    pub bounds: Bounds,
}

/// Runs `fmt`.
pub fn run(args: &Args, streams: &mut Streams<'_>) -> Result<(), Error> {
    if args.write && args.files.iter().any(|f| f.as_os_str() == "-") {
        return Err(Error::usage("--write cannot rewrite standard input (-)"));
    }
    let options = args.bounds.options(!args.lenient);

    // Read and parse everything first: nothing is printed unless every file parsed.
    let mut formatted = Vec::new();
    for source in input::read(&args.files, streams.stdin, &options)? {
        let parsed = input::parse(&source, &options, &mut streams.report)?;
        let canonical = yaml::to_string_all(parsed.objects()).map_err(Error::input)?;
        formatted.push((source, canonical));
    }

    if args.check {
        let mut canonical_all = true;
        for (source, canonical) in &formatted {
            if source.bytes != canonical.as_bytes() {
                streams
                    .report
                    .line(format_args!("{}: not canonical", source.name));
                canonical_all = false;
            }
        }
        return if canonical_all {
            Ok(())
        } else {
            Err(Error::reported())
        };
    }

    if args.write {
        for (source, canonical) in &formatted {
            if let Some(path) = &source.path
                && source.bytes != canonical.as_bytes()
            {
                function_core::fsio::replace_file(path, canonical.as_bytes())
                    .map_err(|e| Error::input(format!("{}: cannot write: {e}", source.name)))?;
            }
        }
        return Ok(());
    }

    let all: Vec<&str> = formatted.iter().map(|(_, c)| c.as_str()).collect();
    streams.out.write_all(all.join("---\n").as_bytes())?;
    Ok(())
}
