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
//! The checks are the variants of [`Code`], whose docs list them in a table generated from
//! their one declaration; `docs/lints.md` has one section per code, with an example and the fix
//! (`function-core/tests/lint_docs.rs` fails when a code has no section or its table row
//! differs, or when a SARIF `helpUri` points at an anchor the page does not have).
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
//!     .map(|d| (d.code.unwrap(), d.line().unwrap(), d.column().unwrap()))
//!     .collect();
//! assert_eq!(found, [
//!     (Code::UnusedFunction, 4, 9),   // no task runs demo-backup (a note)
//!     (Code::TemplateSyntax, 9, 20),  // the `${` of the expression with no `}`
//!     (Code::UnknownFunction, 18, 15),
//! ]);
//! let unknown = &report.diagnostics()[2];
//! assert_eq!(unknown.object.as_ref().map(|o| o.to_string()).as_deref(), Some("Addon/demo-addon"));
//! assert_eq!(unknown.path, "spec.backupTasks[0].function");
//! assert_eq!(unknown.help.as_deref(), Some("did you mean `demo-backup`?"));
//! assert!(report.has_errors());
//! # Ok::<(), function_core::yaml::Error>(())
//! ```

mod checks;
mod codes;
mod diagnostic;
mod forward;
mod function;
mod render;
mod templates;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::yaml::{self, Document, FieldPath, Object, SourceMap, Warning};

pub use codes::{Code, Severity, UnknownCode};
pub use diagnostic::{Diagnostic, Diagnostics, ObjectRef};

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
/// assert_eq!(whole[0].code, Some(Code::UnknownFunction));
/// assert_eq!(whole[0].position, None);
/// ```
pub fn lint(inputs: &[Input<'_>], options: &Options) -> Vec<Diagnostic> {
    let mut found = checks::run(inputs, options);
    found.extend(forward::values(inputs));
    finish(found, options)
}

/// The diagnostics found (each with the index of its input), `allow`ed codes left out, ordered
/// by input, then position, without duplicates.
fn finish(mut found: Vec<(usize, Diagnostic)>, options: &Options) -> Vec<Diagnostic> {
    found.retain(|(_, d)| !d.code.is_some_and(|c| options.allow.contains(&c)));
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
    /// The reader's warnings (fields it dropped), with the index of their document.
    pruned: Vec<(usize, Warning)>,
}

impl Files {
    /// No files yet.
    pub fn new() -> Self {
        Files::default()
    }

    /// Reads every object of `text`, named `name` in messages; returns the reader's warnings
    /// (the unknown fields it dropped, when `options` is lenient or
    /// [`prune_unknown`](yaml::Options::prune_unknown)), which [`lint`](Self::lint) also
    /// reports (KSF0109).
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
        Ok(self.keep(parsed, maps))
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
        Ok(self.keep(parsed, maps))
    }

    /// Keeps the documents read and the reader's warnings (reported as KSF0109 by
    /// [`lint`](Self::lint)); returns the warnings.
    fn keep(&mut self, parsed: yaml::Parsed, maps: Vec<SourceMap>) -> Vec<Warning> {
        let base = self.documents.len();
        self.pruned.extend(
            parsed
                .warnings
                .iter()
                .filter_map(|w| Some((base + w.document()?, w.clone()))),
        );
        self.documents
            .extend(parsed.documents.into_iter().zip(maps));
        parsed.warnings
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

    /// Takes the documents out with where their nodes are (for
    /// [`Catalog::add_files`](crate::catalog::Catalog::add_files)).
    pub fn into_mapped(self) -> Vec<(Document, SourceMap)> {
        self.documents
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
        let inputs = self.inputs();
        let mut found = checks::run(&inputs, options);
        found.extend(forward::values(&inputs));
        found.extend(forward::fields(&self.documents, &self.pruned));
        Report {
            diagnostics: finish(found, options),
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
        code: Some(code),
        severity: code.severity(),
        message,
        help,
        file: input.file.map(str::to_owned),
        position: location.as_ref().map(|l| l.position),
        exact: location.as_ref().is_some_and(|l| l.exact),
        span: location.map(|l| l.span),
        object: Some(ObjectRef::of(input.object)),
        path: site.path.to_string(),
    }
}
