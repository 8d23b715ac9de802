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

/// The errors, in source order, and a value of the right type so the rest of the crate still
/// type-checks.
fn failed(mut errors: Vec<syn::Error>) -> TokenStream {
    if proc_macro::is_available() {
        errors.sort_by_key(|e| {
            let at = e.span().unwrap();
            (at.line(), at.column())
        });
    }
    let errors = errors.iter().map(syn::Error::to_compile_error);
    quote!({ #(#errors)* ::rook::Routes::empty() })
}
