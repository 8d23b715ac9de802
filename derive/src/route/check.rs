//! Every compile-time error of SPEC §11 (and the few limits of the generated matcher), all
//! collected so the user sees them at once, each pointing at the tokens to change.

use std::collections::HashMap;

use syn::Error;
use syn::spanned::Spanned;

use super::model::{Arity, Block, Entry, Param, Route, Segment, Source, is_string, type_text};

/// The methods `route!` knows, and their bits in `rook::Methods`.
pub const METHODS: [(&str, u16); 7] =
    [("get", 1), ("head", 2), ("post", 4), ("put", 8), ("delete", 16), ("patch", 32), ("options", 64)];
pub const ANY: u16 = 0x7f | 1 << 15;

/// The most fixed segments a route may have: the matcher ranks routes by a 128-bit key with
/// two bits per segment.
const MAX_SEGMENTS: usize = 64;

/// The method bits of a route, or `None` with errors pushed for unknown names.
pub fn method_bits(route: &Route, errors: &mut Vec<Error>) -> u16 {
    let mut bits = 0;
    for m in &route.methods {
        let name = m.to_string();
        if name == "any" {
            if route.methods.len() > 1 {
                errors.push(Error::new(m.span(), "`any` already includes every method; write it alone"));
            }
            bits |= ANY;
        } else if let Some((_, b)) = METHODS.iter().find(|(n, _)| *n == name) {
            bits |= b;
        } else {
            let hint = if METHODS.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                format!("; methods are written in lower case: `{}`", name.to_lowercase())
            } else {
                String::new()
            };
            errors.push(Error::new(
                m.span(),
                format!("unknown method `{name}`: expected get, post, put, delete, patch, head, options or any{hint}"),
            ));
        }
    }
    bits
}

pub fn check(block: &Block, errors: &mut Vec<Error>) {
    let mut routes: Vec<(&Route, u16)> = Vec::new();
    for entry in &block.entries {
        match entry {
            Entry::Route(route) => {
                let bits = method_bits(route, errors);
                check_route(route, errors);
                routes.push((route, bits));
            }
            Entry::Include(inc) => {
                for seg in &inc.prefix {
                    if !matches!(seg, Segment::Literal(_)) {
                        let span = seg.name().map_or(inc.keyword.span(), |n| n.span());
                        errors.push(Error::new(span, "an include prefix takes literal segments only, such as `include \"api\" / \"v1\" => ...`"));
                    }
                }
            }
        }
    }
    for (j, (later, later_bits)) in routes.iter().enumerate() {
        if let Some((earlier, _)) = routes[..j].iter().find(|(r, bits)| shadows(r, *bits, later, *later_bits)) {
            errors.push(Error::new(
                later.methods[0].span().join(later.path_span).unwrap_or(later.path_span),
                format!(
                    "this route can never be chosen: the earlier route `{}` matches every request it matches and comes first; \
                     reorder them, narrow the earlier one, or give it a guard",
                    earlier.pattern()
                ),
            ));
        }
    }
}

fn check_route(route: &Route, errors: &mut Vec<Error>) {
    let segs = &route.segments;
    let mut seen_optional = None;
    for (i, seg) in segs.iter().enumerate() {
        match seg {
            Segment::Optional { name, .. } => {
                seen_optional.get_or_insert(name);
            }
            Segment::Slurpy { name, dots, .. } => {
                if i + 1 != segs.len() {
                    errors.push(Error::new(*dots, format!("the slurpy `..{name}` must be the last segment")));
                } else if let Some(opt) = seen_optional {
                    errors.push(Error::new(
                        *dots,
                        format!("a slurpy cannot follow the optional capture `{opt}`: which segments it takes would be ambiguous"),
                    ));
                }
            }
            Segment::Literal(_) | Segment::Capture { .. } => {
                if let Some(opt) = seen_optional {
                    errors.push(Error::new(
                        opt.span(),
                        format!("the optional capture `{opt}` must be in the trailing run: only optional captures may follow it"),
                    ));
                    seen_optional = None;
                }
            }
        }
    }
    if segs.iter().filter(|s| !matches!(s, Segment::Slurpy { .. })).count() > MAX_SEGMENTS {
        errors.push(Error::new(route.path_span, format!("a route may have at most {MAX_SEGMENTS} fixed segments")));
    }
    let mut names: HashMap<String, ()> = HashMap::new();
    let bound = segs.iter().filter_map(Segment::name).chain(route.params.iter().map(Param::name));
    for name in bound {
        if names.insert(name.unraw_string(), ()).is_some() {
            errors.push(Error::new(name.span(), format!("`{name}` is bound twice in this route; rename one of them")));
        }
    }
    for p in &route.params {
        if let Param::Named { source: Source::Header, key, key_span, .. } = p
            && (key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)))
        {
            errors.push(Error::new(*key_span, format!("`{key}` is not a valid header name")));
        }
        if let Param::Named { default: Some(d), arity: Arity::Many, .. } = p {
            errors.push(Error::new(d.span(), "a `Vec<T>` parameter collects zero or more values and takes no default"));
        }
    }
}

trait UnrawString {
    fn unraw_string(&self) -> String;
}

impl UnrawString for syn::Ident {
    fn unraw_string(&self) -> String {
        syn::ext::IdentExt::unraw(self).to_string()
    }
}

/// Whether `earlier` always precedes `later` and accepts every request `later` accepts
/// (SPEC §11): same pattern shape, each capture equal or an unvalidated `String`, and nothing
/// (guard, required parameter) that could make `earlier` refuse.
fn shadows(earlier: &Route, earlier_bits: u16, later: &Route, later_bits: u16) -> bool {
    if earlier_bits & later_bits != later_bits || earlier.guard.is_some() {
        return false;
    }
    let refuses = earlier.params.iter().any(|p| matches!(p, Param::Named { arity: Arity::Required, .. }));
    if refuses || earlier.segments.len() != later.segments.len() {
        return false;
    }
    let wider = |a: &syn::Type, b: &syn::Type| {
        is_string(a) || type_text(a) == type_text(b)
    };
    earlier.segments.iter().zip(&later.segments).all(|pair| match pair {
        (Segment::Literal(a), Segment::Literal(b)) => a.value() == b.value(),
        (Segment::Capture { ty: a, .. }, Segment::Capture { ty: b, .. })
        | (Segment::Optional { ty: a, .. }, Segment::Optional { ty: b, .. })
        | (Segment::Slurpy { ty: a, .. }, Segment::Slurpy { ty: b, .. }) => wider(a, b),
        _ => false,
    })
}
