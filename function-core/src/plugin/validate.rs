//! Run-time checks of a plugin's description: the list of [`crate::rules::check_function`],
//! the very one `#[derive(Function)]` runs at compile time.

use super::{ArgSpec, FunctionInfo, PluginFunction};
use crate::rules::{self, ArgDefault, ArgDescription, Failure, FunctionDescription};

/// The description the rules check, made of what a derived type says about itself: its
/// [`FunctionInfo`] and its [`ArgSpec`]s (each default as its text).
///
/// ```
/// use function_core::plugin::{ArgSpec, FunctionInfo, describe};
/// use function_core::rules::ArgDefault;
///
/// let info = FunctionInfo::new("vault-backup", "ghcr.io/kubestash/vault:v0.3.0");
/// let specs = [ArgSpec::new::<u32>("wait_timeout", "wait-timeout", "waitTimeout").default_value(300u32)];
/// let description = describe(&info, &specs);
/// assert_eq!(description.name, Some("vault-backup"));
/// assert_eq!(description.args[0].default, ArgDefault::Text("300"));
/// ```
pub fn describe<'a>(info: &FunctionInfo, specs: &'a [ArgSpec]) -> FunctionDescription<'a> {
    FunctionDescription {
        name: Some(info.name),
        image: Some(info.image),
        available_versions: info.available_versions.to_vec(),
        subcommand: info.subcommand,
        args: specs
            .iter()
            .map(|spec| ArgDescription {
                flag: spec.flag,
                var: spec.var,
                default: spec
                    .default
                    .as_deref()
                    .map_or(ArgDefault::None, ArgDefault::Text),
                builtin: spec.builtin,
                helm_value: spec.helm_value,
                required: spec.required,
                op: spec.op,
            })
            .collect(),
    }
}

/// Checks a derived plugin's description at run time with [`rules::check_function`]: the same
/// list the derive runs at compile time, which here also sees what the derive cannot (the text
/// of a default written as an expression rather than a literal).
///
/// # Errors
/// Every failed check, with the item it concerns ([`rules::Item`]).
///
/// ```
/// use function_core::{Function, plugin};
/// use function_core::rules::{ArgPart, Item, Rule};
///
/// #[derive(Function)]
/// #[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
/// struct VaultBackup {
///     #[arg(default = DEFAULT_DIR.to_string())]
///     scratch_dir: String,
/// }
/// const DEFAULT_DIR: &str = "/tmp/{x}";
///
/// let failures = plugin::validate::<VaultBackup>().unwrap_err();
/// assert_eq!(failures[0].item, Item::Arg(0, ArgPart::Default));
/// assert_eq!(failures[0].error.rule(), Rule::DefaultText);
/// assert!(failures[0].error.message().contains("`}`"));
/// ```
pub fn validate<T: PluginFunction>() -> Result<(), Vec<Failure>> {
    validate_specs(&T::FUNCTION, &T::arg_specs())
}

/// [`validate`] over a description given as its parts.
///
/// # Errors
/// Every failed check.
///
/// ```
/// use function_core::plugin::{ArgSpec, FunctionInfo, validate_specs};
/// use function_core::rules::Rule;
///
/// let info = FunctionInfo::new("vault-backup", "ghcr.io/kubestash/vault:v0.3.0");
/// let specs = [ArgSpec::new::<u32>("wait_timeout", "wait-timeout", "waitTimeout").helm_value("waitTimeout")];
/// let failures = validate_specs(&info, &specs).unwrap_err();
/// assert_eq!(failures[0].error.rule(), Rule::HelmValueWithoutDefault);
/// ```
pub fn validate_specs(info: &FunctionInfo, specs: &[ArgSpec]) -> Result<(), Vec<Failure>> {
    let failures = rules::check_function(&describe(info, specs));
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures)
    }
}
