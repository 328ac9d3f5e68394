//! `#[derive(Function)]` for KubeStash plugin argument structs.
//!
//! Use it through `function-core`, which re-exports it as `function_core::Function` (default
//! feature `derive`) and holds everything the generated code calls: the trait
//! `function_core::PluginFunction`, the argument specs, the parser and the rules. This crate
//! only reads the attributes into a model (`attr.rs`), checks them with `function-rules`
//! (collecting every error, `ctxt.rs`), and writes one `impl` (`expand.rs`).
//!
//! The attributes, the supported types and the errors are documented in `function_core::plugin`.

mod attr;
mod ctxt;
mod expand;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Implements `function_core::PluginFunction` for a struct with named fields: the Function's
/// manifest, its argument template, the Addon parameter definitions and the parser.
///
/// ```
/// use function_core::{Function, PluginFunction};
///
/// /// Back up a PostgreSQL database with pg_dump.
/// #[derive(Function)]
/// #[function(name = "postgres-backup",
///            image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}",
///            available_versions = ["12.17", "14.10", "16.4"],
///            subcommand = "backup")]
/// pub struct PostgresBackup {
///     #[arg(builtin)]                    // --namespace=${namespace:=default}
///     namespace: String,
///     #[arg(builtin, flag = "backupsession", var = "backupSession")]
///     backup_session: String,
///     /// Enable or disable caching.
///     #[arg(default = true)]
///     enable_cache: bool,                // --enable-cache=${enableCache:=true}
///     #[arg(default = 300)]
///     wait_timeout: u32,                 // --wait-timeout=${waitTimeout:=300}
///     #[arg(flag = "pg-args", var = "args")]
///     pg_args: Option<String>,           // --pg-args=${args:=}
/// }
///
/// assert_eq!(PostgresBackup::args_template()[4], "--wait-timeout=${waitTimeout:=300}");
/// ```
///
/// Struct attribute `#[function(name = "...", image = "...", available_versions = [...],
/// subcommand = "...", command = [...], working_dir = "...", crate = "path")]`; field attribute
/// `#[arg(flag = "...", var = "...", default = EXPR, builtin, usage = "...", helm_value =
/// "...")]`. A wrong default is rejected on the default itself:
///
/// ```compile_fail
/// use function_core::Function;
///
/// #[derive(Function)]
/// #[function(name = "x", image = "y")]
/// struct X {
///     #[arg(default = "300")] // expected `u32`: `u32: From<&str>` is not satisfied
///     wait_timeout: u32,
/// }
/// ```
#[proc_macro_derive(Function, attributes(function, arg))]
pub fn derive_function(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    derive(&input).into()
}

/// The derive on a parsed input: the `impl`, or every error found as `compile_error!`s.
fn derive(input: &DeriveInput) -> proc_macro2::TokenStream {
    let cx = ctxt::Ctxt::default();
    let model = attr::Input::from_ast(&cx, input);
    match cx.check() {
        Ok(()) => expand::expand(&model),
        Err(errors) => errors,
    }
}

#[cfg(test)]
mod snapshot_tests;
