//! The decision procedure: the generated `candidates` function, which walks the request path's
//! segments one at a time (a runtime `Cursor`: no split of the whole path up front) down a
//! tree of the table's patterns — literals compared in place (a `match` on the first byte,
//! then length and bytes), typed checks for the captures on the segment cut out once — and
//! pushes every route whose path pattern matches, keeping (in its capturing instance) the
//! segments its captures took for binding; and the `refuses` function that names, for
//! `ROOK_TRACE`, the segment a route's capture refused.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Ident, Type};

use super::invoke::bind_path;
use super::names::{local, rook};
use crate::route::model::{Block, Entry, Route, Segment, is_string, tokens_text};

/// One element of a pattern as the matcher walks it.
enum Elem<'a> {
    Literal(String),
    /// A capture, or a present optional capture (`optional`).
    Typed {
        ty: &'a Type,
        optional: bool,
    },
}

/// What a leaf of the matcher does once its elements matched.
enum Action<'a> {
    /// The route, when the path ends here (or, for a slurpy route, whatever follows).
    Route(&'a Route),
    Include {
        nth: usize,
    },
}

/// A route with one of the lengths it matches (each count of present optional captures is a
/// leaf of its own), or the literal prefix of an include.
struct Leaf<'a> {
    item: usize,
    elems: Vec<Elem<'a>>,
    action: Action<'a>,
}

impl Leaf<'_> {
    /// docs/routing.md#choosing-the-route specificity of the covered segments, as the runtime's `kinds` word.
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

/// Every leaf of the block: a route once per length it matches, an include once.
fn leaves(block: &Block) -> Vec<Leaf<'_>> {
    let mut out = Vec::new();
    let mut nth = 0;
    for (item, entry) in block.entries.iter().enumerate() {
        match entry {
            Entry::Route(route) => {
                let (req, opt) = (route.required(), route.optional());
                let lengths = if route.slurpy() { req..=req } else { req..=req + opt };
                for cov in lengths {
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
            }
            Entry::Include(inc) => {
                nth += 1;
                let elems = inc.prefix.iter().map(|s| Elem::Literal(s.pattern())).collect();
                out.push(Leaf { item, elems, action: Action::Include { nth: nth - 1 } });
            }
        }
    }
    out
}

pub(super) fn candidates(block: &Block) -> TokenStream {
    let leaves = leaves(block);
    node(&leaves.iter().collect::<Vec<_>>(), 0)
}

/// The cursor after `depth` segments.
fn cursor(depth: usize) -> Ident {
    local(&format!("__p{depth}"))
}

/// Segment `depth` of the path.
fn segment(depth: usize) -> Ident {
    local(&format!("__s{depth}"))
}

/// The matcher for `leaves`, whose first `depth` elements have matched; the cursor after them
/// is `__p{depth}`.
fn node(leaves: &[&Leaf], depth: usize) -> TokenStream {
    let (here, seg, next) = (cursor(depth), segment(depth), cursor(depth + 1));
    let mut out = TokenStream::new();
    for leaf in leaves.iter().filter(|l| l.elems.len() == depth) {
        out.extend(leaf_code(leaf, depth));
    }
    let deeper: Vec<&Leaf> = leaves.iter().copied().filter(|l| l.elems.len() > depth).collect();
    if deeper.is_empty() {
        return out;
    }
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
        out.extend(literal_match(&literals, depth));
    }
    if typed.is_empty() {
        return out;
    }
    let rook = rook();
    let checks = typed.iter().map(|(_, ty, group)| {
        let child = node(group, depth + 1);
        quote!(if !#seg.is_empty() && <#ty as #rook::FromSegment>::accepts(#seg) { #child })
    });
    out.extend(quote! {
        if let ::core::option::Option::Some((#seg, #next)) = #here.next_in(__S) { #(#checks)* }
    });
    out
}

/// The literals one position of the patterns may hold, compared in place, without looking for
/// the segment's end: a `match` on the segment's first byte, then each literal that starts
/// with it by length and bytes.
fn literal_match(literals: &[(&str, Vec<&Leaf>)], depth: usize) -> TokenStream {
    let (here, next) = (cursor(depth), cursor(depth + 1));
    let check = |text: &str, group: &[&Leaf]| {
        let child = node(group, depth + 1);
        let bytes = syn::LitByteStr::new(text.as_bytes(), Span::call_site());
        // A literal with a `/` or a `%` is never compared in place: the strict cursor refuses a `%`
        // only when it cuts a segment out (see `Cursor`).
        let test = if text.contains(['/', '%']) {
            quote!(#here.literal_cut(#text))
        } else {
            quote!(#here.literal_in(#bytes, __S))
        };
        quote!(if let ::core::option::Option::Some(#next) = #test { #child })
    };
    if literals.len() == 1 {
        return check(literals[0].0, &literals[0].1);
    }
    let mut empty = TokenStream::new();
    let mut by_first: Vec<(u8, TokenStream)> = Vec::new();
    for (text, group) in literals {
        let code = check(text, group);
        match text.as_bytes().first() {
            None => empty.extend(code),
            Some(&b) => match by_first.iter_mut().find(|(f, _)| *f == b) {
                Some((_, same)) => same.extend(code),
                None => by_first.push((b, code)),
            },
        }
    }
    let arms = by_first.iter().map(|(b, code)| {
        let b = syn::LitByte::new(*b, Span::call_site());
        quote!(::core::option::Option::Some(#b) => { #code })
    });
    quote! {
        match #here.peek_in(__S) { #(#arms)* _ => {} }
        #empty
    }
}

fn leaf_code(leaf: &Leaf, depth: usize) -> TokenStream {
    let (t, here, at, out, segs) = (local("__t"), cursor(depth), local("__at"), local("__out"), local("__segs"));
    let (kept, k) = (local("__kept"), local("__k"));
    let item = leaf.item;
    let cov = leaf.elems.len();
    let route = match leaf.action {
        Action::Include { nth } => return quote!(#out.include(#t, #at, #item, #nth, #here, #kept.as_deref_mut());),
        Action::Route(route) => route,
    };
    let kinds = leaf.kinds();
    let rook = rook();
    let label = syn::Lifetime::new("'__rook_leaf", Span::mixed_site());
    let fail = quote!(break #label);
    let mut checks = TokenStream::new();
    let slurpy = matches!(route.segments.last(), Some(Segment::Slurpy { .. }));
    if slurpy {
        // A slurpy takes its segments whole: a `%` among them must send the path to be decoded.
        checks.extend(quote!(if !#here.clean() { #fail; }));
    } else {
        checks.extend(quote!(if !#here.at_end() { #fail; }));
    }
    if let Some(Segment::Slurpy { ty, .. }) = route.segments.last()
        && !is_string(ty)
    {
        checks.extend(quote! {
            if !#here.all(|s| <#ty as #rook::FromSegment>::accepts(s)) { #fail; }
        });
    }
    // The segments the captures took, in pattern order, a slurpy's (all those left) last.
    let typed: Vec<Ident> = leaf
        .elems
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e, Elem::Typed { .. }))
        .map(|(k, _)| segment(k))
        .collect();
    let n = typed.len();
    let taken = if slurpy {
        quote!(#here.segments(&[#(#typed),*]))
    } else {
        quote!({ let __taken: [&str; #n] = [#(#typed),*]; __taken })
    };
    let keep = |taken: TokenStream| quote!(if __C && let ::core::option::Option::Some(#k) = #kept.as_deref_mut() { #k.keep(#t, #at, #item, &#taken[..]); });
    let keeps = match &route.guard {
        // The guard binds the route's values as its handler would, from the segments taken.
        Some(guard) => {
            let bind = bind_path(route, &fail);
            let keep = keep(quote!(#segs));
            quote!(let #segs = #taken; #bind if !(#guard) { #fail; } #keep)
        }
        None if n == 0 && !slurpy => quote!(),
        None => keep(taken),
    };
    quote! {
        #label: {
            #checks
            #keeps
            #out.route(#t, #at, #item, &__ROOK_ITEMS[#item], #cov, #kinds);
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
