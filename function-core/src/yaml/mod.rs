//! YAML in and out for the KubeStash API types: [`Function`] and [`Addon`] objects read from
//! files or strings with precise errors, and written back as canonical YAML.
//!
//! # Reading
//!
//! A source holds one or many `---`-separated documents, each a `Function` or an `Addon`
//! (dispatched on `apiVersion` and `kind`). Empty documents (nothing, or only comments, between
//! two `---`) are skipped; a source with no document at all is an error
//! ([`ErrorKind::NoDocuments`]), since a manifest file that declares nothing is almost always a
//! mistake.
//!
//! Reading is strict by default: a field that the types do not have is an error naming its
//! path, including inside the embedded Kubernetes types (whose own deserializers silently
//! ignore unknown fields). [`Options::lenient`] turns those errors into [`Warning`]s and drops
//! the fields. A field that the CRDs' schemas require and that is absent or `null` is an error
//! too ([`ErrorKind::MissingField`], a warning in lenient mode), inside the embedded Kubernetes
//! types as well, whose own deserializers default it: the API server rejects such an object.
//! the fields. [`Options::forward`] (how `kubestash-fn` reads) does so only for a field that is
//! not a near miss of a known one, as an API server prunes the fields of a later upstream
//! version; a near miss (`imag` for `image`) stays an error.
//!
//! Values are read as the operator reads them (YAML to JSON, then Go's `encoding/json`): a
//! field set to `null` counts as absent, and scalars keep their YAML type, so `default: 300`
//! is an error (a number where a string belongs) while `default: "300"` is the string.
//!
//! Every [`Error`] has the source name, a 1-based line and column, the path of the offending
//! field when there is one (`spec.backupTasks[1].driver`) and a message; it displays as
//! `FILE:LINE:COL: PATH: message`. Nothing panics on malformed input: syntax errors, tabs used
//! as indentation, duplicate keys, binary files, scalar or list documents and empty files each
//! give one error.
//!
//! ```
//! use function_core::yaml::{self, Object};
//!
//! let text = "\
//! apiVersion: addons.kubestash.com/v1alpha1
//! kind: Function
//! metadata:
//!   name: pvc-backup
//! spec:
//!   image: ghcr.io/kubestash/pvc:v0.28.0
//!   args:
//!   - backup
//!   - --namespace=${namespace:=default}
//! ---
//! apiVersion: addons.kubestash.com/v1alpha1
//! kind: Addon
//! metadata:
//!   name: pvc-addon
//! spec:
//!   backupTasks:
//!   - name: logical-backup
//!     function: pvc-backup
//!     driver: Restic
//! ";
//! let docs = yaml::from_str(text, "pvc.yaml").unwrap();
//! assert_eq!(docs.len(), 2);
//! assert_eq!(docs[1].object.kind(), "Addon");
//! assert_eq!(docs[1].object.name(), "pvc-addon");
//! assert_eq!(docs[1].position.line, 11);
//! assert!(matches!(&docs[0].object, Object::Function(f) if f.spec.args.len() == 2));
//! ```
//!
//! # Bounds
//!
//! One source (a file, standard input, a string) is read within the bounds of [`Options`]: at
//! most [`Options::max_documents`] documents (100,000 by default) and [`Options::max_bytes`]
//! bytes (64 MiB), which also bound its text once aliases are expanded and its number of nodes;
//! nesting is bounded at [`MAX_DEPTH`] levels. A stream of ten thousand objects, or one object
//! of 3 MiB (the largest the Kubernetes API server accepts), is well within them. Past a bound
//! the error ([`ErrorKind::TooLarge`]) names it and how to raise it:
//!
//! ```
//! use function_core::yaml::{self, Bound, ErrorKind, Options};
//!
//! let one = "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: f\n";
//! let three = [one, one, one].join("---\n");
//! let options = Options::default().with_max_documents(2);
//! let err = yaml::from_str_with_options(&three, "three.yaml", &options).unwrap_err();
//! assert!(matches!(err.kind(), ErrorKind::TooLarge { bound: Bound::Documents, limit: 2 }));
//! assert_eq!(
//!     err.to_string(),
//!     "three.yaml:10:1: more than 2 documents, the bound on one file: \
//!      raise it with --max-documents N (yaml::Options::max_documents)"
//! );
//! ```
//!
//! # Writing
//!
//! [`to_string`] and [`to_string_all`] write canonical YAML: deterministic, fields in the order
//! of the types (`apiVersion`, `kind`, `metadata`, `spec`, then the Go field order of the
//! KubeStash types; the embedded Kubernetes types keep k8s-openapi's order, which is
//! alphabetical), Go's `omitempty` applied (`required: false`, `default: ""`,
//! `singleton: false` and empty lists are not written; an empty struct such as `emptyDir: {}`
//! is), 2-space indentation, list items (`- `) at the indentation of their parent key as in
//! upstream's manifests, strings quoted (with `"`) only when YAML would otherwise read another
//! value or type (`"true"`, `"300"`, `""`, `"null"`, `"~"`, `"{a}"`, `"#x"`, `"- x"`, ...),
//! strings with line breaks as literal blocks (`|`), and documents separated by `---`.
//! Comments are not kept.
//!
//! ```
//! use function_core::api::{Function, FunctionSpec};
//! use function_core::yaml::{self, Object};
//!
//! let f = Function::new("vault-backup", FunctionSpec {
//!     image: "ghcr.io/kubestash/vault:v0.3.0".into(),
//!     args: vec!["backup".into(), "--wait-timeout=${waitTimeout:=300}".into()],
//!     ..FunctionSpec::default()
//! });
//! let text = yaml::to_string(&Object::from(f)).unwrap();
//! assert_eq!(text, "\
//! apiVersion: addons.kubestash.com/v1alpha1
//! kind: Function
//! metadata:
//!   name: vault-backup
//! spec:
//!   image: ghcr.io/kubestash/vault:v0.3.0
//!   args:
//!   - backup
//!   - --wait-timeout=${waitTimeout:=300}
//! ");
//! ```

mod de;
mod error;
mod map;
mod options;
mod path;
mod required;
mod source;
mod tree;

use std::cell::RefCell;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::api::{API_VERSION, Addon, Function};

#[cfg(feature = "lint")]
pub(crate) use error::closest as closest_name;
pub use error::{Error, ErrorKind, Position, Warning, WriteError};
pub use map::{Location, SourceMap};
pub use options::{
    BYTES_PER_NODE, Bound, DEFAULT_MAX_BYTES, DEFAULT_MAX_DOCUMENTS, MAX_DEPTH, Options,
};
pub use path::{FieldPath, Segment};
pub use source::{collect_files, collect_manifests, read_bounded, read_source};

use de::{Ctx, DeError, NodeDe};
use tree::{Node, Value};

/// A KubeStash object: a [`Function`] or an [`Addon`].
///
/// Serializes as the object itself (no tag), so it can be written as YAML or JSON directly.
///
/// ```
/// use function_core::api::{Addon, AddonSpec};
/// use function_core::yaml::Object;
///
/// let o = Object::from(Addon::new("pvc-addon", AddonSpec::default()));
/// assert_eq!((o.kind(), o.name()), ("Addon", "pvc-addon"));
/// assert!(o.as_addon().is_some() && o.as_function().is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[expect(
    clippy::large_enum_variant,
    reason = "objects are few and read once; boxing would only make matching clumsier"
)]
pub enum Object {
    /// A `Function`.
    Function(Function),
    /// An `Addon`.
    Addon(Addon),
}

impl Object {
    /// The object's kind: `Function` or `Addon`.
    pub fn kind(&self) -> &'static str {
        match self {
            Object::Function(_) => "Function",
            Object::Addon(_) => "Addon",
        }
    }

    /// The object's `apiVersion`: always `addons.kubestash.com/v1alpha1`.
    pub fn api_version(&self) -> &'static str {
        API_VERSION
    }

    /// The object's name (`metadata.name`), empty when it has none.
    pub fn name(&self) -> &str {
        let meta = match self {
            Object::Function(f) => &f.metadata,
            Object::Addon(a) => &a.metadata,
        };
        meta.name.as_deref().unwrap_or_default()
    }

    /// The `Function`, if it is one.
    pub fn as_function(&self) -> Option<&Function> {
        match self {
            Object::Function(f) => Some(f),
            Object::Addon(_) => None,
        }
    }

    /// The `Addon`, if it is one.
    pub fn as_addon(&self) -> Option<&Addon> {
        match self {
            Object::Addon(a) => Some(a),
            Object::Function(_) => None,
        }
    }
}

impl From<Function> for Object {
    fn from(f: Function) -> Self {
        Object::Function(f)
    }
}

impl From<Addon> for Object {
    fn from(a: Addon) -> Self {
        Object::Addon(a)
    }
}

/// An object read from a source, with where it was found.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The object.
    pub object: Object,
    /// The name of the source: the file's path as given, or the name passed to [`from_str`].
    pub source_name: String,
    /// The index of the document among the source's non-empty documents, from 0.
    pub index: usize,
    /// Where the document's content starts (its first key).
    pub position: Position,
}

/// What a read gives: the objects, and the warnings (only in lenient mode).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// The objects, in source order (and, for several sources, in the order given).
    pub documents: Vec<Document>,
    /// The problems that did not stop reading.
    pub warnings: Vec<Warning>,
}

impl Parsed {
    /// The objects without their locations.
    pub fn objects(&self) -> impl Iterator<Item = &Object> {
        self.documents.iter().map(|d| &d.object)
    }
}

/// Reads every object of `text`, strictly. `source_name` names the text in errors (a file
/// name, `<stdin>`, ...).
///
/// ```
/// let err = function_core::yaml::from_str("", "empty.yaml").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "empty.yaml:1:1: no Function or Addon found (the input holds no YAML document)"
/// );
/// ```
pub fn from_str(text: &str, source_name: &str) -> Result<Vec<Document>, Error> {
    from_str_with_options(text, source_name, &Options::default()).map(|p| p.documents)
}

/// Reads every object of `text` with `options`.
pub fn from_str_with_options(
    text: &str,
    source_name: &str,
    options: &Options,
) -> Result<Parsed, Error> {
    let nodes = parse_nodes(text, source_name, options)?;
    read_nodes(&nodes, source_name, options)
}

/// The objects of parsed documents.
fn read_nodes(nodes: &[Node], source_name: &str, options: &Options) -> Result<Parsed, Error> {
    if nodes.is_empty() {
        return Err(Error::at(
            source_name,
            Position::START,
            ErrorKind::NoDocuments,
        ));
    }
    let ctx = Ctx {
        strict: options.strict,
        prune: options.prune_unknown,
        document: std::cell::Cell::new(None),
        source_name,
        warnings: RefCell::new(Vec::new()),
    };
    let documents = nodes
        .iter()
        .enumerate()
        .map(|(index, node)| {
            ctx.document.set(Some(index));
            Ok(Document {
                object: read_object(node, &ctx)?,
                source_name: source_name.to_owned(),
                index,
                position: node.pos,
            })
        })
        .collect::<Result<_, Error>>()?;
    Ok(Parsed {
        documents,
        warnings: ctx.warnings.into_inner(),
    })
}

/// The [`SourceMap`] of every document of `text`, in the order of the objects that
/// [`from_str_with_options`] reads from it: where each node is, for messages about a field (or
/// a place inside a string) of an object read from that text.
///
/// ```
/// use function_core::yaml::{self, FieldPath, Options, Position};
///
/// let text = "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: f\n";
/// let maps = yaml::map_str(text, "f.yaml", &Options::default()).unwrap();
/// let name = maps[0].locate(&FieldPath::root().key("metadata").key("name")).unwrap();
/// assert_eq!(name.position, Position::new(4, 9));
/// ```
pub fn map_str(text: &str, source_name: &str, options: &Options) -> Result<Vec<SourceMap>, Error> {
    let nodes = parse_nodes(text, source_name, options)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(SourceMap::new_set(text, nodes))
}

/// Reads every object of `text` with the [`SourceMap`] of its document, parsing the text once.
///
/// ```
/// use function_core::yaml::{self, Options};
///
/// let text = "apiVersion: addons.kubestash.com/v1alpha1\nkind: Addon\nmetadata:\n  name: a\nspec: {}\n";
/// let (parsed, maps) = yaml::from_str_mapped(text, "a.yaml", &Options::default()).unwrap();
/// assert_eq!((parsed.documents.len(), maps.len()), (1, 1));
/// ```
pub fn from_str_mapped(
    text: &str,
    source_name: &str,
    options: &Options,
) -> Result<(Parsed, Vec<SourceMap>), Error> {
    let nodes = parse_nodes(text, source_name, options)?;
    let parsed = read_nodes(&nodes, source_name, options)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok((parsed, SourceMap::new_set(text, nodes)))
}

/// [`from_str_mapped`] over bytes, which must be UTF-8 text.
pub fn from_slice_mapped(
    bytes: &[u8],
    source_name: &str,
    options: &Options,
) -> Result<(Parsed, Vec<SourceMap>), Error> {
    from_str_mapped(decode_text(bytes, source_name)?, source_name, options)
}

/// Reads every object of `bytes`, which must be UTF-8 text.
///
/// ```
/// use function_core::yaml::{self, ErrorKind, Options};
///
/// let err = yaml::from_slice(b"kind: \xff\xfe", "blob.bin", &Options::default()).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::InvalidUtf8));
/// assert_eq!((err.line(), err.column()), (Some(1), Some(7)));
/// ```
pub fn from_slice(bytes: &[u8], source_name: &str, options: &Options) -> Result<Parsed, Error> {
    from_str_with_options(decode_text(bytes, source_name)?, source_name, options)
}

/// `bytes` as UTF-8 text, or an error at the first invalid byte.
fn decode_text<'a>(bytes: &'a [u8], source_name: &str) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        // The prefix is valid UTF-8 by construction.
        let prefix = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        Error::at(
            source_name,
            position_at(prefix, prefix.len()),
            ErrorKind::InvalidUtf8,
        )
    })
}

/// The documents of `text` within the bounds of `options`: NUL bytes are refused (with their
/// position), a BOM is skipped.
fn parse_nodes(text: &str, source_name: &str, options: &Options) -> Result<Vec<Node>, Error> {
    source::check_size(text.len(), source_name, options)?;
    if let Some(offset) = text.find('\0') {
        return Err(Error::at(
            source_name,
            position_at(text, offset),
            ErrorKind::NulByte,
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    tree::parse_stream(text, source_name, options)
}

/// Reads every object of the file at `path`, strictly. Errors name the file as `path` displays.
pub fn from_path(path: impl AsRef<Path>) -> Result<Vec<Document>, Error> {
    from_path_with_options(path, &Options::default()).map(|p| p.documents)
}

/// Reads every object of the file at `path` with `options`.
pub fn from_path_with_options(path: impl AsRef<Path>, options: &Options) -> Result<Parsed, Error> {
    let path = path.as_ref();
    let bytes = read_source(path, options)?;
    from_slice(&bytes, &path.display().to_string(), options)
}

/// Reads every object of several files and directories, in order, stopping at the first
/// error. A directory stands for the `*.yaml` and `*.yml` files under it (recursively), in
/// sorted path order, and a Helm chart's directory is refused; see [`collect_manifests`].
pub fn from_paths<P: AsRef<Path>>(
    paths: impl IntoIterator<Item = P>,
    options: &Options,
) -> Result<Parsed, Error> {
    let mut all = Parsed::default();
    for file in collect_manifests(paths)? {
        let parsed = from_path_with_options(&file, options)?;
        all.documents.extend(parsed.documents);
        all.warnings.extend(parsed.warnings);
    }
    Ok(all)
}

/// The position of byte `offset` of `text` (which must be a char boundary).
fn position_at(text: &str, offset: usize) -> Position {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    Position::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Checks `apiVersion` and `kind` of a document's root and reads the object.
fn read_object(node: &Node, ctx: &Ctx<'_>) -> Result<Object, Error> {
    let source = ctx.source_name;
    if !matches!(node.value, Value::Map(_)) {
        return Err(Error::at(
            source,
            node.pos,
            ErrorKind::NotAMapping(node.value.describe()),
        ));
    }
    let type_field = |name: &'static str| -> Result<(&str, Position), Error> {
        let entry = node
            .value
            .get(name)
            .ok_or_else(|| Error::at(source, node.pos, ErrorKind::MissingTypeField(name)))?;
        match &entry.value.value {
            Value::Str(s) => Ok((s, entry.value.pos)),
            other => Err(Error::new(
                source,
                Some(entry.value.pos),
                Some(name.into()),
                ErrorKind::Invalid(format!(
                    "invalid type: expected a string, found {}",
                    other.describe()
                )),
            )),
        }
    };
    let (kind, kind_pos) = type_field("kind")?;
    if kind != "Function" && kind != "Addon" {
        return Err(Error::new(
            source,
            Some(kind_pos),
            Some("kind".into()),
            ErrorKind::UnknownKind(kind.into()),
        ));
    }
    let (api_version, api_pos) = type_field("apiVersion")?;
    if api_version != API_VERSION {
        return Err(Error::new(
            source,
            Some(api_pos),
            Some("apiVersion".into()),
            ErrorKind::WrongApiVersion {
                kind: kind.into(),
                found: api_version.into(),
            },
        ));
    }
    let de = NodeDe::root(node, ctx);
    let object = if kind == "Function" {
        Function::deserialize(de).map(Object::Function)
    } else {
        Addon::deserialize(de).map(Object::Addon)
    };
    let object = object
        .map_err(|e: DeError| Error::new(source, e.position.or(Some(node.pos)), e.path, e.kind))?;
    required::check(node, kind, ctx)?;
    Ok(object)
}

/// Reads the single document of `text` as any deserialisable type (runtime settings, params
/// files, ...), strictly and with the same positioned errors as objects.
///
/// An empty source or one with several documents is an error.
///
/// ```
/// use function_core::api::ContainerRuntimeSettings;
/// use function_core::yaml;
///
/// let rs: ContainerRuntimeSettings = yaml::from_str_as("nice:\n  adjustment: 5\n", "rs.yaml").unwrap();
/// assert_eq!(rs.nice.unwrap().adjustment, Some(5));
/// let err = yaml::from_str_as::<ContainerRuntimeSettings>("nice:\n  adjustmnt: 5\n", "rs.yaml").unwrap_err();
/// assert_eq!((err.line(), err.column()), (Some(2), Some(3)));
/// ```
pub fn from_str_as<T: serde::de::DeserializeOwned>(
    text: &str,
    source_name: &str,
) -> Result<T, Error> {
    from_str_as_with_options(text, source_name, &Options::default())
}

/// Reads the single document of `text` as any deserialisable type with `options` (its bounds,
/// and whether an unknown field is an error or, dropped, a warning that is not kept).
pub fn from_str_as_with_options<T: serde::de::DeserializeOwned>(
    text: &str,
    source_name: &str,
    options: &Options,
) -> Result<T, Error> {
    let nodes = parse_nodes(text, source_name, options)?;
    let node = match nodes.as_slice() {
        [node] => node,
        [] => {
            return Err(Error::at(
                source_name,
                Position::START,
                ErrorKind::Invalid("expected one YAML document, found none".into()),
            ));
        }
        [_, second, ..] => {
            return Err(Error::at(
                source_name,
                second.pos,
                ErrorKind::Invalid("expected one YAML document, found several".into()),
            ));
        }
    };
    let ctx = Ctx {
        strict: options.strict,
        // Runtime settings and parameter files are not objects a later upstream publishes.
        prune: false,
        document: std::cell::Cell::new(None),
        source_name,
        warnings: RefCell::new(Vec::new()),
    };
    T::deserialize(NodeDe::root(node, &ctx)).map_err(|e: DeError| {
        Error::new(source_name, e.position.or(Some(node.pos)), e.path, e.kind)
    })
}

/// Reads the file at `path` as any deserialisable type ([`from_str_as`]).
pub fn from_path_as<T: serde::de::DeserializeOwned>(path: impl AsRef<Path>) -> Result<T, Error> {
    from_path_as_with_options(path, &Options::default())
}

/// Reads the file at `path` as any deserialisable type with `options`
/// ([`from_str_as_with_options`]).
pub fn from_path_as_with_options<T: serde::de::DeserializeOwned>(
    path: impl AsRef<Path>,
    options: &Options,
) -> Result<T, Error> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let bytes = read_source(path, options)?;
    from_str_as_with_options(decode_text(&bytes, &name)?, &name, options)
}

/// Writes one object as canonical YAML (see the [module docs](self#writing)).
pub fn to_string(object: &Object) -> Result<String, WriteError> {
    to_string_value(object)
}

/// Writes any serialisable value in the canonical style (2-space indentation, list items at
/// their parent's indentation, quoting only where needed, literal blocks for multi-line text).
///
/// ```
/// let text = function_core::yaml::to_string_value(&serde_json::json!({"args": ["a", "true"]})).unwrap();
/// assert_eq!(text, "args:\n- a\n- \"true\"\n");
/// ```
pub fn to_string_value<T: Serialize>(value: &T) -> Result<String, WriteError> {
    let options = serde_saphyr::ser_options! {
        indent_step: 2,
        compact_list_indent: true,
        // Multi-line strings become literal blocks; long lines are never folded.
        prefer_block_scalars: true,
        folded_wrap_chars: usize::MAX,
    };
    Ok(serde_saphyr::to_string_with_options(value, options)?)
}

/// Writes objects as canonical YAML documents separated by `---` (nothing for no objects).
///
/// ```
/// use function_core::api::{Function, FunctionSpec};
/// use function_core::yaml::{self, Object};
///
/// let objects = [
///     Object::from(Function::new("a", FunctionSpec::default())),
///     Object::from(Function::new("b", FunctionSpec::default())),
/// ];
/// let text = yaml::to_string_all(&objects).unwrap();
/// assert_eq!(text.matches("\n---\n").count(), 1);
/// assert_eq!(yaml::from_str(&text, "out.yaml").unwrap().len(), 2);
/// ```
pub fn to_string_all<'a>(
    objects: impl IntoIterator<Item = &'a Object>,
) -> Result<String, WriteError> {
    let mut out = String::new();
    for (i, object) in objects.into_iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&to_string(object)?);
    }
    Ok(out)
}
