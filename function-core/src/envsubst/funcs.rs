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
mod tests;
