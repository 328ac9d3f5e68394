//! `kubestash-catalog --out DIR [--manifests FILE]`: writes the upstream KubeStash catalog's Helm
//! chart (and, optionally, its objects as multi-document YAML) and prints what it wrote.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Write the KubeStash catalog's Helm chart.
#[derive(Debug, Parser)]
#[command(name = "kubestash-catalog", version, about)]
struct Args {
    /// The chart's directory: created (atomically) or updated (changed files only).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also write every object as multi-document YAML to FILE.
    #[arg(long, value_name = "FILE")]
    manifests: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.out.is_none() && args.manifests.is_none() {
        eprintln!("error: nothing to do: give --out DIR and/or --manifests FILE");
        return ExitCode::from(2);
    }
    let catalog = kubestash_catalog::catalog();
    let summary = catalog.summary();
    if let Some(dir) = &args.out {
        match catalog.write_chart(dir) {
            Ok(report) => println!("chart {summary}; {report}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if let Some(file) = &args.manifests {
        match catalog.write_manifests(file) {
            Ok(written) => println!(
                "manifests {summary}; {} ({})",
                file.display(),
                if written { "written" } else { "unchanged" }
            ),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
