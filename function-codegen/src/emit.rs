//! The generated source: imports, the typed values inside `function_core::with_api! { ... }`,
//! one `#[derive(Function)]` struct per Function, one `addon!` per Addon, and `catalog()`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::Options;
use crate::addon::{AddonModel, FieldValue, ParamEntry, Parameters, SourceModel, TaskModel};
use function_core::lint::Diagnostic;

use crate::error::Problems;
use crate::function::{ArgItem, Base, FieldModel, FunctionModel};
use crate::ident::{self, Names};
use crate::layout::{self, Node};
use crate::value::{self, Schemas, TypePaths};
use function_rules::DefaultOp;

/// A function inside `with_api!` giving a typed value, and what calls it.
struct Helper {
    name: syn::Ident,
    doc: String,
    ty: TokenStream,
    body: TokenStream,
}

/// The helpers of one Function: the calls that `#[function(...)]` names.
#[derive(Default)]
struct SpecValues {
    ports: Option<String>,
    volume_mounts: Option<String>,
    volume_devices: Option<String>,
    runtime_settings: Option<String>,
}

/// Writes the whole file. `type_names` holds every generated type's name.
pub(crate) fn file(
    functions: &[FunctionModel],
    addons: &[AddonModel],
    type_names: &Names,
    options: &Options,
    errors: &mut Vec<Diagnostic>,
) -> String {
    let schemas = Schemas::new();
    let mut paths = TypePaths::new(type_names.clone());
    let mut helper_names = Names::snake();
    let mut helpers: Vec<Helper> = Vec::new();

    // The typed values, first: they decide the imports.
    let mut spec_values = Vec::new();
    for f in functions {
        let mut problems = Problems {
            object: &f.object,
            origin: &f.origin,
            errors,
        };
        let base = ident::snake_name(&f.object.name, "value_", "function");
        let mut values = SpecValues::default();
        let wanted: [(&str, &Option<Value>, &str); 4] = [
            ("ports", &f.ports, "io.k8s.api.core.v1.ContainerPort"),
            (
                "volumeMounts",
                &f.volume_mounts,
                "io.k8s.api.core.v1.VolumeMount",
            ),
            (
                "volumeDevices",
                &f.volume_devices,
                "io.k8s.api.core.v1.VolumeDevice",
            ),
            (
                "runtimeSettings",
                &f.runtime_settings,
                "ContainerRuntimeSettings",
            ),
        ];
        for (key, json, type_name) in wanted {
            let Some(json) = json else { continue };
            let field = format!("spec.{key}");
            let single = key == "runtimeSettings";
            let expr = if single {
                schemas.expr(type_name, json, &field, &mut paths)
            } else {
                schemas.list_expr(type_name, json, &field, &mut paths)
            };
            let body = match expr {
                Ok(body) => body,
                Err(e) => {
                    problems.push(e.path, e.message);
                    continue;
                }
            };
            let ty = type_path(type_name, &mut paths);
            let ty = if single { ty } else { quote!(Vec<#ty>) };
            let name = helper_names.claim(&format!(
                "{base}_{}",
                ident::snake_name(key, "value_", "value")
            ));
            let call = format!("{name}()");
            match key {
                "ports" => values.ports = Some(call),
                "volumeMounts" => values.volume_mounts = Some(call),
                "volumeDevices" => values.volume_devices = Some(call),
                _ => values.runtime_settings = Some(call),
            }
            helpers.push(Helper {
                name: format_ident!("{name}"),
                doc: format!(" `{field}` of the Function `{}`.", f.object.name),
                ty,
                body,
            });
        }
        spec_values.push(values);
    }
    let mut sources = Vec::new();
    for a in addons {
        let mut problems = Problems {
            object: &a.object,
            origin: &a.origin,
            errors,
        };
        let base = ident::snake_name(&a.object.name, "value_", "addon");
        let mut calls = Vec::new();
        for task in a.backup_tasks.iter().chain(&a.restore_tasks) {
            for (i, volume) in task.volumes.iter().enumerate() {
                let Some(SourceModel::Other(json)) = &volume.source else {
                    continue;
                };
                let field = format!("{}.volumeTemplate[{i}].source", task.path);
                match schemas.expr("VolumeSource", json, &field, &mut paths) {
                    Ok(body) => {
                        let name = helper_names.claim(&format!(
                            "{base}_{}_{}_source",
                            ident::snake_name(&task.name, "task_", "task"),
                            ident::snake_name(&volume.name, "volume_", "volume"),
                        ));
                        calls.push((task.path.clone(), i, format!("{name}()")));
                        helpers.push(Helper {
                            name: format_ident!("{name}"),
                            doc: format!(
                                " The source of the volume `{}` of the task `{}` of the Addon `{}`.",
                                volume.name, task.name, a.object.name
                            ),
                            ty: type_path("VolumeSource", &mut paths),
                            body,
                        });
                    }
                    Err(e) => problems.push(e.path, e.message),
                }
            }
        }
        sources.push(calls);
    }

    let mut out = String::new();
    let uses_path = functions
        .iter()
        .any(|f| f.fields.iter().any(|x| x.ty.base == Base::Path));
    if uses_path {
        out.push_str("use std::path::PathBuf;\n\n");
    }
    match (functions.is_empty(), addons.is_empty()) {
        (false, false) => out.push_str("use function_core::{Function, addon};\n"),
        (false, true) => out.push_str("use function_core::Function;\n"),
        (true, false) => out.push_str("use function_core::addon;\n"),
        (true, true) => {}
    }
    if !helpers.is_empty() {
        out.push('\n');
        out.push_str(&with_api(&paths, &helpers));
    }
    for (f, values) in functions.iter().zip(&spec_values) {
        out.push('\n');
        out.push_str(&function_struct(f, values));
    }
    for (a, calls) in addons.iter().zip(&sources) {
        out.push('\n');
        out.push_str(&addon_macro(a, calls));
    }
    out.push('\n');
    out.push_str(&catalog(functions, addons, options));
    out
}

fn type_path(schema_name: &str, paths: &mut TypePaths) -> TokenStream {
    paths.path(&value::rust_path(schema_name))
}

/// One item, formatted by prettyplease.
fn unparse(item: syn::Item) -> String {
    prettyplease::unparse(&syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items: vec![item],
    })
}

/// `function_core::with_api! { use ...; fn ... }`.
fn with_api(paths: &TypePaths, helpers: &[Helper]) -> String {
    let mut inner = String::new();
    for item in paths.uses() {
        inner.push_str(&unparse(item));
    }
    for helper in helpers {
        let Helper {
            name,
            doc,
            ty,
            body,
        } = helper;
        let item: syn::Item = syn::parse_quote! {
            #[doc = #doc]
            fn #name() -> #ty {
                #body
            }
        };
        if !inner.is_empty() {
            inner.push('\n');
        }
        inner.push_str(&unparse(item));
    }
    format!(
        "function_core::with_api! {{\n{}}}\n",
        layout::indent(&inner, 4)
    )
}

fn doc(text: &str) -> String {
    format!(" {text}")
}

fn function_struct(f: &FunctionModel, values: &SpecValues) -> String {
    let name = format_ident!("{}", f.type_name);
    let struct_doc = doc(&format!("The Function `{}`.", f.object.name));
    let fields = f.fields.iter().map(struct_field);
    let item: syn::Item = syn::parse_quote! {
        #[doc = #struct_doc]
        #[derive(Function, Clone, Debug, PartialEq, Eq)]
        #[function(__generated_by_function_codegen)]
        pub struct #name {
            #(#fields),*
        }
    };
    let text = unparse(item);
    text.replacen(
        "#[function(__generated_by_function_codegen)]",
        &function_attribute(f, values),
        1,
    )
}

fn struct_field(field: &FieldModel) -> TokenStream {
    let ident = &field.ident;
    let doc = doc(&field.doc);
    let ty = match field.ty.base {
        Base::Bool => quote!(bool),
        Base::U32 => quote!(u32),
        Base::U64 => quote!(u64),
        Base::I64 => quote!(i64),
        Base::Path => quote!(PathBuf),
        Base::Str => quote!(String),
    };
    let ty = if field.ty.optional {
        quote!(Option<#ty>)
    } else {
        ty
    };
    let mut args: Vec<TokenStream> = Vec::new();
    if field.builtin {
        args.push(quote!(builtin));
    }
    if field.needs_flag() {
        let flag = &field.flag;
        args.push(quote!(flag = #flag));
    }
    if field.needs_var() {
        let var = &field.var;
        args.push(quote!(var = #var));
    }
    if field.op != DefaultOp::ColonEquals {
        let op = field.op.text();
        args.push(quote!(op = #op));
    }
    if let Some(default) = &field.default {
        let value = match field.ty.base {
            Base::Bool | Base::U32 | Base::U64 | Base::I64 if !default.is_empty() => default
                .parse::<TokenStream>()
                .unwrap_or_else(|_| quote!(#default)),
            _ => quote!(#default),
        };
        args.push(quote!(default = #value));
    }
    if let Some(usage) = &field.usage_attr {
        args.push(quote!(usage = #usage));
    }
    let attr = (!args.is_empty()).then(|| quote!(#[arg(#(#args),*)]));
    quote! {
        #[doc = #doc]
        #attr
        pub #ident: #ty
    }
}

fn function_attribute(f: &FunctionModel, values: &SpecValues) -> String {
    let mut args: Vec<(String, Node)> = vec![
        ("name".into(), Node::string(&f.object.name)),
        ("image".into(), Node::string(&f.image)),
    ];
    if !f.available_versions.is_empty() {
        args.push((
            "available_versions".into(),
            Node::List(
                f.available_versions
                    .iter()
                    .map(|v| Node::string(v))
                    .collect(),
            ),
        ));
    }
    if let Some(subcommand) = &f.subcommand {
        args.push(("subcommand".into(), Node::string(subcommand)));
    }
    if !f.command.is_empty() {
        args.push((
            "command".into(),
            Node::List(f.command.iter().map(|c| Node::string(c)).collect()),
        ));
    }
    if let Some(dir) = &f.working_dir {
        args.push(("working_dir".into(), Node::string(dir)));
    }
    if f.has_verbatim() {
        let items = f
            .items
            .iter()
            .map(|item| match item {
                ArgItem::Field(i) => Node::atom(f.fields[*i].ident.to_string()),
                ArgItem::Verbatim(text) => Node::string(text),
            })
            .collect();
        args.push(("args".into(), Node::List(items)));
    }
    for (key, call) in [
        ("ports", &values.ports),
        ("volume_mounts", &values.volume_mounts),
        ("volume_devices", &values.volume_devices),
        ("runtime_settings", &values.runtime_settings),
    ] {
        if let Some(call) = call {
            args.push((key.into(), Node::atom(call)));
        }
    }
    layout::attribute("function", &args)
}

fn addon_macro(a: &AddonModel, sources: &[(String, usize, String)]) -> String {
    let tasks = |list: &[TaskModel]| Node::List(list.iter().map(|t| task(t, sources)).collect());
    let mut body = vec![("name".to_owned(), Node::string(&a.object.name))];
    if !a.backup_tasks.is_empty() {
        body.push(("backup_tasks".into(), tasks(&a.backup_tasks)));
    }
    if !a.restore_tasks.is_empty() {
        body.push(("restore_tasks".into(), tasks(&a.restore_tasks)));
    }
    let body = Node::Map {
        head: Some(format!("pub struct {}", a.type_name)),
        fields: body,
        broken: true,
    };
    format!(
        "addon! {{\n    ///{}\n    {}\n}}\n",
        doc(&format!("The Addon `{}`.", a.object.name)),
        body.render(4, 4, "")
    )
}

fn task(t: &TaskModel, sources: &[(String, usize, String)]) -> Node {
    let mut fields = vec![
        ("name".to_owned(), Node::string(&t.name)),
        ("function".to_owned(), Node::atom(&t.function)),
    ];
    if let Some(driver) = &t.driver {
        fields.push(("driver".into(), Node::atom(driver)));
    }
    if let Some(executor) = &t.executor {
        fields.push(("executor".into(), Node::atom(executor)));
    }
    if t.singleton {
        fields.push(("singleton".into(), Node::atom("true")));
    }
    match &t.parameters {
        Parameters::Derived => {}
        Parameters::Overrides(entries) => {
            fields.push(("overrides".into(), params(entries)));
        }
        Parameters::Explicit(entries) => {
            fields.push(("parameters".into(), params(entries)));
        }
    }
    if !t.volumes.is_empty() {
        let volumes = t
            .volumes
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut fields = vec![("name".to_owned(), Node::string(&v.name))];
                if !v.usage.is_empty() {
                    fields.push(("usage".into(), Node::string(&v.usage)));
                }
                let source = match &v.source {
                    None => None,
                    Some(SourceModel::Helper(helper, None)) => Some(format!("{helper}()")),
                    Some(SourceModel::Helper(helper, Some(arg))) => {
                        Some(format!("{helper}({})", proc_macro2::Literal::string(arg)))
                    }
                    Some(SourceModel::Other(_)) => sources
                        .iter()
                        .find(|(path, index, _)| *path == t.path && *index == i)
                        .map(|(_, _, call)| call.clone()),
                };
                if let Some(source) = source {
                    fields.push(("source".into(), Node::atom(source)));
                }
                Node::Map {
                    head: None,
                    fields,
                    broken: false,
                }
            })
            .collect();
        fields.push(("volume_template".into(), Node::List(volumes)));
    }
    if !t.mounts.is_empty() {
        let mounts = t
            .mounts
            .iter()
            .map(|m| {
                let mut fields = vec![
                    ("name".to_owned(), Node::string(&m.name)),
                    ("mount_path".to_owned(), Node::string(&m.mount_path)),
                ];
                if let Some(read_only) = m.read_only {
                    fields.push(("read_only".into(), Node::atom(read_only.to_string())));
                }
                for (key, value) in [
                    ("sub_path", &m.sub_path),
                    ("sub_path_expr", &m.sub_path_expr),
                    ("mount_propagation", &m.mount_propagation),
                    ("recursive_read_only", &m.recursive_read_only),
                ] {
                    if let Some(value) = value {
                        fields.push((key.into(), Node::string(value)));
                    }
                }
                Node::Map {
                    head: None,
                    fields,
                    broken: false,
                }
            })
            .collect();
        fields.push(("volume_mounts".into(), Node::List(mounts)));
    }
    Node::Map {
        head: None,
        fields,
        broken: true,
    }
}

fn params(entries: &[ParamEntry]) -> Node {
    let value = |v: &FieldValue| match v {
        FieldValue::Str(s) => Node::string(s),
        FieldValue::Bool(b) => Node::atom(b.to_string()),
    };
    Node::List(
        entries
            .iter()
            .map(|entry| match entry {
                ParamEntry::Derived { var, changes } if changes.is_empty() => Node::atom(var),
                ParamEntry::Derived { var, changes } => Node::Map {
                    head: Some(var.clone()),
                    fields: changes
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), value(v)))
                        .collect(),
                    broken: false,
                },
                ParamEntry::Full(fields) => Node::Map {
                    head: None,
                    fields: fields
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), value(v)))
                        .collect(),
                    broken: false,
                },
            })
            .collect(),
    )
}

fn catalog(functions: &[FunctionModel], addons: &[AddonModel], options: &Options) -> String {
    let name = &options.catalog_name;
    let version = &options.catalog_version;
    let used: Vec<&str> = addons
        .iter()
        .flat_map(|a| a.backup_tasks.iter().chain(&a.restore_tasks))
        .map(|t| t.function.as_str())
        .collect();
    let mut adds: Vec<TokenStream> = addons
        .iter()
        .map(|a| {
            let ty = format_ident!("{}", a.type_name);
            quote!(add_plugin_addon::<#ty>())
        })
        .collect();
    adds.extend(
        functions
            .iter()
            .filter(|f| !used.contains(&f.type_name.as_str()))
            .map(|f| {
                let ty = format_ident!("{}", f.type_name);
                quote!(add_plugin_function::<#ty>())
            }),
    );
    let cfg = options
        .manifest_feature
        .as_ref()
        .map(|feature| quote!(#[cfg(feature = #feature)]));
    let body = if adds.is_empty() {
        quote!(function_core::catalog::Catalog::new(
            CHART_NAME,
            CHART_VERSION
        ))
    } else {
        quote! {
            let mut catalog = function_core::catalog::Catalog::new(CHART_NAME, CHART_VERSION);
            catalog #(.#adds)*;
            catalog
        }
    };
    let items: Vec<syn::Item> = vec![
        syn::parse_quote! {
            /// The catalog's name: the Helm chart's.
            pub const CHART_NAME: &str = #name;
        },
        syn::parse_quote! {
            /// The catalog's version: the Helm chart's.
            pub const CHART_VERSION: &str = #version;
        },
        syn::parse_quote! {
            /// Every Function and Addon imported: the Addons with the Functions their tasks run,
            /// and the Functions no task runs.
            #cfg
            pub fn catalog() -> function_core::catalog::Catalog {
                #body
            }
        },
    ];
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i == 2 {
            out.push('\n');
        }
        out.push_str(&unparse(item));
    }
    out
}
