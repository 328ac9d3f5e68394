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
    /// The keys a reported error already concerns: an unknown key taken for one ("did you
    /// mean"), a value not of the key's form (`name = NAME`). A required one is then not
    /// reported missing as well, nor is a check of its value (one mistake, one error).
    reported: RefCell<Vec<String>>,
}

impl Ctxt {
    /// Records that a reported error concerns `key` (see [`Ctxt::was_key_reported`]).
    pub(crate) fn key_reported(&self, key: &str) {
        self.reported.borrow_mut().push(key.to_owned());
    }

    /// Whether a reported error concerns `key`: an unknown key taken for it, or a value of
    /// the wrong form.
    pub(crate) fn was_key_reported(&self, key: &str) -> bool {
        self.reported.borrow().iter().any(|k| k == key)
    }

    /// The keys reported so far ([`Ctxt::key_reported`]).
    pub(crate) fn keys_reported(&self) -> Vec<String> {
        self.reported.borrow().clone()
    }

    /// The number of errors so far.
    pub(crate) fn error_count(&self) -> usize {
        self.errors.borrow().len()
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

    /// The errors and reported keys of `other`, a Ctxt for a part of the input, after these.
    pub(crate) fn append(&self, other: Ctxt) {
        self.errors.borrow_mut().extend(other.errors.into_inner());
        self.reported
            .borrow_mut()
            .extend(other.reported.into_inner());
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
