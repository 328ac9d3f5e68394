//! The parsed form of a template: flat arrays of spans into the source text.
//!
//! A template is a sequence of [`Item`]s: literal text spans and top-level
//! expressions. Expressions nested in arguments live in an [`Arena`] in
//! post-order (an expression's nested expressions come right before it, as a
//! contiguous block), which is exactly the order upstream evaluates them in,
//! so evaluation needs neither recursion nor per-node allocation.

/// A byte range of the template source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Span {
    pub(crate) fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// One part of an argument: literal text or a nested expression (index into
/// [`Arena::exprs`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    Text(Span),
    Expr(usize),
}

/// An operator argument: the concatenation of its pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arg {
    /// Not given (`${x/a/}` has no replacement, `${x:=}` no default).
    Absent,
    /// A single piece (the common case: one text span).
    One(Piece),
    /// Several pieces, stored in [`Arena::pieces`].
    Many { start: usize, len: usize },
}

/// The operator of a `${...}` expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// `${x}`
    Value,
    /// `${#x}`
    Len,
    /// `${x^}`
    UpperFirst,
    /// `${x^^}`
    Upper,
    /// `${x,}`
    LowerFirst,
    /// `${x,,}`
    Lower,
    /// `${x,^}` or `${x^,}`: parses, leaves the value as is.
    CaseNoop,
    /// `${x#p}`
    TrimPrefixShortest,
    /// `${x##p}`
    TrimPrefixLongest,
    /// `${x%p}`
    TrimSuffixShortest,
    /// `${x%%p}`
    TrimSuffixLongest,
    /// `${x:off}` / `${x:off:len}`
    Substr,
    /// `${x/p/r}`
    ReplaceFirst,
    /// `${x//p/r}`
    ReplaceAll,
    /// `${x/#p/r}`
    ReplacePrefix,
    /// `${x/%p/r}`
    ReplaceSuffix,
    /// `${x=w}`
    Assign,
    /// `${x:=w}`
    AssignColon,
    /// `${x:-w}`
    DefaultColon,
    /// `${x:+w}`
    AlternateColon,
    /// `${x:?w}`
    ErrorColon,
}

impl Op {
    /// The default forms: an absent key takes the argument, a present key
    /// (even empty) its value.
    pub(crate) fn is_default(self) -> bool {
        matches!(self, Op::Assign | Op::AssignColon | Op::DefaultColon)
    }
}

/// A `${...}` expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Expr {
    pub(crate) op: Op,
    /// The variable name.
    pub(crate) name: Span,
    /// Offset of the `$`.
    pub(crate) offset: usize,
    pub(crate) args: [Arg; 2],
    /// The nested expressions, as a range of [`Arena::exprs`].
    pub(crate) desc: (usize, usize),
}

impl Expr {
    pub(crate) fn has_nested(&self) -> bool {
        self.desc.0 != self.desc.1
    }
}

/// A top-level element of a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Item {
    Text(Span),
    Expr(Expr),
}

/// Storage for nested expressions and multi-piece arguments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Arena {
    pub(crate) exprs: Vec<Expr>,
    pub(crate) pieces: Vec<Piece>,
}

impl Arena {
    pub(crate) fn clear(&mut self) {
        self.exprs.clear();
        self.pieces.clear();
    }
}
