//! The route table as the macro sees it: what `parse` builds, `check` judges and `expand`
//! turns into code. Every item keeps the tokens it came from, for error spans.
// Syntax trees, built once per expansion: boxing their larger variants would buy nothing. (Spans
// grew with proc-macro2's `span-locations`, which rstml turns on for `html!`.)
#![allow(clippy::large_enum_variant)]

use std::fmt::Display;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::{Expr, Ident, LitStr, Type};

/// A `route!` block: routes and includes in declaration order.
pub(super) struct Block {
    pub entries: Vec<Entry>,
}

pub(super) enum Entry {
    Route(Route),
    Include(Include),
}

/// `include "a" / "b" => expr`.
pub(super) struct Include {
    /// `name:` before `include` (docs/routing.md): the link builder that prefixes the included links.
    pub name: Option<Ident>,
    pub keyword: Ident,
    pub prefix: Vec<Segment>,
    pub routes: Expr,
}

pub(super) struct Route {
    /// `name:` before the route (docs/routing.md): its link builder and OpenAPI `operationId`.
    pub name: Option<Ident>,
    /// The method names as written (`any` included); `check` refuses unknown ones.
    pub methods: Vec<Ident>,
    /// The first and last tokens of the methods and path (`get | post "a" / id: u32`), for
    /// errors about the whole route.
    pub head: (Span, Span),
    /// Empty for `/`.
    pub segments: Vec<Segment>,
    pub params: Vec<Param>,
    pub guard: Option<Expr>,
    pub handler: Expr,
}

pub(super) enum Segment {
    Literal(LitStr),
    Capture {
        name: Ident,
        ty: Type,
    },
    /// `name: Option<T>` (`default: None`, `ty` is `T`) or `name: T = default`.
    Optional {
        name: Ident,
        ty: Type,
        default: Option<Expr>,
    },
    /// `..name` or `..name: Vec<T>`; `ty` is the element type (`String` when untyped).
    Slurpy {
        name: Ident,
        ty: Type,
        dots: Span,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    Query,
    Header,
    Cookie,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Arity {
    Required,
    Optional,
    Many,
}

pub(super) enum Param {
    /// A query, header or cookie parameter.
    Named {
        source: Source,
        /// The key / header name / cookie name as sent (header names as written, not lowercased).
        key: String,
        key_span: Span,
        name: Ident,
        /// The value type: `T` of `Option<T>` and `Vec<T>`.
        ty: Type,
        arity: Arity,
        default: Option<Expr>,
    },
    /// Any actix-web `FromRequest` extractor.
    Extractor { name: Ident, ty: Type },
    /// `auth name: Type` with `Type: rook::Authenticate` (docs/auth.md); `keyword` is `auth`.
    Auth { keyword: Ident, name: Ident, ty: Type },
    /// `session name: Type` with `Type: rook::FromSession` (docs/sessions.md): `Session<T>`, `Flash`,
    /// `CsrfToken`; the route then writes the session back as its response leaves.
    Session { name: Ident, ty: Type },
}

impl Param {
    pub(super) fn name(&self) -> &Ident {
        match self {
            Param::Named { name, .. }
            | Param::Extractor { name, .. }
            | Param::Auth { name, .. }
            | Param::Session { name, .. } => name,
        }
    }
}

impl Segment {
    pub(super) fn name(&self) -> Option<&Ident> {
        match self {
            Segment::Literal(_) => None,
            Segment::Capture { name, .. } | Segment::Optional { name, .. } | Segment::Slurpy { name, .. } => Some(name),
        }
    }

    /// The segment as shown in `Routes::list()`: `products`, `{id: u32}`, `{page: u32 = 1}`.
    pub(super) fn pattern(&self) -> String {
        match self {
            Segment::Literal(lit) => lit.value(),
            Segment::Capture { name, ty } => format!("{{{name}: {}}}", type_text(ty)),
            Segment::Optional { name, ty, default: None } => format!("{{{name}: Option<{}>}}", type_text(ty)),
            Segment::Optional { name, ty, default: Some(d) } => {
                format!("{{{name}: {} = {}}}", type_text(ty), tokens_text(d))
            }
            Segment::Slurpy { name, ty, .. } => format!("{{..{name}: Vec<{}>}}", type_text(ty)),
        }
    }
}

impl Route {
    /// The route's `auth` parameter, if any (the first; `check` refuses a second).
    pub(super) fn auth(&self) -> Option<(&Ident, &Type)> {
        self.params.iter().find_map(|p| match p {
            Param::Auth { name, ty, .. } => Some((name, ty)),
            _ => None,
        })
    }

    /// `get | post /form/{id: u32}`: the route as an error message names it.
    pub(super) fn describe(&self) -> String {
        let methods: Vec<String> = self.methods.iter().map(Ident::to_string).collect();
        format!("{} {}", methods.join(" | "), self.pattern())
    }

    /// Segments before the optional run and the slurpy.
    pub(super) fn required(&self) -> usize {
        self.segments.iter().filter(|s| matches!(s, Segment::Literal(_) | Segment::Capture { .. })).count()
    }

    pub(super) fn optional(&self) -> usize {
        self.segments.iter().filter(|s| matches!(s, Segment::Optional { .. })).count()
    }

    pub(super) fn slurpy(&self) -> bool {
        matches!(self.segments.last(), Some(Segment::Slurpy { .. }))
    }

    /// `/catalogue/products/{id: u32}`, `/` for the root.
    pub(super) fn pattern(&self) -> String {
        if self.segments.is_empty() {
            return "/".into();
        }
        self.segments.iter().map(|s| format!("/{}", s.pattern())).collect()
    }
}

/// An error underlining the tokens from `start` to `end`. `Span::join` gives up on stable
/// Rust, but an error built from a token stream spans its first to its last token.
pub(super) fn error_between(start: Span, end: Span, message: impl Display) -> syn::Error {
    let tokens: TokenStream =
        [Ident::new("start", start), Ident::new("end", end)].into_iter().map(TokenTree::from).collect();
    syn::Error::new_spanned(tokens, message)
}

/// `T` when `ty` is `Wrapper<T>` (by the last path segment's name, as the rules (docs/) defines it).
pub(super) fn unwrap_type<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != wrapper || p.qself.is_some() {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first() {
        Some(syn::GenericArgument::Type(inner)) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// A type as a person writes it: `Option<Vec<u32>>`, not `Option < Vec < u32 > >`. The
/// element type of an untyped slurpy is spelled `::std::string::String` for hygiene, but the
/// user wrote nothing, so it shows as `String`.
pub(super) fn type_text(ty: &Type) -> String {
    let text = tokens_text(ty);
    if text == "::std::string::String" { "String".into() } else { text }
}

/// Whether `ty` is the standard `String`, which accepts every segment.
pub(super) fn is_string(ty: &Type) -> bool {
    matches!(type_text(ty).as_str(), "String" | "std::string::String")
}

pub(super) fn tokens_text(t: &impl ToTokens) -> String {
    let raw = t.to_token_stream().to_string();
    // `to_string` spaces every token; undo it where a person would not write a space. `! ` is a
    // `!x` or a `name!(..)` (`!=` prints as one token); `- ` at the start is a sign.
    let mut out = raw.replace(":: ", "::").replace(" ::", "::");
    out = out.replace(" < ", "<").replace("< ", "<").replace(" >", ">").replace(" ,", ",");
    out = out.replace("& ", "&").replace("( ", "(").replace(" )", ")");
    out = out.replace(" ! (", "!(").replace("! ", "!");
    if let Some(number) = out.strip_prefix("- ") {
        out = format!("-{number}");
    }
    out
}
