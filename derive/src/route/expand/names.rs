//! Names in the generated code: the path to the runtime's contract, and locals kept out of
//! the user's reach.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;

/// `::rook::__private`: every runtime item the generated code names.
pub(super) fn rook() -> TokenStream {
    quote!(::rook::__private)
}

/// A local of the generated code; `mixed_site` keeps it out of reach of the user's expressions.
pub(super) fn local(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}
