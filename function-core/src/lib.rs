//! Runtime library for KubeStash plugin authors.
//!
//! - [`api`]: the `Function` and `Addon` types of `addons.kubestash.com/v1alpha1`.
//! - [`plugin`]: [`PluginFunction`], implemented by `#[derive(Function)]`: one struct gives the
//!   Function manifest, its argument template, the Addon parameters and the plugin's parser.
//! - [`envsubst`]: the substitution engine, compatible with the operator's.
//! - [`resolve`], [`container`]: resolution as the operator does it, and the container it runs.
//! - [`yaml`]: reading and writing the objects as YAML.
//! - [`addon!`] and [`addon`](mod@addon): Addons whose tasks name derived Function types.
//! - [`catalog`]: a set of Functions and Addons written as multi-document YAML or as a Helm
//!   chart (from a `build.rs`, a binary, or `kubestash-fn chart`).
//! - [`rules`]: the validation rules shared by the derive (compile time) and run time (the
//!   `function-rules` crate, re-exported).
extern crate self as function_core;

pub mod addon;
pub mod api;
pub mod catalog;
pub mod container;
pub mod envsubst;
pub mod plugin;
pub mod resolve;
pub mod yaml;

pub use addon::PluginAddon;
pub use function_rules as rules;
pub use plugin::PluginFunction;

/// `#[derive(Function)]`: implements [`PluginFunction`] for a plugin's argument struct. See
/// [`plugin`] for the attributes, the types and an example.
#[cfg(feature = "derive")]
pub use function_derive::Function;
