use super::*;

#[test]
fn decode_rune_matches_go() {
    assert_eq!(decode_rune(b""), (0xFFFD, 0));
    assert_eq!(decode_rune(b"a"), (0x61, 1));
    assert_eq!(decode_rune("é".as_bytes()), (0xE9, 2));
    assert_eq!(decode_rune("€x".as_bytes()), (0x20AC, 3));
    assert_eq!(decode_rune("😀".as_bytes()), (0x1F600, 4));
    assert_eq!(decode_rune(&[0xA9]), (0xFFFD, 1));
    assert_eq!(decode_rune(&[0xC3]), (0xFFFD, 1));
    assert_eq!(decode_rune(&[0xC0, 0x80]), (0xFFFD, 1)); // overlong
    assert_eq!(decode_rune(&[0xED, 0xA0, 0x80]), (0xFFFD, 1)); // surrogate
    assert_eq!(decode_rune(&[0xF4, 0x90, 0x80, 0x80]), (0xFFFD, 1)); // > U+10FFFF
    assert_eq!(decode_rune("\u{FFFD}".as_bytes()), (0xFFFD, 3));
}

#[test]
fn go_lossy_replaces_each_invalid_byte() {
    let mut s = String::new();
    // Go writes one U+FFFD per byte (utf8.DecodeRune returns width 1),
    // not one per maximal invalid sequence like String::from_utf8_lossy.
    push_go_lossy(&mut s, &[b'a', 0xE2, 0x82, b'b', 0xA9]);
    assert_eq!(s, "a\u{FFFD}\u{FFFD}b\u{FFFD}");
    let mut s = String::new();
    push_go_lossy(&mut s, &[0xE2, 0x82]);
    assert_eq!(s, "\u{FFFD}\u{FFFD}");
}

#[test]
fn atoi_matches_strconv() {
    assert_eq!(atoi(b"0"), Some(0));
    assert_eq!(atoi(b"+7"), Some(7));
    assert_eq!(atoi(b"-007"), Some(-7));
    assert_eq!(atoi(b"9223372036854775807"), Some(i64::MAX));
    assert_eq!(atoi(b"-9223372036854775808"), Some(i64::MIN));
    assert_eq!(atoi(b"9223372036854775808"), None);
    assert_eq!(atoi(b"99999999999999999999999"), None);
    for bad in [
        &b""[..],
        b"+",
        b"-",
        b" 1",
        b"1 ",
        b"1_0",
        b"0x1",
        b"1.5",
        b"abc",
    ] {
        assert_eq!(atoi(bad), None, "{:?}", String::from_utf8_lossy(bad));
    }
}

fn sub(s: &str, off: &str, len: Option<&str>) -> Result<String, (i64, i64)> {
    match substr(s.as_bytes(), off.as_bytes(), len.map(str::as_bytes)) {
        Substr::Bytes(b) => Ok(String::from_utf8_lossy(b).into_owned()),
        Substr::OutOfRange { start, end } => Err((start, end)),
    }
}

#[test]
fn substr_matches_go() {
    let s = "123456789123456789";
    assert_eq!(sub(s, "0", Some("8")).unwrap(), "12345678");
    assert_eq!(sub(s, "9", None).unwrap(), "123456789");
    assert_eq!(sub(s, "9", Some("50")).unwrap(), "123456789");
    assert_eq!(sub(s, "-3", Some("2")).unwrap(), "78");
    assert_eq!(sub(s, "-300", Some("3")).unwrap(), "123");
    assert_eq!(sub(s, "-3", None).unwrap(), "789");
    assert_eq!(sub(s, "40", None).unwrap(), "");
    assert_eq!(sub("12345678", "9", Some("1")).unwrap(), "");
    assert_eq!(sub(s, "x", Some("1")).unwrap(), s);
    assert_eq!(sub(s, "1", Some("x")).unwrap(), s);
    assert_eq!(sub(s, "2", Some("0")).unwrap(), "");
    assert_eq!(sub(s, "2", Some("-1")), Err((2, 1)));
    assert_eq!(sub(s, "0", Some("-1")), Err((0, -1)));
    assert_eq!(sub(s, "2", Some("-100")), Err((2, -98)));
    // Negative length reaching past the end is no panic upstream.
    assert_eq!(sub(s, "17", Some("-1")), Err((17, 16)));
    assert_eq!(sub(s, "40", Some("-1")).unwrap(), "");
    // Overflowing off+len wraps around like Go's int.
    assert_eq!(
        sub(s, "9223372036854775807", Some("1")),
        Err((i64::MAX, i64::MIN))
    );
}

#[test]
fn replaced_len_is_the_length_of_replace_all() {
    let cases = [
        ("", "", "ab"),
        ("aaaa", "aa", "b"),
        ("aaa", "aa", "xyz"),
        ("abcabc", "abc", ""),
        ("héé", "", "--"),
        ("no match", "zz", "long replacement"),
        ("same", "m", "m"),
        ("ababab", "aba", "Q"),
        ("\u{fffd}\u{fffd}é", "", "é"),
    ];
    for (s, old, new) in cases {
        assert_eq!(
            replaced_len(s.as_bytes(), old.as_bytes(), new.as_bytes()),
            replace(s.as_bytes(), old.as_bytes(), new.as_bytes(), -1).len(),
            "{s:?} {old:?} {new:?}"
        );
    }
    // Invalid UTF-8: one match per byte that starts no sequence, as `replace` decodes.
    let s = [b'a', 0xE2, 0x82, 0xFF, b'b'];
    assert_eq!(
        replaced_len(&s, b"", b"-"),
        replace(&s, b"", b"-", -1).len()
    );
}

fn rep(s: &str, old: &str, new: &str, n: isize) -> String {
    String::from_utf8(replace(s.as_bytes(), old.as_bytes(), new.as_bytes(), n).into_owned())
        .unwrap()
}

#[test]
fn replace_matches_strings_replace() {
    assert_eq!(rep("abcabc", "b", "X", -1), "aXcaXc");
    assert_eq!(rep("abcabc", "b", "X", 1), "aXcabc");
    assert_eq!(rep("abcabc", "z", "X", -1), "abcabc");
    assert_eq!(rep("aaa", "aa", "b", -1), "ba");
    assert_eq!(rep("héé", "", "-", -1), "-h-é-é-");
    assert_eq!(rep("héé", "", "-", 1), "-héé");
    assert_eq!(rep("", "", "-", -1), "-");
    assert_eq!(rep("abc", "b", "", -1), "ac");
}

fn m(p: &str, n: &str) -> Result<bool, BadPattern> {
    glob_match(p.as_bytes(), n.as_bytes())
}

#[test]
fn glob_quirks() {
    assert_eq!(m("*", "a/b"), Ok(true));
    assert_eq!(m("*.", "bash."), Ok(true));
    assert_eq!(m("*/", "path/to/"), Ok(true));
    assert_eq!(m("a?c", "a/c"), Ok(true));
    assert_eq!(m("[a-c]x", "bx"), Ok(true));
    assert_eq!(m("[^a-c]x", "bx"), Ok(false));
    assert_eq!(m("[a-c]x", "dx"), Ok(false));
    assert_eq!(m("\\*", "*"), Ok(true));
    // The dangling escape is only an error when there is a byte left to match.
    assert_eq!(m("a\\", "a"), Ok(false));
    assert_eq!(m("a\\", "ab"), Err(BadPattern));
    assert_eq!(m("[", "a"), Err(BadPattern));
    assert_eq!(m("[]", "a"), Err(BadPattern));
    assert_eq!(m("[a-", "a"), Err(BadPattern));
    // The malformed part is only noticed when matching reaches it.
    assert_eq!(m("b[", "a"), Ok(false));
    assert_eq!(m("substring", "substring"), Ok(true));
    assert_eq!(m("a*b", "axxb"), Ok(true));
    assert_eq!(m("a*b", "axxbc"), Ok(false));
    assert_eq!(m("", ""), Ok(true));
    assert_eq!(m("", "a"), Ok(false));
}

fn tp(s: &str, p: &str, longest: bool) -> String {
    String::from_utf8(trim_prefix(s.as_bytes(), p.as_bytes(), longest).to_vec()).unwrap()
}

fn ts(s: &str, p: &str, longest: bool) -> String {
    String::from_utf8(trim_suffix(s.as_bytes(), p.as_bytes(), longest)).unwrap()
}

#[test]
fn trims_match_upstream() {
    assert_eq!(tp("bash.string.txt", "*.", false), "string.txt");
    assert_eq!(tp("bash.string.txt", "*.", true), "txt");
    assert_eq!(tp("/path/to/file", "*/", false), "path/to/file");
    assert_eq!(tp("path/to/file", "*/", true), "file");
    assert_eq!(ts("bash.string.txt", ".*", false), "bash.string");
    assert_eq!(ts("bash.string.txt", ".*", true), "bash");
    // A lone `*` removes the shortest non-empty prefix: one byte.
    assert_eq!(tp("abc", "*", false), "bc");
    assert_eq!(tp("abc", "*", true), "");
    assert_eq!(tp("abc", "z", false), "abc");
    assert_eq!(tp("", "*", false), "");
    // Bad pattern: value unchanged.
    assert_eq!(tp("a[bc", "a[", true), "a[bc");
    // The class is reversed with the pattern for suffixes: `]c-a[`.
    assert_eq!(ts("xyzb", "[a-c]", false), "xyzb");
}

#[test]
fn trim_can_split_a_character_like_go() {
    // `*` removes one byte: half of `é`.
    let out = trim_prefix("éa".as_bytes(), b"*", false);
    assert_eq!(out, &[0xA9, b'a']);
    // The suffix form goes through []rune: the split byte becomes U+FFFD.
    let out = trim_suffix("aé".as_bytes(), b"*", false);
    assert_eq!(out, "a\u{FFFD}".as_bytes());
}

#[test]
fn case_mapping() {
    assert_eq!(map_case("abcDEF", true), "ABCDEF");
    assert_eq!(map_case("abcDEF", false), "abcdef");
    assert_eq!(map_case("straße", true), "STRAßE");
    assert_eq!(map_case("ΣΑΣ", false), "σασ");
    assert_eq!(map_case_first("hello", true), "Hello");
    assert_eq!(map_case_first("HELLO", false), "hELLO");
    assert_eq!(map_case_first("", true), "");
    assert_eq!(map_case_first("ǆx", true), "Ǆx");
}
