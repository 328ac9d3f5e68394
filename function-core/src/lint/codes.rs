//! The lint's codes: a stable identifier, a name, a severity and a one-line summary each.

use std::fmt;
use std::str::FromStr;

/// How serious a [`Diagnostic`](super::Diagnostic) is.
///
/// An error is something the operator rejects or fails on (or a catalog cannot be built from);
/// a warning is a hazard that makes a backup fail or behave otherwise than written for some
/// users; a note is worth knowing and often intended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The objects are wrong.
    Error,
    /// A hazard.
    Warning,
    /// Worth knowing.
    Note,
}

impl Severity {
    /// `error`, `warning` or `note`, as the renderings write it (SARIF's `level` too).
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $id:literal, $name:literal, $severity:ident, $summary:literal;)*) => {
        /// A kind of finding: its stable identifier ([`Code::id`], `KSF0001`), its name
        /// ([`Code::name`], `unknown-function`), its [`Severity`] and a summary. Each has a
        /// section in `docs/lints.md` with an example that triggers it and the fix.
        ///
        /// Identifiers never change meaning: `KSF00xx` are errors, `KSF01xx` warnings and
        /// `KSF02xx` notes.
        ///
        /// | code | name | severity |
        /// |---|---|---|
        $(#[doc = concat!("| ", $id, " | `", $name, "` | ", stringify!($severity), " |")])*
        ///
        /// ```
        /// use function_core::lint::{Code, Severity};
        ///
        /// let code: Code = "unknown-function".parse().unwrap();
        /// assert_eq!((code.id(), code.severity()), ("KSF0001", Severity::Error));
        /// assert_eq!("ksf0001".parse::<Code>(), Ok(code));
        /// assert!("KSF9999".parse::<Code>().is_err());
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in identifier order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable identifier, e.g. `KSF0001`.
            pub const fn id(self) -> &'static str {
                match self { $(Code::$variant => $id,)* }
            }

            /// The name, e.g. `unknown-function` (`--allow` takes either).
            pub const fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity of its findings.
            pub const fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// What it finds, in one line.
            pub const fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    /// A task runs a Function that is not among the objects.
    UnknownFunction = "KSF0001", "unknown-function", Error,
        "an Addon task runs a Function that is not among the objects";
    /// A Function, Addon or task name that Kubernetes or the operator refuses.
    InvalidName = "KSF0002", "invalid-name", Error,
        "a Function or Addon name is not a lowercase RFC 1123 subdomain, or a task has no name";
    /// Two objects of a kind, or two tasks of a list, share a name.
    DuplicateName = "KSF0003", "duplicate-name", Error,
        "two Functions, two Addons or two tasks of one list share a name";
    /// A malformed image reference.
    InvalidImage = "KSF0004", "invalid-image", Error,
        "a Function's image is missing or not a valid image reference";
    /// `${DB_VERSION}` in an image with no `availableVersions`.
    DbVersionWithoutVersions = "KSF0005", "db-version-without-versions", Error,
        "an image uses ${DB_VERSION} but the Function lists no availableVersions";
    /// An `availableVersions` entry the operator cannot use.
    InvalidAvailableVersion = "KSF0006", "invalid-available-version", Error,
        "an availableVersions entry has no major.minor number or makes an invalid image tag";
    /// A template the substitution engine does not parse.
    TemplateSyntax = "KSF0007", "template-syntax", Error,
        "a ${...} template does not parse";
    /// A variable with no default that nothing provides.
    UndefinedVariable = "KSF0101", "undefined-variable", Warning,
        "a variable has no default and no task parameter, built-in or placeholder provides it";
    /// A task parameter the Function never reads.
    UnusedParameter = "KSF0102", "unused-parameter", Warning,
        "a task declares a parameter that its Function and volumes never read";
    /// A required parameter with a default.
    RequiredWithDefault = "KSF0103", "required-with-default", Warning,
        "a required task parameter has a default, so required never applies";
    /// A default that does not reach the plugin as written.
    DefaultHazard = "KSF0104", "default-hazard", Warning,
        "a default holds a quote, a backslash or a control character, or the operator's JSON pass changes it";
    /// `$$` that the operator turns into `$`.
    DollarEscape = "KSF0105", "dollar-escape", Warning,
        "$$ reaches Kubernetes as $, so $$(VAR) becomes $(VAR), which Kubernetes expands";
    /// The same flag twice in a Function's arguments.
    DuplicateFlag = "KSF0106", "duplicate-flag", Warning,
        "a Function passes the same --flag twice";
    /// An argument the plugin argument parser cannot read.
    InvalidArgument = "KSF0107", "invalid-argument", Warning,
        "a subcommand or --flag is not a plain word the plugin argument parser reads";
    /// A driver or executor this version does not know (a later upstream's value).
    UnknownValue = "KSF0108", "unknown-value", Warning,
        "a task's driver or executor is not one this version knows: an API server whose CRD does not list it refuses the object";
    /// A field this version does not know, dropped when read (a later upstream's field).
    UnknownField = "KSF0109", "unknown-field", Warning,
        "a Function or Addon has a field this version does not know: it is dropped, as an API server whose CRD does not list it prunes it";
    /// A Function whose name the operator's fixed DB-version table matches.
    FixedVersionTable = "KSF0110", "fixed-version-table", Warning,
        "the operator's fixed table, not availableVersions, chooses ${DB_VERSION} for some database versions of this Function";
    /// A variable only its default provides.
    DefaultOnlyVariable = "KSF0201", "default-only-variable", Note,
        "a variable is provided by no task parameter, built-in or placeholder: only its default";
    /// A Function no Addon uses.
    UnusedFunction = "KSF0202", "unused-function", Note,
        "no Addon among the objects runs the Function";
}

impl fmt::Display for Code {
    /// The identifier.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A text that names no [`Code`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown lint code `{0}`: expected an identifier such as KSF0001 or a name such as unknown-function"
)]
pub struct UnknownCode(pub String);

impl FromStr for Code {
    type Err = UnknownCode;

    /// An identifier (`KSF0001`) or a name (`unknown-function`), in any case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.id().eq_ignore_ascii_case(text) || c.name().eq_ignore_ascii_case(text))
            .ok_or_else(|| UnknownCode(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_names_are_unique_and_banded_by_severity() {
        for (i, code) in Code::ALL.iter().enumerate() {
            for other in &Code::ALL[..i] {
                assert_ne!(code.id(), other.id());
                assert_ne!(code.name(), other.name());
            }
            let band = match code.severity() {
                Severity::Error => "KSF00",
                Severity::Warning => "KSF01",
                Severity::Note => "KSF02",
            };
            assert!(code.id().starts_with(band), "{code:?}");
            assert_eq!(code.id().len(), 7);
        }
    }
}
