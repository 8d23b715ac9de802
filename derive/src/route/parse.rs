//! Tokens → [`Block`]. Hard syntax errors stop the parse; errors that leave the rest readable
//! (a default in the wrong form) are collected so that all of them are reported at once.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Expr, Ident, LitStr, Token, Type};

use super::ctxt::Ctxt;
use super::model::{
    Arity, Block, Entry, Include, Param, Route, Segment, Source, error_between, tokens_text, unwrap_type,
};

/// Parses a block; errors that leave the rest readable go to `cx`, a hard syntax error is
/// returned (and also ends the parse).
pub(super) fn parse(tokens: TokenStream, cx: &Ctxt) -> syn::Result<Block> {
    (|input: ParseStream| block(input, cx)).parse2(tokens)
}

fn block(input: ParseStream, cx: &Ctxt) -> syn::Result<Block> {
    let mut entries = Vec::new();
    while !input.is_empty() {
        let entry = entry(input, cx)?;
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

fn entry(input: ParseStream, cx: &Ctxt) -> syn::Result<Entry> {
    if !input.peek(Ident::peek_any) {
        return Err(input.error("expected a method (`get`, `post`, `get | post`, `any`) or `include`"));
    }
    let name = route_name(input)?;
    let first = input.call(Ident::parse_any)?;
    if first == "include" {
        let prefix = if input.peek(Token![=>]) { Vec::new() } else { path(input, cx)? };
        input.parse::<Token![=>]>()?;
        let routes = input.parse()?;
        return Ok(Entry::Include(Include { name, keyword: first, prefix, routes }));
    }
    let mut methods = vec![first];
    while input.peek(Token![|]) {
        input.parse::<Token![|]>()?;
        methods.push(input.call(Ident::parse_any)?);
    }
    let (segments, _, path_end) = spanned(input, |input| path(input, cx))?;
    let head = (methods[0].span(), path_end);
    let mut params = Vec::new();
    if input.peek(Token![?]) {
        input.parse::<Token![?]>()?;
        loop {
            params.push(named(input, Source::Query, cx)?);
            if !input.peek(Token![&]) {
                break;
            }
            input.parse::<Token![&]>()?;
        }
    }
    while input.peek(Token![,]) {
        input.parse::<Token![,]>()?;
        params.push(param(input, cx)?);
    }
    let guard = if input.peek(Token![if]) {
        input.parse::<Token![if]>()?;
        Some(Expr::parse_without_eager_brace(input)?)
    } else {
        None
    };
    if !input.peek(Token![=>]) {
        if starts_segment(input) {
            return Err(input.error("expected `/` between path segments"));
        }
        return Err(input.error("expected `=>` and the handler expression"));
    }
    input.parse::<Token![=>]>()?;
    let handler = input.parse()?;
    Ok(Entry::Route(Route { name, methods, head, segments, params, guard, handler }))
}

/// `name:` before a route or an include (a method is never followed by `:`).
fn route_name(input: ParseStream) -> syn::Result<Option<Ident>> {
    if !(input.peek(Ident::peek_any) && input.peek2(Token![:]) && !input.peek2(Token![::])) {
        return Ok(None);
    }
    let name = input.call(Ident::parse_any)?;
    input.parse::<Token![:]>()?;
    if !input.peek(Ident::peek_any) {
        return Err(
            input.error("expected a method (`get`, `post`, `get | post`, `any`) or `include` after the route's name")
        );
    }
    Ok(Some(name))
}

/// A `=` that starts a default (syn's peek would also take the `=` of `=>`).
fn peek_eq(input: ParseStream) -> bool {
    input.peek(Token![=]) && !input.peek(Token![=>]) && !input.peek(Token![==])
}

/// Runs `parse`, and also returns the spans of the first and last tokens it consumed.
fn spanned<T>(input: ParseStream, parse: impl FnOnce(ParseStream) -> syn::Result<T>) -> syn::Result<(T, Span, Span)> {
    let fork = input.fork();
    let value = parse(input)?;
    let (start, mut end) = (fork.span(), fork.span());
    while fork.cursor() != input.cursor() && !fork.is_empty() {
        end = fork.parse::<TokenTree>()?.span();
    }
    Ok((value, start, end))
}

fn starts_segment(input: ParseStream) -> bool {
    input.peek(LitStr)
        || input.peek(Token![..])
        || input.peek(Ident::peek_any) && input.peek2(Token![:]) && !input.peek2(Token![::])
}

/// `/` alone, or `/`? segment (`/` segment)*.
fn path(input: ParseStream, cx: &Ctxt) -> syn::Result<Vec<Segment>> {
    let mut segments = Vec::new();
    if input.peek(Token![/]) {
        input.parse::<Token![/]>()?;
        if !starts_segment(input) {
            return Ok(segments);
        }
    } else if !starts_segment(input) {
        return Err(input.error("expected a path: `/`, a \"literal\", `name: Type` or `..name`"));
    }
    loop {
        segments.push(segment(input, cx)?);
        if !input.peek(Token![/]) {
            break;
        }
        input.parse::<Token![/]>()?;
        if !starts_segment(input) {
            return Err(input.error("expected a segment after `/`: a \"literal\", `name: Type` or `..name`"));
        }
    }
    Ok(segments)
}

fn segment(input: ParseStream, cx: &Ctxt) -> syn::Result<Segment> {
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
                    cx.error(syn::Error::new(ty.span(), "a slurpy segment's type is `Vec<T>`: write `..name: Vec<T>`"));
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
        let default = default(input, Place::Path, cx)?;
        return Ok(Segment::Optional { name, ty, default: Some(default) });
    }
    Ok(match unwrap_type(&ty, "Option") {
        Some(inner) => Segment::Optional { name, ty: inner.clone(), default: None },
        None => Segment::Capture { name, ty },
    })
}

/// `("key" as)? name: Type (= default)?` for query, header and cookie parameters.
fn named(input: ParseStream, source: Source, cx: &Ctxt) -> syn::Result<Param> {
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
    let place = if source == Source::Query { Place::Query } else { Place::Param };
    let default = if !peek_eq(input) {
        None
    } else if unwrap_type(&ty, "Vec").is_some() {
        let eq = input.parse::<Token![=]>()?;
        let (_, end, _) = skip_default(input, place)?;
        cx.error(error_between(
            eq.span,
            end,
            "a `Vec<T>` parameter collects every occurrence, zero or more, and takes no default: remove the `= ...`",
        ));
        None
    } else {
        input.parse::<Token![=]>()?;
        Some(default(input, place, cx)?)
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
fn param(input: ParseStream, cx: &Ctxt) -> syn::Result<Param> {
    const EXPECTED: &str = "expected a parameter: `header ...`, `cookie ...`, `auth name: Type`, `session name: Type` or an extractor `name: Type`";
    if !input.peek(Ident::peek_any) {
        return Err(input.error(EXPECTED));
    }
    if !input.peek2(Token![:]) {
        let fork = input.fork();
        let word = fork.call(Ident::parse_any)?;
        let source = match word.to_string().as_str() {
            "header" => Some(Source::Header),
            "cookie" => Some(Source::Cookie),
            _ => None,
        };
        if let Some(source) = source {
            input.call(Ident::parse_any)?;
            return named(input, source, cx);
        }
        if word == "auth" {
            let keyword = input.call(Ident::parse_any)?;
            let name = input.call(Ident::parse_any)?;
            input.parse::<Token![:]>()?;
            let ty = input.parse()?;
            return Ok(Param::Auth { keyword, name, ty });
        }
        if word == "session" {
            input.call(Ident::parse_any)?;
            if !(input.peek(Ident::peek_any) && input.peek2(Token![:]) && !input.peek2(Token![::])) {
                return Err(syn::Error::new(
                    word.span(),
                    "a `session` parameter is written `session name: Type`, as in `session s: Session<T>`",
                ));
            }
            let name = input.call(Ident::parse_any)?;
            input.parse::<Token![:]>()?;
            let ty = input.parse()?;
            return Ok(Param::Session { name, ty });
        }
        return Err(syn::Error::new(word.span(), EXPECTED));
    }
    let name = input.call(Ident::parse_any)?;
    input.parse::<Token![:]>()?;
    let ty = input.parse()?;
    Ok(Param::Extractor { name, ty })
}

/// Where a default is written: what may follow it tells where it ends.
#[derive(Clone, Copy)]
enum Place {
    /// `name: T = default` in the path: `/ segment`, `?`, `,`, `if`, `=>` follow.
    Path,
    /// A query parameter: `& qparam`, `,`, `if`, `=>` follow.
    Query,
    /// A header or cookie parameter: `,`, `if`, `=>` follow.
    Param,
}

/// Whether the tokens after a default start here.
fn ends_default(s: ParseStream, place: Place) -> bool {
    if s.is_empty() || s.peek(Token![,]) || s.peek(Token![=>]) || s.peek(Token![if]) {
        return true;
    }
    let next_is_name = s.peek2(Ident::peek_any) && s.peek3(Token![:]) && !s.peek3(Token![::]);
    match place {
        // `u32::MAX / 2` is arithmetic; `1 / "next"` is the next segment.
        Place::Path => {
            s.peek(Token![?])
                || s.peek(Token![/])
                    && (s.peek2(LitStr)
                        || s.peek2(Token![..])
                        || next_is_name
                        || s.peek2(Token![=>])
                        || s.peek2(Token![,]))
        }
        Place::Query => s.peek(Token![&]) && (s.peek2(LitStr) || next_is_name),
        Place::Param => false,
    }
}

/// Skips a default that is not in a form the grammar allows, up to where it ends; returns the
/// spans of its first and last tokens and the tokens themselves.
fn skip_default(input: ParseStream, place: Place) -> syn::Result<(Span, Span, TokenStream)> {
    let (start, mut end) = (input.span(), input.span());
    let mut tokens = TokenStream::new();
    while !ends_default(input, place) {
        let tt: TokenTree = input.parse()?;
        end = tt.span();
        tokens.extend([tt]);
    }
    Ok((start, end, tokens))
}

/// A default: a literal, `-` literal, a path, `( expr )` or `{ ... }` — forms that cannot swallow
/// the `/ ? & =>` that follow. Anything else is reported and skipped up to where it ends.
fn default(input: ParseStream, place: Place, cx: &Ctxt) -> syn::Result<Expr> {
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
            Ok(Expr::Path(syn::ExprPath {
                attrs: Vec::new(),
                qself: None,
                path: fork.call(syn::Path::parse_mod_style)?,
            }))
        } else {
            Err(fork.error("bad default"))
        }
    })();
    if let Ok(expr) = atom
        && ends_default(&fork, place)
    {
        use syn::parse::discouraged::Speculative;
        input.advance_to(&fork);
        return Ok(expr);
    }
    let (start, end, tokens) = skip_default(input, place)?;
    if tokens.is_empty() {
        return Err(syn::Error::new(start, "expected a default value after `=`"));
    }
    cx.error(error_between(
        start,
        end,
        format!(
            "a default must be a literal, a path, or an expression in brackets: write `({})`",
            tokens_text(&tokens)
        ),
    ));
    Ok(syn::parse_quote_spanned!(start=> ::core::default::Default::default()))
}
