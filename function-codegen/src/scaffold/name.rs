//! The name of a plugin: a Cargo package name, a Helm chart name and the prefix of the
//! Kubernetes objects, all at once.

use heck::ToUpperCamelCase;

/// The longest name accepted: `PREFIX-restore` must stay a DNS label (63 characters) and the
/// chart's release names short.
pub const MAX_LEN: usize = 50;

/// Names Cargo refuses or that would clash with the crates a plugin depends on.
const RESERVED: &[&str] = &[
    // Rust keywords (Cargo refuses them as package names).
    "abstract",
    "as",
    "async",
    "await",
    "become",
    "box",
    "break",
    "const",
    "continue",
    "crate",
    "do",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "final",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "macro",
    "match",
    "mod",
    "move",
    "mut",
    "override",
    "priv",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "try",
    "type",
    "typeof",
    "unsafe",
    "unsized",
    "use",
    "virtual",
    "where",
    "while",
    "yield",
    // The standard library's crates.
    "alloc",
    "core",
    "proc-macro",
    "std",
    "test",
    // The crates a plugin depends on.
    "function-core",
    "function-derive",
    "function-rules",
    "function-codegen",
];

/// Why a name cannot be a plugin's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// The name is empty.
    #[error("the plugin name is empty")]
    Empty,
    /// The name is too long.
    #[error("`{name}` is {len} characters long; a plugin name has at most {MAX_LEN}")]
    TooLong {
        /// The name.
        name: String,
        /// Its length in characters.
        len: usize,
    },
    /// A character that a lowercase DNS label (the chart's name) does not allow.
    #[error(
        "`{name}`: `{found}` at column {column} is not allowed: a plugin name is lowercase \
         letters, digits and `-` (a Helm chart name and a Cargo package name), e.g. `mysql-plugin`"
    )]
    Character {
        /// The name.
        name: String,
        /// The character.
        found: char,
        /// Its column (1-based, in characters).
        column: usize,
    },
    /// The name does not start with a letter, or ends with or doubles a `-`.
    #[error(
        "`{name}`: a plugin name starts with a letter, ends with a letter or digit and has no `--`"
    )]
    Shape {
        /// The name.
        name: String,
    },
    /// A Rust keyword, a standard crate or a crate the plugin depends on.
    #[error(
        "`{name}` is reserved (a Rust keyword or the name of a crate the plugin uses); try `{name}-plugin`"
    )]
    Reserved {
        /// The name.
        name: String,
    },
}

/// A valid plugin name (`mysql-plugin`): the binary's package and the chart are named so, the
/// `-api` crate `NAME-api`, and the objects start with [`object_prefix`](Self::object_prefix).
///
/// ```
/// use function_codegen::scaffold::{NameError, PluginName};
///
/// let name = PluginName::new("mysql-plugin")?;
/// assert_eq!(name.api_crate(), "mysql-plugin-api");
/// assert_eq!(name.crate_ident(), "mysql_plugin");
/// assert_eq!(name.type_prefix(), "Mysql");
/// assert!(matches!(PluginName::new("MySQL"), Err(NameError::Character { column: 1, .. })));
/// assert!(matches!(PluginName::new("fn"), Err(NameError::Reserved { .. })));
/// # Ok::<(), NameError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PluginName(String);

impl PluginName {
    /// Checks `name`.
    ///
    /// # Errors
    /// A [`NameError`] saying what is wrong (and where, for a bad character).
    pub fn new(name: &str) -> Result<Self, NameError> {
        if name.is_empty() {
            return Err(NameError::Empty);
        }
        if let Some((i, found)) = name
            .chars()
            .enumerate()
            .find(|(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(NameError::Character {
                name: name.to_owned(),
                found,
                column: i + 1,
            });
        }
        let len = name.chars().count();
        if len > MAX_LEN {
            return Err(NameError::TooLong {
                name: name.to_owned(),
                len,
            });
        }
        let starts_with_letter = name.starts_with(|c: char| c.is_ascii_lowercase());
        if !starts_with_letter || name.ends_with('-') || name.contains("--") {
            return Err(NameError::Shape {
                name: name.to_owned(),
            });
        }
        if RESERVED.contains(&name) {
            return Err(NameError::Reserved {
                name: name.to_owned(),
            });
        }
        Ok(PluginName(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `-api` crate's package name: `NAME-api`.
    pub fn api_crate(&self) -> String {
        format!("{}-api", self.0)
    }

    /// The binary's crate as a Rust path segment: `mysql_plugin`.
    pub fn crate_ident(&self) -> String {
        self.0.replace('-', "_")
    }

    /// The `-api` crate as a Rust path segment: `mysql_plugin_api`.
    pub fn api_ident(&self) -> String {
        format!("{}_api", self.crate_ident())
    }

    /// What the objects' names start with: the name without a trailing `-plugin`
    /// (`mysql-plugin` → `mysql`; `vault` → `vault`).
    ///
    /// ```
    /// use function_codegen::scaffold::PluginName;
    ///
    /// assert_eq!(PluginName::new("etcd-plugin")?.object_prefix(), "etcd");
    /// assert_eq!(PluginName::new("plugin")?.object_prefix(), "plugin");
    /// # Ok::<(), function_codegen::scaffold::NameError>(())
    /// ```
    pub fn object_prefix(&self) -> &str {
        match self.0.strip_suffix("-plugin") {
            Some(prefix) if !prefix.is_empty() => prefix,
            _ => &self.0,
        }
    }

    /// What the types' names start with: the [object prefix](Self::object_prefix) in
    /// UpperCamelCase (`mysql` → `Mysql`, `kube-dump` → `KubeDump`).
    pub fn type_prefix(&self) -> String {
        self.object_prefix().to_upper_camel_case()
    }
}

impl std::fmt::Display for PluginName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for PluginName {
    type Err = NameError;

    fn from_str(s: &str) -> Result<Self, NameError> {
        PluginName::new(s)
    }
}
