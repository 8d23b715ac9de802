//! For each route, the function that gives `Routes::openapi()` the schemas of its values and
//! bodies (`RouteInfo::doc`). Types are probed by autoref specialisation, so that a value type
//! without a `SegmentSchema` or a body type without `JsonSchema` still compiles.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Ident, Type};

use super::names::{local, rook};
use crate::route::model::{Arity, Param, Route, Segment, is_string, unwrap_type};

pub(super) fn route_doc(item: usize, route: &Route) -> TokenStream {
    let rook = rook();
    let generator = Ident::new("__generator", Span::mixed_site());
    let schema = |ty: &Type| quote!((&&#rook::Probe::<#ty>::new()).segment_schema());
    let segments = route.segments.iter().map(|seg| match seg {
        Segment::Literal(_) => quote!(::core::option::Option::None),
        Segment::Capture { ty, .. } | Segment::Optional { ty, .. } | Segment::Slurpy { ty, .. } => {
            let s = schema(ty);
            quote!(::core::option::Option::Some(#s))
        }
    });
    let params = route.params.iter().filter_map(|p| match p {
        Param::Named { ty, .. } => Some(schema(ty)),
        Param::Extractor { .. } | Param::Auth { .. } | Param::Session { .. } => None,
    });
    let mut bodies = Vec::new();
    let mut websocket = false;
    let mut live = false;
    for p in &route.params {
        let Param::Extractor { ty, .. } = p else { continue };
        websocket |= last_ident(ty).is_some_and(|i| i == "WebSocket");
        live |= last_ident(ty).is_some_and(|i| i == "Live");
        let (inner, optional, handled, form) = if let Some(t) = unwrap_type(ty, "Body") {
            (t, false, false, false)
        } else if let Some(t) = unwrap_type(ty, "Option").and_then(|o| unwrap_type(o, "Body")) {
            (t, true, false, false)
        } else if let Some(t) = result_ok(ty).and_then(|o| unwrap_type(o, "Body")) {
            (t, false, true, false)
        } else if let Some(t) = unwrap_type(ty, "Form") {
            // `Form<T>` hands a body that does not fit to the handler, which answers it itself.
            (t, false, true, true)
        } else {
            continue;
        };
        let text = is_string(inner);
        bodies.push(quote!(#rook::BodyDoc {
            schema: (&&#rook::Probe::<#inner>::new()).body_schema(#generator),
            optional: #optional,
            text: #text,
            handled: #handled,
            form: #form,
        }));
    }
    // One `(scheme name, security scheme)` per `auth` parameter, named after its type.
    let auth = route.params.iter().filter_map(|p| match p {
        Param::Auth { ty, .. } => {
            let name = crate::route::model::type_text(ty);
            Some(quote!((::std::string::String::from(#name), <#ty as #rook::Authenticate>::security_scheme())))
        }
        _ => None,
    });
    let handler = &route.handler;
    let static_files = mentions(quote!(#handler), &["static_dir", "static_file", "StaticFiles"]);
    let responses = responses_fn_name();
    quote!({
        #[allow(unused_imports, unused_variables, clippy::all)]
        fn __rook_doc(#generator: &mut #rook::SchemaGenerator) -> #rook::RouteDoc {
            use #rook::{BodyFallback as _, SegmentFallback as _, ViaJsonSchema as _, ViaSegmentSchema as _};
            #rook::RouteDoc {
                response: #responses(#item, #generator),
                segments: ::std::vec![#(#segments),*],
                params: ::std::vec![#(#params),*],
                bodies: ::std::vec![#(#bodies),*],
                websocket: #websocket,
                live: #live,
                static_files: #static_files,
                auth: ::std::vec![#(#auth),*],
            }
        }
        #rook::DocFn(__rook_doc)
    })
}

/// The fn beside `invoke` that gives each route's `RouteDoc::response` (it is not nested in the
/// table's `static`, where a handler that names a local of the enclosing fn would earn a second,
/// misleading error).
fn responses_fn_name() -> Ident {
    Ident::new("__rook_responses", Span::call_site())
}

/// `fn __rook_responses(item, generator) -> ResponseDoc`, with one `arms` entry per route.
pub(super) fn responses_fn(arms: &[TokenStream]) -> TokenStream {
    let rook = rook();
    let (name, item, generator) = (responses_fn_name(), local("__item"), local("__generator"));
    quote! {
        #[allow(unused_imports, unused_variables, unused_mut, unused_braces, unreachable_code, clippy::all)]
        fn #name(#item: usize, #generator: &mut #rook::SchemaGenerator) -> #rook::ResponseDoc {
            use #rook::{ResponseFallback as _, ViaResponseSchema as _};
            match #item {
                #(#arms)*
                _ => ::core::default::Default::default(),
            }
        }
    }
}

/// What the type of route `item`'s handler value says about its answer (`RouteDoc::response`):
/// the arm of [`responses_fn`].
///
/// The type is learnt without running the handler: a closure that is never called takes the
/// route's bound values, with the types `invoke` binds them with, and evaluates the handler in
/// an `async` block, as `invoke` does (so `.await` gives the future's output). `observe` ties
/// the value's type to a `Probe` outside the closure, whose method autoref specialisation picks
/// once the closure is type-checked: `ResponseSchema`'s when the type has one, the generic
/// answer otherwise. A handler that mentions `return` answers what it returns too: generic,
/// without a probe.
pub(super) fn response_arm(item: usize, route: &Route) -> TokenStream {
    let rook = rook();
    let generator = local("__generator");
    let (probe, seen, value) = (local("__probe"), local("__seen"), local("__value"));
    let mut bound = Vec::new();
    for seg in &route.segments {
        match seg {
            Segment::Literal(_) => {}
            Segment::Capture { name, ty } | Segment::Optional { name, ty, default: Some(_) } => {
                bound.push(quote!(#name: #ty));
            }
            Segment::Optional { name, ty, default: None } => bound.push(quote!(#name: ::core::option::Option<#ty>)),
            Segment::Slurpy { name, ty, .. } => bound.push(quote!(#name: ::std::vec::Vec<#ty>)),
        }
    }
    for p in &route.params {
        match p {
            Param::Named { name, ty, arity, default, .. } => bound.push(match (arity, default) {
                (Arity::Required, _) | (Arity::Optional, Some(_)) => quote!(#name: #ty),
                (Arity::Optional, None) => quote!(#name: ::core::option::Option<#ty>),
                (Arity::Many, _) => quote!(#name: ::std::vec::Vec<#ty>),
            }),
            Param::Extractor { name, ty } | Param::Auth { name, ty, .. } | Param::Session { name, ty } => {
                bound.push(quote!(#name: #ty))
            }
        }
    }
    let handler = &route.handler;
    if mentions(quote!(#handler), &["return"]) {
        // A `return` answers a response of its own, which the value's type does not say.
        return quote!(#item => ::core::default::Default::default(),);
    }
    quote!(#item => {
        let #probe = #rook::Probe::new();
        let #seen = &#probe;
        let _ = move |#(#bound),*| async move {
            let #value = #handler;
            #rook::observe(#seen, #value)
        };
        (&&#probe).response_doc(#generator)
    })
}

fn last_ident(ty: &Type) -> Option<&Ident> {
    let Type::Path(p) = ty else { return None };
    p.path.segments.last().map(|s| &s.ident)
}

/// `T` of `Result<T, E>`.
fn result_ok(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first() {
        Some(syn::GenericArgument::Type(inner)) => Some(inner),
        _ => None,
    }
}

/// Whether `tokens` name one of `words`, at any depth.
fn mentions(tokens: TokenStream, words: &[&str]) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => words.iter().any(|w| i == w),
        proc_macro2::TokenTree::Group(g) => mentions(g.stream(), words),
        _ => false,
    })
}
