//! Failures of a subcommand and the process exit codes they map to.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the input was wrong (a template that does not evaluate, an unreadable file, a malformed line) |
//! | 2 | usage error (reported by clap before a subcommand runs) |

use std::fmt::Display;
use std::io;
use std::process::ExitCode;

/// Exit code for wrong input.
pub const INPUT: u8 = 1;

/// Why a subcommand failed. `message` is printed as `error: <message>` on
/// standard error, unless it is empty (the subcommand already reported).
#[derive(Debug)]
pub struct CliError {
    /// Process exit code.
    pub code: u8,
    /// What went wrong.
    pub message: String,
}

impl CliError {
    /// Wrong input (exit code 1).
    pub fn input(message: impl Display) -> CliError {
        CliError {
            code: INPUT,
            message: message.to_string(),
        }
    }

    /// Wrong input already reported on the output (exit code 1, no message).
    pub fn silent_input() -> CliError {
        CliError {
            code: INPUT,
            message: String::new(),
        }
    }
}

/// Maps an I/O error while writing results: a closed pipe (`| head`) is not a
/// failure.
pub fn write_error(e: io::Error) -> Result<(), CliError> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(CliError::input(format!("cannot write output: {e}")))
    }
}

/// Prints the error, if any, and returns the process exit code.
pub fn report(result: Result<(), CliError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !e.message.is_empty() {
                eprintln!("error: {}", e.message);
            }
            ExitCode::from(e.code)
        }
    }
}
