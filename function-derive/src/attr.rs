//! The model of a `#[derive(Function)]` input: parsed from the attributes, with the spans to
//! blame. What only the Rust types tell is checked here; the one list of checks a Function
//! description must pass runs in `check.rs`. Every problem is recorded in the [`Ctxt`].

use proc_macro2::Span;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Expr, ExprLit, Fields, Ident, Lit, LitStr, Type};

use crate::ctxt::Ctxt;
use function_rules::DefaultOp;

use crate::meta::{
    KeyParser, WithSpan, flag_key, parse_keys, set_once, string, strings, suggestion,
};
use crate::types::{Scalar, is_option, list_item, vec_item};

/// The keys of `#[function(...)]`, each with its parser: the one list that the parser and the
/// "did you mean" of an unknown key read.
const FUNCTION_KEYS: &[(&str, KeyParser<Input>)] = &[
    ("name", |cx, meta, m| {
        set_once(cx, meta, &mut m.name, string(cx, meta)?);
        Ok(())
    }),
    ("image", |cx, meta, m| {
        set_once(cx, meta, &mut m.image, string(cx, meta)?);
        Ok(())
    }),
    ("available_versions", |cx, meta, m| {
        let list = strings(cx, meta)?;
        if m.available_versions_span.is_some() {
            cx.error_spanned_by(&meta.path, "duplicate key `available_versions`");
        } else if let Some(list) = list {
            m.available_versions_span = Some(list.span);
            m.available_versions = list.value;
        }
        Ok(())
    }),
    ("subcommand", |cx, meta, m| {
        set_once(cx, meta, &mut m.subcommand, string(cx, meta)?);
        Ok(())
    }),
    ("command", |cx, meta, m| {
        let list = strings(cx, meta)?.map(|l| l.value);
        set_once(cx, meta, &mut m.command, list);
        Ok(())
    }),
    ("working_dir", |cx, meta, m| {
        set_once(cx, meta, &mut m.working_dir, string(cx, meta)?);
        Ok(())
    }),
    ("args", |cx, meta, m| {
        let list = args_list(cx, meta)?;
        set_once(cx, meta, &mut m.args, list);
        Ok(())
    }),
    ("ports", |cx, meta, m| {
        set_once(
            cx,
            meta,
            &mut m.spec_values.ports,
            Some(meta.value()?.parse()?),
        );
        Ok(())
    }),
    ("volume_mounts", |cx, meta, m| {
        let value = Some(meta.value()?.parse()?);
        set_once(cx, meta, &mut m.spec_values.volume_mounts, value);
        Ok(())
    }),
    ("volume_devices", |cx, meta, m| {
        let value = Some(meta.value()?.parse()?);
        set_once(cx, meta, &mut m.spec_values.volume_devices, value);
        Ok(())
    }),
    ("runtime_settings", |cx, meta, m| {
        let value = Some(meta.value()?.parse()?);
        set_once(cx, meta, &mut m.spec_values.runtime_settings, value);
        Ok(())
    }),
    ("crate", |cx, meta, m| {
        if let Some(lit) = string(cx, meta)? {
            match lit.parse::<syn::Path>() {
                Ok(path) => m.krate = path,
                Err(_) => cx.error_spanned_by(
                    &lit,
                    format!(
                        "`{}` is not a path: `crate` takes the path to function_core, e.g. \
                         `crate = \"::my_core\"`",
                        lit.value()
                    ),
                ),
            }
        }
        Ok(())
    }),
];

/// The keys of `#[arg(...)]`, each with its parser (as [`FUNCTION_KEYS`]).
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

/// The struct, as the derive sees it.
pub(crate) struct Input {
    pub ident: Ident,
    /// The struct's doc comment as text (empty without one): the `--help` of its command.
    pub about: String,
    pub name: Option<LitStr>,
    pub image: Option<LitStr>,
    pub available_versions: Vec<LitStr>,
    /// The span of the `available_versions` list, when it is written.
    pub available_versions_span: Option<Span>,
    pub subcommand: Option<LitStr>,
    pub command: Option<Vec<LitStr>>,
    pub working_dir: Option<LitStr>,
    /// The path to `function_core` (`#[function(crate = "...")]`).
    pub krate: syn::Path,
    pub fields: Vec<Field>,
    /// The verbatim arguments of `args = [...]`, each with the index of the field argument it
    /// comes before.
    pub verbatim: Vec<(usize, LitStr)>,
    /// `ports`, `volume_mounts`, `volume_devices`, `runtime_settings`: the manifest's container
    /// settings, as expressions.
    pub spec_values: SpecValues,
    /// `args = [...]` as written, until it is checked against the fields.
    args: Option<WithSpan<Vec<ArgsItem>>>,
}

/// The expressions of `#[function(ports = ..., volume_mounts = ..., volume_devices = ...,
/// runtime_settings = ...)]`.
#[derive(Default)]
pub(crate) struct SpecValues {
    pub ports: Option<Expr>,
    pub volume_mounts: Option<Expr>,
    pub volume_devices: Option<Expr>,
    pub runtime_settings: Option<Expr>,
}

impl SpecValues {
    pub(crate) fn is_empty(&self) -> bool {
        self.ports.is_none()
            && self.volume_mounts.is_none()
            && self.volume_devices.is_none()
            && self.runtime_settings.is_none()
    }
}

/// An item of `args = [...]`: a field's name, or a verbatim argument.
enum ArgsItem {
    Field(Ident),
    Verbatim(LitStr),
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

impl Input {
    /// Parses `input` and checks its shape and what its fields' types tell; problems go to `cx`
    /// (the result is then only used to report more of them, by `check::check`).
    pub(crate) fn from_ast(cx: &Ctxt, input: &DeriveInput) -> Input {
        let mut model = Input {
            ident: input.ident.clone(),
            about: doc_text(&input.attrs),
            name: None,
            image: None,
            available_versions: Vec::new(),
            subcommand: None,
            command: None,
            working_dir: None,
            available_versions_span: None,
            krate: syn::parse_quote!(::function_core),
            fields: Vec::new(),
            verbatim: Vec::new(),
            spec_values: SpecValues::default(),
            args: None,
        };
        // Whether every #[function(...)] was read to its end: after a syntax error, the keys
        // it leaves unread are not reported missing.
        let mut read_whole = true;
        for attr in &input.attrs {
            if !attr.path().is_ident("function") {
                continue;
            }
            read_whole &= parse_keys(cx, attr, "#[function(...)]", FUNCTION_KEYS, &mut model);
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

        // Required keys: one error when the attribute is missing altogether; none for a key
        // whose mistake is already reported (misspelt, a value of the wrong form) or that an
        // unreadable attribute may hold.
        let written = input.attrs.iter().any(|a| a.path().is_ident("function"));
        let missing = |key: &str| read_whole && !cx.was_key_reported(key);
        if !written {
            cx.error_spanned_by(
                ident,
                "missing `#[function(name = \"...\", image = \"...\")]`: a Function needs its name, \
                 a DNS-1123 subdomain like \"postgres-backup\", and the plugin's container image, \
                 like \"ghcr.io/org/plugin:v1.0.0\"",
            );
        } else if model.name.is_none() && missing("name") {
            cx.error_spanned_by(
                ident,
                "missing `name`: add `#[function(name = \"...\")]` with the Function's name, a \
                 DNS-1123 subdomain like \"postgres-backup\"",
            );
        }
        if written && model.image.is_none() && missing("image") {
            cx.error_spanned_by(
                ident,
                "missing `image`: add `#[function(image = \"...\")]` with the plugin's container \
                 image, like \"ghcr.io/org/plugin:v1.0.0\"",
            );
        }

        // Fields.
        if let Some(named) = fields {
            for field in &named.named {
                if let Some(ident) = field.ident.clone() {
                    model.fields.push(Field::from_ast(cx, field, ident));
                }
            }
        }
        if let Some(args) = model.args.take() {
            model.verbatim = verbatim_args(cx, &model.fields, args);
        }
        model
    }
}

/// `args = [field, "verbatim", ...]`: the items, or `None` after recording an error.
fn args_list(
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
fn verbatim_args(
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
    fn from_ast(outer: &Ctxt, field: &syn::Field, ident: Ident) -> Field {
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

/// The doc comment as usage text ([`function_rules::usage_from_doc`]).
pub(crate) fn doc_text(attrs: &[Attribute]) -> String {
    let texts: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    Expr::Lit(ExprLit {
                        lit: Lit::Str(lit), ..
                    }),
                ..
            }) => Some(lit.value()),
            _ => None,
        })
        .collect();
    function_rules::usage_from_doc(texts.iter().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
