//! The validation rules of kubestash-fn, in one place.
//!
//! `#[derive(Function)]` runs these rules at compile time (a bad name or image is a compile
//! error on the attribute), and `function-core` runs the very same functions at run time
//! (re-exported as `function_core::rules`) to validate manifests that were built or loaded
//! from YAML, and for the linter. Keeping them in this small crate (its only dependencies are
//! `strsim` and `heck`) is
//! what lets a proc-macro crate and a runtime crate share them without duplicating a line.
//!
//! | rule | function |
//! |---|---|
//! | a Function's name is a DNS-1123 subdomain | [`check_function_name`] |
//! | an image is a valid reference; `${VAR}` only in the tag | [`check_image`] |
//! | an `availableVersions` entry makes a valid tag | [`check_available_version`] |
//! | a variable name is one the substitution engine parses | [`check_variable_name`], [`is_variable_name_char`] |
//! | a default text survives the template and the operator's JSON pass | [`check_default_text`] |
//! | a flag (without its `--`) and a subcommand are plain words | [`check_flag`], [`check_subcommand`] |
//! | the variables the operator provides (one table: [`builtin_variables!`]) | [`BUILTINS`], [`builtin`], [`check_builtin`] |
//! | the placeholders the operator fills in; `${DB_VERSION}` needs versions | [`PLACEHOLDERS`], [`DB_VERSION`], [`check_versions`] |
//! | a Helm value key, a list default's item | [`check_helm_value`], [`check_list_item`] |
//! | no flag or variable twice | [`check_distinct`] |
//! | a field's default flag and variable, a doc comment as usage | [`default_flag`], [`default_variable`], [`usage_from_doc`] |
//! | the one "did you mean" rule | [`closest`] |
//! | **every check a Function description must pass, in one list** | [`check_function`], [`CHECKS`] |
//!
//! Every check returns a [`RuleError`] whose message names the offending text and says why.
//! [`check_function`] runs the whole list over a [`FunctionDescription`] and returns each
//! [`Failure`] with the [`Item`] it concerns: the derive maps that item to a span, run time
//! (`function_core::plugin::validate`) returns it.
//!
//! ```
//! use function_rules::{check_function_name, check_image, check_variable_name};
//!
//! assert!(check_function_name("postgres-backup").is_ok());
//! assert!(check_function_name("Postgres_Backup").is_err());
//!
//! let image = check_image("ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}").unwrap();
//! assert_eq!(image.tag(), Some("v0.30.0_${DB_VERSION}"));
//! assert!(image.uses_variable("DB_VERSION"));
//!
//! assert!(check_variable_name("ANDedLabelSelectors").is_ok());
//! assert!(check_variable_name("wait-timeout").is_err());
//! ```

mod builtins;
mod function;
mod image;
mod name;
mod names;
mod unicode_tables;

use std::fmt;

pub use builtins::{BUILTINS, Builtin, PLACEHOLDERS, builtin, check_builtin};
pub use function::{
    ArgDefault, ArgDescription, ArgPart, CHECKS, DefaultOp, Failure, FunctionDescription, Item,
    check_function, check_list_item,
};
pub use image::{DB_VERSION, DOCKER_HUB, ImageReference, check_available_version, check_image};
pub use name::{check_dns_label, check_function_name, check_object_name};
pub use names::{closest, default_flag, default_variable, is_doc_usage, usage_from_doc};

/// Which rule a [`RuleError`] broke.
///
/// ```
/// use function_rules::{check_flag, Rule};
///
/// assert_eq!(check_flag("--x").unwrap_err().rule(), Rule::Flag);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// [`check_function_name`].
    FunctionName,
    /// [`check_image`].
    Image,
    /// [`check_available_version`].
    AvailableVersion,
    /// [`check_variable_name`].
    VariableName,
    /// [`check_default_text`].
    DefaultText,
    /// [`check_flag`].
    Flag,
    /// [`check_subcommand`].
    Subcommand,
    /// [`check_builtin`].
    Builtin,
    /// [`check_versions`]: `${DB_VERSION}` in the image without `availableVersions`.
    DbVersion,
    /// [`check_distinct`].
    Duplicate,
    /// [`check_helm_value`].
    HelmValue,
    /// [`check_list_item`]: an item of a list default that would not read back as itself.
    ListItem,
    /// [`check_function`]: an argument bound to a Helm value has no default.
    HelmValueWithoutDefault,
    /// [`check_function`]: a required argument has a default.
    RequiredWithDefault,
    /// [`check_function`]: an argument written `${var}` ([`DefaultOp::Bare`]) has a default.
    BareWithDefault,
}

/// A broken rule: which one, and a message naming the offending text and the reason.
///
/// ```
/// use function_rules::check_default_text;
///
/// let err = check_default_text("a}b").unwrap_err();
/// assert!(err.to_string().contains("`}`"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    rule: Rule,
    message: String,
    offset: Option<usize>,
}

impl RuleError {
    fn new(rule: Rule, message: impl Into<String>) -> Self {
        RuleError {
            rule,
            message: message.into(),
            offset: None,
        }
    }

    /// The same error, pointing at byte `offset` of the checked text.
    fn at(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    /// The rule that was broken.
    ///
    /// ```
    /// use function_rules::{check_function_name, Rule};
    ///
    /// assert_eq!(check_function_name("").unwrap_err().rule(), Rule::FunctionName);
    /// ```
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// The message, without a trailing period.
    ///
    /// ```
    /// use function_rules::check_variable_name;
    ///
    /// let err = check_variable_name("").unwrap_err();
    /// assert_eq!(err.message(), "a variable name cannot be empty");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte offset in the checked text where the problem is, when the rule knows one
    /// (so far [`check_image`]: the offending character, or the start of the offending part).
    ///
    /// ```
    /// use function_rules::check_image;
    ///
    /// let err = check_image("ghcr.io/kubestash/Pvc:v1").unwrap_err();
    /// assert_eq!(err.offset(), Some(18));
    /// assert_eq!(function_rules::check_flag("a b").unwrap_err().offset(), None);
    /// ```
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuleError {}

/// `text` for a message: as written, with control characters escaped (`\n`, `\u{7}`), so that a
/// message stays on one line and shows what is there (the lint's messages use it too).
///
/// ```
/// assert_eq!(function_rules::shown("a\"b\n"), "a\"b\\n");
/// ```
pub fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Variable names
// ---------------------------------------------------------------------------------------------

/// Whether the substitution engine accepts `c` in a variable name: a Unicode letter (general
/// category L), a decimal digit (Nd) or `_`, exactly as Go's `unicode.IsLetter`/`IsDigit`.
///
/// The table comes from Unicode 15.0, the version of Go 1.21 and later
/// (`scripts/gen-unicode-tables.py`).
///
/// ```
/// use function_rules::is_variable_name_char;
///
/// assert!(is_variable_name_char('a'));
/// assert!(is_variable_name_char('_'));
/// assert!(is_variable_name_char('7'));
/// assert!(is_variable_name_char('é'));
/// assert!(!is_variable_name_char('-'));
/// assert!(!is_variable_name_char('Ⅻ')); // a letter number (Nl): Rust's is_alphabetic says yes, Go no
/// ```
#[inline]
pub fn is_variable_name_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    let cp = u32::from(c);
    unicode_tables::LETTER_OR_DIGIT
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The Unicode version of the table behind [`is_variable_name_char`].
///
/// ```
/// assert_eq!(function_rules::UNICODE_VERSION, "15.0.0");
/// ```
pub const UNICODE_VERSION: &str = unicode_tables::UNICODE_VERSION;

/// Checks that `name` is a variable name the engine parses in `${name}`: one or more Unicode
/// letters, digits or `_` (it may start with a digit; names are case-sensitive).
///
/// ```
/// use function_rules::check_variable_name;
///
/// assert!(check_variable_name("backupSession").is_ok());
/// assert!(check_variable_name("1st").is_ok());
/// let err = check_variable_name("wait.timeout").unwrap_err();
/// assert!(err.message().contains("`.`"));
/// ```
pub fn check_variable_name(name: &str) -> Result<(), RuleError> {
    if name.is_empty() {
        return Err(RuleError::new(
            Rule::VariableName,
            "a variable name cannot be empty",
        ));
    }
    if let Some(c) = name.chars().find(|&c| !is_variable_name_char(c)) {
        return Err(RuleError::new(
            Rule::VariableName,
            format!(
                "`{name}` is not a variable name the substitution engine parses: `{}` is not a \
                 letter, a digit or `_`",
                c.escape_debug()
            ),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Default texts
// ---------------------------------------------------------------------------------------------

/// Checks that `text` can be written as the default `w` of `${var:=w}` and still be `text`
/// after the operator has resolved the Function.
///
/// Rejected:
/// - `}`: the engine takes the default up to the first `}`, so the rest would leak into the
///   argument;
/// - `${`: it would start a nested expansion inside the default;
/// - `"`, `\` and control characters: the operator passes a parameter's default as an input
///   value, and input values are inserted raw into the object's JSON text, where `"` ends the
///   string and `\` starts an escape.
///
/// ```
/// use function_rules::check_default_text;
///
/// assert!(check_default_text("/kubestash-tmp").is_ok());
/// assert!(check_default_text("").is_ok());
/// assert!(check_default_text("a}b").is_err());
/// assert!(check_default_text("say \"hi\"").is_err());
/// assert!(check_default_text(r"C:\tmp").is_err());
/// assert!(check_default_text("${other}").is_err());
/// ```
pub fn check_default_text(text: &str) -> Result<(), RuleError> {
    let err = |why: String| {
        Err(RuleError::new(
            Rule::DefaultText,
            format!("the default `{}` {why}", shown(text)),
        ))
    };
    if text.contains('}') {
        return err(
            "contains `}`, which would end the default early: the engine reads a default up to \
             the first `}`"
                .into(),
        );
    }
    if text.contains("${") {
        return err(
            "contains `${`, which would start a nested expansion inside the default".into(),
        );
    }
    for (c, name) in [('"', "`\"`"), ('\\', "`\\`")] {
        if text.contains(c) {
            return err(format!(
                "contains {name}, which the operator's JSON pass would change: defaults are also \
                 input values, inserted raw into the object's JSON text"
            ));
        }
    }
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return err(format!(
            "contains the control character `{}`, which is not allowed raw in the operator's JSON \
             text",
            c.escape_debug()
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Flags and subcommands
// ---------------------------------------------------------------------------------------------

fn is_word(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Checks a flag name as written without its leading `--`: ASCII letters, digits, `-`, `_` and
/// `.`, starting with a letter or a digit.
///
/// ```
/// use function_rules::check_flag;
///
/// assert!(check_flag("wait-timeout").is_ok());
/// assert!(check_flag("backupsession").is_ok());
/// assert!(check_flag("--wait-timeout").is_err());
/// assert!(check_flag("wait timeout").is_err());
/// assert!(check_flag("a=b").is_err());
/// ```
pub fn check_flag(flag: &str) -> Result<(), RuleError> {
    let ok = flag
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric())
        && is_word(flag);
    if ok {
        Ok(())
    } else {
        Err(RuleError::new(
            Rule::Flag,
            format!(
                "`{}` is not a valid flag name: use ASCII letters, digits, `-`, `_` or `.`, \
                 starting with a letter or a digit, and without the leading `--`",
                shown(flag)
            ),
        ))
    }
}

/// Checks a subcommand (the first argument, like `backup`): the same characters as a flag,
/// starting with a letter or a digit.
///
/// ```
/// use function_rules::check_subcommand;
///
/// assert!(check_subcommand("backup").is_ok());
/// assert!(check_subcommand("").is_err());
/// assert!(check_subcommand("--backup").is_err());
/// assert!(check_subcommand("back up").is_err());
/// ```
pub fn check_subcommand(subcommand: &str) -> Result<(), RuleError> {
    let ok = subcommand
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric())
        && is_word(subcommand);
    if ok {
        Ok(())
    } else {
        Err(RuleError::new(
            Rule::Subcommand,
            format!(
                "`{}` is not a valid subcommand: use ASCII letters, digits, `-`, `_` or `.`, \
                 starting with a letter or a digit",
                shown(subcommand)
            ),
        ))
    }
}

/// Checks the key of a Helm value that supplies a default in a chart (`waitTimeout`,
/// `postgres.waitTimeout`): `.`-separated segments of ASCII letters, digits or `_`, each
/// starting with a letter, so that `{{ .Values.<key> }}` reads it.
///
/// ```
/// use function_rules::check_helm_value;
///
/// assert!(check_helm_value("waitTimeout").is_ok());
/// assert!(check_helm_value("postgres.waitTimeout").is_ok());
/// assert!(check_helm_value("wait-timeout").is_err());
/// assert!(check_helm_value("").is_err());
/// ```
pub fn check_helm_value(key: &str) -> Result<(), RuleError> {
    let ok = key.split('.').all(|segment| {
        let mut bytes = segment.bytes();
        bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
    });
    if ok {
        Ok(())
    } else {
        Err(RuleError::new(
            Rule::HelmValue,
            format!(
                "`{}` is not a Helm value key that `{{{{ .Values.<key> }}}}` can read: use \
                 `.`-separated names of ASCII letters, digits or `_`, each starting with a letter",
                shown(key)
            ),
        ))
    }
}

/// Checks the `availableVersions` of a Function against its image: a `${DB_VERSION}` in the tag
/// needs at least one version (the operator fails with "available list of addon-versions can't
/// be empty" otherwise), and each version must make a valid tag ([`check_available_version`]).
///
/// Returns every problem, each with the index of the offending version, or `None` when the
/// problem is the list as a whole.
///
/// ```
/// use function_rules::{check_image, check_versions};
///
/// let image = check_image("ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}").unwrap();
/// assert!(check_versions(&image, &["12.17", "16.4"]).is_empty());
/// let problems = check_versions(&image, &[]);
/// assert_eq!(problems[0].0, None);
/// let problems = check_versions(&image, &["16.4", "bad version"]);
/// assert_eq!(problems[0].0, Some(1));
/// ```
pub fn check_versions(
    image: &ImageReference<'_>,
    versions: &[&str],
) -> Vec<(Option<usize>, RuleError)> {
    let mut problems = Vec::new();
    if image.uses_variable(DB_VERSION) && versions.is_empty() {
        problems.push((
            None,
            RuleError::new(
                Rule::DbVersion,
                "the image uses `${DB_VERSION}` but there are no available versions to choose \
                 it from: the operator fails with \"available list of addon-versions can't be \
                 empty\"",
            ),
        ));
    }
    for (i, version) in versions.iter().enumerate() {
        if let Err(e) = check_available_version(image, version) {
            problems.push((Some(i), e));
        }
    }
    problems
}

/// Finds repeated entries in `names` (flags or variables of one Function): for each repetition,
/// the index of the repeated entry, the index of its first occurrence, and an error naming it.
/// `what` names the kind of entry in the message (`"flag"`, `"variable"`).
///
/// ```
/// use function_rules::check_distinct;
///
/// let problems = check_distinct("flag", &["a", "b", "a"]);
/// assert_eq!(problems.len(), 1);
/// assert_eq!((problems[0].0, problems[0].1), (2, 0));
/// assert_eq!(problems[0].2.message(), "the flag `a` is used more than once");
/// ```
pub fn check_distinct(what: &str, names: &[&str]) -> Vec<(usize, usize, RuleError)> {
    let mut problems = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if let Some(first) = names[..i].iter().position(|n| n == name) {
            problems.push((
                i,
                first,
                RuleError::new(
                    Rule::Duplicate,
                    format!("the {what} `{}` is used more than once", shown(name)),
                ),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_table_is_sorted_and_disjoint() {
        let table = unicode_tables::LETTER_OR_DIGIT;
        assert!(table.windows(2).all(|w| w[0].1 < w[1].0));
        assert!(table.iter().all(|(lo, hi)| lo <= hi));
    }

    #[test]
    fn name_chars_follow_go_categories() {
        for c in ['a', 'Z', '0', '9', '_', 'é', 'ß', 'Ж', '中', 'ー', '٣', '𝟘'] {
            assert!(is_variable_name_char(c), "{c:?}");
        }
        // Nl, No, Mn and punctuation are not name characters in Go.
        for c in [
            'Ⅻ', '²', '\u{0301}', '-', '.', ' ', ':', '$', '{', '}', '\u{0345}',
        ] {
            assert!(!is_variable_name_char(c), "{c:?}");
        }
    }

    #[test]
    fn function_names() {
        assert!(check_function_name("a").is_ok());
        assert!(check_function_name(&"a".repeat(253)).is_ok());
        for bad in ["A", "a_b", "a.", ".a", "a-", "a b", "ä"] {
            assert!(check_function_name(bad).is_err(), "{bad}");
        }
    }
}
