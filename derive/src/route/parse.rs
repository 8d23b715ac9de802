//! Tokens → [`Block`]. Hard syntax errors stop the parse; errors that leave the rest readable
//! (a default in the wrong form) are collected so that all of them are reported at once.

use std::cell::RefCell;

use proc_macro2::{Span, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Expr, Ident, LitStr, Token, Type};

use super::model::{Arity, Block, Entry, Include, Param, Route, Segment, Source, unwrap_type};

/// A parsed block and the errors found on the way.
pub struct Parsed {
    pub block: Block,
    pub errors: Vec<syn::Error>,
}

thread_local! {
    /// Soft errors of the parse in progress (syn's `Parse` has no room for them).
    static SOFT: RefCell<Vec<syn::Error>> = const { RefCell::new(Vec::new()) };
}

fn soft(e: syn::Error) {
    SOFT.with(|s| s.borrow_mut().push(e));
}

pub fn parse(tokens: proc_macro2::TokenStream) -> syn::Result<Parsed> {
    SOFT.with(|s| s.borrow_mut().clear());
    let block: Block = syn::parse2(tokens)?;
    let errors = SOFT.with(|s| std::mem::take(&mut *s.borrow_mut()));
    Ok(Parsed { block, errors })
}

impl Parse for Block {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut entries = Vec::new();
        while !input.is_empty() {
            let entry = entry(input)?;
            let braced = matches!(&entry, Entry::Route(r) if matches!(r.handler, Expr::Block(_)))
                || matches!(&entry, Entry::Include(i) if matches!(i.routes, Expr::Block(_)));
            entries.push(entry);
            if input.is_empty() {
                break;
            }
            if input.peek(Token![,]) {
                input.parse::<Token![,]>()?;
            } else if !braced {
                return Err(input.error("expected `,` between routes"));
            }
        }
        Ok(Block { entries })
    }
}

fn entry(input: ParseStream) -> syn::Result<Entry> {
    if !input.peek(Ident::peek_any) {
        return Err(input.error("expected a method (`get`, `post`, `get | post`, `any`) or `include`"));
    }
    let first = input.call(Ident::parse_any)?;
    if first == "include" {
        let prefix = if input.peek(Token![=>]) { Vec::new() } else { path(input)?.1 };
        input.parse::<Token![=>]>()?;
        let routes = input.parse()?;
        return Ok(Entry::Include(Include { keyword: first, prefix, routes }));
    }
    let mut methods = vec![first];
    while input.peek(Token![|]) {
        input.parse::<Token![|]>()?;
        methods.push(input.call(Ident::parse_any)?);
    }
    let (path_span, segments) = path(input)?;
    let mut params = Vec::new();
    if input.peek(Token![?]) {
        input.parse::<Token![?]>()?;
        loop {
            params.push(named(input, Source::Query)?);
            if !input.peek(Token![&]) {
                break;
            }
            input.parse::<Token![&]>()?;
        }
    }
    while input.peek(Token![,]) {
        input.parse::<Token![,]>()?;
        params.push(param(input)?);
    }
    let guard = if input.peek(Token![if]) {
        input.parse::<Token![if]>()?;
        Some(Expr::parse_without_eager_brace(input)?)
    } else {
        None
    };
    if !input.peek(Token![=>]) {
        return Err(input.error("expected `=>` and the handler expression"));
    }
    input.parse::<Token![=>]>()?;
    let handler = input.parse()?;
    Ok(Entry::Route(Route { methods, path_span, segments, params, guard, handler }))
}

/// A `=` that starts a default (syn's peek would also take the `=` of `=>`).
fn peek_eq(input: ParseStream) -> bool {
    input.peek(Token![=]) && !input.peek(Token![=>]) && !input.peek(Token![==])
}

fn starts_segment(input: ParseStream) -> bool {
    input.peek(LitStr) || input.peek(Token![..]) || input.peek(Ident::peek_any) && input.peek2(Token![:]) && !input.peek2(Token![::])
}

/// `/` alone, or `/`? segment (`/` segment)*.
fn path(input: ParseStream) -> syn::Result<(Span, Vec<Segment>)> {
    let start = input.span();
    let mut segments = Vec::new();
    if input.peek(Token![/]) {
        input.parse::<Token![/]>()?;
        if !starts_segment(input) {
            return Ok((start, segments));
        }
    } else if !starts_segment(input) {
        return Err(input.error("expected a path: `/`, a \"literal\", `name: Type` or `..name`"));
    }
    let mut span = start;
    loop {
        let seg = segment(input)?;
        span = span.join(seg_span(&seg)).unwrap_or(span);
        segments.push(seg);
        if !input.peek(Token![/]) {
            break;
        }
        input.parse::<Token![/]>()?;
        if !starts_segment(input) {
            return Err(input.error("expected a segment after `/`: a \"literal\", `name: Type` or `..name`"));
        }
    }
    Ok((span, segments))
}

fn seg_span(seg: &Segment) -> Span {
    match seg {
        Segment::Literal(l) => l.span(),
        Segment::Capture { name, .. } | Segment::Optional { name, .. } => name.span(),
        Segment::Slurpy { dots, .. } => *dots,
    }
}

fn segment(input: ParseStream) -> syn::Result<Segment> {
    if input.peek(LitStr) {
        return Ok(Segment::Literal(input.parse()?));
    }
    if input.peek(Token![..]) {
        let dots = input.parse::<Token![..]>()?.span();
        let name = input.call(Ident::parse_any)?;
        let ty = if input.peek(Token![:]) {
            input.parse::<Token![:]>()?;
            let ty: Type = input.parse()?;
            match unwrap_type(&ty, "Vec") {
                Some(inner) => inner.clone(),
                None => {
                    soft(syn::Error::new(ty.span(), "a slurpy segment's type is `Vec<T>`: write `..name: Vec<T>`"));
                    ty
                }
            }
        } else {
            syn::parse_quote!(::std::string::String)
        };
        return Ok(Segment::Slurpy { name, ty, dots });
    }
    let name = input.call(Ident::parse_any)?;
    input.parse::<Token![:]>()?;
    let ty: Type = input.parse()?;
    if peek_eq(input) {
        input.parse::<Token![=]>()?;
        let default = default(input)?;
        return Ok(Segment::Optional { name, ty, default: Some(default) });
    }
    Ok(match unwrap_type(&ty, "Option") {
        Some(inner) => Segment::Optional { name, ty: inner.clone(), default: None },
        None => Segment::Capture { name, ty },
    })
}

/// `("key" as)? name: Type (= default)?` for query, header and cookie parameters.
fn named(input: ParseStream, source: Source) -> syn::Result<Param> {
    let explicit: Option<LitStr> = if input.peek(LitStr) {
        let key = input.parse()?;
        input.parse::<Token![as]>()?;
        Some(key)
    } else {
        None
    };
    let name = input.call(Ident::parse_any)?;
    input.parse::<Token![:]>()?;
    let ty: Type = input.parse()?;
    let default = if peek_eq(input) {
        input.parse::<Token![=]>()?;
        Some(default(input)?)
    } else {
        None
    };
    let (key, key_span) = match explicit {
        Some(lit) => (lit.value(), lit.span()),
        None => {
            let n = name.unraw().to_string();
            (if source == Source::Header { n.replace('_', "-") } else { n }, name.span())
        }
    };
    let (ty, arity) = if let Some(inner) = unwrap_type(&ty, "Option") {
        (inner.clone(), Arity::Optional)
    } else if let Some(inner) = unwrap_type(&ty, "Vec") {
        (inner.clone(), Arity::Many)
    } else if default.is_some() {
        (ty, Arity::Optional)
    } else {
        (ty, Arity::Required)
    };
    Ok(Param::Named { source, key, key_span, name, ty, arity, default })
}

/// After a `,`: `header ...`, `cookie ...`, or an extractor `name: Type`.
fn param(input: ParseStream) -> syn::Result<Param> {
    if input.peek(Ident::peek_any) && !input.peek2(Token![:]) {
        let fork = input.fork();
        let word = fork.call(Ident::parse_any)?;
        let source = match word.to_string().as_str() {
            "header" => Some(Source::Header),
            "cookie" => Some(Source::Cookie),
            _ => None,
        };
        if let Some(source) = source {
            input.call(Ident::parse_any)?;
            return named(input, source);
        }
        return Err(syn::Error::new(
            word.span(),
            "expected a parameter: `header ...`, `cookie ...` or an extractor `name: Type`",
        ));
    }
    let name = input.call(Ident::parse_any)?;
    input.parse::<Token![:]>()?;
    let ty = input.parse()?;
    Ok(Param::Extractor { name, ty })
}

/// A default: a literal, `-` literal, a path, `( expr )` or `{ ... }` — forms that cannot swallow
/// the `/ ? & =>` that follow. Anything else is reported and skipped up to the next delimiter.
fn default(input: ParseStream) -> syn::Result<Expr> {
    let start = input.span();
    let fork = input.fork();
    let atom: syn::Result<Expr> = (|| {
        if fork.peek(Token![-]) {
            let minus: Token![-] = fork.parse()?;
            let lit: syn::Lit = fork.parse()?;
            Ok(syn::parse_quote!(#minus #lit))
        } else if fork.peek(syn::Lit) {
            Ok(Expr::Lit(fork.parse()?))
        } else if fork.peek(syn::token::Paren) || fork.peek(syn::token::Brace) {
            let tt: TokenTree = fork.parse()?;
            // The brackets only keep the grammar unambiguous; dropping them spares the user an
            // `unused_parens` warning in the generated code.
            match syn::parse2(tt.into())? {
                Expr::Paren(p) => Ok(*p.expr),
                other => Ok(other),
            }
        } else if fork.peek(Ident::peek_any) || fork.peek(Token![::]) {
            Ok(Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path: fork.call(syn::Path::parse_mod_style)? }))
        } else {
            Err(fork.error("bad default"))
        }
    })();
    let ends_here = |s: ParseStream| {
        s.is_empty() || s.peek(Token![/]) || s.peek(Token![?]) || s.peek(Token![&]) || s.peek(Token![,])
            || s.peek(Token![=>]) || s.peek(Token![if])
    };
    if let Ok(expr) = atom
        && ends_here(&fork)
    {
        use syn::parse::discouraged::Speculative;
        input.advance_to(&fork);
        return Ok(expr);
    }
    let mut span = start;
    while !ends_here(input) {
        let tt: TokenTree = input.parse()?;
        span = span.join(tt.span()).unwrap_or(span);
    }
    soft(syn::Error::new(
        span,
        "a default must be a literal, a path, or an expression in brackets: write `(a + b)` or `{ ... }`",
    ));
    Ok(syn::parse_quote!(::core::default::Default::default()))
}
