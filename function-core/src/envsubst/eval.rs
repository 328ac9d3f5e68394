//! Evaluation of parsed templates.

use std::borrow::Cow;

use super::Error;
use super::ast::{Arena, Arg, Expr, Operator, Piece, Span};
use super::funcs::{self, Substr};
use super::lookup::Lookup;
use super::parse::Simple;

/// Where rendered text goes: a `String` (invalid UTF-8 bytes from byte-offset
/// cuts become `U+FFFD`, one per byte) or a `Vec<u8>` (Go's exact bytes).
pub(crate) trait Sink {
    fn put_str(&mut self, s: &str);
    fn put_bytes(&mut self, b: &[u8]);
    fn mark(&self) -> usize;
    fn reset(&mut self, mark: usize);
}

impl Sink for String {
    #[inline]
    fn put_str(&mut self, s: &str) {
        self.push_str(s);
    }
    fn put_bytes(&mut self, b: &[u8]) {
        funcs::push_go_lossy(self, b);
    }
    fn mark(&self) -> usize {
        self.len()
    }
    fn reset(&mut self, mark: usize) {
        self.truncate(mark);
    }
}

impl Sink for Vec<u8> {
    #[inline]
    fn put_str(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
    fn put_bytes(&mut self, b: &[u8]) {
        self.extend_from_slice(b);
    }
    fn mark(&self) -> usize {
        self.len()
    }
    fn reset(&mut self, mark: usize) {
        self.truncate(mark);
    }
}

/// Evaluates a [`Simple`] expression (one-shot fast path).
#[inline]
pub(crate) fn eval_simple<L: Lookup + ?Sized, S: Sink>(
    src: &str,
    e: &Simple,
    offset: usize,
    lookup: &L,
    out: &mut S,
) -> Result<(), Error> {
    let (name, default) = match *e {
        Simple::Value(name) => (name, None),
        Simple::Default(name, word) => (name, Some(word)),
    };
    let key = &src[name.start..name.end];
    match (lookup.lookup(key), default) {
        (Some(v), _) => out.put_str(v),
        (None, Some(w)) => out.put_str(&src[w.start..w.end]),
        (None, None) => return Err(not_found(key, offset)),
    }
    Ok(())
}

/// Everything an evaluation reads.
pub(crate) struct Ctx<'x, L: Lookup + ?Sized> {
    pub(crate) src: &'x str,
    pub(crate) arena: &'x Arena,
    pub(crate) lookup: &'x L,
    /// The bound on any value built while evaluating (`usize::MAX`: none).
    pub(crate) max: usize,
}

impl<'x, L: Lookup + ?Sized> Ctx<'x, L> {
    fn text(&self, span: Span) -> &'x str {
        &self.src[span.start..span.end]
    }

    /// Evaluates a top-level expression and appends its value to `out`.
    #[inline]
    pub(crate) fn eval_root<S: Sink>(&self, e: &Expr, out: &mut S) -> Result<(), Error> {
        if e.has_nested() {
            return self.eval_nested(e, out);
        }
        let key = self.text(e.name);
        match self.lookup.lookup(key) {
            Some(v) => match e.op {
                Operator::Value
                | Operator::CaseNoop
                | Operator::Assign
                | Operator::AssignColon
                | Operator::DefaultColon => {
                    out.put_str(v);
                    Ok(())
                }
                _ => {
                    let r = self.apply(e, v, &[])?;
                    out.put_bytes(&r);
                    Ok(())
                }
            },
            None if e.op.is_default() => {
                // Text-only default: the pieces are valid UTF-8 spans.
                match e.args[0] {
                    Arg::Absent => {}
                    Arg::One(Piece::Text(s)) => out.put_str(self.text(s)),
                    Arg::One(Piece::Expr(_)) => {}
                    Arg::Many { start, len } => {
                        for p in &self.arena.pieces[start..start + len] {
                            if let Piece::Text(s) = *p {
                                out.put_str(self.text(s));
                            }
                        }
                    }
                }
                Ok(())
            }
            None => Err(not_found(key, e.offset)),
        }
    }

    /// An expression with nested expressions: evaluates them in post-order
    /// (upstream's order), then the expression itself.
    #[cold]
    fn eval_nested<S: Sink>(&self, e: &Expr, out: &mut S) -> Result<(), Error> {
        let (lo, hi) = e.desc;
        let mut results: Vec<Vec<u8>> = Vec::with_capacity(hi - lo);
        let mut held = 0usize;
        for id in lo..hi {
            let r = self.eval_expr(&self.arena.exprs[id], &results, lo)?;
            held = held.saturating_add(r.len());
            if held > self.max {
                return Err(too_large(self.max, e.offset));
            }
            let r = r.into_owned();
            results.push(r);
        }
        let r = self.eval_expr(e, &results, lo)?;
        out.put_bytes(&r);
        Ok(())
    }

    fn eval_expr<'r>(
        &self,
        e: &Expr,
        results: &'r [Vec<u8>],
        base: usize,
    ) -> Result<Cow<'r, [u8]>, Error>
    where
        'x: 'r,
    {
        let key = self.text(e.name);
        match self.lookup.lookup(key) {
            Some(v) => {
                let a0 = self.arg(e, e.args[0], results, base)?;
                let a1 = self.arg(e, e.args[1], results, base)?;
                self.apply_args(e, v, a0, a1)
            }
            None if e.op.is_default() => Ok(self
                .arg(e, e.args[0], results, base)?
                .unwrap_or(Cow::Borrowed(b""))),
            None => Err(not_found(key, e.offset)),
        }
    }

    /// The value of an argument of `e`; an error when it would pass the bound.
    fn arg<'r>(
        &self,
        e: &Expr,
        arg: Arg,
        results: &'r [Vec<u8>],
        base: usize,
    ) -> Result<Option<Cow<'r, [u8]>>, Error>
    where
        'x: 'r,
    {
        let piece = |p: Piece| -> &'r [u8] {
            match p {
                Piece::Text(s) => self.text(s).as_bytes(),
                Piece::Expr(id) => results.get(id.wrapping_sub(base)).map_or(b"", |r| r),
            }
        };
        Ok(match arg {
            Arg::Absent => None,
            Arg::One(p) => Some(Cow::Borrowed(piece(p))),
            Arg::Many { start, len } => {
                let mut buf = Vec::new();
                for &p in &self.arena.pieces[start..start + len] {
                    let p = piece(p);
                    if buf.len().saturating_add(p.len()) > self.max {
                        return Err(too_large(self.max, e.offset));
                    }
                    buf.extend_from_slice(p);
                }
                Some(Cow::Owned(buf))
            }
        })
    }

    fn apply<'r>(
        &self,
        e: &Expr,
        v: &'r str,
        results: &'r [Vec<u8>],
    ) -> Result<Cow<'r, [u8]>, Error>
    where
        'x: 'r,
    {
        let a0 = self.arg(e, e.args[0], results, e.desc.0)?;
        let a1 = self.arg(e, e.args[1], results, e.desc.0)?;
        self.apply_args(e, v, a0, a1)
    }

    /// Upstream `lookupFunc(name)(value, args...)` for a present key.
    fn apply_args<'r>(
        &self,
        e: &Expr,
        v: &'r str,
        a0: Option<Cow<'r, [u8]>>,
        a1: Option<Cow<'r, [u8]>>,
    ) -> Result<Cow<'r, [u8]>, Error> {
        let s = v.as_bytes();
        let pat = a0.as_deref().unwrap_or_default();
        let bytes = |c: Cow<'r, str>| match c {
            Cow::Borrowed(b) => Cow::Borrowed(b.as_bytes()),
            Cow::Owned(o) => Cow::Owned(o.into_bytes()),
        };
        Ok(match e.op {
            Operator::Value
            | Operator::CaseNoop
            | Operator::Assign
            | Operator::AssignColon
            | Operator::DefaultColon => Cow::Borrowed(s),
            Operator::AlternateColon | Operator::ErrorColon => {
                if s.is_empty() {
                    a0.unwrap_or(Cow::Borrowed(b""))
                } else {
                    Cow::Borrowed(s)
                }
            }
            Operator::Length => Cow::Owned(s.len().to_string().into_bytes()),
            Operator::Upper => bytes(funcs::map_case(v, true)),
            Operator::Lower => bytes(funcs::map_case(v, false)),
            Operator::UpperFirst => bytes(funcs::map_case_first(v, true)),
            Operator::LowerFirst => bytes(funcs::map_case_first(v, false)),
            Operator::TrimPrefixShortest => Cow::Borrowed(funcs::trim_prefix(s, pat, false)),
            Operator::TrimPrefixLongest => Cow::Borrowed(funcs::trim_prefix(s, pat, true)),
            Operator::TrimSuffixShortest => Cow::Owned(funcs::trim_suffix(s, pat, false)),
            Operator::TrimSuffixLongest => Cow::Owned(funcs::trim_suffix(s, pat, true)),
            Operator::Substring => match funcs::substr(s, pat, a1.as_deref()) {
                Substr::Bytes(b) => Cow::Borrowed(b),
                Substr::OutOfRange { start, end } => {
                    return Err(Error::SliceOutOfRange {
                        start,
                        end,
                        offset: e.offset,
                    });
                }
            },
            Operator::ReplaceFirst => funcs::replace(s, pat, a1.as_deref().unwrap_or_default(), 1),
            Operator::ReplaceAll => {
                let new = a1.as_deref().unwrap_or_default();
                // The one operator whose result can be far larger than its inputs.
                if funcs::replaced_len(s, pat, new) > self.max {
                    return Err(too_large(self.max, e.offset));
                }
                funcs::replace(s, pat, new, -1)
            }
            Operator::ReplacePrefix => funcs::replace_prefix(s, pat, a1.as_deref()),
            Operator::ReplaceSuffix => funcs::replace_suffix(s, pat, a1.as_deref()),
        })
    }
}

#[cold]
pub(crate) fn too_large(max: usize, offset: usize) -> Error {
    Error::OutputTooLarge { max, offset }
}

#[cold]
fn not_found(key: &str, offset: usize) -> Error {
    Error::ValueNotFound {
        key: key.to_owned(),
        offset,
    }
}
