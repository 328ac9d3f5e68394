//! A read-only view of a parsed [`Template`]: its top-level text, `$$` escapes and `${...}`
//! expressions with their byte spans, for tools that inspect templates without evaluating them
//! (the chart writer's Helm bindings, the lint).
//!
//! Everything here is what the evaluator itself runs on: the same parser, the same name
//! characters (Go's letters and digits), the same reading of `$$` and of defaults. Byte offsets
//! and spans are into [`Template::source`].

use std::borrow::Cow;
use std::ops::Range;

use super::Template;
use super::ast::{Arena, Arg, Expr, Item, Operator, Piece, Span};

impl Span {
    fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// One part of a template's top-level text, in source order (see [`Template::parts`]).
///
/// The sources of the parts, concatenated, are the template's source (up to a NUL character,
/// where the engine stops reading).
#[derive(Clone, Debug)]
pub enum Part<'t> {
    /// Literal text, rendered as it is.
    Text {
        /// Its byte range in the source.
        span: Range<usize>,
        /// The text.
        text: &'t str,
    },
    /// A `$$` escape in plain text, rendered as one `$`: `$$(VAR)` reaches Kubernetes as
    /// `$(VAR)`, and `$${a}` renders as the literal `${a}`.
    Escape {
        /// The offset of the first `$` (the escape is `offset..offset + 2`).
        offset: usize,
    },
    /// A `${...}` expression.
    Expression(Expression<'t>),
}

/// A `${...}` expression of a parsed [`Template`], top-level or nested in another's argument.
///
/// ```
/// use function_core::envsubst::{Operator, Template};
///
/// let text = "--wait-timeout=${waitTimeout:=300}";
/// let t = Template::parse(text).unwrap();
/// let e = t.expressions().next().unwrap();
/// assert_eq!(e.offset(), 15);
/// assert_eq!(e.span(), 15..34);
/// assert_eq!(e.source(), "${waitTimeout:=300}");
/// assert_eq!((e.name(), e.name_span()), ("waitTimeout", 17..28));
/// assert_eq!(e.operator(), Operator::AssignColon);
/// let default = e.default().unwrap();
/// assert_eq!((default.source(), default.span()), ("300", 30..33));
/// assert!(!default.has_nested());
/// ```
#[derive(Clone, Copy)]
pub struct Expression<'t> {
    src: &'t str,
    arena: &'t Arena,
    expr: &'t Expr,
}

impl std::fmt::Debug for Expression<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Expression")
            .field("span", &self.span())
            .field("source", &self.source())
            .field("operator", &self.operator())
            .finish()
    }
}

impl<'t> Expression<'t> {
    fn new(src: &'t str, arena: &'t Arena, expr: &'t Expr) -> Self {
        Expression { src, arena, expr }
    }

    /// The byte offset of the `$` that starts the expression.
    pub fn offset(&self) -> usize {
        self.expr.offset
    }

    /// The byte range of the whole expression, from its `$` to just past its `}`.
    pub fn span(&self) -> Range<usize> {
        self.expr.offset..self.expr.end
    }

    /// The expression as written, `${...}`.
    pub fn source(&self) -> &'t str {
        &self.src[self.span()]
    }

    /// The variable name.
    pub fn name(&self) -> &'t str {
        &self.src[self.expr.name.range()]
    }

    /// The byte range of the variable name.
    pub fn name_span(&self) -> Range<usize> {
        self.expr.name.range()
    }

    /// The operator (see [`Operator`]; [`Operator::is_default`] tells the default forms).
    pub fn operator(&self) -> Operator {
        self.expr.op
    }

    /// The first argument: the word of `${x:=w}`, `${x=w}`, `${x:-w}`, `${x:+w}`, `${x:?w}`
    /// (there even when empty, as in `${x:=}`), the offset of `${x:off:len}`, the pattern of
    /// `${x#p}` or `${x/p/r}`. `None` for `${x}`, `${#x}` and the case operators.
    ///
    /// ```
    /// use function_core::envsubst::Template;
    ///
    /// let t = Template::parse("${a:+on} ${b:=} ${c//x/y} ${d}").unwrap();
    /// let args: Vec<Option<&str>> =
    ///     t.expressions().map(|e| e.argument().map(|a| a.source())).collect();
    /// assert_eq!(args, [Some("on"), Some(""), Some("x"), None]);
    /// ```
    pub fn argument(&self) -> Option<Argument<'t>> {
        let present = self.expr.op.takes_word() || self.expr.args[0] != Arg::Absent;
        present.then(|| self.arg(0))
    }

    /// The second argument, when written: the length of `${x:off:len}`, the replacement of
    /// `${x/p/r}` (`None` in `${x/p/}` and `${x/p}`).
    ///
    /// ```
    /// use function_core::envsubst::Template;
    ///
    /// let t = Template::parse(r"${a:1:2} ${b/x/\/y} ${c/x/}").unwrap();
    /// let second: Vec<Option<&str>> =
    ///     t.expressions().map(|e| e.second_argument().map(|a| a.source())).collect();
    /// assert_eq!(second, [Some("2"), Some(r"\/y"), None]);
    /// ```
    pub fn second_argument(&self) -> Option<Argument<'t>> {
        (self.expr.args[1] != Arg::Absent).then(|| self.arg(1))
    }

    /// The default of a default form (`${x:=w}`, `${x=w}`, `${x:-w}`): what the expression
    /// gives when `x` is absent. `None` for any other operator.
    ///
    /// ```
    /// use function_core::envsubst::Template;
    ///
    /// let t = Template::parse("${a:=1} ${b:+1} ${c=}").unwrap();
    /// let defaults: Vec<Option<&str>> =
    ///     t.expressions().map(|e| e.default().map(|d| d.source())).collect();
    /// assert_eq!(defaults, [Some("1"), None, Some("")]);
    /// ```
    pub fn default(&self) -> Option<Argument<'t>> {
        self.expr.op.is_default().then(|| self.arg(0))
    }

    /// Whether an argument holds a nested `${...}`.
    pub fn has_nested(&self) -> bool {
        self.expr.has_nested()
    }

    /// The expressions nested directly in the arguments, in source order (those nested in
    /// them are reached through their own `nested`).
    ///
    /// ```
    /// use function_core::envsubst::Template;
    ///
    /// let t = Template::parse("${a:=${b:=${c}}-${d}}").unwrap();
    /// let a = t.expressions().next().unwrap();
    /// let names: Vec<&str> = a.nested().map(|e| e.name()).collect();
    /// assert_eq!(names, ["b", "d"]);
    /// ```
    pub fn nested(&self) -> impl Iterator<Item = Expression<'t>> + use<'t> {
        let first = self.arg(0);
        let second = self.arg(1);
        first.nested().chain(second.nested())
    }

    fn arg(&self, i: usize) -> Argument<'t> {
        let expr: &'t Expr = self.expr;
        Argument {
            src: self.src,
            arena: self.arena,
            arg: &expr.args[i],
            span: expr.spans[i],
        }
    }
}

/// An argument of an [`Expression`]: a default, a pattern, a replacement, an offset or a
/// length, as written.
///
/// ```
/// use function_core::envsubst::Template;
///
/// let t = Template::parse(r"${p/\/tmp/${root:=/data}}").unwrap();
/// let e = t.expressions().next().unwrap();
/// let pattern = e.argument().unwrap();
/// assert_eq!(pattern.source(), r"\/tmp");
/// assert_eq!(pattern.literal().as_deref(), Some("/tmp")); // the escape resolved
/// let with = e.second_argument().unwrap();
/// assert!(with.has_nested());
/// assert_eq!(with.literal(), None);
/// assert_eq!(with.nested().next().unwrap().name(), "root");
/// ```
#[derive(Clone, Copy)]
pub struct Argument<'t> {
    src: &'t str,
    arena: &'t Arena,
    arg: &'t Arg,
    span: Span,
}

impl std::fmt::Debug for Argument<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Argument")
            .field("span", &self.span())
            .field("source", &self.source())
            .finish()
    }
}

impl<'t> Argument<'t> {
    /// The byte range of the argument as written (escapes and nested expressions included);
    /// empty, at the `}`, for the empty word of `${x:=}`.
    pub fn span(&self) -> Range<usize> {
        self.span.range()
    }

    /// The argument as written.
    pub fn source(&self) -> &'t str {
        &self.src[self.span()]
    }

    /// Whether the argument holds a nested `${...}`.
    pub fn has_nested(&self) -> bool {
        self.pieces().iter().any(|p| matches!(p, Piece::Expr(_)))
    }

    /// The expressions nested directly in this argument, in source order.
    pub fn nested(&self) -> impl Iterator<Item = Expression<'t>> + use<'t> {
        let (src, arena) = (self.src, self.arena);
        self.pieces().iter().filter_map(move |p| match *p {
            Piece::Expr(id) => Some(Expression::new(src, arena, &arena.exprs[id])),
            Piece::Text(_) => None,
        })
    }

    /// The argument's value when it holds no nested expression: its text with the escapes of
    /// a replacement (`\/`, `\\`, `$$`) resolved (a default has no escapes: this is then
    /// [`Self::source`]). `None` when it holds a nested expression.
    pub fn literal(&self) -> Option<Cow<'t, str>> {
        let mut texts = self.pieces().iter().map(|p| match *p {
            Piece::Text(s) => Some(&self.src[s.range()]),
            Piece::Expr(_) => None,
        });
        match self.pieces() {
            [] => Some(Cow::Borrowed("")),
            [_] => texts.next().flatten().map(Cow::Borrowed),
            _ => texts.collect::<Option<String>>().map(Cow::Owned),
        }
    }

    fn pieces(&self) -> &'t [Piece] {
        let arg: &'t Arg = self.arg;
        match arg {
            Arg::Absent => &[],
            Arg::One(piece) => std::slice::from_ref(piece),
            Arg::Many { start, len } => &self.arena.pieces[*start..*start + *len],
        }
    }
}

/// The view of a parsed template.
impl Template<'_> {
    /// The top-level parts of the template in source order: literal text, `$$` escapes and
    /// expressions. Their sources, concatenated, give back the template's source up to its
    /// first NUL character (where the engine stops reading).
    ///
    /// ```
    /// use function_core::envsubst::{Part, Template};
    ///
    /// let t = Template::parse("echo $$(HOME) ${a}").unwrap();
    /// let parts: Vec<String> = t
    ///     .parts()
    ///     .map(|p| match p {
    ///         Part::Text { text, .. } => format!("text {text:?}"),
    ///         Part::Escape { offset } => format!("escape at {offset}"),
    ///         Part::Expression(e) => format!("expression {}", e.source()),
    ///         _ => unreachable!(),
    ///     })
    ///     .collect();
    /// assert_eq!(
    ///     parts,
    ///     [r#"text "echo ""#, "escape at 5", r#"text "(HOME) ""#, "expression ${a}"]
    /// );
    /// ```
    pub fn parts(&self) -> impl Iterator<Item = Part<'_>> + '_ {
        Parts {
            src: &self.src,
            arena: &self.arena,
            items: self.items.iter(),
            cursor: 0,
            pending: None,
        }
    }

    /// The top-level `${...}` expressions, in source order.
    ///
    /// ```
    /// use function_core::envsubst::Template;
    ///
    /// let t = Template::parse("--ns=${namespace:=default} --x=${a:=${b}}").unwrap();
    /// let names: Vec<&str> = t.expressions().map(|e| e.name()).collect();
    /// assert_eq!(names, ["namespace", "a"]);
    /// ```
    pub fn expressions(&self) -> impl Iterator<Item = Expression<'_>> + '_ {
        let (src, arena): (&str, &Arena) = (&self.src, &self.arena);
        self.items.iter().filter_map(move |item| match item {
            Item::Expr(e) => Some(Expression::new(src, arena, e)),
            Item::Text(_) => None,
        })
    }

    /// Every `${...}` expression, top-level and nested, in source order of their `$` (an
    /// expression comes before those nested in it).
    ///
    /// ```
    /// use function_core::envsubst::Template;
    ///
    /// let t = Template::parse("${a:=${b/x/${c}}} ${d}").unwrap();
    /// let found: Vec<(usize, &str)> = t.all_expressions().map(|e| (e.offset(), e.name())).collect();
    /// assert_eq!(found, [(0, "a"), (5, "b"), (11, "c"), (18, "d")]);
    /// ```
    pub fn all_expressions(&self) -> impl Iterator<Item = Expression<'_>> + '_ {
        let (src, arena): (&str, &Arena) = (&self.src, &self.arena);
        self.expressions().flat_map(move |top| {
            // The nested ones are stored in post-order; their offsets give source order.
            let (lo, hi) = top.expr.desc;
            let mut nested: Vec<&Expr> = arena.exprs[lo..hi].iter().collect();
            nested.sort_unstable_by_key(|e| e.offset);
            std::iter::once(top).chain(
                nested
                    .into_iter()
                    .map(move |e| Expression::new(src, arena, e)),
            )
        })
    }

    /// The offsets of the `$$` escapes in the top-level text (each the first `$` of its pair),
    /// in order. An escape renders as one `$`: `$$(VAR)` reaches Kubernetes as `$(VAR)`.
    ///
    /// ```
    /// use function_core::envsubst::Template;
    ///
    /// let t = Template::parse("$$(A) $$$$ $${b} $x").unwrap();
    /// assert_eq!(t.escapes().collect::<Vec<_>>(), [0, 6, 8, 11]);
    /// ```
    pub fn escapes(&self) -> impl Iterator<Item = usize> + '_ {
        self.parts().filter_map(|p| match p {
            Part::Escape { offset } => Some(offset),
            _ => None,
        })
    }
}

/// The iterator behind [`Template::parts`].
///
/// The parser leaves no trace of an escape but a hole: the first `$` of a `$$` is the one byte
/// between two top-level items, and the second `$` starts the text item that follows it.
struct Parts<'t> {
    src: &'t str,
    arena: &'t Arena,
    items: std::slice::Iter<'t, Item>,
    /// The end of the previous item.
    cursor: usize,
    pending: Option<Part<'t>>,
}

impl<'t> Iterator for Parts<'t> {
    type Item = Part<'t>;

    fn next(&mut self) -> Option<Part<'t>> {
        if let Some(part) = self.pending.take() {
            return Some(part);
        }
        let item = self.items.next()?;
        match *item {
            Item::Expr(ref e) => {
                debug_assert_eq!(self.cursor, e.offset, "an escape is followed by text");
                self.cursor = e.end;
                Some(Part::Expression(Expression::new(self.src, self.arena, e)))
            }
            Item::Text(s) => {
                let text = |start: usize| Part::Text {
                    span: start..s.end,
                    text: &self.src[start..s.end],
                };
                let escape = self.cursor;
                self.cursor = s.end;
                if escape == s.start {
                    return Some(text(s.start));
                }
                // `$$` at `escape`: the text goes on after the kept `$`.
                debug_assert_eq!(escape + 1, s.start, "an escape is one dropped `$`");
                if s.start + 1 < s.end {
                    self.pending = Some(text(s.start + 1));
                }
                Some(Part::Escape { offset: escape })
            }
        }
    }
}
