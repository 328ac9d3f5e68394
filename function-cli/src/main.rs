//! `kubestash-fn`: the command line tool of kubestash-fn.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

/// Tools for KubeStash Function and Addon authors.
#[derive(Debug, Parser)]
#[command(name = "kubestash-fn", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the Function and Addon CRDs as multi-document YAML.
    Crd(cmd::crd::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Crd(args) => cmd::crd::run(&args),
    }
}
