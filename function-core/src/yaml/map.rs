//! Where the nodes of a document are: [`SourceMap`], from a field path (and a byte range inside
//! a string's value) to a line and column of the source.
//!
//! A string's value is not its source text: quotes, escapes (`\"`, `\u00e9`), `''` in single
//! quotes, the indentation of a block scalar and the folding of line breaks all stand between
//! them. To point inside a string, the scalar's source is decoded again here, recording for each
//! byte of the value the source byte it came from; the result is used only when it decodes to
//! exactly the value the parser read, so a position inside a scalar is either exact or, when
//! the mapping cannot be had (an alias, an unusual folding), the scalar's own start, and
//! [`Location::exact`] says which.

use std::ops::Range;
use std::sync::Arc;

use super::error::Position;
use super::path::{FieldPath, Segment};
use super::tree::{Node, Value};

/// The source text of one file with the start of each line, shared by its documents' maps.
#[derive(Debug)]
struct Text {
    text: Arc<str>,
    line_starts: Vec<usize>,
}

impl Text {
    /// Lines end as YAML's do: at `\r\n`, `\r` or `\n` (the parser's line numbers count them so).
    fn new(text: Arc<str>) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends {
                line_starts.push(i + 1);
            }
        }
        Text { text, line_starts }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a char boundary).
    fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        Position::new(to_u32(line), to_u32(column))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where a node, or a part of a string's value, is in the source.
///
/// ```
/// use function_core::yaml::{self, FieldPath, Options, Position};
///
/// let text = "kind: Function\nspec:\n  args:\n  - \"--a=\\\"x\\\" ${b}\"\n";
/// let located = yaml::map_str(text, "f.yaml", &Options::default()).unwrap();
/// let map = &located[0];
/// let arg = FieldPath::root().key("spec").key("args").index(0);
/// // The value is `--a="x" ${b}`: `${b}` starts at byte 8 of it, column 16 of the line.
/// let at = map.locate_in(&arg, 8..12).unwrap();
/// assert_eq!((at.position, at.exact), (Position::new(4, 16), true));
/// assert_eq!(&map.text()[at.span.clone()], "${b}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The line and column (1-based; the column in characters).
    pub position: Position,
    /// The bytes of the source text it covers (empty when only a point is known).
    pub span: Range<usize>,
    /// Whether this is exactly what was asked for; `false` when a place inside a string could
    /// not be mapped to its source and this is the string's start.
    pub exact: bool,
}

/// The positioned tree of one document, with its source text: where each node is.
///
/// Made by [`map_str`](super::map_str) (one per document, in order, alongside the objects that
/// [`from_str`](super::from_str) reads from the same text).
#[derive(Clone, Debug)]
pub struct SourceMap {
    text: Arc<Text>,
    root: Node,
}

impl SourceMap {
    pub(crate) fn new_set(text: &str, roots: Vec<Node>) -> Vec<SourceMap> {
        let text = Arc::new(Text::new(Arc::from(text)));
        roots
            .into_iter()
            .map(|root| SourceMap {
                text: Arc::clone(&text),
                root,
            })
            .collect()
    }

    /// The source text (of the whole file, all documents).
    pub fn text(&self) -> &str {
        &self.text.text
    }

    /// The source text, shared.
    #[cfg(feature = "lint")]
    pub(crate) fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text.text)
    }

    /// Where the document starts (its first key).
    pub fn document_position(&self) -> Position {
        self.root.pos
    }

    /// The position of byte `offset` of [`text`](Self::text).
    pub fn position(&self, offset: usize) -> Position {
        self.text.position(offset)
    }

    fn node(&self, path: &FieldPath) -> Option<&Node> {
        let mut node = &self.root;
        for segment in path.segments() {
            node = match (segment, &node.value) {
                (Segment::Key(key), Value::Map(_)) => &node.value.get(key)?.value,
                (Segment::Index(i), Value::Seq(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Where the node at `path` is: a scalar with its source text, a list or mapping at its
    /// start. `None` when the document has no node there.
    ///
    /// ```
    /// use function_core::yaml::{self, FieldPath, Options, Position};
    ///
    /// let map = &yaml::map_str("spec:\n  image: 'busybox'\n", "f.yaml", &Options::default()).unwrap()[0];
    /// let at = map.locate(&FieldPath::root().key("spec").key("image")).unwrap();
    /// assert_eq!(at.position, Position::new(2, 10));
    /// assert_eq!(&map.text()[at.span], "'busybox'");
    /// assert!(map.locate(&FieldPath::root().key("metadata")).is_none());
    /// ```
    pub fn locate(&self, path: &FieldPath) -> Option<Location> {
        let node = self.node(path)?;
        Some(self.whole(node))
    }

    /// Where the key of the entry at `path` is (its last segment must be a key).
    pub fn locate_key(&self, path: &FieldPath) -> Option<Location> {
        let Some(Segment::Key(key)) = path.segments().last() else {
            return None;
        };
        let parent = self.node(&path.parent())?;
        let entry = parent.value.get(key)?;
        let start = self.offset_of(entry.key_pos)?;
        let mut end = start + key.len().min(self.text().len() - start);
        while !self.text().is_char_boundary(end) {
            end -= 1;
        }
        Some(Location {
            position: entry.key_pos,
            span: start..end,
            exact: true,
        })
    }

    /// The node at `path`, or its nearest ancestor that exists (the document's start at worst),
    /// with whether it is the node asked for.
    pub fn locate_nearest(&self, path: &FieldPath) -> Location {
        let mut path = path.clone();
        let mut exact = true;
        loop {
            if let Some(mut at) = self.locate(&path) {
                at.exact = exact;
                return at;
            }
            exact = false;
            if path.is_root() {
                let at = self.offset_of(self.root.pos).unwrap_or(0);
                return Location {
                    position: self.root.pos,
                    span: at..at,
                    exact: false,
                };
            }
            path = path.parent();
        }
    }

    /// Where bytes `range` of the string value at `path` are in the source: exact when the
    /// scalar's source can be mapped to its value (plain, single- or double-quoted with
    /// escapes, literal or folded block, on one line or several), else the scalar's start with
    /// [`Location::exact`] `false`. `None` when the node is not a string.
    pub fn locate_in(&self, path: &FieldPath, range: Range<usize>) -> Option<Location> {
        let node = self.node(path)?;
        let Value::Str(value) = &node.value else {
            return None;
        };
        let mapped = node
            .span
            .clone()
            .and_then(|span| source_offsets(self.text(), span, value));
        match mapped {
            Some(offsets) if range.start <= value.len() => {
                let start = offsets[range.start.min(value.len())];
                let end = offsets[range.end.min(value.len())].max(start);
                Some(Location {
                    position: self.position(start),
                    span: start..end,
                    exact: true,
                })
            }
            _ => {
                let mut at = self.whole(node);
                at.exact = false;
                Some(at)
            }
        }
    }

    fn whole(&self, node: &Node) -> Location {
        let span = node
            .span
            .clone()
            .filter(|s| s.end <= self.text().len())
            .or_else(|| self.offset_of(node.pos).map(|o| o..o))
            .unwrap_or(0..0);
        Location {
            position: node.pos,
            span,
            exact: true,
        }
    }

    /// The byte offset of a position.
    fn offset_of(&self, position: Position) -> Option<usize> {
        let start = *self
            .text
            .line_starts
            .get(usize::try_from(position.line).ok()?.checked_sub(1)?)?;
        let line = &self.text()[start..];
        let column = usize::try_from(position.column).ok()?.checked_sub(1)?;
        let within = line
            .char_indices()
            .nth(column)
            .map_or(line.len(), |(i, _)| i);
        Some(start + within)
    }
}

/// For each byte of `value` (and one past its end), the byte of `text` it was read from, when
/// the scalar's source `span` decodes to exactly `value`.
fn source_offsets(text: &str, span: Range<usize>, value: &str) -> Option<Vec<usize>> {
    let src = text.get(span.clone())?;
    let mut decoded = Decoded::default();
    match src.as_bytes().first() {
        Some(b'"') if src.len() >= 2 && src.ends_with('"') => {
            flow(
                &src[1..src.len() - 1],
                span.start + 1,
                Style::Double,
                &mut decoded,
            )?;
        }
        Some(b'\'') if src.len() >= 2 && src.ends_with('\'') => {
            flow(
                &src[1..src.len() - 1],
                span.start + 1,
                Style::Single,
                &mut decoded,
            )?;
        }
        _ => match block_header(&text[..span.start]) {
            Some(folded) => block(text, span.clone(), folded, &mut decoded)?,
            None => flow(src, span.start, Style::Plain, &mut decoded)?,
        },
    }
    let Decoded { mut out, mut map } = decoded;
    if block_header(&text[..span.start]).is_some() {
        // Chomping only changes the final line breaks.
        while out.ends_with('\n') {
            out.pop();
            map.pop();
        }
        let trimmed = value.trim_end_matches('\n');
        if out != trimmed {
            return None;
        }
        // Past the content (the chomped line breaks), point just after it.
        let content_end = map.last().map_or(span.start, |&m| m + 1);
        map.resize(value.len() + 1, content_end);
        return Some(map);
    }
    if out != value {
        return None;
    }
    map.push(span.end.saturating_sub(usize::from(matches!(
        src.as_bytes().first(),
        Some(b'"' | b'\'')
    ))));
    Some(map)
}

/// A decoded value and, per byte, its source byte.
#[derive(Default)]
struct Decoded {
    out: String,
    map: Vec<usize>,
}

impl Decoded {
    fn push(&mut self, c: char, at: usize) {
        self.out.push(c);
        self.map.extend(std::iter::repeat_n(at, c.len_utf8()));
    }

    fn push_str(&mut self, s: &str, at: usize) {
        for (i, c) in s.char_indices() {
            self.push(c, at + i);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
}

/// Whether the text before a scalar ends with a block scalar header (`|`, `>-`, `|2+`, with an
/// optional comment); `Some(true)` for folded (`>`).
fn block_header(before: &str) -> Option<bool> {
    let line = before.trim_end_matches([' ', '\t', '\n', '\r']);
    let line = &line[line.rfind('\n').map_or(0, |i| i + 1)..];
    let line = match line.find(" #") {
        Some(i) => &line[..i],
        None => line,
    };
    let token = line.trim_end().rsplit([' ', '\t']).next()?;
    let mut chars = token.chars();
    let folded = match chars.next()? {
        '|' => false,
        '>' => true,
        _ => return None,
    };
    chars
        .all(|c| c == '+' || c == '-' || c.is_ascii_digit())
        .then_some(folded)
}

/// Decodes a flow scalar's content (without quotes) starting at byte `base` of the text: line
/// folding, and the escapes of its style.
fn flow(src: &str, base: usize, style: Style, d: &mut Decoded) -> Option<()> {
    let lines: Vec<(usize, &str)> = split_lines(src);
    let last = lines.len() - 1;
    let mut empties = 0;
    let mut escaped_break = false;
    let mut first = true;
    for (n, &(start, line)) in lines.iter().enumerate() {
        let mut at = base + start;
        let mut content = line;
        if n > 0 {
            let trimmed = content.trim_start_matches([' ', '\t']);
            at += content.len() - trimmed.len();
            content = trimmed;
        }
        if n < last {
            content = content.trim_end_matches([' ', '\t']);
        }
        if n > 0 && n < last && content.is_empty() {
            empties += 1;
            continue;
        }
        if !first && !escaped_break {
            if empties > 0 {
                for _ in 0..empties {
                    d.push('\n', at);
                }
            } else {
                d.push(' ', at.saturating_sub(1));
            }
        }
        empties = 0;
        first = false;
        escaped_break = false;
        match style {
            Style::Plain => d.push_str(content, at),
            Style::Single => {
                let mut rest = content;
                let mut pos = at;
                while let Some(i) = rest.find("''") {
                    d.push_str(&rest[..i], pos);
                    d.push('\'', pos + i);
                    pos += i + 2;
                    rest = &rest[i + 2..];
                }
                d.push_str(rest, pos);
            }
            Style::Double => {
                escaped_break = unescape(content, at, n < last, d)?;
            }
        }
    }
    Some(())
}

/// The lines of `src` with their byte offsets (a final empty piece after a last `\n` included).
fn split_lines(src: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, _) in src.match_indices('\n') {
        lines.push((start, src[start..i].trim_end_matches('\r')));
        start = i + 1;
    }
    lines.push((start, &src[start..]));
    lines
}

/// Decodes one line of a double-quoted scalar; returns whether it ends with an escaped line
/// break (a final `\`, when a next line follows).
fn unescape(line: &str, at: usize, more: bool, d: &mut Decoded) -> Option<bool> {
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            d.push(c, at + i);
            continue;
        }
        let Some((_, e)) = chars.next() else {
            return more.then_some(true);
        };
        let simple = match e {
            '0' => Some('\0'),
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            't' | '\t' => Some('\t'),
            'n' => Some('\n'),
            'v' => Some('\u{b}'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            ' ' => Some(' '),
            '"' => Some('"'),
            '/' => Some('/'),
            '\\' => Some('\\'),
            'N' => Some('\u{85}'),
            '_' => Some('\u{a0}'),
            'L' => Some('\u{2028}'),
            'P' => Some('\u{2029}'),
            _ => None,
        };
        if let Some(s) = simple {
            d.push(s, at + i);
            continue;
        }
        let digits = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => return None,
        };
        let mut code = 0u32;
        for _ in 0..digits {
            let (_, h) = chars.next()?;
            code = code * 16 + h.to_digit(16)?;
        }
        d.push(char::from_u32(code)?, at + i);
    }
    Some(false)
}

/// Decodes a block scalar whose content starts at `span.start` (its first line's indentation
/// is the text between the line's start and there).
fn block(text: &str, span: Range<usize>, folded: bool, d: &mut Decoded) -> Option<()> {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..span.start];
    if !indent.bytes().all(|b| b == b' ') {
        return None;
    }
    let indent = indent.len();
    let src = &text[span.clone()];
    let mut previous: Option<bool> = None;
    let mut empties: Vec<usize> = Vec::new();
    for (n, (start, line)) in split_lines(src).into_iter().enumerate() {
        let at = span.start + start;
        let (content, at) = if n == 0 {
            (line, at)
        } else if line.len() >= indent && line.as_bytes()[..indent].iter().all(|&b| b == b' ') {
            (&line[indent..], at + indent)
        } else if line.bytes().all(|b| b == b' ') {
            ("", at)
        } else {
            return None;
        };
        if content.is_empty() {
            empties.push(at);
            continue;
        }
        let more = content.starts_with([' ', '\t']);
        match previous {
            None => empties.iter().for_each(|&e| d.push('\n', e)),
            Some(previous_more) if folded && !more && !previous_more => {
                if empties.is_empty() {
                    d.push(' ', at.saturating_sub(1));
                } else {
                    empties.iter().for_each(|&e| d.push('\n', e));
                }
            }
            Some(_) => {
                d.push('\n', at.saturating_sub(1));
                empties.iter().for_each(|&e| d.push('\n', e));
            }
        }
        empties.clear();
        d.push_str(content, at);
        previous = Some(more);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Options, map_str};

    /// The source text at the position of byte `offset` of the value at `key`.
    fn at(text: &str, key: &str, range: Range<usize>) -> (Position, bool, String) {
        let maps = map_str(text, "t.yaml", &Options::default()).expect("parses");
        let l = maps[0]
            .locate_in(&FieldPath::root().key(key), range)
            .expect("a string");
        (l.position, l.exact, text[l.span].to_owned())
    }

    #[test]
    fn plain_and_quoted_scalars_map_exactly() {
        let text = "a: plain ${x}\nb: \"dq \\\" ${y}\"\nc: 'sq '' ${z}'\n";
        assert_eq!(
            at(text, "a", 6..10),
            (Position::new(1, 10), true, "${x}".into())
        );
        // `dq " ${y}`: `${y}` at byte 5 of the value, after the escaped quote.
        assert_eq!(
            at(text, "b", 5..9),
            (Position::new(2, 11), true, "${y}".into())
        );
        assert_eq!(
            at(text, "c", 5..9),
            (Position::new(3, 11), true, "${z}".into())
        );
    }

    #[test]
    fn escapes_of_every_width_map_to_their_backslash() {
        let text = "a: \"\\x41\\u00e9\\U0001F600 ${x}\"\n";
        // Value: `Aé😀 ${x}`: 1 + 2 + 4 + 1 bytes before `${x}`.
        assert_eq!(
            at(text, "a", 8..12),
            (Position::new(1, 26), true, "${x}".into())
        );
        assert_eq!(at(text, "a", 1..3).2, "\\u00e9");
    }

    #[test]
    fn block_scalars_map_line_by_line() {
        let text = "d: |\n  line1\n  l2 ${w}\ne: >-\n  f1\n  f2 ${v}\n";
        assert_eq!(
            at(text, "d", 9..13),
            (Position::new(3, 6), true, "${w}".into())
        );
        // Folded: `f1 f2 ${v}`.
        assert_eq!(
            at(text, "e", 6..10),
            (Position::new(6, 6), true, "${v}".into())
        );
    }

    #[test]
    fn multi_line_flow_scalars_fold() {
        let text = "g: plain\n  multi ${t}\nh: \"one\n\n  two ${s}\"\n";
        // `plain multi ${t}`.
        assert_eq!(
            at(text, "g", 12..16),
            (Position::new(2, 9), true, "${t}".into())
        );
        // `one\ntwo ${s}` (the empty line is the line break).
        assert_eq!(
            at(text, "h", 8..12),
            (Position::new(5, 7), true, "${s}".into())
        );
    }

    #[test]
    fn lines_end_as_yaml_ends_them() {
        // CRLF is one line break, a lone CR another, as the parser counts them.
        let text = "a: x\r\nb: y\rc: plain ${z}\n";
        assert_eq!(
            at(text, "c", 6..10),
            (Position::new(3, 10), true, "${z}".into())
        );
    }

    #[test]
    fn aliases_fall_back_to_the_scalar() {
        let text = "x: &v plain ${x}\na: *v\n";
        let (position, exact, source) = at(text, "a", 6..10);
        assert_eq!((position, exact), (Position::new(2, 4), false));
        assert_eq!(source, "*v");
    }

    #[test]
    fn nearest_ancestor_and_keys() {
        let text = "spec:\n  args:\n  - a\n";
        let maps = map_str(text, "t.yaml", &Options::default()).expect("parses");
        let missing = FieldPath::root().key("spec").key("image");
        let l = maps[0].locate_nearest(&missing);
        assert_eq!((l.position, l.exact), (Position::new(2, 3), false));
        let key = maps[0]
            .locate_key(&FieldPath::root().key("spec").key("args"))
            .expect("a key");
        assert_eq!(
            (key.position, &text[key.span]),
            (Position::new(2, 3), "args")
        );
    }
}
