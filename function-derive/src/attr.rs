//! The model of a `#[derive(Function)]` input: parsed from the attributes, with the spans to
//! blame. What only the Rust types tell is checked while reading; the one list of checks a
//! Function description must pass runs in `check.rs`. Every problem is recorded in the
//! [`Ctxt`].
//!
//! `#[function(...)]`, the struct's attribute, and the shape of the type are read here into an
//! [`Input`]; `#[arg(...)]`, a field's, in `field.rs` (with what the field's type tells); the
//! `args = [...]` list in `args.rs`; doc comments in `doc.rs`.

mod args;
mod doc;
mod field;

use proc_macro2::Span;
use syn::{Data, DeriveInput, Expr, Fields, Ident, LitStr};

use crate::ctxt::Ctxt;
use crate::meta::{KeyParser, WithSpan, parse_keys, set_once, string, strings};
use args::{ArgsItem, args_list, verbatim_args};
use doc::doc_text;
pub(crate) use field::{Default, Element, Field};

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
