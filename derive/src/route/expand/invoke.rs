//! Binding and handler glue: for each route, the arm of the generated `invoke` function that
//! binds its parameters and starts its handler.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Type;

use super::info::source_tokens;
use super::names::{local, rook};
use crate::route::model::{Arity, Param, Route, Segment, Source, type_text};

/// `let name: T = ...;` for every path capture of `route`, read from `__segs`, the segments
/// its captures took (in pattern order, a slurpy's last), as the matcher cut them out after
/// checking them with `FromSegment::accepts`: each is read with `FromSegment::from_accepted`,
/// which need not check again (a typed capture is parsed once); `fail` runs when a value does
/// not parse.
pub(super) fn bind_path(route: &Route, fail: &TokenStream) -> TokenStream {
    let segs = local("__segs");
    let rook = rook();
    let parse = |ty: &Type, at: usize| {
        quote!(match #segs.get(#at).and_then(|s| <#ty as #rook::FromSegment>::from_accepted(s)) {
            ::core::option::Option::Some(v) => v,
            ::core::option::Option::None => #fail,
        })
    };
    let captures = route.segments.iter().filter(|seg| !matches!(seg, Segment::Literal(_)));
    let binds = captures.enumerate().map(|(k, seg)| match seg {
        Segment::Literal(_) => unreachable!("literals take no segment"),
        Segment::Capture { name, ty } => {
            let value = parse(ty, k);
            quote!(let #name: #ty = #value;)
        }
        Segment::Optional { name, ty, default: None } => {
            let value = parse(ty, k);
            quote!(let #name: ::core::option::Option<#ty> =
                if #segs.len() > #k { ::core::option::Option::Some(#value) } else { ::core::option::Option::None };)
        }
        Segment::Optional { name, ty, default: Some(default) } => {
            // A match arm, not `else { #default }`: there a default written `{ 7 }` would earn
            // an `unused_braces` warning.
            let value = parse(ty, k);
            quote!(let #name: #ty = match #segs.len() > #k { true => #value, false => #default };)
        }
        Segment::Slurpy { name, ty, .. } => quote! {
            let #name: ::std::vec::Vec<#ty> = match #segs.get(#k..).unwrap_or_default().iter()
                .map(|s| <#ty as #rook::FromSegment>::from_accepted(s))
                .collect::<::core::option::Option<::std::vec::Vec<#ty>>>()
            {
                ::core::option::Option::Some(v) => v,
                ::core::option::Option::None => #fail,
            };
        },
    });
    quote!(#(#binds)*)
}

/// The arm of the generated `authenticate` function for a route with an `auth` parameter: it
/// starts `T::authenticate` for the request.
pub(super) fn authenticate_arm(item: usize, route: &Route) -> Option<TokenStream> {
    let rook = rook();
    let req = local("__req");
    let (_, ty) = route.auth()?;
    Some(quote!(#item => #rook::authenticate::<#ty>(#req),))
}

pub(super) fn invoke_arm(item: usize, route: &Route) -> TokenStream {
    let rook = rook();
    let (req, payload, value, auth) = (local("__req"), local("__payload"), local("__value"), local("__auth"));
    let path = bind_path(route, &quote!(return ::core::result::Result::Err(::core::option::Option::None)));
    let mut named = Vec::new();
    let mut extractors = Vec::new();
    let mut sessions = Vec::new();
    let jar = local("__jar");
    // The value the route's `Authenticate` type produced while the route was chosen (docs/auth.md),
    // bound before the query, header and cookie parameters.
    if let Some((name, ty)) = route.auth() {
        named.push(quote! {
            let #name: #ty = match #auth.take::<#ty>() {
                ::core::option::Option::Some(v) => v,
                ::core::option::Option::None => return ::core::result::Result::Err(::core::option::Option::None),
            };
        });
    }
    for p in &route.params {
        match p {
            Param::Auth { .. } => {}
            // Spanned on the type, so that one that is not a session value is reported there.
            Param::Session { name, ty } => sessions.push(quote::quote_spanned! {syn::spanned::Spanned::span(ty)=>
                let #name: #ty = <#ty as #rook::FromSession>::from_session(&#jar);
            }),
            Param::Named { source, key, name, ty, arity, default, .. } => {
                let source_t = source_tokens(*source);
                let values = match source {
                    Source::Query => quote!(#rook::query_values(#req.query_string(), #key)),
                    Source::Header => {
                        let lower = key.to_ascii_lowercase();
                        quote!(#rook::header_values(#req, #lower))
                    }
                    Source::Cookie => quote!(#rook::cookie_values(#req, #key).into_iter()),
                };
                let (f, bound_ty) = match arity {
                    Arity::Required => (quote!(one), quote!(#ty)),
                    Arity::Optional if default.is_some() => (quote!(optional), quote!(#ty)),
                    Arity::Optional => (quote!(optional), quote!(::core::option::Option<#ty>)),
                    Arity::Many => (quote!(many), quote!(::std::vec::Vec<#ty>)),
                };
                let bound = quote!(#rook::#f::<#ty>(#source_t, #key, #values).map_err(::core::option::Option::Some)?);
                let bound = match default {
                    Some(d) => quote!(match #bound {
                        ::core::option::Option::Some(v) => v,
                        ::core::option::Option::None => #d,
                    }),
                    None => bound,
                };
                named.push(quote!(let #name: #bound_ty = #bound;));
            }
            Param::Extractor { name, ty } => {
                // A `Data<T>` whose `T` is not in the app data is named in the log (issue 24).
                let failed = match crate::route::model::unwrap_type(ty, "Data") {
                    Some(inner) => {
                        let (described, param) = (route.describe(), format!("{name}: {}", type_text(ty)));
                        let inner = type_text(inner);
                        quote!(#rook::missing_data(e, #described, #param, #inner))
                    }
                    None => quote!(#rook::HttpResponse::from_error(e)),
                };
                extractors.push(quote! {
                    let #name: #ty = match <#ty as #rook::FromRequest>::from_request(&#req, &mut #payload).await {
                        ::core::result::Result::Ok(v) => v,
                        ::core::result::Result::Err(e) => return #failed,
                    };
                })
            }
        }
    }
    let handler = &route.handler;
    // Spanned on the handler, so that a value that is not a `Responder` is reported there.
    let reply = quote::quote_spanned! {syn::spanned::Spanned::span(handler)=>
        (&mut #rook::Reply(::core::option::Option::Some(#value))).rook_respond(&#req)
    };
    let replies = quote!(use #rook::{JsonReply as _, RespondWith as _, TextReply as _, UnitReply as _};);
    // A handler with nothing to await runs right away, while its route is chosen (still under
    // the router's catch_unwind): no boxed future, one allocation less per request. `?` and
    // `return` keep the async block, whose meaning for them docs/routing.md describes.
    if extractors.is_empty()
        && sessions.is_empty()
        && !mentions(quote!(#handler), &["await", "return"])
        && !has_question_mark(quote!(#handler))
    {
        // With `__defer` (the route has middleware), the same closure runs later, in a future.
        let (run, defer) = (local("__run"), local("__defer"));
        return quote! {
            #item => {
                #path
                #(#named)*
                let #run = move |#req: &#rook::HttpRequest| {
                    #replies
                    let #value = #handler;
                    #reply
                };
                if #defer {
                    let #req = #req.clone();
                    return ::core::result::Result::Ok(#rook::Handler::Future(::std::boxed::Box::pin(async move { #run(&#req) })));
                }
                ::core::result::Result::Ok(#rook::Handler::Ready(#run(#req)))
            }
        };
    }
    let mut run = quote! {
        #(#sessions)*
        #(#extractors)*
        #replies
        let #value = #handler;
        #reply
    };
    if !sessions.is_empty() {
        // The session is loaded before the extractors run, and written back once the handler's
        // future is done: its parameters (the session values among them) are dropped by then,
        // whether the handler moved them or not.
        let res = local("__res");
        run = quote! {
            let #jar = match #rook::SessionJar::open(&#req).await {
                ::core::result::Result::Ok(jar) => jar,
                ::core::result::Result::Err(res) => return res,
            };
            let #res = {
                let #jar = #jar.clone();
                let #req = #req.clone();
                async move { #run }
            }
            .await;
            #jar.commit(&#req, #res).await
        };
    }
    quote! {
        #item => {
            #path
            #(#named)*
            let #req = #req.clone();
            let mut #payload = #payload.take();
            ::core::result::Result::Ok(#rook::Handler::Future(::std::boxed::Box::pin(async move { #run })))
        }
    }
}

/// Whether `tokens` contain one of the keywords `words`, at any depth.
fn mentions(tokens: TokenStream, words: &[&str]) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => words.iter().any(|w| i == w),
        proc_macro2::TokenTree::Group(g) => mentions(g.stream(), words),
        _ => false,
    })
}

/// Whether `tokens` contain a `?` operator, at any depth.
fn has_question_mark(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Punct(p) => p.as_char() == '?',
        proc_macro2::TokenTree::Group(g) => has_question_mark(g.stream()),
        _ => false,
    })
}
