//! The string functions behind the operators, on bytes, with Go's semantics.
//!
//! Values come from the caller (valid UTF-8), but arguments can be the result
//! of a nested substring expansion cut in the middle of a character, so every
//! function here works on bytes and decodes UTF-8 the way Go does: an invalid
//! byte is `U+FFFD` of width 1.

use std::borrow::Cow;

use super::unicode;

const RUNE_ERROR: u32 = 0xFFFD;

/// Go's `utf8.DecodeRune`: `(rune, width)`; `(0xFFFD, 1)` for an invalid
/// encoding, `(0xFFFD, 0)` for an empty slice.
pub(crate) fn decode_rune(b: &[u8]) -> (u32, usize) {
    let Some(&b0) = b.first() else {
        return (RUNE_ERROR, 0);
    };
    if b0 < 0x80 {
        return (u32::from(b0), 1);
    }
    let cont = |i: usize, lo: u8, hi: u8| -> Option<u32> {
        let c = *b.get(i)?;
        (lo..=hi).contains(&c).then_some(u32::from(c & 0x3F))
    };
    let decoded = match b0 {
        0xC2..=0xDF => cont(1, 0x80, 0xBF).map(|c1| ((u32::from(b0) & 0x1F) << 6 | c1, 2)),
        0xE0..=0xEF => {
            let (lo, hi) = match b0 {
                0xE0 => (0xA0, 0xBF),
                0xED => (0x80, 0x9F),
                _ => (0x80, 0xBF),
            };
            cont(1, lo, hi).and_then(|c1| {
                cont(2, 0x80, 0xBF).map(|c2| ((u32::from(b0) & 0x0F) << 12 | c1 << 6 | c2, 3))
            })
        }
        0xF0..=0xF4 => {
            let (lo, hi) = match b0 {
                0xF0 => (0x90, 0xBF),
                0xF4 => (0x80, 0x8F),
                _ => (0x80, 0xBF),
            };
            cont(1, lo, hi).and_then(|c1| {
                cont(2, 0x80, 0xBF).and_then(|c2| {
                    cont(3, 0x80, 0xBF)
                        .map(|c3| ((u32::from(b0) & 0x07) << 18 | c1 << 12 | c2 << 6 | c3, 4))
                })
            })
        }
        _ => None,
    };
    decoded.unwrap_or((RUNE_ERROR, 1))
}

fn push_rune(out: &mut Vec<u8>, r: u32) {
    let c = char::from_u32(r).unwrap_or(char::REPLACEMENT_CHARACTER);
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// Appends `bytes` to `out`, replacing every byte that is not part of a valid
/// UTF-8 sequence by `U+FFFD` (one per byte, as Go's `encoding/json` does when
/// it encodes or decodes such a string).
pub(crate) fn push_go_lossy(out: &mut String, bytes: &[u8]) {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                // `good` is valid by construction.
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                let n = e.error_len().unwrap_or(bad.len());
                for _ in 0..n {
                    out.push(char::REPLACEMENT_CHARACTER);
                }
                rest = &bad[n..];
            }
        }
    }
}

/// Go's `strconv.Atoi` on a 64-bit platform.
pub(crate) fn atoi(s: &[u8]) -> Option<i64> {
    let (neg, digits) = match s.first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return None;
    }
    let mut v: i128 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i128::from(d - b'0');
        if v > i128::from(i64::MAX) + 1 {
            return None;
        }
    }
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// Result of `${x:off}` / `${x:off:len}`.
pub(crate) enum Substr<'s> {
    /// The selected bytes (possibly cutting a character in two).
    Bytes(&'s [u8]),
    /// Go would panic: `s[start:end]` with `end < start`.
    OutOfRange { start: i64, end: i64 },
}

/// Go's `toSubstr`: byte offsets; an unparsable number leaves `s` unchanged.
pub(crate) fn substr<'s>(s: &'s [u8], off: &[u8], len: Option<&[u8]>) -> Substr<'s> {
    let Some(mut pos) = atoi(off) else {
        return Substr::Bytes(s);
    };
    let n = s.len() as i64;
    if pos < 0 {
        pos = (n + pos).max(0);
    }
    let Some(len) = len else {
        return Substr::Bytes(if pos < n { &s[pos as usize..] } else { b"" });
    };
    let Some(length) = atoi(len) else {
        return Substr::Bytes(s);
    };
    let end = pos.wrapping_add(length);
    if end >= n {
        return Substr::Bytes(if pos < n { &s[pos as usize..] } else { b"" });
    }
    if end < pos {
        return Substr::OutOfRange { start: pos, end };
    }
    Substr::Bytes(&s[pos as usize..end as usize])
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Go's `strings.Replace(s, old, new, n)` with `n < 0` meaning "all".
pub(crate) fn replace<'s>(s: &'s [u8], old: &[u8], new: &[u8], n: isize) -> Cow<'s, [u8]> {
    if old == new || n == 0 {
        return Cow::Borrowed(s);
    }
    let mut out = Vec::with_capacity(s.len() + new.len());
    if old.is_empty() {
        // Matches at the start and after each UTF-8 sequence.
        let mut start = 0;
        let mut done = 0isize;
        loop {
            if n >= 0 && done >= n {
                break;
            }
            if done > 0 {
                if start >= s.len() {
                    break;
                }
                let (_, w) = decode_rune(&s[start..]);
                out.extend_from_slice(&s[start..start + w]);
                start += w;
            }
            out.extend_from_slice(new);
            done += 1;
        }
        out.extend_from_slice(&s[start..]);
        return Cow::Owned(out);
    }
    let mut start = 0;
    let mut done = 0isize;
    let mut any = false;
    while n < 0 || done < n {
        let Some(i) = find(&s[start..], old) else {
            break;
        };
        any = true;
        out.extend_from_slice(&s[start..start + i]);
        out.extend_from_slice(new);
        start += i + old.len();
        done += 1;
    }
    if !any {
        return Cow::Borrowed(s);
    }
    out.extend_from_slice(&s[start..]);
    Cow::Owned(out)
}

/// The length of `replace(s, old, new, -1)`, without building it (saturating).
pub(crate) fn replaced_len(s: &[u8], old: &[u8], new: &[u8]) -> usize {
    if old == new {
        return s.len();
    }
    let count = if old.is_empty() {
        // Before each UTF-8 sequence, and at the end.
        let mut count = 1usize;
        let mut start = 0;
        while start < s.len() {
            start += decode_rune(&s[start..]).1;
            count += 1;
        }
        count
    } else {
        memchr::memmem::find_iter(s, old)
            .fold((0usize, 0usize), |(n, next), i| {
                // Non-overlapping, as `replace` finds them.
                if i >= next {
                    (n + 1, i + old.len())
                } else {
                    (n, next)
                }
            })
            .0
    };
    (s.len() - count * old.len()).saturating_add(count.saturating_mul(new.len()))
}

/// `${x/#p/r}`: Go's `replacePrefix` (needs both arguments).
pub(crate) fn replace_prefix<'s>(s: &'s [u8], old: &[u8], new: Option<&[u8]>) -> Cow<'s, [u8]> {
    match new {
        Some(new) if s.starts_with(old) => replace(s, old, new, 1),
        _ => Cow::Borrowed(s),
    }
}

/// `${x/%p/r}`: Go's `replaceSuffix` (needs both arguments).
pub(crate) fn replace_suffix<'s>(s: &'s [u8], old: &[u8], new: Option<&[u8]>) -> Cow<'s, [u8]> {
    match new {
        Some(new) if s.ends_with(old) => {
            let mut out = s[..s.len() - old.len()].to_vec();
            out.extend_from_slice(new);
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(s),
    }
}

/// Go's `toUpper` / `toLower` (`strings.ToUpper` / `strings.ToLower`).
pub(crate) fn map_case(s: &str, upper: bool) -> Cow<'_, str> {
    if s.is_ascii() {
        let changes = s.bytes().any(|b| {
            if upper {
                b.is_ascii_lowercase()
            } else {
                b.is_ascii_uppercase()
            }
        });
        if !changes {
            return Cow::Borrowed(s);
        }
        return Cow::Owned(if upper {
            s.to_ascii_uppercase()
        } else {
            s.to_ascii_lowercase()
        });
    }
    let f = if upper {
        unicode::to_upper
    } else {
        unicode::to_lower
    };
    Cow::Owned(s.chars().map(f).collect())
}

/// Go's `toUpperFirst` / `toLowerFirst`.
pub(crate) fn map_case_first(s: &str, upper: bool) -> Cow<'_, str> {
    let Some(c) = s.chars().next() else {
        return Cow::Borrowed(s);
    };
    let m = if upper {
        unicode::to_upper(c)
    } else {
        unicode::to_lower(c)
    };
    if m == c {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 4);
    out.push(m);
    out.push_str(&s[c.len_utf8()..]);
    Cow::Owned(out)
}

/// Go's `reverse`: runes reversed, invalid bytes becoming `U+FFFD`.
fn reverse(s: &[u8]) -> Vec<u8> {
    let mut runes = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let (r, w) = decode_rune(&s[i..]);
        runes.push(r);
        i += w;
    }
    let mut out = Vec::with_capacity(s.len());
    for &r in runes.iter().rev() {
        push_rune(&mut out, r);
    }
    out
}

/// Go's `trimShortest`: removes the shortest non-empty prefix matching the
/// glob (scanning every prefix from the longest, as upstream does, so that a
/// malformed pattern is noticed the same way).
fn trim_shortest<'s>(s: &'s [u8], pattern: &[u8]) -> &'s [u8] {
    let mut shortest = 0;
    for i in 0..s.len() {
        let prefix = &s[..s.len() - i];
        match glob_match(pattern, prefix) {
            Err(BadPattern) => return s,
            Ok(true) => shortest = prefix.len(),
            Ok(false) => {}
        }
    }
    &s[shortest..]
}

/// Go's `trimLongest`.
fn trim_longest<'s>(s: &'s [u8], pattern: &[u8]) -> &'s [u8] {
    for i in 0..s.len() {
        let prefix = &s[..s.len() - i];
        match glob_match(pattern, prefix) {
            Err(BadPattern) => return s,
            Ok(true) => return &s[prefix.len()..],
            Ok(false) => {}
        }
    }
    s
}

/// `${x#p}` / `${x##p}`.
pub(crate) fn trim_prefix<'s>(s: &'s [u8], pattern: &[u8], longest: bool) -> &'s [u8] {
    if longest {
        trim_longest(s, pattern)
    } else {
        trim_shortest(s, pattern)
    }
}

/// `${x%p}` / `${x%%p}`: upstream reverses the value and the pattern (so a
/// class `[a-z]` is reversed too) and trims a prefix.
pub(crate) fn trim_suffix(s: &[u8], pattern: &[u8], longest: bool) -> Vec<u8> {
    let r = reverse(s);
    let rp = reverse(pattern);
    reverse(trim_prefix(&r, &rp, longest))
}

/// A malformed glob pattern (`path.ErrBadPattern`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct BadPattern;

/// Upstream's modified copy of Go's `path.Match`: `*` matches any bytes
/// (including `/`), a trailing `*` matches the rest at once, `?` and classes
/// match one rune (including `/`), `\` escapes. Errors are only reported when
/// matching reaches the malformed part, exactly as upstream.
pub(crate) fn glob_match(mut pattern: &[u8], mut name: &[u8]) -> Result<bool, BadPattern> {
    'pattern: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            return Ok(true);
        }
        let (t, ok, err) = match_chunk(chunk, name);
        if ok && (t.is_empty() || !pattern.is_empty()) {
            name = t;
            continue;
        }
        if err {
            return Err(BadPattern);
        }
        if star {
            for i in 0..name.len() {
                let (t, ok, err) = match_chunk(chunk, &name[i + 1..]);
                if ok {
                    if pattern.is_empty() && !t.is_empty() {
                        continue;
                    }
                    name = t;
                    continue 'pattern;
                }
                if err {
                    return Err(BadPattern);
                }
            }
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

fn scan_chunk(mut pattern: &[u8]) -> (bool, &[u8], &[u8]) {
    let mut star = false;
    while pattern.first() == Some(&b'*') {
        pattern = &pattern[1..];
        star = true;
    }
    let mut in_range = false;
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            b'\\' if i + 1 < pattern.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    (star, &pattern[..i], &pattern[i..])
}

/// Go's `matchChunk`: `(rest, ok, err)`.
fn match_chunk<'n>(mut chunk: &[u8], mut s: &'n [u8]) -> (&'n [u8], bool, bool) {
    const FAIL: (&[u8], bool, bool) = (b"", false, false);
    const ERR: (&[u8], bool, bool) = (b"", false, true);
    while !chunk.is_empty() {
        if s.is_empty() {
            return FAIL;
        }
        match chunk[0] {
            b'[' => {
                let (r, n) = decode_rune(s);
                s = &s[n..];
                chunk = &chunk[1..];
                let mut not_negated = true;
                if chunk.first() == Some(&b'^') {
                    not_negated = false;
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut nrange = 0;
                loop {
                    if chunk.first() == Some(&b']') && nrange > 0 {
                        chunk = &chunk[1..];
                        break;
                    }
                    let Ok((lo, rest)) = get_esc(chunk) else {
                        return ERR;
                    };
                    chunk = rest;
                    let mut hi = lo;
                    if chunk[0] == b'-' {
                        let Ok((h, rest)) = get_esc(&chunk[1..]) else {
                            return ERR;
                        };
                        hi = h;
                        chunk = rest;
                    }
                    if lo <= r && r <= hi {
                        matched = true;
                    }
                    nrange += 1;
                }
                if matched != not_negated {
                    return FAIL;
                }
            }
            b'?' => {
                let (_, n) = decode_rune(s);
                s = &s[n..];
                chunk = &chunk[1..];
            }
            c => {
                let c = if c == b'\\' {
                    chunk = &chunk[1..];
                    match chunk.first() {
                        Some(&c) => c,
                        None => return ERR,
                    }
                } else {
                    c
                };
                if c != s[0] {
                    return FAIL;
                }
                s = &s[1..];
                chunk = &chunk[1..];
            }
        }
    }
    (s, true, false)
}

/// Go's `getEsc`: a possibly escaped rune of a character class; the rest of
/// the chunk is never empty on success.
fn get_esc(mut chunk: &[u8]) -> Result<(u32, &[u8]), BadPattern> {
    match chunk.first() {
        None | Some(b'-') | Some(b']') => return Err(BadPattern),
        Some(b'\\') => {
            chunk = &chunk[1..];
            if chunk.is_empty() {
                return Err(BadPattern);
            }
        }
        _ => {}
    }
    let (r, n) = decode_rune(chunk);
    if r == RUNE_ERROR && n == 1 {
        return Err(BadPattern);
    }
    let rest = &chunk[n..];
    if rest.is_empty() {
        return Err(BadPattern);
    }
    Ok((r, rest))
}

#[cfg(test)]
mod tests {
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
}
