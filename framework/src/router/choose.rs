//! Choosing the route for a request (docs/routing.md#choosing-the-route) and, when none handles it, the status the router
//! answers (docs/routing.md#statuses-the-router-answers).
//!
//! The generated matcher pushes every route whose path pattern matches; they are ranked by
//! coverage, then specificity, then declaration order, and tried in that order: the first whose
//! method fits, whose `auth` parameter accepts the request and whose query, header and cookie
//! parameters bind is chosen. What the refused candidates say decides the status: an `auth`
//! refusal (401/403) over a parameter failure (400) over a method mismatch (405) over no
//! candidate at all (404).
//!
//! Choosing is synchronous and allocates nothing until a candidate with an `auth` parameter is
//! reached: its check is started (a boxed future) and polled once. A check with nothing to wait
//! for decides then and there; when one waits, a future takes over that owns the request, its
//! segments and the ranked candidates, awaits that check and each later one that waits, and goes
//! on down the ranking exactly as the synchronous walk would have.

use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use actix_web::dev::Payload;
use actix_web::http::{Method, header};
use actix_web::{HttpRequest, HttpResponse};

use super::generated::{Candidate, Candidates, Captured, Handler, Item, Table};
use super::hook;
use super::info::{RouteInfo, SegmentInfo};
use super::method::Methods;
use super::mount::Mount;
use super::params::ParamError;
use super::path::{Cursor, DecodeBuf, RawSegments, holds, with_cursor};
use super::rejection::RouterError;
use super::trace::{enabled as tracing, trace};
use super::wrap::Chains;
use crate::auth::error::AuthError;
use crate::auth::slot::{AuthFuture, Authenticated};
use crate::session::guard;

/// The candidates of one request in docs/routing.md#choosing-the-route order, and what its method asks of them.
struct Ranked<'c, 't> {
    cands: &'c [Candidate<'t>],
    want: Methods,
    head: bool,
    /// A route written with `head` turns off HEAD-via-GET; an `any` route does not, so that
    /// HEAD keeps mirroring GET.
    explicit_head: bool,
}

/// Sorts the candidates in `found` by docs/routing.md#choosing-the-route and notes what the method asks of them.
#[inline(always)]
fn sort<'c, 't>(found: &'c mut Candidates<'t>, method: &Method) -> Ranked<'c, 't> {
    let cands = &mut found.cands;
    if cands.len() > 1 {
        cands
            .sort_unstable_by(|a, b| b.coverage.cmp(&a.coverage).then(a.kinds.cmp(&b.kinds)).then(a.decl.cmp(&b.decl)));
    }
    let want = Methods::of(method);
    let head = want == Methods::HEAD;
    let explicit_head = head && cands.iter().any(|c| c.info().methods.names(want));
    Ranked { cands, want, head, explicit_head }
}

/// The choice when it needs no ranking: the common cases, decided without sorting, without
/// refusals to keep and without a trace.
pub(crate) enum Quick<'c, 't, 'p> {
    /// No candidate: **404**.
    NotFound,
    /// One candidate, without `auth`, whose method fits, and the segments its captures took:
    /// it handles the request if its parameters bind.
    One(&'c Candidate<'t>, &'c [&'p str]),
    /// One candidate whose method does not fit: **405**.
    Refused(Methods),
    /// Rank and walk: [`with_cursor`] goes on from the strict walk, which found something
    /// (`Some(true)`), found nothing in a path holding a `%` (`Some(false)`), or did not run.
    Walk(Option<bool>),
}

/// The strict walk of `path` (see [`Cursor`]), keeping the segments the captures took when there
/// is somewhere to `keep` them, and, when that settles the request without ranking, the
/// decision: no candidate in a path without a `%` (404), or one candidate without `auth`. The
/// general walk gives the same answers (docs/routing.md), slower; it alone runs with `ROOK_TRACE` on,
/// since it explains itself.
#[inline(always)]
pub(crate) fn quick<'c, 't, 'p>(
    table: &'t Table,
    path: &'p str,
    method: &Method,
    found: &'c mut Candidates<'t>,
    mut kept: Option<&'c mut Captured<'p>>,
) -> Quick<'c, 't, 'p> {
    if tracing() {
        return Quick::Walk(None);
    }
    let Some(strict) = Cursor::strict(path) else { return Quick::Walk(None) };
    if !table.push(strict, found, kept.as_deref_mut()) {
        return if holds(path.as_bytes(), b'%') { Quick::Walk(Some(false)) } else { Quick::NotFound };
    }
    let [c] = &found.cands[..] else { return Quick::Walk(Some(true)) };
    let info = c.info();
    if info.auth.is_some() {
        return Quick::Walk(Some(true));
    }
    let methods = info.methods;
    let want = Methods::of(method);
    // HEAD via GET: one candidate that names HEAD accepts it itself.
    if methods.accepts(want) || want == Methods::HEAD && methods.accepts(Methods::GET) {
        Quick::One(c, kept.map_or(&[], |kept| kept.of(c)))
    } else {
        Quick::Refused(methods)
    }
}

/// The refusal of the one candidate of [`Quick::One`] whose parameters did not bind.
fn refused_one(c: &Candidate<'_>, e: Option<ParamError>) -> RouterError {
    match e {
        Some(e) => RouterError::BadParam(e),
        None => RouterError::MethodNotAllowed(c.info().methods),
    }
}

/// What happens to a candidate whose method fits, before its parameters bind.
enum Gate {
    /// No `auth` parameter, or its check passed with this value: bind the parameters.
    Pass(Authenticated),
    /// Its `auth` does not take part (a CORS preflight): try the next candidate.
    Skip,
    /// Its `auth` check refused the request: try the next candidate.
    Refused(AuthError),
    /// Its `auth` check waits for something: the choice goes on once it is done.
    Suspend(AuthFuture),
}

/// The gate of candidate `c` in a server: its `auth` check is started and polled once, so that a
/// check with nothing to wait for (`Bearer`, `Basic`, any `authenticate` whose awaits are ready)
/// decides at once and the choice stays synchronous; one that waits is handed on, started.
fn check(c: &Candidate<'_>, req: &HttpRequest, preflight: bool) -> Gate {
    match c.info().auth {
        None => Gate::Pass(Authenticated::none()),
        Some(_) if preflight => Gate::Skip,
        Some(_) => {
            let mut check = (c.table.block.authenticate)(c.item(), req);
            match check.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
                Poll::Ready(Ok(value)) => Gate::Pass(value),
                Poll::Ready(Err(e)) => Gate::Refused(e),
                Poll::Pending => Gate::Suspend(check),
            }
        }
    }
}

/// The first refusal of each kind met so far, in candidate order.
#[derive(Default)]
struct Refusals {
    auth: Option<AuthError>,
    param: Option<ParamError>,
}

/// How a walk down the ranking ended.
enum Walk<T> {
    /// This candidate handles the request.
    Chosen(T),
    /// Candidate `n` of the ranking waits for its `auth` check, started.
    Suspended(usize, AuthFuture),
    /// No candidate is left.
    Exhausted,
}

/// Tries the ranked candidates from the `from`th on: the method, then `gate` (the `auth`
/// check), then `bind` (the segments the captures took, then query, header and cookie
/// parameters).
#[inline(always)]
fn walk<'t, T>(
    ranked: &Ranked<'_, 't>,
    from: usize,
    (method, segs): (&Method, &[&str]),
    refusals: &mut Refusals,
    mut gate: impl FnMut(usize, &Candidate<'t>) -> Gate,
    mut bind: impl FnMut(&Candidate<'t>, Authenticated) -> Result<T, Option<ParamError>>,
) -> Walk<T> {
    for (n, c) in ranked.cands.iter().enumerate().skip(from) {
        let methods = c.info().methods;
        let fits =
            methods.accepts(ranked.want) || ranked.head && !ranked.explicit_head && methods.accepts(Methods::GET);
        if !fits {
            trace!("{method} {segs:?}: {} refused: method", name(c));
            continue;
        }
        let value = match gate(n, c) {
            Gate::Pass(value) => value,
            Gate::Skip => {
                trace!("{method} {segs:?}: {} skipped: auth takes no part in a CORS preflight", name(c));
                continue;
            }
            Gate::Refused(e) => {
                trace!("{method} {segs:?}: {} refused: auth: {e}", name(c));
                refusals.auth = refusals.auth.take().or(Some(e));
                continue;
            }
            Gate::Suspend(check) => return Walk::Suspended(n, check),
        };
        match bind(c, value) {
            Ok(chosen) => {
                trace!("{method} {segs:?}: {} chosen", name(c));
                return Walk::Chosen(chosen);
            }
            Err(e) => {
                trace!(
                    "{method} {segs:?}: {} refused: {}",
                    name(c),
                    e.as_ref().map_or("path".into(), |e| e.to_string())
                );
                refusals.param = refusals.param.take().or(e);
            }
        }
    }
    Walk::Exhausted
}

/// The router's answer when no candidate handled the request (docs/routing.md#statuses-the-router-answers).
fn refusal(table: &Table, ranked: &Ranked<'_, '_>, refusals: Refusals, method: &Method, segs: &[&str]) -> RouterError {
    let err = match refusals {
        Refusals { auth: Some(e), .. } => RouterError::Unauthorized(e),
        Refusals { param: Some(e), .. } => RouterError::BadParam(e),
        _ if ranked.cands.is_empty() => RouterError::NotFound,
        _ => RouterError::MethodNotAllowed(ranked.cands.iter().fold(Methods::NONE, |a, c| a.union(c.info().methods))),
    };
    if tracing() {
        if ranked.cands.is_empty() {
            refusals_of(table, segs, 0, 0, &|n, info, k, ty| {
                trace!(
                    "{method} {segs:?}: route #{n} ({} {}) refused: segment {} {:?} is not a {ty}",
                    info.methods,
                    info.pattern,
                    k + 1,
                    segs[k]
                );
            });
        }
        trace!("{method} {segs:?}: {err}");
    }
    err
}

/// docs/routing.md without a request, when [`quick`] did not decide: among the candidates `found` on
/// `path`, the first (in docs/routing.md#choosing-the-route order) whose method fits and whose parameters `bind`. `auth`
/// parameters are taken to accept.
#[inline(always)]
pub(crate) fn choose<'t, T>(
    table: &'t Table,
    method: &Method,
    path: Cursor<'_>,
    found: &mut Candidates<'t>,
    mut bind: impl FnMut(&Candidate<'t>) -> Result<T, Option<ParamError>>,
) -> Result<T, RouterError> {
    let ranked = sort(found, method);
    // The segments are only shown by the trace: matching itself never splits the path.
    let split: RawSegments<'_> = if tracing() { path.segments(&[]) } else { RawSegments::new() };
    let segs = &split[..];
    let mut refusals = Refusals::default();
    match walk(&ranked, 0, (method, segs), &mut refusals, |_, _| Gate::Pass(Authenticated::none()), |c, _| bind(c)) {
        Walk::Chosen(chosen) => Ok(chosen),
        Walk::Suspended(..) | Walk::Exhausted => Err(refusal(table, &ranked, refusals, method, segs)),
    }
}

/// Chooses the route for a request and starts its handler; the router's own refusal otherwise.
/// Synchronous until an `auth` check has to wait; then the handler is a future that awaits it
/// and makes the rest of the choice ([`resume`]).
pub(crate) fn dispatch(
    table: &Arc<Table>,
    mount: Mount,
    chains: Option<&Rc<Chains>>,
    req: &HttpRequest,
    payload: &mut Payload,
) -> Result<Handler, RouterError> {
    let path = mount.path(req);
    let method = req.method();
    let mut buf = DecodeBuf::default();
    let mut kept = Captured::new();
    let mut found = Candidates::new();
    let walked = match quick(table, path, method, &mut found, Some(&mut kept)) {
        Quick::NotFound => return Err(RouterError::NotFound),
        Quick::One(c, captured) => {
            return invoke(c, (captured, &mut Authenticated::none()), req, payload, chains, &[])
                .map_err(|e| refused_one(c, e));
        }
        Quick::Refused(methods) => return Err(RouterError::MethodNotAllowed(methods)),
        Quick::Walk(walked) => walked,
    };
    let then = |path: Cursor<'_>, (found, kept): &mut (&mut Candidates<'_>, &mut Captured<'_>)| {
        let ranked = sort(found, method);
        // The segments are only shown by the trace: binding takes what the captures took.
        let split: RawSegments<'_> = if tracing() { path.segments(&[]) } else { RawSegments::new() };
        let segs = &split[..];
        let mut refusals = Refusals::default();
        let preflight = preflight(req);
        let gate = |_: usize, c: &Candidate<'_>| check(c, req, preflight);
        let bind = |c: &Candidate<'_>, mut value: Authenticated| {
            invoke(c, (kept.of(c), &mut value), req, payload, chains, segs)
        };
        match walk(&ranked, 0, (method, segs), &mut refusals, gate, bind) {
            Walk::Chosen(handler) => Ok(handler),
            Walk::Exhausted => Err(refusal(table, &ranked, refusals, method, segs)),
            Walk::Suspended(n, check) => {
                let rest =
                    resume(table.clone(), mount, chains.cloned(), req.clone(), payload.take(), (n, check), refusals);
                Ok(Handler::Future(Box::pin(rest)))
            }
        }
    };
    let state = &mut (&mut found, &mut kept);
    with_cursor(
        path,
        &mut buf,
        state,
        walked,
        |path, (found, kept)| table.push(path, found, Some(kept)),
        then,
        |e| Err(RouterError::BadPath(e)),
    )
}

/// The choice from candidate `n` on, whose `auth` check (`pending`, started) waits for
/// something: owns what the synchronous walk borrowed, ranks the candidates again (the same
/// ranking: the matcher is a function of the path), awaits the check and walks on, awaiting
/// each check that waits.
async fn resume(
    table: Arc<Table>,
    mount: Mount,
    chains: Option<Rc<Chains>>,
    req: HttpRequest,
    mut payload: Payload,
    (mut n, mut pending): (usize, AuthFuture),
    mut refusals: Refusals,
) -> HttpResponse {
    let method = req.method();
    let path = mount.path(&req);
    // The captured segments borrow from the request this future owns, or from the buffer a
    // path with escapes is decoded into, which it owns too.
    let mut buf = DecodeBuf::default();
    let (mut found, mut kept) = (Candidates::new(), Captured::new());
    let split = with_cursor(
        path,
        &mut buf,
        &mut (&mut found, &mut kept),
        None,
        |path, (found, kept)| table.push(path, found, Some(kept)),
        |cursor, _| Ok(if tracing() { cursor.segments(&[]) } else { RawSegments::new() }),
        Err,
    );
    let segs = match split {
        Ok(split) => split,
        Err(e) => return HttpResponse::from_error(RouterError::BadPath(e)),
    };
    let ranked = sort(&mut found, method);
    let preflight = preflight(&req);
    loop {
        let waited = n;
        let mut passed = match pending.await {
            Ok(value) => Some(value),
            Err(e) => {
                trace!("{method} {segs:?}: {} refused: auth: {e}", name(&ranked.cands[waited]));
                refusals.auth = refusals.auth.take().or(Some(e));
                None
            }
        };
        let from = if passed.is_some() { waited } else { waited + 1 };
        let gate = |k: usize, c: &Candidate<'_>| match passed.take() {
            Some(value) if k == waited => Gate::Pass(value),
            _ => check(c, &req, preflight),
        };
        let bind = |c: &Candidate<'_>, mut value: Authenticated| {
            invoke(c, (kept.of(c), &mut value), &req, &mut payload, chains.as_ref(), &segs)
        };
        match walk(&ranked, from, (method, &segs), &mut refusals, gate, bind) {
            Walk::Chosen(Handler::Ready(res)) => return res,
            Walk::Chosen(Handler::Future(handler)) => return handler.await,
            Walk::Suspended(next, check) => (n, pending) = (next, check),
            Walk::Exhausted => return HttpResponse::from_error(refusal(&table, &ranked, refusals, method, &segs)),
        }
    }
}

/// Binds candidate `c`'s parameters (its path values from `captured`, the segments its
/// captures took; its `auth` parameter from `auth`, the value its check produced) and builds
/// its handler, inside its tables' middleware when it has some. `segs` are the path's
/// segments, for the trace.
fn invoke(
    c: &Candidate<'_>,
    (captured, auth): (&[&str], &mut Authenticated),
    req: &HttpRequest,
    payload: &mut Payload,
    chains: Option<&Rc<Chains>>,
    segs: &[&str],
) -> Result<Handler, Option<ParamError>> {
    let wrapped = chains.filter(|chains| chains.wraps(c.decl));
    if guard::applies(c.table.csrf.0, auth.csrf_exempt(), req) {
        return invoke_guarded(c, (captured, auth), req, payload, wrapped);
    }
    let handler = (c.table.block.invoke)(c.item(), captured, auth, req, payload, wrapped.is_some())?;
    hook::chosen(req, c.decl as usize);
    if wrapped.is_some() {
        trace!("{} {segs:?}: {} runs inside its tables' middleware", req.method(), name(c));
    }
    Ok(match wrapped {
        Some(chains) => Handler::Future(chains.run(c.decl, req, handler)),
        None => handler,
    })
}

/// [`invoke`] for a request that the CSRF check must look at (docs/sessions.md: after `auth`, before
/// extractors and bodies): the handler waits, with a payload that the check fills once it has
/// found the session's token (reading the start of the body), or is dropped for a **403**.
#[cold]
#[inline(never)]
fn invoke_guarded(
    c: &Candidate<'_>,
    (captured, auth): (&[&str], &mut Authenticated),
    req: &HttpRequest,
    payload: &mut Payload,
    wrapped: Option<&Rc<Chains>>,
) -> Result<Handler, Option<ParamError>> {
    let slot = guard::Slot::default();
    let original = std::mem::replace(payload, slot.payload());
    let handler = match (c.table.block.invoke)(c.item(), captured, auth, req, payload, true) {
        Ok(handler) => handler,
        Err(e) => {
            // Not chosen: the next candidate gets the body.
            *payload = original;
            return Err(e);
        }
    };
    hook::chosen(req, c.decl as usize);
    let handler = match (wrapped, handler) {
        (Some(chains), handler) => chains.run(c.decl, req, handler),
        (None, Handler::Future(handler)) => handler,
        (None, Handler::Ready(res)) => Box::pin(std::future::ready(res)),
    };
    Ok(Handler::Future(guard::guarded(req.clone(), original, slot, handler)))
}

/// A CORS preflight (`OPTIONS` with `Access-Control-Request-Method`), which `auth` never refuses
/// (docs/auth.md).
fn preflight(req: &HttpRequest) -> bool {
    req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// `route #3 (GET /items/{id: u32})`, `route #4 (GET /me, auth u: User)`, for the trace.
fn name(c: &Candidate<'_>) -> String {
    let info = c.info();
    match info.auth {
        Some(auth) => format!("route #{} ({} {}, auth {}: {})", c.decl, info.methods, info.pattern, auth.name, auth.ty),
        None => format!("route #{} ({} {})", c.decl, info.methods, info.pattern),
    }
}

/// What a refusal is told: the route's declaration number, the route, the index in the path of
/// the refused segment, and the capture's type.
type Refused<'a> = dyn Fn(u32, &RouteInfo, usize, &str) + 'a;

/// Finds, for every route whose literals fit `segs` but whose capture refused a segment, which
/// segment and which type (`segment 2 "abc" is not a u32`). Only run when tracing, after no
/// route matched; `offset` is where `segs` starts in the path, `decl` the table's first
/// declaration number.
fn refusals_of(table: &Table, segs: &[&str], offset: usize, decl: u32, refused: &Refused<'_>) {
    let mut nth = 0;
    for (i, item) in table.block.items.iter().enumerate() {
        match item {
            Item::Include(prefix) => {
                let inner = &table.includes[nth];
                nth += 1;
                if segs.len() >= prefix.len() && prefix.iter().zip(segs).all(|(p, s)| p == s) {
                    refusals_of(inner, &segs[prefix.len()..], offset + prefix.len(), decl + table.decl[i], refused);
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
