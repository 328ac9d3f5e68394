//! Where variable values come from.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};
use std::marker::PhantomData;

/// A source of variable values.
///
/// `None` means the key is **absent**; `Some("")` means present but empty.
/// The difference matters: `${x:=w}` gives `w` only when `x` is absent, and
/// every form without a default fails on an absent key.
///
/// Implemented for `HashMap` and `BTreeMap` with `String`/`&str` keys and
/// values (any hasher: see [`Vars`] for a fast one), for references, and —
/// through [`from_fn`] — for closures `Fn(&str) -> Option<&str>`:
///
/// ```
/// use function_core::envsubst::{eval_map, from_fn};
///
/// let lookup = from_fn(|key: &str| (key == "name").then_some("world"));
/// assert_eq!(eval_map("hello ${name}", &lookup).unwrap(), "hello world");
/// assert!(eval_map("${other}", &lookup).is_err());
/// ```
pub trait Lookup {
    /// The value of `key`, or `None` when it is absent.
    fn lookup(&self, key: &str) -> Option<&str>;
}

impl<K, V, S> Lookup for HashMap<K, V, S>
where
    K: Borrow<str> + Hash + Eq,
    V: AsRef<str>,
    S: BuildHasher,
{
    #[inline]
    fn lookup(&self, key: &str) -> Option<&str> {
        self.get(key).map(AsRef::as_ref)
    }
}

impl<K, V> Lookup for BTreeMap<K, V>
where
    K: Borrow<str> + Ord,
    V: AsRef<str>,
{
    #[inline]
    fn lookup(&self, key: &str) -> Option<&str> {
        self.get(key).map(AsRef::as_ref)
    }
}

/// A [`Lookup`] calling a closure; see [`from_fn`].
#[derive(Clone, Copy)]
pub struct FnLookup<'v, F> {
    f: F,
    _values: PhantomData<&'v str>,
}

/// Wraps a closure returning values that live for `'v` (typically borrowed
/// from data the closure captures) as a [`Lookup`].
///
/// ```
/// use function_core::envsubst::{eval_map, from_fn};
/// use std::collections::HashMap;
///
/// let defaults = HashMap::from([("a".to_string(), "1".to_string())]);
/// let user = HashMap::from([("a".to_string(), "2".to_string())]);
/// // User values over defaults.
/// let layered = from_fn(|k: &str| user.get(k).or_else(|| defaults.get(k)).map(String::as_str));
/// assert_eq!(eval_map("${a}", &layered).unwrap(), "2");
/// ```
pub fn from_fn<'v, F>(f: F) -> FnLookup<'v, F>
where
    F: Fn(&str) -> Option<&'v str>,
{
    FnLookup {
        f,
        _values: PhantomData,
    }
}

impl<'v, F> Lookup for FnLookup<'v, F>
where
    F: Fn(&str) -> Option<&'v str>,
{
    #[inline]
    fn lookup(&self, key: &str) -> Option<&str> {
        (self.f)(key)
    }
}

impl<T: Lookup + ?Sized> Lookup for &T {
    #[inline]
    fn lookup(&self, key: &str) -> Option<&str> {
        (**self).lookup(key)
    }
}

/// A variable map with a fast, non-cryptographic hasher ([`foldhash`]).
///
/// Lookups of short keys cost a few nanoseconds instead of the ~20 ns of the
/// standard SipHash map, which matters when a whole object is substituted per
/// call. The CLI and the benchmark use it.
///
/// ```
/// use function_core::envsubst::{eval_map, vars};
///
/// let v = vars([("namespace", "demo"), ("empty", "")]);
/// assert_eq!(eval_map("${namespace}/${empty:=x}", &v).unwrap(), "demo/");
/// ```
pub type Vars = HashMap<String, String, foldhash::fast::RandomState>;

/// Builds a [`Vars`] map from key/value pairs.
pub fn vars<I, K, V>(pairs: I) -> Vars
where
    I: IntoIterator<Item = (K, V)>,
    K: Into<String>,
    V: Into<String>,
{
    pairs
        .into_iter()
        .map(|(k, v)| (k.into(), v.into()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_distinguish_absent_from_empty() {
        let mut h: HashMap<String, String> = HashMap::new();
        h.insert("e".into(), String::new());
        assert_eq!(h.lookup("e"), Some(""));
        assert_eq!(h.lookup("x"), None);

        let b: BTreeMap<&str, &str> = [("a", "1")].into_iter().collect();
        assert_eq!(b.lookup("a"), Some("1"));
        assert_eq!(b.lookup("b"), None);

        let r: HashMap<&str, &str> = [("k", "v")].into_iter().collect();
        let by_ref: &HashMap<&str, &str> = &r;
        assert_eq!(Lookup::lookup(&by_ref, "k"), Some("v"));

        let v = vars([("k", "v")]);
        assert_eq!(v.lookup("k"), Some("v"));
        assert_eq!(v.lookup("K"), None);
    }

    #[test]
    fn closures_are_lookups() {
        let owned = String::from("value");
        let f = from_fn(|k: &str| (k == "key").then_some(owned.as_str()));
        assert_eq!(f.lookup("key"), Some("value"));
        assert_eq!(f.lookup("nope"), None);
    }
}
