//! The scanner/parser: a re-implementation of upstream's rune scanner with its
//! exact acceptance rules, producing [`ast`](super::ast) spans.
//!
//! Upstream facts this follows (gomodules.xyz/envsubst v0.2.0, forked from
//! drone/envsubst):
//! - top-level text ends at `${`; `$$` is an escape there (a pair taken from
//!   the left: `$$` is `$`, `$${a}` is the text `${a}`); backslash is not;
//! - a NUL character is the scanner's end-of-input marker: parsing stops at
//!   the first NUL and the rest of the template is dropped (so the parser
//!   only ever sees the text before it);
//! - an argument is a single token: a text run or one nested `${...}`; the
//!   default forms take several (text and nested expressions, up to `}`);
//! - in replacement arguments (`${x/p/r}`) `$$`, `\/` and `\\` are escapes;
//! - the pattern argument of a replacement ends at `/` only, so it may
//!   contain `}`;
//! - the escape character is dropped and the escaped one taken literally,
//!   which upstream does by copying the rest of the input each time
//!   (quadratic); here it is a hole between two spans (linear).
//!
//! Nesting is handled with an explicit stack, so arbitrarily deep templates
//! cannot overflow the call stack.

use super::Error;
use super::ast::{Arena, Arg, Expr, Item, Operator, Piece, Span};
use super::unicode::is_ident_char;

/// Which characters end a text argument, and whether escapes apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// `${x:off` (ends at `:` or `}`)
    SubstrOff,
    /// `${x:off:len` (ends at `}`)
    SubstrLen,
    /// `${x#p` (ends at `}`)
    RemovePattern,
    /// `${x/p` (ends at `/`; escapes)
    ReplacePattern,
    /// `${x/p/r` (ends at `}`; escapes)
    ReplaceWith,
    /// `${x:=w` (ends at `}`; repeated)
    DefaultWord,
}

impl State {
    fn escapes(self) -> bool {
        matches!(self, State::ReplacePattern | State::ReplaceWith)
    }

    fn stops_at(self, c: u8) -> bool {
        match self {
            State::SubstrOff => c == b':' || c == b'}',
            State::ReplacePattern => c == b'/',
            State::SubstrLen | State::RemovePattern | State::ReplaceWith | State::DefaultWord => {
                c == b'}'
            }
        }
    }
}

/// Pieces of the argument being read.
#[derive(Clone, Copy, Debug)]
enum Acc {
    Empty,
    One(Piece),
    /// Pieces on the parser's stack from this index on.
    Stacked(usize),
}

/// An expression waiting for an argument.
#[derive(Clone, Copy, Debug)]
struct Frame {
    expr: Expr,
    state: State,
    acc: Acc,
    /// Where the argument being read starts in the source.
    arg_start: usize,
}

enum Begin {
    Done(Expr),
    Need(Frame),
}

enum Param {
    /// Text pieces were added to the argument.
    Text,
    /// A nested `${` starts at this offset (already consumed).
    Nested(usize),
}

enum Step {
    NeedParam,
    Done,
}

/// `IDENT[b]` is true for the ASCII bytes of a name: letters, digits, `_`.
static IDENT: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric() || c == b'_';
        i += 1;
    }
    t
};

/// The common expressions, recognised without building an [`Expr`].
pub(crate) enum Simple {
    /// `${name}`
    Value(Span),
    /// `${name=word}`, `${name:=word}`, `${name:-word}` with a plain word
    /// (no `$`, `}` or NUL).
    Default(Span, Span),
}

/// Parses `src` into `arena` (nested expressions) and top-level items.
pub(crate) struct Parser<'s> {
    /// The input up to its first NUL (the scanner's end of input).
    src: &'s str,
    b: &'s [u8],
    /// Whether a NUL follows `src`: upstream's scanner reads it as end of
    /// input of width 1, which differs from the real end in one place.
    nul: bool,
    pos: usize,
    pub(crate) arena: Arena,
    stack: Vec<Piece>,
}

impl<'s> Parser<'s> {
    pub(crate) fn new(text: &'s str) -> Parser<'s> {
        let end = memchr::memchr(0, text.as_bytes()).unwrap_or(text.len());
        // NUL is ASCII: `end` is a character boundary.
        let src = &text[..end];
        Parser {
            src,
            b: src.as_bytes(),
            nul: end < text.len(),
            pos: 0,
            arena: Arena::default(),
            stack: Vec::new(),
        }
    }

    /// Parses a whole template.
    pub(crate) fn parse_all(mut self) -> Result<(Vec<Item>, Arena), Error> {
        let mut items = Vec::new();
        loop {
            let next = self.scan_text(&mut |span| items.push(Item::Text(span)));
            match next {
                None => return Ok((items, self.arena)),
                Some(offset) => {
                    let expr = self.parse_expr(offset)?;
                    items.push(Item::Expr(expr));
                }
            }
        }
    }

    /// Scans top-level text from the current position, calling `emit` for
    /// each literal span. Returns the offset of the next `${` (consumed), or
    /// `None` at the end of input (or a NUL).
    pub(crate) fn scan_text(&mut self, emit: &mut impl FnMut(Span)) -> Option<usize> {
        let b = self.b;
        let mut seg = self.pos;
        let mut i = self.pos;
        loop {
            let Some(k) = memchr::memchr(b'$', &b[i..]) else {
                if seg < b.len() {
                    emit(Span::new(seg, b.len()));
                }
                self.pos = b.len();
                return None;
            };
            let j = i + k;
            match b.get(j + 1) {
                Some(b'{') => {
                    if seg < j {
                        emit(Span::new(seg, j));
                    }
                    self.pos = j + 2;
                    return Some(j);
                }
                Some(b'$') => {
                    // `$$`: drop the first, keep the second literally.
                    if seg < j {
                        emit(Span::new(seg, j));
                    }
                    seg = j + 1;
                    i = j + 2;
                }
                _ => i = j + 1,
            }
        }
    }

    /// Recognises a [`Simple`] expression after `${` (consumed); on `None`
    /// nothing is consumed and [`Parser::parse_expr`] must be used.
    #[inline]
    pub(crate) fn simple(&mut self) -> Option<Simple> {
        let b = self.b;
        let start = self.pos;
        let mut i = start;
        while i < b.len() && IDENT[usize::from(b[i])] {
            i += 1;
        }
        if i == start {
            return None;
        }
        let name = Span::new(start, i);
        let word_start = match b.get(i) {
            Some(b'}') => {
                self.pos = i + 1;
                return Some(Simple::Value(name));
            }
            Some(b'=') => i + 1,
            Some(b':') if matches!(b.get(i + 1), Some(b'=' | b'-')) => i + 2,
            _ => return None,
        };
        // Defaults are short: a plain loop beats a vectorised search here.
        let mut end = word_start;
        loop {
            match b.get(end) {
                Some(b'}') => break,
                Some(b'$') | None => return None,
                Some(_) => end += 1,
            }
        }
        self.pos = end + 1;
        Some(Simple::Default(name, Span::new(word_start, end)))
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// Upstream's `acceptIdent` run: Unicode letters, digits and `_`.
    fn scan_name(&mut self) -> Option<Span> {
        let start = self.pos;
        let mut i = start;
        while let Some(&c) = self.b.get(i) {
            if c < 0x80 {
                if IDENT[usize::from(c)] {
                    i += 1;
                    continue;
                }
                break;
            }
            match self.src[i..].chars().next() {
                Some(ch) if is_ident_char(ch) => i += ch.len_utf8(),
                _ => break,
            }
        }
        self.pos = i;
        (i > start).then_some(Span::new(start, i))
    }

    /// Consumes `}` or fails with `bad substitution` (upstream `consumeRbrack`).
    fn close(&mut self) -> Result<(), Error> {
        if self.peek() == Some(b'}') {
            self.pos += 1;
            Ok(())
        } else {
            Err(Error::BadSubstitution { offset: self.pos })
        }
    }

    fn expr(&self, op: Operator, name: Span, offset: usize) -> Expr {
        let n = self.arena.exprs.len();
        Expr {
            op,
            name,
            offset,
            end: self.pos,
            args: [Arg::Absent, Arg::Absent],
            spans: [Span::new(self.pos, self.pos); 2],
            desc: (n, n),
        }
    }

    fn need(&self, op: Operator, name: Span, offset: usize, state: State) -> Begin {
        Begin::Need(Frame {
            expr: self.expr(op, name, offset),
            state,
            acc: Acc::Empty,
            arg_start: self.pos,
        })
    }

    /// Upstream `parseFunc`, after `${`.
    fn begin(&mut self, offset: usize) -> Result<Begin, Error> {
        let mut begun = self.begin_expr(offset)?;
        if let Begin::Done(e) = &mut begun {
            e.end = self.pos;
        }
        Ok(begun)
    }

    fn begin_expr(&mut self, offset: usize) -> Result<Begin, Error> {
        if self.peek() == Some(b'#') {
            // ${#name}
            self.pos += 1;
            let name = self
                .scan_name()
                .ok_or(Error::BadSubstitution { offset: self.pos })?;
            self.close()?;
            return Ok(Begin::Done(self.expr(Operator::Length, name, offset)));
        }
        let name = self
            .scan_name()
            .ok_or(Error::ParseVariableName { offset: self.pos })?;
        let b = self.b;
        let at = |i: usize| b.get(i).copied();
        let p = self.pos;
        match at(p) {
            Some(b'}') => {
                self.pos += 1;
                Ok(Begin::Done(self.expr(Operator::Value, name, offset)))
            }
            Some(b':') => match at(p + 1) {
                Some(c @ (b'=' | b'-' | b'?' | b'+')) => {
                    self.pos += 2;
                    let op = match c {
                        b'=' => Operator::AssignColon,
                        b'-' => Operator::DefaultColon,
                        b'?' => Operator::ErrorColon,
                        _ => Operator::AlternateColon,
                    };
                    self.begin_default(op, name, offset)
                }
                // Upstream peeks two runes with read/peek/unread, which moves
                // back by the width of the second one: at the end of input it
                // does not move back at all, and before a multi-byte rune it
                // lands inside the name. Both end in `bad substitution`. A NUL
                // (width 1) moves back to the `:`: a substring whose offset
                // is missing.
                None if !self.nul => Err(Error::BadSubstitution { offset: p + 1 }),
                Some(c) if c >= 0x80 => Err(Error::BadSubstitution { offset: p + 1 }),
                Some(_) | None => {
                    self.pos += 1;
                    Ok(self.need(Operator::Substring, name, offset, State::SubstrOff))
                }
            },
            Some(b'=') => {
                self.pos += 1;
                self.begin_default(Operator::Assign, name, offset)
            }
            Some(c @ (b',' | b'^')) => {
                let second = at(p + 1).filter(|&d| d == b',' || d == b'^');
                self.pos += 1 + usize::from(second.is_some());
                let op = match (c, second) {
                    (b',', None) => Operator::LowerFirst,
                    (b',', Some(b',')) => Operator::Lower,
                    (b'^', None) => Operator::UpperFirst,
                    (b'^', Some(b'^')) => Operator::Upper,
                    _ => Operator::CaseNoop,
                };
                self.close()?;
                Ok(Begin::Done(self.expr(op, name, offset)))
            }
            Some(b'/') => {
                let op = match at(p + 1) {
                    Some(b'/') => Operator::ReplaceAll,
                    Some(b'#') => Operator::ReplacePrefix,
                    Some(b'%') => Operator::ReplaceSuffix,
                    _ => Operator::ReplaceFirst,
                };
                self.pos += if op == Operator::ReplaceFirst { 1 } else { 2 };
                Ok(self.need(op, name, offset, State::ReplacePattern))
            }
            Some(c @ (b'#' | b'%')) => {
                let double = at(p + 1) == Some(c);
                self.pos += 1 + usize::from(double);
                let op = match (c, double) {
                    (b'#', false) => Operator::TrimPrefixShortest,
                    (b'#', true) => Operator::TrimPrefixLongest,
                    (_, false) => Operator::TrimSuffixShortest,
                    (_, true) => Operator::TrimSuffixLongest,
                };
                Ok(self.need(op, name, offset, State::RemovePattern))
            }
            _ => Err(Error::MissingClosingBrace { offset: p }),
        }
    }

    fn begin_default(&mut self, op: Operator, name: Span, offset: usize) -> Result<Begin, Error> {
        if self.peek() == Some(b'}') {
            // `${x:=}`: an empty word, before the `}` (`expr` takes the position).
            let done = self.expr(op, name, offset);
            self.pos += 1;
            return Ok(Begin::Done(done));
        }
        Ok(self.need(op, name, offset, State::DefaultWord))
    }

    fn add_piece(&mut self, acc: &mut Acc, piece: Piece) {
        *acc = match *acc {
            Acc::Empty => Acc::One(piece),
            Acc::One(first) => {
                let base = self.stack.len();
                self.stack.push(first);
                self.stack.push(piece);
                Acc::Stacked(base)
            }
            Acc::Stacked(base) => {
                self.stack.push(piece);
                Acc::Stacked(base)
            }
        };
    }

    fn finish_arg(&mut self, acc: &mut Acc) -> Arg {
        let arg = match *acc {
            Acc::Empty => Arg::Absent,
            Acc::One(piece) => Arg::One(piece),
            Acc::Stacked(base) => {
                let start = self.arena.pieces.len();
                self.arena.pieces.extend(self.stack.drain(base..));
                Arg::Many {
                    start,
                    len: self.arena.pieces.len() - start,
                }
            }
        };
        *acc = Acc::Empty;
        arg
    }

    /// Upstream `parseParam`: one text token or one nested expression.
    fn scan_param(&mut self, state: State, acc: &mut Acc) -> Result<Param, Error> {
        let b = self.b;
        let escapes = state.escapes();
        let mut seg = self.pos;
        let mut i = self.pos;
        let mut first = true;
        loop {
            let Some(&c) = b.get(i) else {
                if first {
                    return Err(Error::ParseFuncSubstitution { offset: i });
                }
                break;
            };
            if c == b'$' && b.get(i + 1) == Some(&b'{') {
                if first {
                    self.pos = i + 2;
                    return Ok(Param::Nested(i));
                }
                break;
            }
            let escaped = escapes
                && match c {
                    b'$' => b.get(i + 1) == Some(&b'$'),
                    b'\\' => matches!(b.get(i + 1), Some(b'/' | b'\\')),
                    _ => false,
                };
            if escaped {
                if seg < i {
                    self.add_piece(acc, Piece::Text(Span::new(seg, i)));
                }
                seg = i + 1;
                i += 2;
            } else if state.stops_at(c) {
                if first {
                    return Err(Error::ParseFuncSubstitution { offset: i });
                }
                break;
            } else {
                i += 1;
            }
            first = false;
        }
        if seg < i {
            self.add_piece(acc, Piece::Text(Span::new(seg, i)));
        }
        self.pos = i;
        Ok(Param::Text)
    }

    /// Moves a frame on after an argument was read.
    fn advance(&mut self, f: &mut Frame) -> Result<Step, Error> {
        match f.state {
            State::SubstrOff => {
                f.expr.args[0] = self.finish_arg(&mut f.acc);
                f.expr.spans[0] = Span::new(f.arg_start, self.pos);
                match self.peek() {
                    Some(b'}') => {
                        self.pos += 1;
                        Ok(Step::Done)
                    }
                    Some(b':') => {
                        // Upstream's delimiter token is any run of colons.
                        while self.peek() == Some(b':') {
                            self.pos += 1;
                        }
                        f.state = State::SubstrLen;
                        f.arg_start = self.pos;
                        Ok(Step::NeedParam)
                    }
                    _ => Err(Error::BadSubstitution { offset: self.pos }),
                }
            }
            State::ReplacePattern => {
                f.expr.args[0] = self.finish_arg(&mut f.acc);
                f.expr.spans[0] = Span::new(f.arg_start, self.pos);
                if self.peek() != Some(b'/') {
                    return Err(Error::BadSubstitution { offset: self.pos });
                }
                // Upstream's delimiter token is any run of slashes.
                while self.peek() == Some(b'/') {
                    self.pos += 1;
                }
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    return Ok(Step::Done);
                }
                f.state = State::ReplaceWith;
                f.arg_start = self.pos;
                Ok(Step::NeedParam)
            }
            State::SubstrLen | State::RemovePattern | State::ReplaceWith => {
                let slot = usize::from(f.state != State::RemovePattern);
                f.expr.args[slot] = self.finish_arg(&mut f.acc);
                f.expr.spans[slot] = Span::new(f.arg_start, self.pos);
                self.close()?;
                Ok(Step::Done)
            }
            State::DefaultWord => {
                if self.peek() == Some(b'}') {
                    f.expr.args[0] = self.finish_arg(&mut f.acc);
                    f.expr.spans[0] = Span::new(f.arg_start, self.pos);
                    self.pos += 1;
                    Ok(Step::Done)
                } else {
                    Ok(Step::NeedParam)
                }
            }
        }
    }

    fn push_nested(&mut self, mut expr: Expr) -> usize {
        expr.desc.1 = self.arena.exprs.len();
        self.arena.exprs.push(expr);
        self.arena.exprs.len() - 1
    }

    /// Parses one expression; `offset` is its `$`, `${` is consumed.
    pub(crate) fn parse_expr(&mut self, offset: usize) -> Result<Expr, Error> {
        let mut cur = match self.begin(offset)? {
            Begin::Done(e) => return Ok(e),
            Begin::Need(f) => f,
        };
        let mut parents: Vec<Frame> = Vec::new();
        loop {
            // `cur` waits for an argument.
            let mut acc = cur.acc;
            let param = self.scan_param(cur.state, &mut acc);
            cur.acc = acc;
            match param? {
                Param::Text => {}
                Param::Nested(off) => match self.begin(off)? {
                    Begin::Done(e) => {
                        let id = self.push_nested(e);
                        let mut acc = cur.acc;
                        self.add_piece(&mut acc, Piece::Expr(id));
                        cur.acc = acc;
                    }
                    Begin::Need(f) => {
                        parents.push(std::mem::replace(&mut cur, f));
                        continue;
                    }
                },
            }
            loop {
                match self.advance(&mut cur)? {
                    Step::NeedParam => break,
                    Step::Done => {
                        let mut done = cur.expr;
                        done.desc.1 = self.arena.exprs.len();
                        done.end = self.pos;
                        match parents.pop() {
                            None => return Ok(done),
                            Some(parent) => {
                                cur = parent;
                                let id = self.push_nested(done);
                                let mut acc = cur.acc;
                                self.add_piece(&mut acc, Piece::Expr(id));
                                cur.acc = acc;
                            }
                        }
                    }
                }
            }
        }
    }
}
