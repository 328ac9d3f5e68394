//! A YAML stream parsed into a tree of positioned nodes.
//!
//! serde-saphyr does the parsing (syntax, tabs, indentation, anchors, aliases, merge keys,
//! budgets against pathological input) and gives every node its position through
//! [`serde_saphyr::Spanned`]. The raw tree is then checked (keys must be scalars, no key twice
//! in a mapping) and turned into [`Node`]s that the typed deserializer in `de.rs` walks. Keeping
//! the tree lets the reader dispatch on `kind` before choosing a type, and give every error the
//! position of the node it is about.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DuplicateKeyPolicy, MessageFormatter, Spanned, UserMessageFormatter};

use super::error::{Error, ErrorKind, Position};
use super::options::{Bound, Options};

/// A YAML node and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) pos: Position,
    pub(crate) value: Value,
}

/// The content of a node after YAML's scalar resolution.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One key and value of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) key_pos: Position,
    pub(crate) value: Node,
}

impl Value {
    /// How the value is named in messages: `a list`, `string "x"`, ...
    pub(crate) fn describe(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => format!("boolean {b}"),
            Value::Int(i) => format!("integer {i}"),
            Value::Float(x) => format!("number {x}"),
            Value::Str(s) => format!("string {}", quote(s)),
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a mapping".into(),
        }
    }

    /// The entry under `key`, for a mapping.
    pub(crate) fn get(&self, key: &str) -> Option<&Entry> {
        match self {
            Value::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }
}

/// `s` in double quotes, with control characters escaped, shortened when long.
pub(crate) fn quote(s: &str) -> String {
    const MAX: usize = 60;
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push_str("...");
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Parses every document of `text` into a positioned tree, within the bounds of `options`.
/// Empty and null documents are skipped (serde-saphyr's multi-document reader drops them).
pub(crate) fn parse_stream(
    text: &str,
    source_name: &str,
    options: &Options,
) -> Result<Vec<Node>, Error> {
    let saphyr = serde_saphyr::options! {
        // Duplicates are found below, where the first occurrence is known too.
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
        reject_unsupported_tags: true,
        with_snippet: false,
        // Nesting is bounded at 32 (about 1.5 MiB of the parser's stack in a debug build, far
        // less in release); documents, nodes and text by `options`.
        budget: options.budget(),
    };
    let raw: Vec<Spanned<Raw>> = serde_saphyr::from_multiple_with_options(text, saphyr)
        .map_err(|e| syntax_error(&e, text, source_name, options))?;
    raw.into_iter()
        .map(|r| convert(r, Position::START, source_name))
        .collect()
}

/// A serde-saphyr error as an [`Error`] at the parser's position, with a hint for the parser
/// messages that usually mean bad indentation.
fn syntax_error(
    e: &serde_saphyr::Error,
    text: &str,
    source_name: &str,
    options: &Options,
) -> Error {
    let e = e.without_snippet();
    let mut position = e
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Position::new(to_u32(l.line()), to_u32(l.column()).max(1)))
        .unwrap_or(Position::START);
    if let serde_saphyr::Error::Budget { breach, .. } = e {
        let bound = Bound::of_breach(breach);
        let limit = bound.limit(options);
        return Error::at(source_name, position, ErrorKind::TooLarge { bound, limit });
    }
    let mut message = UserMessageFormatter.format_message(e).into_owned();
    if message.contains("tab") {
        // The parser points just past the tab; point at the first tab of the indentation.
        let line = text
            .lines()
            .nth(position.line as usize - 1)
            .unwrap_or_default();
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if let Some(i) = indent.find('\t') {
            position.column = to_u32(i as u64) + 1;
        }
    }
    if message.contains("mapping values are not allowed") {
        message.push_str(" (check the indentation of this line, or quote a value holding \": \")");
    } else if message.contains("did not find expected key")
        || message.contains("did not find expected '-'")
    {
        message.push_str(" (check the indentation of this line)");
    }
    Error::at(source_name, position, ErrorKind::Syntax(message))
}

fn to_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn position_of<T>(s: &Spanned<T>, fallback: Position) -> Position {
    let l = s.referenced;
    if l.line() == 0 {
        fallback
    } else {
        Position::new(to_u32(l.line()), to_u32(l.column()).max(1))
    }
}

fn convert(raw: Spanned<Raw>, fallback: Position, source_name: &str) -> Result<Node, Error> {
    let pos = position_of(&raw, fallback);
    let value = match raw.value {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Int(i) => Value::Int(i),
        Raw::Float(x) => Value::Float(x),
        Raw::Str(s) => Value::Str(s),
        Raw::Seq(items) => Value::Seq(
            items
                .into_iter()
                .map(|item| convert(item, pos, source_name))
                .collect::<Result<_, _>>()?,
        ),
        Raw::Map(pairs) => {
            let mut seen: HashMap<String, Position> = HashMap::with_capacity(pairs.len());
            let mut entries = Vec::with_capacity(pairs.len());
            for (k, v) in pairs {
                let key_pos = position_of(&k, pos);
                let key = match k.value {
                    Raw::Str(s) => s,
                    Raw::Null => "null".into(),
                    Raw::Bool(b) => b.to_string(),
                    Raw::Int(i) => i.to_string(),
                    Raw::Float(x) => x.to_string(),
                    Raw::Seq(_) => {
                        return Err(Error::at(
                            source_name,
                            key_pos,
                            ErrorKind::NonScalarKey("a list"),
                        ));
                    }
                    Raw::Map(_) => {
                        return Err(Error::at(
                            source_name,
                            key_pos,
                            ErrorKind::NonScalarKey("a mapping"),
                        ));
                    }
                };
                if let Some(first) = seen.get(&key) {
                    return Err(Error::at(
                        source_name,
                        key_pos,
                        ErrorKind::DuplicateKey { key, first: *first },
                    ));
                }
                seen.insert(key.clone(), key_pos);
                let value = convert(v, key_pos, source_name)?;
                entries.push(Entry {
                    key,
                    key_pos,
                    value,
                });
            }
            Value::Map(entries)
        }
    };
    Ok(Node { pos, value })
}

/// The untyped tree as serde-saphyr delivers it, before checks.
enum Raw {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Int(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Raw, E> {
        Ok(i128::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Raw, E> {
        Err(E::custom("binary (!!binary) values are not supported"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut pairs = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Raw>>()? {
            let value = map.next_value::<Spanned<Raw>>()?;
            pairs.push((key, value));
        }
        Ok(Raw::Map(pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Node>, Error> {
        parse_stream(text, "t.yaml", &Options::default())
    }

    #[test]
    fn nodes_carry_positions_of_keys_and_values() {
        let docs = parse("a: 1\nb:\n  - x\n  - \"300\"\n").unwrap();
        assert_eq!(docs.len(), 1);
        let b = docs[0].value.get("b").unwrap();
        assert_eq!(b.key_pos, Position::new(2, 1));
        let Value::Seq(items) = &b.value.value else {
            panic!("b is a list")
        };
        assert_eq!(items[1].pos, Position::new(4, 5));
        assert_eq!(items[1].value, Value::Str("300".into()));
        assert_eq!(docs[0].value.get("a").unwrap().value.value, Value::Int(1));
    }

    #[test]
    fn empty_documents_are_skipped() {
        let docs = parse("---\n---\na: 1\n---\n# only a comment\n---\nb: 2\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].pos, Position::new(7, 1));
        assert!(parse("").unwrap().is_empty());
        assert!(parse("# nothing\n").unwrap().is_empty());
    }

    #[test]
    fn duplicate_keys_name_both_positions() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.position(), Some(Position::new(3, 1)));
        assert_eq!(
            e.message(),
            "duplicate key \"a\" (first at line 1, column 1)"
        );
    }

    #[test]
    fn complex_keys_are_rejected() {
        let e = parse("? [a]\n: b\n").unwrap_err();
        assert_eq!(e.message(), "a mapping key must be a string, found a list");
    }

    #[test]
    fn aliases_and_merge_keys_are_expanded() {
        let docs = parse("a: &x {k: v}\nb:\n  <<: *x\n  z: 1\n").unwrap();
        let b = &docs[0].value.get("b").unwrap().value.value;
        assert_eq!(b.get("k").unwrap().value.value, Value::Str("v".into()));
        assert_eq!(b.get("z").unwrap().value.value, Value::Int(1));
    }

    #[test]
    fn quote_escapes_and_shortens() {
        assert_eq!(quote("a\"b\n"), "\"a\\\"b\\n\"");
        assert!(quote(&"x".repeat(100)).ends_with("...\""));
    }
}
