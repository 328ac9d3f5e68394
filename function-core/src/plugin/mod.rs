//! Plugin functions: one Rust struct gives the `Function` manifest, its typed argument
//! template, the Addon parameter definitions and the parser the plugin binary runs.
//!
//! `#[derive(Function)]` (re-exported as [`crate::Function`]) implements [`PluginFunction`] for
//! a struct with named fields. The derive only writes down what the attributes say (a
//! [`FunctionInfo`] and one [`ArgSpec`] per field) and calls into this module; the template,
//! the parameters and the parser are all built here from those descriptions, so they cannot
//! drift apart.
//!
//! ```
//! use function_core::{Function, PluginFunction};
//!
//! /// Back up a PostgreSQL database with pg_dump.
//! #[derive(Function, Debug, PartialEq)]
//! #[function(name = "postgres-backup",
//!            image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}",
//!            available_versions = ["12.17", "14.10", "16.4"],
//!            subcommand = "backup")]
//! pub struct PostgresBackup {
//!     #[arg(builtin)]
//!     namespace: String,
//!     #[arg(builtin, flag = "backupsession", var = "backupSession")]
//!     backup_session: String,
//!     /// Enable or disable caching.
//!     #[arg(default = true)]
//!     enable_cache: bool,
//!     #[arg(default = 300)]
//!     wait_timeout: u32,
//!     #[arg(flag = "pg-args", var = "args")]
//!     pg_args: Option<String>,
//! }
//!
//! assert_eq!(PostgresBackup::manifest().spec.args, [
//!     "backup",
//!     "--namespace=${namespace:=default}",
//!     "--backupsession=${backupSession:=}",
//!     "--enable-cache=${enableCache:=true}",
//!     "--wait-timeout=${waitTimeout:=300}",
//!     "--pg-args=${args:=}",
//! ]);
//!
//! let params = PostgresBackup::parameters();
//! assert_eq!(params[0].name, "enableCache");
//! assert_eq!(params[0].usage, "Enable or disable caching.");
//! assert_eq!(params[0].default, "true");
//!
//! let backup = PostgresBackup::from_args([
//!     "backup", "--namespace=demo", "--backupsession", "daily-1",
//!     "--enable-cache=false", "--wait-timeout=60", "--pg-args=",
//! ])?;
//! assert_eq!(backup.wait_timeout, 60);
//! assert_eq!(backup.pg_args, None);
//! assert_eq!(PostgresBackup::from_args(backup.to_args())?, backup);
//! # Ok::<(), function_core::plugin::ArgsError>(())
//! ```
//!
//! # Attributes
//!
//! On the struct, `#[function(...)]` (may be split over several attributes):
//!
//! | key | value | |
//! |---|---|---|
//! | `name` | `"..."` | required; a DNS-1123 subdomain |
//! | `image` | `"..."` | required; an image reference, `${VAR}` allowed in the tag |
//! | `available_versions` | `["...", ...]` | the tags `${DB_VERSION}` may take; required when the image uses it |
//! | `subcommand` | `"..."` | the first argument (`backup`); checked by the parser |
//! | `command` | `["...", ...]` | the container's entrypoint |
//! | `working_dir` | `"..."` | the container's working directory |
//! | `args` | `[field, "...", ...]` | the template's arguments in order: every field once, in declaration order, with verbatim arguments between them (below) |
//! | `ports` | an expression | `spec.ports`, a `Vec<ContainerPort>` (below) |
//! | `volume_mounts` | an expression | `spec.volumeMounts`, a `Vec<VolumeMount>` |
//! | `volume_devices` | an expression | `spec.volumeDevices`, a `Vec<VolumeDevice>` |
//! | `runtime_settings` | an expression | `spec.runtimeSettings`, a [`ContainerRuntimeSettings`](crate::api::ContainerRuntimeSettings) |
//! | `crate` | `"path"` | the path to this crate, when it is renamed (default `::function_core`) |
//!
//! On a field, `#[arg(...)]` (optional):
//!
//! | key | value | |
//! |---|---|---|
//! | `flag` | `"..."` | the flag without `--`; default: the field name in kebab-case |
//! | `var` | `"..."` | the variable; default: the field name in camelCase |
//! | `default` | an expression or a list | the typed default (`300`, `true`, `"/kubestash-tmp"`, `Level::Info`; `["/a", "/b"]` for a `Vec`) |
//! | `builtin` | — | a variable the operator provides: not a parameter; `namespace` defaults to `default` |
//! | `required` | — | the argument must be given a non-empty value (below) |
//! | `usage` | `"..."` | the parameter's usage; default: the field's doc comment |
//! | `helm_value` | `"..."` | the Helm value a chart uses for the default ([`ArgSpec::helm_value`]); needs a default |
//! | `op` | `":="`, `"="`, `":-"` or `""` | how the template writes the variable: `${var:=default}` (the default), `${var=default}`, `${var:-default}`, or `${var}` with no default ([`DefaultOp`](crate::rules::DefaultOp)) |
//!
//! A string literal default is converted with `From<&str>` (so it suits `String` and
//! `PathBuf`); a list `[a, b]` is the default of a `Vec<T>` field, each item a string literal
//! (converted with `From<&str>`) or an expression of type `T`; any other expression must have
//! the field's type. Either way a wrong default is a compile error on the default itself (on
//! the item, for a list). A number, `bool` or `char` default is written without quotes
//! (`default = 300`, not `"300"`: the derive says "drop the quotes"). The template's default
//! text is the typed default written by [`ArgValue::to_arg`] (`300`, `true`, the string
//! itself, the items joined with `,`).
//!
//! ## The name and `${DB_VERSION}`: the operator's fixed table
//!
//! `available_versions` does not always decide `${DB_VERSION}`. The operator first looks the
//! database version up in a fixed table keyed by the Function's *name*
//! ([`resolve::FIXED_TABLE`](crate::resolve::FIXED_TABLE); its patterns are unanchored
//! regexes): a Function named `mongodb-backup` or `mongodb-restore` gets `6.0.5` for any
//! database version matching `7.0.*`, even when `7.0.5` is in `available_versions`;
//! `mysql-physical-(backup|restore)`, `mariadb-physical-(backup|restore)` and
//! `postgres-.*(backup|restore)` have entries too. The derive accepts such a name (upstream's
//! own plugins rely on the table); `kubestash-fn lint` warns about it
//! (`KSF0110 fixed-version-table`, with the versions it rewrites and to what), and
//! `kubestash-fn resolve --db-version V` says which rule chose the tag. Publish the image with
//! the table's tags too, or pick a name no pattern matches (`mongodb-dump-backup`).
//!
//! ## Verbatim arguments
//!
//! An argument that is not a field's `--flag=${var:=default}` (a literal word, a positional
//! value, two variables in one argument) is written as it is, in its place, with
//! `#[function(args = [...])]`: the list names every field once, in declaration order, and
//! holds the verbatim arguments as string literals between them.
//!
//! ```
//! use function_core::{Function, PluginFunction};
//!
//! #[derive(Function, Debug, PartialEq)]
//! #[function(name = "mysql-backup", image = "ghcr.io/kubedb/mysql-restic-plugin:v0.12.0",
//!            subcommand = "backup",
//!            args = [namespace, "--target=${host}:${port:=3306}", wait_timeout, "--verbose"])]
//! struct MysqlBackup {
//!     #[arg(builtin)]
//!     namespace: String,
//!     #[arg(default = 300, op = ":-")]
//!     wait_timeout: u32,
//! }
//!
//! assert_eq!(MysqlBackup::args_template(), [
//!     "backup",
//!     "--namespace=${namespace:=default}",
//!     "--target=${host}:${port:=3306}",
//!     "--wait-timeout=${waitTimeout:-300}",
//!     "--verbose",
//! ]);
//! // Template-only: the parser reads the fields' flags, and `to_args` writes them alone.
//! let backup = MysqlBackup::from_args(["backup", "--wait-timeout=60"])?;
//! assert_eq!(backup.to_args(), ["backup", "--namespace=default", "--wait-timeout=60"]);
//! # Ok::<(), function_core::plugin::ArgsError>(())
//! ```
//!
//! They are template-only: the parser does not read them (a plugin binary that receives them
//! fails on them as on any unknown argument) and [`to_args`](PluginFunction::to_args) does not
//! write them; the [laws](crate::testing::Laws) leave them out. They are meant for Functions
//! whose plugin exists already (a catalog imported from YAML), or whose binary reads its
//! arguments some other way.
//!
//! ## Container settings
//!
//! `ports`, `volume_mounts`, `volume_devices` and `runtime_settings` take an expression of the
//! Kubernetes type of the field (k8s-openapi's, re-exported as `function_core::k8s`), a
//! wrong type being a compile error on the expression. They only exist in the manifest, which a
//! plugin binary's lean build (function-core's default features off) does not have: the derive
//! writes them in [`PluginFunction::extend_spec`] inside [`with_api!`](crate::with_api!), so the
//! lean build never sees the expressions, and the functions they call can be declared inside
//! `with_api!` too.
//!
//! ```
//! use function_core::{Function, PluginFunction};
//!
//! function_core::with_api! {
//!     use function_core::k8s::api::core::v1::ContainerPort;
//!
//!     fn metrics_port() -> Vec<ContainerPort> {
//!         vec![ContainerPort { container_port: 9090, name: Some("metrics".into()), ..Default::default() }]
//!     }
//! }
//!
//! #[derive(Function)]
//! #[function(name = "pg-backup", image = "ghcr.io/kubedb/pg:v1", ports = metrics_port())]
//! struct PgBackup {}
//!
//! assert_eq!(PgBackup::manifest().spec.ports[0].container_port, 9090);
//! ```
//!
//! ## Required arguments
//!
//! The operator passes every flag of the template, and a variable that nothing sets reaches
//! the plugin as the empty value: `--backupsession=${backupSession:=}` becomes
//! `--backupsession=`. A field without a default would then quietly be `""`. Mark the
//! arguments that must have a value `#[arg(required)]`:
//!
//! - the parser refuses a missing flag ([`ArgsError::MissingFlag`]) and an empty value
//!   ([`ArgsError::EmptyValue`], naming the variable that was not set);
//! - the template is unchanged (`--flag=${var:=}`); the Addon parameter of an argument that is
//!   not built in says `required: true`; a built-in (`#[arg(builtin, required)]`) stays out of
//!   the parameters, since the operator provides it;
//! - a required argument takes no default, explicit or a built-in's (`namespace`): a compile
//!   error; nor can it be an `Option` (a value that may be missing): another compile error. A
//!   required `Vec<T>` needs at least one item.
//!
//! Without `required`, a field with no default that is neither an `Option`, a `Vec` nor built
//! in is still a `required: true` parameter, and a missing flag is still an error, but the
//! empty value is accepted as the empty text's value (`""` for a `String`).
//!
//! ```
//! use function_core::{Function, PluginFunction};
//! use function_core::plugin::ArgsError;
//!
//! #[derive(Function, Debug)]
//! #[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0", subcommand = "backup")]
//! struct PvcBackup {
//!     #[arg(builtin, required, flag = "backupsession")]
//!     backup_session: String,
//!     /// Paths to back up.
//!     #[arg(required)]
//!     paths: Vec<String>,
//! }
//!
//! assert_eq!(PvcBackup::args_template(), ["backup", "--backupsession=${backupSession:=}", "--paths=${paths:=}"]);
//! let params = PvcBackup::parameters();
//! assert_eq!((params.len(), params[0].name.as_str(), params[0].required), (1, "paths", true));
//!
//! let err = PvcBackup::from_args(["backup", "--backupsession=", "--paths=/data"]).unwrap_err();
//! assert_eq!(err, ArgsError::EmptyValue { flag: "backupsession".into(), var: "backupSession".into() });
//! let err = PvcBackup::from_args(["backup", "--backupsession=b-1"]).unwrap_err();
//! assert_eq!(err.to_string(), "missing the required flag `--paths` (a comma-separated list of a string)");
//! ```
//!
//! ## Errors
//!
//! Every attribute mistake is a compile error with a span, and all of them are reported in one
//! compile: unknown keys (listing the allowed ones), a missing `name` or `image`, tuple/unit
//! structs, enums, unions, generics and lifetimes, and what only the types tell (a default on
//! an `Option`, a quoted number or `bool`, a list default on a field that is not a `Vec`,
//! `required` on an `Option`). Then the one list of checks a Function must pass,
//! [`rules::check_function`](crate::rules::check_function), which [`validate`] also runs at
//! run time: a name that is not a DNS-1123 subdomain, an invalid image, `${DB_VERSION}`
//! without `available_versions`, flags and variable names the engine would not parse,
//! defaults holding `}`, `${`, `"`, `\` or control characters, list items holding `,`,
//! unknown built-ins, invalid Helm value keys, a Helm value without a default, a required
//! argument with a default, duplicate flags or variables.
//!
//! # Checking the catalog in a test
//!
//! The derive checks each Function when it compiles; what spans several of them (an Addon
//! task's Function, Helm values bound in two Functions, the chart's name and version) is
//! checked by [`Catalog::check`](crate::catalog::Catalog::check). Call it, and [`validate`],
//! in a test of the `-api` crate, so that a catalog mistake fails `cargo test` rather than
//! the plugin's build script:
//!
//! ```
//! # use function_core::{Function, PluginFunction, catalog::Catalog, plugin};
//! # #[derive(Function)]
//! # #[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
//! # pub struct VaultBackup {}
//! # pub fn catalog() -> Catalog {
//! #     let mut c = Catalog::new("vault", "1.0.0");
//! #     c.add_plugin_function::<VaultBackup>();
//! #     c
//! # }
//! // vault-plugin-api/tests/catalog.rs
//! # /* (a doctest is not built as a test: the function is called below)
//! #[test]
//! # */
//! fn the_catalog_passes_its_checks() {
//!     if let Err(errors) = catalog().check() {
//!         panic!("{errors}");
//!     }
//!     assert_eq!(plugin::validate::<VaultBackup>(), Ok(()));
//! }
//! # the_catalog_passes_its_checks();
//! ```
//!
//! # Types
//!
//! A field's type implements [`ArgValue`]: `String`, `bool`, integers, floats, `char`,
//! `PathBuf`, `Option<T>` (template `${var:=}`, the empty text is `None`), `Vec<T>`
//! (comma-separated, no escaping) and any `FromStr + Display` type that opts in with
//! `impl FromStrArg for T {}` ([`FromStrArg`]).

pub(crate) mod arg_type;
mod args;
pub mod cli;
#[cfg(feature = "api")]
mod entry;
mod spec;
mod validate;
mod value;

pub use args::{ArgsError, ArgsWriter, ParsedArgs};
/// The clap crate the plugin's command line is built with ([`cli`]), for
/// [`PluginFunction::command`]'s `Command`.
pub use clap;
pub use cli::{
    FunctionCommand, PluginCommand, Program, check_subcommands, command, parse, parse_from,
    try_parse,
};
#[cfg(feature = "api")]
pub use entry::{BoundArg, FunctionEntry};
pub use spec::{ArgSpec, FunctionInfo, VerbatimArg};
pub use validate::{describe, validate, validate_specs};
pub use value::{ArgValue, FromStrArg, ValueBounds, ValueError};

#[cfg(feature = "api")]
use crate::api::{Function, FunctionSpec, ParameterDefinition};

/// A plugin's argument struct, as `#[derive(Function)]` implements it.
///
/// The derive provides [`FUNCTION`](Self::FUNCTION), [`arg_specs`](Self::arg_specs),
/// [`from_parsed`](Self::from_parsed) and [`write_args`](Self::write_args); everything else is
/// built from them here.
///
/// ```
/// use function_core::{Function, PluginFunction};
///
/// #[derive(Function, Debug, PartialEq)]
/// #[function(name = "pvc-restore", image = "ghcr.io/kubestash/pvc:v0.28.0", subcommand = "restore")]
/// struct PvcRestore {
///     #[arg(builtin)]
///     namespace: String,
///     #[arg(builtin)]
///     snapshot: String,
///     /// Paths to restore.
///     paths: Vec<String>,
/// }
///
/// assert_eq!(PvcRestore::name(), "pvc-restore");
/// assert_eq!(PvcRestore::args_template(), [
///     "restore",
///     "--namespace=${namespace:=default}",
///     "--snapshot=${snapshot:=}",
///     "--paths=${paths:=}",
/// ]);
/// let r = PvcRestore::from_args(["restore", "--snapshot=s1", "--paths=/a,/b"])?;
/// assert_eq!(r, PvcRestore { namespace: "default".into(), snapshot: "s1".into(), paths: vec!["/a".into(), "/b".into()] });
/// # Ok::<(), function_core::plugin::ArgsError>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a plugin Function",
    label = "not a Function type",
    note = "derive it: `#[derive(function_core::Function)]` with `#[function(name = \"...\", image = \"...\")]`"
)]
pub trait PluginFunction: Sized {
    /// The Function's name, image, subcommand, versions, command and working directory.
    const FUNCTION: FunctionInfo;

    /// One spec per field, in the order of the fields (and of the arguments).
    fn arg_specs() -> Vec<ArgSpec>;

    /// Builds the struct from checked arguments, taking each field in the order of
    /// [`arg_specs`](Self::arg_specs). Called by [`from_args`](Self::from_args).
    ///
    /// # Errors
    /// A field's value is invalid or missing ([`ParsedArgs::take`]).
    fn from_parsed(args: &mut ParsedArgs) -> Result<Self, ArgsError>;

    /// Writes each field as `--flag=value`, in order. Called by [`to_args`](Self::to_args).
    fn write_args(&self, args: &mut ArgsWriter);

    /// The Function's name.
    fn name() -> &'static str {
        Self::FUNCTION.name
    }

    /// The `args` template: the subcommand, then `--flag=${var:=default}` per field, with the
    /// verbatim arguments ([`FunctionInfo::verbatim_args`]) in their places.
    fn args_template() -> Vec<String> {
        let fields = Self::arg_specs().iter().map(ArgSpec::template).collect();
        Self::FUNCTION.template(fields)
    }

    /// Sets what the manifest holds besides the [`FUNCTION`](Self::FUNCTION) info and the
    /// arguments: the container's ports, volume mounts, volume devices and runtime settings.
    /// Called by [`manifest`](Self::manifest) on its spec; does nothing unless overridden.
    ///
    /// The derive writes it from `#[function(ports = EXPR, volume_mounts = EXPR, volume_devices =
    /// EXPR, runtime_settings = EXPR)]`, inside [`with_api!`](crate::with_api!): those values
    /// are Kubernetes types, which a plugin binary's lean build does not have, and there this
    /// method does not exist.
    ///
    /// With the `api` feature (on by default; a plugin binary's lean build has it off).
    ///
    /// ```
    /// use function_core::{Function, PluginFunction};
    /// use function_core::api::{ContainerRuntimeSettings, NiceSettings};
    ///
    /// #[derive(Function)]
    /// #[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0",
    ///            runtime_settings = ContainerRuntimeSettings {
    ///                nice: Some(NiceSettings { adjustment: Some(5) }),
    ///                ..Default::default()
    ///            })]
    /// struct PvcBackup {}
    ///
    /// let spec = PvcBackup::manifest().spec;
    /// assert_eq!(spec.runtime_settings.unwrap().nice.unwrap().adjustment, Some(5));
    /// ```
    #[cfg(feature = "api")]
    fn extend_spec(spec: &mut FunctionSpec) {
        let _ = spec;
    }

    /// The Function manifest (`addons.kubestash.com/v1alpha1`, kind `Function`).
    ///
    /// With the `api` feature (on by default; a plugin binary's lean build has it off).
    #[cfg(feature = "api")]
    fn manifest() -> Function {
        let info = Self::FUNCTION;
        let mut spec = FunctionSpec {
            image: info.image.to_owned(),
            command: info.command.iter().map(|c| (*c).to_owned()).collect(),
            args: Self::args_template(),
            working_dir: info.working_dir.unwrap_or_default().to_owned(),
            available_versions: info
                .available_versions
                .iter()
                .map(|v| (*v).to_owned())
                .collect(),
            ..FunctionSpec::default()
        };
        Self::extend_spec(&mut spec);
        Function::new(info.name, spec)
    }

    /// The Addon task's parameter definitions: one per field that is not built in, with the
    /// doc comment as usage, the typed default's text as default, and `required` when there is
    /// no default and the type is not optional.
    ///
    /// With the `api` feature (on by default; a plugin binary's lean build has it off).
    #[cfg(feature = "api")]
    fn parameters() -> Vec<ParameterDefinition> {
        Self::arg_specs()
            .iter()
            .filter_map(ArgSpec::parameter)
            .collect()
    }

    /// Reads the struct from the plugin's arguments, without the program name: the subcommand
    /// (when there is one), then `--flag=value` or `--flag value`. Never prints nor exits: for
    /// tests, and callers that report errors their own way ([`parse`](Self::parse) is for
    /// `main`).
    ///
    /// # Errors
    /// A wrong or missing subcommand, an unknown, repeated or valueless flag, an unexpected
    /// argument, an invalid value, or a missing required flag ([`ArgsError`]);
    /// [`ArgsError::Help`] for `--help`.
    fn from_args<I>(args: I) -> Result<Self, ArgsError>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let info = Self::FUNCTION;
        let args = args.into_iter().map(|a| a.into().into()).collect();
        let mut parsed = cli::parse_specs(
            match info.about {
                Some(about) => Program::new(info.name).about(about),
                None => Program::new(info.name),
            },
            Self::arg_specs(),
            info.subcommand,
            args,
        )?;
        Self::from_parsed(&mut parsed)
    }

    /// [`from_args`](Self::from_args) over the process's arguments (`std::env::args_os`,
    /// without the program name).
    ///
    /// # Errors
    /// As [`from_args`](Self::from_args); an argument that is not valid UTF-8 is
    /// [`ArgsError::Usage`].
    fn from_env() -> Result<Self, ArgsError>
    where
        Self: 'static,
    {
        cli::try_parse::<Self, _>(
            Program::new(Self::FUNCTION.name),
            std::env::args_os().skip(1),
        )
    }

    /// The plugin binary's command line, for a binary that runs this one Function: what
    /// `--help` shows and the parser accepts ([`cli`]).
    ///
    /// ```
    /// use function_core::{Function, PluginFunction, plugin::Program};
    ///
    /// #[derive(Function)]
    /// #[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0", subcommand = "backup")]
    /// struct PvcBackup {
    ///     /// Paths to back up.
    ///     paths: Vec<String>,
    /// }
    ///
    /// let mut cmd = PvcBackup::command(Program::new("pvc-plugin").version("1.0.0"));
    /// assert_eq!(cmd.render_version(), "pvc-plugin 1.0.0\n");
    /// let backup = cmd.find_subcommand_mut("backup").unwrap();
    /// let help = backup.render_long_help().to_string();
    /// assert!(help.contains("--paths <paths>\n          Paths to back up.\n          [variable: paths]"));
    /// ```
    fn command(program: Program) -> clap::Command
    where
        Self: 'static,
    {
        cli::command::<Self>(program)
    }

    /// Reads the struct from the process's arguments, for `main`: on `--help`, `--version` or
    /// a usage error, prints as clap does and exits (0 for help and version, on stdout; 2 for
    /// errors, on stderr). `program` is usually [`program!()`](crate::program!), which names
    /// the binary being compiled and its version.
    ///
    /// ```no_run
    /// # use function_core::{Function, PluginFunction};
    /// # #[derive(Function)]
    /// # #[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
    /// # struct VaultBackup { #[arg(default = 300)] wait_timeout: u32 }
    /// let backup = VaultBackup::parse(function_core::program!());
    /// ```
    fn parse(program: Program) -> Self
    where
        Self: 'static,
    {
        cli::parse::<Self>(program)
    }

    /// The arguments that [`from_args`](Self::from_args) reads back as `self`: the subcommand,
    /// then `--flag=value` for every field. These are also the resolved template's arguments
    /// when each variable is set to its field's text.
    fn to_args(&self) -> Vec<String> {
        let mut args = ArgsWriter::new(Self::FUNCTION.subcommand);
        self.write_args(&mut args);
        args.finish()
    }
}
