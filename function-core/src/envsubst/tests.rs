//! Unit tests of every form and every error kind.

use super::*;

fn ev(t: &str, pairs: &[(&str, &str)]) -> Result<String, Error> {
    let v = vars(pairs.iter().copied());
    let one_shot = eval_map(t, &v);
    let compiled = Template::parse(t).and_then(|tpl| tpl.render(&v));
    assert_eq!(one_shot, compiled, "one-shot and compiled differ for {t:?}");
    one_shot
}

fn ok(t: &str, pairs: &[(&str, &str)]) -> String {
    ev(t, pairs).unwrap_or_else(|e| panic!("{t:?}: unexpected error {e:?}"))
}

fn err(t: &str, pairs: &[(&str, &str)]) -> Error {
    match ev(t, pairs) {
        Ok(out) => panic!("{t:?}: expected an error, got {out:?}"),
        Err(e) => e,
    }
}

#[test]
fn plain_text_and_dollars() {
    assert_eq!(ok("", &[]), "");
    assert_eq!(ok("plain text", &[]), "plain text");
    assert_eq!(ok("$", &[]), "$");
    assert_eq!(ok("a$", &[]), "a$");
    assert_eq!(ok("$a $(A) $ {a} $}", &[]), "$a $(A) $ {a} $}");
    assert_eq!(ok("$$", &[]), "$");
    assert_eq!(ok("$$$", &[]), "$$");
    assert_eq!(ok("$$$$", &[]), "$$");
    assert_eq!(ok("$$$$$", &[]), "$$$");
    assert_eq!(ok("$${a}", &[]), "${a}");
    assert_eq!(ok("$$${a}", &[("a", "v")]), "$v");
    assert_eq!(ok("$$$${a}", &[]), "$${a}");
    assert_eq!(ok("$$(VAR) $$VAR", &[]), "$(VAR) $VAR");
    // Backslash is not an escape in text.
    assert_eq!(ok(r"\${a} \\ \/ \$$", &[("a", "v")]), r"\v \\ \/ \$");
    assert_eq!(ok("}{ {}", &[]), "}{ {}");
}

#[test]
fn sixteen_thousand_escapes() {
    let t = "$$".repeat(16_000);
    assert_eq!(ok(&t, &[]), "$".repeat(16_000));
    let t = "$${x}".repeat(16_000);
    assert_eq!(ok(&t, &[]), "${x}".repeat(16_000));
}

#[test]
fn values_are_inserted_raw() {
    assert_eq!(ok("${a}", &[("a", "${b}")]), "${b}");
    assert_eq!(ok("${a}", &[("a", "$$")]), "$$");
    assert_eq!(ok("[${a}]", &[("a", "")]), "[]");
    assert_eq!(ok("${a}${a}", &[("a", "x\"\n")]), "x\"\nx\"\n");
}

#[test]
fn names() {
    assert_eq!(ok("${a_B9}", &[("a_B9", "1")]), "1");
    assert_eq!(ok("${9lives}", &[("9lives", "cat")]), "cat");
    assert_eq!(ok("${_}", &[("_", "u")]), "u");
    assert_eq!(ok("${é中٣}", &[("é中٣", "unicode")]), "unicode");
    // Case-sensitive.
    assert_eq!(
        err("${A}", &[("a", "1")]).to_string(),
        "input/default value not found for key A"
    );
}

#[test]
fn default_forms() {
    for op in ["=", ":=", ":-"] {
        let t = format!("${{x{op}w}}");
        assert_eq!(ok(&t, &[]), "w", "{t}");
        assert_eq!(
            ok(&t, &[("x", "")]),
            "",
            "{t}: present but empty stays empty"
        );
        assert_eq!(ok(&t, &[("x", "v")]), "v", "{t}");
        let t = format!("${{x{op}}}");
        assert_eq!(ok(&t, &[]), "", "{t}");
    }
    // The default runs to the first `}`; nested expressions inside.
    assert_eq!(ok("${x:-a b:c=d}", &[]), "a b:c=d");
    assert_eq!(ok("${x:=${y}}", &[("y", "Y")]), "Y");
    assert_eq!(ok("${x:-a${y}b${z:=Z}c}", &[("y", "Y")]), "aYbZc");
    assert_eq!(ok("${x:-${y:-${z:-deep}}}", &[]), "deep");
    assert_eq!(ok("${x=${y^^}}", &[("y", "up")]), "UP");
    // No escapes in a default.
    assert_eq!(ok(r"${x:-$$\/}", &[]), r"$$\/");
    assert_eq!(ok("${x:-$(HOME)}", &[]), "$(HOME)");
    // `=` after `=`.
    assert_eq!(ok("${x==}", &[]), "=");
    // `${x:-3:2}` is the :- default, not a substring.
    assert_eq!(ok("${x:-3:2}", &[]), "3:2");
    // Nested expressions are evaluated even when x is set.
    let e = err("${x:=${y}}", &[("x", "set")]);
    assert_eq!(
        e,
        Error::ValueNotFound {
            key: "y".into(),
            offset: 5
        }
    );
}

#[test]
fn alternate_and_error_forms() {
    for op in [":+", ":?"] {
        let t = format!("${{x{op}w}}");
        assert_eq!(ok(&t, &[("x", "v")]), "v", "{t}");
        assert_eq!(ok(&t, &[("x", "")]), "w", "{t}");
        assert_eq!(
            err(&t, &[]).to_string(),
            "input/default value not found for key x"
        );
        assert_eq!(
            ok(&format!("${{x{op}a${{y}}}}"), &[("x", ""), ("y", "Y")]),
            "aY"
        );
    }
}

#[test]
fn length() {
    assert_eq!(ok("${#x}", &[("x", "hello")]), "5");
    assert_eq!(ok("${#x}", &[("x", "")]), "0");
    assert_eq!(ok("${#x}", &[("x", "é€")]), "5");
    assert_eq!(
        err("${#x}", &[]),
        Error::ValueNotFound {
            key: "x".into(),
            offset: 0
        }
    );
}

#[test]
fn substrings() {
    let s = [("s", "0123456789")];
    assert_eq!(ok("${s:3}", &s), "3456789");
    assert_eq!(ok("${s:3:2}", &s), "34");
    assert_eq!(ok("${s:0:0}", &s), "");
    assert_eq!(ok("${s:20}", &s), "");
    assert_eq!(ok("${s:8:50}", &s), "89");
    assert_eq!(ok("${s:x}", &s), "0123456789");
    assert_eq!(ok("${s:1:x}", &s), "0123456789");
    assert_eq!(ok("${s:1::2}", &s), "12", "any run of colons separates");
    assert_eq!(ok("${s:1:2:3}", &s), "0123456789", "`2:3` is not a number");
    assert_eq!(ok("${s:${p}}", &[("s", "0123456789"), ("p", "-2")]), "89");
    assert_eq!(
        ok(
            "${s:${p}:${l}}",
            &[("s", "0123456789"), ("p", "2"), ("l", "3")]
        ),
        "234"
    );
    // Byte offsets can cut a character: each stray byte becomes U+FFFD.
    assert_eq!(ok("${s:1}", &[("s", "éa")]), "\u{FFFD}a");
    assert_eq!(ok("${s:0:1}", &[("s", "€")]), "\u{FFFD}");
}

#[test]
fn negative_length_is_an_error_not_a_panic() {
    let s = [("s", "0123456789")];
    assert_eq!(
        err("${s:1:-1}", &s),
        Error::SliceOutOfRange {
            start: 1,
            end: 0,
            offset: 0
        }
    );
    let e = err("ab${s:${p}:${l}}", &[("s", "abc"), ("p", "0"), ("l", "-1")]);
    assert_eq!(
        e,
        Error::SliceOutOfRange {
            start: 0,
            end: -1,
            offset: 2
        }
    );
    assert_eq!(
        e.to_string(),
        "slice bounds out of range [0:-1] in substring expansion"
    );
    assert_eq!(
        err("${s:9:-1}", &s),
        Error::SliceOutOfRange {
            start: 9,
            end: 8,
            offset: 0
        }
    );
    // When off+len reaches the end Go does not slice, so no error.
    assert_eq!(ok("${s:11:-1}", &s), "");
    assert_eq!(ok("${s:20:-5}", &s), "");
    assert_eq!(ok("${s:${p}:-1}", &[("s", "abc"), ("p", "4")]), "");
}

#[test]
fn case() {
    let s = [("s", "hello World")];
    assert_eq!(ok("${s^}", &s), "Hello World");
    assert_eq!(ok("${s^^}", &s), "HELLO WORLD");
    assert_eq!(ok("${s,}", &[("s", "HELLO")]), "hELLO");
    assert_eq!(ok("${s,,}", &s), "hello world");
    assert_eq!(
        ok("${s,^}", &s),
        "hello World",
        "mixed operators leave the value"
    );
    assert_eq!(ok("${s^,}", &s), "hello World");
    assert_eq!(ok("${s^^}", &[("s", "straße ǆ")]), "STRAßE Ǆ");
    assert_eq!(ok("${s,,}", &[("s", "İΣ")]), "iσ");
    assert_eq!(ok("${s^}", &[("s", "")]), "");
}

#[test]
fn removal() {
    let f = [("f", "bash.string.txt")];
    assert_eq!(ok("${f#*.}", &f), "string.txt");
    assert_eq!(ok("${f##*.}", &f), "txt");
    assert_eq!(ok("${f%.*}", &f), "bash.string");
    assert_eq!(ok("${f%%.*}", &f), "bash");
    assert_eq!(ok("${f#bash}", &f), ".string.txt");
    assert_eq!(ok("${f%txt}", &f), "bash.string.");
    assert_eq!(ok("${f#nope}", &f), "bash.string.txt");
    assert_eq!(
        ok("${f###}", &[("f", "##a")]),
        "#a",
        "third # is the pattern"
    );
    assert_eq!(ok("${f#?a}", &[("f", "/abc")]), "bc", "? matches /");
    assert_eq!(
        ok("${f#*}", &f),
        "ash.string.txt",
        "shortest non-empty match"
    );
    assert_eq!(ok("${f##*}", &f), "");
    assert_eq!(ok("${f#[a-c]}", &f), "ash.string.txt");
    assert_eq!(
        ok("${f#[}", &f),
        "bash.string.txt",
        "bad pattern: unchanged"
    );
    assert_eq!(ok("${f#${p}}", &[("f", "abc"), ("p", "a")]), "bc");
    assert_eq!(ok("${f#$%:*{}", &f), "bash.string.txt");
}

#[test]
fn replacement() {
    let s = [("s", "abcABC123ABCabc")];
    assert_eq!(ok("${s/abc/x}", &s), "xABC123ABCabc");
    assert_eq!(ok("${s//abc/x}", &s), "xABC123ABCx");
    assert_eq!(ok("${s/#abc/x}", &s), "xABC123ABCabc");
    assert_eq!(ok("${s/%abc/x}", &s), "abcABC123ABCx");
    assert_eq!(ok("${s/#ABC/x}", &s), "abcABC123ABCabc");
    assert_eq!(
        ok("${s/abc/}", &s),
        "ABC123ABCabc",
        "no replacement: delete"
    );
    assert_eq!(ok("${s//abc/}", &s), "ABC123ABC");
    assert_eq!(ok("${s//a/}", &[("s", "banana")]), "bnn");
    assert_eq!(
        ok("${s/#abc/}", &s),
        "abcABC123ABCabc",
        "prefix form needs 2 args"
    );
    assert_eq!(
        ok("${s/%abc/}", &s),
        "abcABC123ABCabc",
        "suffix form needs 2 args"
    );
    assert_eq!(ok("${s/a*/x}", &s), s[0].1, "the pattern is literal");
    assert_eq!(
        ok("${s/abc//x}", &s),
        "xABC123ABCabc",
        "any run of slashes separates"
    );
    // Escapes in both arguments.
    let p = [("p", "a/b/c\\d$e")];
    assert_eq!(ok(r"${p//\//-}", &p), "a-b-c\\d$e");
    assert_eq!(ok(r"${p/\\/-}", &p), "a/b/c-d$e");
    assert_eq!(ok(r"${p/$$/-}", &p), "a/b/c\\d-e");
    assert_eq!(ok(r"${p/b/\/\\$$}", &p), "a//\\$/c\\d$e");
    assert_eq!(
        ok(r"${p/b/\x}", &p),
        "a/\\x/c\\d$e",
        "other backslashes are literal"
    );
    // The pattern ends at `/` only: it may contain `}`.
    assert_eq!(ok("${s/c}A/-}", &[("s", "abc}A")]), "ab-");
    // Nested arguments.
    assert_eq!(
        ok("${s//${a}/${b}}", &[("s", "1-2-3"), ("a", "-"), ("b", "+")]),
        "1+2+3"
    );
    // An empty pattern (from a nested value) matches before every character.
    assert_eq!(ok("${s//${e}/.}", &[("s", "ab"), ("e", "")]), ".a.b.");
    assert_eq!(ok("${s/${e}/.}", &[("s", "ab"), ("e", "")]), ".ab");
}

#[test]
fn parse_errors_with_offsets() {
    use Error::*;
    let cases: &[(&str, Error)] = &[
        ("${}", ParseVariableName { offset: 2 }),
        ("${", ParseVariableName { offset: 2 }),
        ("ab${ x}", ParseVariableName { offset: 4 }),
        ("${$x}", ParseVariableName { offset: 2 }),
        ("${x", MissingClosingBrace { offset: 3 }),
        ("${x-w}", MissingClosingBrace { offset: 3 }),
        ("${x+w}", MissingClosingBrace { offset: 3 }),
        ("${x?w}", MissingClosingBrace { offset: 3 }),
        ("${x y}", MissingClosingBrace { offset: 3 }),
        ("${x.y}", MissingClosingBrace { offset: 3 }),
        ("${#}", BadSubstitution { offset: 3 }),
        ("${#x", BadSubstitution { offset: 4 }),
        ("${#x:1}", BadSubstitution { offset: 4 }),
        ("${##x}", BadSubstitution { offset: 3 }),
        ("${x,,,}", BadSubstitution { offset: 5 }),
        ("${x^^^}", BadSubstitution { offset: 5 }),
        ("${x^", BadSubstitution { offset: 4 }),
        ("${x:", BadSubstitution { offset: 4 }),
        ("${x:é}", BadSubstitution { offset: 4 }),
        ("${x:1x${y}}", BadSubstitution { offset: 6 }),
        ("${x:${y}z}", BadSubstitution { offset: 8 }),
        ("${x:1", BadSubstitution { offset: 5 }),
        ("${x:1:2", BadSubstitution { offset: 7 }),
        ("${x/a}", BadSubstitution { offset: 6 }),
        ("${x//}", BadSubstitution { offset: 6 }),
        ("${x/a/b", BadSubstitution { offset: 7 }),
        ("${x/a${y}/b}", BadSubstitution { offset: 5 }),
        ("${x/${y}a/b}", BadSubstitution { offset: 8 }),
        ("${x#a", BadSubstitution { offset: 5 }),
        ("${x:}", ParseFuncSubstitution { offset: 4 }),
        ("${x::}", ParseFuncSubstitution { offset: 4 }),
        ("${x:1:}", ParseFuncSubstitution { offset: 6 }),
        ("${x#}", ParseFuncSubstitution { offset: 4 }),
        ("${x%%}", ParseFuncSubstitution { offset: 5 }),
        ("${x//a}", BadSubstitution { offset: 7 }),
        ("${x/}", BadSubstitution { offset: 5 }),
        ("${x:-abc", ParseFuncSubstitution { offset: 8 }),
        ("${x:=${y}", ParseFuncSubstitution { offset: 9 }),
        ("${x:=${y", MissingClosingBrace { offset: 8 }),
        ("text ${a:-${}}", ParseVariableName { offset: 12 }),
    ];
    for (t, want) in cases {
        let got = err(t, &[("x", "v"), ("y", "w"), ("a", "b")]);
        assert_eq!(&got, want, "{t:?}");
        assert!(got.is_parse_error());
        assert_eq!(got.offset(), want.offset());
    }
}

#[test]
fn error_messages_are_upstreams() {
    let msg = |t: &str| err(t, &[]).to_string();
    assert_eq!(msg("${x,,,}"), "bad substitution");
    assert_eq!(msg("${x-w}"), "missing closing brace");
    assert_eq!(msg("${}"), "unable to parse variable name");
    assert_eq!(msg("${x#}"), "unable to parse substitution within function");
    assert_eq!(msg("${x}"), "input/default value not found for key x");
}

#[test]
fn parse_errors_win_over_lookup_errors() {
    let e = err("${missing} and later ${", &[]);
    assert_eq!(e, Error::ParseVariableName { offset: 23 });
    let e = err("${missing} ${x-w}", &[]);
    assert_eq!(e, Error::MissingClosingBrace { offset: 14 });
}

#[test]
fn lookups_fail_at_the_first_absent_key_in_upstream_order() {
    let nf = |key: &str, offset| Error::ValueNotFound {
        key: key.into(),
        offset,
    };
    assert_eq!(err("${a}${b}", &[]), nf("a", 0));
    assert_eq!(err("${a}${b}", &[("a", "1")]), nf("b", 4));
    // Arguments before the expression's own key.
    assert_eq!(err("${a:-${b}}", &[]), nf("b", 5));
    assert_eq!(err("${s//${p}/${r}}", &[]), nf("p", 5));
    assert_eq!(err("${s//${p}/${r}}", &[("p", "")]), nf("r", 10));
    assert_eq!(err("${s//${p}/${r}}", &[("p", ""), ("r", "")]), nf("s", 0));
    assert_eq!(err("${s:${a:${b}}}", &[]), nf("b", 8));
    assert_eq!(err("x${s:${a:${b}}}", &[("b", "1")]), nf("a", 5));
    assert!(err("${a}", &[]).is_value_not_found());
}

#[test]
fn nul_ends_the_input() {
    assert_eq!(ok("ab\0${missing}", &[]), "ab");
    assert_eq!(ok("a$\0b", &[]), "a$");
    assert_eq!(ok("\0", &[]), "");
    assert_eq!(ok("${a}\0${", &[("a", "1")]), "1");
    assert_eq!(err("${x\0}", &[]), Error::MissingClosingBrace { offset: 3 });
    assert_eq!(
        err("${x:\0}", &[]),
        Error::ParseFuncSubstitution { offset: 4 }
    );
    assert_eq!(
        err("${x:-a\0}", &[]),
        Error::ParseFuncSubstitution { offset: 6 }
    );
    assert_eq!(err("${\0}", &[]), Error::ParseVariableName { offset: 2 });
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let depth = 200_000;
    let t = format!("{}{}", "${a:-".repeat(depth), "}".repeat(depth));
    assert_eq!(ok(&t, &[]), "");
    let t = format!("{}x{}", "${a:-".repeat(depth), "}".repeat(depth));
    assert_eq!(ok(&t, &[]), "x");
    assert_eq!(ok(&t, &[("a", "set")]), "set");
    let t = format!("{}{}", "${a:-".repeat(depth), "}".repeat(depth - 1));
    assert!(err(&t, &[]).is_parse_error());
}

#[test]
fn template_api() {
    let t = Template::parse("a ${x:=1} b ${y} $$").unwrap();
    assert_eq!(t.source(), "a ${x:=1} b ${y} $$");
    assert!(!t.is_literal());
    assert_eq!(t.variables().collect::<Vec<_>>(), ["x", "y"]);
    let owned = t.clone().into_owned();
    assert_eq!(owned, t);
    let v = vars([("y", "Y")]);
    assert_eq!(t.render(&v).unwrap(), "a 1 b Y $");
    assert_eq!(owned.render(&v).unwrap(), "a 1 b Y $");
    let err = t.render(&vars([("x", "1")])).unwrap_err();
    assert_eq!(
        err,
        Error::ValueNotFound {
            key: "y".into(),
            offset: 12
        }
    );
    assert!(Template::parse("${").is_err());
    assert_eq!(UNICODE_VERSION, "15.0.0");
}

#[test]
fn lookups_of_every_kind() {
    use std::collections::{BTreeMap, HashMap};
    let t = "${a}-${b:=d}";
    let h: HashMap<String, String> = HashMap::from([("a".into(), "1".into())]);
    let hs: HashMap<&str, &str> = HashMap::from([("a", "1")]);
    let b: BTreeMap<String, String> = BTreeMap::from([("a".into(), "1".into())]);
    let f = from_fn(|k: &str| (k == "a").then_some("1"));
    assert_eq!(eval_map(t, &h).unwrap(), "1-d");
    assert_eq!(eval_map(t, &hs).unwrap(), "1-d");
    assert_eq!(eval_map(t, &b).unwrap(), "1-d");
    assert_eq!(eval_map(t, &f).unwrap(), "1-d");
    assert_eq!(eval_map(t, &&h).unwrap(), "1-d");
    let dynamic: &dyn Lookup = &h;
    assert_eq!(eval_map(t, dynamic).unwrap(), "1-d");
}

/// The view of every operator: name, operator and the source of each argument as written.
#[test]
fn view_of_every_operator() {
    type Row<'a> = (Operator, &'a str, Option<&'a str>, Option<&'a str>);
    let cases: &[(&str, Row<'_>)] = &[
        ("${x}", (Operator::Value, "x", None, None)),
        ("${#x}", (Operator::Length, "x", None, None)),
        ("${x^}", (Operator::UpperFirst, "x", None, None)),
        ("${x^^}", (Operator::Upper, "x", None, None)),
        ("${x,}", (Operator::LowerFirst, "x", None, None)),
        ("${x,,}", (Operator::Lower, "x", None, None)),
        ("${x,^}", (Operator::CaseNoop, "x", None, None)),
        ("${x^,}", (Operator::CaseNoop, "x", None, None)),
        (
            "${x#a*}",
            (Operator::TrimPrefixShortest, "x", Some("a*"), None),
        ),
        (
            "${x##a*}",
            (Operator::TrimPrefixLongest, "x", Some("a*"), None),
        ),
        (
            "${x%a*}",
            (Operator::TrimSuffixShortest, "x", Some("a*"), None),
        ),
        (
            "${x%%a*}",
            (Operator::TrimSuffixLongest, "x", Some("a*"), None),
        ),
        ("${x:1}", (Operator::Substring, "x", Some("1"), None)),
        ("${x:1:2}", (Operator::Substring, "x", Some("1"), Some("2"))),
        // Upstream's delimiters are runs of `:` and `/`.
        (
            "${x:1:::2}",
            (Operator::Substring, "x", Some("1"), Some("2")),
        ),
        (
            "${x/a}b/c}",
            (Operator::ReplaceFirst, "x", Some("a}b"), Some("c")),
        ),
        (
            "${x/a///c}",
            (Operator::ReplaceFirst, "x", Some("a"), Some("c")),
        ),
        ("${x/a/}", (Operator::ReplaceFirst, "x", Some("a"), None)),
        (
            "${x//a/c}",
            (Operator::ReplaceAll, "x", Some("a"), Some("c")),
        ),
        (
            "${x/#a/c}",
            (Operator::ReplacePrefix, "x", Some("a"), Some("c")),
        ),
        (
            "${x/%a/c}",
            (Operator::ReplaceSuffix, "x", Some("a"), Some("c")),
        ),
        (
            r"${x/\//\\$$}",
            (Operator::ReplaceFirst, "x", Some(r"\/"), Some(r"\\$$")),
        ),
        ("${x=w}", (Operator::Assign, "x", Some("w"), None)),
        ("${x:=w}", (Operator::AssignColon, "x", Some("w"), None)),
        ("${x:-w}", (Operator::DefaultColon, "x", Some("w"), None)),
        ("${x:+w}", (Operator::AlternateColon, "x", Some("w"), None)),
        ("${x:?w}", (Operator::ErrorColon, "x", Some("w"), None)),
        ("${x:=}", (Operator::AssignColon, "x", Some(""), None)),
        ("${x:+}", (Operator::AlternateColon, "x", Some(""), None)),
        (
            "${x:=a$$b{c}",
            (Operator::AssignColon, "x", Some("a$$b{c"), None),
        ),
        ("${é1_:=w}", (Operator::AssignColon, "é1_", Some("w"), None)),
    ];
    for (text, expected) in cases {
        let t = Template::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let e = t.expressions().next().expect("one expression");
        assert_eq!(e.span(), 0..text.len(), "{text}");
        let got = (
            e.operator(),
            e.name(),
            e.argument().map(|a| a.source()),
            e.second_argument().map(|a| a.source()),
        );
        assert_eq!(&got, expected, "{text}");
        assert_eq!(e.default().is_some(), e.operator().is_default(), "{text}");
    }
    // Escapes are resolved in a replacement's literal, not in a default's.
    let t = Template::parse(r"${x/\//\\$$} ${y:=a$$b}").unwrap();
    let mut es = t.expressions();
    let replace = es.next().unwrap();
    assert_eq!(replace.argument().unwrap().literal().as_deref(), Some("/"));
    assert_eq!(
        replace.second_argument().unwrap().literal().as_deref(),
        Some(r"\$")
    );
    let default = es.next().unwrap().default().unwrap();
    assert_eq!(default.literal().as_deref(), Some("a$$b"));
    assert_eq!(default.span(), 18..22);
}

#[test]
fn view_of_nesting_and_escapes() {
    let text = "$$(HOME) ${a:=x${b:1:${c}}y${d}} $$$${e} ${f}";
    let t = Template::parse(text).unwrap();
    let all: Vec<(&str, std::ops::Range<usize>)> =
        t.all_expressions().map(|e| (e.name(), e.span())).collect();
    assert_eq!(
        all,
        [
            ("a", 9..32),
            ("b", 15..26),
            ("c", 21..25),
            ("d", 27..31),
            ("f", 41..45)
        ]
    );
    let a = t.expressions().next().unwrap();
    let default = a.default().unwrap();
    assert_eq!(default.source(), "x${b:1:${c}}y${d}");
    assert!(default.has_nested());
    assert_eq!(default.literal(), None);
    let nested: Vec<&str> = a.nested().map(|e| e.name()).collect();
    assert_eq!(nested, ["b", "d"]);
    let b = a.nested().next().unwrap();
    assert_eq!(b.argument().unwrap().source(), "1");
    assert_eq!(b.second_argument().unwrap().source(), "${c}");
    // `$$$$${e}`: two escapes, then the literal `${e}`, which is no expression.
    assert_eq!(t.escapes().collect::<Vec<_>>(), [0, 33, 35]);
    let texts: Vec<&str> = t
        .parts()
        .filter_map(|p| match p {
            Part::Text { text, .. } => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["(HOME) ", " ", "{e} "]);
}

/// A template that does not parse gives the engine's message and the offset it applies at.
#[test]
fn parse_errors_have_positions() {
    for (text, message, offset) in [
        (
            "--t=${waitTimeout:=300",
            "unable to parse substitution within function",
            22,
        ),
        ("a ${}", "unable to parse variable name", 4),
        ("${x-w}", "missing closing brace", 3),
        ("ok ${x:1x${y}}", "bad substitution", 9),
    ] {
        let err = Template::parse(text).unwrap_err();
        assert_eq!(
            (err.to_string().as_str(), err.offset()),
            (message, offset),
            "{text}"
        );
        assert!(err.is_parse_error());
    }
}

#[test]
fn the_output_bound_stops_expansion_and_changes_nothing_below_it() {
    use super::eval_map_bytes_bounded;
    let v = vars([("v", "0123456789"), ("q", "??")]);
    for t in [
        "a ${v} b ${v:2:3}",
        "${v//1/${q}}",
        "${unset:=${v}${v}}",
        "${v,,} $$ ${q^^}",
        "${unset} and later ${v}",
    ] {
        let unbounded = eval_map_bytes(t, &v);
        assert_eq!(eval_map_bytes_bounded(t, &v, 1 << 20), unbounded, "{t}");
        if let Ok(out) = &unbounded {
            // Exactly at the bound is fine; one byte under it is not.
            assert_eq!(
                eval_map_bytes_bounded(t, &v, out.len()).as_ref(),
                Ok(out),
                "{t}"
            );
            if !out.is_empty() {
                let e = eval_map_bytes_bounded(t, &v, out.len() - 1).unwrap_err();
                assert!(matches!(e, Error::OutputTooLarge { .. }), "{t}: {e:?}");
                assert!(e.offset() < t.len(), "{t}: {e:?}");
            }
        }
    }
    // Each place a value grows: the whole output, a replacement, a default's concatenation,
    // the nested results held at once.
    for (t, offset) in [
        ("ab ${v}${v}${v}", 11),
        ("${v//?/${v}}", 0),
        ("${unset:=${v}${v}${v}}", 0),
        ("xx ${unset:=${v}${v}${v}${v}${v}}", 3),
    ] {
        let vars = vars([("v", "??????????")]);
        let e = eval_map_bytes_bounded(t, &vars, 25).unwrap_err();
        assert_eq!(e, Error::OutputTooLarge { max: 25, offset }, "{t}");
    }
    // A syntax error still wins.
    let e = eval_map_bytes_bounded("${v}${v}${v} ${", &v, 5).unwrap_err();
    assert!(e.is_parse_error(), "{e:?}");
}
