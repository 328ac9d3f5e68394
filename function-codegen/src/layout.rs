//! Text layout for what prettyplease leaves alone or lays out unlike rustfmt: `#[function(...)]`
//! attributes holding lists or calls, `addon! { ... }` bodies, and items inside
//! `function_core::with_api! { ... }`.
//!
//! rustfmt formats neither the inside of a brace-delimited macro call nor an attribute whose
//! values are not all literals, so what is laid out here stays as it is under `cargo fmt`; the
//! rest of the file is prettyplease's, which agrees with rustfmt on the items generated (the
//! golden tests run rustfmt over the output to hold both to it).

/// The widest line aimed for (rustfmt's `max_width`).
pub(crate) const WIDTH: usize = 100;
/// rustfmt's `attr_fn_like_width`: the arguments of an attribute on one line fit in this.
const ATTR_ARGS_WIDTH: usize = 70;

/// `text` with every non-empty line indented by `by` spaces. Only for text whose string
/// literals hold no line break (every literal generated here is escaped).
pub(crate) fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    let mut out = String::with_capacity(text.len() + text.lines().count() * by);
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// A value in an attribute or a macro body: text on one line, a list, or a map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    /// Text that stays on one line: a literal, a path, a call.
    Atom(String),
    /// `[a, b]`: on one line if it fits, else one item per line.
    List(Vec<Node>),
    /// `{ key: value, ... }` (or `head { ... }`): on one line if it fits, else one field per line.
    Map {
        head: Option<String>,
        fields: Vec<(String, Node)>,
        /// Never on one line (tasks, the Addon's body).
        broken: bool,
    },
}

impl Node {
    pub(crate) fn atom(text: impl Into<String>) -> Node {
        Node::Atom(text.into())
    }

    /// A string literal, escaped as Rust writes it.
    pub(crate) fn string(text: &str) -> Node {
        Node::Atom(proc_macro2::Literal::string(text).to_string())
    }

    /// The node on one line, if it may be.
    fn flat(&self) -> Option<String> {
        match self {
            Node::Atom(text) => Some(text.clone()),
            Node::List(items) => {
                let items: Option<Vec<String>> = items.iter().map(Node::flat).collect();
                Some(format!("[{}]", items?.join(", ")))
            }
            Node::Map {
                head,
                fields,
                broken,
            } => {
                if *broken {
                    return None;
                }
                let fields: Option<Vec<String>> = fields
                    .iter()
                    .map(|(k, v)| v.flat().map(|v| format!("{k}: {v}")))
                    .collect();
                let body = fields?.join(", ");
                let head = head.as_ref().map(|h| format!("{h} ")).unwrap_or_default();
                Some(if body.is_empty() {
                    format!("{head}{{}}")
                } else {
                    format!("{head}{{ {body} }}")
                })
            }
        }
    }

    /// The node laid out on a line indented by `indent`, starting at column `column`, followed
    /// by `suffix` (`,`): on one line if it fits in [`WIDTH`], else broken, its items or fields
    /// indented one level deeper than the line. The first line has no indentation (it follows
    /// what precedes it).
    pub(crate) fn render(&self, indent: usize, column: usize, suffix: &str) -> String {
        if let Some(flat) = self.flat()
            && column + flat.len() + suffix.len() <= WIDTH
        {
            return format!("{flat}{suffix}");
        }
        let pad = " ".repeat(indent + 4);
        let close = " ".repeat(indent);
        match self {
            Node::Atom(text) => format!("{text}{suffix}"),
            Node::List(items) => {
                if items.is_empty() {
                    return format!("[]{suffix}");
                }
                let mut out = String::from("[\n");
                for item in items {
                    out.push_str(&pad);
                    out.push_str(&item.render(indent + 4, indent + 4, ","));
                    out.push('\n');
                }
                out.push_str(&close);
                out.push(']');
                out.push_str(suffix);
                out
            }
            Node::Map { head, fields, .. } => {
                let mut out = head.as_ref().map(|h| format!("{h} ")).unwrap_or_default();
                out.push_str("{\n");
                for (key, value) in fields {
                    out.push_str(&pad);
                    out.push_str(key);
                    out.push_str(": ");
                    out.push_str(&value.render(indent + 4, indent + 4 + key.len() + 2, ","));
                    out.push('\n');
                }
                out.push_str(&close);
                out.push('}');
                out.push_str(suffix);
                out
            }
        }
    }
}

/// `#[name(key = value, ...)]`, as rustfmt lays out an attribute: on one line when its arguments
/// fit in 70 columns and the line in 100, else one argument per line. `value`s that are lists
/// break one item per line when they do not fit.
pub(crate) fn attribute(name: &str, args: &[(String, Node)]) -> String {
    let flat: Option<Vec<String>> = args
        .iter()
        .map(|(k, v)| v.flat().map(|v| format!("{k} = {v}")))
        .collect();
    if let Some(flat) = flat {
        let joined = flat.join(", ");
        if joined.len() <= ATTR_ARGS_WIDTH && name.len() + joined.len() + 5 <= WIDTH {
            return format!("#[{name}({joined})]");
        }
    }
    let mut out = format!("#[{name}(\n");
    for (i, (key, value)) in args.iter().enumerate() {
        let last = i + 1 == args.len();
        out.push_str("    ");
        out.push_str(key);
        out.push_str(" = ");
        out.push_str(&value.render(4, 4 + key.len() + 3, if last { "" } else { "," }));
        out.push('\n');
    }
    out.push_str(")]");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_attributes_stay_on_one_line() {
        let args = vec![
            ("name".to_owned(), Node::string("a")),
            ("image".to_owned(), Node::string("b:1")),
        ];
        assert_eq!(
            attribute("function", &args),
            "#[function(name = \"a\", image = \"b:1\")]"
        );
    }

    #[test]
    fn long_attributes_and_lists_break() {
        let versions: Vec<Node> = (0..12).map(|i| Node::string(&format!("1.{i}.0"))).collect();
        let args = vec![
            ("name".to_owned(), Node::string("postgres-backup")),
            ("available_versions".to_owned(), Node::List(versions)),
            (
                "args".to_owned(),
                Node::List(vec![Node::atom("namespace"), Node::string("--v")]),
            ),
        ];
        assert_eq!(
            attribute("function", &args),
            "#[function(\n    name = \"postgres-backup\",\n    available_versions = [\n        \"1.0.0\",\n        \"1.1.0\",\n        \"1.2.0\",\n        \"1.3.0\",\n        \"1.4.0\",\n        \"1.5.0\",\n        \"1.6.0\",\n        \"1.7.0\",\n        \"1.8.0\",\n        \"1.9.0\",\n        \"1.10.0\",\n        \"1.11.0\",\n    ],\n    args = [namespace, \"--v\"]\n)]"
        );
    }

    #[test]
    fn maps_break_when_they_do_not_fit() {
        let map = Node::Map {
            head: Some("paths".into()),
            fields: vec![("usage".into(), Node::string(&"x".repeat(90)))],
            broken: false,
        };
        assert_eq!(
            map.render(0, 0, ","),
            format!("paths {{\n    usage: \"{}\",\n}},", "x".repeat(90))
        );
        let short = Node::Map {
            head: None,
            fields: vec![("name".into(), Node::string("a"))],
            broken: false,
        };
        assert_eq!(short.render(8, 8, ","), "{ name: \"a\" },");
    }

    #[test]
    fn indentation_skips_empty_lines() {
        assert_eq!(indent("a\n\nb\n", 4), "    a\n\n    b\n");
    }
}
