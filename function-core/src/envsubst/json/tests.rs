use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::*;
use crate::envsubst::{Vars, vars};

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Container {
    name: String,
    image: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    args: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    env: BTreeMap<String, String>,
    #[serde(default)]
    replicas: u32,
    #[serde(default)]
    ratio: f64,
}

fn container(args: &[&str]) -> Container {
    Container {
        name: "backup".into(),
        image: "restic:${TAG:=v1}".into(),
        args: args.iter().map(|s| s.to_string()).collect(),
        env: BTreeMap::new(),
        replicas: 1,
        ratio: 0.5,
    }
}

#[test]
fn substitutes_like_the_operator() {
    let c = container(&[
        "--ns=${namespace}",
        "--wait=${waitTimeout:=300}",
        "$$(HOME)",
    ]);
    let out = eval(&c, &vars([("namespace", "demo")])).unwrap();
    assert_eq!(out.image, "restic:v1");
    assert_eq!(out.args, ["--ns=demo", "--wait=300", "$(HOME)"]);
    assert_eq!(out.replicas, 1);
}

#[test]
fn quoted_default_keeps_its_quotes() {
    let c = container(&[r#"--copy-only=${copyOnly:="true"}"#]);
    // The JSON text holds `${copyOnly:=\"true\"}`: the default is `\"true\"`.
    assert!(to_go_json(&c).unwrap().contains(r#"${copyOnly:=\"true\"}"#));
    let out = eval(&c, &Vars::default()).unwrap();
    assert_eq!(out.args, [r#"--copy-only="true""#]);
    let out = eval(&c, &vars([("copyOnly", "false")])).unwrap();
    assert_eq!(out.args, ["--copy-only=false"]);
}

#[test]
fn a_value_with_a_quote_breaks_decoding_and_changes_nothing() {
    let mut c = container(&["--ns=${namespace}"]);
    let before = c.clone();
    let err = eval_in_place(&mut c, &vars([("namespace", "a\"b")])).unwrap_err();
    assert!(matches!(err, JsonError::Decode(_)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("substituted document does not decode: ")
    );
    assert_eq!(c, before);
    // Strict mode has no such quirk.
    eval_strict_in_place(&mut c, &vars([("namespace", "a\"b")])).unwrap();
    assert_eq!(c.args, ["--ns=a\"b"]);
}

#[test]
fn escapes_in_values_are_decoded() {
    let c = container(&["${v}"]);
    // The two characters `\n` become a newline, `\t` a tab, `\u0041` an A.
    let out = eval(&c, &vars([("v", r"a\nb\tc\u0041")])).unwrap();
    assert_eq!(out.args, ["a\nb\tcA"]);
    // A raw control character is not valid inside a JSON string.
    let err = eval(&c, &vars([("v", "a\nb")])).unwrap_err();
    assert!(matches!(err, JsonError::Decode(_)));
    // A lone backslash escapes the closing quote: broken JSON.
    assert!(matches!(
        eval(&c, &vars([("v", "a\\")])).unwrap_err(),
        JsonError::Decode(_)
    ));
    // Strict mode keeps values as they are.
    let out = eval_strict(&c, &vars([("v", r"a\nb")])).unwrap();
    assert_eq!(out.args, [r"a\nb"]);
    let out = eval_strict(&c, &vars([("v", "a\nb")])).unwrap();
    assert_eq!(out.args, ["a\nb"]);
}

#[test]
fn expressions_see_the_go_json_text() {
    // `<` is `\u003c` in the JSON text, so the literal pattern `<` of the
    // template is the six characters `\u003c` there and never matches.
    let c = container(&["${v/</-}"]);
    assert!(to_go_json(&c).unwrap().contains(r"${v/\u003c/-}"));
    let out = eval(&c, &vars([("v", "a<b")])).unwrap();
    assert_eq!(out.args, ["a<b"]);
    let out = eval_strict(&c, &vars([("v", "a<b")])).unwrap();
    assert_eq!(out.args, ["a-b"]);
    // `\` is `\\` in JSON, which the replacement scanner reads as an escape.
    let c = container(&[r"${v/\/-}"]);
    let out = eval(&c, &vars([("v", r"a\b")])).unwrap();
    assert_eq!(out.args, ["a-b"]);
    // A default counts bytes of the JSON text: `é` is two bytes either way,
    // `"` is two characters in JSON.
    let c = container(&["${#v}", "${x:=\"}"]);
    let out = eval(&c, &vars([("v", "é")])).unwrap();
    assert_eq!(out.args, ["2", "\""]);
}

#[test]
fn lookup_errors_carry_json_offsets() {
    let c = container(&["${missing}"]);
    let text = to_go_json(&c).unwrap();
    let err = eval(&c, &vars([("TAG", "x")])).unwrap_err();
    let e = err.substitution_error().unwrap();
    assert_eq!(
        e.to_string(),
        "input/default value not found for key missing"
    );
    assert_eq!(
        err.to_string(),
        "input/default value not found for key missing"
    );
    assert_eq!(&text[e.offset()..e.offset() + 10], "${missing}");
}

#[test]
fn parse_errors_anywhere_win() {
    let c = container(&["${missing}", "${bad"]);
    let err = eval(&c, &vars([("TAG", "x")])).unwrap_err();
    // In JSON mode `${bad"]...` runs into the rest of the document.
    assert_eq!(err.to_string(), "missing closing brace");
    let err = eval_strict(&c, &vars([("TAG", "x")])).unwrap_err();
    match err {
        JsonError::Field { pointer, error } => {
            assert_eq!(pointer, "/args/1");
            assert_eq!(error, Error::MissingClosingBrace { offset: 5 });
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn strict_mode_reports_the_first_failing_string() {
    let c = container(&["${a}", "${b}"]);
    let err = eval_strict(&c, &vars([("TAG", "x")])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "input/default value not found for key a (in the string at /args/0)"
    );
    assert!(matches!(
        err.substitution_error(),
        Some(Error::ValueNotFound { key, offset: 0 }) if key == "a"
    ));
}

#[test]
fn strict_mode_leaves_keys_and_non_strings_alone() {
    let mut c = container(&[]);
    c.env.insert("${k}".into(), "${v}".into());
    let out = eval_strict(&c, &vars([("k", "K"), ("v", "V")])).unwrap();
    assert_eq!(out.env.get("${k}").map(String::as_str), Some("V"));
    assert_eq!(out.replicas, 1);
    // JSON mode substitutes keys too: they are part of the text.
    let out = eval(&c, &vars([("k", "K"), ("v", "V")])).unwrap();
    assert_eq!(out.env.get("K").map(String::as_str), Some("V"));
}

#[test]
fn strict_mode_nul_separates_segments() {
    let c = container(&["${a}\0${b}\0$$"]);
    let out = eval_strict(&c, &vars([("a", "1"), ("b", "2")])).unwrap();
    assert_eq!(out.args, ["1\u{0}2\u{0}$"]);
    let err = eval_strict(&c, &vars([("a", "1")])).unwrap_err();
    assert_eq!(
        err.substitution_error(),
        Some(&Error::ValueNotFound {
            key: "b".into(),
            offset: 5
        })
    );
    // In JSON mode NUL is the escape `\u0000`, so nothing is cut.
    let out = eval(&c, &vars([("a", "1"), ("b", "2")])).unwrap();
    assert_eq!(out.args, ["1\u{0}2\u{0}$"]);
}

#[test]
fn maps_are_substituted_in_go_key_order() {
    let m: HashMap<String, String> =
        HashMap::from([("b".into(), "${x}".into()), ("a".into(), "${y}".into())]);
    assert_eq!(to_go_json(&m).unwrap(), r#"{"a":"${y}","b":"${x}"}"#);
    // Go sorts map keys, so `a` (needing y) is looked up first.
    let err = eval(&m, &Vars::default()).unwrap_err();
    assert_eq!(err.to_string(), "input/default value not found for key y");
    let out = eval(&m, &vars([("x", "1"), ("y", "2")])).unwrap();
    assert_eq!(out["a"], "2");
    assert_eq!(out["b"], "1");
}

#[test]
fn unencodable_values_are_an_encode_error() {
    let mut c = container(&[]);
    c.ratio = f64::NAN;
    let err = eval(&c, &vars([("TAG", "x")])).unwrap_err();
    assert!(matches!(err, JsonError::Encode(_)), "{err:?}");
    assert!(err.substitution_error().is_none());
}

#[test]
fn byte_cuts_decode_to_replacement_characters() {
    let c = container(&["${v:1}"]);
    let out = eval(&c, &vars([("v", "é")])).unwrap();
    assert_eq!(out.args, ["\u{FFFD}"]);
}

#[test]
fn works_on_untyped_values() {
    let v = serde_json::json!({"z": "${a}", "list": ["${b:=x}", 1, null, true]});
    let out: serde_json::Value = eval(&v, &vars([("a", "A")])).unwrap();
    assert_eq!(
        out,
        serde_json::json!({"z": "A", "list": ["x", 1, null, true]})
    );
    let out: serde_json::Value = eval_strict(&v, &vars([("a", "A")])).unwrap();
    assert_eq!(
        out,
        serde_json::json!({"z": "A", "list": ["x", 1, null, true]})
    );
}
