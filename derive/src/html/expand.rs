//! The generated code: the template's static parts once, as a `static` array of `&str`, and
//! straight-line code that writes them and the dynamic values into a `rook::Writer`.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;

use super::live;
use super::model::{Part, Place};

/// Expands a lowered template. With `writer`, it writes into that `&mut rook::Writer` and is a
/// `()` expression; without, it is an `Html` expression rendered into a buffer sized by the
/// template's `SizeHint`.
pub(super) fn expand(parts: &[Part], writer: Option<&Ident>) -> TokenStream {
    let mut statics = Vec::new();
    let w = Ident::new("__rook_w", Span::mixed_site());
    let body = parts_code(parts, &w, &mut statics);
    let static_len: usize = statics.iter().map(String::len).sum();
    let count = statics.len();
    let table = quote! {
        static __ROOK_STATICS: [&str; #count] = [#(#statics),*];
    };
    // The live form: the same template with its slots reported to the writer, taken only when
    // a live view renders (one branch per template on a plain render).
    let live = live::Live::expand(parts, &w);
    let (live_templates, live_body) = (live.templates, live.body);
    match writer {
        Some(writer) => quote! {{
            #table
            #live_templates
            let #w: &mut ::rook::Writer = &mut *#writer;
            if #w.is_tracking() {
                #live_body
            } else {
                #body
            }
        }},
        None => quote! {{
            #table
            #live_templates
            static __ROOK_HINT: ::rook::SizeHint = ::rook::SizeHint::new(#static_len);
            let mut __rook_writer = ::rook::Writer::with_capacity(__ROOK_HINT.get());
            if __rook_writer.live_template() {
                let #w: &mut ::rook::Writer = &mut __rook_writer;
                #live_body
            } else {
                {
                    let #w: &mut ::rook::Writer = &mut __rook_writer;
                    #body
                }
                __ROOK_HINT.record(__rook_writer.len());
            }
            __rook_writer.finish()
        }},
    }
}

fn parts_code(parts: &[Part], w: &Ident, statics: &mut Vec<String>) -> TokenStream {
    parts.iter().map(|part| part_code(part, w, statics)).collect()
}

fn part_code(part: &Part, w: &Ident, statics: &mut Vec<String>) -> TokenStream {
    match part {
        Part::Static(text) => {
            let index = push(statics, text);
            quote!(#w.static_part(__ROOK_STATICS[#index]);)
        }
        Part::Value { expr, place: Place::Text | Place::Escapable } => quote!(::rook::Render::render(&#expr, #w);),
        Part::Value { expr, place } => {
            let context = match place {
                Place::Script => quote!(Script),
                _ => quote!(Style),
            };
            quote!(#w.value_in(::rook::HtmlContext::#context, &#expr);)
        }
        Part::Attribute { opening, url, expr } => {
            let index = push(statics, opening);
            quote!(#w.attribute(__ROOK_STATICS[#index], #url, &#expr);)
        }
        Part::If { branches, otherwise } => {
            let arms = branches
                .iter()
                .map(|(condition, body)| {
                    let body = parts_code(body, w, statics);
                    quote!(if #condition { #body })
                })
                .collect::<Vec<_>>();
            let otherwise = otherwise.as_ref().map(|body| {
                let body = parts_code(body, w, statics);
                quote!(else { #body })
            });
            quote!(#(#arms)else* #otherwise)
        }
        Part::For { pat, iter, key, body } => {
            let body = parts_code(body, w, statics);
            // The key matters to live views only; named here (never run) so that a variable
            // bound for it is not reported unused.
            let key = key.as_ref().map(|key| quote!(if false { let _ = &#key; }));
            quote!(for #pat in #iter { #key #body })
        }
        Part::Match { scrutinee, arms } => {
            let arms = arms
                .iter()
                .map(|(pat, body)| {
                    let body = parts_code(body, w, statics);
                    quote!(#pat => { #body })
                })
                .collect::<Vec<_>>();
            quote!(match #scrutinee { #(#arms)* })
        }
        // The variant an event names must exist (a unit or newtype variant: a value).
        Part::Check(expr) => quote!(let _ = #expr;),
        Part::Component { path, fields, children } => {
            let fields = fields.iter().map(|(name, value)| quote!(#name: #value));
            let children = children.as_ref().map(|body| {
                let body = parts_code(body, w, statics);
                quote!(children: ::rook::Children(|#w: &mut ::rook::Writer| { #body }),)
            });
            quote!(::rook::Render::render(&#path { #(#fields,)* #children }, #w);)
        }
    }
}

/// The index of `text` in the static table, added if new.
fn push(statics: &mut Vec<String>, text: &str) -> usize {
    if let Some(index) = statics.iter().position(|known| known == text) {
        return index;
    }
    statics.push(text.to_owned());
    statics.len() - 1
}
