//! [`Block`] → code: the table as data (`info`), the matcher (`matcher`), and the glue that
//! binds parameters and runs a handler (`invoke`), put together as a `static` block of the
//! runtime's contract (`rook::__private`, see the runtime's `router/generated.rs`).

mod doc;
mod info;
mod invoke;
mod matcher;
mod names;

use proc_macro2::TokenStream;
use quote::quote;

use super::model::{Block, Entry, Segment};
use names::{local, rook};

pub(super) fn expand(block: &Block) -> TokenStream {
    let rook = rook();
    let mut items = Vec::new();
    let mut arms = Vec::new();
    let mut auth_arms = Vec::new();
    let mut includes = Vec::new();
    let mut responses = Vec::new();
    for (i, entry) in block.entries.iter().enumerate() {
        match entry {
            Entry::Route(route) => {
                items.push(info::route_info(i, route));
                responses.push(doc::response_arm(i, route));
                arms.push(invoke::invoke_arm(i, route));
                auth_arms.extend(invoke::authenticate_arm(i, route));
            }
            Entry::Include(inc) => {
                let prefix = inc.prefix.iter().map(Segment::pattern);
                items.push(quote!(#rook::Item::Include(&[#(#prefix),*])));
                let routes = &inc.routes;
                includes.push(quote!(#routes));
            }
        }
    }
    let responses = doc::responses_fn(&responses);
    let candidates = matcher::candidates(block);
    let refuses = matcher::refuses(block);
    let defer = local("__defer");
    let (t, segs, at, out, req, payload, item) = (
        local("__t"),
        local("__segs"),
        local("__at"),
        local("__out"),
        local("__req"),
        local("__payload"),
        local("__item"),
    );
    let (p0, kept, auth) = (local("__p0"), local("__kept"), local("__auth"));
    let n_items = items.len();
    quote! {{
        #[allow(unused_variables, unused_mut, unused_braces, unreachable_code, unconditional_panic, clippy::all)]
        fn __rook_candidates<'t, 'p, const __S: bool, const __C: bool>(
            #t: &'t #rook::Table,
            #p0: #rook::Cursor<'p>,
            #at: #rook::Origin,
            #out: &mut #rook::Candidates<'t>,
            mut #kept: ::core::option::Option<&mut #rook::Captured<'p>>,
        ) {
            #candidates
        }
        #[allow(unused_variables, unused_mut, unused_braces, unreachable_code, clippy::all)]
        fn __rook_invoke(
            #item: usize,
            #segs: &[&str],
            #auth: &mut #rook::Authenticated,
            #req: &#rook::HttpRequest,
            #payload: &mut #rook::Payload,
            #defer: bool,
        ) -> ::core::result::Result<#rook::Handler, ::core::option::Option<#rook::ParamError>> {
            match #item {
                #(#arms)*
                _ => ::core::result::Result::Err(::core::option::Option::None),
            }
        }
        #[allow(unused_variables, clippy::all)]
        fn __rook_authenticate(#item: usize, #req: &#rook::HttpRequest) -> #rook::AuthFuture {
            match #item {
                #(#auth_arms)*
                _ => #rook::no_authentication(),
            }
        }
        #[allow(unused_variables, clippy::all)]
        fn __rook_refuses(#item: usize, #segs: &[&str]) -> ::core::option::Option<usize> {
            #refuses
        }
        #responses
        static __ROOK_ITEMS: [#rook::Item; #n_items] = [#(#items),*];
        static __ROOK_BLOCK: #rook::Block = #rook::Block {
            items: &__ROOK_ITEMS,
            candidates: __rook_candidates::<true, false>,
            capturing: __rook_candidates::<true, true>,
            decoded: __rook_candidates::<false, true>,
            invoke: __rook_invoke,
            refuses: __rook_refuses,
            authenticate: __rook_authenticate,
        };
        #rook::Routes::__new(&__ROOK_BLOCK, ::std::vec![#(#includes),*])
    }}
}
