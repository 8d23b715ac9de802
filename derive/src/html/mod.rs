//! `html!`: HTML-like syntax compiled to code that writes a page into one buffer.
//! parse (rstml) → model (static and dynamic parts, with the element rules of `check`) → expand.

mod check;
mod elements;
mod errors;
mod escape;
mod expand;
mod live;
mod model;
mod parse;

use proc_macro2::TokenStream;

/// Expands one `html!` invocation.
pub(crate) fn html(input: TokenStream) -> TokenStream {
    let errors = errors::Errors::default();
    let input = parse::parse(input, &errors);
    let parts = model::lower(&input.nodes, &errors);
    if let Some(compile_errors) = errors.into_compile_errors(input.writer.is_some()) {
        return compile_errors;
    }
    expand::expand(&parts, input.writer.as_ref())
}
