//! The one list of checks a Function must pass ([`function_rules::check_function`]), run over
//! the description the attributes give, each failure reported on the attribute it concerns.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit};

use crate::attr::{Default, Element, Field, Input};
use crate::ctxt::Ctxt;
use function_rules::{ArgDefault, ArgDescription, ArgPart, Failure, FunctionDescription, Item};

/// Runs the list over `input` and records each failure at its span, but those that concern a
/// key whose mistake is already reported (one mistake, one error: `available_versions = "16.4"`
/// is not also "the image uses `${DB_VERSION}` but there are no available versions").
pub(crate) fn check(cx: &Ctxt, input: &Input) {
    for failure in failures(input) {
        let concerns_reported = |item| already_reported(cx, input, item);
        if concerns_reported(failure.item) || failure.related.is_some_and(concerns_reported) {
            continue;
        }
        let (span, hint) = locate(input, &failure);
        cx.error_at(span, format!("{}{hint}", failure.error));
    }
}

/// Whether a reported error already concerns the key that sets `item`, or a key its check
/// depends on (the default, for the checks of a `helm_value`, `required` or `op` against it).
fn already_reported(cx: &Ctxt, input: &Input, item: Item) -> bool {
    match item {
        Item::Name => cx.was_key_reported("name"),
        Item::Image => cx.was_key_reported("image"),
        Item::AvailableVersions | Item::AvailableVersion(_) => {
            cx.was_key_reported("available_versions") || cx.was_key_reported("image")
        }
        Item::Subcommand => cx.was_key_reported("subcommand"),
        Item::Arg(i, part) => input.fields.get(i).is_some_and(|field| {
            let keys: &[&str] = match part {
                ArgPart::Flag => &["flag"],
                ArgPart::Variable => &["var"],
                ArgPart::Default | ArgPart::DefaultItem(_) => &["default"],
                ArgPart::Builtin => &["builtin", "var"],
                ArgPart::HelmValue => &["helm_value", "default"],
                ArgPart::Required => &["required", "builtin", "default"],
                ArgPart::Op => &["op", "builtin", "default"],
                _ => &[],
            };
            field.reported_any(keys)
        }),
        _ => false,
    }
}

/// The failures of the list over the description `input` gives.
pub(crate) fn failures(input: &Input) -> Vec<Failure> {
    let name = input.name.as_ref().map(syn::LitStr::value);
    let image = input.image.as_ref().map(syn::LitStr::value);
    let versions: Vec<String> = input
        .available_versions
        .iter()
        .map(syn::LitStr::value)
        .collect();
    let subcommand = input.subcommand.as_ref().map(syn::LitStr::value);
    let defaults: Vec<Known> = input
        .fields
        .iter()
        .map(|f| Known::of(f.default.as_ref()))
        .collect();
    let helm_values: Vec<Option<String>> = input
        .fields
        .iter()
        .map(|f| f.helm_value.as_ref().map(syn::LitStr::value))
        .collect();
    let description = FunctionDescription {
        name: name.as_deref(),
        image: image.as_deref(),
        available_versions: versions.iter().map(String::as_str).collect(),
        subcommand: subcommand.as_deref(),
        args: input
            .fields
            .iter()
            .zip(&defaults)
            .zip(&helm_values)
            .map(|((field, default), helm_value)| ArgDescription {
                flag: &field.flag,
                var: &field.var,
                default: default.borrow(),
                builtin: field.builtin.is_some(),
                helm_value: helm_value.as_deref(),
                required: field.required.is_some(),
                op: field.op,
            })
            .collect(),
    };
    function_rules::check_function(&description)
}

/// A default's text, as far as the derive knows it: the text of a string, `char` or `bool`
/// literal; an expression's only at run time.
enum Known {
    None,
    Text(String),
    List(Vec<Option<String>>),
    Opaque,
}

impl Known {
    fn of(default: Option<&Default>) -> Known {
        match default {
            None => Known::None,
            Some(Default::Str(lit) | Default::Builtin(lit)) => Known::Text(lit.value()),
            Some(Default::Expr(expr)) => literal_text(expr).map_or(Known::Opaque, Known::Text),
            Some(Default::List { elements, .. }) => Known::List(
                elements
                    .iter()
                    .map(|element| match element {
                        Element::Str(lit) => Some(lit.value()),
                        Element::Expr(expr) => literal_text(expr),
                    })
                    .collect(),
            ),
        }
    }

    fn borrow(&self) -> ArgDefault<'_> {
        match self {
            Known::None => ArgDefault::None,
            Known::Text(text) => ArgDefault::Text(text),
            Known::List(items) => ArgDefault::List(items.iter().map(Option::as_deref).collect()),
            Known::Opaque => ArgDefault::Opaque,
        }
    }
}

/// The text a `char` or `bool` literal is written as (by `ArgValue::to_arg`).
fn literal_text(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Char(c), ..
        }) => Some(c.value().to_string()),
        Expr::Lit(ExprLit {
            lit: Lit::Bool(b), ..
        }) => Some(b.value.to_string()),
        _ => None,
    }
}

/// The span to blame for a failure, and a hint about the attributes to add to its message.
fn locate(input: &Input, failure: &Failure) -> (Span, String) {
    let fallback = input.ident.span();
    let no_hint = String::new();
    let image = input.image.as_ref().map_or(fallback, |l| l.span());
    match failure.item {
        Item::Name => (input.name.as_ref().map_or(fallback, |l| l.span()), no_hint),
        Item::Image => (image, no_hint),
        // No list written: blame the image that needs one, and say how to write it.
        Item::AvailableVersions => match input.available_versions_span {
            Some(span) => (span, no_hint),
            None => (
                image,
                "; add `available_versions = [\"...\"]` to #[function(...)]".to_owned(),
            ),
        },
        Item::AvailableVersion(i) => (
            input
                .available_versions
                .get(i)
                .map_or(fallback, |l| l.span()),
            no_hint,
        ),
        Item::Subcommand => (
            input.subcommand.as_ref().map_or(fallback, |l| l.span()),
            no_hint,
        ),
        Item::Arg(i, part) => match input.fields.get(i) {
            Some(field) => locate_arg(input, field, part, failure.related),
            None => (fallback, no_hint),
        },
        _ => (fallback, no_hint),
    }
}

fn locate_arg(
    input: &Input,
    field: &Field,
    part: ArgPart,
    related: Option<Item>,
) -> (Span, String) {
    let fallback = field.ident.span();
    // A repeated flag or variable names the two fields.
    let by_fields = match related {
        Some(Item::Arg(first, _)) => input
            .fields
            .get(first)
            .map(|first| format!(": by the fields `{}` and `{}`", first.name, field.name))
            .unwrap_or_default(),
        _ => String::new(),
    };
    match part {
        ArgPart::Flag if related.is_none() && !field.flag_written => (
            field.flag_span,
            "; set one with `#[arg(flag = \"...\")]`".to_owned(),
        ),
        ArgPart::Flag => (field.flag_span, by_fields),
        ArgPart::Variable => (field.var_span, by_fields),
        ArgPart::Default => (
            field.default.as_ref().map_or(fallback, Default::span),
            String::new(),
        ),
        ArgPart::DefaultItem(j) => {
            let span = match &field.default {
                Some(Default::List { elements, .. }) => match elements.get(j) {
                    Some(Element::Str(lit)) => lit.span(),
                    Some(Element::Expr(expr)) => expr.span(),
                    None => fallback,
                },
                other => other.as_ref().map_or(fallback, |d| d.span()),
            };
            (span, String::new())
        }
        ArgPart::Builtin => {
            if field.var_written {
                (field.var_span, String::new())
            } else {
                (
                    field.builtin.unwrap_or(fallback),
                    " (the variable is the field name in camelCase; set another with `var = \
                     \"...\"`)"
                        .to_owned(),
                )
            }
        }
        ArgPart::HelmValue => (
            field.helm_value.as_ref().map_or(fallback, |l| l.span()),
            String::new(),
        ),
        ArgPart::Required => {
            let hint = match &field.default {
                Some(Default::Builtin(_)) => format!(
                    " (the built-in `{}` has one; `required` is for the built-ins that have \
                     none, like `backupSession`)",
                    field.var
                ),
                _ => String::new(),
            };
            (field.required.unwrap_or(fallback), hint)
        }
        ArgPart::Op => {
            let hint = match &field.default {
                Some(Default::Builtin(_)) => format!(
                    " (the built-in `{}` has one: `${{{}}}` cannot be written for it)",
                    field.var, field.var
                ),
                _ => String::new(),
            };
            (field.op_span.unwrap_or(fallback), hint)
        }
        _ => (fallback, String::new()),
    }
}
