//! What a catalog check or write reports: the problems found, and the errors.

use std::fmt;
use std::path::PathBuf;

use crate::lint::Diagnostic;
use crate::{fsio, yaml};

#[cfg(doc)]
use super::Catalog;

/// Every problem [`Catalog::check`] found (at least one), one per line when displayed.
///
/// ```
/// use function_core::catalog::Catalog;
///
/// let errors = Catalog::new("Bad_Name", "v1").check().unwrap_err();
/// assert_eq!(errors.problems().len(), 2);
/// assert!(errors.to_string().contains("\n"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckErrors(pub(super) Vec<Diagnostic>);

impl CheckErrors {
    /// The problems, in the order found: the lint's errors as the lint reports them, and the
    /// catalog's own (with no code).
    pub fn problems(&self) -> &[Diagnostic] {
        &self.0
    }
}

impl fmt::Display for CheckErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CheckErrors {}

/// What can go wrong when rendering or writing a catalog.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The catalog did not pass [`Catalog::check`].
    #[error("{0}")]
    Check(#[from] CheckErrors),
    /// An object could not be written as YAML.
    #[error("cannot write YAML: {0}")]
    Yaml(#[from] yaml::WriteError),
    /// A file or directory could not be written.
    #[error(transparent)]
    Write(#[from] fsio::Error),
    /// The output directory exists, is not empty, and is not a chart written by kubestash-fn.
    #[error(
        "{}: refusing to write there: the directory is not empty and holds no Chart.yaml written by kubestash-fn",
        dir.display()
    )]
    NotGenerated {
        /// The directory.
        dir: PathBuf,
    },
}
