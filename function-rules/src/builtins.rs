//! The variables the operator provides and the placeholders it fills in: one table,
//! [`builtin_variables!`](crate::builtin_variables), from which [`BUILTINS`], [`PLACEHOLDERS`]
//! and function-core's `resolve::Builtins` (its fields, their serde names, its list of pairs)
//! are all generated.

use crate::{DB_VERSION, Rule, RuleError, shown};

/// The one table of the operator's built-in variables and placeholders (`DB_VERSION` aside: it
/// has a rule and a resolution layer of its own). It calls the macro named `$callback` with
///
/// ```text
/// builtins { field: "variable" = DEFAULT, "what sets it"; ... }
/// placeholders { field: "PLACEHOLDER", "what it is"; ... }
/// ```
///
/// where `field` is a Rust field name for a struct holding one value each, and `DEFAULT` an
/// `Option<&str>`: the default the catalog's Functions write for it. [`BUILTINS`] and
/// [`PLACEHOLDERS`] are made from it here, `function_core::resolve::Builtins` in function-core.
///
/// ```
/// macro_rules! count {
///     (builtins { $($f:ident: $n:tt = $d:expr, $a:tt;)* } placeholders { $($pf:ident: $pn:tt, $pa:tt;)* }) => {
///         [$($n),*].len() + [$($pn),*].len()
///     };
/// }
/// assert_eq!(function_rules::builtin_variables!(count), function_rules::BUILTINS.len() + function_rules::PLACEHOLDERS.len() - 1);
/// ```
#[macro_export]
macro_rules! builtin_variables {
    ($callback:ident) => {
        $callback! {
            builtins {
                namespace: "namespace" = Some("default"), "the namespace of the invoker (the BackupConfiguration or RestoreSession)";
                backup_session: "backupSession" = None, "the name of the BackupSession being run";
                restore_session: "restoreSession" = None, "the name of the RestoreSession being run";
                backup_verification_session: "backupVerificationSession" = None, "the name of the BackupVerificationSession being run";
                snapshot: "snapshot" = None, "the name of the Snapshot being written or restored from";
                enable_cache: "enableCache" = None, "whether the restic cache is enabled (the invoker's runtime settings)";
                interim_data_dir: "interimDataDir" = None, "the directory for interim data, when the invoker sets an interim volume";
                invoker_kind: "invokerKind" = None, "the kind of the invoker (BackupConfiguration, RestoreSession, ...)";
                invoker_name: "invokerName" = None, "the name of the invoker";
                image_registry: "imageRegistry" = None, "the registry of the operator's own image";
                image_repo: "imageRepo" = None, "the repository of the operator's own image";
                image_tag: "imageTag" = None, "the tag of the operator's own image";
                license_api_service: "licenseApiService" = None, "the license API service the operator was started with";
            }
            placeholders {
                pvc_name: "PVC_NAME", "the claim of the target (Addon volume templates use it)";
                pod_ordinal: "POD_ORDINAL", "the ordinal of the target's pod";
                interim_volume: "INTERIM_VOLUME", "the name of the interim volume";
                restic_cache_volume: "RESTIC_CACHE_VOLUME", "the name of the restic cache volume";
            }
        }
    };
}

/// A variable the KubeStash operator provides to every Function it resolves.
///
/// ```
/// let ns = function_rules::builtin("namespace").unwrap();
/// assert_eq!(ns.default, Some("default"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Builtin {
    /// The variable's name, e.g. `backupSession`.
    pub name: &'static str,
    /// The default the catalog's Functions write for it (`${namespace:=default}`), if any.
    pub default: Option<&'static str>,
    /// What the operator sets it to.
    pub about: &'static str,
}

macro_rules! rules_tables {
    (
        builtins { $($field:ident: $name:tt = $default:expr, $about:tt;)* }
        placeholders { $($pfield:ident: $pname:tt, $pabout:tt;)* }
    ) => {
        /// The variables the operator provides, in the order of the reference README.
        ///
        /// Only `namespace` has a conventional default: every Function of the upstream catalog
        /// writes `--namespace=${namespace:=default}`. Generated from
        /// [`builtin_variables!`](crate::builtin_variables).
        ///
        /// ```
        /// let names: Vec<_> = function_rules::BUILTINS.iter().map(|b| b.name).collect();
        /// assert!(names.contains(&"backupSession"));
        /// assert_eq!(names.len(), 13);
        /// ```
        pub const BUILTINS: &[Builtin] = &[
            $(Builtin { name: $name, default: $default, about: $about },)*
        ];

        /// The placeholders the operator fills in outside the inputs: `DB_VERSION` (image
        /// tags), `PVC_NAME` (Addon volume templates), `POD_ORDINAL`, `INTERIM_VOLUME`,
        /// `RESTIC_CACHE_VOLUME`. Generated from [`builtin_variables!`](crate::builtin_variables).
        ///
        /// ```
        /// assert!(function_rules::PLACEHOLDERS.contains(&function_rules::DB_VERSION));
        /// ```
        pub const PLACEHOLDERS: &[&str] = &[DB_VERSION, $($pname,)*];
    };
}

builtin_variables!(rules_tables);

/// Looks up a built-in variable by its exact (case-sensitive) name.
///
/// ```
/// assert!(function_rules::builtin("snapshot").is_some());
/// assert!(function_rules::builtin("Snapshot").is_none());
/// assert!(function_rules::builtin("waitTimeout").is_none());
/// ```
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// Checks that `name` is a variable the operator provides (see [`BUILTINS`]).
///
/// ```
/// use function_rules::check_builtin;
///
/// assert_eq!(check_builtin("namespace").unwrap().default, Some("default"));
/// let err = check_builtin("waitTimeout").unwrap_err();
/// assert!(err.message().contains("backupSession"));
/// ```
pub fn check_builtin(name: &str) -> Result<&'static Builtin, RuleError> {
    builtin(name).ok_or_else(|| {
        let names: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
        RuleError::new(
            Rule::Builtin,
            format!(
                "`{}` is not a variable the operator provides; the built-in variables are: {}",
                shown(name),
                names.join(", ")
            ),
        )
    })
}
