//! What the derive can tell from a field's type as written: `Option<T>`, `Vec<T>`, and the
//! scalar types whose defaults are written without quotes.

use syn::{Expr, ExprLit, ExprUnary, GenericArgument, Lit, PathArguments, Type, UnOp};

/// The generic argument of a one-argument type named `name` (`Option<T>`, `Vec<T>`), matched
/// on the last path segment.
fn generic_of<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    match ty {
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            if last.ident != name {
                return None;
            }
            let PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            match (args.args.len(), args.args.first()) {
                (1, Some(GenericArgument::Type(inner))) => Some(inner),
                _ => None,
            }
        }
        Type::Group(group) => generic_of(&group.elem, name),
        Type::Paren(paren) => generic_of(&paren.elem, name),
        _ => None,
    }
}

/// Whether the type is written `Option<...>` (or `std::option::Option<...>`).
pub(crate) fn is_option(ty: &Type) -> bool {
    generic_of(ty, "Option").is_some()
}

/// The item type of a type written `Vec<T>` (or `std::vec::Vec<T>`).
pub(crate) fn vec_item(ty: &Type) -> Option<&Type> {
    generic_of(ty, "Vec")
}

/// A type whose values are written as Rust literals without quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scalar {
    /// An integer type, by name.
    Int(&'static str),
    /// `f32` or `f64`.
    Float(&'static str),
    /// `bool`.
    Bool,
    /// `char`.
    Char,
}

impl Scalar {
    /// The scalar type named by the last segment of a plain path type (`u32`,
    /// `std::primitive::u32`).
    pub(crate) fn of(ty: &Type) -> Option<Scalar> {
        let Type::Path(path) = ty else {
            return match ty {
                Type::Group(group) => Scalar::of(&group.elem),
                Type::Paren(paren) => Scalar::of(&paren.elem),
                _ => None,
            };
        };
        if path.qself.is_some() {
            return None;
        }
        let last = path.path.segments.last()?;
        if !last.arguments.is_none() {
            return None;
        }
        const INTS: [&str; 12] = [
            "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        ];
        let name = last.ident.to_string();
        if let Some(int) = INTS.iter().find(|i| **i == name) {
            return Some(Scalar::Int(int));
        }
        match name.as_str() {
            "f32" => Some(Scalar::Float("f32")),
            "f64" => Some(Scalar::Float("f64")),
            "bool" => Some(Scalar::Bool),
            "char" => Some(Scalar::Char),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Scalar::Int(name) | Scalar::Float(name) => name,
            Scalar::Bool => "bool",
            Scalar::Char => "char",
        }
    }

    /// The literal to write for `text` without quotes, when `text` is a value of this type.
    fn unquoted(self, text: &str) -> Option<String> {
        let candidate = match self {
            Scalar::Int(name) => {
                let t = text.strip_prefix('+').unwrap_or(text);
                let fits = match name {
                    "u8" => t.parse::<u8>().is_ok(),
                    "u16" => t.parse::<u16>().is_ok(),
                    "u32" => t.parse::<u32>().is_ok(),
                    "u64" => t.parse::<u64>().is_ok(),
                    "u128" => t.parse::<u128>().is_ok(),
                    "usize" => t.parse::<usize>().is_ok(),
                    "i8" => t.parse::<i8>().is_ok(),
                    "i16" => t.parse::<i16>().is_ok(),
                    "i32" => t.parse::<i32>().is_ok(),
                    "i64" => t.parse::<i64>().is_ok(),
                    "i128" => t.parse::<i128>().is_ok(),
                    _ => t.parse::<isize>().is_ok(),
                };
                (fits && !t.starts_with('+')).then(|| t.to_owned())?
            }
            Scalar::Float(_) => {
                let t = text.strip_prefix('+').unwrap_or(text);
                if t.parse::<f64>().is_err() || !t.bytes().any(|b| b.is_ascii_digit()) {
                    return None;
                }
                let (sign, digits) = match t.strip_prefix('-') {
                    Some(rest) => ("-", rest),
                    None => ("", t),
                };
                let digits = if digits.starts_with('.') {
                    format!("0{digits}")
                } else {
                    digits.to_owned()
                };
                if digits.contains(['.', 'e', 'E']) {
                    format!("{sign}{digits}")
                } else {
                    format!("{sign}{digits}.0")
                }
            }
            Scalar::Bool => matches!(text, "true" | "false").then(|| text.to_owned())?,
            Scalar::Char => {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => format!("{c:?}"),
                    _ => return None,
                }
            }
        };
        // Only a literal (or a negated one) of the right kind is worth suggesting.
        let literal = |lit: &Lit| match self {
            Scalar::Int(_) => matches!(lit, Lit::Int(_)),
            Scalar::Float(_) => matches!(lit, Lit::Float(_)),
            Scalar::Bool => matches!(lit, Lit::Bool(_)),
            Scalar::Char => matches!(lit, Lit::Char(_)),
        };
        let ok = match syn::parse_str::<Expr>(&candidate).ok()? {
            Expr::Lit(ExprLit { lit, .. }) => literal(&lit),
            Expr::Unary(ExprUnary {
                op: UnOp::Neg(_),
                expr,
                ..
            }) => matches!(&*expr, Expr::Lit(ExprLit { lit, .. }) if literal(lit)),
            _ => false,
        };
        ok.then_some(candidate)
    }

    /// An example literal of this type.
    fn example(self) -> &'static str {
        match self {
            Scalar::Int(_) => "0",
            Scalar::Float(_) => "0.0",
            Scalar::Bool => "false",
            Scalar::Char => "'a'",
        }
    }

    /// The message for a string literal `text` written where a value of this type belongs:
    /// the default of a field, or an item of a list default (`in_list`).
    pub(crate) fn quoted_message(self, text: &str, in_list: bool) -> String {
        let shown = format!("{text:?}");
        let whose = if in_list {
            format!("the items are `{}`", self.name())
        } else {
            let article = if self.name().starts_with(['i', 'f']) {
                "an"
            } else {
                "a"
            };
            format!("the field is {article} `{}`", self.name())
        };
        let prefix = if in_list { "" } else { "default = " };
        match (self.unquoted(text), self) {
            (Some(lit), Scalar::Char) => {
                format!(
                    "`{shown}` is a string, but {whose}: write a character literal, `{prefix}{lit}`"
                )
            }
            (Some(lit), _) => {
                format!("`{shown}` is a string, but {whose}: drop the quotes, `{prefix}{lit}`")
            }
            (None, _) => format!(
                "`{shown}` is a string, but {whose}: write a `{}` literal without quotes, like `{prefix}{}`",
                self.name(),
                self.example()
            ),
        }
    }
}

/// How to write `item` in a list default whose items are of type `scalar` (or not a scalar):
/// unquoted when it is a value of the type, else as a string literal.
pub(crate) fn list_item(scalar: Option<Scalar>, item: &str) -> String {
    scalar
        .and_then(|s| s.unquoted(item))
        .unwrap_or_else(|| format!("{item:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_and_vecs() {
        assert!(is_option(&syn::parse_quote!(Option<String>)));
        assert!(is_option(&syn::parse_quote!(std::option::Option<u32>)));
        assert!(!is_option(&syn::parse_quote!(Vec<String>)));
        assert!(!is_option(&syn::parse_quote!(Option)));
        let ty: Type = syn::parse_quote!(std::vec::Vec<std::path::PathBuf>);
        let item: Type = syn::parse_quote!(std::path::PathBuf);
        assert_eq!(vec_item(&ty), Some(&item));
        assert_eq!(vec_item(&syn::parse_quote!(Vec)), None);
        assert_eq!(vec_item(&syn::parse_quote!(VecDeque<u8>)), None);
    }

    #[test]
    fn scalars() {
        assert_eq!(
            Scalar::of(&syn::parse_quote!(u32)),
            Some(Scalar::Int("u32"))
        );
        assert_eq!(
            Scalar::of(&syn::parse_quote!(std::primitive::f64)),
            Some(Scalar::Float("f64"))
        );
        assert_eq!(Scalar::of(&syn::parse_quote!(bool)), Some(Scalar::Bool));
        assert_eq!(Scalar::of(&syn::parse_quote!(String)), None);
        assert_eq!(Scalar::of(&syn::parse_quote!(NonZeroU32)), None);
    }

    #[test]
    fn unquoted_literals() {
        let int = Scalar::Int("u32");
        assert_eq!(int.unquoted("300").as_deref(), Some("300"));
        assert_eq!(int.unquoted("+7").as_deref(), Some("7"));
        assert_eq!(int.unquoted("-1"), None);
        assert_eq!(int.unquoted("abc"), None);
        assert_eq!(Scalar::Int("i8").unquoted("-128").as_deref(), Some("-128"));
        assert_eq!(Scalar::Int("i8").unquoted("128"), None);
        let float = Scalar::Float("f64");
        assert_eq!(float.unquoted("300").as_deref(), Some("300.0"));
        assert_eq!(float.unquoted("1.5").as_deref(), Some("1.5"));
        assert_eq!(float.unquoted("-.5").as_deref(), Some("-0.5"));
        assert_eq!(float.unquoted("1e3").as_deref(), Some("1e3"));
        assert_eq!(float.unquoted("inf"), None);
        assert_eq!(float.unquoted("NaN"), None);
        assert_eq!(Scalar::Bool.unquoted("true").as_deref(), Some("true"));
        assert_eq!(Scalar::Bool.unquoted("True"), None);
        assert_eq!(Scalar::Char.unquoted("'").as_deref(), Some("'\\''"));
        assert_eq!(Scalar::Char.unquoted("ab"), None);
    }

    #[test]
    fn messages() {
        assert_eq!(
            Scalar::Int("u32").quoted_message("300", false),
            "`\"300\"` is a string, but the field is a `u32`: drop the quotes, `default = 300`"
        );
        assert_eq!(
            Scalar::Int("u32").quoted_message("soon", false),
            "`\"soon\"` is a string, but the field is a `u32`: write a `u32` literal without \
             quotes, like `default = 0`"
        );
        assert_eq!(
            Scalar::Int("u32").quoted_message("1", true),
            "`\"1\"` is a string, but the items are `u32`: drop the quotes, `1`"
        );
        assert_eq!(
            Scalar::Float("f64").quoted_message("300", false),
            "`\"300\"` is a string, but the field is an `f64`: drop the quotes, `default = 300.0`"
        );
        assert_eq!(
            Scalar::Char.quoted_message("x", false),
            "`\"x\"` is a string, but the field is a `char`: write a character literal, \
             `default = 'x'`"
        );
    }
}
