//! `#[rook::main]` and `#[rook::test]`: run an `async fn` on actix-web's runtime, through
//! `rook` alone.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Error, ItemFn};

pub(crate) fn main(args: TokenStream, item: ItemFn) -> syn::Result<TokenStream> {
    // A `Result` from `main`: an error `rook::serve` has printed already exits with 1 without
    // being printed again.
    let returns_result = match &item.sig.output {
        syn::ReturnType::Type(_, ty) => match &**ty {
            syn::Type::Path(path) => path.path.segments.last().is_some_and(|s| s.ident == "Result"),
            _ => false,
        },
        syn::ReturnType::Default => false,
    };
    let out = blocking(args, item, "main", TokenStream::new())?;
    if !returns_result {
        return Ok(out);
    }
    let item: ItemFn = syn::parse2(out)?;
    let ItemFn { attrs, vis, sig, block, .. } = item;
    Ok(quote! {
        #(#attrs)*
        #vis #sig {
            ::rook::__private::exit_if_reported(#block)
        }
    })
}

/// `#[rook::test]`: the same for an `async fn` test.
pub(crate) fn test(args: TokenStream, item: ItemFn) -> syn::Result<TokenStream> {
    blocking(args, item, "test", quote!(#[::core::prelude::v1::test]))
}

/// `item` as a plain fn that runs its body to completion on a new actix-web runtime.
fn blocking(args: TokenStream, item: ItemFn, name: &str, extra: TokenStream) -> syn::Result<TokenStream> {
    if !args.is_empty() {
        return Err(Error::new_spanned(args, format!("`#[rook::{name}]` takes no arguments")));
    }
    if item.sig.asyncness.is_none() {
        return Err(Error::new_spanned(item.sig.fn_token, format!("`#[rook::{name}]` goes on an `async fn`")));
    }
    let ItemFn { attrs, vis, mut sig, block, .. } = item;
    sig.asyncness = None;
    Ok(quote! {
        #extra
        #(#attrs)*
        #vis #sig {
            ::rook::__private::System::new().block_on(async move #block)
        }
    })
}
