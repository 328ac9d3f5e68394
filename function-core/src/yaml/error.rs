//! Error and warning types of the YAML reader and writer.

use std::fmt;

use super::options::{Bound, TooLarge};

/// A 1-based line and column in a source text. Columns count characters (Unicode scalar
/// values), not bytes.
///
/// ```
/// use function_core::yaml::Position;
///
/// let p = Position::new(3, 7);
/// assert_eq!((p.line, p.column), (3, 7));
/// assert_eq!(p.to_string(), "3:7");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// The line, from 1.
    pub line: u32,
    /// The column, from 1, in characters.
    pub column: u32,
}

impl Position {
    /// The position at `line`, `column` (both 1-based).
    pub const fn new(line: u32, column: u32) -> Self {
        Position { line, column }
    }

    /// The first character of a text: line 1, column 1.
    pub const START: Position = Position::new(1, 1);
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// What went wrong while reading YAML into [`Object`](super::Object)s.
///
/// The variant's `Display` is the message alone; [`Error`]'s `Display` adds the file, the
/// position and the path of the offending field.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(#[source] std::io::Error),
    /// The input is not UTF-8 text.
    #[error("invalid UTF-8: not a text file (binary?)")]
    InvalidUtf8,
    /// The input holds a NUL byte, which no YAML text may contain.
    #[error("NUL byte in input: not a text file (binary?)")]
    NulByte,
    /// The YAML parser rejected the text: bad indentation, a tab used as indentation, an
    /// unclosed quote, ... The message is the parser's.
    #[error("{0}")]
    Syntax(String),
    /// A mapping holds the same key twice.
    #[error("duplicate key \"{key}\" (first at line {}, column {})", .first.line, .first.column)]
    DuplicateKey {
        /// The repeated key.
        key: String,
        /// Where the key first appears.
        first: Position,
    },
    /// A mapping key is a list or a mapping.
    #[error("a mapping key must be a string, found {0}")]
    NonScalarKey(&'static str),
    /// The input holds no document, or only empty ones.
    #[error("no Function or Addon found (the input holds no YAML document)")]
    NoDocuments,
    /// A document is not a mapping (a scalar or a list).
    #[error("expected a mapping (a Function or an Addon), found {0}")]
    NotAMapping(String),
    /// A document has no `apiVersion` or no `kind`.
    #[error("missing field \"{0}\": a Function or an Addon needs apiVersion and kind")]
    MissingTypeField(&'static str),
    /// `kind` is neither `Function` nor `Addon`.
    #[error("unknown kind \"{0}\", expected Function or Addon")]
    UnknownKind(String),
    /// `apiVersion` is not `addons.kubestash.com/v1alpha1`.
    #[error(
        "unsupported apiVersion \"{found}\" for kind {kind}, expected {}",
        crate::api::API_VERSION
    )]
    WrongApiVersion {
        /// The kind of the document.
        kind: String,
        /// The `apiVersion` found.
        found: String,
    },
    /// A field that the type does not have (strict mode).
    #[error("unknown field \"{field}\"{}", unknown_field_hint(.field, .expected))]
    UnknownField {
        /// The unknown key.
        field: String,
        /// The fields the mapping may hold.
        expected: Vec<&'static str>,
    },
    /// A field that the CRD's schema requires is absent or `null`, inside an embedded
    /// Kubernetes type whose own reader would default it (`secretKeyRef` without `key`): the
    /// API server rejects the object (`Required value`).
    #[error("missing required field \"{0}\"")]
    MissingField(String),
    /// A value that does not fit the type: wrong type, unknown enum variant, missing field,
    /// out-of-range number, ...
    #[error("{0}")]
    Invalid(String),
    /// The source goes past a bound of [`Options`](super::Options); the message names the
    /// bound and, when it can be raised, the flag and the option that raise it.
    #[error("{}", TooLarge(*.bound, *.limit))]
    TooLarge {
        /// The bound.
        bound: Bound,
        /// Its limit.
        limit: usize,
    },
    /// A directory is a Helm chart (it holds a `Chart.yaml`), not manifests.
    #[error("this is a Helm chart: pass the manifests or `helm template` output")]
    HelmChart,
}

/// The tail of an unknown-field message: the closest known field when one is close, else
/// the list of known fields.
fn unknown_field_hint(field: &str, expected: &[&'static str]) -> String {
    if expected.is_empty() {
        return String::from(": this mapping takes no fields");
    }
    if let Some(best) = closest(field, expected) {
        return format!(" (did you mean \"{best}\"?)");
    }
    format!(", expected one of {}", expected.join(", "))
}

pub(crate) use crate::text::closest;

/// The message of a warning about an unknown field dropped under
/// [`Options::prune_unknown`](super::Options::prune_unknown).
pub(crate) fn pruned_field_message(field: &str) -> String {
    format!(
        "unknown field \"{field}\": this version's API (kubestash/apimachinery @ {}) does not \
         have it; dropped, as an API server whose CRD does not list it prunes it",
        crate::api::UPSTREAM_COMMIT
    )
}

/// An error reading YAML: the source, the position (1-based line and column), the path of the
/// offending field when there is one, and what went wrong.
///
/// `Display` gives `FILE:LINE:COL: PATH: message` (`FILE: message` for an I/O error, which has
/// no position).
///
/// ```
/// use function_core::yaml;
///
/// let text = "\
/// apiVersion: addons.kubestash.com/v1alpha1
/// kind: Addon
/// metadata:
///   name: demo
/// spec:
///   backupTasks:
///   - name: backup
///     driver: Restik
/// ";
/// let err = yaml::from_str(text, "demo.yaml").unwrap_err();
/// assert_eq!((err.line(), err.column()), (Some(8), Some(13)));
/// assert_eq!(err.path(), Some("spec.backupTasks[0].driver"));
/// assert_eq!(
///     err.to_string(),
///     "demo.yaml:8:13: spec.backupTasks[0].driver: unknown variant \"Restik\", \
///      expected one of Restic, WalG, Medusa, VolumeSnapshotter, Solr, ClickHouseBackup, Neo4jAdmin"
/// );
/// ```
#[derive(Debug)]
pub struct Error {
    source_name: String,
    position: Option<Position>,
    path: Option<String>,
    kind: ErrorKind,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Located {
            source_name: &self.source_name,
            position: &self.position,
            path: self.path.as_deref(),
            message: &self.kind,
        }
        .fmt(f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl Error {
    pub(crate) fn new(
        source_name: impl Into<String>,
        position: Option<Position>,
        path: Option<String>,
        kind: ErrorKind,
    ) -> Self {
        Error {
            source_name: source_name.into(),
            position,
            path,
            kind,
        }
    }

    pub(crate) fn at(source_name: &str, position: Position, kind: ErrorKind) -> Self {
        Error::new(source_name, Some(position), None, kind)
    }

    /// The name of the source: the file's path as given, or the name passed to
    /// [`from_str`](super::from_str).
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// Where the error is, when it has a position (every error but [`ErrorKind::Io`]).
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// The 1-based line of the error.
    pub fn line(&self) -> Option<u32> {
        self.position.map(|p| p.line)
    }

    /// The 1-based column (in characters) of the error.
    pub fn column(&self) -> Option<u32> {
        self.position.map(|p| p.column)
    }

    /// The path of the offending field in its document, e.g. `spec.backupTasks[1].driver`,
    /// when the error is about a field.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The message without the source, position and path.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

/// A problem that does not stop reading: an unknown field in lenient mode, or one that is not
/// a near miss under [`Options::prune_unknown`](super::Options::prune_unknown).
///
/// `Display` has the same form as [`Error`]'s: `FILE:LINE:COL: PATH: message`.
///
/// ```
/// use function_core::yaml::{self, Options};
///
/// let text = "\
/// apiVersion: addons.kubestash.com/v1alpha1
/// kind: Function
/// metadata:
///   name: demo
/// spec:
///   imag: busybox
/// ";
/// let parsed = yaml::from_str_with_options(text, "f.yaml", &Options::lenient()).unwrap();
/// assert_eq!(parsed.warnings.len(), 1);
/// assert_eq!(
///     parsed.warnings[0].to_string(),
///     "f.yaml:6:3: spec.imag: unknown field \"imag\" (did you mean \"image\"?)"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    source_name: String,
    position: Position,
    path: String,
    message: String,
    field: super::FieldPath,
    document: Option<usize>,
}

impl Warning {
    pub(crate) fn new(
        source_name: &str,
        position: Position,
        path: String,
        message: String,
        field: super::FieldPath,
        document: Option<usize>,
    ) -> Self {
        Warning {
            source_name: source_name.into(),
            position,
            path,
            message,
            field,
            document,
        }
    }

    /// The path of the field, as a [`FieldPath`](super::FieldPath).
    pub fn field_path(&self) -> &super::FieldPath {
        &self.field
    }

    /// The index of the document the field is in, among its source's non-empty documents
    /// (`None` for a single value read with [`from_str_as`](super::from_str_as)).
    pub fn document(&self) -> Option<usize> {
        self.document
    }

    /// The name of the source.
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// Where the problem is.
    pub fn position(&self) -> Position {
        self.position
    }

    /// The 1-based line.
    pub fn line(&self) -> u32 {
        self.position.line
    }

    /// The 1-based column (in characters).
    pub fn column(&self) -> u32 {
        self.position.column
    }

    /// The path of the field, e.g. `spec.volumeMounts[0].mountPth`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The message without the source, position and path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Located {
            source_name: &self.source_name,
            position: &Some(self.position),
            path: Some(&self.path),
            message: &self.message,
        }
        .fmt(f)
    }
}

/// `FILE:LINE:COL: PATH: message`, leaving out what is absent.
struct Located<'a, M: fmt::Display> {
    source_name: &'a str,
    position: &'a Option<Position>,
    path: Option<&'a str>,
    message: &'a M,
}

impl<M: fmt::Display> fmt::Display for Located<'_, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.source_name)?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        f.write_str(": ")?;
        if let Some(path) = self.path.filter(|p| !p.is_empty()) {
            write!(f, "{path}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// An error writing YAML. Writing the API types does not fail in practice; this wraps the YAML
/// serializer's error should it ever.
#[derive(Debug, thiserror::Error)]
#[error("cannot write YAML: {0}")]
pub struct WriteError(#[from] pub(crate) serde_saphyr::SerializeError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_leaves_out_what_is_absent() {
        let e = Error::new(
            "a.yaml",
            None,
            None,
            ErrorKind::Io(std::io::Error::other("gone")),
        );
        assert_eq!(e.to_string(), "a.yaml: cannot read: gone");
        let e = Error::at("a.yaml", Position::new(2, 3), ErrorKind::NoDocuments);
        assert_eq!(
            e.to_string(),
            "a.yaml:2:3: no Function or Addon found (the input holds no YAML document)"
        );
    }
}
