//! Property tests of the substitution engine.

use std::collections::BTreeMap;

use function_core::envsubst::{
    Expression, Part, Template, Vars, eval_map, eval_map_bytes, go_lossy, json,
};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

/// Templates built from the characters that matter to the scanner, names,
/// numbers and arbitrary characters.
fn template() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "${", "}", "$", "$$", ":", "=", "-", "?", "+", "#", "%", "/", "\\", ",", "^", "*",
            "[", "]", "{", "(", ")", "\0", "${a", "${b}", "${x:", "${#", ":-", ":=", "//", "é",
        ])
        .prop_map(String::from),
        2 => "[abx]{1,2}",
        1 => "-?[0-9]{1,2}",
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn inputs() -> impl Strategy<Value = Vars> {
    let key = prop_oneof![
        Just("a".to_string()),
        Just("b".to_string()),
        Just("x".to_string()),
        "[a-zé_0-9]{1,3}"
    ];
    let value = prop_oneof![
        Just(String::new()),
        "[a-c/*.é€-]{0,6}",
        "-?[0-9]{1,2}",
        any::<String>(),
    ];
    prop::collection::vec((key, value), 0..5).prop_map(|kv| kv.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn text_without_dollar_is_unchanged(text in any::<String>(), v in inputs()) {
        let text: String = text.chars().filter(|&c| c != '$').collect();
        // A NUL is the scanner's end of input: everything from it is dropped.
        let expected = text.split('\0').next().unwrap_or_default();
        prop_assert_eq!(eval_map(&text, &v).unwrap(), expected);
        prop_assert_eq!(Template::parse(&text).unwrap().render(&v).unwrap(), expected);
    }

    #[test]
    fn escaped_dollars_come_back_single(text in "[^$\0]{0,8}", n in 0usize..6) {
        let t = format!("{}{text}", "$$".repeat(n));
        prop_assert_eq!(eval_map(&t, &Vars::default()).unwrap(), format!("{}{text}", "$".repeat(n)));
    }

    #[test]
    fn never_panics_and_paths_agree(t in template(), v in inputs()) {
        let one_shot = eval_map(&t, &v);
        let bytes = eval_map_bytes(&t, &v);
        let compiled = Template::parse(&t);
        match &compiled {
            Ok(tpl) => {
                prop_assert_eq!(&tpl.render(&v), &one_shot);
                prop_assert_eq!(&tpl.render_bytes(&v), &bytes);
                let opens = t.matches("${").count();
                prop_assert!(tpl.variables().count() <= opens);
            }
            Err(e) => {
                prop_assert!(e.is_parse_error());
                prop_assert_eq!(Err(e.clone()), one_shot.clone());
            }
        }
        match (&one_shot, &bytes) {
            (Ok(s), Ok(b)) => prop_assert_eq!(s, &go_lossy(b)),
            (Err(a), Err(b)) => {
                prop_assert_eq!(a, b);
                prop_assert!(a.offset() <= t.len());
            }
            _ => prop_assert!(false, "string and byte results disagree"),
        }
        // The document modes never panic either.
        let doc = vec![t.clone()];
        let _ = json::eval(&doc, &v);
        let _ = json::eval_strict(&doc, &v);
    }
}

/// The source of a part, as written.
fn part_source<'t>(t: &'t Template<'_>, part: &Part<'t>) -> &'t str {
    match part {
        Part::Text { text, .. } => text,
        Part::Escape { offset } => &t.source()[*offset..offset + 2],
        Part::Expression(e) => e.source(),
    }
}

/// Checks the spans of an expression and of everything nested in it against the source.
fn check_expression(src: &str, e: &Expression<'_>) -> Result<(), TestCaseError> {
    let span = e.span();
    prop_assert_eq!(&src[span.clone()], e.source());
    let delimited = e.source().starts_with("${") && e.source().ends_with('}');
    prop_assert!(delimited, "not delimited: {}", e.source());
    prop_assert_eq!(e.offset(), span.start);
    let name = e.name_span();
    prop_assert!(span.start + 2 <= name.start && name.end < span.end);
    prop_assert_eq!(&src[name.clone()], e.name());
    prop_assert!(!e.name().is_empty());
    let mut at = name.end;
    let args = [e.argument(), e.second_argument()];
    prop_assert!(args[1].is_none() || args[0].is_some());
    prop_assert_eq!(e.default().is_some(), e.operator().is_default());
    let mut nested_here = 0;
    for arg in args.iter().flatten() {
        let s = arg.span();
        prop_assert!(at <= s.start && s.end < span.end, "{:?} in {:?}", s, span);
        prop_assert_eq!(&src[s.clone()], arg.source());
        at = s.end;
        let mut inner_at = s.start;
        for n in arg.nested() {
            prop_assert!(inner_at <= n.offset() && n.span().end <= s.end);
            inner_at = n.span().end;
            check_expression(src, &n)?;
            nested_here += 1;
        }
        prop_assert_eq!(arg.has_nested(), arg.nested().next().is_some());
        prop_assert_eq!(arg.literal().is_none(), arg.has_nested());
    }
    prop_assert_eq!(e.nested().count(), nested_here);
    prop_assert_eq!(e.has_nested(), nested_here > 0);
    Ok(())
}

/// A default-form expression with a default of text and nested default forms, and its value
/// when the inputs hold the names in `present`.
#[derive(Clone, Debug)]
enum Node {
    Text(String),
    Escape,
    Default {
        name: String,
        op: &'static str,
        word: Vec<Node>,
    },
}

fn render_node(node: &Node, out: &mut String) {
    match node {
        Node::Text(t) => out.push_str(t),
        Node::Escape => out.push_str("$$"),
        Node::Default { name, op, word } => {
            out.push_str("${");
            out.push_str(name);
            out.push_str(op);
            for n in word {
                render_node(n, out);
            }
            out.push('}');
        }
    }
}

fn default_form(depth: u32) -> BoxedStrategy<Node> {
    let name = "[abxé_0-9]{1,2}";
    let op = prop::sample::select(vec![":=", "=", ":-"]);
    // A default's text: no `}` (it would end the default) and no `$` (no escapes there).
    let word_text = "[^}$\\x00]{0,4}".prop_map(Node::Text);
    if depth == 0 {
        (name, op, prop::collection::vec(word_text, 0..2))
            .prop_map(|(name, op, word)| Node::Default { name, op, word })
            .boxed()
    } else {
        let piece = prop_oneof![3 => word_text, 1 => default_form(depth - 1)];
        (name, op, prop::collection::vec(piece, 0..3))
            .prop_map(|(name, op, word)| Node::Default { name, op, word })
            .boxed()
    }
}

/// Templates of plain text (no `$`), `$$` escapes and default-form expressions.
fn default_template() -> impl Strategy<Value = String> {
    let node = prop_oneof![
        2 => "[^$\\x00]{1,4}".prop_map(Node::Text),
        1 => Just(Node::Escape),
        2 => default_form(2),
    ];
    prop::collection::vec(node, 0..6).prop_map(|nodes| {
        let mut out = String::new();
        for n in &nodes {
            render_node(n, &mut out);
        }
        out
    })
}

/// The value of a default-form expression computed from the view alone: the input when the
/// name is there, else the default with each nested expression replaced by its own value.
fn value_from_view(src: &str, e: &Expression<'_>, v: &Vars) -> String {
    if let Some(value) = v.get(e.name()) {
        return value.clone();
    }
    let default = e.default().expect("a default form");
    let mut out = String::new();
    let mut at = default.span().start;
    for n in default.nested() {
        out.push_str(&src[at..n.offset()]);
        out.push_str(&value_from_view(src, &n, v));
        at = n.span().end;
    }
    out.push_str(&src[at..default.span().end]);
    if !default.has_nested() {
        assert_eq!(default.literal().as_deref(), Some(out.as_str()));
    }
    out
}

/// A well-formed `${...}` expression of any operator, with nested expressions in its
/// arguments up to `depth` levels.
fn expression(depth: u32) -> BoxedStrategy<String> {
    let name = prop_oneof![4 => "[abx]", 1 => "[a-cé_0-9]{1,2}"];
    // One argument token of a non-default operator: a text run or one nested expression.
    let token = move |text: &'static str| -> BoxedStrategy<String> {
        if depth == 0 {
            text.boxed()
        } else {
            prop_oneof![3 => text.boxed(), 1 => expression(depth - 1)].boxed()
        }
    };
    // A default's word: text up to `}` (no escapes there) and nested expressions.
    let word = if depth == 0 {
        "[^}$\\x00]{0,3}".boxed()
    } else {
        prop::collection::vec(
            prop_oneof![3 => "[^}$\\x00]{1,3}".boxed(), 1 => expression(depth - 1)],
            0..3,
        )
        .prop_map(|v| v.concat())
        .boxed()
    };
    // A replacement's text: `\/`, `\\` and `$$` are escapes there.
    let replace_text = prop::collection::vec(
        prop_oneof![
            3 => "[a-c.*]{1,2}".boxed(),
            1 => Just(r"\/".to_string()).boxed(),
            1 => Just(r"\\".to_string()).boxed(),
            1 => Just("$$".to_string()).boxed(),
        ],
        1..3,
    )
    .prop_map(|v| v.concat());
    let replace_pattern = replace_text.clone();
    let replacement = if depth == 0 {
        replace_text.boxed()
    } else {
        prop_oneof![3 => replace_text.boxed(), 1 => expression(depth - 1)].boxed()
    };
    prop_oneof![
        name.clone().prop_map(|n| format!("${{{n}}}")),
        name.clone().prop_map(|n| format!("${{#{n}}}")),
        (
            name.clone(),
            prop::sample::select(vec!["^", "^^", ",", ",,", ",^", "^,"])
        )
            .prop_map(|(n, op)| format!("${{{n}{op}}}")),
        (
            name.clone(),
            prop::sample::select(vec!["#", "##", "%", "%%"]),
            token("[a-c*?]{1,3}"),
        )
            .prop_map(|(n, op, p)| format!("${{{n}{op}{p}}}")),
        (
            name.clone(),
            token("[0-9]{1,2}"),
            prop::option::of(token("[0-9]{1,2}")),
        )
            .prop_map(|(n, off, len)| match len {
                Some(len) => format!("${{{n}:{off}:{len}}}"),
                None => format!("${{{n}:{off}}}"),
            }),
        (
            name.clone(),
            prop::sample::select(vec!["/", "//", "/#", "/%"]),
            replace_pattern,
            prop::option::of(replacement),
        )
            .prop_map(|(n, op, p, r)| format!("${{{n}{op}{p}/{}}}", r.unwrap_or_default())),
        (
            name,
            prop::sample::select(vec![":=", "=", ":-", ":+", ":?"]),
            word,
        )
            .prop_map(|(n, op, w)| format!("${{{n}{op}{w}}}")),
    ]
    .boxed()
}

/// Well-formed templates: text without `$`, `$$` escapes and expressions of every operator.
fn well_formed() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        2 => "[^$\\x00]{1,4}".boxed(),
        1 => Just("$$".to_string()).boxed(),
        3 => expression(2),
    ];
    prop::collection::vec(part, 0..6).prop_map(|v| v.concat())
}

/// The parts cover the source, and every span is where it says.
fn view_covers_the_source(t: &str) -> Result<(), TestCaseError> {
    let Ok(tpl) = Template::parse(t) else {
        return Ok(());
    };
    let parts: Vec<Part<'_>> = tpl.parts().collect();
    let covered: String = parts.iter().map(|p| part_source(&tpl, p)).collect();
    prop_assert_eq!(covered.as_str(), t.split('\0').next().unwrap_or_default());
    let mut at = 0;
    for part in &parts {
        let start = match part {
            Part::Text { span, text } => {
                prop_assert!(!text.is_empty());
                prop_assert_eq!(&t[span.clone()], *text);
                span.start
            }
            Part::Escape { offset } => *offset,
            Part::Expression(e) => {
                check_expression(t, e)?;
                e.offset()
            }
        };
        prop_assert_eq!(start, at);
        at += part_source(&tpl, part).len();
    }
    // Every expression, nested or not, once, by offset.
    let all: Vec<usize> = tpl.all_expressions().map(|e| e.offset()).collect();
    prop_assert!(all.windows(2).all(|w| w[0] < w[1]));
    prop_assert_eq!(all.len(), tpl.variables().count());
    let escapes: Vec<usize> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Escape { offset } => Some(*offset),
            _ => None,
        })
        .collect();
    prop_assert_eq!(tpl.escapes().collect::<Vec<_>>(), escapes);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// The parts cover the source, and every span is where it says, over arbitrary templates
    /// and over well-formed ones of every operator (which must parse).
    #[test]
    fn the_view_covers_the_source(t in template(), w in well_formed()) {
        let parsed = Template::parse(&w);
        prop_assert!(parsed.is_ok(), "{:?}: {:?}", w, parsed);
        view_covers_the_source(&t)?;
        view_covers_the_source(&w)?;
    }

    /// Rendering part by part (text as is, `$` for an escape, each expression evaluated on its
    /// own source) gives the evaluator's bytes: the expression spans are exact.
    #[test]
    fn the_parts_render_like_the_template(
        t in prop_oneof![template(), well_formed()],
        v in inputs(),
    ) {
        let Ok(tpl) = Template::parse(&t) else { return Ok(()) };
        let Ok(expected) = tpl.render_bytes(&v) else { return Ok(()) };
        let mut out = Vec::new();
        for part in tpl.parts() {
            match part {
                Part::Text { text, .. } => out.extend_from_slice(text.as_bytes()),
                Part::Escape { .. } => out.push(b'$'),
                Part::Expression(e) => out.extend(eval_map_bytes(e.source(), &v).unwrap()),
            }
        }
        prop_assert_eq!(out, expected);
    }

    /// Replacing every top-level default-form expression by its value computed from the view
    /// (the input, or the default with the nested values in it) gives the evaluator's output.
    #[test]
    fn defaults_in_the_view_are_what_the_evaluator_takes(
        t in default_template(),
        v in inputs(),
    ) {
        let tpl = Template::parse(&t).expect("a default-form template parses");
        for v in [v, Vars::default()] {
            let mut out = String::new();
            for part in tpl.parts() {
                match part {
                    Part::Text { text, .. } => out.push_str(text),
                    Part::Escape { .. } => out.push('$'),
                    Part::Expression(e) => {
                        prop_assert!(e.operator().is_default());
                        out.push_str(&value_from_view(&t, &e, &v));
                    }
                }
            }
            prop_assert_eq!(&out, &eval_map(&t, &v).unwrap());
        }
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Doc {
    name: String,
    count: i64,
    ratio: f64,
    enabled: Option<bool>,
    tags: Vec<String>,
    labels: BTreeMap<String, String>,
    nested: Option<Box<Inner>>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Inner {
    note: String,
    small: u8,
}

fn no_dollar() -> impl Strategy<Value = String> {
    any::<String>().prop_map(|s| s.replace('$', ""))
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        no_dollar(),
        any::<i64>(),
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        any::<Option<bool>>(),
        prop::collection::vec(no_dollar(), 0..4),
        prop::collection::btree_map(no_dollar(), no_dollar(), 0..4),
        prop::option::of((no_dollar(), any::<u8>())),
    )
        .prop_map(|(name, count, ratio, enabled, tags, labels, nested)| Doc {
            name,
            count,
            ratio,
            enabled,
            tags,
            labels,
            nested: nested.map(|(note, small)| Box::new(Inner { note, small })),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn document_mode_without_dollars_is_identity(d in doc(), v in inputs()) {
        prop_assert_eq!(&json::eval(&d, &v).unwrap(), &d);
        prop_assert_eq!(&json::eval_strict(&d, &v).unwrap(), &d);
    }
}
