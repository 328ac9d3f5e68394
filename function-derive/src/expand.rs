//! Code generation: one `impl PluginFunction` that writes down the model and calls into
//! `function_core::plugin` (and `function_core::__private::ArgType`, so that a field type that
//! is no `ArgValue` is one error). No helper items, absolute paths only, and no macro call but one:
//! `function_core::with_api!` around `extend_spec`, when there are container settings (it
//! exists only with function-core's `api` feature, which the derive cannot see).

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, LitStr};

use function_rules::DefaultOp;

use crate::attr::{Default, Element, Field, Input};

pub(crate) fn expand(input: &Input) -> TokenStream {
    let ident = &input.ident;
    let krate = &input.krate;
    let plugin = quote!(#krate::plugin);
    // The generated code's own bindings are mixed-site (user expressions cannot see them) and
    // `__`-prefixed: hygiene does not stop an item in scope (a user's `const args`) from turning
    // a binding into a pattern, so the names must not be ones a user would pick.
    let args = Ident::new("__args", Span::mixed_site());

    let info = function_info(input, &plugin);
    let specs = input.fields.iter().map(|f| arg_spec(f, krate));
    let extend_spec = extend_spec(input);
    // `ParsedArgs::take` and `ArgsWriter::push` through `ArgType::<T>`: a type that is no
    // `ArgValue` is reported once, by `ArgSpec::new::<T>` (function-core's
    // `plugin/arg_type.rs`). At the field's type, as that call.
    let takes = input.fields.iter().enumerate().map(|(index, field)| {
        let ident = &field.ident;
        let arg_type = arg_type(field, krate);
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote_spanned!(field.ty.span()=> #ident: #arg_type.take(#args, #index)?)
    });
    let pushes = input.fields.iter().map(|field| {
        let ident = &field.ident;
        let arg_type = arg_type(field, krate);
        let flag = &field.flag;
        quote_spanned!(field.ty.span()=> #arg_type.push(#args, #flag, &self.#ident);)
    });
    // With no fields the `args` parameters are unused.
    let args_param = if input.fields.is_empty() {
        quote!(_)
    } else {
        quote!(#args)
    };

    quote! {
        #[automatically_derived]
        impl #plugin::PluginFunction for #ident {
            const FUNCTION: #plugin::FunctionInfo = #info;

            fn arg_specs() -> ::std::vec::Vec<#plugin::ArgSpec> {
                ::std::vec::Vec::from([#(#specs),*])
            }

            fn from_parsed(
                #args_param: &mut #plugin::ParsedArgs,
            ) -> ::core::result::Result<Self, #plugin::ArgsError> {
                ::core::result::Result::Ok(Self { #(#takes),* })
            }

            fn write_args(&self, #args_param: &mut #plugin::ArgsWriter) {
                #(#pushes)*
            }

            #extend_spec
        }
    }
}

/// `extend_spec`, setting the container settings, inside `with_api!`: it only exists (and the
/// settings' Kubernetes types only resolve) when function-core has the `api` feature.
fn extend_spec(input: &Input) -> TokenStream {
    let values = &input.spec_values;
    if values.is_empty() {
        return TokenStream::new();
    }
    let krate = &input.krate;
    let spec = Ident::new("__spec", Span::mixed_site());
    let value = Ident::new("__value", Span::mixed_site());
    let core_v1 = quote!(#krate::k8s::api::core::v1);
    // Each value as `let value: T = <expr>;` at the expression's span: a wrong type is an error
    // on the expression.
    let typed = |expr: &syn::Expr, ty: TokenStream| {
        quote_spanned! {expr.span()=>
            { let #value: #ty = #expr; #value }
        }
    };
    let mut sets = Vec::new();
    for (field, expr, item) in [
        (
            quote!(ports),
            &values.ports,
            quote!(#core_v1::ContainerPort),
        ),
        (
            quote!(volume_mounts),
            &values.volume_mounts,
            quote!(#core_v1::VolumeMount),
        ),
        (
            quote!(volume_devices),
            &values.volume_devices,
            quote!(#core_v1::VolumeDevice),
        ),
    ] {
        if let Some(expr) = expr {
            let value = typed(expr, quote!(::std::vec::Vec<#item>));
            sets.push(quote!(#spec.#field = #value;));
        }
    }
    if let Some(expr) = &values.runtime_settings {
        let value = typed(expr, quote!(#krate::api::ContainerRuntimeSettings));
        sets.push(quote!(#spec.runtime_settings = ::core::option::Option::Some(#value);));
    }
    quote! {
        #krate::with_api! {
            fn extend_spec(#spec: &mut #krate::api::FunctionSpec) {
                #(#sets)*
            }
        }
    }
}

/// `FunctionInfo::new(name, image).subcommand(..)...`
/// The `impl` emitted beside the errors when the input has any (clap_derive's dummies,
/// thiserror's fallback): the trait is implemented, so a `function: Type` of an `addon!` or a
/// `Catalog::add_plugin_function::<Type>()` adds no "is not a plugin Function" to the errors.
/// Its bodies are never run: the crate does not compile. None for a generic type, whose
/// parameters are already an error and would make the `impl` one more.
pub(crate) fn fallback(input: &syn::DeriveInput, model: &Input) -> TokenStream {
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return TokenStream::new();
    }
    let ident = &input.ident;
    let plugin = {
        let krate = &model.krate;
        quote!(#krate::plugin)
    };
    quote! {
        #[automatically_derived]
        #[allow(unreachable_code)]
        impl #plugin::PluginFunction for #ident {
            const FUNCTION: #plugin::FunctionInfo = #plugin::FunctionInfo::new("", "");

            fn arg_specs() -> ::std::vec::Vec<#plugin::ArgSpec> {
                ::core::unreachable!()
            }

            fn from_parsed(
                _: &mut #plugin::ParsedArgs,
            ) -> ::core::result::Result<Self, #plugin::ArgsError> {
                ::core::unreachable!()
            }

            fn write_args(&self, _: &mut #plugin::ArgsWriter) {
                ::core::unreachable!()
            }
        }
    }
}

fn function_info(input: &Input, plugin: &TokenStream) -> TokenStream {
    // Only reached without errors, so name and image are set; an empty text never reaches the
    // output anyway.
    let empty = || LitStr::new("", proc_macro2::Span::call_site());
    let name = input.name.clone().unwrap_or_else(empty);
    let image = input.image.clone().unwrap_or_else(empty);
    let mut info = quote!(#plugin::FunctionInfo::new(#name, #image));
    if let Some(subcommand) = &input.subcommand {
        info.extend(quote!(.subcommand(#subcommand)));
    }
    if !input.available_versions.is_empty() {
        let versions = &input.available_versions;
        info.extend(quote!(.available_versions(&[#(#versions),*])));
    }
    if let Some(command) = &input.command {
        info.extend(quote!(.command(&[#(#command),*])));
    }
    if let Some(dir) = &input.working_dir {
        info.extend(quote!(.working_dir(#dir)));
    }
    if !input.about.is_empty() {
        let about = &input.about;
        info.extend(quote!(.about(#about)));
    }
    if !input.verbatim.is_empty() {
        let args = input.verbatim.iter().map(|(before, text)| {
            let before = proc_macro2::Literal::usize_unsuffixed(*before);
            quote!(#plugin::VerbatimArg::new(#before, #text))
        });
        info.extend(quote!(.verbatim_args(&[#(#args),*])));
    }
    info
}

/// `ArgType::<T>::new()`, at the field's type: the field's type for the uses that must not
/// repeat the error of a type that is no `ArgValue`.
fn arg_type(field: &Field, krate: &syn::Path) -> TokenStream {
    let ty = &field.ty;
    quote_spanned!(ty.span()=> #krate::__private::ArgType::<#ty>::new())
}

/// `ArgSpec::new::<T>(field, flag, var).usage(..).builtin()...`, inside
/// `ArgType::<T>::new().default_value(.., { .. })` when there is a default.
fn arg_spec(field: &Field, krate: &syn::Path) -> TokenStream {
    let plugin = quote!(#krate::plugin);
    let ty = &field.ty;
    let name = &field.name;
    let flag = &field.flag;
    let var = &field.var;
    // Spanned at the type, so that a type that is no `ArgValue` is reported on the field's type:
    // the one use of the type that requires `T: ArgValue` (the others go through `ArgType`).
    let mut spec = quote_spanned!(ty.span()=> #plugin::ArgSpec::new::<#ty>(#name, #flag, #var));
    if let Some(default) = &field.default {
        // The typed default: `let value: T = <default>;` at the default's span, so a default of
        // the wrong type is an error on the default itself (clap's `default_value_t`).
        let value = Ident::new("__value", Span::mixed_site());
        let binding = match default {
            Default::Str(lit) | Default::Builtin(lit) => quote_spanned! {lit.span()=>
                let #value: #ty = ::core::convert::From::from(#lit);
            },
            Default::Expr(expr) => quote_spanned! {expr.span()=>
                let #value: #ty = #expr;
            },
            // `[T; N]` first, so that an item of the wrong type is reported on the item.
            Default::List {
                span,
                item,
                elements,
            } => {
                let items = Ident::new("__items", Span::mixed_site());
                let len = proc_macro2::Literal::usize_unsuffixed(elements.len());
                let elements = elements.iter().map(|element| match element {
                    Element::Str(lit) => {
                        quote_spanned!(lit.span()=> ::core::convert::From::from(#lit))
                    }
                    Element::Expr(expr) => quote!(#expr),
                });
                quote_spanned! {*span=>
                    let #items: [#item; #len] = [#(#elements),*];
                    let #value: #ty = ::std::vec::Vec::from(#items);
                }
            }
        };
        let arg_type = arg_type(field, krate);
        spec = quote!(#arg_type.default_value(#spec, { #binding #value }));
    }
    if !field.usage.is_empty() {
        let usage = &field.usage;
        spec.extend(quote!(.usage(#usage)));
    }
    if field.builtin.is_some() {
        spec.extend(quote!(.builtin()));
    }
    if let Some(key) = &field.helm_value {
        spec.extend(quote!(.helm_value(#key)));
    }
    if field.required.is_some() {
        spec.extend(quote!(.required()));
    }
    let op = match field.op {
        DefaultOp::ColonEquals => None,
        DefaultOp::Equals => Some(quote!(Equals)),
        DefaultOp::ColonDash => Some(quote!(ColonDash)),
        DefaultOp::Bare => Some(quote!(Bare)),
    };
    if let Some(op) = op {
        spec.extend(quote!(.op(#krate::rules::DefaultOp::#op)));
    }
    spec
}
