//! `kubestash-fn eval`: substitution with EvalMap semantics.
//!
//! - `eval [--set K=V]... TEMPLATE` prints the substituted text (upstream's
//!   exact bytes) followed by a newline. On an error nothing is printed on standard output, the
//!   upstream message goes to standard error as `error: <template>:LINE:COL: <message>` (the
//!   position of the failing expression), exit 1.
//! - `eval --jsonl FILE` (`-` for standard input) reads one job per line,
//!   `{"template": "...", "vars": {"k": "v"}}`, and writes exactly one line
//!   per job: `{"output": "..."}` or `{"error": "<upstream message>"}`. Empty
//!   lines (after removing a trailing `\r`) are skipped, like the Go reference
//!   harness does, so the outputs line up with `envsubst-go -mode eval`. A
//!   line that is not such an object gives `{"error": "invalid input line N:
//!   ..."}` (N counts every line of the file from 1), processing goes on, and
//!   the exit code is 1 at the end. Output JSON is written byte for byte like
//!   Go's `json.Encoder` with HTML escaping off (upstream's exact output bytes,
//!   so a substring that cuts a character shows as `\ufffd`).

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;

use clap::Args;
use function_core::envsubst::json::go_quote;
use function_core::envsubst::{Vars, eval_map_bytes, go_lossy};
use serde::Deserialize;

use crate::exit::{CliError, write_error};

/// Arguments of `kubestash-fn eval`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 success, 1 wrong input (the template does not evaluate, \
    a file cannot be read, a JSONL line is malformed), 2 usage.\n\n\
    Examples:\n  \
    kubestash-fn eval --set namespace=demo 'ns=${namespace} wait=${waitTimeout:=300}'\n  \
    kubestash-fn eval --jsonl jobs.jsonl"
)]
pub struct EvalArgs {
    /// A variable, split on the first `=` (`K=` is present but empty; the
    /// last one wins). Repeatable.
    #[arg(long = "set", value_name = "K=V", value_parser = parse_var, conflicts_with = "jsonl")]
    pub set: Vec<(String, String)>,

    /// Evaluate the JSON Lines jobs of FILE (`-` for standard input): each
    /// line `{"template": "...", "vars": {"k": "v"}}` gives one line
    /// `{"output": "..."}` or `{"error": "..."}`; empty lines are skipped.
    #[arg(long, value_name = "FILE", conflicts_with = "template")]
    pub jsonl: Option<PathBuf>,

    /// The text to substitute.
    #[arg(required_unless_present = "jsonl")]
    pub template: Option<String>,
}

pub(crate) fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some(("", _)) => Err("the variable name is empty".into()),
        Some((k, v)) => Ok((k.to_string(), v.to_string())),
        None => Err(format!("expected K=V, got {s:?}")),
    }
}

/// Runs `eval`.
pub fn run(args: EvalArgs) -> Result<(), CliError> {
    match (args.jsonl, args.template) {
        (Some(path), _) => run_jsonl(&path),
        (None, Some(template)) => run_template(&template, args.set),
        (None, None) => Err(CliError::input("a TEMPLATE or --jsonl FILE is required")),
    }
}

fn run_template(template: &str, set: Vec<(String, String)>) -> Result<(), CliError> {
    let vars: Vars = set.into_iter().collect();
    let out = eval_map_bytes(template, &vars).map_err(|e| {
        // The position of the failing expression in the template, as `<template>:LINE:COL`.
        let before = &template[..e.offset().min(template.len())];
        let line = before.matches('\n').count() + 1;
        let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        CliError::input(format!("<template>:{line}:{column}: {e}"))
    })?;
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(&out)
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush())
        .or_else(write_error)
}

/// One job of `--jsonl`. Missing fields are empty, unknown ones ignored (as
/// Go's `json.Unmarshal` does).
#[derive(Deserialize)]
struct Job {
    #[serde(default)]
    template: String,
    #[serde(default)]
    vars: Option<Vars>,
}

/// `{"<key>":"<value>"}` as Go's encoder writes a one-entry map.
fn line(key: &str, value: &[u8]) -> String {
    format!("{{\"{key}\":{}}}", go_quote(value, false))
}

fn run_jsonl(path: &PathBuf) -> Result<(), CliError> {
    let input: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(BufReader::new(io::stdin().lock()))
    } else {
        let file = File::open(path)
            .map_err(|e| CliError::input(format!("cannot open {}: {e}", path.display())))?;
        Box::new(BufReader::new(file))
    };
    let mut out = BufWriter::new(io::stdout().lock());
    match process(input, &mut out) {
        Ok(malformed) => {
            out.flush().or_else(write_error)?;
            if malformed > 0 {
                Err(CliError::silent_input())
            } else {
                Ok(())
            }
        }
        Err(Stop::Read(e)) => {
            out.flush().or_else(write_error)?;
            Err(CliError::input(format!(
                "cannot read {}: {e}",
                path.display()
            )))
        }
        Err(Stop::Write(e)) => write_error(e),
    }
}

enum Stop {
    Read(io::Error),
    Write(io::Error),
}

/// Evaluates every job; returns the number of malformed lines.
fn process(mut input: impl BufRead, out: &mut impl Write) -> Result<usize, Stop> {
    let mut buf = Vec::new();
    let mut number = 0usize;
    let mut malformed = 0usize;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf).map_err(Stop::Read)? == 0 {
            return Ok(malformed);
        }
        number += 1;
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        if buf.is_empty() {
            continue;
        }
        // The line as Go's `json.Unmarshal` sees it: each invalid UTF-8 byte is U+FFFD.
        let json = match serde_json::from_str::<Job>(&go_lossy(&buf)) {
            Ok(job) => {
                let vars = job.vars.unwrap_or_default();
                match eval_map_bytes(&job.template, &vars) {
                    Ok(output) => line("output", &output),
                    Err(e) => line("error", e.to_string().as_bytes()),
                }
            }
            Err(e) => {
                malformed += 1;
                line(
                    "error",
                    format!("invalid input line {number}: {e}").as_bytes(),
                )
            }
        };
        out.write_all(json.as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .map_err(Stop::Write)?;
    }
}
