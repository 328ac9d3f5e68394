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
//! the fields.
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
mod tree;

use std::cell::RefCell;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::{API_VERSION, Addon, Function};

pub use error::{Error, ErrorKind, Position, Warning, WriteError};

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

/// How to read.
///
/// ```
/// use function_core::yaml::Options;
///
/// assert!(Options::default().strict);
/// assert!(!Options::lenient().strict);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// An unknown field is an error (`true`, the default) or a [`Warning`] (`false`).
    pub strict: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options::strict()
    }
}

impl Options {
    /// Unknown fields are errors (the default).
    pub fn strict() -> Self {
        Options { strict: true }
    }

    /// Unknown fields are warnings, and are dropped.
    pub fn lenient() -> Self {
        Options { strict: false }
    }
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
    let nodes = parse_nodes(text, source_name)?;
    if nodes.is_empty() {
        return Err(Error::at(
            source_name,
            Position::START,
            ErrorKind::NoDocuments,
        ));
    }
    let ctx = Ctx {
        strict: options.strict,
        source_name,
        warnings: RefCell::new(Vec::new()),
    };
    let documents = nodes
        .iter()
        .enumerate()
        .map(|(index, node)| {
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

/// The documents of `text`: NUL bytes are refused (with their position), a BOM is skipped.
fn parse_nodes(text: &str, source_name: &str) -> Result<Vec<Node>, Error> {
    if let Some(offset) = text.find('\0') {
        return Err(Error::at(
            source_name,
            position_at(text, offset),
            ErrorKind::NulByte,
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    tree::parse_stream(text, source_name)
}

/// The bytes of the file at `path`, with an I/O error naming it.
fn read_file(path: &Path) -> Result<(String, Vec<u8>), Error> {
    let name = path.display().to_string();
    let bytes = fs::read(path).map_err(|e| Error::new(&name, None, None, ErrorKind::Io(e)))?;
    Ok((name, bytes))
}

/// Reads every object of the file at `path`, strictly. Errors name the file as `path` displays.
pub fn from_path(path: impl AsRef<Path>) -> Result<Vec<Document>, Error> {
    from_path_with_options(path, &Options::default()).map(|p| p.documents)
}

/// Reads every object of the file at `path` with `options`.
pub fn from_path_with_options(path: impl AsRef<Path>, options: &Options) -> Result<Parsed, Error> {
    let (name, bytes) = read_file(path.as_ref())?;
    from_slice(&bytes, &name, options)
}

/// Reads every object of several files and directories, in order, stopping at the first
/// error. A directory stands for the `*.yaml` and `*.yml` files under it (recursively), in
/// sorted path order; see [`collect_files`].
pub fn from_paths<P: AsRef<Path>>(
    paths: impl IntoIterator<Item = P>,
    options: &Options,
) -> Result<Parsed, Error> {
    let mut all = Parsed::default();
    for file in collect_files(paths)? {
        let parsed = from_path_with_options(&file, options)?;
        all.documents.extend(parsed.documents);
        all.warnings.extend(parsed.warnings);
    }
    Ok(all)
}

/// The files that `paths` stand for: a file is itself (whatever its name); a directory is every
/// `*.yaml` and `*.yml` file under it, recursively, sorted by path. Order and duplicates of the
/// arguments are kept.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// for name in ["b.yaml", "a.yml", "notes.txt"] {
///     std::fs::write(dir.path().join(name), "").unwrap();
/// }
/// let files = function_core::yaml::collect_files([dir.path()]).unwrap();
/// let names: Vec<_> = files.iter().map(|f| f.file_name().unwrap().to_str().unwrap()).collect();
/// assert_eq!(names, ["a.yml", "b.yaml"]);
/// ```
pub fn collect_files<P: AsRef<Path>>(
    paths: impl IntoIterator<Item = P>,
) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let io_error = |e| Error::new(path.display().to_string(), None, None, ErrorKind::Io(e));
        if fs::metadata(path).map_err(io_error)?.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            found.sort();
            files.extend(found);
        } else {
            files.push(path.to_path_buf());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), Error> {
    let io_error = |e| Error::new(dir.display().to_string(), None, None, ErrorKind::Io(e));
    for entry in fs::read_dir(dir).map_err(io_error)? {
        let path = entry.map_err(io_error)?.path();
        if path.is_dir() {
            walk(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            found.push(path);
        }
    }
    Ok(())
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
    object.map_err(|e: DeError| Error::new(source, e.position.or(Some(node.pos)), e.path, e.kind))
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
    let nodes = parse_nodes(text, source_name)?;
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
        strict: true,
        source_name,
        warnings: RefCell::new(Vec::new()),
    };
    T::deserialize(NodeDe::root(node, &ctx)).map_err(|e: DeError| {
        Error::new(source_name, e.position.or(Some(node.pos)), e.path, e.kind)
    })
}

/// Reads the file at `path` as any deserialisable type ([`from_str_as`]).
pub fn from_path_as<T: serde::de::DeserializeOwned>(path: impl AsRef<Path>) -> Result<T, Error> {
    let (name, bytes) = read_file(path.as_ref())?;
    from_str_as(decode_text(&bytes, &name)?, &name)
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
