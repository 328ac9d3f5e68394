//! The [`addon!`](crate::addon!) macro and its helpers, and [`with_api!`](crate::with_api!).
//!
//! With the `api` feature it declares a type implementing
//! [`PluginAddon`](crate::addon::PluginAddon). Without it (a plugin binary, which builds
//! function-core with its default features off) it declares the same unit struct and nothing
//! else: the tasks are neither checked nor kept, since the binary never writes a manifest. The
//! `-api` crate's own build with the features on (its tests, the plugin's `build.rs`) checks
//! them.

/// Declares an Addon type implementing [`PluginAddon`](crate::addon::PluginAddon); see the
/// [module docs](mod@crate::addon) for the grammar and examples.
#[cfg(feature = "api")]
#[macro_export]
macro_rules! addon {
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident { $($body:tt)* }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        $vis struct $name;

        impl $crate::addon::PluginAddon for $name {
            fn definition() -> $crate::addon::AddonDefinition {
                $crate::__addon_body!(@[] [] $($body)*)
            }
        }
    };
    ($($other:tt)*) => {
        ::core::compile_error!(
            "expected `addon! { [#[attributes]] [pub] struct Name { name: \"...\", backup_tasks: [...], restore_tasks: [...] } }`"
        );
    };
}

/// Declares an Addon type. Without the `api` feature (a plugin binary's lean build) this is the
/// unit struct alone: the tasks are not kept. Build with the `api` feature (the default) for
/// [`PluginAddon`](https://docs.rs/function-core/latest/function_core/addon/trait.PluginAddon.html)
/// and the grammar.
#[cfg(not(feature = "api"))]
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
    ($($other:tt)*) => {
        ::core::compile_error!(
            "expected `addon! { [#[attributes]] [pub] struct Name { name: \"...\", backup_tasks: [...], restore_tasks: [...] } }`"
        );
    };
}

#[cfg(feature = "api")]
#[doc(hidden)]
#[macro_export]
macro_rules! __addon_body {
    // Done.
    (@[] [$($tasks:tt)*]) => {
        ::core::compile_error!("an addon needs `name: \"...\"`")
    };
    (@[$name:expr] [$($tasks:tt)*]) => {
        $crate::addon::AddonDefinition::new($name) $($tasks)*
    };
    // name
    (@[$n:expr] [$($t:tt)*] name: $($rest:tt)*) => {
        ::core::compile_error!("duplicate key `name` in addon!")
    };
    (@[] [$($t:tt)*] name: $v:expr $(, $($rest:tt)*)?) => {
        $crate::__addon_body!(@[$v] [$($t)*] $($($rest)*)?)
    };
    // backup_tasks / restore_tasks
    (@[$($n:expr)?] [$($t:tt)*] backup_tasks: [$({ $($task:tt)* }),* $(,)?] $(, $($rest:tt)*)?) => {
        $crate::__addon_body!(@[$($n)?] [$($t)* $(.backup_task($crate::__addon_task!(@[] [] $crate::addon::TaskBuilder::new(); $($task)*)))*] $($($rest)*)?)
    };
    (@[$($n:expr)?] [$($t:tt)*] restore_tasks: [$({ $($task:tt)* }),* $(,)?] $(, $($rest:tt)*)?) => {
        $crate::__addon_body!(@[$($n)?] [$($t)* $(.restore_task($crate::__addon_task!(@[] [] $crate::addon::TaskBuilder::new(); $($task)*)))*] $($($rest)*)?)
    };
    (@[$($n:expr)?] [$($t:tt)*] backup_tasks: $($rest:tt)*) => {
        ::core::compile_error!("`backup_tasks` takes a list of tasks: `backup_tasks: [{ name: \"...\", function: Type, ... }, ...]`")
    };
    (@[$($n:expr)?] [$($t:tt)*] restore_tasks: $($rest:tt)*) => {
        ::core::compile_error!("`restore_tasks` takes a list of tasks: `restore_tasks: [{ name: \"...\", function: Type, ... }, ...]`")
    };
    (@[$($n:expr)?] [$($t:tt)*] $key:ident $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "unknown key `", ::core::stringify!($key), "` in addon!: expected `name`, `backup_tasks` or `restore_tasks`"
        ))
    };
    (@[$($n:expr)?] [$($t:tt)*] $($rest:tt)+) => {
        ::core::compile_error!("expected `key: value` in addon! (keys: `name`, `backup_tasks`, `restore_tasks`)")
    };
}

#[cfg(feature = "api")]
#[doc(hidden)]
#[macro_export]
macro_rules! __addon_task {
    // Done: `name` and `function` are required.
    (@[] [$($f:tt)?] $acc:expr;) => {
        ::core::compile_error!("a task needs `name: \"...\"`")
    };
    (@[$n:tt] [] $acc:expr;) => {
        ::core::compile_error!("a task needs `function: Type` (a #[derive(Function)] type)")
    };
    (@[$n:tt] [$f:tt] $acc:expr;) => {
        $acc.build()
    };
    // name
    (@[$n:tt] [$($f:tt)?] $acc:expr; name: $($rest:tt)*) => {
        ::core::compile_error!("duplicate key `name` in a task")
    };
    (@[] [$($f:tt)?] $acc:expr; name: $v:expr $(, $($rest:tt)*)?) => {
        $crate::__addon_task!(@[x] [$($f)?] $acc.name($v); $($($rest)*)?)
    };
    // function
    (@[$($n:tt)?] [$f:tt] $acc:expr; function: $($rest:tt)*) => {
        ::core::compile_error!("duplicate key `function` in a task")
    };
    (@[$($n:tt)?] [] $acc:expr; function: $v:ty $(, $($rest:tt)*)?) => {
        $crate::__addon_task!(@[$($n)?] [x] $acc.function::<$v>(); $($($rest)*)?)
    };
    // driver, executor: a variant, or `Other("...")` for a value this version does not know
    (@[$($n:tt)?] [$($f:tt)?] $acc:expr; driver: Other($v:literal) $(, $($rest:tt)*)?) => {
        $crate::__addon_task!(@[$($n)?] [$($f)?] $acc.driver($crate::api::Driver::from($v)); $($($rest)*)?)
    };
    (@[$($n:tt)?] [$($f:tt)?] $acc:expr; executor: Other($v:literal) $(, $($rest:tt)*)?) => {
        $crate::__addon_task!(@[$($n)?] [$($f)?] $acc.executor($crate::api::TaskExecutor::from($v)); $($($rest)*)?)
    };
    (@[$($n:tt)?] [$($f:tt)?] $acc:expr; driver: $v:ident $(, $($rest:tt)*)?) => {
        $crate::__addon_task!(@[$($n)?] [$($f)?] $acc.driver($crate::api::Driver::$v); $($($rest)*)?)
    };
    (@[$($n:tt)?] [$($f:tt)?] $acc:expr; executor: $v:ident $(, $($rest:tt)*)?) => {
        $crate::__addon_task!(@[$($n)?] [$($f)?] $acc.executor($crate::api::TaskExecutor::$v); $($($rest)*)?)
    };
    // singleton
    (@[$($n:tt)?] [$($f:tt)?] $acc:expr; singleton: $v:expr $(, $($rest:tt)*)?) => {
        $crate::__addon_task!(@[$($n)?] [$($f)?] $acc.singleton($v); $($($rest)*)?)
    };
    // parameters, overrides
    (@[$($n:tt)?] [$($f:tt)?] $acc:expr; parameters: [$($p:tt)*] $(, $($rest:tt)*)?) => {
        $crate::__addon_task!(@[$($n)?] [$($f)?] $crate::__addon_params!(parameter; $acc.explicit_parameters(); $($p)*); $($($rest)*)?)
    };
    (@[$($n:tt)?] [$($f:tt)?] $acc:expr; overrides: [$($p:tt)*] $(, $($rest:tt)*)?) => {
        $crate::__addon_task!(@[$($n)?] [$($f)?] $crate::__addon_params!(override_parameter; $acc.override_parameters(); $($p)*); $($($rest)*)?)
    };
    // volume_template, volume_mounts
    (@[$($n:tt)?] [$($f:tt)?] $acc:expr; volume_template: [$({ $($v:tt)* }),* $(,)?] $(, $($rest:tt)*)?) => {
        $crate::__addon_task!(@[$($n)?] [$($f)?] $acc $(.volume($crate::__addon_fields!(volume; $crate::addon::volume(); $($v)*)))*; $($($rest)*)?)
    };
    (@[$($n:tt)?] [$($f:tt)?] $acc:expr; volume_mounts: [$({ $($v:tt)* }),* $(,)?] $(, $($rest:tt)*)?) => {
        $crate::__addon_task!(@[$($n)?] [$($f)?] $acc $(.mount($crate::__addon_fields!(mount; $crate::addon::mount(); $($v)*)))*; $($($rest)*)?)
    };
    (@[$($n:tt)?] [$($f:tt)?] $acc:expr; $key:ident : $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!(
            "unknown or malformed task key `", ::core::stringify!($key),
            "`: expected `name: \"...\"`, `function: Type`, `driver: Variant`, `executor: Variant`, `singleton: bool`, ",
            "`parameters: [...]`, `overrides: [...]`, `volume_template: [{...}]` or `volume_mounts: [{...}]`"
        ))
    };
    (@[$($n:tt)?] [$($f:tt)?] $acc:expr; $($rest:tt)+) => {
        ::core::compile_error!("expected `key: value` in a task")
    };
}

#[cfg(feature = "api")]
#[doc(hidden)]
#[macro_export]
macro_rules! __addon_params {
    ($method:ident; $acc:expr;) => { $acc };
    // var { fields }
    ($method:ident; $acc:expr; $var:ident { $($f:tt)* } $(, $($rest:tt)*)?) => {
        $crate::__addon_params!($method; $acc.$method($crate::__addon_fields!(param; $crate::addon::Param::derived(::core::stringify!($var)); $($f)*)); $($($rest)*)?)
    };
    // var
    ($method:ident; $acc:expr; $var:ident $(, $($rest:tt)*)?) => {
        $crate::__addon_params!($method; $acc.$method($crate::addon::Param::derived(::core::stringify!($var))); $($($rest)*)?)
    };
    // { name: ..., fields }
    (parameter; $acc:expr; { $($f:tt)* } $(, $($rest:tt)*)?) => {
        $crate::__addon_params!(parameter; $acc.parameter($crate::__addon_fields!(param; $crate::addon::Param::new(); $($f)*)); $($($rest)*)?)
    };
    (override_parameter; $acc:expr; { $($f:tt)* } $($rest:tt)*) => {
        ::core::compile_error!("`overrides` entries name a derived parameter: `var { default: \"...\" }`")
    };
    ($method:ident; $acc:expr; $($rest:tt)+) => {
        ::core::compile_error!("expected a parameter: `var`, `var { usage: ..., required: ..., default: ... }` or `{ name: \"...\", ... }`")
    };
}

#[cfg(feature = "api")]
#[doc(hidden)]
#[macro_export]
macro_rules! __addon_fields {
    ($kind:ident; $acc:expr;) => { $acc };
    (param; $acc:expr; name: $v:expr $(, $($rest:tt)*)?) => { $crate::__addon_fields!(param; $acc.name($v); $($($rest)*)?) };
    (param; $acc:expr; usage: $v:expr $(, $($rest:tt)*)?) => { $crate::__addon_fields!(param; $acc.usage($v); $($($rest)*)?) };
    (param; $acc:expr; required: $v:expr $(, $($rest:tt)*)?) => { $crate::__addon_fields!(param; $acc.required($v); $($($rest)*)?) };
    (param; $acc:expr; default: $v:expr $(, $($rest:tt)*)?) => { $crate::__addon_fields!(param; $acc.default($v); $($($rest)*)?) };
    (volume; $acc:expr; name: $v:expr $(, $($rest:tt)*)?) => { $crate::__addon_fields!(volume; $acc.name($v); $($($rest)*)?) };
    (volume; $acc:expr; usage: $v:expr $(, $($rest:tt)*)?) => { $crate::__addon_fields!(volume; $acc.usage($v); $($($rest)*)?) };
    (volume; $acc:expr; source: $v:expr $(, $($rest:tt)*)?) => {
        $crate::__addon_fields!(volume; $acc.source({
            #[allow(unused_imports)]
            use $crate::addon::source::*;
            $v
        }); $($($rest)*)?)
    };
    (mount; $acc:expr; name: $v:expr $(, $($rest:tt)*)?) => { $crate::__addon_fields!(mount; $acc.name($v); $($($rest)*)?) };
    (mount; $acc:expr; mount_path: $v:expr $(, $($rest:tt)*)?) => { $crate::__addon_fields!(mount; $acc.mount_path($v); $($($rest)*)?) };
    (mount; $acc:expr; read_only: $v:expr $(, $($rest:tt)*)?) => { $crate::__addon_fields!(mount; $acc.read_only($v); $($($rest)*)?) };
    (mount; $acc:expr; sub_path: $v:expr $(, $($rest:tt)*)?) => { $crate::__addon_fields!(mount; $acc.sub_path($v); $($($rest)*)?) };
    (mount; $acc:expr; sub_path_expr: $v:expr $(, $($rest:tt)*)?) => { $crate::__addon_fields!(mount; $acc.sub_path_expr($v); $($($rest)*)?) };
    (mount; $acc:expr; mount_propagation: $v:expr $(, $($rest:tt)*)?) => { $crate::__addon_fields!(mount; $acc.mount_propagation($v); $($($rest)*)?) };
    (mount; $acc:expr; recursive_read_only: $v:expr $(, $($rest:tt)*)?) => { $crate::__addon_fields!(mount; $acc.recursive_read_only($v); $($($rest)*)?) };
    (param; $acc:expr; $key:ident $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!("unknown parameter field `", ::core::stringify!($key), "`: expected `name`, `usage`, `required` or `default`"))
    };
    (volume; $acc:expr; $key:ident $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!("unknown volume_template field `", ::core::stringify!($key), "`: expected `name`, `usage` or `source`"))
    };
    (mount; $acc:expr; $key:ident $($rest:tt)*) => {
        ::core::compile_error!(::core::concat!("unknown volume_mounts field `", ::core::stringify!($key), "`: expected `name`, `mount_path`, `read_only`, `sub_path`, `sub_path_expr`, `mount_propagation` or `recursive_read_only`"))
    };
    ($kind:ident; $acc:expr; $($rest:tt)+) => {
        ::core::compile_error!("expected `field: value`")
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
