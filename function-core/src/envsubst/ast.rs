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

/// The operator of a `${...}` expression: what [`Expression::operator`](super::Expression::operator)
/// returns.
///
/// The default forms ([`Operator::is_default`]) are the three that give their argument when
/// the variable is absent and the variable's value, even empty, when it is present. Every other
/// operator fails when the variable is absent.
///
/// ```
/// use function_core::envsubst::{Operator, Template};
///
/// let t = Template::parse("${a:=1} ${b=2} ${c:-3} ${d:+4} ${#e} ${f/x/y}").unwrap();
/// let ops: Vec<Operator> = t.expressions().map(|e| e.operator()).collect();
/// assert_eq!(
///     ops,
///     [
///         Operator::AssignColon,
///         Operator::Assign,
///         Operator::DefaultColon,
///         Operator::AlternateColon,
///         Operator::Length,
///         Operator::ReplaceFirst,
///     ]
/// );
/// assert!(ops[..3].iter().all(|op| op.is_default()));
/// assert!(!ops[3].is_default());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operator {
    /// `${x}`: the value.
    Value,
    /// `${#x}`: the length of the value, in bytes.
    Length,
    /// `${x^}`: the first character upper-cased.
    UpperFirst,
    /// `${x^^}`: every character upper-cased.
    Upper,
    /// `${x,}`: the first character lower-cased.
    LowerFirst,
    /// `${x,,}`: every character lower-cased.
    Lower,
    /// `${x,^}` or `${x^,}`: parses, leaves the value as is.
    CaseNoop,
    /// `${x#p}`: the shortest prefix matching the glob `p` removed.
    TrimPrefixShortest,
    /// `${x##p}`: the longest prefix matching the glob `p` removed.
    TrimPrefixLongest,
    /// `${x%p}`: the shortest suffix matching the glob `p` removed.
    TrimSuffixShortest,
    /// `${x%%p}`: the longest suffix matching the glob `p` removed.
    TrimSuffixLongest,
    /// `${x:off}` or `${x:off:len}`: a substring (the offset is the first argument, the length
    /// the second).
    Substring,
    /// `${x/p/r}`: the first occurrence of `p` replaced by `r`.
    ReplaceFirst,
    /// `${x//p/r}`: every occurrence of `p` replaced.
    ReplaceAll,
    /// `${x/#p/r}`: `p` replaced at the start.
    ReplacePrefix,
    /// `${x/%p/r}`: `p` replaced at the end.
    ReplaceSuffix,
    /// `${x=w}`: a default form.
    Assign,
    /// `${x:=w}`: a default form (the one the catalog writes).
    AssignColon,
    /// `${x:-w}`: a default form.
    DefaultColon,
    /// `${x:+w}`: `w` when the value is empty, else the value; absent is an error.
    AlternateColon,
    /// `${x:?w}`: the same as `:+` in this engine (and upstream's).
    ErrorColon,
}

impl Operator {
    /// The default forms (`=`, `:=`, `:-`): an absent key takes the argument, a present key
    /// (even empty) its value.
    pub fn is_default(self) -> bool {
        matches!(
            self,
            Operator::Assign | Operator::AssignColon | Operator::DefaultColon
        )
    }

    /// Whether the operator reads a word up to `}` (the default forms, `:+` and `:?`): its
    /// first argument is then always there, empty in `${x:=}`.
    pub(crate) fn takes_word(self) -> bool {
        self.is_default() || matches!(self, Operator::AlternateColon | Operator::ErrorColon)
    }
}

/// A `${...}` expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Expr {
    pub(crate) op: Operator,
    /// The variable name.
    pub(crate) name: Span,
    /// Offset of the `$`.
    pub(crate) offset: usize,
    /// Offset just past the closing `}`.
    pub(crate) end: usize,
    pub(crate) args: [Arg; 2],
    /// The source text of each argument as written (escapes included); meaningful only for
    /// an argument that is there (see [`Operator::takes_word`]).
    pub(crate) spans: [Span; 2],
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
