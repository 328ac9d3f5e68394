//! Variable substitution, byte-compatible with gomodules.xyz/envsubst v0.2.0
//! `EvalMap` (what the KubeStash operator runs over a Function or Addon).
//!
//! # Semantics
//!
//! Only `${...}` is an expansion; `$name`, `$(NAME)` and a lone `$` are
//! literal text. In text, `$$` is an escape taken in pairs from the left:
//! `$$` gives `$` and `$${a}` gives the literal `${a}`, so the Kubernetes
//! escape `$$(VAR)` reaches Kubernetes as `$(VAR)`. Backslash is not an
//! escape in text. Values are inserted as they are and never re-scanned.
//!
//! Names are one or more Unicode letters, digits (general categories `L*`,
//! `Nd`, Unicode 15.0.0) or `_`, may start with a digit, and are
//! case-sensitive.
//!
//! | form | value (key present) | key absent |
//! |---|---|---|
//! | `${x}` | the value | error |
//! | `${x=w}` `${x:=w}` `${x:-w}` | the value, **even if empty** | `w` |
//! | `${x:+w}` `${x:?w}` | the value if non-empty, else `w` | error |
//! | `${#x}` | length in bytes | error |
//! | `${x:off}` `${x:off:len}` | bytes `off..off+len` (negative `off` counts from the end; a non-number leaves the value as is) | error |
//! | `${x^}` `${x^^}` `${x,}` `${x,,}` | first / all characters upper / lower case (simple case mapping) | error |
//! | `${x#p}` `${x##p}` `${x%p}` `${x%%p}` | shortest / longest prefix / suffix matching the glob `p` removed | error |
//! | `${x/p/r}` `${x//p/r}` `${x/#p/r}` `${x/%p/r}` | first / all / prefix / suffix occurrence of the literal `p` replaced | error |
//!
//! A default `w` runs to the first `}` and may contain nested `${...}`, which
//! are evaluated first — even when `x` is set, so a nested absent key is an
//! error. No escapes apply inside a default. In a replacement (`${x/p/r}`)
//! `\/`, `\\` and `$$` are escapes. `${x-w}`, `${x+w}`, `${x?w}` and any
//! other character after a name are the error `missing closing brace`.
//!
//! Errors have upstream's exact messages (see [`Error`]). Parse errors win
//! over lookup errors; lookups fail at the first absent key, in upstream's
//! evaluation order (the arguments of an expression, left to right, then the
//! expression's own key).
//!
//! ```
//! use function_core::envsubst::{eval_map, vars};
//!
//! let v = vars([("namespace", "demo"), ("waitTimeout", "")]);
//! assert_eq!(
//!     eval_map("--ns=${namespace} --wait=${waitTimeout:=300} --t=${timeout:=300} $$(HOME)", &v)
//!         .unwrap(),
//!     "--ns=demo --wait= --t=300 $(HOME)"
//! );
//! assert_eq!(
//!     eval_map("${missing}", &v).unwrap_err().to_string(),
//!     "input/default value not found for key missing"
//! );
//! ```
//!
//! # Upstream quirks kept on purpose
//!
//! - A NUL character ends the input: the rest of the template is dropped.
//! - The pattern of `${x/p/r}` ends at `/` only, so it may contain `}`.
//! - Globs: `*` matches any bytes (also `/`), `?` and `[...]` one character;
//!   `#`/`%` remove the shortest *non-empty* match (`${x#*}` removes one
//!   byte); `%`/`%%` reverse both the value and the pattern, so classes like
//!   `[a-c]` do not work there; a malformed pattern leaves the value unchanged.
//! - `${x,^}` and `${x^,}` parse and leave the value unchanged.
//! - `${x/#p/}` and `${x/%p/}` (no replacement) leave the value unchanged,
//!   while `${x/p/}` deletes.
//! - Offsets, lengths and `${#x}` count bytes, so `${x:1}` can cut a
//!   character in two.
//!
//! # Divergences from upstream, and guarantees
//!
//! - **Negative substring length:** `${x:off:len}` selecting `end < start`
//!   makes Go panic; here it is [`Error::SliceOutOfRange`].
//! - **Invalid UTF-8 results:** Go returns raw bytes when a byte offset cuts
//!   a character. [`eval_map_bytes`] and [`Template::render_bytes`] return
//!   exactly those bytes; [`eval_map`] and [`Template::render`] return a
//!   `String`, in which each such byte is `U+FFFD` — what Go's
//!   `encoding/json` makes of them, so the JSON-document results (what the
//!   operator uses) are identical.
//! - **Linear time:** upstream copies the rest of the input for every escape
//!   (quadratic: 16,000 `$$` take 0.15–0.45 s); here parsing and evaluation
//!   are linear, without recursion whatever the nesting depth, and never
//!   panic.
//! - **Determinism:** results depend only on the template and the values, as
//!   upstream; [`json`] writes map keys sorted like Go even for `HashMap`
//!   fields, so nothing depends on Rust's random hash order.
//! - **Strict mode:** [`json::eval_strict`] substitutes each string of a
//!   document separately; it is not what the operator does (see [`json`]).
//!
//! # Reuse
//!
//! [`eval_map`] parses and evaluates in one pass. [`Template::parse`] keeps
//! the parsed form (borrowing the text) to render it many times.
//!
//! # Inspecting a template
//!
//! A parsed [`Template`] is also a view for tools that read templates
//! without evaluating them (the chart writer's Helm bindings, the lint), so
//! that they read exactly what the evaluator runs: [`Template::parts`] (text,
//! `$$` escapes and expressions, in order), [`Template::expressions`] (the
//! top-level ones), [`Template::all_expressions`] (nested ones too) and
//! [`Template::escapes`]. Each [`Expression`] gives the offset of its `$`, its
//! span, the variable name and its span, the [`Operator`] and its
//! [`Argument`]s (a default, a pattern, ...) with their spans and nested
//! expressions. A template that does not parse gives an [`Error`] with
//! upstream's message and [`Error::offset`].
//!
//! ```
//! use function_core::envsubst::{Operator, Template};
//!
//! let t = Template::parse("--copy-only=${copyOnly:=\"true\"} $$(HOME)").unwrap();
//! let e = t.expressions().next().unwrap();
//! assert_eq!((e.name(), e.operator()), ("copyOnly", Operator::AssignColon));
//! assert_eq!(e.default().unwrap().source(), "\"true\"");
//! assert_eq!(t.escapes().collect::<Vec<_>>(), [32]);
//!
//! let err = Template::parse("--wait-timeout=${waitTimeout:=300").unwrap_err();
//! assert_eq!(err.to_string(), "unable to parse substitution within function");
//! assert_eq!(err.offset(), 33);
//! ```

mod ast;
mod error;
mod eval;
mod funcs;
pub mod json;
mod lookup;
mod parse;
mod syntax;
mod unicode;
mod unicode_tables;

use std::borrow::Cow;

pub use ast::Operator;
pub use error::Error;
pub use lookup::{FnLookup, Lookup, Vars, from_fn, vars};
pub use syntax::{Argument, Expression, Part};
pub use unicode_tables::UNICODE_VERSION;

/// `bytes` as text the way Go's `encoding/json` reads or writes them: every byte that is not
/// part of a valid UTF-8 sequence becomes one `U+FFFD` (Rust's `String::from_utf8_lossy` would
/// replace a whole invalid sequence by a single one). This is how the byte results of
/// [`eval_map_bytes`] become the `String` results of [`eval_map`].
///
/// ```
/// use function_core::envsubst::go_lossy;
///
/// assert_eq!(go_lossy(&[b'a', 0xE2, 0x82, b'b']), "a\u{FFFD}\u{FFFD}b");
/// assert_eq!(String::from_utf8_lossy(&[b'a', 0xE2, 0x82, b'b']), "a\u{FFFD}b");
/// ```
pub fn go_lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    funcs::push_go_lossy(&mut out, bytes);
    out
}

use ast::{Arena, Item};
use eval::{Ctx, Sink};
use parse::Parser;

/// Substitutes `text` with the values of `inputs`, like upstream `EvalMap`.
///
/// Parses and evaluates in a single pass without building a reusable tree;
/// use [`Template`] to render the same text many times.
///
/// ```
/// use function_core::envsubst::eval_map;
/// use std::collections::HashMap;
///
/// let inputs = HashMap::from([("DB_VERSION", "16.4")]);
/// assert_eq!(
///     eval_map("postgres:${DB_VERSION}-${flavor:=alpine}", &inputs).unwrap(),
///     "postgres:16.4-alpine"
/// );
/// ```
pub fn eval_map<L: Lookup + ?Sized>(text: &str, inputs: &L) -> Result<String, Error> {
    let mut out = String::with_capacity(text.len() + 16);
    eval_into(text, inputs, &mut out)?;
    Ok(out)
}

/// [`eval_map`] returning upstream's exact bytes: where a byte offset cuts a
/// character (`${x:1}` of `é`), the result is not valid UTF-8, as in Go.
///
/// ```
/// use function_core::envsubst::{eval_map, eval_map_bytes, vars};
///
/// let v = vars([("x", "é")]);
/// assert_eq!(eval_map_bytes("${x:1}", &v).unwrap(), [0xA9]);
/// assert_eq!(eval_map("${x:1}", &v).unwrap(), "\u{FFFD}");
/// ```
pub fn eval_map_bytes<L: Lookup + ?Sized>(text: &str, inputs: &L) -> Result<Vec<u8>, Error> {
    eval_map_bytes_bounded(text, inputs, usize::MAX)
}

/// [`eval_map_bytes`] with a bound on the output: past `max_output` bytes, or a value built
/// on the way past it (a replacement's result, a default's text, the nested results one
/// expression holds, even where they end up unused), evaluation stops with
/// [`Error::OutputTooLarge`], so that a short template cannot fill the memory. A syntax
/// error anywhere still wins, as it does over a missing variable.
///
/// ```
/// use function_core::envsubst::{Error, eval_map_bytes_bounded, vars};
///
/// let v = vars([("v", "0123456789")]);
/// // The bound is on the whole output: the space after 20 bytes passes it.
/// assert_eq!(eval_map_bytes_bounded("${v}${v}", &v, 20).unwrap().len(), 20);
/// let e = eval_map_bytes_bounded("${v}${v} ${v}", &v, 20).unwrap_err();
/// assert!(matches!(e, Error::OutputTooLarge { max: 20, offset: 8 }), "{e:?}");
/// // One expression that multiplies its input.
/// let e = eval_map_bytes_bounded("${v//?/${v}}", &vars([("v", "??????")]), 20).unwrap_err();
/// assert_eq!(e.to_string(), "the output is larger than 20 bytes");
/// ```
pub fn eval_map_bytes_bounded<L: Lookup + ?Sized>(
    text: &str,
    inputs: &L,
    max_output: usize,
) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(text.len().min(max_output) + 16);
    eval_bounded(text, inputs, &mut out, max_output)?;
    Ok(out)
}

fn eval_into<L: Lookup + ?Sized, S: Sink>(
    text: &str,
    inputs: &L,
    out: &mut S,
) -> Result<(), Error> {
    eval_bounded(text, inputs, out, usize::MAX)
}

fn eval_bounded<L: Lookup + ?Sized, S: Sink>(
    text: &str,
    inputs: &L,
    out: &mut S,
    max: usize,
) -> Result<(), Error> {
    let mut parser = Parser::new(text);
    // The first lookup error (or the bound passed), kept while the rest is parsed: a parse
    // error anywhere wins over it.
    let mut failed: Option<Error> = None;
    loop {
        let next = parser.scan_text(&mut |s| {
            if failed.is_none() {
                out.put_str(&text[s.start..s.end]);
                if out.mark() > max {
                    failed = Some(eval::too_large(max, s.start));
                }
            }
        });
        let Some(offset) = next else { break };
        if let Some(simple) = parser.simple() {
            if failed.is_none() {
                if let Err(e) = eval::eval_simple(text, &simple, offset, inputs, out) {
                    failed = Some(e);
                } else if out.mark() > max {
                    failed = Some(eval::too_large(max, offset));
                }
            }
            continue;
        }
        let expr = parser.parse_expr(offset)?;
        if failed.is_none() {
            let ctx = Ctx {
                src: text,
                arena: &parser.arena,
                lookup: inputs,
                max,
            };
            if let Err(e) = ctx.eval_root(&expr, out) {
                failed = Some(e);
            } else if out.mark() > max {
                failed = Some(eval::too_large(max, offset));
            }
        }
        parser.arena.clear();
    }
    match failed {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// A parsed template, reusable for any number of renderings.
///
/// It borrows the text it was parsed from (see [`Template::into_owned`]).
///
/// ```
/// use function_core::envsubst::{Template, vars};
///
/// let t = Template::parse("image: ${imageRegistry}/backup:${imageTag:=v1}").unwrap();
/// assert_eq!(t.variables().collect::<Vec<_>>(), ["imageRegistry", "imageTag"]);
/// let a = t.render(&vars([("imageRegistry", "ghcr.io")])).unwrap();
/// let b = t.render(&vars([("imageRegistry", "r.local"), ("imageTag", "v2")])).unwrap();
/// assert_eq!(a, "image: ghcr.io/backup:v1");
/// assert_eq!(b, "image: r.local/backup:v2");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template<'a> {
    src: Cow<'a, str>,
    items: Vec<Item>,
    arena: Arena,
}

impl<'a> Template<'a> {
    /// Parses `text`. Fails with the first syntax error (the same one
    /// [`eval_map`] would report).
    pub fn parse(text: &'a str) -> Result<Template<'a>, Error> {
        let (items, arena) = Parser::new(text).parse_all()?;
        Ok(Template {
            src: Cow::Borrowed(text),
            items,
            arena,
        })
    }

    /// Parses an owned text into a `'static` template.
    ///
    /// ```
    /// use function_core::envsubst::Template;
    ///
    /// let t: Template<'static> = Template::parse_owned(String::from("${a}")).unwrap();
    /// assert_eq!(t.source(), "${a}");
    /// ```
    pub fn parse_owned(text: String) -> Result<Template<'static>, Error> {
        let (items, arena) = Parser::new(&text).parse_all()?;
        Ok(Template {
            src: Cow::Owned(text),
            items,
            arena,
        })
    }

    /// The text this template was parsed from.
    pub fn source(&self) -> &str {
        &self.src
    }

    /// A copy that owns its text.
    pub fn into_owned(self) -> Template<'static> {
        Template {
            src: Cow::Owned(self.src.into_owned()),
            items: self.items,
            arena: self.arena,
        }
    }

    /// True when the template has no `${...}` expression (rendering it only
    /// resolves `$$` escapes).
    ///
    /// ```
    /// use function_core::envsubst::Template;
    ///
    /// assert!(Template::parse("$$(HOME) $x").unwrap().is_literal());
    /// assert!(!Template::parse("${x}").unwrap().is_literal());
    /// ```
    pub fn is_literal(&self) -> bool {
        self.items.iter().all(|i| matches!(i, Item::Text(_)))
    }

    /// The variable names the template looks up, in evaluation order
    /// (nested ones first), with repetitions.
    ///
    /// ```
    /// use function_core::envsubst::Template;
    ///
    /// let t = Template::parse("${a:=${b}} ${c} ${a}").unwrap();
    /// assert_eq!(t.variables().collect::<Vec<_>>(), ["b", "a", "c", "a"]);
    /// ```
    pub fn variables(&self) -> impl Iterator<Item = &str> + '_ {
        self.items.iter().flat_map(move |item| {
            let (nested, name) = match item {
                Item::Text(_) => (0..0, None),
                Item::Expr(e) => (e.desc.0..e.desc.1, Some(e.name)),
            };
            nested
                .map(move |i| self.arena.exprs[i].name)
                .chain(name)
                .map(move |s| &self.src[s.start..s.end])
        })
    }

    /// Renders the template with the values of `inputs`.
    pub fn render<L: Lookup + ?Sized>(&self, inputs: &L) -> Result<String, Error> {
        let mut out = String::with_capacity(self.src.len() + 16);
        self.render_into(inputs, &mut out)?;
        Ok(out)
    }

    /// Renders the template, appending to `out`. On error `out` is left as it
    /// was (truncated back to its original length).
    ///
    /// ```
    /// use function_core::envsubst::{Template, vars};
    ///
    /// let t = Template::parse("${a}-${b}").unwrap();
    /// let mut out = String::from("> ");
    /// assert!(t.render_into(&vars([("a", "1")]), &mut out).is_err());
    /// assert_eq!(out, "> ");
    /// t.render_into(&vars([("a", "1"), ("b", "2")]), &mut out).unwrap();
    /// assert_eq!(out, "> 1-2");
    /// ```
    pub fn render_into<L: Lookup + ?Sized>(
        &self,
        inputs: &L,
        out: &mut String,
    ) -> Result<(), Error> {
        self.render_sink(inputs, out)
    }

    /// Renders to upstream's exact bytes (see [`eval_map_bytes`]).
    pub fn render_bytes<L: Lookup + ?Sized>(&self, inputs: &L) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(self.src.len() + 16);
        self.render_sink(inputs, &mut out)?;
        Ok(out)
    }

    fn render_sink<L: Lookup + ?Sized, S: Sink>(
        &self,
        inputs: &L,
        out: &mut S,
    ) -> Result<(), Error> {
        let mark = out.mark();
        let src: &str = &self.src;
        let ctx = Ctx {
            src,
            arena: &self.arena,
            lookup: inputs,
            max: usize::MAX,
        };
        for item in &self.items {
            let r = match item {
                Item::Text(s) => {
                    out.put_str(&src[s.start..s.end]);
                    Ok(())
                }
                Item::Expr(e) => ctx.eval_root(e, out),
            };
            if let Err(e) = r {
                out.reset(mark);
                return Err(e);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
