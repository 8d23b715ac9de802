//! The error accumulator of one `route!` expansion (serde_derive's `Ctxt`): every stage
//! reports into it, so the user sees all the errors at once.

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

/// Collects the errors of one expansion.
#[derive(Default)]
pub(super) struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    /// Records an error; the expansion goes on, to find the others.
    pub(super) fn error(&self, err: syn::Error) {
        self.errors.borrow_mut().push(err);
    }

    /// The collected errors as `compile_error!`s in source order, with a value of the right type
    /// so the rest of the user's crate still type-checks; `None` when there are none.
    pub(super) fn into_compile_errors(self) -> Option<TokenStream> {
        let mut errors = self.errors.into_inner();
        if errors.is_empty() {
            return None;
        }
        if proc_macro::is_available() {
            errors.sort_by_key(|e| {
                let at = e.span().unwrap();
                (at.line(), at.column())
            });
        }
        let errors = errors.iter().map(syn::Error::to_compile_error);
        Some(quote!({ #(#errors)* ::rook::__private::Routes::empty() }))
    }
}
