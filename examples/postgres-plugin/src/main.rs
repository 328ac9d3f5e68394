//! The plugin binary: `postgres-plugin backup|restore --flag=value ...`, as the operator runs it
//! with the resolved `args` of the Function. It prints what it would do.

use std::process::ExitCode;

use postgres_plugin::{Invocation, plan};

fn main() -> ExitCode {
    match Invocation::from_args(std::env::args().skip(1)) {
        Ok(run) => {
            for step in plan::steps(&run) {
                println!("{step}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
