//! Finding the defaults of `${var:=default}` expressions in a Function's arguments, so that a
//! chart can supply them from a Helm value. The arguments are read by the substitution engine
//! itself ([`Template`]'s view), so a chart binds exactly what the operator substitutes.

use std::ops::Range;

use crate::envsubst::Template;

/// One default of a bound variable found in an argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found<'a> {
    /// The variable.
    pub variable: &'a str,
    /// The byte range of the default's text in the argument.
    pub default: Range<usize>,
}

/// The defaults (`${var:=w}`, `${var=w}`, `${var:-w}`) of the variables that `is_bound` accepts,
/// top-level or nested, in source order.
///
/// # Errors
/// The argument does not parse (the engine's message and the column where it applies), or a
/// bound variable's default holds a nested `${...}` (it is not a literal the chart could
/// replace); the message names the argument.
pub(crate) fn find_defaults<'a>(
    arg: &'a str,
    is_bound: impl Fn(&str) -> bool,
) -> Result<Vec<Found<'a>>, String> {
    let template = Template::parse(arg).map_err(|e| {
        let column = arg.get(..e.offset()).map_or(0, |s| s.chars().count()) + 1;
        format!("the argument `{arg}` does not parse at column {column}: {e}")
    })?;
    let mut found = Vec::new();
    for e in template.all_expressions() {
        let Some(default) = e.default() else { continue };
        if !is_bound(e.name()) {
            continue;
        }
        if default.has_nested() {
            return Err(format!(
                "the default of ${{{}}} in `{arg}` holds a nested `${{...}}`: only a literal \
                 default can come from a Helm value",
                e.name()
            ));
        }
        let span = e.name_span();
        found.push(Found {
            variable: &arg[span],
            default: default.span(),
        });
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults(arg: &str) -> Vec<(&str, &str)> {
        find_defaults(arg, |v| v == "waitTimeout" || v == "x" || v == "é")
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
        assert_eq!(defaults("${x}${x:+w}${#x}${x/a/b}"), []);
        assert_eq!(defaults("${xy:=1}"), []);
        assert_eq!(defaults("${a:=${x:=2}}"), [("x", "2")]);
        assert_eq!(defaults("${a/p/${x:=2}}"), [("x", "2")]);
    }

    /// Names are read with Go's letter and digit classes, as the engine reads them: `Ⅻ` (a
    /// letter number) ends the name `x`, so `${xⅫ:=1}` is not a default of `x` (it does not
    /// parse at all), while `é` is a letter.
    #[test]
    fn names_follow_the_engine() {
        assert_eq!(defaults("${é:=1}"), [("é", "1")]);
        let err = find_defaults("--a=${xⅫ:=1}", |v| v == "x").unwrap_err();
        assert_eq!(
            err,
            "the argument `--a=${xⅫ:=1}` does not parse at column 8: missing closing brace"
        );
    }

    #[test]
    fn a_nested_default_is_an_error() {
        let err = find_defaults("--t=${x:=${y}}", |v| v == "x").unwrap_err();
        assert_eq!(
            err,
            "the default of ${x} in `--t=${x:=${y}}` holds a nested `${...}`: only a literal \
             default can come from a Helm value"
        );
    }

    #[test]
    fn a_template_that_does_not_parse_is_an_error() {
        let err = find_defaults("--wait-timeout=${waitTimeout:=300", |_| true).unwrap_err();
        assert_eq!(
            err,
            "the argument `--wait-timeout=${waitTimeout:=300` does not parse at column 34: \
             unable to parse substitution within function"
        );
    }
}
