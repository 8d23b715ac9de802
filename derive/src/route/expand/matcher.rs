//! The decision procedure: the generated `candidates` function, which pushes every route whose
//! path pattern matches the segments (a `match` on the segment count, then on literals position
//! by position, then typed checks), and the `refuses` function that names, for `ROOK_TRACE`, the
//! segment a route's capture refused.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Type;

use super::invoke::bind_path;
use super::names::{local, rook};
use crate::route::model::{Block, Entry, Route, Segment, is_string, tokens_text};

/// One element of a pattern as the matcher walks it.
enum Elem<'a> {
    Literal(String),
    /// A capture, or a present optional capture (`optional`).
    Typed { ty: &'a Type, optional: bool },
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
    /// SPEC §4 specificity of the covered segments, as the runtime's `kinds` word.
    fn kinds(&self) -> TokenStream {
        let rook = rook();
        let kinds = self.elems.iter().map(|e| match e {
            Elem::Literal(_) => quote!(#rook::Kind::Literal),
            Elem::Typed { optional: false, .. } => quote!(#rook::Kind::Capture),
            Elem::Typed { optional: true, .. } => quote!(#rook::Kind::Optional),
        });
        quote!(const { #rook::kinds(&[#(#kinds),*]) })
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
                        Segment::Capture { ty, .. } => Elem::Typed { ty, optional: false },
                        Segment::Optional { ty, .. } => Elem::Typed { ty, optional: true },
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

pub(super) fn candidates(block: &Block) -> TokenStream {
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
            Elem::Typed { ty, .. } => {
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
    let rook = rook();
    for (_, ty, group) in &typed {
        let child = node(group, depth + 1);
        out.extend(quote! {
            if !#segs[#depth].is_empty() && <#ty as #rook::FromSegment>::accepts(#segs[#depth]) { #child }
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
    let rook = rook();
    let label = syn::Lifetime::new("'__rook_leaf", Span::mixed_site());
    let fail = quote!(break #label);
    let mut checks = TokenStream::new();
    if let Some(Segment::Slurpy { ty, .. }) = route.segments.last()
        && !is_string(ty)
    {
        checks.extend(quote! {
            if !#segs[#cov..].iter().all(|s| <#ty as #rook::FromSegment>::accepts(s)) { #fail; }
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

/// The body of the generated `refuses(item, segs)`: for each route whose literals fit `segs`
/// (and whose length fits), the index of the first segment one of its captures refuses.
pub(super) fn refuses(block: &Block) -> TokenStream {
    let rook = rook();
    let (segs, item) = (local("__segs"), local("__item"));
    let arms = block.entries.iter().enumerate().filter_map(|(i, entry)| {
        let Entry::Route(route) = entry else { return None };
        let (req, opt) = (route.required(), route.optional());
        let fits_len = if route.slurpy() { quote!(#segs.len() >= #req) } else { quote!((#req..=#req + #opt).contains(&#segs.len())) };
        let mut literals = Vec::new();
        let mut typed = Vec::new();
        for (k, seg) in route.segments.iter().enumerate() {
            match seg {
                Segment::Literal(lit) => {
                    let text = lit.value();
                    literals.push(quote!(#segs.get(#k).is_none_or(|s| *s == #text)));
                }
                Segment::Capture { ty, .. } | Segment::Optional { ty, .. } => typed.push(quote! {
                    if #segs.get(#k).is_some_and(|s| #rook::refuses::<#ty>(s)) { return ::core::option::Option::Some(#k); }
                }),
                Segment::Slurpy { ty, .. } => typed.push(quote! {
                    if let ::core::option::Option::Some(at) = #segs.iter().skip(#k).position(|s| !<#ty as #rook::FromSegment>::accepts(s)) {
                        return ::core::option::Option::Some(#k + at);
                    }
                }),
            }
        }
        Some(quote! {
            #i => {
                if !(#fits_len #(&& #literals)*) { return ::core::option::Option::None; }
                #(#typed)*
                ::core::option::Option::None
            }
        })
    });
    quote! {
        match #item {
            #(#arms)*
            _ => ::core::option::Option::None,
        }
    }
}
