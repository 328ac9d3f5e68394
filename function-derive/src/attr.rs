//! The model of a `#[derive(Function)]` input: parsed from the attributes, checked once with
//! `function-rules`, every problem recorded in the [`Ctxt`].

use heck::{ToKebabCase, ToLowerCamelCase};
use proc_macro2::Span;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Expr, ExprLit, Fields, Ident, Lit, LitStr, Token, Type};

use crate::ctxt::Ctxt;

const FUNCTION_KEYS: &[&str] = &[
    "name",
    "image",
    "available_versions",
    "subcommand",
    "command",
    "working_dir",
    "crate",
];
const ARG_KEYS: &[&str] = &["flag", "var", "default", "builtin", "usage", "helm_value"];

/// The struct, as the derive sees it.
pub(crate) struct Input {
    pub ident: Ident,
    pub name: Option<LitStr>,
    pub image: Option<LitStr>,
    pub available_versions: Vec<LitStr>,
    pub subcommand: Option<LitStr>,
    pub command: Option<Vec<LitStr>>,
    pub working_dir: Option<LitStr>,
    /// The path to `function_core` (`#[function(crate = "...")]`).
    pub krate: syn::Path,
    pub fields: Vec<Field>,
}

/// One field.
pub(crate) struct Field {
    pub ident: Ident,
    pub ty: Type,
    /// The field's name without `r#`.
    pub name: String,
    pub flag: String,
    pub var: String,
    pub usage: String,
    pub default: Option<Default>,
    pub builtin: bool,
    pub helm_value: Option<LitStr>,
}

/// A typed default.
pub(crate) enum Default {
    /// A string literal, converted with `From<&str>`; its span is the literal's (or, for the
    /// implicit default of a built-in, the `builtin` keyword's).
    Str(LitStr),
    /// Any other expression, of the field's type.
    Expr(Expr),
}

/// A value as written after `key =`, kept with its span.
struct WithSpan<T> {
    value: T,
    span: Span,
}

impl Input {
    /// Parses and checks `input`; problems go to `cx` (the result is then only used to report
    /// more of them).
    pub(crate) fn from_ast(cx: &Ctxt, input: &DeriveInput) -> Input {
        let mut model = Input {
            ident: input.ident.clone(),
            name: None,
            image: None,
            available_versions: Vec::new(),
            subcommand: None,
            command: None,
            working_dir: None,
            krate: syn::parse_quote!(::function_core),
            fields: Vec::new(),
        };
        let mut available_versions_span = None;
        for attr in &input.attrs {
            if !attr.path().is_ident("function") {
                continue;
            }
            let result = attr.parse_nested_meta(|meta| {
                let key = meta_key(&meta);
                match key.as_str() {
                    "name" => set_once(cx, &meta, &mut model.name, string(cx, &meta)?),
                    "image" => set_once(cx, &meta, &mut model.image, string(cx, &meta)?),
                    "subcommand" => set_once(cx, &meta, &mut model.subcommand, string(cx, &meta)?),
                    "working_dir" => {
                        set_once(cx, &meta, &mut model.working_dir, string(cx, &meta)?)
                    }
                    "available_versions" => {
                        let list = strings(cx, &meta)?;
                        if available_versions_span.is_some() {
                            cx.error_spanned_by(&meta.path, "duplicate key `available_versions`");
                        } else if let Some(list) = list {
                            available_versions_span = Some(list.span);
                            model.available_versions = list.value;
                        }
                    }
                    "command" => {
                        let list = strings(cx, &meta)?;
                        if model.command.is_some() {
                            cx.error_spanned_by(&meta.path, "duplicate key `command`");
                        } else if let Some(list) = list {
                            model.command = Some(list.value);
                        }
                    }
                    "crate" => {
                        if let Some(lit) = string(cx, &meta)? {
                            match lit.parse::<syn::Path>() {
                                Ok(path) => model.krate = path,
                                Err(_) => cx.error_spanned_by(
                                    &lit,
                                    format!(
                                        "`{}` is not a path: `crate` takes the path to \
                                         function_core, e.g. `crate = \"::my_core\"`",
                                        lit.value()
                                    ),
                                ),
                            }
                        }
                    }
                    _ => unknown_key(cx, &meta, &key, "#[function(...)]", FUNCTION_KEYS)?,
                }
                Ok(())
            });
            if let Err(e) = result {
                cx.syn_error(e);
            }
        }

        // The shape of the type.
        let ident = &input.ident;
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => Some(named),
                Fields::Unnamed(_) => {
                    cx.error_spanned_by(
                        ident,
                        "#[derive(Function)] needs a struct with named fields, found a tuple \
                         struct: each field is a flag and is named after its field",
                    );
                    None
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        ident,
                        "#[derive(Function)] needs a struct with named fields, found a unit \
                         struct: write `struct Name {}` for a Function without flags",
                    );
                    None
                }
            },
            Data::Enum(data) => {
                cx.error_spanned_by(
                    data.enum_token,
                    "#[derive(Function)] needs a struct with named fields, found an enum: derive \
                     one struct per Function (one for backup, one for restore)",
                );
                None
            }
            Data::Union(data) => {
                cx.error_spanned_by(
                    data.union_token,
                    "#[derive(Function)] needs a struct with named fields, found a union",
                );
                None
            }
        };
        for param in &input.generics.params {
            let what = match param {
                syn::GenericParam::Lifetime(_) => {
                    "lifetime parameters are not supported: arguments are parsed into owned \
                     values, use `String` rather than `&str`"
                }
                syn::GenericParam::Type(_) => {
                    "generic type parameters are not supported: a Function's manifest is one \
                     fixed object, so its argument types must be concrete"
                }
                syn::GenericParam::Const(_) => {
                    "const generic parameters are not supported: a Function's manifest is one \
                     fixed object"
                }
            };
            cx.error_spanned_by(param, format!("#[derive(Function)]: {what}"));
        }
        if let Some(where_clause) = &input.generics.where_clause
            && input.generics.params.is_empty()
        {
            cx.error_spanned_by(
                where_clause,
                "#[derive(Function)]: a `where` clause is not supported",
            );
        }

        // Required keys.
        if model.name.is_none() {
            cx.error_spanned_by(
                ident,
                "missing `name`: add `#[function(name = \"...\")]` with the Function's name, a \
                 DNS-1123 subdomain like \"postgres-backup\"",
            );
        }
        if model.image.is_none() {
            cx.error_spanned_by(
                ident,
                "missing `image`: add `#[function(image = \"...\")]` with the plugin's container \
                 image, like \"ghcr.io/org/plugin:v1.0.0\"",
            );
        }

        // Struct-level rules.
        if let Some(name) = &model.name
            && let Err(e) = function_rules::check_function_name(&name.value())
        {
            cx.error_spanned_by(name, e);
        }
        if let Some(image) = &model.image {
            let text = image.value();
            match function_rules::check_image(&text) {
                Err(e) => cx.error_spanned_by(image, e),
                Ok(reference) => {
                    let versions: Vec<String> =
                        model.available_versions.iter().map(LitStr::value).collect();
                    let versions: Vec<&str> = versions.iter().map(String::as_str).collect();
                    for (index, e) in function_rules::check_versions(&reference, &versions) {
                        let msg = match (index, available_versions_span) {
                            (None, None) => format!(
                                "{e}; add `available_versions = [\"...\"]` to #[function(...)]"
                            ),
                            _ => e.to_string(),
                        };
                        match index.and_then(|i| model.available_versions.get(i)) {
                            Some(version) => cx.error_spanned_by(version, msg),
                            None => {
                                cx.error_at(available_versions_span.unwrap_or(image.span()), msg)
                            }
                        }
                    }
                }
            }
        }
        if let Some(subcommand) = &model.subcommand
            && let Err(e) = function_rules::check_subcommand(&subcommand.value())
        {
            cx.error_spanned_by(subcommand, e);
        }

        // Fields.
        let mut flag_spans = Vec::new();
        let mut var_spans = Vec::new();
        if let Some(named) = fields {
            for field in &named.named {
                let Some(ident) = field.ident.clone() else {
                    continue;
                };
                if let Some(parsed) = Field::from_ast(cx, field, ident) {
                    flag_spans.push(parsed.1);
                    var_spans.push(parsed.2);
                    model.fields.push(parsed.0);
                }
            }
        }
        let flags: Vec<&str> = model.fields.iter().map(|f| f.flag.as_str()).collect();
        let vars: Vec<&str> = model.fields.iter().map(|f| f.var.as_str()).collect();
        for (what, names, spans) in [("flag", flags, &flag_spans), ("variable", vars, &var_spans)] {
            for (i, first, e) in function_rules::check_distinct(what, &names) {
                cx.error_at(
                    spans[i],
                    format!(
                        "{e}: by the fields `{}` and `{}`",
                        model.fields[first].name, model.fields[i].name
                    ),
                );
            }
        }
        model
    }
}

impl Field {
    /// The field, and the spans to blame for its flag and its variable.
    fn from_ast(cx: &Ctxt, field: &syn::Field, ident: Ident) -> Option<(Field, Span, Span)> {
        let name = ident.unraw().to_string();
        let mut flag: Option<LitStr> = None;
        let mut var: Option<LitStr> = None;
        let mut usage: Option<LitStr> = None;
        let mut helm_value: Option<LitStr> = None;
        let mut default: Option<WithSpan<Expr>> = None;
        let mut builtin: Option<Span> = None;
        for attr in &field.attrs {
            if attr.path().is_ident("function") {
                cx.error_spanned_by(
                    attr,
                    "`#[function(...)]` belongs on the struct; use `#[arg(...)]` on a field",
                );
                continue;
            }
            if !attr.path().is_ident("arg") {
                continue;
            }
            let result = attr.parse_nested_meta(|meta| {
                let key = meta_key(&meta);
                match key.as_str() {
                    "flag" => set_once(cx, &meta, &mut flag, string(cx, &meta)?),
                    "var" => set_once(cx, &meta, &mut var, string(cx, &meta)?),
                    "usage" => set_once(cx, &meta, &mut usage, string(cx, &meta)?),
                    "helm_value" => set_once(cx, &meta, &mut helm_value, string(cx, &meta)?),
                    "default" => {
                        let expr: Expr = meta.value()?.parse()?;
                        let value = WithSpan {
                            span: expr.span(),
                            value: expr,
                        };
                        set_once(cx, &meta, &mut default, Some(value));
                    }
                    "builtin" => {
                        if meta.input.peek(Token![=]) {
                            let _: Expr = meta.value()?.parse()?;
                            cx.error_spanned_by(
                                &meta.path,
                                "`builtin` takes no value: write `#[arg(builtin)]`",
                            );
                        } else if builtin.is_some() {
                            cx.error_spanned_by(&meta.path, "duplicate key `builtin`");
                        } else {
                            builtin = Some(meta.path.span());
                        }
                    }
                    _ => unknown_key(cx, &meta, &key, "#[arg(...)]", ARG_KEYS)?,
                }
                Ok(())
            });
            if let Err(e) = result {
                cx.syn_error(e);
            }
        }

        let (flag_text, flag_span) = match &flag {
            Some(lit) => (lit.value(), lit.span()),
            None => (name.to_kebab_case(), ident.span()),
        };
        if let Err(e) = function_rules::check_flag(&flag_text) {
            let hint = if flag.is_none() {
                "; set one with `#[arg(flag = \"...\")]`"
            } else {
                ""
            };
            cx.error_at(flag_span, format!("{e}{hint}"));
        }
        let (var_text, var_span) = match &var {
            Some(lit) => (lit.value(), lit.span()),
            None => (name.to_lower_camel_case(), ident.span()),
        };
        if let Err(e) = function_rules::check_variable_name(&var_text) {
            cx.error_at(var_span, e);
        }
        if let Some(key) = &helm_value
            && let Err(e) = function_rules::check_helm_value(&key.value())
        {
            cx.error_spanned_by(key, e);
        }

        let mut typed_default = None;
        if let Some(default) = default {
            if is_option(&field.ty) {
                cx.error_at(
                    default.span,
                    "an `Option` field takes no `default`: a missing value is already `None`; \
                     give the field the inner type to have a default",
                );
            }
            typed_default = Some(match default.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(lit), ..
                }) => {
                    check_default(cx, &lit.value(), lit.span());
                    Default::Str(lit)
                }
                other => {
                    if let Expr::Lit(ExprLit {
                        lit: Lit::Char(lit),
                        ..
                    }) = &other
                    {
                        check_default(cx, &lit.value().to_string(), lit.span());
                    }
                    Default::Expr(other)
                }
            });
        }
        if let Some(builtin_span) = builtin {
            match function_rules::check_builtin(&var_text) {
                Err(e) => {
                    let at = if var.is_some() {
                        var_span
                    } else {
                        builtin_span
                    };
                    let hint = if var.is_none() {
                        " (the variable is the field name in camelCase; set another with \
                         `var = \"...\"`)"
                    } else {
                        ""
                    };
                    cx.error_at(at, format!("{e}{hint}"));
                }
                Ok(known) => {
                    if let (None, Some(text)) = (&typed_default, known.default) {
                        if is_option(&field.ty) {
                            cx.error_at(
                                builtin_span,
                                format!(
                                    "the built-in `{}` has the default `{text}`, which an \
                                     `Option` field cannot take: give the field a plain type \
                                     such as `String`",
                                    known.name
                                ),
                            );
                        }
                        typed_default = Some(Default::Str(LitStr::new(text, builtin_span)));
                    }
                }
            }
        }

        let usage = match &usage {
            Some(lit) => lit.value(),
            None => doc_text(&field.attrs),
        };
        Some((
            Field {
                ident,
                ty: field.ty.clone(),
                name,
                flag: flag_text,
                var: var_text,
                usage,
                default: typed_default,
                builtin: builtin.is_some(),
                helm_value,
            },
            flag_span,
            var_span,
        ))
    }
}

fn check_default(cx: &Ctxt, text: &str, span: Span) {
    if let Err(e) = function_rules::check_default_text(text) {
        cx.error_at(span, e);
    }
}

/// The key of a nested meta item, `crate` included.
fn meta_key(meta: &ParseNestedMeta<'_>) -> String {
    match meta.path.get_ident() {
        Some(ident) => ident.unraw().to_string(),
        None => meta.path.to_token_stream().to_string().replace(' ', ""),
    }
}

/// Stores `value` in `slot` unless it was already set (an error at the key).
fn set_once<T>(cx: &Ctxt, meta: &ParseNestedMeta<'_>, slot: &mut Option<T>, value: Option<T>) {
    let Some(value) = value else { return };
    if slot.is_some() {
        cx.error_spanned_by(&meta.path, format!("duplicate key `{}`", meta_key(meta)));
    } else {
        *slot = Some(value);
    }
}

/// `key = "text"`: the literal, or `None` after recording an error (the value is consumed).
fn string(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<LitStr>> {
    let expr: Expr = meta.value()?.parse()?;
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(Some(lit)),
        other => {
            cx.error_spanned_by(
                &other,
                format!(
                    "`{}` takes a string literal, like `{} = \"...\"`",
                    meta_key(meta),
                    meta_key(meta)
                ),
            );
            Ok(None)
        }
    }
}

/// `key = ["a", "b"]`: the literals, or `None` after recording an error.
fn strings(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<WithSpan<Vec<LitStr>>>> {
    let expr: Expr = meta.value()?.parse()?;
    let key = meta_key(meta);
    let Expr::Array(array) = &expr else {
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
                cx.error_spanned_by(other, format!("`{key}` takes string literals only"));
            }
        }
    }
    Ok(ok.then(|| WithSpan {
        value: out,
        span: expr.span(),
    }))
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
    let suggestion = allowed
        .iter()
        .map(|k| (edit_distance(key, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default();
    cx.error_spanned_by(
        &meta.path,
        format!(
            "unknown key `{key}` in {attribute}{suggestion}; expected one of: {}",
            list.join(", ")
        ),
    );
    Ok(())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = current;
        }
    }
    row[b.len()]
}

/// Whether the type is written `Option<...>` (or `std::option::Option<...>`).
fn is_option(ty: &Type) -> bool {
    match ty {
        Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Option" && !s.arguments.is_none()),
        Type::Group(group) => is_option(&group.elem),
        Type::Paren(paren) => is_option(&paren.elem),
        _ => false,
    }
}

/// The doc comment as one text: each line trimmed, lines of a paragraph joined with a space,
/// paragraphs separated by a blank line.
fn doc_text(attrs: &[Attribute]) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        let syn::Meta::NameValue(nv) = &attr.meta else {
            continue;
        };
        let Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) = &nv.value
        else {
            continue;
        };
        let text = lit.value();
        // `///` alone gives `""`, which has no lines but is a blank line.
        let lines: Vec<&str> = if text.is_empty() {
            vec![""]
        } else {
            text.lines().collect()
        };
        for line in lines {
            let line = line.trim();
            if line.is_empty() {
                if !current.is_empty() {
                    paragraphs.push(std::mem::take(&mut current));
                }
            } else {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(line);
            }
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("nme", "name"), 1);
        assert_eq!(edit_distance("defualt", "default"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn docs() {
        let input: DeriveInput = syn::parse_quote! {
            /// First line
            ///   continues here.
            ///
            /// Second paragraph.
            struct S;
        };
        assert_eq!(
            doc_text(&input.attrs),
            "First line continues here.\n\nSecond paragraph."
        );
    }

    #[test]
    fn options() {
        assert!(is_option(&syn::parse_quote!(Option<String>)));
        assert!(is_option(&syn::parse_quote!(std::option::Option<u32>)));
        assert!(!is_option(&syn::parse_quote!(Vec<String>)));
        assert!(!is_option(&syn::parse_quote!(Option)));
    }
}
