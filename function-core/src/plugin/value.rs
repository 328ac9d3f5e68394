//! [`ArgValue`]: how a field's type is read from and written to one argument's text.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// Why a text is not a valid value: the reason, as the type's parser gave it.
///
/// [`ArgsError::InvalidValue`](super::ArgsError::InvalidValue) adds the flag, the text and the
/// expected type.
///
/// ```
/// use function_core::plugin::{ArgValue, ValueError};
///
/// let err: ValueError = u32::parse_arg("x").unwrap_err();
/// assert_eq!(err.to_string(), "invalid digit found in string");
/// assert_eq!(ValueError::new("too big").reason(), "too big");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueError {
    reason: String,
}

impl ValueError {
    /// A value error with this reason.
    ///
    /// ```
    /// let err = function_core::plugin::ValueError::new("must be even");
    /// assert_eq!(err.to_string(), "must be even");
    /// ```
    pub fn new(reason: impl Into<String>) -> Self {
        ValueError {
            reason: reason.into(),
        }
    }

    /// The reason.
    ///
    /// ```
    /// assert_eq!(function_core::plugin::ValueError::new("r").reason(), "r");
    /// ```
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for ValueError {}

/// A type a `#[derive(Function)]` field can have: read from one argument's text, and written
/// back to it.
///
/// Implemented for `String`, `bool`, every integer and float type, `char`, `PathBuf`, the
/// `std::net` address types, the `NonZero` integers, `Option<T>` and `Vec<T>`, and any type
/// that opts in with [`FromStrArg`] (a `FromStr + Display` type).
///
/// The law every implementation keeps: `T::parse_arg(&v.to_arg()) == Ok(v)`; the derive relies
/// on it to read typed defaults back from the template's text. The known exceptions are listed
/// on the `Option` and `Vec` implementations (`Some("")` and lists holding `,` or a single
/// empty item).
///
/// | type | text | notes |
/// |---|---|---|
/// | `String` | as is | never fails |
/// | `bool` | `true`/`false` | also Go's `strconv.ParseBool` spellings: `1 t T TRUE True 0 f F FALSE False` |
/// | integers, floats, `char`, addresses | `FromStr`/`Display` | `u32::from_str` etc. |
/// | `PathBuf` | as is | written with `to_string_lossy` (a non-UTF-8 path does not round-trip) |
/// | `Option<T>` | empty text is `None` | template `${var:=}`; never required |
/// | `Vec<T>` | comma-separated items | empty text is the empty list; items cannot hold `,` (no escaping) |
///
/// ```
/// use function_core::plugin::ArgValue;
///
/// assert_eq!(u32::parse_arg("300"), Ok(300));
/// assert_eq!(300u32.to_arg(), "300");
/// assert_eq!(bool::parse_arg("True"), Ok(true));
/// assert_eq!(Option::<String>::parse_arg(""), Ok(None));
/// assert_eq!(Vec::<u8>::parse_arg("1,2"), Ok(vec![1, 2]));
/// assert_eq!(Vec::<u8>::expected(), "a comma-separated list of u8");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the type of a Function argument",
    label = "this type is not an `ArgValue`",
    note = "use String, bool, an integer or float type, PathBuf, Option<T> or Vec<T>; for a \
            `FromStr + Display` type, add `impl function_core::plugin::FromStrArg for {Self} {{}}`"
)]
pub trait ArgValue: Sized {
    /// Whether the empty text is a valid "nothing" for this type (`None`, an empty list): such
    /// a field is never a required parameter.
    const OPTIONAL: bool = false;

    /// The expected type, for error messages: `u32`, `a comma-separated list of u32`.
    fn expected() -> String;

    /// Reads a value from an argument's text.
    ///
    /// # Errors
    /// When the text is not a value of this type, with the parser's reason.
    fn parse_arg(text: &str) -> Result<Self, ValueError>;

    /// Writes the value as an argument's text.
    fn to_arg(&self) -> String;

    /// What a value of this type may be, for the JSON schema of a Helm value bound to it
    /// (`values.schema.json`): the range of an integer type, the two values of `bool`, ...;
    /// `None` (the default) when nothing narrower than text can be said.
    fn bounds() -> Option<ValueBounds> {
        None
    }
}

/// What a Helm value bound to an argument may be, from the argument's Rust type
/// ([`ArgValue::bounds`]): the chart writer puts it in `values.schema.json`, so that
/// `helm install --set waitTimeout=-1` fails at once for a `u32` rather than in the plugin.
///
/// ```
/// use function_core::plugin::{ArgValue, ValueBounds};
///
/// assert_eq!(u32::bounds(), Some(ValueBounds::Integer { minimum: 0, maximum: u32::MAX.into() }));
/// assert_eq!(std::num::NonZeroU8::bounds(), Some(ValueBounds::Integer { minimum: 1, maximum: 255 }));
/// assert_eq!(bool::bounds(), Some(ValueBounds::Boolean));
/// assert_eq!(String::bounds(), None);
/// assert_eq!(Option::<u32>::bounds(), None); // the empty text is a value too
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueBounds {
    /// An integer in `minimum..=maximum`.
    Integer {
        /// The smallest value.
        minimum: i128,
        /// The largest value.
        maximum: u128,
    },
    /// A number (`f32`, `f64`).
    Number,
    /// `true` or `false`.
    Boolean,
    /// Text matching a regular expression (ECMA 262, as JSON schema has it).
    Pattern(&'static str),
}

/// Opts a `FromStr + Display` type in as an [`ArgValue`] (and so also `Option<T>` and `Vec<T>`
/// of it), with one line: `impl FromStrArg for MyType {}`.
///
/// `Display` must write what `FromStr` reads back (the round-trip law of [`ArgValue`]); the
/// expected type in error messages is the type's name, unless [`FromStrArg::type_name`] is
/// overridden.
///
/// ```
/// use std::{fmt, str::FromStr};
/// use function_core::plugin::{ArgValue, FromStrArg};
///
/// #[derive(Debug, PartialEq)]
/// enum Compression { Gzip, Zstd }
///
/// impl FromStr for Compression {
///     type Err = String;
///     fn from_str(s: &str) -> Result<Self, String> {
///         match s {
///             "gzip" => Ok(Compression::Gzip),
///             "zstd" => Ok(Compression::Zstd),
///             _ => Err("expected gzip or zstd".into()),
///         }
///     }
/// }
/// impl fmt::Display for Compression {
///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         f.write_str(match self { Compression::Gzip => "gzip", Compression::Zstd => "zstd" })
///     }
/// }
/// impl FromStrArg for Compression {}
///
/// assert_eq!(Compression::parse_arg("zstd"), Ok(Compression::Zstd));
/// assert_eq!(Compression::expected(), "Compression");
/// assert_eq!(Option::<Compression>::parse_arg(""), Ok(None));
/// assert_eq!(Vec::<Compression>::parse_arg("gzip,zstd").unwrap().len(), 2);
/// assert_eq!(Compression::parse_arg("lz4").unwrap_err().reason(), "expected gzip or zstd");
/// ```
pub trait FromStrArg: FromStr<Err: fmt::Display> + fmt::Display {
    /// The expected type, for error messages ([`ArgValue::expected`]); by default the type's
    /// name without its path.
    fn type_name() -> String {
        short_type_name(std::any::type_name::<Self>())
    }

    /// [`ArgValue::bounds`]: `None` unless overridden.
    fn bounds() -> Option<ValueBounds> {
        None
    }
}

/// `my_crate::module::Type<other::Thing>` -> `Type<Thing>`.
fn short_type_name(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    let mut segment = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            segment.push(c);
        } else {
            out.push_str(segment.rsplit("::").next().unwrap_or(&segment));
            segment.clear();
            out.push(c);
        }
    }
    out.push_str(segment.rsplit("::").next().unwrap_or(&segment));
    out
}

impl<T: FromStrArg> ArgValue for T {
    fn expected() -> String {
        T::type_name()
    }

    fn parse_arg(text: &str) -> Result<Self, ValueError> {
        text.parse::<T>()
            .map_err(|e| ValueError::new(e.to_string()))
    }

    fn to_arg(&self) -> String {
        self.to_string()
    }

    fn bounds() -> Option<ValueBounds> {
        T::bounds()
    }
}

macro_rules! integer_arg {
    ($($ty:ty => $min:expr, $max:expr;)*) => {
        $(impl FromStrArg for $ty {
            fn bounds() -> Option<ValueBounds> {
                Some(ValueBounds::Integer { minimum: $min as i128, maximum: $max as u128 })
            }
        })*
    };
}

integer_arg! {
    u8 => 0, u8::MAX;
    u16 => 0, u16::MAX;
    u32 => 0, u32::MAX;
    u64 => 0, u64::MAX;
    u128 => 0, u128::MAX;
    usize => 0, usize::MAX;
    i8 => i8::MIN, i8::MAX;
    i16 => i16::MIN, i16::MAX;
    i32 => i32::MIN, i32::MAX;
    i64 => i64::MIN, i64::MAX;
    i128 => i128::MIN, i128::MAX;
    isize => isize::MIN, isize::MAX;
    std::num::NonZeroU8 => 1, u8::MAX;
    std::num::NonZeroU16 => 1, u16::MAX;
    std::num::NonZeroU32 => 1, u32::MAX;
    std::num::NonZeroU64 => 1, u64::MAX;
    std::num::NonZeroUsize => 1, usize::MAX;
}

/// Numbers: no range in the schema (a float reads anything JSON writes as a number).
impl FromStrArg for f32 {
    fn bounds() -> Option<ValueBounds> {
        Some(ValueBounds::Number)
    }
}

impl FromStrArg for f64 {
    fn bounds() -> Option<ValueBounds> {
        Some(ValueBounds::Number)
    }
}

/// One character.
impl FromStrArg for char {
    fn bounds() -> Option<ValueBounds> {
        Some(ValueBounds::Pattern("^.$"))
    }
}

/// Dotted-quad IPv4 addresses.
impl FromStrArg for std::net::Ipv4Addr {
    fn bounds() -> Option<ValueBounds> {
        Some(ValueBounds::Pattern(
            r"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$",
        ))
    }
}

macro_rules! from_str_arg {
    ($($ty:ty),* $(,)?) => {
        $(impl FromStrArg for $ty {})*
    };
}

from_str_arg!(
    std::num::NonZeroI32,
    std::num::NonZeroI64,
    std::net::IpAddr,
    std::net::Ipv6Addr,
    std::net::SocketAddr,
);

impl ArgValue for String {
    fn expected() -> String {
        "a string".into()
    }

    fn parse_arg(text: &str) -> Result<Self, ValueError> {
        Ok(text.to_owned())
    }

    fn to_arg(&self) -> String {
        self.clone()
    }
}

impl ArgValue for PathBuf {
    fn expected() -> String {
        "a path".into()
    }

    fn parse_arg(text: &str) -> Result<Self, ValueError> {
        Ok(PathBuf::from(text))
    }

    fn to_arg(&self) -> String {
        self.to_string_lossy().into_owned()
    }
}

/// `true`/`false`, and the other spellings Go's `strconv.ParseBool` accepts (the catalog's
/// plugins are Go programs, and users write parameters for them).
impl ArgValue for bool {
    fn expected() -> String {
        "bool".into()
    }

    fn parse_arg(text: &str) -> Result<Self, ValueError> {
        match text {
            "true" | "1" | "t" | "T" | "TRUE" | "True" => Ok(true),
            "false" | "0" | "f" | "F" | "FALSE" | "False" => Ok(false),
            _ => Err(ValueError::new(
                "expected true or false (or 1, t, T, TRUE, True, 0, f, F, FALSE, False)",
            )),
        }
    }

    fn to_arg(&self) -> String {
        if *self { "true" } else { "false" }.into()
    }

    fn bounds() -> Option<ValueBounds> {
        Some(ValueBounds::Boolean)
    }
}

/// The empty text is `None`; anything else is `Some` of `T`'s value. `Some` of a value whose
/// text is empty (`Some(String::new())`) is written as the empty text and so reads back as
/// `None`: an `Option` field cannot tell "absent" from "empty".
impl<T: ArgValue> ArgValue for Option<T> {
    const OPTIONAL: bool = true;

    fn expected() -> String {
        T::expected()
    }

    fn parse_arg(text: &str) -> Result<Self, ValueError> {
        if text.is_empty() {
            Ok(None)
        } else {
            T::parse_arg(text).map(Some)
        }
    }

    fn to_arg(&self) -> String {
        self.as_ref().map(T::to_arg).unwrap_or_default()
    }
}

/// Items separated by `,`, with no escaping and no trimming: `a,b` is `["a", "b"]`, the empty
/// text is the empty list. An item whose text holds `,` is split when read back, and a list of
/// one empty item is written as the empty text, which reads back as the empty list.
impl<T: ArgValue> ArgValue for Vec<T> {
    const OPTIONAL: bool = true;

    fn expected() -> String {
        format!("a comma-separated list of {}", T::expected())
    }

    fn parse_arg(text: &str) -> Result<Self, ValueError> {
        if text.is_empty() {
            return Ok(Vec::new());
        }
        text.split(',')
            .enumerate()
            .map(|(i, item)| {
                T::parse_arg(item).map_err(|e| {
                    ValueError::new(format!("item {} `{item}`: {}", i + 1, e.reason()))
                })
            })
            .collect()
    }

    fn to_arg(&self) -> String {
        let items: Vec<String> = self.iter().map(T::to_arg).collect();
        items.join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_type_names() {
        assert_eq!(short_type_name("a::b::C"), "C");
        assert_eq!(short_type_name("a::B<c::D, e::F>"), "B<D, F>");
        assert_eq!(short_type_name("u32"), "u32");
    }

    #[test]
    fn expected_names() {
        assert_eq!(u32::expected(), "u32");
        assert_eq!(f64::expected(), "f64");
        assert_eq!(std::net::IpAddr::expected(), "IpAddr");
        assert_eq!(Option::<u16>::expected(), "u16");
        assert_eq!(
            Vec::<Option<bool>>::expected(),
            "a comma-separated list of bool"
        );
    }

    #[test]
    fn bool_spellings() {
        for t in ["true", "1", "t", "T", "TRUE", "True"] {
            assert_eq!(bool::parse_arg(t), Ok(true));
        }
        for f in ["false", "0", "f", "F", "FALSE", "False"] {
            assert_eq!(bool::parse_arg(f), Ok(false));
        }
        assert!(bool::parse_arg("yes").is_err());
        assert!(bool::parse_arg("").is_err());
    }

    #[test]
    fn list_errors_name_the_item() {
        let err = Vec::<u8>::parse_arg("1,x,3").unwrap_err();
        assert_eq!(err.reason(), "item 2 `x`: invalid digit found in string");
    }

    #[test]
    fn paths_and_options() {
        assert_eq!(
            PathBuf::parse_arg("/kubestash-tmp"),
            Ok(PathBuf::from("/kubestash-tmp"))
        );
        assert_eq!(Some(PathBuf::from("/x")).to_arg(), "/x");
        assert_eq!(Option::<u8>::parse_arg("7"), Ok(Some(7)));
        assert!(Option::<u8>::parse_arg("x").is_err());
        assert_eq!(None::<u8>.to_arg(), "");
    }
}
