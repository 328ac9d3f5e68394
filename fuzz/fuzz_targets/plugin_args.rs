//! The plugin argument parser over arbitrary argv: no panic, every error is a usage error
//! (status 2) or help (status 0), and where the arguments parse, writing them (`to_args`) and
//! parsing again gives the same value.
//!
//! Input layout: the arguments separated by NUL bytes (lossy UTF-8; a real argv cannot hold
//! NUL). The first byte picks the parser: even, the struct of every kind of field alone (its
//! subcommand is `run`); odd, a two-Function binary (`run` and `small`) declared with
//! `plugin_cli!`. Seeds: fuzz/seeds/plugin_args.txt (scripts/fuzz.sh).
#![no_main]

use std::path::PathBuf;

use function_core::plugin::ArgsError;
use function_core::{Function, PluginFunction, plugin_cli};
use libfuzzer_sys::fuzz_target;

// Every kind of field and its enum: one declaration with the law tests (tests/tests/laws.rs).
#[path = "../../tests/src/everything.rs"]
mod everything;

use everything::Everything;

/// A second Function, for the dispatch.
#[derive(Function, Debug, Clone, PartialEq)]
#[function(
    name = "fuzz-small",
    image = "example.com/fuzz/plugin:v1",
    subcommand = "small"
)]
struct Small {
    #[arg(builtin)]
    snapshot: String,
    paths: Vec<PathBuf>,
    /// A built-in `bool` with no default.
    #[arg(builtin)]
    enable_cache: bool,
}

plugin_cli! {
    #[derive(Debug, Clone, PartialEq)]
    enum Run {
        Run(Everything),
        Small(Small),
    }
}

/// The same value, by its arguments' text (a NaN `ratio` is not equal to itself) and, without
/// a NaN, by `==` too.
fn same_run(a: &Run, b: &Run) -> bool {
    let nan = matches!(a, Run::Run(x) if x.ratio.is_nan());
    a.to_args() == b.to_args() && (nan || a == b)
}

fn check_error(err: &ArgsError) {
    let text = err.to_string();
    assert!(!text.is_empty(), "{err:?}");
    match err {
        ArgsError::Help { .. } | ArgsError::Version { .. } => assert_eq!(err.exit_code(), 0),
        _ => assert_eq!(err.exit_code(), 2, "{err:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let argv: Vec<String> = if rest.is_empty() {
        Vec::new()
    } else {
        rest.split(|&b| b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect()
    };
    if selector % 2 == 0 {
        match Everything::from_args(&argv) {
            Ok(x) => {
                let args = x.to_args();
                let again = Everything::from_args(&args)
                    .unwrap_or_else(|e| panic!("{args:?} does not parse back: {e}"));
                assert!(
                    same_run(&Run::Run(x.clone()), &Run::Run(again.clone())),
                    "{argv:?} -> {x:?} -> {args:?} -> {again:?}"
                );
            }
            Err(err) => check_error(&err),
        }
    } else {
        match Run::from_args(&argv) {
            Ok(run) => {
                let args = run.to_args();
                let again = Run::from_args(&args)
                    .unwrap_or_else(|e| panic!("{args:?} does not parse back: {e}"));
                assert!(
                    same_run(&run, &again),
                    "{argv:?} -> {run:?} -> {args:?} -> {again:?}"
                );
            }
            Err(err) => check_error(&err),
        }
    }
});
