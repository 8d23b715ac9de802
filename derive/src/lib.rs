//! Procedural macros of Rook, re-exported by the `rook` crate: `route!` and
//! `#[derive(Segment)]`. Their documentation lives on the re-exports in `rook`.

use proc_macro::TokenStream;

mod route;
mod segment;

/// Compiles a route block into a `rook::Routes` value (see the `rook` crate).
#[proc_macro]
pub fn route(input: TokenStream) -> TokenStream {
    route::route(input.into()).into()
}

/// Derives `rook::FromSegment` for a validated newtype (see the `rook` crate).
#[proc_macro_derive(Segment, attributes(segment))]
pub fn derive_segment(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    segment::derive(input).unwrap_or_else(|e| e.to_compile_error()).into()
}
