//! `#[function(args = [field, "verbatim", ...])]`: the order of the arguments, fields and
//! verbatim ones, checked against the fields (each once, in declaration order).

use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Ident, Lit, LitStr};

use super::Field;
use crate::ctxt::Ctxt;
use crate::meta::{WithSpan, suggestion};

/// An item of `args = [...]`: a field's name, or a verbatim argument.
pub(super) enum ArgsItem {
    Field(Ident),
    Verbatim(LitStr),
}

/// `args = [field, "verbatim", ...]`: the items, or `None` after recording an error.
pub(super) fn args_list(
    cx: &Ctxt,
    meta: &syn::meta::ParseNestedMeta<'_>,
) -> syn::Result<Option<WithSpan<Vec<ArgsItem>>>> {
    let expr: Expr = meta.value()?.parse()?;
    let Expr::Array(array) = &expr else {
        cx.key_reported("args");
        cx.error_spanned_by(
            &expr,
            "`args` takes a list of the fields and the verbatim arguments in order, like \
             `args = [namespace, \"--verbose\", wait_timeout]`",
        );
        return Ok(None);
    };
    let mut items = Vec::new();
    let mut ok = true;
    for element in &array.elems {
        match element {
            Expr::Lit(ExprLit {
                lit: Lit::Str(lit), ..
            }) => items.push(ArgsItem::Verbatim(lit.clone())),
            Expr::Path(path) if path.qself.is_none() && path.path.get_ident().is_some() => {
                if let Some(ident) = path.path.get_ident() {
                    items.push(ArgsItem::Field(ident.clone()));
                }
            }
            other => {
                ok = false;
                cx.key_reported("args");
                cx.error_spanned_by(
                    other,
                    "`args` holds field names (`wait_timeout`) and verbatim arguments as string \
                     literals (`\"--verbose\"`)",
                );
            }
        }
    }
    Ok(ok.then(|| WithSpan {
        value: items,
        span: expr.span(),
    }))
}

/// The verbatim arguments of `args`, placed before the index of the field argument that follows
/// them; checks that the list names every field once, in declaration order.
pub(super) fn verbatim_args(
    cx: &Ctxt,
    fields: &[Field],
    args: WithSpan<Vec<ArgsItem>>,
) -> Vec<(usize, LitStr)> {
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let mut verbatim = Vec::new();
    let mut listed: Vec<Option<usize>> = vec![None; fields.len()];
    // The index of the next field argument: the number of fields listed so far.
    let mut next = 0;
    let mut last_index: Option<usize> = None;
    let mut unknown = false;
    for (position, item) in args.value.into_iter().enumerate() {
        match item {
            ArgsItem::Verbatim(lit) => verbatim.push((next, lit)),
            ArgsItem::Field(ident) => {
                let name = ident.unraw().to_string();
                let Some(index) = names.iter().position(|n| *n == name) else {
                    unknown = true;
                    cx.error_spanned_by(
                        &ident,
                        format!(
                            "no field `{name}`{}: `args` names the fields (`{}`) and holds \
                             the verbatim arguments as string literals",
                            suggestion(&name, &names),
                            names.join("`, `")
                        ),
                    );
                    continue;
                };
                if listed[index].is_some() {
                    cx.error_spanned_by(
                        &ident,
                        format!("the field `{name}` is listed twice in `args`"),
                    );
                    continue;
                }
                if let Some(last) = last_index
                    && index < last
                {
                    cx.error_spanned_by(
                        &ident,
                        format!(
                            "`args` lists the fields in the order they are declared: `{name}` \
                             is declared before `{}`",
                            names[last]
                        ),
                    );
                }
                listed[index] = Some(position);
                last_index = Some(index);
                next += 1;
            }
        }
    }
    let missing: Vec<&str> = names
        .iter()
        .zip(&listed)
        .filter(|(_, l)| l.is_none())
        .map(|(n, _)| *n)
        .collect();
    // An unknown name is most likely the missing field misspelt: one mistake, one error.
    if !missing.is_empty() && !unknown {
        cx.error_at(
            args.span,
            format!(
                "`args` must name every field, in order; it leaves out `{}`",
                missing.join("`, `")
            ),
        );
    }
    verbatim
}
