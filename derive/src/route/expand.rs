//! [`Block`] → code: a static description of the table, a generated matcher that finds the
//! candidate routes of a path (a `match` on the segment count, then on literals position by
//! position, then typed checks), and the glue that binds parameters and runs a handler.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Ident, Type};

use super::check::method_bits;
use super::model::{Arity, Block, Entry, Param, Route, Segment, Source, is_string, tokens_text, type_text};

/// A local of the generated code; `mixed_site` keeps it out of reach of the user's expressions.
fn local(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

pub fn expand(block: &Block) -> TokenStream {
    let rook = quote!(::rook::__private);
    let mut items = Vec::new();
    let mut arms = Vec::new();
    let mut includes = Vec::new();
    for (i, entry) in block.entries.iter().enumerate() {
        match entry {
            Entry::Route(route) => {
                items.push(route_info(route));
                arms.push(invoke_arm(i, route));
            }
            Entry::Include(inc) => {
                let prefix = inc.prefix.iter().map(Segment::pattern);
                items.push(quote!(#rook::Item::Include(&[#(#prefix),*])));
                let routes = &inc.routes;
                includes.push(quote!(#routes));
            }
        }
    }
    let candidates = candidates(block);
    let (t, segs, at, out, req, payload, item) =
        (local("__t"), local("__segs"), local("__at"), local("__out"), local("__req"), local("__payload"), local("__item"));
    quote! {{
        #[allow(unused_variables, unused_mut, unused_braces, unreachable_code, clippy::all)]
        fn __rook_candidates<'t>(
            #t: &'t #rook::Table,
            #segs: &[&str],
            #at: #rook::Origin,
            #out: &mut #rook::Candidates<'t>,
        ) {
            #candidates
        }
        #[allow(unused_variables, unused_mut, unused_braces, unreachable_code, clippy::all)]
        fn __rook_invoke(
            #item: usize,
            #segs: &[&str],
            #req: &#rook::HttpRequest,
            #payload: &mut #rook::Payload,
        ) -> ::core::result::Result<#rook::Handler, ::core::option::Option<::rook::params::ParamError>> {
            match #item {
                #(#arms)*
                _ => ::core::result::Result::Err(::core::option::Option::None),
            }
        }
        static __ROOK_BLOCK: #rook::Block = #rook::Block {
            items: &[#(#items),*],
            candidates: __rook_candidates,
            invoke: __rook_invoke,
        };
        ::rook::Routes::__new(&__ROOK_BLOCK, ::std::vec![#(#includes),*])
    }}
}

fn route_info(route: &Route) -> TokenStream {
    let rook = quote!(::rook::__private);
    let bits = method_bits(route, &mut Vec::new());
    let pattern = route.pattern();
    let segments = route.segments.iter().map(|seg| match seg {
        Segment::Literal(lit) => quote!(#rook::SegmentInfo::Literal(#lit)),
        Segment::Capture { name, ty } => {
            let (name, ty) = (name.to_string(), type_text(ty));
            quote!(#rook::SegmentInfo::Capture { name: #name, ty: #ty })
        }
        Segment::Optional { name, ty, default } => {
            let (name, ty) = (name.to_string(), type_text(ty));
            let default = default_text(default.as_ref());
            quote!(#rook::SegmentInfo::Optional { name: #name, ty: #ty, default: #default })
        }
        Segment::Slurpy { name, ty, .. } => {
            let (name, ty) = (name.to_string(), type_text(ty));
            quote!(#rook::SegmentInfo::Slurpy { name: #name, ty: #ty })
        }
    });
    let params = route.params.iter().filter_map(|p| match p {
        Param::Named { source, key, name, ty, arity, default, .. } => {
            let source = source_tokens(*source);
            let arity = match arity {
                Arity::Required => quote!(Required),
                Arity::Optional => quote!(Optional),
                Arity::Many => quote!(Many),
            };
            let (name, ty) = (name.to_string(), type_text(ty));
            let default = default_text(default.as_ref());
            Some(quote!(#rook::ParamInfo {
                source: #source, key: #key, name: #name, ty: #ty, arity: #rook::Arity::#arity, default: #default,
            }))
        }
        Param::Extractor { .. } => None,
    });
    let guarded = route.guard.is_some();
    quote!(#rook::Item::Route(#rook::RouteInfo {
        methods: ::rook::Methods::from_bits(#bits),
        pattern: #pattern,
        segments: &[#(#segments),*],
        params: &[#(#params),*],
        guarded: #guarded,
    }))
}

/// A default as `list()` shows it: `Some("1")`, or `None`.
fn default_text(default: Option<&syn::Expr>) -> TokenStream {
    match default {
        Some(d) => {
            let d = tokens_text(d);
            quote!(::core::option::Option::Some(#d))
        }
        None => quote!(::core::option::Option::None),
    }
}

fn source_tokens(source: Source) -> TokenStream {
    match source {
        Source::Query => quote!(::rook::__private::Source::Query),
        Source::Header => quote!(::rook::__private::Source::Header),
        Source::Cookie => quote!(::rook::__private::Source::Cookie),
    }
}

/// `let name: T = ...;` for every path capture of `route`, read from `__segs`; `fail` runs
/// when a value does not parse.
fn bind_path(route: &Route, fail: &TokenStream) -> TokenStream {
    let segs = local("__segs");
    let rook = quote!(::rook);
    let parse = |ty: &Type, at: TokenStream| {
        quote!(match <#ty as #rook::FromSegment>::from_segment(#at) {
            ::core::result::Result::Ok(v) => v,
            ::core::result::Result::Err(_) => #fail,
        })
    };
    let binds = route.segments.iter().enumerate().map(|(k, seg)| match seg {
        Segment::Literal(_) => quote!(),
        Segment::Capture { name, ty } => {
            let value = parse(ty, quote!(#segs[#k]));
            quote!(let #name: #ty = #value;)
        }
        Segment::Optional { name, ty, default: None } => {
            let value = parse(ty, quote!(#segs[#k]));
            quote!(let #name: ::core::option::Option<#ty> =
                if #segs.len() > #k { ::core::option::Option::Some(#value) } else { ::core::option::Option::None };)
        }
        Segment::Optional { name, ty, default: Some(default) } => {
            // A match arm, not `else { #default }`: there a default written `{ 7 }` would earn
            // an `unused_braces` warning.
            let value = parse(ty, quote!(#segs[#k]));
            quote!(let #name: #ty = match #segs.len() > #k { true => #value, false => #default };)
        }
        Segment::Slurpy { name, ty, .. } => quote! {
            let #name: ::std::vec::Vec<#ty> = match #segs[#k..].iter()
                .map(|s| <#ty as #rook::FromSegment>::from_segment(s))
                .collect::<::core::result::Result<::std::vec::Vec<#ty>, _>>()
            {
                ::core::result::Result::Ok(v) => v,
                ::core::result::Result::Err(_) => #fail,
            };
        },
    });
    quote!(#(#binds)*)
}

fn invoke_arm(item: usize, route: &Route) -> TokenStream {
    let rook = quote!(::rook::__private);
    let (req, payload, value) = (local("__req"), local("__payload"), local("__value"));
    let path = bind_path(route, &quote!(return ::core::result::Result::Err(::core::option::Option::None)));
    let mut named = Vec::new();
    let mut extractors = Vec::new();
    for p in &route.params {
        match p {
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
            Param::Extractor { name, ty } => extractors.push(quote! {
                let #name: #ty = match <#ty as #rook::FromRequest>::from_request(&#req, &mut #payload).await {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(e) => return #rook::HttpResponse::from_error(e),
                };
            }),
        }
    }
    let handler = &route.handler;
    // Spanned on the handler, so that a value that is not a `Responder` is reported there.
    let reply = quote::quote_spanned! {syn::spanned::Spanned::span(handler)=>
        (&mut #rook::Reply(::core::option::Option::Some(#value))).__rook_reply(&#req)
    };
    let replies = quote!(use #rook::{ResponderReply as _, TextReply as _, UnitReply as _};);
    // A handler with nothing to await runs right away, while its route is chosen (still under
    // the router's catch_unwind): no boxed future, one allocation less per request. `?` and
    // `return` keep the async block, whose meaning for them the SPEC describes.
    if extractors.is_empty() && !mentions(quote!(#handler), &["await", "return"]) && !has_question_mark(quote!(#handler)) {
        return quote! {
            #item => {
                #path
                #(#named)*
                #replies
                let #value = #handler;
                ::core::result::Result::Ok(#rook::Handler::Ready(#reply))
            }
        };
    }
    quote! {
        #item => {
            #path
            #(#named)*
            let #req = #req.clone();
            let mut #payload = #payload.take();
            ::core::result::Result::Ok(#rook::Handler::Future(::std::boxed::Box::pin(async move {
                #(#extractors)*
                #replies
                let #value = #handler;
                #reply
            })))
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

/// One element of a pattern as the matcher walks it.
enum Elem<'a> {
    Literal(String),
    /// A capture (kind 1) or a present optional capture (kind 2).
    Typed(&'a Type, u128),
}

/// What a leaf of the matcher does once its elements matched.
enum Action<'a> {
    Route(&'a Route),
    Include { nth: usize },
}

struct Leaf<'a> {
    item: usize,
    elems: Vec<Elem<'a>>,
    action: Action<'a>,
}

impl Leaf<'_> {
    /// SPEC §4 specificity: two bits per covered segment, first segment in the top bits.
    fn kinds(&self) -> u128 {
        self.elems.iter().enumerate().fold(0, |acc, (k, e)| {
            let kind = match e {
                Elem::Literal(_) => 0,
                Elem::Typed(_, kind) => *kind,
            };
            acc | kind << (126 - 2 * k)
        })
    }
}

/// The leaves that apply to paths of `len` segments (`None`: longer than any fixed pattern).
fn leaves(block: &Block, len: Option<usize>) -> Vec<Leaf<'_>> {
    let mut out = Vec::new();
    let mut nth = 0;
    for (item, entry) in block.entries.iter().enumerate() {
        match entry {
            Entry::Route(route) => {
                let (req, opt) = (route.required(), route.optional());
                let cov = match len {
                    Some(n) if !route.slurpy() && (req..=req + opt).contains(&n) => n,
                    Some(n) if route.slurpy() && n >= req => req,
                    None if route.slurpy() => req,
                    _ => continue,
                };
                let elems = route.segments[..cov]
                    .iter()
                    .map(|seg| match seg {
                        Segment::Literal(lit) => Elem::Literal(lit.value()),
                        Segment::Capture { ty, .. } => Elem::Typed(ty, 1),
                        Segment::Optional { ty, .. } => Elem::Typed(ty, 2),
                        Segment::Slurpy { .. } => unreachable!("a slurpy is not covered"),
                    })
                    .collect();
                out.push(Leaf { item, elems, action: Action::Route(route) });
            }
            Entry::Include(inc) => {
                nth += 1;
                if len.is_some_and(|n| n < inc.prefix.len()) {
                    continue;
                }
                let elems = inc.prefix.iter().map(|s| Elem::Literal(s.pattern())).collect();
                out.push(Leaf { item, elems, action: Action::Include { nth: nth - 1 } });
            }
        }
    }
    out
}

fn candidates(block: &Block) -> TokenStream {
    let longest = block
        .entries
        .iter()
        .map(|e| match e {
            Entry::Route(r) if r.slurpy() => r.required(),
            Entry::Route(r) => r.required() + r.optional(),
            Entry::Include(i) => i.prefix.len(),
        })
        .max()
        .unwrap_or(0);
    let segs = local("__segs");
    let arms = (0..=longest).map(|n| {
        let body = node(&leaves(block, Some(n)).iter().collect::<Vec<_>>(), 0);
        quote!(#n => { #body })
    });
    let rest = node(&leaves(block, None).iter().collect::<Vec<_>>(), 0);
    quote! {
        match #segs.len() {
            #(#arms)*
            _ => { #rest }
        }
    }
}

/// The matcher for `leaves`, whose first `depth` elements have matched.
fn node(leaves: &[&Leaf], depth: usize) -> TokenStream {
    let segs = local("__segs");
    let mut out = TokenStream::new();
    for leaf in leaves.iter().filter(|l| l.elems.len() == depth) {
        out.extend(leaf_code(leaf));
    }
    let deeper: Vec<&Leaf> = leaves.iter().copied().filter(|l| l.elems.len() > depth).collect();
    let mut literals: Vec<(&str, Vec<&Leaf>)> = Vec::new();
    let mut typed: Vec<(String, &Type, Vec<&Leaf>)> = Vec::new();
    for leaf in deeper {
        match &leaf.elems[depth] {
            Elem::Literal(text) => match literals.iter_mut().find(|(t, _)| t == text) {
                Some((_, group)) => group.push(leaf),
                None => literals.push((text, vec![leaf])),
            },
            Elem::Typed(ty, _) => {
                let key = tokens_text(ty);
                match typed.iter_mut().find(|(k, _, _)| *k == key) {
                    Some((_, _, group)) => group.push(leaf),
                    None => typed.push((key, ty, vec![leaf])),
                }
            }
        }
    }
    if !literals.is_empty() {
        let arms = literals.iter().map(|(text, group)| {
            let child = node(group, depth + 1);
            quote!(#text => { #child })
        });
        out.extend(quote!(match #segs[#depth] { #(#arms)* _ => {} }));
    }
    for (_, ty, group) in &typed {
        let child = node(group, depth + 1);
        out.extend(quote! {
            if !#segs[#depth].is_empty() && <#ty as ::rook::FromSegment>::accepts(#segs[#depth]) { #child }
        });
    }
    out
}

fn leaf_code(leaf: &Leaf) -> TokenStream {
    let (t, segs, at, out) = (local("__t"), local("__segs"), local("__at"), local("__out"));
    let item = leaf.item;
    let cov = leaf.elems.len();
    let route = match leaf.action {
        Action::Include { nth } => return quote!(#out.include(#t, #at, #item, #nth, #segs);),
        Action::Route(route) => route,
    };
    let kinds = leaf.kinds();
    let label = syn::Lifetime::new("'__rook_leaf", Span::mixed_site());
    let fail = quote!(break #label);
    let mut checks = TokenStream::new();
    if let Some(Segment::Slurpy { ty, .. }) = route.segments.last()
        && !is_string(ty)
    {
        checks.extend(quote! {
            if !#segs[#cov..].iter().all(|s| <#ty as ::rook::FromSegment>::accepts(s)) { #fail; }
        });
    }
    if let Some(guard) = &route.guard {
        let bind = bind_path(route, &fail);
        checks.extend(quote!(#bind if !(#guard) { #fail; }));
    }
    quote! {
        #label: {
            #checks
            #out.route(#t, #at, #item, #cov, #kinds);
        }
    }
}
