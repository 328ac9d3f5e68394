//! Reading `key = value` items of `#[function(...)]` and `#[arg(...)]`: each problem is
//! recorded in the [`Ctxt`] and the value consumed, so that parsing goes on to the next key.

use proc_macro2::Span;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, LitStr, Token};

use crate::ctxt::Ctxt;

/// A value as written after `key =`, kept with its span.
pub(crate) struct WithSpan<T> {
    pub value: T,
    pub span: Span,
}

/// A key without a value (`builtin`, `required`), recorded with its span.
pub(crate) fn flag_key(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    slot: &mut Option<Span>,
) -> syn::Result<()> {
    let key = meta_key(meta);
    if meta.input.peek(Token![=]) {
        let _: Expr = meta.value()?.parse()?;
        cx.key_reported(&key);
        cx.error_spanned_by(
            &meta.path,
            format!("`{key}` takes no value: write `#[arg({key})]`"),
        );
    } else if slot.is_some() {
        cx.error_spanned_by(&meta.path, format!("duplicate key `{key}`"));
    } else {
        *slot = Some(meta.path.span());
    }
    Ok(())
}

/// The key of a nested meta item, `crate` included.
pub(crate) fn meta_key(meta: &ParseNestedMeta<'_>) -> String {
    match meta.path.get_ident() {
        Some(ident) => ident.unraw().to_string(),
        None => meta.path.to_token_stream().to_string().replace(' ', ""),
    }
}

/// Stores `value` in `slot` unless it was already set (an error at the key).
pub(crate) fn set_once<T>(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    slot: &mut Option<T>,
    value: Option<T>,
) {
    let Some(value) = value else { return };
    if slot.is_some() {
        cx.error_spanned_by(&meta.path, format!("duplicate key `{}`", meta_key(meta)));
    } else {
        *slot = Some(value);
    }
}

/// `key = "text"`: the literal, or `None` after recording an error (the value is consumed, the
/// key is reported).
pub(crate) fn string(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<LitStr>> {
    let expr: Expr = meta.value()?.parse()?;
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(Some(lit)),
        other => {
            let key = meta_key(meta);
            cx.key_reported(&key);
            cx.error_spanned_by(
                &other,
                format!("`{key}` takes a string literal, like `{key} = \"...\"`"),
            );
            Ok(None)
        }
    }
}

/// `key = ["a", "b"]`: the literals, or `None` after recording an error (and the key as
/// reported).
pub(crate) fn strings(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
) -> syn::Result<Option<WithSpan<Vec<LitStr>>>> {
    let expr: Expr = meta.value()?.parse()?;
    let key = meta_key(meta);
    let Expr::Array(array) = &expr else {
        cx.key_reported(&key);
        cx.error_spanned_by(
            &expr,
            format!("`{key}` takes a list of string literals, like `{key} = [\"...\", \"...\"]`"),
        );
        return Ok(None);
    };
    let mut out = Vec::new();
    let mut ok = true;
    for elem in &array.elems {
        match elem {
            Expr::Lit(ExprLit {
                lit: Lit::Str(lit), ..
            }) => out.push(lit.clone()),
            other => {
                ok = false;
                cx.key_reported(&key);
                cx.error_spanned_by(other, format!("`{key}` takes string literals only"));
            }
        }
    }
    Ok(ok.then(|| WithSpan {
        value: out,
        span: expr.span(),
    }))
}

/// The parser of one key's value: records what it reads in the state `S`, and its problems in
/// the [`Ctxt`]; an `Err` is a syntax error that ends the attribute.
pub(crate) type KeyParser<S> = fn(&Ctxt, &ParseNestedMeta<'_>, &mut S) -> syn::Result<()>;

/// Parses the `key = value` items of `attr` (`#[function(...)]`, `#[arg(...)]`) with `keys`, the
/// one table of its keys: each key to its parser, an unknown key to an error naming the keys
/// (and the closest one, if it is close). `attribute` names the attribute in messages.
/// Whether the attribute was read to its end: not after a syntax error (`#[function = "x"]`),
/// which leaves the keys after it unread.
pub(crate) fn parse_keys<S>(
    cx: &Ctxt,
    attr: &syn::Attribute,
    attribute: &str,
    keys: &[(&str, KeyParser<S>)],
    state: &mut S,
) -> bool {
    let result = attr.parse_nested_meta(|meta| {
        let key = meta_key(&meta);
        match keys.iter().find(|(k, _)| *k == key) {
            Some((_, parse)) => parse(cx, &meta, state),
            None => {
                let names: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
                unknown_key(cx, &meta, &key, attribute, &names)
            }
        }
    });
    match result {
        Ok(()) => true,
        Err(e) => {
            cx.syn_error(e);
            false
        }
    }
}

/// Records an unknown key, naming the allowed ones (and the closest, if it is close), and
/// consumes its value.
fn unknown_key(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    attribute: &str,
    allowed: &[&str],
) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let _: Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _: proc_macro2::Group = meta.input.parse()?;
    }
    let list: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
    if let Some(close) = function_rules::closest(key, allowed) {
        cx.key_reported(close);
    }
    let suggestion = suggestion(key, allowed);
    cx.error_spanned_by(
        &meta.path,
        format!(
            "unknown key `{key}` in {attribute}{suggestion}; expected one of: {}",
            list.join(", ")
        ),
    );
    Ok(())
}

/// ` (did you mean `x`?)` for the word of `allowed` closest to `key`
/// ([`function_rules::closest`]), if it is close; else nothing.
pub(crate) fn suggestion(key: &str, allowed: &[&str]) -> String {
    function_rules::closest(key, allowed)
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}
