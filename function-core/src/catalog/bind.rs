//! Finding the defaults of `${var:=default}` expressions in a Function's arguments, so that a
//! chart can supply them from a Helm value.

use std::ops::Range;

/// One default of a bound variable found in an argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found<'a> {
    /// The variable.
    pub variable: &'a str,
    /// The byte range of the default's text in the argument.
    pub default: Range<usize>,
}

/// The defaults (`${var:=w}`, `${var=w}`, `${var:-w}`) of the variables that `is_bound` accepts,
/// left to right.
///
/// Follows the engine's reading of plain text: `$$` is an escape taken in pairs from the left
/// (so `$${var:=w}` is literal text, not an expression), and a default runs to the first `}`.
///
/// # Errors
/// A bound variable's default holds `${` (a nested expression: it is not a literal the chart
/// could replace); the message names the variable.
pub(crate) fn find_defaults<'a>(
    arg: &'a str,
    is_bound: impl Fn(&str) -> bool,
) -> Result<Vec<Found<'a>>, String> {
    let bytes = arg.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if arg[i..].starts_with("$$") {
            i += 2;
            continue;
        }
        if !arg[i..].starts_with("${") {
            i += arg[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let name_start = i + 2;
        let name_len: usize = arg[name_start..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .map(char::len_utf8)
            .sum();
        let name_end = name_start + name_len;
        let rest = &arg[name_end..];
        let op_len = if rest.starts_with(":=") || rest.starts_with(":-") {
            2
        } else if rest.starts_with('=') {
            1
        } else {
            0
        };
        let variable = &arg[name_start..name_end];
        if name_len == 0 || op_len == 0 || !is_bound(variable) {
            i = name_start;
            continue;
        }
        let default_start = name_end + op_len;
        let Some(close) = arg[default_start..].find('}') else {
            // Unterminated: the engine reports `missing closing brace`; nothing to bind.
            i = name_start;
            continue;
        };
        let default = default_start..default_start + close;
        if arg[default.clone()].contains("${") {
            return Err(format!(
                "the default of ${{{variable}}} in `{arg}` holds a nested `${{...}}`: \
                 only a literal default can come from a Helm value"
            ));
        }
        found.push(Found { variable, default });
        i = default_start + close + 1;
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults(arg: &str) -> Vec<(&str, &str)> {
        find_defaults(arg, |v| v == "waitTimeout" || v == "x")
            .unwrap()
            .into_iter()
            .map(|f| (f.variable, &arg[f.default]))
            .collect()
    }

    #[test]
    fn finds_every_default_form() {
        assert_eq!(
            defaults("--wait-timeout=${waitTimeout:=300}"),
            [("waitTimeout", "300")]
        );
        assert_eq!(
            defaults("${x=a}${x:-b}${x:=}"),
            [("x", "a"), ("x", "b"), ("x", "")]
        );
        assert_eq!(defaults("${other:=1}-${x:=2}"), [("x", "2")]);
    }

    #[test]
    fn skips_escapes_and_other_forms() {
        assert_eq!(defaults("$${x:=1}"), []);
        assert_eq!(defaults("$$$${x:=1}"), []);
        assert_eq!(defaults("$$${x:=1}"), [("x", "1")]);
        assert_eq!(defaults("${x}${x:+w}${#x}${x"), []);
        assert_eq!(defaults("${xy:=1}"), []);
        assert_eq!(defaults("${a:=${x:=2}}"), [("x", "2")]);
    }

    #[test]
    fn a_nested_default_is_an_error() {
        let err = find_defaults("--t=${x:=${y}}", |v| v == "x").unwrap_err();
        assert!(err.contains("nested"), "{err}");
    }
}
