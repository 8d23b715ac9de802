//! `route!`: parse → check → expand.

mod check;
mod expand;
mod model;
mod parse;

use proc_macro2::TokenStream;
use quote::quote;

pub fn route(input: TokenStream) -> TokenStream {
    let parsed = match parse::parse(input) {
        Ok(parsed) => parsed,
        Err(e) => return failed(vec![e]),
    };
    let mut errors = parsed.errors;
    check::check(&parsed.block, &mut errors);
    if !errors.is_empty() {
        return failed(errors);
    }
    expand::expand(&parsed.block)
}

/// The errors, and a value of the right type so the rest of the crate still type-checks.
fn failed(errors: Vec<syn::Error>) -> TokenStream {
    let errors = errors.iter().map(syn::Error::to_compile_error);
    quote!({ #(#errors)* ::rook::Routes::empty() })
}
