//! Catalog diagnostics: what is wrong, or hazardous, in a set of Function and Addon objects
//! before a cluster sees them (`kubestash-fn lint`).
//!
//! [`lint`] checks [`Input`]s (objects, with the [`SourceMap`] of the YAML they were read from
//! when they were) and returns [`Diagnostic`]s: each has a stable [`Code`], a [`Severity`], the
//! file, line and column of the offending YAML node (inside a `${...}` template, the column of
//! its `${`), the object (`Addon/pvc-addon`), the field path (`spec.backupTasks[0].function`),
//! a message and, where one helps, a help line. [`Files`] reads YAML sources and lints them;
//! its [`Report`] renders the diagnostics rustc-style ([`Report::human`]), as a JSON array
//! ([`Report::json`]) or as SARIF 2.1.0 ([`Report::sarif`]).
//!
//! The checks (`docs/lints.md` has one section per code, with an example and the fix):
//!
//! | code | name | severity |
//! |---|---|---|
//! | KSF0001 | `unknown-function` | error |
//! | KSF0002 | `invalid-name` | error |
//! | KSF0003 | `duplicate-name` | error |
//! | KSF0004 | `invalid-image` | error |
//! | KSF0005 | `db-version-without-versions` | error |
//! | KSF0006 | `invalid-available-version` | error |
//! | KSF0007 | `template-syntax` | error |
//! | KSF0101 | `undefined-variable` | warning |
//! | KSF0102 | `unused-parameter` | warning |
//! | KSF0103 | `required-with-default` | warning |
//! | KSF0104 | `default-hazard` | warning |
//! | KSF0105 | `dollar-escape` | warning |
//! | KSF0106 | `duplicate-flag` | warning |
//! | KSF0107 | `invalid-argument` | warning |
//! | KSF0108 | `fixed-version-table` | warning |
//! | KSF0201 | `default-only-variable` | note |
//! | KSF0202 | `unused-function` | note |
//!
//! One home for each rule: a Function is checked by
//! [`function_rules::check_function`], the very list `#[derive(Function)]` runs at compile time
//! and `plugin::validate` at run time (over a description made of its YAML: its name, image,
//! `availableVersions`, its first argument as a subcommand and each `--flag=${var...}`
//! argument); templates are read by the engine's own parser ([`crate::envsubst::Template`]);
//! images by [`function_rules::check_image`]; versions by the operator's extraction rule
//! ([`crate::resolve::version_key`]); names by [`function_rules::check_object_name`].
//! [`Catalog::check`](crate::catalog::Catalog::check) runs the lint too, and fails on its
//! errors.
//!
//! ```
//! use function_core::lint::{Code, Files, Options, Severity};
//!
//! let text = "\
//! apiVersion: addons.kubestash.com/v1alpha1
//! kind: Function
//! metadata:
//!   name: demo-backup
//! spec:
//!   image: ghcr.io/kubestash/demo:v1
//!   args:
//!   - backup
//!   - --wait-timeout=${waitTimeout:=300
//! ---
//! apiVersion: addons.kubestash.com/v1alpha1
//! kind: Addon
//! metadata:
//!   name: demo-addon
//! spec:
//!   backupTasks:
//!   - name: backup
//!     function: demo-bakup
//! ";
//! let mut files = Files::new();
//! files.add_str("demo.yaml", text, &Default::default())?;
//! let report = files.lint(&Options::default());
//! let found: Vec<(Code, u32, u32)> = report
//!     .diagnostics()
//!     .iter()
//!     .map(|d| (d.code, d.line().unwrap(), d.column().unwrap()))
//!     .collect();
//! assert_eq!(found, [
//!     (Code::UnusedFunction, 4, 9),   // no task runs demo-backup (a note)
//!     (Code::TemplateSyntax, 9, 20),  // the `${` of the expression with no `}`
//!     (Code::UnknownFunction, 18, 15),
//! ]);
//! let unknown = &report.diagnostics()[2];
//! assert_eq!(unknown.object.as_deref(), Some("Addon/demo-addon"));
//! assert_eq!(unknown.path, "spec.backupTasks[0].function");
//! assert_eq!(unknown.help.as_deref(), Some("did you mean `demo-backup`?"));
//! assert!(report.has_errors());
//! # Ok::<(), function_core::yaml::Error>(())
//! ```

mod checks;
mod codes;
mod function;
mod render;
mod templates;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::yaml::{self, Document, FieldPath, Object, Position, SourceMap, Warning};

pub use codes::{Code, Severity, UnknownCode};

/// One finding: what, where, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The kind of finding.
    pub code: Code,
    /// Its severity ([`Code::severity`]).
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
    /// its nearest parent's.
    pub exact: bool,
    /// The bytes of the file's text it covers, for rendering.
    pub span: Option<Range<usize>>,
    /// The object, as `Kind/name` (`Addon/pvc-addon`).
    pub object: Option<String>,
    /// The field path in the object (`spec.backupTasks[0].function`; empty for the object as a
    /// whole).
    pub path: String,
}

impl Diagnostic {
    /// The 1-based line, when known.
    pub fn line(&self) -> Option<u32> {
        self.position.map(|p| p.line)
    }

    /// The 1-based column (in characters), when known.
    pub fn column(&self) -> Option<u32> {
        self.position.map(|p| p.column)
    }
}

impl std::fmt::Display for Diagnostic {
    /// `FILE:LINE:COL: OBJECT: PATH: message [CODE name]`, leaving out what is unknown (the
    /// severity is the caller's to write).
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
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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
        write!(
            f,
            "{} [{} {}]",
            self.message,
            self.code.id(),
            self.code.name()
        )
    }
}

/// An object to lint, and where it was read from.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The object.
    pub object: &'a Object,
    /// The file it was read from.
    pub file: Option<&'a str>,
    /// Where its nodes are in that file.
    pub map: Option<&'a SourceMap>,
}

impl<'a> Input<'a> {
    /// An object built in Rust (no file, no positions).
    pub fn object(object: &'a Object) -> Self {
        Input {
            object,
            file: None,
            map: None,
        }
    }
}

/// What the lint is told about the objects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The objects are a whole catalog: every Function an Addon runs must be among them, even
    /// when none is (by default, a task's Function is looked up only when some Function is
    /// given, so that a lone Addon file can be checked alone).
    pub complete: bool,
    /// Codes not to report (`--allow CODE`).
    pub allow: Vec<Code>,
}

/// Lints `inputs` as one set of objects: every diagnostic, ordered by input, then position.
///
/// ```
/// use function_core::api::{Addon, AddonSpec, Task};
/// use function_core::lint::{self, Code, Input, Options};
/// use function_core::yaml::Object;
///
/// let addon = Object::from(Addon::new("pvc-addon", AddonSpec {
///     backup_tasks: vec![Task { name: "b".into(), function: "pvc-backup".into(), ..Task::default() }],
///     ..AddonSpec::default()
/// }));
/// let inputs = [Input::object(&addon)];
/// // Alone, the Addon's Function is not looked up; as a whole catalog, it is.
/// assert!(lint::lint(&inputs, &Options::default()).is_empty());
/// let whole = lint::lint(&inputs, &Options { complete: true, ..Options::default() });
/// assert_eq!(whole[0].code, Code::UnknownFunction);
/// assert_eq!(whole[0].position, None);
/// ```
pub fn lint(inputs: &[Input<'_>], options: &Options) -> Vec<Diagnostic> {
    let mut found = checks::run(inputs, options);
    found.retain(|(_, d)| !options.allow.contains(&d.code));
    found.sort_by(|(a, x), (b, y)| {
        (a, x.position, x.code, &x.path).cmp(&(b, y.position, y.code, &y.path))
    });
    found.dedup_by(|(_, x), (_, y)| x == y);
    found.into_iter().map(|(_, d)| d).collect()
}

/// Objects read from YAML sources, with where their nodes are: what `kubestash-fn` lints and
/// checks before it uses them.
#[derive(Debug, Default)]
pub struct Files {
    documents: Vec<(Document, SourceMap)>,
}

impl Files {
    /// No files yet.
    pub fn new() -> Self {
        Files::default()
    }

    /// Reads every object of `text`, named `name` in messages; returns the reader's warnings
    /// (unknown fields, when `options` is lenient).
    ///
    /// # Errors
    /// The text is not YAML holding Functions and Addons.
    pub fn add_str(
        &mut self,
        name: &str,
        text: &str,
        options: &yaml::Options,
    ) -> Result<Vec<Warning>, yaml::Error> {
        let (parsed, maps) = yaml::from_str_mapped(text, name, options)?;
        self.documents
            .extend(parsed.documents.into_iter().zip(maps));
        Ok(parsed.warnings)
    }

    /// [`add_str`](Self::add_str) over bytes, which must be UTF-8 text.
    ///
    /// # Errors
    /// As [`add_str`](Self::add_str), or the bytes are not UTF-8.
    pub fn add_bytes(
        &mut self,
        name: &str,
        bytes: &[u8],
        options: &yaml::Options,
    ) -> Result<Vec<Warning>, yaml::Error> {
        let (parsed, maps) = yaml::from_slice_mapped(bytes, name, options)?;
        self.documents
            .extend(parsed.documents.into_iter().zip(maps));
        Ok(parsed.warnings)
    }

    /// The documents read, in order.
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.documents.iter().map(|(d, _)| d)
    }

    /// The objects read, in order.
    pub fn objects(&self) -> impl Iterator<Item = &Object> {
        self.documents().map(|d| &d.object)
    }

    /// Takes the documents out.
    pub fn into_documents(self) -> Vec<Document> {
        self.documents.into_iter().map(|(d, _)| d).collect()
    }

    /// The objects as lint inputs, with their files and maps.
    pub fn inputs(&self) -> Vec<Input<'_>> {
        self.documents
            .iter()
            .map(|(d, map)| Input {
                object: &d.object,
                file: Some(&d.source_name),
                map: Some(map),
            })
            .collect()
    }

    /// Lints every object read ([`lint`]), keeping the texts for rendering.
    pub fn lint(&self, options: &Options) -> Report {
        let mut texts = BTreeMap::new();
        for (d, map) in &self.documents {
            texts
                .entry(d.source_name.clone())
                .or_insert_with(|| map.shared_text());
        }
        Report {
            diagnostics: lint(&self.inputs(), options),
            texts,
        }
    }
}

/// The diagnostics of a lint run and the texts they point into.
#[derive(Clone, Debug, Default)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
    texts: BTreeMap<String, Arc<str>>,
}

impl Report {
    /// A report of diagnostics about objects with no source text.
    pub fn new(diagnostics: Vec<Diagnostic>) -> Self {
        Report {
            diagnostics,
            texts: BTreeMap::new(),
        }
    }

    /// The diagnostics, ordered by file, then position.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics of severity `severity`.
    pub fn of(&self, severity: Severity) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(move |d| d.severity == severity)
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.of(Severity::Error).next().is_some()
    }

    /// Whether the report fails a check: an error, or a warning when `deny_warnings`.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.has_errors() || (deny_warnings && self.of(Severity::Warning).next().is_some())
    }

    /// `1 error, 2 warnings, 0 notes`.
    ///
    /// ```
    /// assert_eq!(function_core::lint::Report::default().summary(), "0 errors, 0 warnings, 0 notes");
    /// ```
    pub fn summary(&self) -> String {
        use crate::text::count;
        format!(
            "{}, {}, {}",
            count(self.of(Severity::Error).count(), "error"),
            count(self.of(Severity::Warning).count(), "warning"),
            count(self.of(Severity::Note).count(), "note")
        )
    }

    fn text(&self, file: &str) -> Option<&str> {
        self.texts.get(file).map(|t| &**t)
    }
}

/// The object's label in diagnostics: `Kind/name` (`Kind` alone when it has no name).
fn object_label(object: &Object) -> String {
    if object.name().is_empty() {
        object.kind().to_owned()
    } else {
        format!("{}/{}", object.kind(), object.name())
    }
}

/// Where a diagnostic points: a field, optionally a byte range inside its string value.
#[derive(Clone, Debug)]
struct Site {
    path: FieldPath,
    range: Option<Range<usize>>,
}

impl Site {
    fn field(path: FieldPath) -> Self {
        Site { path, range: None }
    }

    fn within(path: FieldPath, range: Range<usize>) -> Self {
        Site {
            path,
            range: Some(range),
        }
    }
}

/// Makes a diagnostic about `input` at `site`.
fn diagnostic(
    input: &Input<'_>,
    code: Code,
    site: &Site,
    message: String,
    help: Option<String>,
) -> Diagnostic {
    let location = input.map.map(|map| match &site.range {
        Some(range) => map
            .locate_in(&site.path, range.clone())
            .unwrap_or_else(|| map.locate_nearest(&site.path)),
        None => map.locate_nearest(&site.path),
    });
    Diagnostic {
        code,
        severity: code.severity(),
        message,
        help,
        file: input.file.map(str::to_owned),
        position: location.as_ref().map(|l| l.position),
        exact: location.as_ref().is_some_and(|l| l.exact),
        span: location.map(|l| l.span),
        object: Some(object_label(input.object)),
        path: site.path.to_string(),
    }
}
