//! Go-compatible character classes and simple case mappings.
//!
//! Rust's `char::is_alphabetic` and `to_uppercase` use different Unicode
//! properties (Alphabetic, full SpecialCasing mappings such as `ß` → `SS`) than
//! Go's `unicode.IsLetter`/`IsDigit` (general categories `L*`, `Nd`) and
//! `unicode.ToUpper`/`ToLower` (simple one-to-one mappings). Name characters are
//! classified by [`function_rules::is_variable_name_char`] (the one home of that
//! rule, shared with the derive macro); the case tables here are generated from
//! Unicode 15.0.0 (the version of Go 1.21+).

use super::unicode_tables::{LOWER, UPPER};

/// Go's `unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'`.
#[inline]
pub(crate) fn is_ident_char(c: char) -> bool {
    function_rules::is_variable_name_char(c)
}

fn map_simple(table: &[(u32, u32)], c: char) -> char {
    match table.binary_search_by_key(&(c as u32), |&(from, _)| from) {
        Ok(i) => char::from_u32(table[i].1).unwrap_or(c),
        Err(_) => c,
    }
}

/// Go's `unicode.ToUpper`.
#[inline]
pub(crate) fn to_upper(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_uppercase()
    } else {
        map_simple(UPPER, c)
    }
}

/// Go's `unicode.ToLower`.
#[inline]
pub(crate) fn to_lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        map_simple(LOWER, c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ident_chars_follow_go_categories() {
        for c in ['a', 'Z', '0', '9', '_', 'é', 'ß', 'Ж', '中', '٣', 'ª'] {
            assert!(is_ident_char(c), "{c:?} should be a name character");
        }
        // Alphabetic in Rust but not a Go letter: combining mark, letter number, other number.
        for c in ['-', '.', ' ', '$', '}', '\u{0301}', 'Ⅻ', '½', '²', '\u{0}'] {
            assert!(!is_ident_char(c), "{c:?} should not be a name character");
        }
    }

    #[test]
    fn case_mappings_are_simple_not_full() {
        assert_eq!(to_upper('ß'), 'ß'); // Rust's full mapping gives "SS"
        assert_eq!(to_lower('İ'), 'i'); // full mapping gives "i\u{307}"
        assert_eq!(to_upper('ǆ'), 'Ǆ');
        assert_eq!(to_lower('ǅ'), 'ǆ');
        assert_eq!(to_upper('ǅ'), 'Ǆ');
        assert_eq!(to_lower('Σ'), 'σ'); // no final-sigma rule
        assert_eq!(to_upper('ﬀ'), 'ﬀ'); // ligature has no simple uppercase
        assert_eq!(to_upper('a'), 'A');
        assert_eq!(to_lower('中'), '中');
    }

    #[test]
    fn tables_are_sorted() {
        assert!(UPPER.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(LOWER.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(super::super::unicode_tables::UNICODE_VERSION, "15.0.0");
        assert_eq!(function_rules::UNICODE_VERSION, "15.0.0");
    }
}
