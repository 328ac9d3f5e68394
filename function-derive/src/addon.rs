//! `addon!`: the Addon DSL, read into a model (every key at most once, each error on its token,
//! a "did you mean" for a misspelt key, all errors collected in the [`Ctxt`]) and expanded into
//! a `PluginAddon` impl. function-core's `addon!` calls it as
//! `__addon! { ($crate) api|lean <the user's tokens> }`: the path to function-core, and whether
//! function-core has its `api` feature (without it, a plugin binary's lean build, only the unit
//! struct is declared, after the same checks). The grammar is documented in
//! `function_core::addon`.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Ident, LitStr, Token, Type, Visibility};

use crate::ctxt::Ctxt;
use crate::meta::suggestion;

/// The Addon as written.
pub(crate) struct Addon {
    krate: TokenStream,
    api: bool,
    attrs: Vec<Attribute>,
    vis: Visibility,
    ident: Ident,
    name: Option<Expr>,
    backup_tasks: Vec<Task>,
    restore_tasks: Vec<Task>,
}

/// One task as written.
#[derive(Default)]
struct Task {
    name: Option<Expr>,
    function: Option<Type>,
    driver: Option<Variant>,
    executor: Option<Variant>,
    singleton: Option<Expr>,
    parameters: Option<Vec<Param>>,
    overrides: Option<Vec<Param>>,
    volume_template: Option<Vec<Fields>>,
    volume_mounts: Option<Vec<Fields>>,
}

/// `driver: Restic` (a variant of the API enum) or `driver: Other("Milvus")` (a value the
/// enum does not know, written as the manifest writes it).
enum Variant {
    Known(Ident),
    Other(Ident, Expr),
}

/// A task parameter: `var`, `var { FIELDS }` or `{ FIELDS }`.
struct Param {
    derived: Option<Ident>,
    fields: Fields,
}

/// `key: value` fields of a parameter, a volume template or a volume mount.
type Fields = Vec<(Ident, Expr)>;

/// The parser of one key's value in a block: records it in `S`, its problems in the [`Ctxt`].
/// An `Err` is a syntax error that ends the block.
type KeyParser<S> = fn(&Ctxt, &Ident, ParseStream<'_>, &mut S) -> syn::Result<()>;

/// The keys of the Addon: the one table the parser and the suggestions read.
const ADDON_KEYS: &[(&str, KeyParser<AddonBody>)] = &[
    ("name", |_, _, input, a| {
        a.name = Some(input.parse()?);
        Ok(())
    }),
    ("backup_tasks", |cx, key, input, a| {
        a.backup_tasks = tasks(cx, key, input)?;
        Ok(())
    }),
    ("restore_tasks", |cx, key, input, a| {
        a.restore_tasks = tasks(cx, key, input)?;
        Ok(())
    }),
];

/// The keys of a task (as [`ADDON_KEYS`]).
const TASK_KEYS: &[(&str, KeyParser<Task>)] = &[
    ("name", |_, _, input, t| {
        t.name = Some(input.parse()?);
        Ok(())
    }),
    ("function", |_, _, input, t| {
        t.function = Some(input.parse()?);
        Ok(())
    }),
    ("driver", |_, _, input, t| {
        t.driver = Some(variant(input)?);
        Ok(())
    }),
    ("executor", |_, _, input, t| {
        t.executor = Some(variant(input)?);
        Ok(())
    }),
    ("singleton", |_, _, input, t| {
        t.singleton = Some(input.parse()?);
        Ok(())
    }),
    ("parameters", |cx, key, input, t| {
        if t.overrides.is_some() {
            cx.error_spanned_by(key, "give either `parameters` or `overrides`, not both");
        }
        t.parameters = Some(params(cx, key, input, true)?);
        Ok(())
    }),
    ("overrides", |cx, key, input, t| {
        if t.parameters.is_some() {
            cx.error_spanned_by(key, "give either `parameters` or `overrides`, not both");
        }
        t.overrides = Some(params(cx, key, input, false)?);
        Ok(())
    }),
    ("volume_template", |cx, key, input, t| {
        t.volume_template = Some(field_blocks(
            cx,
            key,
            input,
            VOLUME_KEYS,
            "volume template",
        )?);
        Ok(())
    }),
    ("volume_mounts", |cx, key, input, t| {
        t.volume_mounts = Some(field_blocks(cx, key, input, MOUNT_KEYS, "volume mount")?);
        Ok(())
    }),
];

/// Records `key: EXPR` in a [`Fields`].
const FIELD: KeyParser<Fields> = |_, key, input, fields| {
    fields.push((key.clone(), input.parse()?));
    Ok(())
};
/// The fields of a task parameter.
const PARAM_KEYS: &[(&str, KeyParser<Fields>)] = &[
    ("name", FIELD),
    ("usage", FIELD),
    ("required", FIELD),
    ("default", FIELD),
];
/// The fields of a volume template.
const VOLUME_KEYS: &[(&str, KeyParser<Fields>)] =
    &[("name", FIELD), ("usage", FIELD), ("source", FIELD)];
/// The fields of a volume mount.
const MOUNT_KEYS: &[(&str, KeyParser<Fields>)] = &[
    ("name", FIELD),
    ("mount_path", FIELD),
    ("read_only", FIELD),
    ("sub_path", FIELD),
    ("sub_path_expr", FIELD),
    ("mount_propagation", FIELD),
    ("recursive_read_only", FIELD),
];

/// What the Addon's braces hold.
#[derive(Default)]
struct AddonBody {
    name: Option<Expr>,
    backup_tasks: Vec<Task>,
    restore_tasks: Vec<Task>,
}

const USAGE: &str = "expected `addon! { [#[attributes]] [pub] struct Name { name: \"...\", \
                     backup_tasks: [...], restore_tasks: [...] } }`";

impl Addon {
    /// Reads the macro's input; problems go to `cx` (`None` when even the header is not an
    /// `addon!`).
    pub(crate) fn from_tokens(cx: &Ctxt, input: TokenStream) -> Option<Addon> {
        let header = |input: ParseStream<'_>| {
            let krate: Group = input.parse()?;
            let mode: Ident = input.parse()?;
            let attrs = input.call(Attribute::parse_outer)?;
            let vis: Visibility = input.parse()?;
            let _: Token![struct] = input.parse()?;
            let ident: Ident = input.parse()?;
            let body: Group = input.parse()?;
            if body.delimiter() != Delimiter::Brace {
                return Err(syn::Error::new(body.span(), USAGE));
            }
            if !input.is_empty() {
                return Err(input.error(USAGE));
            }
            Ok((krate.stream(), mode == "api", attrs, vis, ident, body))
        };
        let (krate, api, attrs, vis, ident, body) = match header.parse2(input) {
            Ok(parts) => parts,
            Err(e) => {
                cx.error_at(e.span(), USAGE);
                return None;
            }
        };
        let mut parsed = AddonBody::default();
        let read_whole = block(cx, &body, "addon!", ADDON_KEYS, &mut parsed);
        if parsed.name.is_none() && read_whole && !cx.was_key_reported("addon!.name") {
            cx.error_spanned_by(
                &ident,
                "missing `name`: an addon needs `name: \"...\"`, the Addon's name",
            );
        }
        Some(Addon {
            krate,
            api,
            attrs,
            vis,
            ident,
            name: parsed.name,
            backup_tasks: parsed.backup_tasks,
            restore_tasks: parsed.restore_tasks,
        })
    }

    /// The unit struct and, with function-core's `api` feature, its `PluginAddon` impl.
    pub(crate) fn expand(&self) -> TokenStream {
        let Addon {
            krate,
            attrs,
            vis,
            ident,
            ..
        } = self;
        let declaration = quote! {
            #(#attrs)*
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
            #vis struct #ident;
        };
        if !self.api {
            return quote! {
                #[allow(dead_code)]
                #declaration
            };
        }
        let name = &self.name;
        let backup = self.backup_tasks.iter().map(|t| t.expand(krate));
        let restore = self.restore_tasks.iter().map(|t| t.expand(krate));
        quote! {
            #declaration

            impl #krate::addon::PluginAddon for #ident {
                fn definition() -> #krate::addon::AddonDefinition {
                    #krate::addon::AddonDefinition::new(#name)
                        #(.backup_task(#backup))*
                        #(.restore_task(#restore))*
                }
            }
        }
    }

    /// The declaration alone: what is left when the input has errors, so that the errors are
    /// the only ones (no "cannot find type" for the Addon besides them).
    pub(crate) fn fallback(&self) -> TokenStream {
        let Addon {
            attrs, vis, ident, ..
        } = self;
        quote! {
            #(#attrs)*
            #[allow(dead_code)]
            #vis struct #ident;
        }
    }
}

impl Task {
    fn expand(&self, krate: &TokenStream) -> TokenStream {
        let mut calls = Vec::new();
        if let Some(name) = &self.name {
            calls.push(quote!(.name(#name)));
        }
        if let Some(ty) = &self.function {
            calls.push(quote_spanned!(ty.span()=> .function::<#ty>()));
        }
        let enum_value = |v: &Variant, ty: &str| {
            let ty = Ident::new(ty, Span::call_site());
            match v {
                Variant::Known(ident) => quote_spanned!(ident.span()=> #krate::api::#ty::#ident),
                Variant::Other(other, value) => {
                    // `From<&str>`: a known name is its variant, anything else `Other`.
                    quote_spanned!(other.span()=> #krate::api::#ty::from(#value))
                }
            }
        };
        if let Some(v) = &self.driver {
            let v = enum_value(v, "Driver");
            calls.push(quote!(.driver(#v)));
        }
        if let Some(v) = &self.executor {
            let v = enum_value(v, "TaskExecutor");
            calls.push(quote!(.executor(#v)));
        }
        if let Some(singleton) = &self.singleton {
            calls.push(quote!(.singleton(#singleton)));
        }
        for (list, start, add) in [
            (&self.parameters, "explicit_parameters", "parameter"),
            (&self.overrides, "override_parameters", "override_parameter"),
        ] {
            let Some(list) = list else { continue };
            let start = Ident::new(start, Span::call_site());
            let add = Ident::new(add, Span::call_site());
            calls.push(quote!(.#start()));
            for p in list {
                let base = match &p.derived {
                    Some(var) => {
                        let text = LitStr::new(&var.unraw().to_string(), var.span());
                        let at = site(var.span());
                        quote!(#krate::addon::Param::derived(#text)#at)
                    }
                    None => {
                        let at = p
                            .fields
                            .iter()
                            .find(|(k, _)| k == "name")
                            .map(|(_, v)| site(v.span()))
                            .unwrap_or_default();
                        quote!(#krate::addon::Param::new()#at)
                    }
                };
                let fields = p.fields.iter().map(|(k, v)| quote!(.#k(#v)));
                calls.push(quote!(.#add(#base #(#fields)*)));
            }
        }
        for volume in self.volume_template.iter().flatten() {
            let fields = volume.iter().map(|(k, v)| {
                if k == "source" {
                    quote!(.#k({
                        #[allow(unused_imports)]
                        use #krate::addon::source::*;
                        #v
                    }))
                } else {
                    quote!(.#k(#v))
                }
            });
            calls.push(quote!(.volume(#krate::addon::volume() #(#fields)*)));
        }
        for mount in self.volume_mounts.iter().flatten() {
            let fields = mount.iter().map(|(k, v)| quote!(.#k(#v)));
            calls.push(quote!(.mount(#krate::addon::mount() #(#fields)*)));
        }
        quote!(#krate::addon::TaskBuilder::new() #(#calls)* .build())
    }
}

/// `.at("file:line:col")` for a parameter written at `span`, so that the problems found when the
/// task is built (a variable the Function does not use) name where it is written; nothing
/// outside a compiler's macro expansion (the unit tests), where spans have no position.
fn site(span: Span) -> TokenStream {
    if !proc_macro::is_available() {
        return TokenStream::new();
    }
    let span = span.unwrap();
    let text = format!("{}:{}:{}", span.file(), span.line(), span.column());
    quote!(.at(#text))
}

/// Parses the `key: value, ...` inside `group` with `keys`: each key at most once, an unknown
/// one reported with the closest known key. Syntax errors end the block (reported too).
/// Whether the block was read to its end: not after a syntax error, which leaves the keys after
/// it unread (so not to be reported missing).
fn block<S>(
    cx: &Ctxt,
    group: &Group,
    what: &str,
    keys: &[(&str, KeyParser<S>)],
    state: &mut S,
) -> bool {
    let parser = |input: ParseStream<'_>| {
        let mut seen: Vec<String> = Vec::new();
        while !input.is_empty() {
            let key = input.call(Ident::parse_any).map_err(|e| {
                syn::Error::new(e.span(), format!("expected `key: value` in {what}"))
            })?;
            let name = key.unraw().to_string();
            if !input.peek(Token![:]) || input.peek(Token![::]) {
                return Err(input.error(format!("expected `:` after `{name}`")));
            }
            let _: Token![:] = input.parse()?;
            match keys.iter().find(|(k, _)| *k == name) {
                Some(_) if seen.contains(&name) => {
                    cx.error_spanned_by(&key, format!("duplicate key `{name}` in {what}"));
                    skip_value(input)?;
                }
                Some((_, parse)) => {
                    seen.push(name);
                    parse(cx, &key, input, state)?;
                }
                None => {
                    let names: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
                    if let Some(close) = function_rules::closest(&name, &names) {
                        cx.key_reported(&format!("{what}.{close}"));
                    }
                    cx.error_spanned_by(
                        &key,
                        format!(
                            "unknown key `{name}` in {what}{}; expected one of: `{}`",
                            suggestion(&name, &names),
                            names.join("`, `")
                        ),
                    );
                    skip_value(input)?;
                }
            }
            if input.is_empty() {
                break;
            }
            let _: Token![,] = input
                .parse()
                .map_err(|e| syn::Error::new(e.span(), "expected `,` between the keys"))?;
        }
        Ok(())
    };
    match parser.parse2(group.stream()) {
        Ok(()) => true,
        Err(e) => {
            cx.syn_error(e);
            false
        }
    }
}

/// Consumes the tokens of a value, up to the next `,` of its block.
fn skip_value(input: ParseStream<'_>) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        let _: TokenTree = input.parse()?;
    }
    Ok(())
}

/// The elements of `[a, b, ...]`, each a token tree group or ident run: returned as the token
/// streams between the commas.
fn list(key: &Ident, input: ParseStream<'_>, shape: &str) -> syn::Result<Vec<TokenStream>> {
    let group: Group = input.parse().map_err(|e| {
        syn::Error::new(
            e.span(),
            format!("`{}` takes a list: `{shape}`", key.unraw()),
        )
    })?;
    if group.delimiter() != Delimiter::Bracket {
        return Err(syn::Error::new(
            group.span(),
            format!("`{}` takes a list: `{shape}`", key.unraw()),
        ));
    }
    let mut items = Vec::new();
    let mut current = TokenStream::new();
    for tt in group.stream() {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                items.push(std::mem::take(&mut current));
            }
            _ => current.extend([tt]),
        }
    }
    if !current.is_empty() {
        items.push(current);
    }
    Ok(items)
}

/// One braced element of a list, or an error on what is there instead.
fn braced(cx: &Ctxt, item: TokenStream, expected: &str) -> Option<Group> {
    let mut tts = item.into_iter();
    match (tts.next(), tts.next()) {
        (Some(TokenTree::Group(g)), None) if g.delimiter() == Delimiter::Brace => Some(g),
        (Some(first), _) => {
            cx.error_at(first.span(), format!("expected {expected}"));
            None
        }
        (None, _) => None,
    }
}

/// `backup_tasks: [{ ... }, ...]`.
fn tasks(cx: &Ctxt, key: &Ident, input: ParseStream<'_>) -> syn::Result<Vec<Task>> {
    let shape = "[{ name: \"...\", function: Type, ... }, ...]";
    let mut out = Vec::new();
    for item in list(key, input, shape)? {
        let Some(group) = braced(cx, item, "a task `{ name: \"...\", function: Type, ... }`")
        else {
            continue;
        };
        let mut task = Task::default();
        let cx_task = Ctxt::default();
        let read_whole = block(&cx_task, &group, "a task", TASK_KEYS, &mut task);
        // Not missing: misspelt, or in what a syntax error left unread.
        let missing = |key: &str| read_whole && !cx_task.was_key_reported(&format!("a task.{key}"));
        if task.name.is_none() && missing("name") {
            cx_task.error_at(
                group.span_open(),
                "missing `name`: a task needs `name: \"...\"`",
            );
        }
        if task.function.is_none() && missing("function") {
            cx_task.error_at(
                group.span_open(),
                "missing `function`: a task needs `function: Type` (a #[derive(Function)] type)",
            );
        }
        cx.append(cx_task);
        out.push(task);
    }
    Ok(out)
}

/// `driver: Restic` or `driver: Other("Milvus")`.
fn variant(input: ParseStream<'_>) -> syn::Result<Variant> {
    let ident: Ident = input.parse().map_err(|e| {
        syn::Error::new(
            e.span(),
            "expected a variant, like `Restic`, or `Other(\"Value\")` for a value the API enum does not list",
        )
    })?;
    if ident == "Other" && input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        let value: Expr = content.parse()?;
        return Ok(Variant::Other(ident, value));
    }
    Ok(Variant::Known(ident))
}

/// `parameters: [...]` (`explicit`) or `overrides: [...]`.
fn params(
    cx: &Ctxt,
    key: &Ident,
    input: ParseStream<'_>,
    explicit: bool,
) -> syn::Result<Vec<Param>> {
    let shape = if explicit {
        "[var, var { default: \"...\" }, { name: \"...\", usage: \"...\" }, ...]"
    } else {
        "[var { default: \"...\" }, ...]"
    };
    let mut out = Vec::new();
    for item in list(key, input, shape)? {
        let mut tts = item.into_iter();
        let (derived, group) = match (tts.next(), tts.next(), tts.next()) {
            (Some(TokenTree::Ident(var)), None, _) => (Some(var), None),
            (Some(TokenTree::Ident(var)), Some(TokenTree::Group(g)), None)
                if g.delimiter() == Delimiter::Brace =>
            {
                (Some(var), Some(g))
            }
            (Some(TokenTree::Group(g)), None, _) if g.delimiter() == Delimiter::Brace => {
                if !explicit {
                    cx.error_at(
                        g.span(),
                        "`overrides` entries name a derived parameter: `var { default: \"...\" }`",
                    );
                    continue;
                }
                (None, Some(g))
            }
            (Some(first), _, _) => {
                cx.error_at(
                    first.span(),
                    "expected a parameter: `var`, `var { usage: ..., required: ..., default: ... }` \
                     or `{ name: \"...\", ... }`",
                );
                continue;
            }
            (None, _, _) => continue,
        };
        let mut fields = Fields::new();
        if let Some(g) = &group {
            let cx_param = Ctxt::default();
            let read_whole = block(&cx_param, g, "a parameter", PARAM_KEYS, &mut fields);
            if derived.is_none()
                && !fields.iter().any(|(k, _)| k == "name")
                && read_whole
                && !cx_param.was_key_reported("a parameter.name")
            {
                cx_param.error_at(
                    g.span_open(),
                    "missing `name`: a parameter written in full needs `name: \"...\"`",
                );
            }
            cx.append(cx_param);
        }
        out.push(Param { derived, fields });
    }
    Ok(out)
}

/// `volume_template: [{ ... }, ...]`, `volume_mounts: [{ ... }, ...]`.
fn field_blocks(
    cx: &Ctxt,
    key: &Ident,
    input: ParseStream<'_>,
    keys: &[(&str, KeyParser<Fields>)],
    what: &str,
) -> syn::Result<Vec<Fields>> {
    let mut out = Vec::new();
    for item in list(key, input, "[{ name: \"...\", ... }, ...]")? {
        let Some(group) = braced(cx, item, &format!("a {what} `{{ name: \"...\", ... }}`")) else {
            continue;
        };
        let mut fields = Fields::new();
        block(cx, &group, &format!("a {what}"), keys, &mut fields);
        out.push(fields);
    }
    Ok(out)
}

/// `addon!` on its input: the declaration and impl, or every error found (with the unit struct,
/// so that nothing else fails for its want).
pub(crate) fn addon(input: TokenStream) -> TokenStream {
    let cx = Ctxt::default();
    let model = Addon::from_tokens(&cx, input);
    match (cx.check(), model) {
        (Ok(()), Some(model)) => model.expand(),
        (Err(errors), Some(model)) => {
            let fallback = model.fallback();
            quote!(#fallback #errors)
        }
        (Err(errors), None) => errors,
        (Ok(()), None) => TokenStream::new(),
    }
}
