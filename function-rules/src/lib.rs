//! The validation rules of kubestash-fn, in one place.
//!
//! `#[derive(Function)]` runs these rules at compile time (a bad name or image is a compile
//! error on the attribute), and `function-core` runs the very same functions at run time
//! (re-exported as `function_core::rules`) to validate manifests that were built or loaded
//! from YAML, and for the linter. Keeping them in this tiny crate, with no dependencies, is
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
//! | the variables the operator provides | [`BUILTINS`], [`builtin`] |
//! | the placeholders the operator fills in | [`PLACEHOLDERS`], [`DB_VERSION`] |
//! | a Helm value key, a list default's item | [`check_helm_value`], [`check_list_item`] |
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

mod function;
mod unicode_tables;

use std::fmt;

pub use function::{
    ArgDefault, ArgDescription, ArgPart, CHECKS, DefaultOp, Failure, FunctionDescription, Item,
    check_function, check_list_item,
};

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
}

impl RuleError {
    fn new(rule: Rule, message: impl Into<String>) -> Self {
        RuleError {
            rule,
            message: message.into(),
        }
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
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuleError {}

/// `text` for a message: as written, with control characters escaped (`\n`, `\u{7}`).
fn shown(text: &str) -> String {
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

// ---------------------------------------------------------------------------------------------
// Function names
// ---------------------------------------------------------------------------------------------

/// Checks that `name` is a lowercase RFC 1123 subdomain, as Kubernetes requires of an object's
/// name: at most 253 characters, lowercase alphanumerics, `-` or `.`, each `.`-separated label
/// starting and ending with an alphanumeric.
///
/// ```
/// use function_rules::check_function_name;
///
/// assert!(check_function_name("kubedump-backup").is_ok());
/// assert!(check_function_name("a.b-c").is_ok());
/// assert!(check_function_name("-backup").is_err());
/// assert!(check_function_name("backup..x").is_err());
/// assert!(check_function_name(&"a".repeat(254)).is_err());
/// ```
pub fn check_function_name(name: &str) -> Result<(), RuleError> {
    check_object_name("Function", name)
}

/// [`check_function_name`] for an object of any `kind` (`Addon`, ...), named in the message.
///
/// ```
/// use function_rules::check_object_name;
///
/// let err = check_object_name("Addon", "Pvc-Addon").unwrap_err();
/// assert!(err.message().starts_with("`Pvc-Addon` is not a valid Addon name"));
/// ```
pub fn check_object_name(kind: &str, name: &str) -> Result<(), RuleError> {
    const WHY: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric \
                       characters, '-' or '.', and must start and end with an alphanumeric \
                       character (e.g. 'example.com')";
    let err = |detail: &str| {
        Err(RuleError::new(
            Rule::FunctionName,
            format!(
                "`{}` is not a valid {kind} name ({detail}): {WHY}",
                shown(name)
            ),
        ))
    };
    if name.is_empty() {
        return err("it is empty");
    }
    if name.len() > 253 {
        return err("it is longer than 253 characters");
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '.'))
    {
        return err(&format!("`{}` is not allowed", c.escape_debug()));
    }
    for label in name.split('.') {
        let bytes = label.as_bytes();
        let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        match (bytes.first(), bytes.last()) {
            (Some(first), Some(last)) if alnum(first) && alnum(last) => {}
            _ => return err("a `.`-separated part does not start and end with a-z or 0-9"),
        }
    }
    Ok(())
}

/// Checks that `name` is a lowercase RFC 1123 label (a Helm chart name): at most 63
/// characters, lowercase alphanumerics or `-`, starting and ending with an alphanumeric.
///
/// ```
/// use function_rules::check_dns_label;
///
/// assert!(check_dns_label("kubestash-catalog").is_ok());
/// assert!(check_dns_label("kubestash.catalog").is_err());
/// assert!(check_dns_label(&"a".repeat(64)).is_err());
/// ```
pub fn check_dns_label(name: &str) -> Result<(), RuleError> {
    let b = name.as_bytes();
    let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let ok = !b.is_empty()
        && b.len() <= 63
        && b.first().is_some_and(alnum)
        && b.last().is_some_and(alnum)
        && b.iter().all(|c| alnum(c) || *c == b'-');
    if ok {
        Ok(())
    } else {
        Err(RuleError::new(
            Rule::FunctionName,
            format!(
                "`{}` is not a valid name: use lowercase letters, digits and `-`, starting and \
                 ending with a letter or digit, at most 63 characters",
                shown(name)
            ),
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------------------------

/// The name of the placeholder the operator replaces with a version from `availableVersions`.
///
/// ```
/// assert_eq!(function_rules::DB_VERSION, "DB_VERSION");
/// ```
pub const DB_VERSION: &str = "DB_VERSION";

/// A checked image reference, `[domain/]path[:tag][@digest]`, borrowed from the text.
///
/// The tag may hold `${VAR}` placeholders (`v0.30.0_${DB_VERSION}`); [`Self::variables`] lists
/// them.
///
/// ```
/// use function_rules::check_image;
///
/// let image = check_image("ghcr.io/kubestash/pvc:v0.28.0").unwrap();
/// assert_eq!(image.domain(), Some("ghcr.io"));
/// assert_eq!(image.path(), "kubestash/pvc");
/// assert_eq!(image.repository(), "ghcr.io/kubestash/pvc");
/// assert_eq!(image.tag(), Some("v0.28.0"));
/// assert_eq!(image.digest(), None);
/// assert!(image.variables().is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageReference<'a> {
    domain: Option<&'a str>,
    path: &'a str,
    repository: &'a str,
    tag: Option<&'a str>,
    digest: Option<&'a str>,
    variables: Vec<&'a str>,
}

impl<'a> ImageReference<'a> {
    /// The registry host (and port), when the reference names one.
    ///
    /// ```
    /// assert_eq!(function_rules::check_image("busybox").unwrap().domain(), None);
    /// assert_eq!(function_rules::check_image("localhost:5000/x").unwrap().domain(), Some("localhost:5000"));
    /// ```
    pub fn domain(&self) -> Option<&'a str> {
        self.domain
    }

    /// The repository path after the domain, e.g. `kubestash/pvc`.
    ///
    /// ```
    /// assert_eq!(function_rules::check_image("library/busybox:1").unwrap().path(), "library/busybox");
    /// ```
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// Domain and path: everything before the tag and digest.
    ///
    /// ```
    /// assert_eq!(function_rules::check_image("ghcr.io/a/b:1").unwrap().repository(), "ghcr.io/a/b");
    /// ```
    pub fn repository(&self) -> &'a str {
        self.repository
    }

    /// The tag, with any `${VAR}` placeholders as written.
    ///
    /// ```
    /// assert_eq!(function_rules::check_image("a/b:${imageTag}").unwrap().tag(), Some("${imageTag}"));
    /// ```
    pub fn tag(&self) -> Option<&'a str> {
        self.tag
    }

    /// The digest, e.g. `sha256:…`.
    ///
    /// ```
    /// let hex = "0123456789abcdef".repeat(4);
    /// let text = format!("busybox@sha256:{hex}");
    /// let image = function_rules::check_image(&text).unwrap();
    /// assert_eq!(image.digest(), Some(&text[8..]));
    /// ```
    pub fn digest(&self) -> Option<&'a str> {
        self.digest
    }

    /// The names of the `${VAR}` placeholders in the tag, in order.
    ///
    /// ```
    /// let image = function_rules::check_image("a/b:${x}-${DB_VERSION}").unwrap();
    /// assert_eq!(image.variables(), ["x", "DB_VERSION"]);
    /// ```
    pub fn variables(&self) -> &[&'a str] {
        &self.variables
    }

    /// Whether the tag holds `${name}`.
    ///
    /// ```
    /// let image = function_rules::check_image("a/b:v1_${DB_VERSION}").unwrap();
    /// assert!(image.uses_variable(function_rules::DB_VERSION));
    /// ```
    pub fn uses_variable(&self, name: &str) -> bool {
        self.variables.contains(&name)
    }
}

/// Checks an image reference by the grammar of the distribution project:
/// `[domain[:port]/]path-component[/path-component]...[:tag][@algorithm:hex]`, with lowercase
/// path components, a tag of at most 128 word characters, `.` or `-` (not starting with `.` or
/// `-`), and a repository of at most 255 characters. `${VAR}` placeholders (plain names, no
/// default) are allowed in the tag, nowhere else.
///
/// ```
/// use function_rules::check_image;
///
/// assert!(check_image("ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}").is_ok());
/// assert!(check_image("busybox").is_ok());
/// assert!(check_image("Ghcr.io/kubestash/pvc:v1").is_ok()); // an uppercase domain is allowed
/// assert!(check_image("ghcr.io/KubeStash/pvc:v1").is_err());
/// assert!(check_image("ghcr.io/${ORG}/pvc:v1").is_err());
/// assert!(check_image("ghcr.io/kubestash/pvc:").is_err());
/// assert!(check_image("").is_err());
/// ```
pub fn check_image(image: &str) -> Result<ImageReference<'_>, RuleError> {
    let err = |detail: String| {
        Err(RuleError::new(
            Rule::Image,
            format!(
                "`{}` is not a valid image reference: {detail}",
                shown(image)
            ),
        ))
    };
    if image.is_empty() {
        return err("it is empty".into());
    }
    // The digest is after the first `@`.
    let (name_and_tag, digest) = match image.split_once('@') {
        Some((before, digest)) => (before, Some(digest)),
        None => (image, None),
    };
    // The tag is after the last `:` that follows the last `/`, unless that `:` belongs to a
    // placeholder (placeholders hold no `:`, since they are plain names).
    let last_slash = name_and_tag.rfind('/').map_or(0, |i| i + 1);
    let (repository, tag) = match name_and_tag[last_slash..].rfind(':') {
        Some(i) => (
            &name_and_tag[..last_slash + i],
            Some(&name_and_tag[last_slash + i + 1..]),
        ),
        None => (name_and_tag, None),
    };
    if repository.contains('$') {
        return err(
            "`${...}` placeholders are allowed only in the tag (after the last `:`)".to_string(),
        );
    }
    if repository.is_empty() {
        return err("the repository name is empty".into());
    }
    if repository.len() > 255 {
        return err("the repository name is longer than 255 characters".into());
    }
    // Domain: the first component, when there are several and it looks like a host.
    let (domain, path) = match repository.split_once('/') {
        Some((first, rest))
            if first.contains('.')
                || first.contains(':')
                || first == "localhost"
                || first.bytes().any(|b| b.is_ascii_uppercase()) =>
        {
            (Some(first), rest)
        }
        _ => (None, repository),
    };
    if let Some(domain) = domain
        && let Err(detail) = check_domain(domain)
    {
        return err(detail);
    }
    for component in path.split('/') {
        if let Err(detail) = check_path_component(component) {
            return err(detail);
        }
    }
    let mut variables = Vec::new();
    if let Some(tag) = tag {
        match check_tag_text(tag, &mut variables) {
            Ok(()) => {}
            Err(detail) => return err(detail),
        }
    }
    if let Some(digest) = digest
        && let Err(detail) = check_digest(digest)
    {
        return err(detail);
    }
    Ok(ImageReference {
        domain,
        path,
        repository,
        tag,
        digest,
        variables,
    })
}

fn check_domain(domain: &str) -> Result<(), String> {
    let (host, port) = if domain.starts_with('[') {
        // An IPv6 address in brackets, then an optional `:port`.
        let Some(close) = domain.find(']') else {
            return Err(format!(
                "the registry host `{domain}` has a `[` without its `]`"
            ));
        };
        let (host, rest) = domain.split_at(close + 1);
        match rest.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if rest.is_empty() => (host, None),
            None => return Err(format!("the registry host `{domain}` is not valid")),
        }
    } else {
        match domain.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (domain, None),
        }
    };
    if let Some(port) = port
        && (port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!("the registry port `{port}` is not a number"));
    }
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return Ok(());
        }
        return Err(format!("the registry host `{host}` is not an IPv6 address"));
    }
    for component in host.split('.') {
        let bytes = component.as_bytes();
        let ok = match (bytes.first(), bytes.last()) {
            (Some(first), Some(last)) => {
                first.is_ascii_alphanumeric()
                    && last.is_ascii_alphanumeric()
                    && bytes
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            }
            _ => false,
        };
        if !ok {
            return Err(format!(
                "the registry host `{host}` is not a domain name (components of letters, digits \
                 and `-`, separated by `.`)"
            ));
        }
    }
    Ok(())
}

fn check_path_component(component: &str) -> Result<(), String> {
    // alpha-numeric (separator alpha-numeric)*, separator := [_.] | __ | [-]+
    let bad = || {
        Err(format!(
            "the path component `{component}` must be lowercase letters and digits, separated \
             by `.`, `_`, `__` or dashes"
        ))
    };
    let bytes = component.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let mut i = 0;
    let mut expect_alnum = true;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            while i < bytes.len() && alnum(bytes[i]) {
                i += 1;
            }
            expect_alnum = false;
            continue;
        }
        if expect_alnum {
            return bad();
        }
        let start = i;
        match bytes[i] {
            b'.' => i += 1,
            b'_' => {
                i += 1;
                if i < bytes.len() && bytes[i] == b'_' {
                    i += 1;
                }
            }
            b'-' => {
                while i < bytes.len() && bytes[i] == b'-' {
                    i += 1;
                }
            }
            _ => return bad(),
        }
        debug_assert!(i > start);
        expect_alnum = true;
    }
    if expect_alnum {
        return bad();
    }
    Ok(())
}

/// Checks a tag that may hold `${NAME}` placeholders, collecting their names.
fn check_tag_text<'a>(tag: &'a str, variables: &mut Vec<&'a str>) -> Result<(), String> {
    // Each placeholder counts as one word character for the grammar.
    let mut plain = String::with_capacity(tag.len());
    let mut rest = tag;
    while let Some(start) = rest.find('$') {
        plain.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(body) = after.strip_prefix("${") else {
            return Err(format!(
                "the tag `{tag}` has a `$` that does not start a `${{NAME}}` placeholder"
            ));
        };
        let Some(end) = body.find('}') else {
            return Err(format!("the tag `{tag}` has a `${{` without its `}}`"));
        };
        let name = &body[..end];
        if check_variable_name(name).is_err() {
            return Err(format!(
                "the placeholder `${{{name}}}` in the tag must be a plain variable name (letters, \
                 digits or `_`, no default)"
            ));
        }
        variables.push(name);
        plain.push('x');
        rest = &body[end + 1..];
    }
    plain.push_str(rest);
    check_plain_tag(&plain).map_err(|why| format!("the tag `{tag}` {why}"))
}

fn check_plain_tag(tag: &str) -> Result<(), &'static str> {
    let bytes = tag.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    match bytes.first() {
        None => Err("is empty"),
        Some(&b) if !word(b) => Err("must start with a letter, a digit or `_`"),
        _ if bytes.len() > 128 => Err("is longer than 128 characters"),
        _ if !bytes.iter().all(|&b| word(b) || b == b'.' || b == b'-') => {
            Err("may hold only letters, digits, `_`, `.` and `-`")
        }
        _ => Ok(()),
    }
}

fn check_digest(digest: &str) -> Result<(), String> {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return Err(format!("the digest `{digest}` is not `algorithm:hex`"));
    };
    let algorithm_ok = algorithm.split(['+', '.', '-', '_']).all(|part| {
        let mut bytes = part.bytes();
        bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
            && bytes.all(|b| b.is_ascii_alphanumeric())
    });
    if !algorithm_ok {
        return Err(format!("the digest algorithm `{algorithm}` is not valid"));
    }
    if hex.len() < 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!(
            "the digest `{digest}` must end in at least 32 hexadecimal digits"
        ));
    }
    Ok(())
}

/// Checks one entry of `availableVersions` against the image it will be substituted into:
/// non-empty, and the image's tag with `${DB_VERSION}` replaced by `version` is a valid tag.
///
/// ```
/// use function_rules::{check_available_version, check_image};
///
/// let image = check_image("ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}").unwrap();
/// assert!(check_available_version(&image, "16.4").is_ok());
/// assert!(check_available_version(&image, "").is_err());
/// assert!(check_available_version(&image, "16 4").is_err());
/// ```
pub fn check_available_version(image: &ImageReference<'_>, version: &str) -> Result<(), RuleError> {
    let err = |why: &str| {
        Err(RuleError::new(
            Rule::AvailableVersion,
            format!("the available version `{}` {why}", shown(version)),
        ))
    };
    if version.is_empty() {
        return err("is empty");
    }
    let tag = image.tag().unwrap_or("${DB_VERSION}");
    let resolved = tag.replace("${DB_VERSION}", version);
    let mut variables = Vec::new();
    match check_tag_text(&resolved, &mut variables) {
        Ok(()) => Ok(()),
        Err(_) => err(&format!(
            "does not make a valid image tag: `{}` (letters, digits, `_`, `.` and `-`, at most \
             128, not starting with `.` or `-`)",
            shown(&resolved)
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Built-in variables
// ---------------------------------------------------------------------------------------------

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
}

/// The variables the operator provides, in the order of the reference README.
///
/// Only `namespace` has a conventional default: every Function of the upstream catalog writes
/// `--namespace=${namespace:=default}`.
///
/// ```
/// let names: Vec<_> = function_rules::BUILTINS.iter().map(|b| b.name).collect();
/// assert!(names.contains(&"backupSession"));
/// assert_eq!(names.len(), 13);
/// ```
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "namespace",
        default: Some("default"),
    },
    Builtin {
        name: "backupSession",
        default: None,
    },
    Builtin {
        name: "restoreSession",
        default: None,
    },
    Builtin {
        name: "backupVerificationSession",
        default: None,
    },
    Builtin {
        name: "snapshot",
        default: None,
    },
    Builtin {
        name: "enableCache",
        default: None,
    },
    Builtin {
        name: "interimDataDir",
        default: None,
    },
    Builtin {
        name: "invokerKind",
        default: None,
    },
    Builtin {
        name: "invokerName",
        default: None,
    },
    Builtin {
        name: "imageRegistry",
        default: None,
    },
    Builtin {
        name: "imageRepo",
        default: None,
    },
    Builtin {
        name: "imageTag",
        default: None,
    },
    Builtin {
        name: "licenseApiService",
        default: None,
    },
];

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

/// The placeholders the operator fills in outside the inputs: `DB_VERSION` (image tags),
/// `PVC_NAME` (Addon volume templates), `POD_ORDINAL`, `INTERIM_VOLUME`,
/// `RESTIC_CACHE_VOLUME`.
///
/// ```
/// assert!(function_rules::PLACEHOLDERS.contains(&function_rules::DB_VERSION));
/// ```
pub const PLACEHOLDERS: &[&str] = &[
    DB_VERSION,
    "PVC_NAME",
    "POD_ORDINAL",
    "INTERIM_VOLUME",
    "RESTIC_CACHE_VOLUME",
];

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
    fn images_of_the_catalog_are_valid() {
        for image in [
            "ghcr.io/kubestash/kubedump:v0.28.0",
            "ghcr.io/kubestash/manifest:v0.21.0",
            "ghcr.io/kubestash/pvc:v0.28.0",
            "ghcr.io/kubestash/vault:v0.3.0",
            "ghcr.io/kubestash/volume-snapshotter:v0.28.0",
            "ghcr.io/kubestash/workload:v0.28.0",
            "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}",
            "localhost:5000/a__b/c-d.e:1",
            "[::1]:5000/x:y",
            "docker.io/library/busybox:latest",
        ] {
            check_image(image).unwrap_or_else(|e| panic!("{image}: {e}"));
        }
    }

    #[test]
    fn invalid_images_are_rejected_with_a_reason() {
        for (image, why) in [
            (
                "ghcr.io/kubestash/pvc:v0.28.0:x",
                "path component `pvc:v0.28.0`",
            ),
            ("ghcr.io/kubestash/pvc:.v1", "tag"),
            ("ghcr.io//pvc", "path component"),
            ("ghcr.io/kubestash/pvc-:v1", "path component"),
            ("ghcr.io/kubestash/pvc:${DB_VERSION", "without its"),
            ("ghcr.io/kubestash/pvc:${x:=1}", "placeholder"),
            ("ghcr.io/kubestash/pvc:$x", "`$`"),
            ("ghcr.io:x/kubestash/pvc", "port"),
            ("busybox@sha256:abc", "hexadecimal"),
            ("my image", "path component"),
        ] {
            let err = check_image(image).expect_err(image);
            assert!(err.message().contains(why), "{image}: {err}");
            assert_eq!(err.rule(), Rule::Image);
        }
    }

    #[test]
    fn image_parts() {
        let image =
            check_image("localhost:5000/a/b:t@sha256:0123456789abcdef0123456789abcdef").unwrap();
        assert_eq!(image.domain(), Some("localhost:5000"));
        assert_eq!(image.path(), "a/b");
        assert_eq!(image.tag(), Some("t"));
        assert_eq!(
            image.digest(),
            Some("sha256:0123456789abcdef0123456789abcdef")
        );
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
