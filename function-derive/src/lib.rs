//! `#[derive(Function)]` for KubeStash plugin argument structs.
//!
//! Use it through `function-core`, which re-exports it as `function_core::Function` (default
//! feature `derive`) and holds everything the generated code calls: the trait
//! `function_core::PluginFunction`, the argument specs, the parser and the rules. This crate
//! only reads the attributes into a model (`attr.rs`, with `meta.rs` for the `key = value`
//! items and `types.rs` for what a field's type tells), runs the one list of checks a Function
//! must pass, `function_rules::check_function`, over it (`check.rs`, each failure on the
//! attribute it concerns), collecting every error (`ctxt.rs`), and writes one `impl`
//! (`expand.rs`).
//!
//! The attributes, the supported types and the errors are documented in `function_core::plugin`.
//!
//! It also holds `addon!` (`addon.rs`), which function-core re-exports as
//! `function_core::addon!`: the same model, checks and `Ctxt`, for the Addon DSL.

mod addon;
mod attr;
mod check;
mod ctxt;
mod expand;
mod meta;
mod types;

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
///     #[arg(builtin, required, flag = "backupsession", var = "backupSession")]
///     backup_session: String,
///     /// Enable or disable caching.
///     #[arg(default = true)]
///     enable_cache: bool,                // --enable-cache=${enableCache:=true}
///     #[arg(default = 300)]
///     wait_timeout: u32,                 // --wait-timeout=${waitTimeout:=300}
///     #[arg(flag = "pg-args", var = "args")]
///     pg_args: Option<String>,           // --pg-args=${args:=}
///     #[arg(default = ["postgres", "app"])]
///     databases: Vec<String>,            // --databases=${databases:=postgres,app}
/// }
///
/// assert_eq!(PostgresBackup::args_template()[4], "--wait-timeout=${waitTimeout:=300}");
/// assert_eq!(PostgresBackup::args_template()[6], "--databases=${databases:=postgres,app}");
/// ```
///
/// Struct attribute `#[function(name = "...", image = "...", available_versions = [...],
/// subcommand = "...", command = [...], working_dir = "...", args = [field, "verbatim", ...],
/// ports = EXPR, volume_mounts = EXPR, volume_devices = EXPR, runtime_settings = EXPR, crate =
/// "path")]`; field attribute `#[arg(flag = "...", var = "...", default = EXPR, default = [EXPR,
/// ...], builtin, required, usage = "...", helm_value = "...", op = ":-")]`. A wrong default is rejected on the default itself:
///
/// ```compile_fail
/// use function_core::Function;
///
/// #[derive(Function)]
/// #[function(name = "x", image = "y")]
/// struct X {
///     #[arg(default = "300")] // `"300"` is a string, but the field is a `u32`: drop the quotes, `default = 300`
///     wait_timeout: u32,
/// }
/// ```
///
/// ```compile_fail
/// use function_core::Function;
///
/// #[derive(Function)]
/// #[function(name = "x", image = "y")]
/// struct X {
///     #[arg(default = ["/a", 2])] // expected `String`, found integer
///     paths: Vec<String>,
/// }
/// ```
#[proc_macro_derive(Function, attributes(function, arg))]
pub fn derive_function(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    derive(&input).into()
}

/// `addon!`, called by function-core's `function_core::addon!` as
/// `__addon! { ($crate) api|lean ... }`: see `function_core::addon` for the grammar. Not for
/// direct use.
#[doc(hidden)]
#[proc_macro]
pub fn __addon(input: TokenStream) -> TokenStream {
    addon::addon(input.into()).into()
}

/// The derive on a parsed input: the `impl`, or every error found as `compile_error!`s with a
/// fallback `impl` (so that what names the struct, an `addon!` task, sees a Function and adds
/// no error of its own: one mistake, one error).
fn derive(input: &DeriveInput) -> proc_macro2::TokenStream {
    let cx = ctxt::Ctxt::default();
    let model = attr::Input::from_ast(&cx, input);
    check::check(&cx, &model);
    match cx.check() {
        Ok(()) => expand::expand(&model),
        Err(errors) => {
            let fallback = expand::fallback(input, &model);
            quote::quote!(#fallback #errors)
        }
    }
}

#[cfg(test)]
mod addon_snapshot_tests;
#[cfg(test)]
mod agreement_tests;
#[cfg(test)]
mod snapshot_tests;
