//! `kubestash-fn lint PATH... [--format human|json|sarif] [--deny warnings] [--allow CODE]...`:
//! catalog diagnostics over Function and Addon YAML ([`function_core::lint`]).
//!
//! `human` (the default) renders each diagnostic rustc-style on standard error, then a summary
//! line; `json` prints one JSON array and `sarif` one SARIF 2.1.0 log on standard output. Exit
//! status 1 when there is an error (or a warning under `--deny warnings`), else 0; 2 for usage.
//! The codes are documented in `docs/lints.md`.

use std::path::PathBuf;

use clap::ValueEnum;
use function_core::lint::{Code, Options};

use crate::Streams;
use crate::error::Error;
use crate::input::{self, Bounds};

/// How the diagnostics are printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style, on standard error.
    #[default]
    Human,
    /// One JSON array, on standard output.
    Json,
    /// A SARIF 2.1.0 log (GitHub code scanning), on standard output.
    Sarif,
}

/// What `--deny` turns into failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail the run (exit 1) as errors do.
    Warnings,
}

/// Arguments of `kubestash-fn lint`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "Exit status: 0 no error (warnings and notes allowed), 1 an error (or a \
    warning with --deny warnings), or unreadable input, 2 usage.\n\nThe codes: docs/lints.md."
)]
pub struct Args {
    /// YAML files, directories of `*.yaml`/`*.yml` files, or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Fail on warnings too.
    #[arg(long, value_enum, value_name = "warnings")]
    pub deny: Option<Deny>,
    /// Do not report this code (`KSF0201` or `default-only-variable`). Repeatable.
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub allow: Vec<Code>,
    /// Bounds on each input file.
    #[command(flatten)]
    pub bounds: Bounds,
}

fn parse_code(text: &str) -> Result<Code, String> {
    text.parse()
        .map_err(|e: function_core::lint::UnknownCode| e.to_string())
}

/// Runs `lint`.
pub fn run(args: &Args, streams: &mut Streams<'_>) -> Result<(), Error> {
    let files = input::files_unprinted(&args.paths, streams.stdin, &args.bounds)?;
    let report = files.lint(&Options {
        allow: args.allow.clone(),
        ..Options::default()
    });
    match args.format {
        Format::Human => {
            let text = report.human();
            if !text.is_empty() {
                streams.report.line(text.trim_end());
            }
            streams
                .report
                .line(format_args!("kubestash-fn lint: {}", report.summary()));
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *streams.out, &report.json())
                .map_err(std::io::Error::from)?;
            writeln!(streams.out)?;
        }
        Format::Sarif => {
            serde_json::to_writer_pretty(
                &mut *streams.out,
                &report.sarif(env!("CARGO_PKG_VERSION")),
            )
            .map_err(std::io::Error::from)?;
            writeln!(streams.out)?;
        }
    }
    if report.fails(args.deny == Some(Deny::Warnings)) {
        Err(Error::reported())
    } else {
        Ok(())
    }
}
