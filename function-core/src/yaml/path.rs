//! Field paths: `spec.backupTasks[0].function`, the way errors and diagnostics name a node.

use std::fmt;

/// One step of a [`FieldPath`]: a mapping key or a list index.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// The value under a mapping key.
    Key(String),
    /// The item at an index of a list, from 0.
    Index(usize),
}

/// The path of a node from its document's root, as errors and diagnostics write it:
/// `spec.backupTasks[0].function`; a key that is not a plain identifier (ASCII letters, digits,
/// `_`, `-`) is written quoted in brackets: `metadata.labels["app.kubernetes.io/name"]`.
///
/// ```
/// use function_core::yaml::FieldPath;
///
/// let path = FieldPath::root().key("spec").key("backupTasks").index(0).key("function");
/// assert_eq!(path.to_string(), "spec.backupTasks[0].function");
/// let label = FieldPath::root().key("metadata").key("labels").key("app.kubernetes.io/name");
/// assert_eq!(label.to_string(), r#"metadata.labels["app.kubernetes.io/name"]"#);
/// assert_eq!(FieldPath::root().to_string(), "");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath(Vec<Segment>);

impl FieldPath {
    /// The document's root (written as the empty text).
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    /// This path followed by the key `key`.
    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.0.push(Segment::Key(key.into()));
        self
    }

    /// This path followed by the list index `index`.
    #[must_use]
    pub fn index(mut self, index: usize) -> Self {
        self.0.push(Segment::Index(index));
        self
    }

    /// The segments, from the root.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// Whether this is the root.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The path without its last segment (the root stays the root).
    ///
    /// ```
    /// use function_core::yaml::FieldPath;
    ///
    /// let p = FieldPath::root().key("spec").key("image");
    /// assert_eq!(p.parent().to_string(), "spec");
    /// ```
    #[must_use]
    pub fn parent(&self) -> Self {
        let mut segments = self.0.clone();
        segments.pop();
        FieldPath(segments)
    }
}

/// Writes one segment after `first` (whether it is the first of the path).
pub(crate) fn write_key(f: &mut fmt::Formatter<'_>, first: bool, key: &str) -> fmt::Result {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !plain {
        write!(f, "[{}]", super::tree::quote(key))
    } else if first {
        f.write_str(key)
    } else {
        write!(f, ".{key}")
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) => write_key(f, i == 0, key)?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}
