//! How to read: strictness, and the bounds on one source.
//!
//! The bounds keep a hostile or mistaken input (a multi-gigabyte file, an alias bomb, a
//! document-separator storm) from exhausting memory, while fitting real inputs: `helm template`
//! of a large catalog, an exported cluster of ten thousand objects, one object as large as the
//! Kubernetes API server accepts (3 MiB). Two of them can be raised, and each error past them
//! says how; the others are fixed.

use std::fmt;

/// How to read.
///
/// ```
/// use function_core::yaml::Options;
///
/// assert!(Options::default().strict);
/// assert!(!Options::lenient().strict);
/// assert!(Options::forward().strict && Options::forward().prune_unknown);
///
/// // The bounds fit real inputs and can be raised.
/// let options = Options::strict().with_max_documents(200_000).with_max_bytes(256 << 20);
/// assert_eq!((options.max_documents, options.max_bytes), (200_000, 256 << 20));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// An unknown field is an error (`true`, the default) or a [`Warning`](super::Warning)
    /// (`false`).
    pub strict: bool,
    /// With [`strict`](Self::strict), an unknown field of a Function or an Addon that is not a
    /// near miss of a field of its mapping (`timeout` among `name`, `function`, ...; a near
    /// miss such as `imag` for `image` stays an error) is dropped with a
    /// [`Warning`](super::Warning), as the API server prunes the fields its structural schema
    /// does not list: a field of a later upstream version is not refused. Only objects are
    /// read this way; [`from_str_as`](super::from_str_as) (runtime settings, parameter files)
    /// keeps refusing every unknown field. `false` by default; [`Options::forward`] sets it.
    pub prune_unknown: bool,
    /// The most documents one source may hold, empty ones included ([`Bound::Documents`]).
    pub max_documents: usize,
    /// The largest source, in bytes ([`Bound::Bytes`]). It also bounds the text of a source
    /// once its aliases are expanded, and its number of YAML nodes (one per
    /// [`BYTES_PER_NODE`] bytes, [`Bound::Nodes`]).
    pub max_bytes: usize,
}

/// The default of [`Options::max_documents`]: ten times the 10,000 objects of a large export.
pub const DEFAULT_MAX_DOCUMENTS: usize = 100_000;

/// The default of [`Options::max_bytes`]: 64 MiB, twenty times the largest object the
/// Kubernetes API server accepts (3 MiB).
pub const DEFAULT_MAX_BYTES: usize = 64 << 20;

/// Bytes of the byte bound per YAML node allowed: `max_bytes / BYTES_PER_NODE` nodes (lists,
/// mappings, keys and scalars) may be read from one source. Real manifests have one node per 12
/// bytes or more; the bound stops inputs built to exhaust memory (the densest YAML, `[a,a,...]`,
/// has one per 2 bytes), and still lets any object of 3 MiB through at the default byte bound.
pub const BYTES_PER_NODE: usize = 8;

/// The deepest nesting of lists and mappings accepted (a fixed bound: it bounds the parser's
/// recursion, and manifests nest about 16 deep at most).
pub const MAX_DEPTH: usize = 32;

impl Default for Options {
    fn default() -> Self {
        Options::strict()
    }
}

impl Options {
    /// Unknown fields are errors (the default).
    pub fn strict() -> Self {
        Options {
            strict: true,
            prune_unknown: false,
            max_documents: DEFAULT_MAX_DOCUMENTS,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }

    /// Unknown fields are warnings, and are dropped.
    pub fn lenient() -> Self {
        Options {
            strict: false,
            ..Options::strict()
        }
    }

    /// Typos are errors, other unknown fields are warnings and are dropped (see
    /// [`Options::prune_unknown`]): how `kubestash-fn` reads objects.
    ///
    /// ```
    /// use function_core::yaml::{self, Options};
    ///
    /// let text = "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: f\nspec:\n  timeout: 5m\n";
    /// let parsed = yaml::from_str_with_options(text, "f.yaml", &Options::forward()).unwrap();
    /// assert_eq!(parsed.warnings[0].path(), "spec.timeout");
    /// let typo = text.replace("timeout: 5m", "imag: busybox");
    /// assert!(yaml::from_str_with_options(&typo, "f.yaml", &Options::forward()).is_err());
    /// ```
    pub fn forward() -> Self {
        Options {
            prune_unknown: true,
            ..Options::strict()
        }
    }

    /// These options with [`Options::max_documents`] set to `n`.
    pub fn with_max_documents(mut self, n: usize) -> Self {
        self.max_documents = n;
        self
    }

    /// These options with [`Options::max_bytes`] set to `n`.
    pub fn with_max_bytes(mut self, n: usize) -> Self {
        self.max_bytes = n;
        self
    }

    /// The most YAML nodes one source may hold.
    pub(crate) fn max_nodes(&self) -> usize {
        self.max_bytes / BYTES_PER_NODE
    }

    /// The parser's budget for these bounds.
    pub(crate) fn budget(&self) -> Option<serde_saphyr::Budget> {
        let max_nodes = self.max_nodes();
        serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_documents: self.max_documents,
            max_nodes: max_nodes,
            // Every node is one or two events, every document two more: this bound is never
            // the one reached first.
            max_events: max_nodes
                .saturating_mul(2)
                .saturating_add(self.max_documents.saturating_mul(2))
                .saturating_add(16),
            max_total_scalar_bytes: self.max_bytes,
        }
    }
}

/// A bound past which reading stops with [`ErrorKind::TooLarge`](super::ErrorKind::TooLarge).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Bound {
    /// The size of one source ([`Options::max_bytes`]).
    Bytes,
    /// The text of one source with its aliases expanded ([`Options::max_bytes`]).
    ExpandedText,
    /// The YAML nodes of one source (scaled with [`Options::max_bytes`]).
    Nodes,
    /// The documents of one source ([`Options::max_documents`]).
    Documents,
    /// The nesting of lists and mappings ([`MAX_DEPTH`], fixed).
    Depth,
    /// Aliases and anchors (fixed, against alias bombs).
    Aliases,
}

impl Bound {
    /// The command-line flag that raises the bound, if it can be raised.
    ///
    /// ```
    /// use function_core::yaml::Bound;
    ///
    /// assert_eq!(Bound::Documents.flag(), Some("--max-documents"));
    /// assert_eq!(Bound::Nodes.flag(), Some("--max-bytes"));
    /// assert_eq!(Bound::Depth.flag(), None);
    /// ```
    pub fn flag(self) -> Option<&'static str> {
        match self {
            Bound::Bytes | Bound::ExpandedText | Bound::Nodes => Some("--max-bytes"),
            Bound::Documents => Some("--max-documents"),
            Bound::Depth | Bound::Aliases => None,
        }
    }

    /// The [`Options`] field that raises the bound, if it can be raised.
    pub fn option(self) -> Option<&'static str> {
        match self {
            Bound::Bytes | Bound::ExpandedText | Bound::Nodes => Some("max_bytes"),
            Bound::Documents => Some("max_documents"),
            Bound::Depth | Bound::Aliases => None,
        }
    }

    /// The bound for a budget breach of the parser.
    pub(crate) fn of_breach(breach: &serde_saphyr::budget::BudgetBreach) -> Bound {
        use serde_saphyr::budget::BudgetBreach as B;
        match breach {
            B::Documents { .. } => Bound::Documents,
            B::Nodes { .. } | B::Events { .. } => Bound::Nodes,
            B::ScalarBytes { .. } | B::InputBytes { .. } => Bound::ExpandedText,
            B::Depth { .. } => Bound::Depth,
            _ => Bound::Aliases,
        }
    }

    /// The limit `options` set for this bound.
    pub(crate) fn limit(self, options: &Options) -> usize {
        match self {
            Bound::Bytes | Bound::ExpandedText => options.max_bytes,
            Bound::Nodes => options.max_nodes(),
            Bound::Documents => options.max_documents,
            Bound::Depth => MAX_DEPTH,
            Bound::Aliases => serde_saphyr::Budget::default().max_aliases,
        }
    }
}

/// The message of [`ErrorKind::TooLarge`](super::ErrorKind::TooLarge): what went past which
/// limit, and how to raise it.
pub(crate) struct TooLarge(pub(crate) Bound, pub(crate) usize);

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let TooLarge(bound, limit) = *self;
        too_large(f, bound, limit)
    }
}

fn too_large(f: &mut fmt::Formatter<'_>, bound: Bound, limit: usize) -> fmt::Result {
    match bound {
        Bound::Bytes => write!(f, "larger than {limit} bytes{},", size(limit))?,
        Bound::ExpandedText => write!(
            f,
            "more than {limit} bytes{} of text once aliases are expanded,",
            size(limit)
        )?,
        Bound::Nodes => write!(
            f,
            "more than {limit} YAML nodes (one per {BYTES_PER_NODE} bytes of the byte bound),"
        )?,
        Bound::Documents => write!(f, "more than {limit} documents,")?,
        Bound::Depth => write!(f, "nested more than {limit} levels deep,")?,
        Bound::Aliases => write!(f, "too many YAML aliases or anchors,")?,
    }
    match (bound.flag(), bound.option()) {
        (Some(flag), Some(option)) => write!(
            f,
            " the bound on one file: raise it with {flag} N (yaml::Options::{option})"
        ),
        _ if bound == Bound::Depth => {
            f.write_str(" a fixed bound (Function and Addon manifests nest about 16 levels)")
        }
        _ => f.write_str(" a fixed bound against alias bombs"),
    }
}

/// ` (64 MiB)`: `n` bytes in the largest binary unit that divides it, or nothing.
fn size(n: usize) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if n >= 1 << shift && n.is_multiple_of(1 << shift) {
            return format!(" ({} {unit})", n >> shift);
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_use_the_largest_exact_unit() {
        assert_eq!(size(64 << 20), " (64 MiB)");
        assert_eq!(size(3 << 10), " (3 KiB)");
        assert_eq!(size(1000), "");
        assert_eq!(size((1 << 20) + 1), "");
    }

    const FUNCTION: &str = "apiVersion: addons.kubestash.com/v1alpha1
kind: Function
metadata:
  name: f
spec:
  image: ghcr.io/kubestash/pvc:v0.28.0
  args:
";

    /// `n` Functions separated by `---`.
    fn stream(n: usize) -> String {
        vec![FUNCTION; n].join("---\n")
    }

    #[test]
    fn ten_thousand_objects_are_read() {
        let docs = crate::yaml::from_str(&stream(10_000), "big.yaml").expect("read");
        assert_eq!(docs.len(), 10_000);
        assert_eq!(docs[9_999].position.line, 9_999 * 8 + 1);
    }

    #[test]
    fn an_object_of_3_mib_is_read() {
        let target = 3 << 20;
        // Many arguments of a realistic size.
        let mut args = String::from(FUNCTION);
        for i in 0.. {
            let arg = format!("  - --arg-{i}=${{namespace:=default}}-{}\n", "x".repeat(30));
            if args.len() + arg.len() > target {
                break;
            }
            args.push_str(&arg);
        }
        // One long string.
        let long = format!(
            "{FUNCTION}  - \"{}\"\n",
            "y".repeat(target - FUNCTION.len() - 7)
        );
        for (name, text) in [("args", &args), ("long", &long)] {
            assert!(text.len() <= target && text.len() > target - 100, "{name}");
            let docs = crate::yaml::from_str(text, name).unwrap_or_else(|e| panic!("{e}"));
            let crate::yaml::Object::Function(f) = &docs[0].object else {
                panic!("a Function")
            };
            assert!(!f.spec.args.is_empty(), "{name}");
        }
        // The densest YAML (`[a,a,...]`, two bytes per node) of 3 MiB is within the default
        // node bound too (scripts/bench-bounds.sh reads it, in a release build).
        assert!(Options::default().max_nodes() > target / 2);
    }

    #[test]
    fn each_bound_is_named_with_how_to_raise_it() {
        use crate::yaml::{ErrorKind, from_str_with_options};
        let options = Options::default().with_max_documents(3);
        let err = from_str_with_options(&stream(4), "s.yaml", &options).unwrap_err();
        assert!(matches!(
            err.kind(),
            ErrorKind::TooLarge {
                bound: Bound::Documents,
                limit: 3
            }
        ));
        assert!(err.to_string().contains("raise it with --max-documents N"));
        assert!(from_str_with_options(&stream(3), "s.yaml", &options).is_ok());

        let text = stream(1);
        let options = Options::default().with_max_bytes(text.len() - 1);
        let err = from_str_with_options(&text, "s.yaml", &options).unwrap_err();
        assert!(matches!(
            err.kind(),
            ErrorKind::TooLarge {
                bound: Bound::Bytes,
                ..
            }
        ));
        assert_eq!(err.position(), None);
        assert!(err.to_string().contains("raise it with --max-bytes N"));

        // Nodes: a dense list within the byte bound, with more items than the node bound.
        let many = format!("{FUNCTION}  - [{}a]\n", "a,".repeat(1000));
        let options = Options::default().with_max_bytes(many.len());
        assert!(options.max_nodes() < 1000);
        let err = from_str_with_options(&many, "n.yaml", &options).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ErrorKind::TooLarge {
                    bound: Bound::Nodes,
                    ..
                }
            ),
            "{err}"
        );
        assert!(
            err.to_string().contains("raise it with --max-bytes N"),
            "{err}"
        );

        let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        let err = crate::yaml::from_str(&deep, "d.yaml").unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ErrorKind::TooLarge {
                    bound: Bound::Depth,
                    limit: MAX_DEPTH
                }
            ),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains("nested more than 32 levels deep, a fixed bound")
        );
    }

    #[test]
    fn nodes_scale_with_the_byte_bound() {
        let options = Options::strict();
        assert_eq!(options.max_nodes(), DEFAULT_MAX_BYTES / BYTES_PER_NODE);
        assert_eq!(options.with_max_bytes(1000).max_nodes(), 125);
    }
}
