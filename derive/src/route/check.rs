//! Every compile-time error of docs/routing.md#compile-time-errors (and the few limits of the generated matcher), one
//! function per rule, all reported into the [`Ctxt`] so the user sees them at once, each
//! pointing at the tokens to change.

use std::collections::HashSet;

use syn::{Error, Ident};

use super::ctxt::Ctxt;
use super::model::{Arity, Block, Entry, Param, Route, Segment, Source, error_between, is_string, type_text};

/// The methods `route!` knows by name; `any` stands for all of them and more.
pub(super) const METHODS: [&str; 7] = ["get", "head", "post", "put", "delete", "patch", "options"];

/// The most fixed segments a route may have: the matcher ranks routes by a 128-bit key with
/// two bits per segment.
const MAX_SEGMENTS: usize = 64;

pub(super) fn check(block: &Block, cx: &Ctxt) {
    let mut routes = Vec::new();
    for entry in &block.entries {
        match entry {
            Entry::Route(route) => {
                known_methods(route, cx);
                no_path_style(&route.segments, cx);
                any_alone(route, cx);
                optional_trailing(route, cx);
                slurpy_last(route, cx);
                slurpy_after_optional(route, cx);
                segment_count(route, cx);
                bound_once(route, cx);
                header_names(route, cx);
                one_auth(route, cx);
                no_captured_locals(route, cx);
                routes.push(route);
            }
            Entry::Include(inc) => {
                include_prefix_literal(inc, cx);
                no_path_style(&inc.prefix, cx);
            }
        }
    }
    for (j, later) in routes.iter().enumerate() {
        not_shadowed(&routes[..j], later, cx);
    }
}

/// Method names are `get post put delete patch head options` or `any`.
fn known_methods(route: &Route, cx: &Ctxt) {
    for m in &route.methods {
        let name = m.to_string();
        if name == "any" || METHODS.contains(&name.as_str()) {
            continue;
        }
        let hint = if METHODS.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            format!("; methods are written in lower case: `{}`", name.to_lowercase())
        } else if let Some(near) = closest_method(&name) {
            format!("; did you mean `{near}`?")
        } else {
            String::new()
        };
        cx.error(Error::new(
            m.span(),
            format!("unknown method `{name}`: expected get, post, put, delete, patch, head, options or any{hint}"),
        ));
    }
}

/// `any` is written alone.
fn any_alone(route: &Route, cx: &Ctxt) {
    if route.methods.len() > 1 {
        for m in route.methods.iter().filter(|m| *m == "any") {
            cx.error(Error::new(m.span(), "`any` already includes every method; write it alone"));
        }
    }
}

/// The known method a typo most likely meant (`gett`, `pots`, `delet`).
fn closest_method(typo: &str) -> Option<&'static str> {
    let distance = |a: &str, b: &str| {
        // Levenshtein distance, one row at a time.
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let next = (row[j + 1] + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
                diagonal = row[j + 1];
                row[j + 1] = next;
            }
        }
        row[b.len()]
    };
    let typo = typo.to_ascii_lowercase();
    let names = METHODS.iter().copied().chain(["any"]);
    names.map(|n| (distance(&typo, n), n)).filter(|(d, _)| *d <= 2 && *d * 2 < typo.len()).min().map(|(_, n)| n)
}

/// Optional captures form the trailing run of the fixed segments.
fn optional_trailing(route: &Route, cx: &Ctxt) {
    let mut open = None;
    for seg in &route.segments {
        match seg {
            Segment::Optional { name, .. } => {
                open.get_or_insert(name);
            }
            Segment::Literal(_) | Segment::Capture { .. } => {
                if let Some(opt) = open.take() {
                    cx.error(Error::new(
                        opt.span(),
                        format!(
                            "the optional capture `{opt}` is followed by a required segment; optional captures must \
                             come last in the path: make `{opt}` required, or move it to the end"
                        ),
                    ));
                }
            }
            Segment::Slurpy { .. } => {}
        }
    }
}

/// A slurpy is the last segment.
fn slurpy_last(route: &Route, cx: &Ctxt) {
    let segs = &route.segments;
    for seg in &segs[..segs.len().saturating_sub(1)] {
        if let Segment::Slurpy { name, dots, .. } = seg {
            cx.error(error_between(
                *dots,
                name.span(),
                format!("the slurpy `..{name}` takes every remaining segment, so it must be the last one"),
            ));
        }
    }
}

/// A slurpy does not follow optional captures: which segments each takes would be ambiguous.
fn slurpy_after_optional(route: &Route, cx: &Ctxt) {
    let Some(Segment::Slurpy { name, dots, .. }) = route.segments.last() else { return };
    let optional = route.segments.iter().find_map(|s| match s {
        Segment::Optional { name, .. } => Some(name),
        _ => None,
    });
    if let Some(opt) = optional {
        cx.error(error_between(
            *dots,
            name.span(),
            format!(
                "a slurpy cannot follow the optional capture `{opt}`: which segments each takes would be \
                 ambiguous; make `{opt}` required"
            ),
        ));
    }
}

/// At most [`MAX_SEGMENTS`] fixed segments.
fn segment_count(route: &Route, cx: &Ctxt) {
    if route.segments.iter().filter(|s| !matches!(s, Segment::Slurpy { .. })).count() > MAX_SEGMENTS {
        let (start, end) = route.head;
        cx.error(error_between(start, end, format!("a route may have at most {MAX_SEGMENTS} fixed segments")));
    }
}

/// Every name is bound once in a route: captures and parameters alike.
fn bound_once(route: &Route, cx: &Ctxt) {
    let mut names = HashSet::new();
    let bound = route.segments.iter().filter_map(Segment::name).chain(route.params.iter().map(Param::name));
    for name in bound {
        if !names.insert(name.unraw_string()) {
            cx.error(Error::new(name.span(), format!("`{name}` is bound twice in this route; rename one of them")));
        }
    }
}

/// A route has at most one `auth` parameter: it names who is calling (docs/auth.md).
fn one_auth(route: &Route, cx: &Ctxt) {
    let mut auths = route.params.iter().filter_map(|p| match p {
        Param::Auth { keyword, .. } => Some(keyword),
        _ => None,
    });
    auths.next();
    for extra in auths {
        cx.error(Error::new(
            extra.span(),
            "a route takes at most one `auth` parameter; authenticate once with a type that checks both",
        ));
    }
}

/// A handler or guard cannot use the local variables of the function that builds the table
/// (it runs after that function has returned): a name that looks like one is refused with the
/// way to pass a value in, app data and a `Data<T>` parameter (instead of rustc's E0434 and its
/// advice about closures).
fn no_captured_locals(route: &Route, cx: &Ctxt) {
    let bound: HashSet<String> = route
        .segments
        .iter()
        .filter_map(Segment::name)
        .chain(route.params.iter().map(Param::name))
        .map(Ident::unraw_string)
        .collect();
    for expr in route.guard.iter().chain([&route.handler]) {
        for local in super::free_names::likely_locals(expr, &bound) {
            cx.error(Error::new(
                local.span(),
                format!(
                    "`{local}` is not a parameter of this route: a handler runs after the function that built the \
                     table has returned, so it cannot use that function's local variables. Add the value to the \
                     table's app data, `.app_data(Data::new({local}))`, and take it as a parameter, \
                     `{local}: Data<T>` (if `{local}` is a function, a const or a static, write `self::{local}`)"
                ),
            ));
        }
    }
}

/// A literal is one whole segment, compared with the request's decoded segment text: a literal
/// written in another framework's path syntax (`"/hello/:name"`, `"users/{id}"`, `"files/*rest"`)
/// would compile and never match, so it is refused with the Rook spelling of the same path.
fn no_path_style(segments: &[Segment], cx: &Ctxt) {
    for seg in segments {
        let Segment::Literal(lit) = seg else { continue };
        let text = lit.value();
        let pieces: Vec<&str> = text.split('/').collect();
        let placeholder = pieces.iter().any(|p| placeholder_name(p).is_some());
        let leading_slash = pieces.len() > 1 && pieces[0].is_empty() && pieces[1..].iter().any(|p| !p.is_empty());
        if !placeholder && !leading_slash {
            continue;
        }
        let spelled: Vec<String> = pieces
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| match placeholder_name(p) {
                Some((name, true)) => format!("..{name}"),
                Some((name, false)) => format!("{name}: String"),
                None => format!("{p:?}"),
            })
            .collect();
        let spelled = if spelled.is_empty() { "/".to_string() } else { spelled.join(" / ") };
        cx.error(Error::new(
            lit.span(),
            format!(
                "{text:?} is one literal segment, matched against one segment's text exactly, so it would never \
                 match this path; a Rook path is written segment by segment, literals quoted and captures typed, \
                 with no leading `/`: `{spelled}` (see docs/routing.md)"
            ),
        ));
    }
}

/// The capture name of a placeholder in another framework's path syntax (`:id`, `{id}`,
/// `{id:[0-9]+}`, `<id>`, `*rest`, `{*rest}`, `{rest..}`), and whether it takes the rest of the path.
fn placeholder_name(piece: &str) -> Option<(String, bool)> {
    let inner = if let Some(rest) = piece.strip_prefix(':') {
        rest
    } else if let Some(rest) = piece.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        rest
    } else if let Some(rest) = piece.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        rest
    } else if let Some(rest) = piece.strip_prefix('*') {
        return ident_like(rest).then(|| (rest.to_string(), true));
    } else {
        return None;
    };
    let inner = inner.split(':').next().unwrap_or_default();
    let (name, slurpy) = match inner.strip_prefix('*') {
        Some(name) => (name, true),
        None => match inner.strip_suffix("..") {
            Some(name) => (name, true),
            None => (inner, false),
        },
    };
    ident_like(name).then(|| (name.to_string(), slurpy))
}

/// `[A-Za-z_][A-Za-z0-9_]*`.
fn ident_like(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Header names are HTTP tokens.
fn header_names(route: &Route, cx: &Ctxt) {
    for p in &route.params {
        let Param::Named { source: Source::Header, key, key_span, .. } = p else { continue };
        if key.is_empty() {
            cx.error(Error::new(*key_span, "a header name cannot be empty"));
        } else if !key.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) {
            cx.error(Error::new(
                *key_span,
                format!(
                    "{key:?} is not a valid header name: use ASCII letters, digits and `-` \
                     (or any of !#$%&'*+.^_`|~), without spaces"
                ),
            ));
        }
    }
}

/// An include prefix is literal segments.
fn include_prefix_literal(inc: &super::model::Include, cx: &Ctxt) {
    for seg in &inc.prefix {
        if !matches!(seg, Segment::Literal(_)) {
            let span = seg.name().map_or(inc.keyword.span(), |n| n.span());
            cx.error(Error::new(
                span,
                "an include prefix takes literal segments only, such as `include \"api\" / \"v1\" => ...`",
            ));
        }
    }
}

/// No earlier route takes every request of `later` first (docs/routing.md#compile-time-errors).
fn not_shadowed(earlier: &[&Route], later: &Route, cx: &Ctxt) {
    let Some((by, why)) = earlier.iter().find_map(|e| Some((*e, shadows(e, later)?))) else { return };
    let line = line_of(by.methods[0].span()).map_or(String::new(), |n| format!(" (line {n})"));
    let by = by.describe();
    let message = match why {
        Shadow::Same => format!(
            "this route can never be chosen: the earlier route `{by}`{line} has the same pattern and \
             answers all of its methods; remove one of them, or tell them apart with a guard (`if ...`) or a \
             required query, header or cookie parameter on the earlier one"
        ),
        Shadow::Wider(capture) => format!(
            "this route can never be chosen: the earlier route `{by}`{line} answers all of its methods, \
             and its `{capture}` accepts any segment, so it takes every request first; declare this \
             route before it"
        ),
        Shadow::Optional => format!(
            "this route can never be chosen: the earlier route `{by}`{line} answers all of its methods and \
             differs from it only by optional captures, which may be absent, so it takes every request first; \
             remove this route, or declare it before the earlier one"
        ),
    };
    cx.error(error_between(later.head.0, later.head.1, message));
}

/// The line a token is on, for messages that refer to another route.
fn line_of(span: proc_macro2::Span) -> Option<usize> {
    proc_macro::is_available().then(|| span.unwrap().line())
}

trait UnrawString {
    fn unraw_string(&self) -> String;
}

impl UnrawString for syn::Ident {
    fn unraw_string(&self) -> String {
        syn::ext::IdentExt::unraw(self).to_string()
    }
}

/// Why an earlier route hides a later one.
enum Shadow {
    /// The same pattern, capture types and all.
    Same,
    /// The same pattern, but this `String` capture of the earlier route (as written) is narrower
    /// in the later.
    Wider(String),
    /// The later route is the earlier one with some of its optional captures left out.
    Optional,
}

/// Whether the methods of `a` include every method of `b`.
fn covers_methods(a: &Route, b: &Route) -> bool {
    let names = |r: &Route| r.methods.iter().map(|m| m.to_string()).collect::<Vec<_>>();
    let (a, b) = (names(a), names(b));
    a.iter().any(|m| m == "any") || b.iter().all(|m| m != "any" && a.contains(m))
}

/// Whether `earlier` always precedes `later` and accepts every request `later` accepts
/// (docs/routing.md#choosing-the-route, docs/routing.md#compile-time-errors): nothing (guard, required parameter) could make `earlier` refuse, and for
/// every path `later` matches, `earlier` matches it too and ranks first.
fn shadows(earlier: &Route, later: &Route) -> Option<Shadow> {
    if !covers_methods(earlier, later) || earlier.guard.is_some() {
        return None;
    }
    // An `auth` parameter may refuse a request, as a required parameter may (docs/routing.md#compile-time-errors).
    if earlier.params.iter().any(|p| matches!(p, Param::Named { arity: Arity::Required, .. } | Param::Auth { .. })) {
        return None;
    }
    if earlier.segments.len() == later.segments.len() {
        return same_shape(&earlier.segments, &later.segments);
    }
    fewer_optionals(earlier, later).then_some(Shadow::Optional)
}

/// Same pattern shape: each segment pair equal, or the earlier one an unvalidated `String`.
fn same_shape(earlier: &[Segment], later: &[Segment]) -> Option<Shadow> {
    let mut why = Shadow::Same;
    for pair in earlier.iter().zip(later) {
        match pair {
            (Segment::Literal(a), Segment::Literal(b)) if a.value() == b.value() => {}
            (Segment::Capture { ty: a, .. }, Segment::Capture { ty: b, .. })
            | (Segment::Optional { ty: a, .. }, Segment::Optional { ty: b, .. })
            | (Segment::Slurpy { ty: a, .. }, Segment::Slurpy { ty: b, .. }) => {
                if type_text(a) != type_text(b) {
                    if !is_string(a) {
                        return None;
                    }
                    if matches!(why, Shadow::Same) {
                        why = Shadow::Wider(pair.0.pattern());
                    }
                }
            }
            _ => return None,
        }
    }
    Some(why)
}

/// `later` is `earlier` with trailing optional captures left out: its segments are equal to
/// the earlier's first ones, and every earlier segment past them is optional. For each path
/// `later` matches, the earlier route matches it with those captures absent, covers the same
/// segments with the same kinds, and is declared first.
fn fewer_optionals(earlier: &Route, later: &Route) -> bool {
    let n = later.segments.len();
    if n >= earlier.segments.len() || later.slurpy() {
        return false;
    }
    let rest_optional = earlier.segments[n..].iter().all(|s| matches!(s, Segment::Optional { .. }));
    rest_optional && matches!(same_shape(&earlier.segments[..n], &later.segments), Some(Shadow::Same))
}
