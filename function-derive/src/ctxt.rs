//! [`Ctxt`]: collects every error found in the input, so that one compile reports them all
//! (serde_derive's pattern).

use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;

/// The errors found so far.
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
    /// The keys an unknown key was taken for ("did you mean"): a required one is then not
    /// reported missing as well (one mistake, one error).
    suggested: RefCell<Vec<String>>,
}

impl Ctxt {
    /// Records that an unknown key was reported as a likely misspelling of `key`.
    pub(crate) fn suggested(&self, key: &str) {
        self.suggested.borrow_mut().push(key.to_owned());
    }

    /// Whether an unknown key was reported as a likely misspelling of `key`.
    pub(crate) fn was_suggested(&self, key: &str) -> bool {
        self.suggested.borrow().iter().any(|k| k == key)
    }

    /// An error at `span`.
    pub(crate) fn error_at(&self, span: Span, msg: impl Display) {
        self.errors.borrow_mut().push(syn::Error::new(span, msg));
    }

    /// An error spanning the tokens of `tokens` (first to last token).
    pub(crate) fn error_spanned_by(&self, tokens: impl ToTokens, msg: impl Display) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new_spanned(tokens, msg));
    }

    /// The errors and suggestions of `other`, a Ctxt for a part of the input, after these.
    pub(crate) fn append(&self, other: Ctxt) {
        self.errors.borrow_mut().extend(other.errors.into_inner());
        self.suggested
            .borrow_mut()
            .extend(other.suggested.into_inner());
    }

    /// An error syn already built.
    pub(crate) fn syn_error(&self, error: syn::Error) {
        self.errors.borrow_mut().push(error);
    }

    /// `Ok` when nothing went wrong; otherwise all the errors as `compile_error!`s.
    pub(crate) fn check(self) -> Result<(), TokenStream> {
        let mut errors = self.errors.into_inner().into_iter();
        match errors.next() {
            None => Ok(()),
            Some(mut first) => {
                for error in errors {
                    first.combine(error);
                }
                Err(first.to_compile_error())
            }
        }
    }
}

#[cfg(test)]
impl Ctxt {
    /// The messages of the errors found so far, in order.
    pub(crate) fn messages(&self) -> Vec<String> {
        self.errors
            .borrow()
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}
