//! `#[arg(...)]`: a field's attribute, read into a [`Field`] and checked against what the
//! field's type tells (an `Option` takes no default nor `required`; numbers, `bool` and `char`
//! without quotes; a list default for a `Vec` and only for one).

use function_rules::DefaultOp;
use proc_macro2::Span;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Ident, Lit, LitStr, Type};

use super::doc::doc_text;
use crate::ctxt::Ctxt;
use crate::meta::{KeyParser, WithSpan, flag_key, parse_keys, set_once, string};
use crate::types::{Scalar, is_option, list_item, vec_item};

/// The keys of `#[arg(...)]`, each with its parser (as [`super::FUNCTION_KEYS`]).
const ARG_KEYS: &[(&str, KeyParser<ArgAttrs>)] = &[
    ("flag", |cx, meta, a| {
        set_once(cx, meta, &mut a.flag, string(cx, meta)?);
        Ok(())
    }),
    ("var", |cx, meta, a| {
        set_once(cx, meta, &mut a.var, string(cx, meta)?);
        Ok(())
    }),
    ("default", |cx, meta, a| {
        let expr: Expr = meta.value()?.parse()?;
        let value = WithSpan {
            span: expr.span(),
            value: expr,
        };
        set_once(cx, meta, &mut a.default, Some(value));
        Ok(())
    }),
    ("builtin", |cx, meta, a| flag_key(cx, meta, &mut a.builtin)),
    ("required", |cx, meta, a| {
        flag_key(cx, meta, &mut a.required)
    }),
    ("usage", |cx, meta, a| {
        set_once(cx, meta, &mut a.usage, string(cx, meta)?);
        Ok(())
    }),
    ("helm_value", |cx, meta, a| {
        set_once(cx, meta, &mut a.helm_value, string(cx, meta)?);
        Ok(())
    }),
    ("op", |cx, meta, a| {
        set_once(cx, meta, &mut a.op, string(cx, meta)?);
        Ok(())
    }),
];

/// What the `#[arg(...)]` attributes of a field say, before it is checked against its type.
#[derive(Default)]
struct ArgAttrs {
    flag: Option<LitStr>,
    var: Option<LitStr>,
    usage: Option<LitStr>,
    helm_value: Option<LitStr>,
    default: Option<WithSpan<Expr>>,
    builtin: Option<Span>,
    required: Option<Span>,
    op: Option<LitStr>,
}

/// One field.
pub(crate) struct Field {
    pub ident: Ident,
    pub ty: Type,
    /// The field's name without `r#`.
    pub name: String,
    pub flag: String,
    /// The `flag = "..."` literal's span, or the field name's when the flag is implicit.
    pub flag_span: Span,
    /// Whether the flag is written (`flag = "..."`).
    pub flag_written: bool,
    pub var: String,
    /// As `flag_span`, for the variable.
    pub var_span: Span,
    /// Whether the variable is written (`var = "..."`).
    pub var_written: bool,
    pub usage: String,
    pub default: Option<Default>,
    /// The span of the `builtin` keyword.
    pub builtin: Option<Span>,
    /// The span of the `required` keyword.
    pub required: Option<Span>,
    pub helm_value: Option<LitStr>,
    /// How the template writes the variable, and the `op = "..."` literal's span when written.
    pub op: DefaultOp,
    pub op_span: Option<Span>,
    /// The keys of `#[arg(...)]` whose mistake is already reported: an unknown key taken for
    /// one, a value of the wrong form, a value the field's type refuses.
    reported: Vec<String>,
    /// Whether an `#[arg(...)]` of the field was left unread after a syntax error.
    unreadable: bool,
}

/// A typed default.
pub(crate) enum Default {
    /// A string literal, converted with `From<&str>`.
    Str(LitStr),
    /// The implicit default of a built-in (`namespace`), converted with `From<&str>`; spanned
    /// at the `builtin` keyword.
    Builtin(LitStr),
    /// Any other expression, of the field's type.
    Expr(Expr),
    /// `[a, b]` for a field of type `Vec<item>`.
    List {
        span: Span,
        item: Type,
        elements: Vec<Element>,
    },
}

/// An element of a list default.
pub(crate) enum Element {
    /// A string literal, converted with `From<&str>`.
    Str(LitStr),
    /// Any other expression, of the item type.
    Expr(Expr),
}

impl Default {
    /// The span to blame for the default as a whole.
    pub(crate) fn span(&self) -> Span {
        match self {
            Default::Str(lit) | Default::Builtin(lit) => lit.span(),
            Default::Expr(expr) => expr.span(),
            Default::List { span, .. } => *span,
        }
    }
}

impl Field {
    /// Whether a reported error already concerns one of the keys `keys` of the field's
    /// `#[arg(...)]`, or the attribute could not be read: a check of what they set reports
    /// nothing more.
    pub(crate) fn reported_any(&self, keys: &[&str]) -> bool {
        self.unreadable
            || keys
                .iter()
                .any(|key| self.reported.iter().any(|k| k == key))
    }

    /// Parses the field's `#[arg(...)]` attributes and checks what its type tells; the errors
    /// go to `outer`, after the field has noted the keys they concern.
    pub(super) fn from_ast(outer: &Ctxt, field: &syn::Field, ident: Ident) -> Field {
        let cx_field = Ctxt::default();
        let cx = &cx_field;
        let name = ident.unraw().to_string();
        let mut attrs = ArgAttrs::default();
        let mut read_whole = true;
        for attr in &field.attrs {
            if attr.path().is_ident("function") {
                cx.error_spanned_by(
                    attr,
                    "`#[function(...)]` belongs on the struct; use `#[arg(...)]` on a field",
                );
                continue;
            }
            if attr.path().is_ident("arg") {
                read_whole &= parse_keys(cx, attr, "#[arg(...)]", ARG_KEYS, &mut attrs);
            }
        }
        let ArgAttrs {
            flag,
            var,
            usage,
            helm_value,
            default,
            builtin,
            required,
            op,
        } = attrs;

        let (flag_text, flag_span) = match &flag {
            Some(lit) => (lit.value(), lit.span()),
            None => (function_rules::default_flag(&name), ident.span()),
        };
        let (var_text, var_span) = match &var {
            Some(lit) => (lit.value(), lit.span()),
            None => (function_rules::default_variable(&name), ident.span()),
        };
        let ty = &field.ty;
        if let Some(span) = required
            && is_option(ty)
        {
            cx.key_reported("required");
            cx.error_at(
                span,
                "`required` on an `Option` field: an `Option` is a value that may be missing; \
                 give the field the inner type to require a value",
            );
        }
        let before = cx.error_count();
        let mut typed_default = default.map(|default| typed(cx, ty, default));
        if cx.error_count() > before {
            cx.key_reported("default");
        }
        if let (None, Some(builtin_span)) = (&typed_default, builtin)
            && let Some(text) = function_rules::builtin(&var_text).and_then(|b| b.default)
        {
            if is_option(ty) {
                cx.key_reported("builtin");
                cx.error_at(
                    builtin_span,
                    format!(
                        "the built-in `{var_text}` has the default `{text}`, which an `Option` \
                         field cannot take: give the field a plain type such as `String`"
                    ),
                );
            }
            typed_default = Some(Default::Builtin(LitStr::new(text, builtin_span)));
        }

        let usage = match &usage {
            Some(lit) => lit.value(),
            None => doc_text(&field.attrs),
        };
        let op_value = match &op {
            None => DefaultOp::ColonEquals,
            Some(lit) => DefaultOp::parse(&lit.value()).unwrap_or_else(|| {
                cx.key_reported("op");
                cx.error_spanned_by(
                    lit,
                    format!(
                        "unknown operator `{}`: `op` is `\":=\"` (the default, \
                         `${{var:=default}}`), `\"=\"`, `\":-\"` or `\"\"` (`${{var}}`, no default)",
                        lit.value()
                    ),
                );
                DefaultOp::ColonEquals
            }),
        };
        let field = Field {
            ident,
            ty: ty.clone(),
            name,
            flag: flag_text,
            flag_span,
            flag_written: flag.is_some(),
            var: var_text,
            var_span,
            var_written: var.is_some(),
            usage,
            default: typed_default,
            builtin,
            required,
            helm_value,
            op: op_value,
            op_span: op.as_ref().map(LitStr::span),
            reported: cx.keys_reported(),
            unreadable: !read_whole,
        };
        outer.append(cx_field);
        field
    }
}

/// The default written for a field of type `ty`, with what its type tells checked: no default
/// on an `Option`; numbers, `bool` and `char` without quotes; a list for a `Vec` and only for
/// one.
fn typed(cx: &Ctxt, ty: &Type, default: WithSpan<Expr>) -> Default {
    if is_option(ty) {
        cx.error_at(
            default.span,
            "an `Option` field takes no `default`: a missing value is already `None`; give the \
             field the inner type to have a default",
        );
    }
    match default.value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => {
            if let Some(scalar) = Scalar::of(ty) {
                cx.error_at(lit.span(), scalar.quoted_message(&lit.value(), false));
            } else if let Some(item) = vec_item(ty) {
                let text = lit.value();
                let scalar = Scalar::of(item);
                let items: Vec<String> = if text.is_empty() {
                    Vec::new()
                } else {
                    text.split(',').map(|i| list_item(scalar, i)).collect()
                };
                cx.error_at(
                    lit.span(),
                    format!(
                        "the default of a `Vec` is a list: write `default = [{}]`",
                        items.join(", ")
                    ),
                );
            }
            Default::Str(lit)
        }
        Expr::Array(array) => {
            let span = array.span();
            let Some(item) = vec_item(ty) else {
                cx.error_at(
                    span,
                    format!(
                        "a list default is for a field of type `Vec<T>`, not `{}`: write one \
                         value",
                        ty.to_token_stream()
                    ),
                );
                return Default::Expr(Expr::Array(array));
            };
            let scalar = Scalar::of(item);
            let elements = array
                .elems
                .into_iter()
                .map(|element| match element {
                    Expr::Lit(ExprLit {
                        lit: Lit::Str(lit), ..
                    }) => {
                        if let Some(scalar) = scalar {
                            cx.error_at(lit.span(), scalar.quoted_message(&lit.value(), true));
                        }
                        Element::Str(lit)
                    }
                    other => Element::Expr(other),
                })
                .collect();
            Default::List {
                span,
                item: item.clone(),
                elements,
            }
        }
        other => Default::Expr(other),
    }
}
