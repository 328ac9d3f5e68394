//! The subcommands. To add one: a module here with an `Args` struct
//! (`clap::Args`) and a `run(args) -> Result<(), CliError>` function, and a
//! variant in [`Command`].

pub mod eval;

use clap::{Parser, Subcommand};

use crate::exit::CliError;

/// Tools for KubeStash backup plugin authors.
#[derive(Debug, Parser)]
#[command(name = "kubestash-fn", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Substitute `${...}` variables exactly like the KubeStash operator
    /// (gomodules.xyz/envsubst EvalMap).
    Eval(eval::EvalArgs),
}

impl Command {
    /// Runs the subcommand.
    pub fn run(self) -> Result<(), CliError> {
        match self {
            Command::Eval(args) => eval::run(args),
        }
    }
}
