//! [`FunctionEntry`] and [`BoundArg`]: a Function's manifest with its Helm value bindings, as a
//! derived type gives them to [`addon!`](crate::addon!) Addons and to catalogs.

use super::{PluginFunction, ValueBounds};
use crate::api::Function;

/// A Function with the Helm values its arguments are bound to: what a derived type gives
/// ([`FunctionEntry::of`]) and an [`addon!`](crate::addon!) Addon lists for its tasks.
///
/// ```
/// use function_core::{Function, PluginFunction};
/// use function_core::plugin::FunctionEntry;
///
/// #[derive(Function)]
/// #[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
/// struct VaultBackup {
///     /// Number of seconds to wait for Vault to be ready.
///     #[arg(default = 300, helm_value = "waitTimeout")]
///     wait_timeout: u32,
/// }
///
/// let entry = FunctionEntry::of::<VaultBackup>();
/// assert_eq!(entry.manifest, VaultBackup::manifest());
/// assert_eq!(entry.helm_values[0].key, "waitTimeout");
/// assert_eq!(entry.helm_values[0].variable, "waitTimeout");
/// assert_eq!(entry.helm_values[0].usage, "Number of seconds to wait for Vault to be ready.");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FunctionEntry {
    /// The Function.
    pub manifest: Function,
    /// Its arguments bound to Helm values (`#[arg(helm_value = "...")]`).
    pub helm_values: Vec<BoundArg>,
}

/// An argument bound to a Helm value (`#[arg(helm_value = "...")]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoundArg {
    /// The values key.
    pub key: String,
    /// The argument's variable.
    pub variable: String,
    /// The argument's usage, the value's comment in `values.yaml`.
    pub usage: String,
    /// What the argument's type allows ([`ArgValue::bounds`](super::ArgValue::bounds)): the
    /// value's bounds in `values.schema.json`.
    pub bounds: Option<ValueBounds>,
}

impl FunctionEntry {
    /// The manifest and bindings of a derived Function.
    pub fn of<T: PluginFunction>() -> Self {
        FunctionEntry {
            manifest: T::manifest(),
            helm_values: T::arg_specs()
                .into_iter()
                .filter_map(|s| {
                    s.helm_value.map(|key| BoundArg {
                        key: key.to_owned(),
                        variable: s.var.to_owned(),
                        usage: s.usage.to_owned(),
                        bounds: s.bounds,
                    })
                })
                .collect(),
        }
    }
}
