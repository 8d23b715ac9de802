//! Every compile-time error of SPEC §11 (and the few limits of the generated matcher), all
//! collected so the user sees them at once, each pointing at the tokens to change.

use std::collections::HashSet;

use syn::Error;

use super::model::{Arity, Block, Entry, Param, Route, Segment, Source, error_between, is_string, type_text};

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
            } else if let Some(near) = closest_method(&name) {
                format!("; did you mean `{near}`?")
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
    let names = METHODS.iter().map(|(n, _)| *n).chain(["any"]);
    names.map(|n| (distance(&typo, n), n)).filter(|(d, _)| *d <= 2 && *d * 2 < typo.len()).min().map(|(_, n)| n)
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
        let shadowing = routes[..j].iter().find_map(|(r, bits)| Some((*r, shadows(r, *bits, later, *later_bits)?)));
        if let Some((earlier, why)) = shadowing {
            let line = line_of(earlier.methods[0].span()).map_or(String::new(), |n| format!(" (line {n})"));
            let earlier = earlier.describe();
            let message = match why {
                Shadow::Same => format!(
                    "this route can never be chosen: the earlier route `{earlier}`{line} has the same pattern and \
                     answers all of its methods; remove one of them, or tell them apart with a guard (`if ...`) or a \
                     required query, header or cookie parameter on the earlier one"
                ),
                Shadow::Wider(capture) => format!(
                    "this route can never be chosen: the earlier route `{earlier}`{line} answers all of its methods, \
                     and its `{capture}` accepts any segment, so it takes every request first; declare this \
                     route before it"
                ),
            };
            errors.push(error_between(later.head.0, later.head.1, message));
        }
    }
}

/// The line a token is on, for messages that refer to another route.
fn line_of(span: proc_macro2::Span) -> Option<usize> {
    proc_macro::is_available().then(|| span.unwrap().line())
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
                    errors.push(error_between(
                        *dots,
                        name.span(),
                        format!("the slurpy `..{name}` takes every remaining segment, so it must be the last one"),
                    ));
                } else if let Some(opt) = seen_optional {
                    errors.push(error_between(
                        *dots,
                        name.span(),
                        format!(
                            "a slurpy cannot follow the optional capture `{opt}`: which segments each takes would be \
                             ambiguous; make `{opt}` required"
                        ),
                    ));
                }
            }
            Segment::Literal(_) | Segment::Capture { .. } => {
                if let Some(opt) = seen_optional {
                    errors.push(Error::new(
                        opt.span(),
                        format!(
                            "the optional capture `{opt}` is followed by a required segment; optional captures must \
                             come last in the path: make `{opt}` required, or move it to the end"
                        ),
                    ));
                    seen_optional = None;
                }
            }
        }
    }
    if segs.iter().filter(|s| !matches!(s, Segment::Slurpy { .. })).count() > MAX_SEGMENTS {
        let (start, end) = route.head;
        errors.push(error_between(start, end, format!("a route may have at most {MAX_SEGMENTS} fixed segments")));
    }
    let mut names = HashSet::new();
    let bound = segs.iter().filter_map(Segment::name).chain(route.params.iter().map(Param::name));
    for name in bound {
        if !names.insert(name.unraw_string()) {
            errors.push(Error::new(name.span(), format!("`{name}` is bound twice in this route; rename one of them")));
        }
    }
    for p in &route.params {
        if let Param::Named { source: Source::Header, key, key_span, .. } = p {
            if key.is_empty() {
                errors.push(Error::new(*key_span, "a header name cannot be empty"));
            } else if !key.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) {
                errors.push(Error::new(
                    *key_span,
                    format!(
                        "{key:?} is not a valid header name: use ASCII letters, digits and `-` \
                         (or any of !#$%&'*+.^_`|~), without spaces"
                    ),
                ));
            }
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

/// Why an earlier route hides a later one.
enum Shadow {
    /// The same pattern, capture types and all.
    Same,
    /// The same pattern, but this `String` capture of the earlier route (as written) is narrower
    /// in the later.
    Wider(String),
}

/// Whether `earlier` always precedes `later` and accepts every request `later` accepts
/// (SPEC §11): same pattern shape, each capture equal or an unvalidated `String`, and nothing
/// (guard, required parameter) that could make `earlier` refuse.
fn shadows(earlier: &Route, earlier_bits: u16, later: &Route, later_bits: u16) -> Option<Shadow> {
    if earlier_bits & later_bits != later_bits || earlier.guard.is_some() {
        return None;
    }
    let refuses = earlier.params.iter().any(|p| matches!(p, Param::Named { arity: Arity::Required, .. }));
    if refuses || earlier.segments.len() != later.segments.len() {
        return None;
    }
    let mut why = Shadow::Same;
    for pair in earlier.segments.iter().zip(&later.segments) {
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
