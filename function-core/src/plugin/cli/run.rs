//! One run of the parser: `--flag value` attached as `--flag=value`, clap's matches turned into
//! [`ParsedArgs`], clap's errors into [`ArgsError`] (or printed as clap prints them).

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::{FunctionCommand, Program, clap_command};
use crate::plugin::{ArgsError, ParsedArgs};

/// Parses `args` (without the program name): the index of the Function that runs and its
/// arguments, or the usage error as an [`ArgsError`].
pub(super) fn select<C>(
    program: Program,
    functions: &[FunctionCommand<C>],
    args: Vec<OsString>,
) -> Result<(usize, ParsedArgs), ArgsError> {
    let first = args.first().and_then(|a| a.to_str()).map(str::to_owned);
    let mut attached = attach_values(args, functions);
    let argv =
        std::iter::once(OsString::from(program.name)).chain(std::mem::take(&mut attached.args));
    let mut cmd = clap_command::build(program, functions);
    match cmd.try_get_matches_from_mut(argv) {
        Ok(matches) => parsed(functions, &matches),
        Err(err) => Err(attached
            .missing_value(&err)
            .unwrap_or_else(|| from_clap(&err, functions, first.as_deref()))),
    }
}

/// Parses `argv` (the program's path first) and builds the value; any error as a clap error
/// to print, its usage line naming the command that failed.
pub(super) fn select_or_clap_error<C>(
    program: Program,
    functions: &[FunctionCommand<C>],
    argv: impl Iterator<Item = OsString>,
) -> Result<C, clap::Error> {
    let mut argv = argv;
    let bin = argv.next().unwrap_or_else(|| program.name.into());
    let args: Vec<OsString> = argv.collect();
    // With subcommands, the first argument names the one that runs.
    let first = args.first().and_then(|a| a.to_str()).map(str::to_owned);
    let mut attached = attach_values(args, functions);
    let argv = std::iter::once(bin).chain(std::mem::take(&mut attached.args));
    let mut cmd = clap_command::build(program, functions);
    let built = match cmd.try_get_matches_from_mut(argv) {
        Ok(matches) => parsed(functions, &matches)
            .and_then(|(index, mut args)| (functions[index].build)(&mut args)),
        Err(err) => match attached.missing_value(&err) {
            Some(missing) => Err(missing),
            None => return Err(err),
        },
    };
    built.map_err(|err| {
        // The usage line of the command that failed: the subcommand, if any.
        let mut failed = first
            .and_then(|name| cmd.find_subcommand(name).cloned())
            .unwrap_or(cmd);
        failed.error(clap_kind(&err), err)
    })
}

/// The arguments with each `--flag value` attached as `--flag=value`.
struct Attached {
    args: Vec<OsString>,
    /// `--flag` followed by `--other` (not attached): the flags, and `other`.
    dangling: Vec<(String, String)>,
}

impl Attached {
    /// `--pg-args --clean` makes clap report `--clean` as an unknown argument; the mistake is
    /// the missing value of `--pg-args` (which `--pg-args=--clean` would give).
    fn missing_value(&self, err: &clap::Error) -> Option<ArgsError> {
        if err.kind() != ErrorKind::UnknownArgument {
            return None;
        }
        let Some(ContextValue::String(arg)) = err.get(ContextKind::InvalidArg) else {
            return None;
        };
        let name = flag_of(arg);
        self.dangling
            .iter()
            .find(|(_, next)| *next == name)
            .map(|(flag, _)| ArgsError::MissingValue { flag: flag.clone() })
    }
}

/// `--flag value` becomes `--flag=value` for every flag a Function has, unless `value` starts
/// with `--`; so that a value may start with one `-` (`--pg-args -v`, `--offset -5`), while a
/// flag followed by another flag is a missing value rather than a flag taken as a value. Other
/// arguments (`--help`, unknown flags, `--flag=value`) are left to clap.
fn attach_values<C>(args: Vec<OsString>, functions: &[FunctionCommand<C>]) -> Attached {
    let takes_value = |name: &str| {
        functions
            .iter()
            .any(|f| f.specs.iter().any(|s| s.flag == name))
    };
    let mut out = Attached {
        args: Vec::with_capacity(args.len()),
        dangling: Vec::new(),
    };
    let mut args = args.into_iter().peekable();
    while let Some(arg) = args.next() {
        let flag = arg
            .to_str()
            .and_then(|a| a.strip_prefix("--"))
            .filter(|name| !name.contains('=') && takes_value(name));
        if let Some(flag) = flag {
            if let Some(value) = args.next_if(|next| !next.as_encoded_bytes().starts_with(b"--")) {
                let mut joined = arg;
                joined.push("=");
                joined.push(value);
                out.args.push(joined);
                continue;
            }
            if let Some(next) = args.peek().and_then(|n| n.to_str()) {
                out.dangling.push((flag.to_owned(), flag_of(next)));
            }
        }
        out.args.push(arg);
    }
    out
}

/// The Function that runs and its arguments, as given (defaults and types are
/// [`ParsedArgs::take`]'s).
fn parsed<C>(
    functions: &[FunctionCommand<C>],
    matches: &clap::ArgMatches,
) -> Result<(usize, ParsedArgs), ArgsError> {
    let (index, matches) = match matches.subcommand() {
        Some((name, sub)) => (
            functions
                .iter()
                .position(|f| f.info.subcommand == Some(name)),
            sub,
        ),
        None => ((!functions.is_empty()).then_some(0), matches),
    };
    // Clap returns only the subcommands it was given; with no Function at all there is none.
    let Some(index) = index else {
        return Err(ArgsError::MissingSubcommand {
            expected: subcommands(functions),
        });
    };
    let specs = functions[index].specs.clone();
    let values = specs
        .iter()
        .map(|s| {
            matches
                .try_get_one::<String>(s.flag)
                .ok()
                .flatten()
                .cloned()
        })
        .collect();
    Ok((index, ParsedArgs::from_values(specs, values)))
}

fn subcommands<C>(functions: &[FunctionCommand<C>]) -> Vec<String> {
    functions
        .iter()
        .filter_map(|f| f.info.subcommand)
        .map(str::to_owned)
        .collect()
}

/// The clap error as an [`ArgsError`]. `first` is the first argument: with subcommands, the
/// one that selects the Function.
fn from_clap<C>(
    err: &clap::Error,
    functions: &[FunctionCommand<C>],
    first: Option<&str>,
) -> ArgsError {
    let text = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        _ => None,
    };
    let expected = subcommands(functions);
    let selected = if expected.is_empty() {
        functions.first()
    } else {
        first.and_then(|s| functions.iter().find(|f| f.info.subcommand == Some(s)))
    };
    let arg_flag = || flag_of(&text(ContextKind::InvalidArg).unwrap_or_default());
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            ArgsError::Help {
                text: err.render().to_string(),
            }
        }
        ErrorKind::DisplayVersion => ArgsError::Version {
            text: err.render().to_string(),
        },
        ErrorKind::MissingSubcommand => ArgsError::MissingSubcommand { expected },
        ErrorKind::InvalidSubcommand => ArgsError::WrongSubcommand {
            expected,
            found: text(ContextKind::InvalidSubcommand).unwrap_or_default(),
            suggestion: text(ContextKind::SuggestedSubcommand),
        },
        ErrorKind::UnknownArgument => {
            let argument = text(ContextKind::InvalidArg).unwrap_or_default();
            match selected {
                // Before the subcommand: the first argument is not one.
                None => ArgsError::WrongSubcommand {
                    expected,
                    found: first.map_or(argument, str::to_owned),
                    suggestion: None,
                },
                Some(function) => match argument.strip_prefix("--") {
                    Some(flag) if !flag.is_empty() => ArgsError::UnknownFlag {
                        flag: flag.to_owned(),
                        known: function.specs.iter().map(|s| s.flag.to_owned()).collect(),
                        suggestion: text(ContextKind::SuggestedArg).map(|s| flag_of(&s)),
                    },
                    _ => ArgsError::UnexpectedArgument { argument },
                },
            }
        }
        ErrorKind::ArgumentConflict
            if text(ContextKind::InvalidArg) == text(ContextKind::PriorArg) =>
        {
            ArgsError::RepeatedFlag { flag: arg_flag() }
        }
        ErrorKind::InvalidValue if text(ContextKind::InvalidValue).as_deref() == Some("") => {
            ArgsError::MissingValue { flag: arg_flag() }
        }
        _ => ArgsError::Usage {
            message: message_of(err),
        },
    }
}

/// `--wait-timeout <waitTimeout>` (how clap names an argument) -> `wait-timeout`.
fn flag_of(arg: &str) -> String {
    let arg = arg.strip_prefix("--").unwrap_or(arg);
    arg.split([' ', '=']).next().unwrap_or(arg).to_owned()
}

/// The first line of clap's message, without `error: `.
fn message_of(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let line = rendered.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_owned()
}

/// How clap classifies an error found after it parsed (by [`ParsedArgs::take`]).
fn clap_kind(err: &ArgsError) -> ErrorKind {
    match err {
        ArgsError::MissingFlag { .. } => ErrorKind::MissingRequiredArgument,
        ArgsError::Help { .. } => ErrorKind::DisplayHelp,
        ArgsError::Version { .. } => ErrorKind::DisplayVersion,
        _ => ErrorKind::ValueValidation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_of_clap_names() {
        assert_eq!(flag_of("--wait-timeout <waitTimeout>"), "wait-timeout");
        assert_eq!(flag_of("--paths"), "paths");
        assert_eq!(flag_of("--a=b"), "a");
    }
}
