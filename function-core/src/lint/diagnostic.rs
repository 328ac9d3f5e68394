//! The one model of a problem, from where it is found to where it is rendered: the object it
//! is about, the field, the file and position, the code (a lint's) and the severity. The lint,
//! the catalog check and the importer all report [`Diagnostic`]s; `kubestash-fn` renders them.

use std::fmt;
use std::ops::Range;

use super::{Code, Severity};
use crate::yaml::{Object, Position};

/// The object a [`Diagnostic`] is about: its kind and name, written `Kind/name`.
///
/// ```
/// use function_core::lint::ObjectRef;
///
/// let o = ObjectRef::new("Addon", "pvc-addon");
/// assert_eq!(o.to_string(), "Addon/pvc-addon");
/// assert_eq!(ObjectRef::new("Function", "").to_string(), "Function");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectRef {
    /// `Function` or `Addon`.
    pub kind: &'static str,
    /// `metadata.name` (empty when the object has none).
    pub name: String,
}

impl ObjectRef {
    /// The object `kind`/`name`.
    pub fn new(kind: &'static str, name: impl Into<String>) -> Self {
        ObjectRef {
            kind,
            name: name.into(),
        }
    }

    /// The reference of `object`.
    pub fn of(object: &Object) -> Self {
        ObjectRef::new(object.kind(), object.name())
    }
}

impl fmt::Display for ObjectRef {
    /// `Kind/name` (`Kind` alone when it has no name).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.is_empty() {
            f.write_str(self.kind)
        } else {
            write!(f, "{}/{}", self.kind, self.name)
        }
    }
}

/// One finding: what, where, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The kind of finding, for the lint's findings; `None` for a problem with no code (a
    /// catalog's chart name, a field the importer cannot express).
    pub code: Option<Code>,
    /// Its severity ([`Code::severity`] for a lint's finding).
    pub severity: Severity,
    /// What is wrong, naming the offending text.
    pub message: String,
    /// How to fix it, when a line helps (`did you mean `demo-backup`?`).
    pub help: Option<String>,
    /// The file the object was read from (`None` for objects built in Rust).
    pub file: Option<String>,
    /// Where in the file: the offending node, or inside a template the `${` of the offending
    /// expression (`None` for objects built in Rust).
    pub position: Option<Position>,
    /// Whether [`position`](Self::position) is exactly the offending place; `false` when a
    /// place inside a string could not be mapped to its source (an alias, an unusual folding)
    /// and the position is the string's start, or when the field is absent and the position is
    /// its nearest parent's (or the object's start).
    pub exact: bool,
    /// The bytes of the file's text it covers, for rendering.
    pub span: Option<Range<usize>>,
    /// The object (`Addon/pvc-addon`), when it is about one.
    pub object: Option<ObjectRef>,
    /// The field path in the object (`spec.backupTasks[0].function`; empty for the object as a
    /// whole).
    pub path: String,
}

impl Diagnostic {
    /// An error with no code, place or object: only a message.
    ///
    /// ```
    /// use function_core::lint::{Diagnostic, ObjectRef};
    ///
    /// let d = Diagnostic::error("chart name `Bad_Name` is not valid")
    ///     .with_object(ObjectRef::new("Addon", "pvc-addon"))
    ///     .with_path("metadata.labels");
    /// assert_eq!(d.to_string(), "Addon/pvc-addon: metadata.labels: chart name `Bad_Name` is not valid");
    /// ```
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            code: None,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            file: None,
            position: None,
            exact: false,
            span: None,
            object: None,
            path: String::new(),
        }
    }

    /// The same, about `object`.
    pub fn with_object(mut self, object: ObjectRef) -> Self {
        self.object = Some(object);
        self
    }

    /// The same, about the field `path`.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// The same, at `position` of `file` (not exactly the offending place: the object's).
    pub fn at(mut self, file: impl Into<String>, position: Position) -> Self {
        self.file = Some(file.into());
        self.position = Some(position);
        self
    }

    /// The 1-based line, when known.
    pub fn line(&self) -> Option<u32> {
        self.position.map(|p| p.line)
    }

    /// The 1-based column (in characters), when known.
    pub fn column(&self) -> Option<u32> {
        self.position.map(|p| p.column)
    }
}

impl fmt::Display for Diagnostic {
    /// `FILE:LINE:COL: OBJECT: PATH: message [CODE name]`, leaving out what is unknown (the
    /// severity and the help are the caller's to write).
    ///
    /// ```
    /// use function_core::lint::{Files, Options};
    ///
    /// let text = "apiVersion: addons.kubestash.com/v1alpha1\nkind: Addon\nmetadata:\n  name: Demo\nspec: {}\n";
    /// let mut files = Files::new();
    /// files.add_str("demo.yaml", text, &Default::default()).unwrap();
    /// let report = files.lint(&Options::default());
    /// assert!(report.diagnostics()[0].to_string().starts_with(
    ///     "demo.yaml:4:9: Addon/Demo: metadata.name: `Demo` is not a valid Addon name"
    /// ));
    /// assert!(report.diagnostics()[0].to_string().ends_with(" [KSF0002 invalid-name]"));
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            f.write_str(file)?;
            if let Some(p) = self.position {
                write!(f, ":{p}")?;
            }
            f.write_str(": ")?;
        }
        if let Some(object) = &self.object {
            write!(f, "{object}: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some(code) = self.code {
            write!(f, " [{} {}]", code.id(), code.name())?;
        }
        Ok(())
    }
}

/// Several problems (at least one), in the order found, displayed one per line: what a check
/// that collects every problem before giving up returns ([`Catalog::check`] as
/// [`CheckErrors`](crate::catalog::CheckErrors), `function_codegen::generate` as its
/// `ImportErrors`). It derefs to the slice of [`Diagnostic`]s.
///
/// ```
/// use function_core::lint::{Diagnostic, Diagnostics};
///
/// let all = Diagnostics::from(vec![
///     Diagnostic::error("first").at("a.yaml", function_core::yaml::Position::new(1, 1)),
///     Diagnostic::error("second"),
/// ]);
/// assert_eq!(all.len(), 2);
/// assert_eq!(all.to_string(), "a.yaml:1:1: first\nsecond");
/// ```
///
/// [`Catalog::check`]: crate::catalog::Catalog::check
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// The problems, in the order found.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics(items)
    }
}

impl std::ops::Deref for Diagnostics {
    type Target = [Diagnostic];

    fn deref(&self) -> &[Diagnostic] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
