//! `route!`: parse → check → expand, every error collected in one [`Ctxt`](ctxt::Ctxt).

mod check;
mod ctxt;
mod expand;
mod free_names;
pub(crate) mod links;
mod model;
mod naming;
mod parse;

use proc_macro2::TokenStream;

pub(crate) fn route(input: TokenStream) -> TokenStream {
    let cx = ctxt::Ctxt::default();
    match parse::parse(input, &cx) {
        Ok(block) => {
            check::check(&block, &cx);
            naming::unique_names(&block, &cx);
            cx.into_compile_errors().unwrap_or_else(|| expand::expand(&block))
        }
        Err(hard) => {
            cx.error(hard);
            cx.into_compile_errors().expect("an error was just recorded")
        }
    }
}
