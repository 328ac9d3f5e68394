//! Small text helpers for messages and summaries, so that every count reads the same way.

use std::fmt;

/// `n` and a noun, singular for one and plural otherwise: `1 Addon`, `2 Addons`, `0 files`.
///
/// The plural adds `s`; [`Count::irregular`] takes another.
///
/// ```
/// use function_core::text::{Count, count};
///
/// assert_eq!(count(1, "Addon").to_string(), "1 Addon");
/// assert_eq!(count(12, "Function").to_string(), "12 Functions");
/// assert_eq!(count(0, "file").to_string(), "0 files");
/// assert_eq!(Count::irregular(2, "index", "indices").to_string(), "2 indices");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count<'a> {
    n: usize,
    singular: &'a str,
    plural: Option<&'a str>,
}

/// `n` and `noun`, with `s` added unless `n` is 1 (see [`Count`]).
pub fn count(n: usize, noun: &str) -> Count<'_> {
    Count {
        n,
        singular: noun,
        plural: None,
    }
}

impl<'a> Count<'a> {
    /// `n` and a noun whose plural is not the singular with `s`.
    pub fn irregular(n: usize, singular: &'a str, plural: &'a str) -> Self {
        Count {
            n,
            singular,
            plural: Some(plural),
        }
    }
}

impl fmt::Display for Count<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.n, self.plural) {
            (1, _) => write!(f, "1 {}", self.singular),
            (n, Some(plural)) => write!(f, "{n} {plural}"),
            (n, None) => write!(f, "{n} {}s", self.singular),
        }
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely typo: the project's one
/// rule, [`function_rules::closest`]. The reader's unknown fields, the lint's "did you mean" and
/// the API's open enums (a near miss of a known value is a typo, not tomorrow's value) use it.
#[cfg(feature = "api")]
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    function_rules::closest(word, candidates)
}
