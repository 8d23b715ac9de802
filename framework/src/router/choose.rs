//! Choosing the route for a request (SPEC §4) and, when none handles it, the status the router
//! answers (SPEC §5).
//!
//! The generated matcher pushes every route whose path pattern matches; they are ranked by
//! coverage, then specificity, then declaration order, and tried in that order: the first whose
//! method fits and whose query, header and cookie parameters bind is chosen. What the refused
//! candidates say decides the status: a parameter failure (400) over a method mismatch (405)
//! over no candidate at all (404).

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::HttpRequest;
use smallvec::SmallVec;

use super::generated::{Candidate, Candidates, Handler, Item, Origin, Table};
use super::hook;
use super::info::{RouteInfo, SegmentInfo};
use super::method::Methods;
use super::params::ParamError;
use super::path::{Cursor, RawSegments, with_cursor};
use super::rejection::RouterError;
use super::trace::{enabled as tracing, trace};

/// SPEC §4–5: ranks the candidates of the path's segments `segs`, then takes the first whose
/// method fits and whose parameters `bind`.
pub(crate) fn choose<'t, T>(
    table: &'t Table,
    method: &Method,
    segs: Cursor<'_>,
    mut bind: impl FnMut(&Candidate<'t>) -> Result<T, Option<ParamError>>,
) -> Result<T, RouterError> {
    let mut cands = Candidates(SmallVec::new());
    (table.block.candidates)(table, segs, Origin::ROOT, &mut cands);
    let cands = &mut cands.0;
    if cands.len() > 1 {
        cands.sort_unstable_by(|a, b| b.coverage.cmp(&a.coverage).then(a.kinds.cmp(&b.kinds)).then(a.decl.cmp(&b.decl)));
    }
    let want = Methods::of(method);
    let head = want == Methods::HEAD;
    // A route written with `head` turns off HEAD-via-GET; an `any` route does not, so that
    // HEAD keeps mirroring GET.
    let explicit_head = head && cands.iter().any(|c| c.info().methods.names(want));
    let mut allowed = Methods::NONE;
    let mut failure = None;
    for c in cands.iter() {
        let methods = c.info().methods;
        allowed = allowed.union(methods);
        let fits = methods.accepts(want) || head && !explicit_head && methods.accepts(Methods::GET);
        if !fits {
            trace!("{method} {segs:?}: {} refused: method", name(c));
            continue;
        }
        match bind(c) {
            Ok(chosen) => {
                trace!("{method} {segs:?}: {} chosen", name(c));
                return Ok(chosen);
            }
            Err(e) => {
                trace!("{method} {segs:?}: {} refused: {}", name(c), e.as_ref().map_or("path".into(), |e| e.to_string()));
                failure = failure.or(e);
            }
        }
    }
    let err = match failure {
        Some(e) => RouterError::BadParam(e),
        None if cands.is_empty() => RouterError::NotFound,
        None => RouterError::MethodNotAllowed(allowed),
    };
    if tracing() {
        if cands.is_empty() {
            let segs = segs.segments(&[]);
            refusals(table, &segs, 0, 0, &|n, info, k, ty| {
                trace!("{method} {segs:?}: route #{n} ({} {}) refused: segment {} {:?} is not a {ty}", info.methods, info.pattern, k + 1, segs[k]);
            });
        }
        trace!("{method} {segs:?}: {err}");
    }
    Err(err)
}

/// Chooses the route for a request and starts its handler; the router's own refusal otherwise.
pub(crate) fn dispatch(table: &Table, req: &HttpRequest, payload: &mut Payload) -> Result<Handler, RouterError> {
    let chosen = with_cursor(req.uri().path(), |path| {
        // Split once, for the candidate whose parameters are bound (usually the only one).
        let mut split: Option<(usize, RawSegments<'_>)> = None;
        choose(table, req.method(), path, |c| {
            if split.as_ref().is_none_or(|(offset, _)| *offset != c.offset) {
                split = Some((c.offset, path.skip(c.offset).segments(&[])));
            }
            let segs = &split.as_ref().expect("split above").1;
            let handler = (c.table.block.invoke)(c.item, segs, req, payload);
            if handler.is_ok() {
                hook::chosen(req, c.decl as usize);
            }
            handler
        })
    });
    chosen.map_err(RouterError::BadPath).flatten()
}

/// `route #3 (GET /items/{id: u32})`, for the trace.
fn name(c: &Candidate<'_>) -> String {
    format!("route #{} ({} {})", c.decl, c.info().methods, c.info().pattern)
}

/// What a refusal is told: the route's declaration number, the route, the index in the path of
/// the refused segment, and the capture's type.
type Refused<'a> = dyn Fn(u32, &RouteInfo, usize, &str) + 'a;

/// Finds, for every route whose literals fit `segs` but whose capture refused a segment, which
/// segment and which type (`segment 2 "abc" is not a u32`). Only run when tracing, after no
/// route matched; `offset` is where `segs` starts in the path, `decl` the table's first
/// declaration number.
fn refusals(table: &Table, segs: &[&str], offset: usize, decl: u32, refused: &Refused<'_>) {
    let mut nth = 0;
    for (i, item) in table.block.items.iter().enumerate() {
        match item {
            Item::Include(prefix) => {
                let inner = &table.includes[nth];
                nth += 1;
                if segs.len() >= prefix.len() && prefix.iter().zip(segs).all(|(p, s)| p == s) {
                    refusals(inner, &segs[prefix.len()..], offset + prefix.len(), decl + table.decl[i], refused);
                }
            }
            Item::Route(info) => {
                if let Some((k, ty)) = refused_segment(info.segments, segs, (table.block.refuses)(i, segs)) {
                    refused(decl + table.decl[i], info, offset + k, ty);
                }
            }
        }
    }
}

/// The segment of `segs` that the route's capture at `k` refused, with the capture's type, if
/// the route's literals all fit and `refused` (the generated check) names one.
fn refused_segment(pattern: &[SegmentInfo], segs: &[&str], refused: Option<usize>) -> Option<(usize, &'static str)> {
    let k = refused?;
    let ty = match pattern.get(k).or(pattern.last())? {
        SegmentInfo::Capture { ty, .. } | SegmentInfo::Optional { ty, .. } | SegmentInfo::Slurpy { ty, .. } => *ty,
        SegmentInfo::Literal(_) => return None,
    };
    segs.get(k).map(|_| (k, ty))
}
