//! Doc comments as text: the `--help` of a Function's command and of its flags.

use syn::{Attribute, Expr, ExprLit, Lit};

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
        let input: syn::DeriveInput = syn::parse_quote! {
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
