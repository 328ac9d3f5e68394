//! `kubestash-fn images PATH... [-o text|json]`: every image the Functions of the objects can
//! pull, sorted and unique ([`function_core::images`]): `${DB_VERSION}` expanded over each
//! Function's `availableVersions` and the operator's fixed-table versions for its name.
//!
//! `text` prints one image per line; `json` an array of `{"image": ..., "functions": [...]}`.
//! Objects with lint errors are refused (as `kubestash-fn lint` reports them), and so is an
//! image with a variable other than `${DB_VERSION}`: exit 1, nothing on standard output.

use std::path::PathBuf;

use clap::ValueEnum;
use function_core::images::Images;
use function_core::lint::Code;
use serde_json::json;

use crate::Streams;
use crate::error::Error;
use crate::input::{self, Bounds};

/// Output format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One image per line.
    #[default]
    Text,
    /// A JSON array: each image with the Functions that pull it.
    Json,
}

/// Arguments of `kubestash-fn images`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "Exit status: 0 success, 1 wrong input (unreadable YAML, lint errors, an \
    image with a variable other than ${DB_VERSION}), 2 usage."
)]
pub struct Args {
    /// YAML files, directories of `*.yaml`/`*.yml` files, or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t)]
    pub format: Format,
    /// Bounds on each input file.
    #[command(flatten)]
    pub bounds: Bounds,
}

/// Runs `images`.
pub fn run(args: &Args, streams: &mut Streams<'_>) -> Result<(), Error> {
    let files = input::files(
        &args.paths,
        streams.stdin,
        &args.bounds,
        &mut streams.report,
    )?;
    input::gate(&files, &[Code::UnknownFunction])?;
    let functions = files.objects().filter_map(|o| o.as_function());
    let images = Images::of(functions).map_err(Error::inputs)?;
    match args.format {
        Format::Text => {
            for (image, _) in images.iter() {
                writeln!(streams.out, "{image}")?;
            }
        }
        Format::Json => {
            let list: Vec<_> = images
                .iter()
                .map(|(image, functions)| json!({ "image": image, "functions": functions }))
                .collect();
            serde_json::to_writer_pretty(&mut *streams.out, &list).map_err(std::io::Error::from)?;
            writeln!(streams.out)?;
        }
    }
    Ok(())
}
