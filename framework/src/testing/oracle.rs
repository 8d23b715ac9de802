//! [`Oracle`]: a deliberately naive interpreter of docs/routing.md over `Routes::list()`.
//!
//! It decodes requests with its own decoders, tries every route one by one, sorts the
//! candidates by the three rules of docs/routing.md#choosing-the-route as written, and binds query, header and cookie
//! parameters by counting values. Nothing is shared with the router: when the two disagree,
//! one of them misreads the rules (docs/). What it cannot know it is told ([`Oracle::accepts`],
//! [`Oracle::guard`]) or answers honestly with every outcome that is possible: a guard it cannot
//! evaluate may be true or false, so a request that reaches one has two acceptable outcomes.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use crate::FromSegment;
use crate::PathError;
use crate::Routes;
use crate::Source;
use crate::{Arity, SegmentInfo};

use super::auth::{self, AuthModel, AuthRefusal};
use super::decode;
use super::request::Request;
use super::types::{Types, unknown_type};

/// The methods `route!` knows by name, in `Allow` order; what `any` stands for in `Allow`.
pub const NAMED_METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

/// The decoded segments bound to each path capture, in pattern order: one for a capture, zero
/// or one for an optional capture, any number for a slurpy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Captures(pub Vec<(String, Vec<String>)>);

impl Captures {
    /// The segments bound to capture `name`.
    pub fn get(&self, name: &str) -> Option<&[String]> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_slice())
    }

    /// The one segment bound to capture `name`, if it has exactly one.
    pub fn one(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// What was wrong with a query, header or cookie parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamProblem {
    /// Required and absent.
    Missing,
    /// Takes one value and was given several.
    Repeated,
    /// A value its type does not accept.
    Invalid,
}

/// What must happen to a request (docs/routing.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The route at `index` in `Routes::list()` handles it, with these captures.
    Route {
        /// The route's index in `Routes::list()`.
        index: usize,
        /// Its path captures.
        captures: Captures,
    },
    /// **400** before routing: the path does not decode.
    BadPath(PathError),
    /// **400**: the first parameter failure in candidate order.
    BadParam {
        /// Where the parameter is read from.
        source: Source,
        /// Its query key, header name or cookie name.
        key: String,
        /// What was wrong.
        problem: ParamProblem,
    },
    /// **401** / **403**: the first `auth` refusal in candidate order (docs/routing.md#statuses-the-router-answers, docs/auth.md).
    Refused(AuthRefusal),
    /// **404**.
    NotFound,
    /// **405** with this `Allow` set.
    MethodNotAllowed(BTreeSet<String>),
    /// **204** with this `Allow` set: OPTIONS on a path that routes fit, none of them for OPTIONS.
    Options(BTreeSet<String>),
}

impl Outcome {
    /// The status the router answers with; `None` when a handler answers.
    pub fn status(&self) -> Option<u16> {
        match self {
            Outcome::Route { .. } => None,
            Outcome::BadPath(_) | Outcome::BadParam { .. } => Some(400),
            Outcome::Refused(AuthRefusal::Unauthenticated(_)) => Some(401),
            Outcome::Refused(AuthRefusal::Forbidden) => Some(403),
            Outcome::NotFound => Some(404),
            Outcome::MethodNotAllowed(_) => Some(405),
            Outcome::Options(_) => Some(204),
        }
    }

    /// A short name of the kind of outcome, for statistics.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Route { .. } => "route",
            Outcome::BadPath(_) => "400 path",
            Outcome::BadParam { .. } => "400 parameter",
            Outcome::Refused(AuthRefusal::Unauthenticated(_)) => "401",
            Outcome::Refused(AuthRefusal::Forbidden) => "403",
            Outcome::NotFound => "404",
            Outcome::MethodNotAllowed(_) => "405",
            Outcome::Options(_) => "OPTIONS 204",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
        match self {
            Outcome::Route { index, captures } => write!(f, "route #{index} with {:?}", captures.0),
            Outcome::BadPath(e) => write!(f, "400 ({e})"),
            Outcome::BadParam { source, key, problem } => write!(f, "400 ({problem:?} {source:?} parameter {key:?})"),
            Outcome::Refused(AuthRefusal::Unauthenticated(c)) => write!(f, "401 with WWW-Authenticate: {c}"),
            Outcome::Refused(AuthRefusal::Forbidden) => f.write_str("403"),
            Outcome::NotFound => f.write_str("404"),
            Outcome::MethodNotAllowed(allow) => write!(f, "405 with Allow: {}", set(allow)),
            Outcome::Options(allow) => write!(f, "204 with Allow: {}", set(allow)),
        }
    }
}

/// One segment of a pattern, include prefixes as literals.
#[derive(Debug, Clone)]
pub(crate) enum Seg {
    Literal(String),
    Capture { name: String, ty: String },
    Optional { name: String, ty: String },
    Slurpy { name: String, ty: String },
}

/// A query, header or cookie parameter.
#[derive(Debug, Clone)]
pub(crate) struct Param {
    pub source: Source,
    pub key: String,
    pub ty: String,
    pub arity: Arity,
}

/// One route, read from its `Routes::list()` entry.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    /// As `Routes::list()` prints it.
    pub label: String,
    /// The full path pattern: `/catalogue/products/{id: u32}`.
    pub pattern: String,
    /// `None` for `any`.
    pub methods: Option<BTreeSet<String>>,
    pub segs: Vec<Seg>,
    pub params: Vec<Param>,
    pub guarded: bool,
    /// The type of its `auth` parameter, as written.
    pub auth: Option<String>,
}

impl Route {
    pub(crate) fn allows(&self, method: &str) -> bool {
        self.methods.as_ref().is_none_or(|m| m.contains(method))
    }
}

/// A guard the oracle has been told how to evaluate.
type Guard = Arc<dyn Fn(&Captures) -> bool + Send + Sync>;

/// The answer of Rook's rules for requests to one route table.
///
/// ```
/// use rook::prelude::*;
/// use rook::testing::{Oracle, Outcome, Request};
///
/// let routes = route! {
///     get "product" / id: u32 => format!("{id}"),
///     post "product" / name: String => name,
/// };
/// let oracle = Oracle::new(&routes);
/// let outcomes = oracle.expect(&Request::new("GET", "/product/12"));
/// assert!(matches!(&outcomes[..], [Outcome::Route { index: 0, .. }]));
/// assert_eq!(oracle.expect(&Request::new("GET", "/product/ab"))[0].status(), Some(405));
/// assert_eq!(oracle.expect(&Request::new("GET", "/product/%zz"))[0].status(), Some(400));
/// ```
#[derive(Clone)]
pub struct Oracle {
    pub(crate) routes: Vec<Route>,
    pub(crate) types: Types,
    guards: HashMap<usize, Guard>,
    pub(crate) auths: HashMap<String, AuthModel>,
    /// The table's error format, and those of included tables by literal prefix.
    format: crate::ErrorFormat,
    scoped: Vec<(Vec<&'static str>, crate::ErrorFormat)>,
}

/// A route whose whole pattern matched the path.
struct Candidate {
    index: usize,
    coverage: usize,
    /// Kind of each covered segment: literal 0, capture 1, optional capture 2.
    kinds: Vec<u8>,
    captures: Captures,
}

/// How a pattern matched (built from the end of the path backwards).
#[derive(Default)]
struct Match {
    coverage: usize,
    kinds: Vec<u8>,
    captures: Vec<(String, Vec<String>)>,
}

impl Match {
    fn after(mut self, kind: u8, capture: Option<(&str, &str)>) -> Match {
        self.coverage += 1;
        self.kinds.insert(0, kind);
        if let Some((name, seg)) = capture {
            self.captures.insert(0, (name.to_owned(), vec![seg.to_owned()]));
        }
        self
    }
}

/// More uncertain guards than this on one request are not explored one by one.
const MAX_UNCERTAIN: usize = 12;

impl Oracle {
    /// Reads the table of `routes`. Built-in value types are known; register the others with
    /// [`accepts`](Self::accepts).
    pub fn new(routes: &Routes) -> Oracle {
        let table = routes;
        let routes = routes
            .list()
            .iter()
            .map(|entry| {
                let shown = entry.info.methods.to_string();
                let methods = (shown != "ANY").then(|| shown.split(" | ").map(str::to_owned).collect());
                let segs = entry
                    .segments()
                    .into_iter()
                    .map(|s| match s {
                        SegmentInfo::Literal(text) => Seg::Literal(text.to_owned()),
                        SegmentInfo::Capture { name, ty } => Seg::Capture { name: name.into(), ty: ty.into() },
                        SegmentInfo::Optional { name, ty, .. } => Seg::Optional { name: name.into(), ty: ty.into() },
                        SegmentInfo::Slurpy { name, ty } => Seg::Slurpy { name: name.into(), ty: ty.into() },
                    })
                    .collect();
                let params = entry
                    .info
                    .params
                    .iter()
                    .map(|p| Param { source: p.source, key: p.key.to_owned(), ty: p.ty.to_owned(), arity: p.arity })
                    .collect();
                let (label, pattern) = (entry.to_string(), entry.pattern());
                let auth = entry.info.auth.map(|a| a.ty.to_owned());
                Route { label, pattern, methods, segs, params, guarded: entry.info.guarded, auth }
            })
            .collect();
        let auths = HashMap::from([("Bearer".to_owned(), auth::bearer()), ("Basic".to_owned(), auth::basic())]);
        let (format, scoped) = (table.format.clone(), table.scoped.clone());
        Oracle { routes, types: Types::default(), guards: HashMap::new(), auths, format, scoped }
    }

    /// Tells the oracle what type `T`, written `name` in the routes, accepts: whatever its own
    /// [`FromSegment`] parser accepts. That tests the router's use of the type, not the type.
    pub fn accepts<T: FromSegment>(mut self, name: &str) -> Oracle {
        self.types.register::<T>(name);
        self
    }

    /// Tells the oracle which requests the `Authenticate` type written `name` accepts, and
    /// gives the generators `Authorization` values to send to its routes (and sometimes none).
    /// `Bearer` and `Basic` (default realm) are known already; registering them again replaces
    /// them (to model another realm, say).
    ///
    /// ```
    /// use rook::prelude::*;
    /// use rook::testing::{AuthRefusal, Oracle, Outcome, Request};
    ///
    /// let routes = route! { get "me", auth who: Bearer => who.into_token(), get "me" => "anonymous" };
    /// let oracle = Oracle::new(&routes);
    /// let alice = Request::new("GET", "/me").header("Authorization", "Bearer alice");
    /// assert!(matches!(&oracle.expect(&alice)[..], [Outcome::Route { index: 0, .. }]));
    /// assert!(matches!(&oracle.expect(&Request::new("GET", "/me"))[..], [Outcome::Route { index: 1, .. }]));
    /// let admin = route! { get "admin", auth who: Bearer => who.into_token() };
    /// let oracle = Oracle::new(&admin).authenticates("Bearer", ["Bearer root", "Bearer guest"], |req| {
    ///     match req.header_values("Authorization").first().copied() {
    ///         Some("Bearer root") => Ok(()),
    ///         Some("Bearer guest") => Err(AuthRefusal::Forbidden),
    ///         _ => Err(AuthRefusal::Unauthenticated("Bearer".into())),
    ///     }
    /// });
    /// assert_eq!(oracle.expect(&Request::new("GET", "/admin"))[0].status(), Some(401));
    /// ```
    pub fn authenticates<S: Into<String>>(
        mut self,
        name: &str,
        headers: impl IntoIterator<Item = S>,
        decide: impl Fn(&Request) -> Result<(), AuthRefusal> + Send + Sync + 'static,
    ) -> Oracle {
        let headers = headers.into_iter().map(Into::into).collect();
        self.auths.insert(name.to_owned(), AuthModel { decide: Arc::new(decide), headers });
        self
    }

    /// Texts that type `name` accepts, for the generators (they cannot invent a valid UUID).
    pub fn samples<S: Into<String>>(mut self, name: &str, samples: impl IntoIterator<Item = S>) -> Oracle {
        self.types.add_samples(name, samples.into_iter().map(Into::into));
        self
    }

    /// Tells the oracle what the guard of route `index` (in `Routes::list()`) says, given the
    /// route's captures as decoded text. Without it, the guard may be true or false.
    ///
    /// # Panics
    /// If route `index` does not exist or has no guard.
    pub fn guard(mut self, index: usize, holds: impl Fn(&Captures) -> bool + Send + Sync + 'static) -> Oracle {
        let route = self.routes.get(index).unwrap_or_else(|| panic!("rook::testing: no route #{index}"));
        assert!(route.guarded, "rook::testing: route #{index} ({}) has no guard", route.label);
        self.guards.insert(index, Arc::new(holds));
        self
    }

    /// The value types that routes use and the oracle does not know.
    pub fn unknown_types(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.routes {
            let segs = r.segs.iter().filter_map(|s| match s {
                Seg::Literal(_) => None,
                Seg::Capture { ty, .. } | Seg::Optional { ty, .. } | Seg::Slurpy { ty, .. } => Some(ty),
            });
            for ty in segs.chain(r.params.iter().map(|p| &p.ty)) {
                if self.types.get(ty).is_none() && !out.contains(ty) {
                    out.push(ty.clone());
                }
            }
        }
        out
    }

    /// The indices of the guarded routes that `which` picks, given index and full pattern.
    pub(crate) fn guarded(&self, which: impl Fn(usize, &str) -> bool) -> Vec<usize> {
        (0..self.routes.len()).filter(|&i| self.routes[i].guarded && which(i, &self.routes[i].pattern)).collect()
    }

    /// Panics with how to fix it if some type is unknown.
    pub(crate) fn assert_types_known(&self) {
        if let Some(ty) = self.unknown_types().first() {
            panic!("{}", unknown_type(ty));
        }
        if let Some(ty) = self.routes.iter().filter_map(|r| r.auth.as_ref()).find(|ty| !self.auths.contains_key(*ty)) {
            panic!(
                "rook::testing: the oracle does not know the auth type `{ty}`; tell it which requests it \
                 accepts with `.authenticates(\"{ty}\", [authorization values], |req| ...)`"
            );
        }
    }

    /// The error format the router's answers to `path` are rendered in: that of the deepest
    /// included table whose prefix the decoded path starts with, else the table's.
    pub fn error_format(&self, path: &str) -> &crate::ErrorFormat {
        let Ok(segs) = decode::split_decode(path) else { return &self.format };
        let fits = |p: &[&str]| p.len() <= segs.len() && p.iter().zip(&segs).all(|(a, b)| a == b);
        self.scoped.iter().filter(|(p, _)| fits(p)).max_by_key(|(p, _)| p.len()).map_or(&self.format, |(_, f)| f)
    }

    /// The number of routes.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// Whether the table has no routes.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// Route `index` as `Routes::list()` prints it.
    pub fn describe(&self, index: usize) -> &str {
        &self.routes[index].label
    }

    /// Every acceptable outcome of `req` (one, unless a guard the oracle cannot evaluate is
    /// involved).
    ///
    /// # Panics
    /// If the request reaches a value of a type that is neither built in nor registered.
    pub fn expect(&self, req: &Request) -> Vec<Outcome> {
        self.outcomes(&req.method, &req.path, Some(req))
    }

    /// Every acceptable outcome of `method` on `path` when query, header and cookie parameters
    /// are not looked at — what [`Routes::recognize`] answers.
    pub fn expect_path(&self, method: &str, path: &str) -> Vec<Outcome> {
        self.outcomes(method, path, None)
    }

    fn outcomes(&self, method: &str, path: &str, req: Option<&Request>) -> Vec<Outcome> {
        let segs = match decode::split_decode(path) {
            Ok(segs) => segs,
            Err(e) => return vec![Outcome::BadPath(e)],
        };
        let mut certain = Vec::new();
        let mut uncertain = Vec::new();
        for (index, route) in self.routes.iter().enumerate() {
            let Some(m) = self.match_pattern(&route.segs, &segs) else { continue };
            let cand = Candidate { index, coverage: m.coverage, kinds: m.kinds, captures: Captures(m.captures) };
            match (route.guarded, self.guards.get(&index)) {
                (false, _) => certain.push(cand),
                (true, Some(holds)) if holds(&cand.captures) => certain.push(cand),
                (true, Some(_)) => {}
                (true, None) => uncertain.push(cand),
            }
        }
        // docs/routing.md#choosing-the-route: a false guard means the route does not match. Each guard the oracle cannot
        // evaluate is tried both ways.
        let explored = uncertain.len().min(MAX_UNCERTAIN);
        let mut out: Vec<Outcome> = Vec::new();
        for mask in 0..1u32 << explored {
            let mut cands: Vec<&Candidate> = certain.iter().collect();
            cands.extend(
                uncertain.iter().enumerate().filter(|(i, _)| *i >= explored || mask & 1 << i != 0).map(|(_, c)| c),
            );
            let outcome = self.choose(method, cands, req);
            if !out.contains(&outcome) {
                out.push(outcome);
            }
        }
        out
    }

    /// docs/routing.md over the matching candidates.
    fn choose(&self, method: &str, mut cands: Vec<&Candidate>, req: Option<&Request>) -> Outcome {
        if cands.is_empty() {
            return Outcome::NotFound;
        }
        // Coverage (more first), specificity (at the first differing segment, the lower kind
        // first), declaration order.
        cands.sort_by(|a, b| {
            b.coverage.cmp(&a.coverage).then_with(|| {
                let differ = a.kinds.iter().zip(&b.kinds).find(|(k, l)| k != l);
                differ.map_or(Ordering::Equal, |(k, l)| k.cmp(l)).then(a.index.cmp(&b.index))
            })
        });
        // HEAD is served by the GET route unless a route written with `head` fits the path
        // (`any` is a catch-all, not a HEAD route).
        let head_route =
            cands.iter().any(|c| self.routes[c.index].methods.as_ref().is_some_and(|m| m.contains("HEAD")));
        let mut failure = None;
        let mut refused = None;
        for c in &cands {
            let route = &self.routes[c.index];
            let fits = route.allows(method) || (method == "HEAD" && !head_route && route.allows("GET"));
            if !fits {
                continue;
            }
            // docs/auth.md: `auth` after the method, before the parameters; never on a CORS preflight;
            // taken to accept when only the path is looked at.
            if let (Some(ty), Some(req)) = (&route.auth, req) {
                if method == "OPTIONS" && !req.header_values("Access-Control-Request-Method").is_empty() {
                    continue;
                }
                let model = self.auths.get(ty).unwrap_or_else(|| panic!("rook::testing: unknown auth type `{ty}`"));
                if let Err(refusal) = (model.decide)(req) {
                    refused.get_or_insert(refusal);
                    continue;
                }
            }
            match req.map_or(Ok(()), |req| self.bind(route, req)) {
                Ok(()) => return Outcome::Route { index: c.index, captures: c.captures.clone() },
                Err(e) => {
                    failure.get_or_insert(e);
                }
            }
        }
        if let Some(refusal) = refused {
            return Outcome::Refused(refusal);
        }
        if let Some(failure) = failure {
            return failure;
        }
        let mut allow = BTreeSet::new();
        for c in &cands {
            match &self.routes[c.index].methods {
                None => allow.extend(NAMED_METHODS.iter().map(|m| m.to_string())),
                Some(m) => allow.extend(m.iter().cloned()),
            }
        }
        allow.insert("OPTIONS".to_owned());
        if allow.contains("GET") {
            allow.insert("HEAD".to_owned());
        }
        if method == "OPTIONS" { Outcome::Options(allow) } else { Outcome::MethodNotAllowed(allow) }
    }

    /// Binds the route's parameters in declaration order; the first failure.
    fn bind(&self, route: &Route, req: &Request) -> Result<(), Outcome> {
        for p in &route.params {
            // `Err(())`: a value that cannot be read as text at all.
            let values: Vec<Result<String, ()>> = match p.source {
                Source::Query => req.query_results(&p.key).into_iter().map(|v| v.map_err(drop)).collect(),
                Source::Header => req
                    .header_values(&p.key)
                    .into_iter()
                    .map(|v| if decode::header_is_text(v) { Ok(v.to_owned()) } else { Err(()) })
                    .collect(),
                Source::Cookie => req.cookie_values(&p.key).into_iter().map(Ok).collect(),
            };
            let fail = |problem| Err(Outcome::BadParam { source: p.source, key: p.key.clone(), problem });
            match (p.arity, values.len()) {
                (Arity::Required, 0) => return fail(ParamProblem::Missing),
                (Arity::Required | Arity::Optional, n) if n > 1 => return fail(ParamProblem::Repeated),
                _ => {}
            }
            if !values.iter().all(|v| v.as_ref().is_ok_and(|v| self.types.accepts(&p.ty, v))) {
                return fail(ParamProblem::Invalid);
            }
        }
        Ok(())
    }

    /// docs/routing.md#paths-and-segments: `pat` against the whole of `segs`.
    fn match_pattern(&self, pat: &[Seg], segs: &[String]) -> Option<Match> {
        let Some((first, pat_rest)) = pat.split_first() else {
            return segs.is_empty().then(Match::default);
        };
        // A capture or a present optional capture: one non-empty segment that `ty` accepts.
        let one = |name: &str, kind: u8, ty: &str| {
            let (seg, segs_rest) = segs.split_first()?;
            if seg.is_empty() || !self.types.accepts(ty, seg) {
                return None;
            }
            Some(self.match_pattern(pat_rest, segs_rest)?.after(kind, Some((name, seg))))
        };
        match first {
            Seg::Literal(text) => {
                let (seg, segs_rest) = segs.split_first()?;
                if seg != text {
                    return None;
                }
                Some(self.match_pattern(pat_rest, segs_rest)?.after(0, None))
            }
            Seg::Capture { name, ty } => one(name, 1, ty),
            Seg::Optional { name, ty } if !segs.is_empty() => one(name, 2, ty),
            Seg::Optional { .. } => {
                // Absent, and so is every optional capture after it.
                let captures = pat.iter().filter_map(|s| match s {
                    Seg::Optional { name, .. } => Some((name.clone(), Vec::new())),
                    _ => None,
                });
                let only_optionals = pat.iter().all(|s| matches!(s, Seg::Optional { .. }));
                only_optionals.then(|| Match { captures: captures.collect(), ..Match::default() })
            }
            Seg::Slurpy { name, ty } => {
                let all = segs.iter().all(|s| self.types.accepts(ty, s));
                all.then(|| Match { captures: vec![(name.clone(), segs.to_vec())], ..Match::default() })
            }
        }
    }
}
