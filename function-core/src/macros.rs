//! The [`addon!`](crate::addon!) macro, and [`with_api!`](crate::with_api!).
//!
//! `addon!` hands its input to the proc-macro `function_derive::__addon`, with the path to this
//! crate and whether it has the `api` feature. With it, it declares a type implementing
//! [`PluginAddon`](crate::addon::PluginAddon). Without it (a plugin binary, which builds
//! function-core with its default features off but `derive`) it checks the grammar and
//! declares the same unit struct and nothing else: the tasks are not kept, since the binary
//! never writes a manifest.

/// Declares an Addon type implementing [`PluginAddon`](crate::addon::PluginAddon); see the
/// [module docs](mod@crate::addon) for the grammar and examples. A proc-macro
/// (`function_derive::__addon`) reads it: each key at most once, each error on its token.
#[cfg(feature = "api")]
#[macro_export]
macro_rules! addon {
    ($($input:tt)*) => {
        $crate::__private::__addon! { ($crate) api $($input)* }
    };
}

/// Declares an Addon type. Without the `api` feature (a plugin binary's lean build) this is the
/// unit struct alone, after the same checks of the grammar: the tasks are not kept. Build with
/// the `api` feature (the default) for
/// [`PluginAddon`](https://docs.rs/function-core/latest/function_core/addon/trait.PluginAddon.html)
/// and the grammar.
#[cfg(all(feature = "derive", not(feature = "api")))]
#[macro_export]
macro_rules! addon {
    ($($input:tt)*) => {
        $crate::__private::__addon! { ($crate) lean $($input)* }
    };
}

/// Declares an Addon type. Without the `api` and `derive` features there is no proc-macro to
/// read the tasks: this is the unit struct alone.
#[cfg(not(any(feature = "derive", feature = "api")))]
#[macro_export]
macro_rules! addon {
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident { $($body:tt)* }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        #[allow(dead_code)]
        $vis struct $name;
    };
}

/// Items that exist only when function-core has the `api` feature: typed Kubernetes values (the
/// `ports`, `volume_mounts`, `volume_devices` and `runtime_settings` of `#[function(...)]`,
/// volume sources of an [`addon!`](crate::addon!)), and the `use` items they need.
///
/// A plugin's `-api` crate is built twice: with the manifests (its build script, its tests) and
/// lean, for the plugin binary, without any Kubernetes crate. What only the manifests need goes
/// in here, so that the lean build leaves it out, as the derive leaves out the code that uses
/// it. The same works with `#[cfg(feature = "...")]` on each item, naming the `-api` crate's own
/// feature; this macro needs no feature of the crate that uses it.
///
/// ```
/// use function_core::{Function, PluginFunction};
///
/// function_core::with_api! {
///     use function_core::k8s::api::core::v1::ContainerPort;
///
///     fn ports() -> Vec<ContainerPort> {
///         vec![ContainerPort { container_port: 8200, ..Default::default() }]
///     }
/// }
///
/// #[derive(Function)]
/// #[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0", ports = ports())]
/// struct VaultBackup {}
///
/// assert_eq!(VaultBackup::manifest().spec.ports[0].container_port, 8200);
/// ```
#[cfg(feature = "api")]
#[macro_export]
macro_rules! with_api {
    ($($item:tt)*) => { $($item)* };
}

/// Items that exist only when function-core has the `api` feature. Without it (this build),
/// nothing: see the documentation of the default build.
#[cfg(not(feature = "api"))]
#[macro_export]
macro_rules! with_api {
    ($($item:tt)*) => {};
}
