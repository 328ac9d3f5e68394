//! Substitution over whole serialisable objects, as the KubeStash operator
//! does it.
//!
//! The operator serialises the object to JSON with Go's `encoding/json`, runs
//! `EvalMap` over that **one string**, and decodes the result back into the
//! object. [`eval`] reproduces this exactly for any `T: Serialize +
//! DeserializeOwned` (this module knows nothing of Kubernetes): the JSON text
//! is written like Go writes it ([`to_go_json`]: struct fields in declaration
//! order, sorted map keys, `<>&` and `U+2028`/`U+2029` escaped, ...), so
//! expressions see the same bytes as upstream. The consequences are kept:
//!
//! - a value is inserted into JSON text unescaped: a value containing `"`
//!   breaks decoding ([`JsonError::Decode`]), a value containing the two
//!   characters `\n` decodes to a newline, a raw control character fails;
//! - a default is JSON text: `${copyOnly:="true"}` in a field is
//!   `${copyOnly:=\"true\"}` in the JSON, so the result keeps the quotes:
//!   `"true"`;
//! - `$$` anywhere in a string becomes `$`.
//!
//! All or nothing: on any error the object is left unchanged ([`eval`]
//! returns a new value, [`eval_in_place`] only assigns on success).
//!
//! [`eval_strict`] is **not** upstream behaviour: it substitutes each string
//! value separately (object keys are left alone), so values are never
//! re-interpreted as JSON and defaults are plain text. Use it where
//! fidelity with the operator does not matter.
//!
//! ```
//! use function_core::envsubst::{json, vars};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct Step { image: String, args: Vec<String> }
//!
//! let step = Step {
//!     image: "restic:${TAG}".into(),
//!     args: vec![r#"--copy-only=${copyOnly:="true"}"#.into(), "--ns=${namespace}".into()],
//! };
//! let inputs = vars([("TAG", "v1"), ("namespace", "demo")]);
//!
//! let resolved = json::eval(&step, &inputs).unwrap();
//! assert_eq!(resolved.args, [r#"--copy-only="true""#, "--ns=demo"]);
//!
//! let strict = json::eval_strict(&step, &inputs).unwrap();
//! assert_eq!(strict.args, ["--copy-only=\"true\"", "--ns=demo"]);
//!
//! let quote = vars([("TAG", "v1\""), ("namespace", "demo")]);
//! assert!(matches!(json::eval(&step, &quote), Err(json::JsonError::Decode(_))));
//! ```

mod encode;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use encode::{EncodeError, go_quote, to_go_json, to_go_json_with};

use super::{Error, Lookup, Template, eval_map};

/// Why a document could not be substituted. The object is unchanged.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JsonError {
    /// The object could not be serialised (a NaN, a non-string map key...).
    #[error("cannot encode the object as JSON: {0}")]
    Encode(#[source] EncodeError),
    /// Substitution failed; the message is upstream's (offsets refer to the
    /// JSON text).
    #[error(transparent)]
    Substitute(#[from] Error),
    /// Strict mode: substitution failed in the string at a JSON pointer.
    #[error("{error} (in the string at {pointer})")]
    Field {
        /// JSON pointer (RFC 6901) of the string, e.g. `/spec/args/0`.
        pointer: String,
        /// The error; its offset refers to that string.
        error: Error,
    },
    /// The substituted text is not valid JSON for the type (e.g. a value
    /// contained `"`).
    #[error("substituted document does not decode: {0}")]
    Decode(#[source] serde_json::Error),
}

impl JsonError {
    /// The substitution error, if that is what failed.
    pub fn substitution_error(&self) -> Option<&Error> {
        match self {
            JsonError::Substitute(e) | JsonError::Field { error: e, .. } => Some(e),
            _ => None,
        }
    }
}

/// Substitutes over `value` exactly like the operator: Go JSON text, one
/// `EvalMap` call, decode. Returns the new value.
pub fn eval<T, L>(value: &T, inputs: &L) -> Result<T, JsonError>
where
    T: Serialize + DeserializeOwned,
    L: Lookup + ?Sized,
{
    let text = to_go_json(value).map_err(JsonError::Encode)?;
    let out = eval_map(&text, inputs)?;
    serde_json::from_str(&out).map_err(JsonError::Decode)
}

/// [`eval`], replacing `value` only on success.
///
/// ```
/// use function_core::envsubst::{json, vars};
///
/// let mut args = vec!["--a=${a}".to_string(), "--b=${b}".to_string()];
/// assert!(json::eval_in_place(&mut args, &vars([("a", "1")])).is_err());
/// assert_eq!(args, ["--a=${a}", "--b=${b}"]);
/// json::eval_in_place(&mut args, &vars([("a", "1"), ("b", "2")])).unwrap();
/// assert_eq!(args, ["--a=1", "--b=2"]);
/// ```
pub fn eval_in_place<T, L>(value: &mut T, inputs: &L) -> Result<(), JsonError>
where
    T: Serialize + DeserializeOwned,
    L: Lookup + ?Sized,
{
    *value = eval(value, inputs)?;
    Ok(())
}

/// Substitutes each string value of `value` separately (**divergence** from
/// upstream, see the module docs). Parse errors in any string win over lookup
/// errors; otherwise the first failing string in document order is reported.
/// A NUL character separates independent segments (upstream's scanner would
/// stop at it; in the operator's JSON text it is the escape `\u0000`).
pub fn eval_strict<T, L>(value: &T, inputs: &L) -> Result<T, JsonError>
where
    T: Serialize + DeserializeOwned,
    L: Lookup + ?Sized,
{
    let mut tree =
        serde_json::to_value(value).map_err(|e| JsonError::Encode(EncodeError::from(e)))?;
    let mut results = Vec::new();
    let mut failed: Option<JsonError> = None;
    let mut pointer = String::new();
    collect(&tree, inputs, &mut pointer, &mut results, &mut failed)?;
    if let Some(e) = failed {
        return Err(e);
    }
    let mut it = results.into_iter();
    replace(&mut tree, &mut it);
    serde_json::from_value(tree).map_err(JsonError::Decode)
}

/// [`eval_strict`], replacing `value` only on success.
pub fn eval_strict_in_place<T, L>(value: &mut T, inputs: &L) -> Result<(), JsonError>
where
    T: Serialize + DeserializeOwned,
    L: Lookup + ?Sized,
{
    *value = eval_strict(value, inputs)?;
    Ok(())
}

impl From<serde_json::Error> for EncodeError {
    fn from(e: serde_json::Error) -> Self {
        <EncodeError as serde::ser::Error>::custom(e)
    }
}

fn push_pointer(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Strict mode, pass 1: evaluates every string in document order. Returns a
/// parse error at once; keeps the first evaluation error in `failed`.
fn collect<L: Lookup + ?Sized>(
    v: &Value,
    inputs: &L,
    pointer: &mut String,
    results: &mut Vec<Option<String>>,
    failed: &mut Option<JsonError>,
) -> Result<(), JsonError> {
    match v {
        Value::String(s) => {
            let r = eval_segments(s, inputs);
            match r {
                Ok(out) => results.push(out),
                Err(error) => {
                    let err = JsonError::Field {
                        pointer: pointer.clone(),
                        error: error.clone(),
                    };
                    if error.is_parse_error() {
                        return Err(err);
                    }
                    if failed.is_none() {
                        *failed = Some(err);
                    }
                    results.push(None);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                push_pointer(pointer, &i.to_string());
                collect(item, inputs, pointer, results, failed)?;
                pointer.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let len = pointer.len();
                push_pointer(pointer, k);
                collect(item, inputs, pointer, results, failed)?;
                pointer.truncate(len);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
    Ok(())
}

/// One string of strict mode: `None` when it has nothing to substitute.
fn eval_segments<L: Lookup + ?Sized>(s: &str, inputs: &L) -> Result<Option<String>, Error> {
    if !s.contains('$') {
        return Ok(None);
    }
    if !s.contains('\0') {
        return Template::parse(s)?.render(inputs).map(Some);
    }
    // Parse every segment first: a parse error wins over a lookup error.
    let mut templates = Vec::new();
    let mut base = 0;
    for seg in s.split('\0') {
        templates.push((base, Template::parse(seg).map_err(|e| e.shifted(base))?));
        base += seg.len() + 1;
    }
    let mut out = String::with_capacity(s.len());
    for (i, (base, t)) in templates.iter().enumerate() {
        if i > 0 {
            out.push('\0');
        }
        t.render_into(inputs, &mut out)
            .map_err(|e| e.shifted(*base))?;
    }
    Ok(Some(out))
}

/// Strict mode, pass 2: writes the results back in the same order.
fn replace(v: &mut Value, results: &mut impl Iterator<Item = Option<String>>) {
    match v {
        Value::String(s) => {
            if let Some(Some(out)) = results.next() {
                *s = out;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| replace(i, results)),
        Value::Object(map) => map.values_mut().for_each(|i| replace(i, results)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests;
