//! What cannot be imported: each problem is a [`Diagnostic`], naming the object, where its
//! document starts, and the field.

use function_core::lint::{Diagnostic, Diagnostics, ObjectRef};
use function_core::yaml::Position;

/// Where an object's document starts in what was read: the file (or the name given to the
/// reader) and the position. A problem found in the object is reported there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    pub file: String,
    pub position: Position,
}

/// Every problem found in one import (they are all collected before giving up, so that one run
/// shows them all), each a [`Diagnostic`] with no code: the object, its file and the position of
/// its document, the field (its [`path`](Diagnostic::path)) and the message. Displays one
/// problem per line; the project's one list of diagnostics ([`Diagnostics`]).
///
/// ```
/// use function_core::yaml::from_str;
///
/// let text = "apiVersion: addons.kubestash.com/v1alpha1\nkind: Addon\nmetadata:\n  name: pvc-addon\nspec:\n  backupTasks:\n  - name: b\n    function: pvc-backup\n";
/// let documents = from_str(text, "pvc.yaml").unwrap();
/// let err = function_codegen::generate(&documents, &Default::default()).unwrap_err();
/// assert_eq!(err[0].path, "spec.backupTasks[0].function");
/// assert!(err.to_string().starts_with(
///     "pvc.yaml:1:1: Addon/pvc-addon: spec.backupTasks[0].function: no Function named `pvc-backup`"
/// ));
/// ```
pub type ImportErrors = Diagnostics;

/// Collects the problems of one object.
pub(crate) struct Problems<'a> {
    pub object: &'a ObjectRef,
    pub origin: &'a Origin,
    pub errors: &'a mut Vec<Diagnostic>,
}

impl Problems<'_> {
    /// Records a problem with `field`.
    pub(crate) fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(
            Diagnostic::error(message)
                .with_object(self.object.clone())
                .with_path(field)
                .at(&self.origin.file, self.origin.position),
        );
    }
}
