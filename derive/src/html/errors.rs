//! The error accumulator of one `html!` expansion: every rule reports into it, so a template's
//! mistakes are all shown at once, each at its tokens.

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

/// Collects the errors of one expansion.
#[derive(Default)]
pub(super) struct Errors(RefCell<Vec<syn::Error>>);

impl Errors {
    /// Records an error at `at`'s tokens; the expansion goes on to find the others.
    pub(super) fn at(&self, at: impl quote::ToTokens, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(at, message));
    }

    /// Records an error.
    pub(super) fn push(&self, error: syn::Error) {
        self.0.borrow_mut().push(error);
    }

    /// The errors as `compile_error!`s followed by a value of the expansion's type (an empty
    /// page, or `()` for the writer form), so the rest of the user's code still type-checks;
    /// `None` when there are none.
    pub(super) fn into_compile_errors(self, writer_form: bool) -> Option<TokenStream> {
        let errors = self.0.into_inner();
        if errors.is_empty() {
            return None;
        }
        let errors = errors.iter().map(syn::Error::to_compile_error);
        let value = if writer_form { quote!(()) } else { quote!(::rook::Html::new()) };
        Some(quote!({ #(#errors)* #value }))
    }
}
