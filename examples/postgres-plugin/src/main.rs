//! The plugin binary: `postgres-plugin backup|restore --flag=value ...`, as the operator runs it
//! with the resolved `args` of the Function. It prints what it would do.
//!
//! `--help` (of the binary or of a subcommand) lists the flags with their usage, default and
//! variable; `--version` prints this crate's name and version; a usage error prints clap's
//! message and exits with status 2.

use postgres_plugin::{Invocation, plan};

fn main() {
    let run = Invocation::parse(function_core::program!());
    for step in plan::steps(&run) {
        println!("{step}");
    }
}
