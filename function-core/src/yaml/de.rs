//! A serde `Deserializer` over the positioned tree of `tree.rs`.
//!
//! It keeps the path of the node being read (`spec.backupTasks[1].driver`) and the node's
//! position, so that every error raised by a type's `Deserialize` impl is reported at the node
//! it is about. It also sees every field a type ignores: serde-derived types and
//! k8s-openapi's hand-written impls both read an unknown key's value as
//! [`serde::de::IgnoredAny`], which calls [`Deserializer::deserialize_ignored_any`] here. Strict
//! mode turns that into an error, lenient mode into a warning.
//!
//! Values follow Go's `encoding/json` as the operator reads them: a `null` field is the same as
//! an absent one, and a scalar is not converted to another type (`default: 300` is a number,
//! not the string `"300"`; quote it).

use std::cell::RefCell;
use std::fmt::{self, Write as _};

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};

use super::error::{ErrorKind, Position, Warning};
use super::tree::{Entry, Node, Value};

/// What the deserializer shares across the tree: the mode and the warnings found.
pub(crate) struct Ctx<'s> {
    pub(crate) strict: bool,
    /// With `strict`: an unknown field that is not a near miss is a warning and is dropped.
    pub(crate) prune: bool,
    /// The index of the document being read, for the warnings.
    pub(crate) document: std::cell::Cell<Option<usize>>,
    pub(crate) source_name: &'s str,
    pub(crate) warnings: RefCell<Vec<Warning>>,
}

/// The path of a node from the document's root, as a chain of borrowed segments.
#[derive(Clone, Copy)]
pub(crate) enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    /// `spec.backupTasks[1].driver`; a key that is not a plain identifier is written
    /// `["app.kubernetes.io/name"]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
            Path::Key(parent, key) => {
                write!(f, "{parent}")?;
                super::path::write_key(f, matches!(parent, Path::Root), key)
            }
        }
    }
}

impl Path<'_> {
    /// The same path as an owned [`FieldPath`](super::FieldPath).
    fn to_field_path(self) -> super::FieldPath {
        match self {
            Path::Root => super::FieldPath::root(),
            Path::Key(parent, key) => parent.to_field_path().key(key),
            Path::Index(parent, i) => parent.to_field_path().index(i),
        }
    }
}

/// A deserialization error: what, and (once known) where.
#[derive(Debug)]
pub(crate) struct DeError {
    pub(crate) kind: ErrorKind,
    pub(crate) position: Option<Position>,
    pub(crate) path: Option<String>,
}

impl DeError {
    fn new(kind: ErrorKind) -> Self {
        DeError {
            kind,
            position: None,
            path: None,
        }
    }

    fn invalid(message: String) -> Self {
        DeError::new(ErrorKind::Invalid(message))
    }

    /// Gives the error the position and path of `node` unless an inner node already did.
    fn locate(mut self, position: Position, path: &Path<'_>) -> Self {
        if self.position.is_none() {
            self.position = Some(position);
            let path = path.to_string();
            self.path = (!path.is_empty()).then_some(path);
        }
        self
    }

    /// `invalid type: expected {expected}, found {found}`, with a hint when a scalar was
    /// written where a string belongs.
    fn wrong_type(found: &str, expected: &str, scalar: bool) -> Self {
        let mut message = format!("invalid type: expected {expected}, found {found}");
        if scalar && expected == "a string" {
            message.push_str(" (quote the value to make it a string)");
        }
        DeError::invalid(message)
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for DeError {}

/// How an [`Unexpected`] is named in messages.
fn describe_unexpected(u: &Unexpected<'_>) -> String {
    match u {
        Unexpected::Bool(b) => format!("boolean {b}"),
        Unexpected::Unsigned(n) => format!("integer {n}"),
        Unexpected::Signed(n) => format!("integer {n}"),
        Unexpected::Float(x) => format!("number {x}"),
        Unexpected::Char(c) => format!("character {c:?}"),
        Unexpected::Str(s) => format!("string {}", super::tree::quote(s)),
        Unexpected::Bytes(_) => "bytes".into(),
        Unexpected::Unit => "null".into(),
        Unexpected::Option => "an optional value".into(),
        Unexpected::NewtypeStruct => "a newtype struct".into(),
        Unexpected::Seq => "a list".into(),
        Unexpected::Map => "a mapping".into(),
        Unexpected::Enum => "an enum".into(),
        Unexpected::UnitVariant => "a unit variant".into(),
        Unexpected::NewtypeVariant => "a newtype variant".into(),
        Unexpected::TupleVariant => "a tuple variant".into(),
        Unexpected::StructVariant => "a struct variant".into(),
        Unexpected::Other(s) => (*s).into(),
    }
}

/// serde's names of the primitive types (`i32`, `a boolean`, ...) made readable.
fn describe_expected(expected: &dyn de::Expected) -> String {
    let text = expected.to_string();
    match text.as_str() {
        "i8" | "i16" | "i32" | "i64" | "i128" | "u8" | "u16" | "u32" | "u64" | "u128" => {
            format!("an integer ({text})")
        }
        "f32" | "f64" => format!("a number ({text})"),
        "a sequence" => "a list".into(),
        "a map" => "a mapping".into(),
        _ => text,
    }
}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::invalid(msg.to_string())
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        let scalar = matches!(
            unexp,
            Unexpected::Bool(_)
                | Unexpected::Unsigned(_)
                | Unexpected::Signed(_)
                | Unexpected::Float(_)
        );
        DeError::wrong_type(
            &describe_unexpected(&unexp),
            &describe_expected(exp),
            scalar,
        )
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        DeError::invalid(format!(
            "invalid value: expected {}, found {}",
            describe_expected(exp),
            describe_unexpected(&unexp)
        ))
    }

    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        DeError::invalid(format!(
            "invalid length {len}, expected {}",
            describe_expected(exp)
        ))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let mut message = format!("unknown variant {}", super::tree::quote(variant));
        if expected.is_empty() {
            message.push_str(", there are no variants");
        } else {
            let _ = write!(message, ", expected one of {}", expected.join(", "));
        }
        DeError::invalid(message)
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(ErrorKind::UnknownField {
            field: field.into(),
            expected: expected.to_vec(),
        })
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::invalid(format!("missing field \"{field}\""))
    }

    fn duplicate_field(field: &'static str) -> Self {
        DeError::invalid(format!("duplicate field \"{field}\""))
    }
}

/// The key of the entry a value belongs to, when the entry is a field of a struct.
#[derive(Clone, Copy)]
struct Field<'de> {
    key: &'de str,
    key_pos: Position,
    expected: &'static [&'static str],
}

/// Deserializes one node.
pub(crate) struct NodeDe<'de, 'a> {
    node: &'de Node,
    path: Path<'a>,
    ctx: &'a Ctx<'a>,
    /// Set when the node is the value of a struct field.
    field: Option<Field<'de>>,
    /// Keys of the node's mapping to pass over (`apiVersion` and `kind` at a document's root,
    /// which the reader has already checked).
    skip: &'static [&'static str],
}

impl<'de, 'a> NodeDe<'de, 'a> {
    /// A deserializer for a document's root mapping, passing over `apiVersion` and `kind`.
    pub(crate) fn root(node: &'de Node, ctx: &'a Ctx<'a>) -> Self {
        NodeDe {
            node,
            path: Path::Root,
            ctx,
            field: None,
            skip: &["apiVersion", "kind"],
        }
    }

    fn wrong_type(&self, expected: &str) -> DeError {
        DeError::wrong_type(&self.node.value.describe(), expected, false)
            .locate(self.node.pos, &self.path)
    }

    fn map_access(
        &self,
        entries: &'de [Entry],
        fields: Option<&'static [&'static str]>,
    ) -> MapDe<'de, 'a> {
        MapDe {
            entries: entries.iter(),
            current: None,
            path: self.path,
            ctx: self.ctx,
            fields,
            skip: self.skip,
        }
    }
}

impl<'de> Deserializer<'de> for NodeDe<'de, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => {
                if let Ok(x) = i64::try_from(*i) {
                    visitor.visit_i64(x)
                } else if let Ok(x) = u64::try_from(*i) {
                    visitor.visit_u64(x)
                } else {
                    visitor.visit_i128(*i)
                }
            }
            Value::Float(x) => visitor.visit_f64(*x),
            Value::Str(s) => visitor.visit_borrowed_str(s),
            Value::Seq(items) => visitor.visit_seq(SeqDe {
                items: items.iter(),
                index: 0,
                path: self.path,
                ctx: self.ctx,
            }),
            Value::Map(entries) => visitor.visit_map(self.map_access(entries, None)),
        };
        result.map_err(|e: DeError| e.locate(self.node.pos, &self.path))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.node.value == Value::Null {
            let pos = self.node.pos;
            visitor
                .visit_none()
                .map_err(|e: DeError| e.locate(pos, &self.path))
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.node.value {
            Value::Null => visitor
                .visit_unit()
                .map_err(|e: DeError| e.locate(self.node.pos, &self.path)),
            _ => Err(self.wrong_type("null")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let (pos, path) = (self.node.pos, self.path);
        visitor
            .visit_newtype_struct(self)
            .map_err(|e: DeError| e.locate(pos, &path))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Seq(_) => self.deserialize_any(visitor),
            _ => Err(self.wrong_type("a list")),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Map(_) => self.deserialize_any(visitor),
            _ => Err(self.wrong_type("a mapping")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Map(entries) => visitor
                .visit_map(self.map_access(entries, Some(fields)))
                .map_err(|e: DeError| e.locate(self.node.pos, &self.path)),
            _ => Err(self.wrong_type("a mapping")),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let (pos, path) = (self.node.pos, self.path);
        let result = match &self.node.value {
            Value::Str(s) => visitor.visit_enum(BorrowedStrDeserializer::<DeError>::new(s)),
            Value::Map(entries) if entries.len() == 1 => visitor.visit_enum(EnumDe {
                entry: &entries[0],
                path: self.path,
                ctx: self.ctx,
            }),
            _ => {
                let expected = if variants.is_empty() {
                    String::from("an enum")
                } else {
                    format!("one of {}", variants.join(", "))
                };
                return Err(self.wrong_type(&expected));
            }
        };
        result.map_err(|e: DeError| e.locate(pos, &path))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if let Some(field) = self.field.filter(|f| !f.expected.contains(&f.key)) {
            let kind = ErrorKind::UnknownField {
                field: field.key.into(),
                expected: field.expected.to_vec(),
            };
            let pruned = self.ctx.strict
                && self.ctx.prune
                && super::error::closest(field.key, field.expected).is_none();
            if self.ctx.strict && !pruned {
                return Err(DeError::new(kind).locate(field.key_pos, &self.path));
            }
            let message = if pruned {
                super::error::pruned_field_message(field.key)
            } else {
                kind.to_string()
            };
            self.ctx.warnings.borrow_mut().push(Warning::new(
                self.ctx.source_name,
                field.key_pos,
                self.path.to_string(),
                message,
                self.path.to_field_path(),
                self.ctx.document.get(),
            ));
        }
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf identifier
    }
}

/// The entries of a mapping.
struct MapDe<'de, 'a> {
    entries: std::slice::Iter<'de, Entry>,
    current: Option<&'de Entry>,
    path: Path<'a>,
    ctx: &'a Ctx<'a>,
    /// The struct's fields, when the mapping is read as a struct.
    fields: Option<&'static [&'static str]>,
    skip: &'static [&'static str],
}

impl<'de> MapAccess<'de> for MapDe<'de, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        for entry in self.entries.by_ref() {
            if self.skip.contains(&entry.key.as_str()) {
                continue;
            }
            // Go reads `field: null` as an absent field.
            if entry.value.value == Value::Null
                && self.fields.is_some_and(|f| f.contains(&entry.key.as_str()))
            {
                continue;
            }
            self.current = Some(entry);
            let path = Path::Key(&self.path, &entry.key);
            return seed
                .deserialize(BorrowedStrDeserializer::<DeError>::new(&entry.key))
                .map(Some)
                .map_err(|e: DeError| e.locate(entry.key_pos, &path));
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some(entry) = self.current.take() else {
            return Err(DeError::invalid("a value was read before its key".into()));
        };
        let path = Path::Key(&self.path, &entry.key);
        seed.deserialize(NodeDe {
            node: &entry.value,
            path,
            ctx: self.ctx,
            field: self.fields.map(|expected| Field {
                key: &entry.key,
                key_pos: entry.key_pos,
                expected,
            }),
            skip: &[],
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// The items of a list.
struct SeqDe<'de, 'a> {
    items: std::slice::Iter<'de, Node>,
    index: usize,
    path: Path<'a>,
    ctx: &'a Ctx<'a>,
}

impl<'de> SeqAccess<'de> for SeqDe<'de, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(node) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(NodeDe {
            node,
            path: Path::Index(&self.path, index),
            ctx: self.ctx,
            field: None,
            skip: &[],
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// An externally tagged enum written as a one-entry mapping, `Variant: value`.
struct EnumDe<'de, 'a> {
    entry: &'de Entry,
    path: Path<'a>,
    ctx: &'a Ctx<'a>,
}

impl<'de, 'a> EnumAccess<'de> for EnumDe<'de, 'a> {
    type Error = DeError;
    type Variant = VariantDe<'de, 'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), DeError> {
        let path = Path::Key(&self.path, &self.entry.key);
        let variant = seed
            .deserialize(self.entry.key.as_str().into_deserializer())
            .map_err(|e: DeError| e.locate(self.entry.key_pos, &path))?;
        Ok((
            variant,
            VariantDe {
                entry: self.entry,
                path: self.path,
                ctx: self.ctx,
            },
        ))
    }
}

struct VariantDe<'de, 'a> {
    entry: &'de Entry,
    path: Path<'a>,
    ctx: &'a Ctx<'a>,
}

impl<'de> VariantDe<'de, '_> {
    fn value<R>(self, f: impl FnOnce(NodeDe<'de, '_>) -> Result<R, DeError>) -> Result<R, DeError> {
        let path = Path::Key(&self.path, &self.entry.key);
        f(NodeDe {
            node: &self.entry.value,
            path,
            ctx: self.ctx,
            field: None,
            skip: &[],
        })
    }
}

impl<'de> VariantAccess<'de> for VariantDe<'de, '_> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        self.value(|de| serde::Deserialize::deserialize(de))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        self.value(|de| seed.deserialize(de))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        self.value(|de| de.deserialize_seq(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.value(|de| de.deserialize_struct("", fields, visitor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_field_accessors() {
        let root = Path::Root;
        let spec = Path::Key(&root, "spec");
        let tasks = Path::Key(&spec, "backupTasks");
        let one = Path::Index(&tasks, 1);
        let driver = Path::Key(&one, "driver");
        assert_eq!(driver.to_string(), "spec.backupTasks[1].driver");
        let labels = Path::Key(&root, "labels");
        let odd = Path::Key(&labels, "app.kubernetes.io/name");
        assert_eq!(odd.to_string(), "labels[\"app.kubernetes.io/name\"]");
        assert_eq!(Path::Root.to_string(), "");
    }

    #[test]
    fn messages_name_what_was_expected_and_found() {
        use serde::de::Error as _;
        let e = DeError::invalid_type(Unexpected::Unsigned(300), &"a string");
        assert_eq!(
            e.to_string(),
            "invalid type: expected a string, found integer 300 (quote the value to make it a string)"
        );
        let e = DeError::unknown_variant("Restik", &["Restic", "WalG"]);
        assert_eq!(
            e.to_string(),
            "unknown variant \"Restik\", expected one of Restic, WalG"
        );
    }
}
