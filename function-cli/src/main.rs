//! `kubestash-fn`: the command line tool of kubestash-fn (see the `function_cli` library).

use std::io::{self, BufWriter};
use std::process::ExitCode;

use clap::Parser;
use function_cli::{Cli, Streams, run};

fn main() -> ExitCode {
    // clap prints its own usage errors (exit 2), `--help` and `--version` (exit 0).
    let cli = Cli::parse();
    let mut stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    // Not locked for the whole run: `webhook` logs from its worker threads.
    let mut err = io::stderr();
    ExitCode::from(run(&cli, &mut Streams::new(&mut stdin, &mut out, &mut err)))
}
