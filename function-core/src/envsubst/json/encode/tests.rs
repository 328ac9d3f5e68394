use super::*;
use std::collections::{BTreeMap, HashMap};

fn s(v: &str) -> String {
    let mut out = String::new();
    write_str(&mut out, v, true);
    out
}

#[test]
fn invalid_bytes_are_escaped_like_go() {
    assert_eq!(
        go_quote(&[b'a', 0xE2, 0x82, b'b', 0xA9], true),
        r#""a\ufffd\ufffdb\ufffd""#
    );
    assert_eq!(go_quote("\u{FFFD}".as_bytes(), true), "\"\u{FFFD}\"");
}

#[test]
fn strings_are_escaped_like_go() {
    assert_eq!(s("plain"), r#""plain""#);
    assert_eq!(s("q\"b\\"), r#""q\"b\\""#);
    assert_eq!(s("\n\r\t\u{8}\u{c}"), r#""\n\r\t\b\f""#);
    assert_eq!(
        s("\u{0}\u{1}\u{1f}\u{7f}"),
        "\"\\u0000\\u0001\\u001f\u{7f}\""
    );
    assert_eq!(
        s("<a href='x'>&</a>"),
        r#""\u003ca href='x'\u003e\u0026\u003c/a\u003e""#
    );
    assert_eq!(
        s("\u{2028}x\u{2029}\u{2027}"),
        "\"\\u2028x\\u2029\u{2027}\""
    );
    assert_eq!(s("é/€😀"), "\"é/€😀\"");
    let mut out = String::new();
    write_str(&mut out, "<&>", false);
    assert_eq!(out, r#""<&>""#);
}

#[test]
fn floats_are_formatted_like_go() {
    let f = |v: f64| to_go_json(&v).unwrap();
    assert_eq!(f(1.0), "1");
    assert_eq!(f(-0.0), "-0");
    assert_eq!(f(0.5), "0.5");
    assert_eq!(f(1e20), "100000000000000000000");
    assert_eq!(f(1e21), "1e+21");
    assert_eq!(f(1.5e300), "1.5e+300");
    assert_eq!(f(0.000001), "0.000001");
    assert_eq!(f(1.5e-7), "1.5e-7");
    assert_eq!(f(1e-10), "1e-10");
    assert_eq!(f(123456789.125), "123456789.125");
    assert_eq!(to_go_json(&0.1f32).unwrap(), "0.1");
    assert_eq!(to_go_json(&1e21f32).unwrap(), "1e+21");
    assert!(to_go_json(&f64::NAN).is_err());
    assert!(to_go_json(&f64::INFINITY).is_err());
}

#[derive(serde::Serialize)]
enum E {
    Unit,
    New(u8),
    Tup(u8, u8),
    Struct { a: u8 },
}

#[derive(serde::Serialize)]
struct Inner {
    z: u8,
    a: Option<String>,
}

#[derive(serde::Serialize)]
struct Outer {
    name: &'static str,
    inner: Inner,
    list: Vec<E>,
    map: HashMap<String, Vec<u8>>,
    ints: BTreeMap<u32, bool>,
    #[serde(with = "serde_bytes_like")]
    data: Vec<u8>,
    unit: (),
}

mod serde_bytes_like {
    pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }
}

#[test]
fn structures_follow_go_layout() {
    let o = Outer {
        name: "n",
        inner: Inner { z: 1, a: None },
        list: vec![E::Unit, E::New(2), E::Tup(3, 4), E::Struct { a: 5 }],
        map: HashMap::from([("b".into(), vec![1]), ("a".into(), vec![])]),
        ints: BTreeMap::from([(10, true), (9, false)]),
        data: b"hello!?".to_vec(),
        unit: (),
    };
    assert_eq!(
        to_go_json(&o).unwrap(),
        concat!(
            r#"{"name":"n","inner":{"z":1,"a":null},"#,
            r#""list":["Unit",{"New":2},{"Tup":[3,4]},{"Struct":{"a":5}}],"#,
            r#""map":{"a":[],"b":[1]},"ints":{"10":true,"9":false},"#,
            r#""data":"aGVsbG8hPw==","unit":null}"#
        )
    );
}

#[test]
fn base64_padding() {
    let b = |v: &[u8]| {
        let mut o = String::new();
        base64(&mut o, v);
        o
    };
    assert_eq!(b(b""), r#""""#);
    assert_eq!(b(b"f"), r#""Zg==""#);
    assert_eq!(b(b"fo"), r#""Zm8=""#);
    assert_eq!(b(b"foo"), r#""Zm9v""#);
    assert_eq!(b(&[0xFB, 0xFF]), r#""+/8=""#);
}

#[test]
fn map_keys_must_be_strings_or_integers() {
    let m: HashMap<(u8, u8), u8> = HashMap::from([((1, 2), 3)]);
    assert!(to_go_json(&m).is_err());
}

#[test]
fn matches_serde_json_on_plain_data() {
    let v = serde_json::json!({"a": [1, 2, {"b": "c d", "e": null, "f": true}], "g": -5});
    assert_eq!(to_go_json(&v).unwrap(), serde_json::to_string(&v).unwrap());
}
