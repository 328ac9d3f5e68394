//! `kubestash-fn`: the command line tool of kubestash-fn.
//!
//! Exit status: 0 success, 1 the input was wrong, 2 usage. Data goes to stdout, diagnostics
//! to stderr as `error: FILE:LINE:COL: message`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;
mod exit;

/// Tools for KubeStash Function and Addon manifests.
#[derive(Debug, Parser)]
#[command(name = "kubestash-fn", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a Helm chart of Function and Addon YAML objects.
    Chart(cmd::chart::Args),
    /// Print the Function and Addon CRDs as multi-document YAML.
    Crd(cmd::crd::Args),
    /// Substitute `${...}` variables exactly like the KubeStash operator (gomodules.xyz/envsubst EvalMap).
    Eval(cmd::eval::EvalArgs),
    /// Print Function and Addon objects back as canonical YAML.
    Fmt(cmd::fmt::Args),
    /// Print the container (and pod volumes) the operator would run for a Function and task.
    Resolve(cmd::resolve::ResolveArgs),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Chart(args) => cmd::chart::run(&args),
        Command::Crd(args) => cmd::crd::run(&args),
        Command::Eval(args) => exit::report(cmd::eval::run(args)),
        Command::Fmt(args) => cmd::fmt::run(&args),
        Command::Resolve(args) => exit::report(cmd::resolve::run(args)),
    }
}
