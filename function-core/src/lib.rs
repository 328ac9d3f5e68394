//! Runtime library for KubeStash plugin authors.
//!
//! - [`plugin`]: [`PluginFunction`], implemented by `#[derive(Function)]`: one struct gives the
//!   Function manifest, its argument template, the Addon parameters and the plugin's command
//!   line ([`plugin::cli`]: clap, with `--help` built from the same descriptions;
//!   [`plugin_cli!`] for a binary with several Functions).
//! - [`api`]: the `Function` and `Addon` types of `addons.kubestash.com/v1alpha1`.
//! - [`envsubst`]: the substitution engine, compatible with the operator's.
//! - [`resolve`], [`container`]: resolution as the operator does it, and the container it runs.
//! - [`testing`]: a harness for plugin authors: a derived Function run for an Addon task as
//!   the operator would, and the round-trip laws checked over generated arguments.
//! - [`yaml`]: reading and writing the objects as YAML.
//! - [`addon!`] and [`addon`](mod@addon): Addons whose tasks name derived Function types.
//! - [`catalog`]: a set of Functions and Addons written as multi-document YAML or as a Helm
//!   chart (from a `build.rs`, a binary, or `kubestash-fn chart`).
//! - [`fsio`]: writing files and directories atomically (never half-written), for the chart
//!   writer and the scaffolds.
//! - [`images`]: every image a set of Functions can pull, `${DB_VERSION}` expanded.
//! - [`lint`]: catalog diagnostics (codes, severities, positions) as `kubestash-fn lint`
//!   reports them.
//! - `admission` (feature `admission`, off by default): the lint as a validating admission
//!   webhook decides, over kube's AdmissionReview v1 types (`kubestash-fn webhook`).
//! - [`text`]: counted nouns (`1 Addon`, `2 Addons`) for messages and summaries.
//! - [`rules`]: the validation rules shared by the derive (compile time) and run time (the
//!   `function-rules` crate, re-exported).
//!
//! # Features
//!
//! All of them are on by default except the Kubernetes version (below) and `admission`. A plugin binary turns
//! the defaults off and keeps `derive`: what it needs at run time (the [`PluginFunction`]
//! trait, the command line, the argument writer, the rules) then builds without any Kubernetes
//! crate, YAML crate or regex engine. The command line is clap's builder with only the
//! features it uses (`std`, `help`, `usage`, `error-context`, `suggestions`: no colour, no
//! terminal-width wrapping, no derive).
//!
//! | feature | gives | needs |
//! |---|---|---|
//! | `derive` | `#[derive(Function)]` | |
//! | `api` | `api` (types, CRDs), `PluginFunction::manifest` and `parameters`, `addon` (`addon!` with `PluginAddon`) | kube, k8s-openapi, schemars, serde, function-derive (the `addon!` proc-macro) |
//! | `yaml` | `yaml` | `api`, serde-saphyr |
//! | `envsubst` | `envsubst` | |
//! | `resolve` | `resolve`, `container`, `testing`, `images` | `api`, `envsubst`, regex |
//! | `lint` | `lint` (catalog diagnostics, rendered rustc-style, as JSON or SARIF) | `api`, `yaml`, `envsubst`, `resolve`, annotate-snippets |
//! | `catalog` | `catalog` (manifests, Helm chart; checked by the lint) | `lint` |
//! | `admission` | `admission` (the webhook's decision over an AdmissionReview v1) | `lint`, kube's `admission` |
//! | `v1_33` … `v1_37` | the Kubernetes version of the core types | `api` |
//!
//! Without `api`, [`addon!`] still compiles (so one `-api` crate serves both builds) but only
//! declares the unit struct.
//!
//! # Kubernetes version
//!
//! The core types (ports, probes, env, volumes) come from k8s-openapi, which must be told
//! exactly one Kubernetes version by the *final* crate of a build (a binary, the crate a build
//! script belongs to, a test crate), never by a library. Pick it with one of the `v1_*`
//! features here (`v1_34` matches the upstream CRDs), or with k8s-openapi's own feature or its
//! `K8S_OPENAPI_ENABLED_VERSION` variable. A plugin's `-api` crate does it in the feature that
//! turns the manifests on:
//!
//! ```toml
//! [dependencies]
//! function-core = { version = "0.1", default-features = false, features = ["derive"] }
//!
//! [features]
//! default = ["manifest"]
//! # Manifests, chart writer, resolution and test harness: for build.rs and tests; the plugin
//! # binary depends on this crate with `default-features = false`.
//! manifest = ["function-core/default", "function-core/v1_34"]
//! ```
extern crate self as function_core;

#[cfg(feature = "api")]
pub mod addon;
#[cfg(feature = "admission")]
pub mod admission;
#[cfg(feature = "api")]
pub mod api;
#[cfg(feature = "catalog")]
pub mod catalog;
#[cfg(feature = "resolve")]
pub mod container;
#[cfg(feature = "envsubst")]
pub mod envsubst;
pub mod fsio;
#[cfg(feature = "resolve")]
pub mod images;
#[cfg(feature = "lint")]
pub mod lint;
mod macros;
pub mod plugin;
#[cfg(feature = "resolve")]
pub mod resolve;
#[cfg(feature = "resolve")]
pub mod testing;
pub mod text;
#[cfg(feature = "yaml")]
pub mod yaml;

/// The README's examples, compiled and run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

#[cfg(feature = "api")]
pub use addon::PluginAddon;

/// What generated code names and users do not: the proc-macro behind [`addon!`], and the
/// field types of `#[derive(Function)]` (`plugin/arg_type.rs`).
#[doc(hidden)]
pub mod __private {
    #[cfg(any(feature = "derive", feature = "api"))]
    pub use function_derive::__addon;

    pub use crate::plugin::arg_type::{ArgType, NotArgValue};
}
pub use function_rules as rules;
/// The Kubernetes types the API embeds (ports, mounts, probes, env, volume sources), with the
/// `api` feature: k8s-openapi's `api` module and the `apimachinery` modules of the types they
/// hold (`Quantity`, `LabelSelector`, `OwnerReference`), for code that builds them, such as the
/// values of `#[function(ports = ..., runtime_settings = ...)]` and generated code, without a
/// dependency (and a Kubernetes version) of its own. `IntOrString` is built with
/// [`int_or_string`](k8s::int_or_string).
///
/// ```
/// use function_core::k8s::api::core::v1::{ContainerPort, HTTPGetAction};
/// use function_core::k8s::int_or_string;
///
/// let port = ContainerPort { container_port: 8080, ..Default::default() };
/// let get = HTTPGetAction { port: int_or_string::string("http"), ..Default::default() };
/// assert_eq!(port.container_port, 8080);
/// assert_eq!(get.port, int_or_string::string("http"));
/// ```
#[cfg(feature = "api")]
pub mod k8s {
    // Not the whole crate: it re-exports serde, schemars and jiff; nor `IntOrString`, whose
    // variant `String` would make rustc write `std::string::String` for `String` in every
    // diagnostic of every crate that depends on this one.
    #[doc(no_inline)]
    pub use k8s_openapi::api;

    /// The `apimachinery` modules of the types the API embeds.
    pub mod apimachinery {
        /// `k8s.io/apimachinery/pkg`.
        pub mod pkg {
            /// `k8s.io/apimachinery/pkg/api`.
            pub mod api {
                #[doc(no_inline)]
                pub use k8s_openapi::apimachinery::pkg::api::resource;
            }
            /// `k8s.io/apimachinery/pkg/apis`.
            pub mod apis {
                #[doc(no_inline)]
                pub use k8s_openapi::apimachinery::pkg::apis::meta;
            }
        }
    }

    /// `IntOrString` values (a port by number or by name), without naming the type.
    pub mod int_or_string {
        use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

        /// A number.
        ///
        /// ```
        /// let port = function_core::k8s::int_or_string::int(8080);
        /// assert_eq!(serde_json::to_string(&port).unwrap(), "8080");
        /// ```
        pub fn int(value: i32) -> IntOrString {
            IntOrString::Int(value)
        }

        /// A name.
        ///
        /// ```
        /// let port = function_core::k8s::int_or_string::string("http");
        /// assert_eq!(serde_json::to_string(&port).unwrap(), "\"http\"");
        /// ```
        pub fn string(value: impl Into<String>) -> IntOrString {
            IntOrString::String(value.into())
        }
    }
}
pub use plugin::PluginFunction;

/// `#[derive(Function)]`: implements [`PluginFunction`] for a plugin's argument struct. See
/// [`plugin`] for the attributes, the types and an example.
#[cfg(feature = "derive")]
pub use function_derive::Function;
