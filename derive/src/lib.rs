//! Procedural macros of Rook, re-exported by the `rook` crate: [`route!`] and
//! `#[derive(Segment)]`. See the `rook` crate for their documentation.

use proc_macro::TokenStream;

/// Compiles a route block into a `rook::Routes` value. Documented in the `rook` crate.
#[proc_macro]
pub fn route(input: TokenStream) -> TokenStream {
    let _ = input;
    quote::quote!(compile_error!("route! is being written")).into()
}

/// Derives `rook::FromSegment` for a validated newtype. Documented in the `rook` crate.
#[proc_macro_derive(Segment, attributes(segment))]
pub fn derive_segment(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
}
