//! The table as data: a `RouteInfo` per route, as `Routes::list()` shows it.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

use super::names::rook;
use crate::route::model::{Arity, Param, Route, Segment, Source, tokens_text, type_text, unwrap_type};

pub(super) fn route_info(item: usize, route: &Route) -> TokenStream {
    let rook = rook();
    let methods = methods(route);
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
        Param::Extractor { .. } | Param::Auth { .. } | Param::Session { .. } => None,
    });
    let guarded = route.guard.is_some();
    let auth = match route.auth() {
        Some((name, ty)) => {
            let (name, ty) = (name.to_string(), type_text(ty));
            quote!(::core::option::Option::Some(#rook::AuthInfo { name: #name, ty: #ty }))
        }
        None => quote!(::core::option::Option::None),
    };
    let name = route_name(route);
    let sessions = route.params.iter().any(|p| matches!(p, Param::Session { .. }));
    let data = data_needs(route);
    let doc = super::doc::route_doc(item, route);
    quote!(#rook::Item::Route(#rook::RouteInfo {
        name: #name,
        methods: #methods,
        pattern: #pattern,
        segments: &[#(#segments),*],
        params: &[#(#params),*],
        guarded: #guarded,
        auth: #auth,
        sessions: #sessions,
        data: &[#(#data),*],
        doc: #doc,
    }))
}

/// A `DataInfo` per `Data<T>` parameter: its text, `T`, and a test for it in app data.
fn data_needs(route: &Route) -> Vec<TokenStream> {
    let rook = rook();
    route
        .params
        .iter()
        .filter_map(|p| match p {
            Param::Extractor { name, ty } => {
                let inner = unwrap_type(ty, "Data")?;
                let (param, inner) = (format!("{name}: {}", type_text(ty)), type_text(inner));
                let described = route.describe();
                Some(quote!(#rook::DataInfo {
                    route: #described,
                    param: #param,
                    ty: #inner,
                    present: |ext: &#rook::Extensions| ext.contains::<#ty>(),
                }))
            }
            _ => None,
        })
        .collect()
}

/// The route's name as `RouteInfo::name` holds it: `Some("product")` or `None`.
fn route_name(route: &Route) -> TokenStream {
    match &route.name {
        Some(name) => {
            let name = name.to_string();
            let name = name.strip_prefix("r#").unwrap_or(&name);
            quote!(::core::option::Option::Some(#name))
        }
        None => quote!(::core::option::Option::None),
    }
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

pub(super) fn source_tokens(source: Source) -> TokenStream {
    let rook = rook();
    match source {
        Source::Query => quote!(#rook::Source::Query),
        Source::Header => quote!(#rook::Source::Header),
        Source::Cookie => quote!(#rook::Source::Cookie),
    }
}

/// The route's method set by name: `Methods::GET.union(Methods::POST)`, or `Methods::ANY`.
fn methods(route: &Route) -> TokenStream {
    let rook = rook();
    let mut names = route.methods.iter().map(|m| Ident::new(&m.to_string().to_uppercase(), m.span()));
    let first = names.next().expect("a route has a method");
    quote!(#rook::Methods::#first #(.union(#rook::Methods::#names))*)
}
