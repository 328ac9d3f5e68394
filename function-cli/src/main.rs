//! `kubestash-fn`: the command line tool of kubestash-fn.
//!
//! Each subcommand lives in its own module under `cmd/`; `exit` maps
//! failures to exit codes (0 success, 1 wrong input, 2 usage).

mod cmd;
mod exit;

use clap::Parser as _;

fn main() -> std::process::ExitCode {
    let cli = cmd::Cli::parse();
    exit::report(cli.command.run())
}
