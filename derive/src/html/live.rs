//! The live form of a template: the same writes as the plain form, plus the boundaries of its
//! slots reported to the `rook::Writer`, and one `rook::live::Template` (static parts with the
//! slot markers in them) per block, so that a live view's render yields its tree of slots.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::Ident;

use super::model::{Part, Place};

/// Frames a slot between tags in the live markup, so the client finds it.
const OPEN: &str = "<!--[-->";
const CLOSE: &str = "<!--]-->";

/// The live form of one template.
pub(super) struct Live {
    /// The `static` templates of every block.
    pub(super) templates: TokenStream,
    /// The code that writes the template and reports its slots.
    pub(super) body: TokenStream,
}

impl Live {
    pub(super) fn expand(parts: &[Part], w: &Ident) -> Live {
        let mut blocks = Blocks { w, defs: Vec::new() };
        let body = blocks.block(parts);
        Live { templates: blocks.defs.into_iter().collect(), body }
    }
}

struct Blocks<'a> {
    w: &'a Ident,
    defs: Vec<TokenStream>,
}

impl Blocks<'_> {
    /// A block's code: `tree_begin`, statics and slots in turn, `tree_end`; its template is
    /// added to `defs`.
    fn block(&mut self, parts: &[Part]) -> TokenStream {
        self.block_framed(parts, false)
    }

    /// `framed`: the block is a `@for` body, and each item is framed by markers of its own, so
    /// that the client can move, insert and remove items.
    fn block_framed(&mut self, parts: &[Part], framed: bool) -> TokenStream {
        let reserved = self.defs.len();
        let name = format_ident!("__ROOK_LIVE_{}", reserved, span = Span::mixed_site());
        // Reserve the index so nested blocks get their own.
        self.defs.push(TokenStream::new());
        let w = self.w;
        let mut statics = vec![String::new()];
        let mut slots = Vec::new();
        for part in parts {
            let (anchored, code) = match part {
                Part::Static(text) => {
                    statics.last_mut().expect("one static per slot, plus one").push_str(text);
                    continue;
                }
                Part::Check(_) => continue,
                Part::Value { expr, place: Place::Text } => (true, quote!(::rook::Render::render(&#expr, #w);)),
                Part::Value { expr, place: Place::Escapable } => (false, quote!(::rook::Render::render(&#expr, #w);)),
                Part::Value { expr, place } => {
                    let context = match place {
                        Place::Script => quote!(Script),
                        _ => quote!(Style),
                    };
                    (false, quote!(#w.value_in(::rook::HtmlContext::#context, &#expr);))
                }
                Part::Attribute { opening, url, expr } => (false, quote!(#w.attribute(#opening, #url, &#expr);)),
                Part::If { branches, otherwise } => {
                    let arms = branches
                        .iter()
                        .map(|(condition, body)| {
                            let body = self.block(body);
                            quote!(if #condition { #body })
                        })
                        .collect::<Vec<_>>();
                    let otherwise = otherwise.as_ref().map(|body| {
                        let body = self.block(body);
                        quote!(else { #body })
                    });
                    (true, quote!(#(#arms)else* #otherwise))
                }
                Part::Match { scrutinee, arms } => {
                    let arms = arms
                        .iter()
                        .map(|(pat, body)| {
                            let body = self.block(body);
                            quote!(#pat => { #body })
                        })
                        .collect::<Vec<_>>();
                    (true, quote!(match #scrutinee { #(#arms)* }))
                }
                Part::For { pat, iter, key, body } => {
                    let index = self.defs.len();
                    let body = self.block_framed(body, true);
                    let template = format_ident!("__ROOK_LIVE_{}", index, span = Span::mixed_site());
                    let key = key.as_ref().map(|key| quote!(#w.live_item_key(&#key);));
                    let code = quote! {
                        #w.live_list_begin(&#template);
                        for #pat in #iter {
                            #key
                            #body
                        }
                        #w.live_list_end();
                    };
                    statics.last_mut().expect("one static per slot, plus one").push_str(OPEN);
                    slots.push(code);
                    statics.push(CLOSE.to_owned());
                    continue;
                }
                Part::Component { path, fields, children } => {
                    let fields = fields.iter().map(|(name, value)| quote!(#name: #value));
                    let children = children.as_ref().map(|body| {
                        let body = self.block(body);
                        quote!(children: ::rook::Children(|#w: &mut ::rook::Writer| { #body }),)
                    });
                    (true, quote!(::rook::Render::render(&#path { #(#fields,)* #children }, #w);))
                }
            };
            if anchored {
                statics.last_mut().expect("one static per slot, plus one").push_str(OPEN);
            }
            slots.push(quote! {
                #w.live_slot_begin();
                #code
                #w.live_slot_end();
            });
            statics.push(if anchored { CLOSE.to_owned() } else { String::new() });
        }
        if framed {
            statics[0].insert_str(0, OPEN);
            statics.last_mut().expect("one static per slot, plus one").push_str(CLOSE);
        }
        let mut code = Vec::new();
        for (index, text) in statics.iter().enumerate() {
            if !text.is_empty() {
                code.push(quote!(#w.static_part(#name.statics()[#index]);));
            }
            if let Some(slot) = slots.get(index) {
                code.push(slot.clone());
            }
        }
        self.defs[reserved] = quote! {
            static #name: ::rook::live::Template = ::rook::live::Template::new(&[#(#statics),*]);
        };
        quote! {
            #w.live_tree_begin(&#name);
            #(#code)*
            #w.live_tree_end();
        }
    }
}
