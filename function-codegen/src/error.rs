//! What cannot be imported: each problem names the object (kind, name, where it was read) and
//! the field.

use std::fmt;

use function_core::yaml::Position;

/// An object as read: its kind, its name, and where its document starts.
///
/// ```
/// use function_codegen::ObjectRef;
/// use function_core::yaml::Position;
///
/// let o = ObjectRef::new("Function", "pvc-backup", "pvc.yaml", Position { line: 3, column: 1 });
/// assert_eq!(o.to_string(), "pvc.yaml:3:1: Function pvc-backup");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectRef {
    /// `Function` or `Addon`.
    pub kind: &'static str,
    /// `metadata.name`.
    pub name: String,
    /// The file (or the name given to the reader).
    pub source_name: String,
    /// Where the object's document starts.
    pub position: Position,
}

impl ObjectRef {
    /// An object reference.
    pub fn new(
        kind: &'static str,
        name: impl Into<String>,
        source_name: impl Into<String>,
        position: Position,
    ) -> Self {
        ObjectRef {
            kind,
            name: name.into(),
            source_name: source_name.into(),
            position,
        }
    }
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {} {}",
            self.source_name, self.position.line, self.position.column, self.kind, self.name
        )
    }
}

/// One thing the generated Rust could not express: the object, the field (a path such as
/// `spec.backupTasks[1].function` or `metadata.labels`) and why.
///
/// ```
/// use function_codegen::{ImportError, ObjectRef};
/// use function_core::yaml::Position;
///
/// let e = ImportError::new(
///     ObjectRef::new("Addon", "pvc-addon", "pvc.yaml", Position { line: 1, column: 1 }),
///     "spec.backupTasks[0].function",
///     "no Function named `pvc-backup` among the objects imported",
/// );
/// assert_eq!(
///     e.to_string(),
///     "pvc.yaml:1:1: Addon pvc-addon: spec.backupTasks[0].function: \
///      no Function named `pvc-backup` among the objects imported"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{object}: {field}: {message}")]
pub struct ImportError {
    /// The object.
    pub object: ObjectRef,
    /// The field, as a path from the object's root.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl ImportError {
    /// A problem with `field` of `object`.
    pub fn new(object: ObjectRef, field: impl Into<String>, message: impl Into<String>) -> Self {
        ImportError {
            object,
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Every problem found in one import (they are all collected before giving up, so that one run
/// shows them all). Displays one problem per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportErrors(pub Vec<ImportError>);

impl ImportErrors {
    /// The problems, in input order.
    pub fn errors(&self) -> &[ImportError] {
        &self.0
    }
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

/// Collects the problems of one object.
pub(crate) struct Problems<'a> {
    pub object: &'a ObjectRef,
    pub errors: &'a mut Vec<ImportError>,
}

impl Problems<'_> {
    /// Records a problem with `field`.
    pub(crate) fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors
            .push(ImportError::new(self.object.clone(), field, message));
    }
}
