//! What a catalog check or write reports: the problems found, and the errors.

use std::path::PathBuf;

use crate::{fsio, yaml};

#[cfg(doc)]
use super::Catalog;

/// Every problem [`Catalog::check`] found (at least one), in the order found: the lint's errors
/// as the lint reports them, and the catalog's own (with no code); one per line when displayed.
///
/// ```
/// use function_core::catalog::Catalog;
///
/// let errors = Catalog::new("Bad_Name", "v1").check().unwrap_err();
/// assert_eq!(errors.len(), 2);
/// assert!(errors.to_string().contains("\n"));
/// ```
pub type CheckErrors = crate::lint::Diagnostics;

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
