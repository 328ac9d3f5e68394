//! Property tests of the substitution engine.

use std::collections::BTreeMap;

use function_core::envsubst::{Template, Vars, eval_map, eval_map_bytes, go_lossy, json};
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
