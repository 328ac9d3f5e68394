//! The plugin binary's command line, built with clap from the same [`ArgSpec`]s as the
//! Function's `args` template, so that `--help` can never disagree with the manifest.
//!
//! - [`Program`] (usually [`program!`](crate::program!)): the binary's name, version and
//!   description, read from the *binary* crate's Cargo environment.
//! - [`PluginFunction::parse`]: a binary with one Function.
//! - [`plugin_cli!`](crate::plugin_cli!): a binary with several Functions, one subcommand each,
//!   as a typed `enum`.
//! - [`PluginCommand`]: what both have in common; [`command`], [`try_parse`], [`parse`] and
//!   [`parse_from`] work on any of them.
//!
//! ```no_run
//! use function_core::{Function, PluginFunction, program};
//!
//! /// Back up a Vault cluster.
//! #[derive(Function, Debug)]
//! #[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
//! struct VaultBackup {
//!     /// Number of seconds to wait for Vault to be ready.
//!     #[arg(default = 300)]
//!     wait_timeout: u32,
//! }
//!
//! fn main() {
//!     // `--help`, `--version` and usage errors print and exit here (0 for help and version,
//!     // 2 for a usage error, as clap does).
//!     let backup = VaultBackup::parse(program!());
//!     println!("waiting {}s", backup.wait_timeout);
//! }
//! ```
//!
//! # The command line
//!
//! | | |
//! |---|---|
//! | `PROGRAM [SUBCOMMAND] --flag=value --flag value ...` | each flag at most once, in any order |
//! | `--flag value` | the next argument is the value unless it starts with `--`: `--pg-args -v` is `-v`, `--pg-args --verbose` is a missing value (write `--pg-args=--verbose`) |
//! | `--flag=` | the empty value (what an unset variable with no default resolves to) |
//! | `--help`, `-h` | every flag, with its usage (the doc comment), its default, the variable it is bound to and whether it is built in; exit 0 |
//! | `--version`, `-V` | the program's name and version ([`Program`]); exit 0 |
//! | a usage error | an unknown flag (with a suggestion for a near miss), a missing or unknown subcommand, a flag given twice or without a value, a value its type does not read, a missing required flag: `error: ...` on stderr, exit 2 |
//!
//! A Function whose own flags include `help` (or, without a subcommand, `version`) keeps its
//! flag: clap's flag of that name is turned off for that command.
//!
//! # Several Functions
//!
//! ```
//! use function_core::{Function, PluginFunction, plugin_cli, plugin::{ArgsError, Program}};
//!
//! #[derive(Function, Debug, PartialEq)]
//! #[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0", subcommand = "backup")]
//! pub struct PvcBackup {
//!     /// Paths to back up.
//!     paths: Vec<String>,
//! }
//!
//! /// Restores the files of a PVC.
//! #[derive(Function, Debug, PartialEq)]
//! #[function(name = "pvc-restore", image = "ghcr.io/kubestash/pvc:v0.28.0", subcommand = "restore")]
//! pub struct PvcRestore {
//!     #[arg(builtin)]
//!     snapshot: String,
//! }
//!
//! plugin_cli! {
//!     /// One run of the plugin.
//!     #[derive(Debug, PartialEq)]
//!     pub enum Run {
//!         Backup(PvcBackup),
//!         Restore(PvcRestore),
//!     }
//! }
//!
//! let run = Run::from_args(["restore", "--snapshot", "s-1"])?;
//! assert_eq!(run, Run::Restore(PvcRestore { snapshot: "s-1".into() }));
//! assert_eq!(run.to_args(), ["restore", "--snapshot=s-1"]);
//!
//! let err = Run::from_args(["bakup"]).unwrap_err();
//! assert_eq!(err.to_string(),
//!            "expected the subcommand `backup` or `restore` as the first argument, found `bakup`; \
//!             did you mean `backup`?");
//! assert_eq!(err.exit_code(), 2);
//!
//! let help = Run::command(Program::new("pvc-plugin").version("1.2.3")).render_long_help();
//! // A subcommand's help is the struct's doc comment, or names the Function without one.
//! assert!(help.to_string().contains("backup   Runs the Function `pvc-backup`"));
//! assert!(help.to_string().contains("restore  Restores the files of a PVC."));
//! # Ok::<(), ArgsError>(())
//! ```

mod clap_command;
mod run;

use std::ffi::OsString;

use super::{ArgSpec, ArgsError, FunctionInfo, ParsedArgs, PluginFunction};

/// The plugin binary: the name and version `--version` prints, and the description `--help`
/// starts with. [`program!`](crate::program!) reads them from the binary crate's Cargo
/// environment (`CARGO_BIN_NAME`, `CARGO_PKG_VERSION`, `CARGO_PKG_DESCRIPTION`), so the version
/// is the binary's own, not the `-api` crate's.
///
/// ```
/// use function_core::plugin::Program;
///
/// const PROGRAM: Program = Program::new("postgres-plugin").version("0.1.0").about("PostgreSQL backups");
/// assert_eq!(PROGRAM.name, "postgres-plugin");
/// assert_eq!(PROGRAM.version, Some("0.1.0"));
/// assert_eq!(Program::new("p").about("").about, None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Program {
    /// The binary's name (`postgres-plugin`).
    pub name: &'static str,
    /// Its version; without one there is no `--version`.
    pub version: Option<&'static str>,
    /// What it is, the first line of `--help`.
    pub about: Option<&'static str>,
}

impl Program {
    /// A program with this name, no version and no description.
    ///
    /// ```
    /// assert_eq!(function_core::plugin::Program::new("p").version, None);
    /// ```
    pub const fn new(name: &'static str) -> Self {
        Program {
            name,
            version: None,
            about: None,
        }
    }

    /// Sets the version.
    ///
    /// ```
    /// assert_eq!(function_core::plugin::Program::new("p").version("1.0.0").version, Some("1.0.0"));
    /// ```
    pub const fn version(mut self, version: &'static str) -> Self {
        self.version = Some(version);
        self
    }

    /// Sets the description; the empty text (a crate without `description`) sets none.
    ///
    /// ```
    /// assert_eq!(function_core::plugin::Program::new("p").about("Backups").about, Some("Backups"));
    /// ```
    pub const fn about(mut self, about: &'static str) -> Self {
        self.about = if about.is_empty() { None } else { Some(about) };
        self
    }
}

/// The [`Program`] of the binary being compiled: its name (`CARGO_BIN_NAME`, or the package's
/// name outside a binary target), its version (`CARGO_PKG_VERSION`) and its description
/// (`CARGO_PKG_DESCRIPTION`). A macro, so that it reads the crate that calls it: the plugin
/// binary, not function-core or the `-api` crate.
///
/// ```
/// let program = function_core::program!();
/// assert_eq!(program.version, Some(env!("CARGO_PKG_VERSION")));
/// ```
#[macro_export]
macro_rules! program {
    () => {
        $crate::plugin::Program::new(match ::core::option_env!("CARGO_BIN_NAME") {
            ::core::option::Option::Some(name) => name,
            ::core::option::Option::None => ::core::env!("CARGO_PKG_NAME"),
        })
        .version(::core::env!("CARGO_PKG_VERSION"))
        .about(::core::env!("CARGO_PKG_DESCRIPTION"))
    };
}

/// One Function of a plugin binary: its description and how a value of `C` is made from its
/// parsed arguments. [`PluginCommand::functions`] lists them.
///
/// ```
/// use function_core::{Function, plugin::FunctionCommand};
///
/// #[derive(Function)]
/// #[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0", subcommand = "backup")]
/// struct PvcBackup {
///     paths: Vec<String>,
/// }
///
/// enum Run { Backup(PvcBackup) }
///
/// let backup = FunctionCommand::of::<PvcBackup>(Run::Backup);
/// assert_eq!(backup.info().subcommand, Some("backup"));
/// assert_eq!(backup.specs()[0].flag, "paths");
/// ```
pub struct FunctionCommand<C> {
    info: FunctionInfo,
    specs: Vec<ArgSpec>,
    build: Build<C>,
}

/// Makes the value of a Function's command from its parsed arguments.
type Build<C> = Box<dyn Fn(&mut ParsedArgs) -> Result<C, ArgsError>>;

impl<C> FunctionCommand<C> {
    /// The Function `T`, whose value `wrap` turns into a `C` (an enum variant, or
    /// `std::convert::identity`).
    pub fn of<T: PluginFunction + 'static>(wrap: fn(T) -> C) -> Self
    where
        C: 'static,
    {
        FunctionCommand {
            info: T::FUNCTION,
            specs: T::arg_specs(),
            build: Box::new(move |args| T::from_parsed(args).map(wrap)),
        }
    }

    /// What `#[function(...)]` says: the name, the subcommand.
    pub fn info(&self) -> &FunctionInfo {
        &self.info
    }

    /// The arguments, in order.
    pub fn specs(&self) -> &[ArgSpec] {
        &self.specs
    }
}

/// Checks `args` (without the program name) against one Function's `specs` and subcommand:
/// [`ParsedArgs::parse`], [`PluginFunction::from_args`].
pub(crate) fn parse_specs(
    program: Program,
    specs: Vec<ArgSpec>,
    subcommand: Option<&'static str>,
    args: Vec<OsString>,
) -> Result<ParsedArgs, ArgsError> {
    let mut info = FunctionInfo::new(program.name, "");
    info.subcommand = subcommand;
    // What the Function does (its struct's doc comment) heads its subcommand's help.
    info.about = program.about;
    let functions = [FunctionCommand::<()> {
        info,
        specs,
        build: Box::new(|_| Ok(())),
    }];
    run::select(program, &functions, args).map(|(_, parsed)| parsed)
}

impl<C> std::fmt::Debug for FunctionCommand<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FunctionCommand")
            .field("info", &self.info)
            .field("specs", &self.specs)
            .finish_non_exhaustive()
    }
}

/// A plugin binary's command line: the Functions it runs. Every [`PluginFunction`] is one (a
/// binary with that one Function); [`plugin_cli!`](crate::plugin_cli!) declares an enum that is
/// one for several Functions. [`command`], [`try_parse`], [`parse`] and [`parse_from`] work on
/// any of them.
///
/// The Functions of a binary with more than one each have a subcommand, all different
/// (`plugin_cli!` checks it when it compiles).
pub trait PluginCommand: Sized {
    /// The Functions, in the order `--help` lists them.
    fn functions() -> Vec<FunctionCommand<Self>>;
}

impl<T: PluginFunction + 'static> PluginCommand for T {
    fn functions() -> Vec<FunctionCommand<Self>> {
        vec![FunctionCommand::of::<T>(std::convert::identity)]
    }
}

/// The clap command of `C` for `program`: what `--help` shows and what the parser accepts.
///
/// ```
/// use function_core::{Function, plugin::{self, Program}};
///
/// #[derive(Function)]
/// #[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
/// struct VaultBackup {
///     /// Number of seconds to wait for Vault to be ready.
///     #[arg(default = 300)]
///     wait_timeout: u32,
/// }
///
/// let help = plugin::command::<VaultBackup>(Program::new("vault-plugin")).render_long_help().to_string();
/// assert!(help.contains("--wait-timeout <waitTimeout>"));
/// assert!(help.contains("Number of seconds to wait for Vault to be ready."));
/// assert!(help.contains("[default: 300] [variable: waitTimeout]"));
/// ```
pub fn command<C: PluginCommand>(program: Program) -> clap::Command {
    clap_command::build(program, &C::functions())
}

/// Reads a `C` from `args` (without the program name), never printing nor exiting: what
/// [`PluginFunction::from_args`] and the `from_args` of a
/// [`plugin_cli!`](crate::plugin_cli!) enum call.
///
/// # Errors
/// A usage error ([`ArgsError`]); `--help` and `--version` are
/// [`ArgsError::Help`] and [`ArgsError::Version`], holding the text clap would print.
///
/// ```
/// use function_core::{Function, plugin::{self, ArgsError, Program}};
///
/// #[derive(Function, Debug)]
/// #[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
/// struct VaultBackup {
///     #[arg(default = 300)]
///     wait_timeout: u32,
/// }
///
/// let program = Program::new("vault-plugin").version("1.0.0");
/// let err = plugin::try_parse::<VaultBackup, _>(program, ["--version"]).unwrap_err();
/// assert_eq!(err, ArgsError::Version { text: "vault-plugin 1.0.0\n".into() });
/// assert_eq!(err.exit_code(), 0);
/// ```
pub fn try_parse<C, I>(program: Program, args: I) -> Result<C, ArgsError>
where
    C: PluginCommand,
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    let functions = C::functions();
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let (index, mut parsed) = run::select(program, &functions, args)?;
    (functions[index].build)(&mut parsed)
}

/// Reads a `C` from the process's arguments; on `--help`, `--version` or a usage error,
/// prints as clap does and exits (0 on stdout for help and version, 2 on stderr for an error).
pub fn parse<C: PluginCommand>(program: Program) -> C {
    parse_from(program, std::env::args_os())
}

/// [`parse`] over `argv`, whose first item is the program's path (as `std::env::args_os`);
/// clap's usage lines name the binary after it.
pub fn parse_from<C, I>(program: Program, argv: I) -> C
where
    C: PluginCommand,
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    let functions = C::functions();
    match run::select_or_clap_error(program, &functions, argv.into_iter().map(Into::into)) {
        Ok(value) => value,
        Err(err) => err.exit(),
    }
}

/// Checks the subcommands of a binary's Functions at compile time (for
/// [`plugin_cli!`](crate::plugin_cli!)): with more than one Function, each has a subcommand,
/// and no two the same.
#[doc(hidden)]
pub const fn check_subcommands(subcommands: &[Option<&str>]) {
    if subcommands.len() < 2 {
        return;
    }
    let mut i = 0;
    while i < subcommands.len() {
        let Some(a) = subcommands[i] else {
            panic!(
                "plugin_cli!: with more than one Function, each needs a subcommand \
                 (#[function(subcommand = \"...\")])"
            );
        };
        let mut j = i + 1;
        while j < subcommands.len() {
            if let Some(b) = subcommands[j]
                && const_str_eq(a, b)
            {
                panic!("plugin_cli!: two Functions have the same subcommand");
            }
            j += 1;
        }
        i += 1;
    }
}

const fn const_str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Declares the command line of a plugin binary with several Functions: an `enum` with one
/// variant per Function (its subcommand selects it), implementing [`PluginCommand`], with
///
/// - `fn command(program: Program) -> clap::Command`: what `--help` shows;
/// - `fn from_args(args) -> Result<Self, ArgsError>`: reads the arguments (without the program
///   name), never exits; for tests;
/// - `fn parse(program: Program) -> Self`: reads the process's arguments, prints and exits on
///   `--help`, `--version` and usage errors; for `main`;
/// - `fn to_args(&self) -> Vec<String>`: the arguments that `from_args` reads back as `self`.
///
/// Each Function needs a subcommand, all different: a compile error otherwise. With a single
/// variant, a Function without a subcommand is fine (the flags follow the program name).
///
/// ```
/// use function_core::{Function, plugin_cli, program};
///
/// #[derive(Function, Debug)]
/// #[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0", subcommand = "backup")]
/// pub struct PvcBackup { paths: Vec<String> }
///
/// #[derive(Function, Debug)]
/// #[function(name = "pvc-restore", image = "ghcr.io/kubestash/pvc:v0.28.0", subcommand = "restore")]
/// pub struct PvcRestore { #[arg(builtin)] snapshot: String }
///
/// plugin_cli! {
///     /// One run of the plugin binary.
///     #[derive(Debug)]
///     pub enum Run {
///         /// `backup --paths=...`
///         Backup(PvcBackup),
///         /// `restore --snapshot=...`
///         Restore(PvcRestore),
///     }
/// }
///
/// # fn main() {}
/// # fn _main() {
/// // in main.rs:
/// match Run::parse(program!()) {
///     Run::Backup(backup) => println!("backing up {:?}", backup.paths),
///     Run::Restore(restore) => println!("restoring {}", restore.snapshot),
/// }
/// # }
/// ```
///
/// Two Functions with the same subcommand do not compile:
///
/// ```compile_fail
/// use function_core::{Function, plugin_cli};
///
/// #[derive(Function)]
/// #[function(name = "a-backup", image = "example.com/a:v1", subcommand = "backup")]
/// pub struct A {}
/// #[derive(Function)]
/// #[function(name = "b-backup", image = "example.com/b:v1", subcommand = "backup")]
/// pub struct B {}
///
/// plugin_cli! { pub enum Run { A(A), B(B) } }
/// ```
#[macro_export]
macro_rules! plugin_cli {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$variant_attr:meta])*
                $variant:ident($ty:ty)
            ),+ $(,)?
        }
    ) => {
        $(#[$attr])*
        $vis enum $name {
            $(
                $(#[$variant_attr])*
                $variant($ty),
            )+
        }

        const _: () = $crate::plugin::check_subcommands(&[
            $(<$ty as $crate::plugin::PluginFunction>::FUNCTION.subcommand),+
        ]);

        impl $crate::plugin::PluginCommand for $name {
            fn functions() -> ::std::vec::Vec<$crate::plugin::FunctionCommand<Self>> {
                ::std::vec![$($crate::plugin::FunctionCommand::of::<$ty>(Self::$variant)),+]
            }
        }

        #[allow(dead_code)]
        impl $name {
            /// The clap command for `program`: what `--help` shows, what the parser accepts.
            $vis fn command(program: $crate::plugin::Program) -> $crate::plugin::clap::Command {
                $crate::plugin::command::<Self>(program)
            }

            /// Reads the arguments (without the program name), dispatching on the
            /// subcommand; never prints nor exits.
            ///
            /// # Errors
            /// A usage error, or `--help` (`ArgsError`).
            $vis fn from_args<I>(args: I) -> ::core::result::Result<Self, $crate::plugin::ArgsError>
            where
                I: ::core::iter::IntoIterator,
                I::Item: ::core::convert::Into<::std::string::String>,
            {
                $crate::plugin::try_parse::<Self, _>(
                    $crate::plugin::Program::new(::core::stringify!($name)),
                    args.into_iter().map(::core::convert::Into::<::std::string::String>::into),
                )
            }

            /// Reads the process's arguments; prints and exits on `--help`, `--version` and
            /// usage errors (status 0 for help and version, 2 for errors).
            $vis fn parse(program: $crate::plugin::Program) -> Self {
                $crate::plugin::parse::<Self>(program)
            }

            /// The arguments that [`from_args`](Self::from_args) reads back as `self`.
            $vis fn to_args(&self) -> ::std::vec::Vec<::std::string::String> {
                match self {
                    $(Self::$variant(function) => $crate::plugin::PluginFunction::to_args(function),)+
                }
            }
        }
    };
    ($($other:tt)*) => {
        ::core::compile_error!(
            "expected `plugin_cli! { [#[attributes]] [pub] enum Name { Variant(FunctionType), ... } }`"
        );
    };
}

#[cfg(test)]
mod tests;
