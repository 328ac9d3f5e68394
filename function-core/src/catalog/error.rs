//! What a catalog check or write reports: the problems found, and the errors.

use std::fmt;
use std::path::PathBuf;

use crate::{fsio, yaml};

#[cfg(doc)]
use super::Catalog;

/// The object a [`Problem`] is about.
///
/// ```
/// use function_core::catalog::ObjectRef;
///
/// let o = ObjectRef { kind: "Addon", name: "pvc-addon".into() };
/// assert_eq!(o.to_string(), "Addon pvc-addon");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectRef {
    /// `Function` or `Addon`.
    pub kind: &'static str,
    /// The object's name.
    pub name: String,
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.name)
    }
}

/// One problem [`Catalog::check`] found: the object it is about (if any) and a message.
///
/// ```
/// use function_core::catalog::{ObjectRef, Problem};
///
/// let p = Problem {
///     object: Some(ObjectRef { kind: "Addon", name: "pvc-addon".into() }),
///     message: "task logical-backup: Function pvc-backup is not in the catalog".into(),
/// };
/// assert_eq!(p.to_string(), "Addon pvc-addon: task logical-backup: Function pvc-backup is not in the catalog");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Problem {
    /// The object the problem is in, when it is in one.
    pub object: Option<ObjectRef>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.object {
            Some(object) => write!(f, "{object}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

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
pub struct CheckErrors(pub(super) Vec<Problem>);

impl CheckErrors {
    /// The problems, in the order found.
    pub fn problems(&self) -> &[Problem] {
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
