//! A `serde` serializer that writes JSON the way Go's `encoding/json` does.
//!
//! - compact, struct fields in declaration order, map keys sorted bytewise;
//! - strings: `"` and `\` escaped, `\n` `\r` `\t` `\b` `\f` as such (Go 1.22
//!   and later; Go 1.21 and earlier wrote `\u0008` and `\u000c`), other
//!   control characters as `\u00XX`, `U+2028`/`U+2029` as `\u2028`/`\u2029`,
//!   and — with HTML escaping, the default of `json.Marshal` — `<` `>` `&`
//!   as `\u003c` `\u003e` `\u0026`;
//! - floats in Go's format (`1e+21`, `1e-7`, no `.0`), NaN and infinities are
//!   errors; byte strings (`serialize_bytes`) as standard base64 strings;
//! - enums as serde_json represents them (`"Unit"`, `{"Variant": ...}`).

use std::fmt::{Display, Write as _};

use serde::ser::{self, Serialize};

/// Why a value cannot be written as Go JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EncodeError(String);

impl ser::Error for EncodeError {
    fn custom<T: Display>(msg: T) -> Self {
        EncodeError(msg.to_string())
    }
}

/// Serialises `value` like Go's `json.Marshal` (HTML escaping on).
///
/// ```
/// use function_core::envsubst::json::to_go_json;
/// use std::collections::HashMap;
///
/// #[derive(serde::Serialize)]
/// struct Obj { name: String, labels: HashMap<String, String>, ratio: f64 }
///
/// let o = Obj {
///     name: "a<b>&\u{2028}\n".into(),
///     labels: HashMap::from([("z".into(), "1".into()), ("a".into(), "2".into())]),
///     ratio: 1e21,
/// };
/// assert_eq!(
///     to_go_json(&o).unwrap(),
///     r#"{"name":"a\u003cb\u003e\u0026\u2028\n","labels":{"a":"2","z":"1"},"ratio":1e+21}"#
/// );
/// ```
pub fn to_go_json<T: Serialize + ?Sized>(value: &T) -> Result<String, EncodeError> {
    to_go_json_with(value, true)
}

/// Serialises `value` like Go's `json.Encoder` with `SetEscapeHTML(escape_html)`
/// (without the trailing newline).
pub fn to_go_json_with<T: Serialize + ?Sized>(
    value: &T,
    escape_html: bool,
) -> Result<String, EncodeError> {
    let mut out = String::with_capacity(128);
    value.serialize(&mut Encoder {
        out: &mut out,
        html: escape_html,
    })?;
    Ok(out)
}

/// Appends `s` as a Go-escaped JSON string literal.
pub(crate) fn write_str(out: &mut String, s: &str, html: bool) {
    write_impl(out, s.as_bytes(), Some(s), html);
}

/// Appends `b` as a Go-escaped JSON string literal; bytes that are not valid
/// UTF-8 are written as `\ufffd`, one per byte, as Go does.
pub(crate) fn write_bytes(out: &mut String, b: &[u8], html: bool) {
    write_impl(out, b, None, html);
}

/// `text`, when given, is `b` as a `str` (no validation needed).
fn write_impl(out: &mut String, b: &[u8], text: Option<&str>, html: bool) {
    out.reserve(b.len() + 2);
    out.push('"');
    let mut start = 0;
    let mut i = 0;
    // `b[start..i]` always holds whole valid characters: invalid bytes are
    // escaped, never copied.
    let flush = |out: &mut String, from: usize, to: usize| match text {
        Some(t) => out.push_str(&t[from..to]),
        None => out.push_str(std::str::from_utf8(&b[from..to]).unwrap_or_default()),
    };
    while i < b.len() {
        let c = b[i];
        if c >= 0x80 {
            let (r, w) = super::super::funcs::decode_rune(&b[i..]);
            let esc = match (r, w) {
                (0xFFFD, 1) => Some("\\ufffd"),
                (0x2028, _) => Some("\\u2028"),
                (0x2029, _) => Some("\\u2029"),
                _ => None,
            };
            if let Some(e) = esc {
                flush(out, start, i);
                out.push_str(e);
                start = i + w;
            }
            i += w;
            continue;
        }
        let esc: Option<&str> = match c {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x08 => Some("\\b"),
            0x0C => Some("\\f"),
            b'<' if html => Some("\\u003c"),
            b'>' if html => Some("\\u003e"),
            b'&' if html => Some("\\u0026"),
            _ => None,
        };
        if let Some(e) = esc {
            flush(out, start, i);
            out.push_str(e);
            start = i + 1;
        } else if c < 0x20 {
            flush(out, start, i);
            let _ = write!(out, "\\u00{c:02x}");
            start = i + 1;
        }
        i += 1;
    }
    flush(out, start, b.len());
    out.push('"');
}

/// Quotes `bytes` as a JSON string exactly like Go's `encoding/json`
/// (invalid UTF-8 bytes as `\ufffd`; `<>&` escaped only if `escape_html`).
///
/// ```
/// use function_core::envsubst::json::go_quote;
///
/// assert_eq!(go_quote(b"a\"<\xA9\n", false), r#""a\"<\ufffd\n""#);
/// assert_eq!(go_quote("<\u{2028}".as_bytes(), true), r#""\u003c\u2028""#);
/// ```
pub fn go_quote(bytes: &[u8], escape_html: bool) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    write_bytes(&mut out, bytes, escape_html);
    out
}

/// Go's float formatting (`encoding/json` `floatEncoder`).
fn write_float(out: &mut String, f: f64, bits32: bool) -> Result<(), EncodeError> {
    if !f.is_finite() {
        return Err(EncodeError(format!("json: unsupported value: {f}")));
    }
    let abs = f.abs();
    let exp_form = abs != 0.0
        && if bits32 {
            !(1e-6..1e21).contains(&(abs as f32))
        } else {
            !(1e-6..1e21).contains(&abs)
        };
    let s = match (exp_form, bits32) {
        (false, false) => format!("{f}"),
        (false, true) => format!("{}", f as f32),
        (true, false) => format!("{f:e}"),
        (true, true) => format!("{:e}", f as f32),
    };
    if exp_form {
        // Rust: `1e21`, `1.5e-7`; Go: `1e+21`, `1.5e-07` cleaned up to `1.5e-7`.
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        out.push_str(mant);
        out.push('e');
        if !exp.starts_with('-') {
            out.push('+');
        }
        out.push_str(exp);
    } else {
        out.push_str(&s);
    }
    Ok(())
}

fn base64(out: &mut String, bytes: &[u8]) {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    out.push('"');
    for chunk in bytes.chunks(3) {
        let n = chunk.len();
        let v = u32::from(chunk[0]) << 16
            | u32::from(*chunk.get(1).unwrap_or(&0)) << 8
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= n {
                out.push(T[(v >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out.push('"');
}

struct Encoder<'o> {
    out: &'o mut String,
    html: bool,
}

/// Sequences, tuples and structs (written as they come) and enum variants
/// (which close one more brace).
struct Compound<'a, 'o> {
    enc: &'a mut Encoder<'o>,
    first: bool,
    close: &'static str,
}

/// Maps: entries collected, then written sorted by key like Go.
struct MapCompound<'a, 'o> {
    enc: &'a mut Encoder<'o>,
    entries: Vec<(String, String)>,
    key: Option<String>,
    close: &'static str,
}

impl<'o> Encoder<'o> {
    fn open_variant(&mut self, variant: &str) {
        self.out.push('{');
        write_str(self.out, variant, self.html);
        self.out.push(':');
    }
}

impl<'a, 'o> ser::Serializer for &'a mut Encoder<'o> {
    type Ok = ();
    type Error = EncodeError;
    type SerializeSeq = Compound<'a, 'o>;
    type SerializeTuple = Compound<'a, 'o>;
    type SerializeTupleStruct = Compound<'a, 'o>;
    type SerializeTupleVariant = Compound<'a, 'o>;
    type SerializeMap = MapCompound<'a, 'o>;
    type SerializeStruct = Compound<'a, 'o>;
    type SerializeStructVariant = Compound<'a, 'o>;

    fn serialize_bool(self, v: bool) -> Result<(), EncodeError> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), EncodeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), EncodeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), EncodeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), EncodeError> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), EncodeError> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), EncodeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), EncodeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), EncodeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), EncodeError> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), EncodeError> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), EncodeError> {
        write_float(self.out, v.into(), true)
    }
    fn serialize_f64(self, v: f64) -> Result<(), EncodeError> {
        write_float(self.out, v, false)
    }
    fn serialize_char(self, v: char) -> Result<(), EncodeError> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]), self.html);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), EncodeError> {
        write_str(self.out, v, self.html);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), EncodeError> {
        base64(self.out, v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), EncodeError> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), EncodeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), EncodeError> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), EncodeError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), EncodeError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a, 'o>, EncodeError> {
        self.out.push('[');
        Ok(Compound {
            enc: self,
            first: true,
            close: "]",
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'o>, EncodeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'o>, EncodeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, 'o>, EncodeError> {
        self.open_variant(variant);
        self.out.push('[');
        Ok(Compound {
            enc: self,
            first: true,
            close: "]}",
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapCompound<'a, 'o>, EncodeError> {
        Ok(MapCompound {
            enc: self,
            entries: Vec::new(),
            key: None,
            close: "}",
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a, 'o>, EncodeError> {
        self.out.push('{');
        Ok(Compound {
            enc: self,
            first: true,
            close: "}",
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, 'o>, EncodeError> {
        self.open_variant(variant);
        self.out.push('{');
        Ok(Compound {
            enc: self,
            first: true,
            close: "}}",
        })
    }
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        if !self.first {
            self.enc.out.push(',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.comma();
        value.serialize(&mut *self.enc)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), EncodeError> {
        self.comma();
        write_str(self.enc.out, key, self.enc.html);
        self.enc.out.push(':');
        value.serialize(&mut *self.enc)
    }

    fn finish(self) -> Result<(), EncodeError> {
        self.enc.out.push_str(self.close);
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.element(value)
    }
    fn end(self) -> Result<(), EncodeError> {
        self.finish()
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.element(value)
    }
    fn end(self) -> Result<(), EncodeError> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.element(value)
    }
    fn end(self) -> Result<(), EncodeError> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.element(value)
    }
    fn end(self) -> Result<(), EncodeError> {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), EncodeError> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), EncodeError> {
        self.finish()
    }
}

impl ser::SerializeMap for MapCompound<'_, '_> {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), EncodeError> {
        self.key = Some(key.serialize(MapKey)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| EncodeError("map value without a key".into()))?;
        let mut out = String::new();
        value.serialize(&mut Encoder {
            out: &mut out,
            html: self.enc.html,
        })?;
        self.entries.push((key, out));
        Ok(())
    }
    fn end(mut self) -> Result<(), EncodeError> {
        // Go sorts map keys (bytewise string order).
        self.entries.sort_by(|a, b| a.0.cmp(&b.0));
        let out = &mut *self.enc.out;
        out.push('{');
        for (i, (k, v)) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, k, self.enc.html);
            out.push(':');
            out.push_str(v);
        }
        out.push_str(self.close);
        Ok(())
    }
}

/// Map keys: strings, or integers written in decimal (as Go does).
struct MapKey;

fn key_err() -> EncodeError {
    EncodeError("json: map key must be a string or an integer".into())
}

impl ser::Serializer for MapKey {
    type Ok = String;
    type Error = EncodeError;
    type SerializeSeq = ser::Impossible<String, EncodeError>;
    type SerializeTuple = ser::Impossible<String, EncodeError>;
    type SerializeTupleStruct = ser::Impossible<String, EncodeError>;
    type SerializeTupleVariant = ser::Impossible<String, EncodeError>;
    type SerializeMap = ser::Impossible<String, EncodeError>;
    type SerializeStruct = ser::Impossible<String, EncodeError>;
    type SerializeStructVariant = ser::Impossible<String, EncodeError>;

    fn serialize_str(self, v: &str) -> Result<String, EncodeError> {
        Ok(v.to_owned())
    }
    fn serialize_char(self, v: char) -> Result<String, EncodeError> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String, EncodeError> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, EncodeError> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, EncodeError> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, EncodeError> {
        Ok(v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<String, EncodeError> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, EncodeError> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, EncodeError> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, EncodeError> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, EncodeError> {
        Ok(v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<String, EncodeError> {
        Ok(v.to_string())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, EncodeError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, EncodeError> {
        value.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<String, EncodeError> {
        Err(key_err())
    }
    fn serialize_f32(self, _: f32) -> Result<String, EncodeError> {
        Err(key_err())
    }
    fn serialize_f64(self, _: f64) -> Result<String, EncodeError> {
        Err(key_err())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, EncodeError> {
        Err(key_err())
    }
    fn serialize_none(self) -> Result<String, EncodeError> {
        Err(key_err())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, EncodeError> {
        Err(key_err())
    }
    fn serialize_unit(self) -> Result<String, EncodeError> {
        Err(key_err())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, EncodeError> {
        Err(key_err())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, EncodeError> {
        Err(key_err())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, EncodeError> {
        Err(key_err())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, EncodeError> {
        Err(key_err())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, EncodeError> {
        Err(key_err())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, EncodeError> {
        Err(key_err())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, EncodeError> {
        Err(key_err())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, EncodeError> {
        Err(key_err())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, EncodeError> {
        Err(key_err())
    }
}

#[cfg(test)]
mod tests;
