//! The clap [`Command`] of a plugin binary, built from its Functions' [`ArgSpec`]s: the same
//! descriptions the `args` template and the Addon parameters are built from.

use clap::{Arg, ArgAction, Command};

use super::{FunctionCommand, Program};
use crate::plugin::ArgSpec;

/// The flags of a Function's command: `--help`'s epilogue.
const AFTER_HELP: &str = "Each flag takes one value, as `--flag=VALUE` or `--flag VALUE`;\n\
                          a value that starts with `--` must be written `--flag=VALUE`.";

/// The command of `program` running `functions`: with one Function and no subcommand, its flags
/// follow the program name; otherwise each Function is a subcommand.
pub(super) fn build<C>(program: Program, functions: &[FunctionCommand<C>]) -> Command {
    let mut root = Command::new(program.name).disable_help_subcommand(true);
    if let Some(version) = program.version {
        root = root.version(version);
    }
    if let Some(about) = program.about {
        root = root.about(about);
    }
    match functions {
        [only] if only.info.subcommand.is_none() => {
            if program.about.is_none() {
                root = root.about(runs(only));
            }
            if has_flag(only, "version") {
                root = root.disable_version_flag(true);
            }
            with_args(root, only)
        }
        _ => {
            root = root.subcommand_required(true);
            for function in functions {
                debug_assert!(
                    function.info.subcommand.is_some(),
                    "the Function `{}` has no subcommand, but its binary has several Functions",
                    function.info.name
                );
                if let Some(subcommand) = function.info.subcommand {
                    let sub = Command::new(subcommand).about(runs(function));
                    root = root.subcommand(with_args(sub, function));
                }
            }
            root
        }
    }
}

/// The struct's doc comment when it has one, else which Function it runs.
fn runs<C>(function: &FunctionCommand<C>) -> String {
    match function.info.about {
        Some(about) => about.to_owned(),
        None => format!("Runs the Function `{}`", function.info.name),
    }
}

fn has_flag<C>(function: &FunctionCommand<C>, flag: &str) -> bool {
    function.specs.iter().any(|s| s.flag == flag)
}

/// `cmd` with one option per argument of `function`.
fn with_args<C>(cmd: Command, function: &FunctionCommand<C>) -> Command {
    let mut cmd = cmd.next_line_help(true).after_help(AFTER_HELP);
    if has_flag(function, "help") {
        cmd = cmd.disable_help_flag(true);
    }
    cmd.args(function.specs.iter().map(arg))
}

/// `--flag <var>`: one value, at most once. Whether it is required, its default and its type
/// are [`ParsedArgs::take`](crate::plugin::ParsedArgs::take)'s to check (the one place that
/// knows), so clap is not told: `--help` says `[required]`.
fn arg(spec: &ArgSpec) -> Arg {
    Arg::new(spec.flag)
        .long(spec.flag)
        .value_name(spec.var)
        .action(ArgAction::Set)
        .help(help(spec, " "))
        .long_help(help(spec, "\n"))
}

/// The usage (the doc comment), then `[default: ..] [variable: ..] [required]` after `sep`.
pub(super) fn help(spec: &ArgSpec, sep: &str) -> String {
    let mut facts = Vec::with_capacity(3);
    if let Some(default) = &spec.default {
        facts.push(format!("[default: {}]", shown(default)));
    }
    if spec.builtin {
        facts.push(format!("[built-in variable: {}]", spec.var));
    } else {
        facts.push(format!("[variable: {}]", spec.var));
    }
    if spec.is_required() {
        facts.push("[required]".to_owned());
    }
    let facts = facts.join(" ");
    if spec.usage.is_empty() {
        facts
    } else {
        format!("{}{sep}{facts}", spec.usage)
    }
}

/// A default as clap shows one: quoted when empty or holding whitespace.
fn shown(text: &str) -> String {
    if text.is_empty() || text.contains(char::is_whitespace) {
        format!("{text:?}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lines() {
        let spec = ArgSpec::new::<u32>("wait_timeout", "wait-timeout", "waitTimeout")
            .usage("Number of seconds to wait.")
            .default_value(300u32);
        assert_eq!(
            help(&spec, "\n"),
            "Number of seconds to wait.\n[default: 300] [variable: waitTimeout]"
        );
        assert_eq!(
            help(&spec, " "),
            "Number of seconds to wait. [default: 300] [variable: waitTimeout]"
        );
        let spec = ArgSpec::new::<String>("namespace", "namespace", "namespace")
            .builtin()
            .default_value(String::from("my ns"));
        assert_eq!(
            help(&spec, " "),
            "[default: \"my ns\"] [built-in variable: namespace]"
        );
        let spec = ArgSpec::new::<String>("paths", "paths", "paths").default_value(String::new());
        assert_eq!(help(&spec, " "), "[default: \"\"] [variable: paths]");
        let spec = ArgSpec::new::<String>("paths", "paths", "paths");
        assert_eq!(help(&spec, " "), "[variable: paths] [required]");
    }
}
