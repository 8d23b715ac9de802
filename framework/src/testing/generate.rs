//! Proptest strategies that write requests from a route table: valid requests for each route,
//! near-misses (a segment dropped, added, mistyped or emptied, a bad escape, a wrong method, a
//! parameter missing, repeated or refused by its type), and requests assembled from the
//! table's words at random. The oracle decides what each should get; the generators only aim.

use std::collections::HashMap;
use std::sync::Arc;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::{BoxedStrategy, Union};

use crate::Arity;
use crate::Source;

use super::encode::{self, Spelling};
use super::oracle::{Oracle, Seg};
use super::request::Request;
use super::values::{Pool, pool};

/// Methods requests are sent with: the named ones, and TRACE, which only `any` routes take.
pub const METHODS: [&str; 8] = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"];

/// Escapes docs/routing.md#paths-and-segments refuses (malformed, or not UTF-8 once decoded).
const BAD_ESCAPES: [&str; 8] = ["%", "%4", "%zz", "%G1", "%FF", "%C3", "%C3%28", "%e9"];

/// Raw segments worth trying anywhere: escaped separators, NUL, dot segments, empty.
const RAW_SEGMENTS: [&str; 9] = ["%2F", "%25", "%00", ".", "..", "", "%2e%2E", "a%2Fb", "%C3%A9"];

/// Query keys that no route reads, sent now and then alongside the real ones.
const NOISE_KEYS: [&str; 3] = ["utm_source", "x", ""];

/// A parameter whose value is fixed for one user of a session.
#[derive(Debug, Clone)]
pub(crate) struct Fixed {
    pub source: Source,
    pub key: String,
    pub value: String,
}

struct Model {
    oracle: Oracle,
    /// By type text as written in the routes.
    pools: HashMap<String, Pool>,
    /// Segments for additions and mistyped literals, already encoded: the table's literals,
    /// raw escapes and dot segments, a few values.
    anything: Vec<String>,
    /// Every parameter of the table, for random requests.
    keys: Vec<(Source, String, String)>,
    fixed: Vec<Fixed>,
}

/// Request generators for one route table.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// use proptest::test_runner::TestRunner;
/// use rook::prelude::*;
/// use rook::testing::{Generator, Oracle};
///
/// let routes = route! { get "search" ? term: String & page: u32 = 1 => format!("{term} {page}") };
/// let generator = Generator::new(&Oracle::new(&routes));
/// let mut runner = TestRunner::deterministic();
/// let req = generator.valid(0).new_tree(&mut runner).unwrap().current();
/// assert_eq!((req.path.as_str(), req.query_values("term").len()), ("/search", 1));
/// ```
#[derive(Clone)]
pub struct Generator {
    model: Arc<Model>,
}

/// A near-miss, applied to a valid request of a route. Indices pick a position or a value.
#[derive(Debug, Clone)]
enum Mutation {
    DropSegment(Index),
    AddSegment(Index, Index),
    Mistype(Index, Index),
    EmptySegment(Index),
    TrailingSlash,
    BadEscape(Index, Index),
    WrongMethod(Index),
    Missing(Index),
    Repeat(Index),
    Invalid(Index, Index),
}

fn spelling() -> impl Strategy<Value = Spelling> + Clone {
    let mask = prop_oneof![3 => Just(0u64), 1 => any::<u64>()];
    (mask, any::<bool>(), any::<bool>()).prop_map(|(mask, lower, space_as_escape)| Spelling {
        mask,
        lower,
        space_as_escape,
    })
}

/// One of `texts`, written with `write` in some spelling.
fn written(texts: &[String], write: fn(&str, Spelling) -> String) -> BoxedStrategy<String> {
    let texts = if texts.is_empty() { vec![String::new()] } else { texts.to_vec() };
    (select(texts), spelling()).prop_map(move |(t, s)| write(&t, s)).boxed()
}

/// A header value: sent as is, so only texts a header line can carry (no controls, no
/// surrounding spaces, which HTTP/1.1 parsers trim).
fn header_text(t: &String) -> bool {
    !t.bytes().any(|b| b < b' ' && b != b'\t' || b == 0x7f) && t.trim() == t
}

fn header_value(texts: &[String]) -> BoxedStrategy<String> {
    let texts: Vec<String> = texts.iter().filter(|t| header_text(t)).cloned().collect();
    let texts = if texts.is_empty() { vec!["x".to_owned()] } else { texts };
    select(texts).boxed()
}

impl Model {
    fn pool(&self, ty: &str) -> &Pool {
        &self.pools[ty]
    }

    /// Texts for a capture: non-empty.
    fn capture_texts(&self, ty: &str) -> Vec<String> {
        let valid: Vec<String> = self.pool(ty).valid.iter().filter(|t| !t.is_empty()).cloned().collect();
        if valid.is_empty() { self.pool(ty).invalid.clone() } else { valid }
    }

    fn fixed(&self, source: Source, key: &str) -> Option<&Fixed> {
        self.fixed.iter().find(|f| {
            f.source == source && (f.key == key || source == Source::Header && f.key.eq_ignore_ascii_case(key))
        })
    }

    /// A value of type `ty` as `source` carries it.
    fn value(&self, source: Source, texts: &[String]) -> BoxedStrategy<String> {
        match source {
            Source::Query => written(texts, encode::query),
            Source::Header => header_value(texts),
            Source::Cookie => written(texts, encode::cookie),
        }
    }

    fn plain(source: Source, text: &str) -> String {
        match source {
            Source::Query => encode::query(text, Spelling::default()),
            Source::Header => text.to_owned(),
            Source::Cookie => encode::cookie(text, Spelling::default()),
        }
    }
}

/// The parts of a valid request of one route, before a near-miss is applied.
#[derive(Debug, Clone)]
struct Draft {
    method: String,
    /// The encoded segments of each pattern element.
    segs: Vec<Vec<String>>,
    /// The written values of each parameter.
    params: Vec<Vec<String>>,
    noise: Vec<(String, String)>,
    /// Upper-case letters of header names; whether cookies take two `Cookie` lines.
    name_mask: u64,
    split_cookies: bool,
    /// Which `Authorization` value a route with `auth` gets (one past the samples: none).
    auth: usize,
}

impl Generator {
    /// Generators for the table the oracle reads; value types come from the oracle too.
    ///
    /// # Panics
    /// If a route uses a type the oracle does not know.
    pub fn new(oracle: &Oracle) -> Generator {
        Generator::with_fixed(oracle, Vec::new())
    }

    /// Generators whose requests always carry `fixed` values for those parameters.
    pub(crate) fn with_fixed(oracle: &Oracle, fixed: Vec<Fixed>) -> Generator {
        oracle.assert_types_known();
        let mut pools = HashMap::new();
        let mut keys = Vec::new();
        let mut anything: Vec<String> = RAW_SEGMENTS.iter().map(|s| s.to_string()).collect();
        for route in &oracle.routes {
            for seg in &route.segs {
                match seg {
                    Seg::Literal(t) => anything.push(encode::segment(t, Spelling::default())),
                    Seg::Capture { ty, .. } | Seg::Optional { ty, .. } | Seg::Slurpy { ty, .. } => {
                        pools.entry(ty.clone()).or_insert_with(|| pool(&oracle.types, ty));
                    }
                }
            }
            for p in &route.params {
                pools.entry(p.ty.clone()).or_insert_with(|| pool(&oracle.types, &p.ty));
                keys.push((p.source, p.key.clone(), p.ty.clone()));
            }
        }
        for p in pools.values() {
            anything.extend(p.valid.iter().chain(&p.invalid).take(4).map(|t| encode::segment(t, Spelling::default())));
        }
        anything.sort();
        anything.dedup();
        keys.sort_by(|a, b| (a.1.as_str(), a.2.as_str()).cmp(&(b.1.as_str(), b.2.as_str())));
        keys.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        Generator { model: Arc::new(Model { oracle: oracle.clone(), pools, anything, keys, fixed }) }
    }

    /// Valid requests, near-misses and random ones, for every route, mixed.
    pub fn requests(&self) -> BoxedStrategy<Request> {
        let n = self.model.oracle.len() as u32;
        let mut options: Vec<(u32, BoxedStrategy<Request>)> = Vec::new();
        for i in 0..self.model.oracle.len() {
            options.push((6, self.valid(i)));
            options.push((4, self.near_misses(i)));
        }
        options.push((n.max(2), self.random()));
        Union::new_weighted(options).boxed()
    }

    fn draft(&self, index: usize) -> BoxedStrategy<Draft> {
        let m = &self.model;
        let route = &m.oracle.routes[index];
        let methods: Vec<String> = match &route.methods {
            None => METHODS.iter().map(|s| s.to_string()).collect(),
            Some(own) => {
                let mut v: Vec<String> = own.iter().cloned().collect();
                if own.contains("GET") && !own.contains("HEAD") {
                    v.push("HEAD".into());
                }
                v
            }
        };
        let segs: Vec<BoxedStrategy<Vec<String>>> = route
            .segs
            .iter()
            .map(|seg| match seg {
                Seg::Literal(t) => written(std::slice::from_ref(t), encode::segment).prop_map(|s| vec![s]).boxed(),
                Seg::Capture { ty, .. } => written(&m.capture_texts(ty), encode::segment).prop_map(|s| vec![s]).boxed(),
                Seg::Optional { ty, .. } => vec(written(&m.capture_texts(ty), encode::segment), 0..=1).boxed(),
                Seg::Slurpy { ty, .. } => {
                    let element = written(&m.pool(ty).valid, encode::segment);
                    prop_oneof![8 => vec(element.clone(), 0..4), 1 => vec(element, 14..20)].boxed()
                }
            })
            .collect();
        let params: Vec<BoxedStrategy<Vec<String>>> = route
            .params
            .iter()
            .map(|p| {
                if let Some(f) = m.fixed(p.source, &p.key) {
                    return Just(vec![Model::plain(p.source, &f.value)]).boxed();
                }
                let value = m.value(p.source, &m.pool(&p.ty).valid);
                match p.arity {
                    Arity::Required => vec(value, 1..=1).boxed(),
                    Arity::Optional => vec(value, 0..=1).boxed(),
                    Arity::Many => vec(value, 0..=3).boxed(),
                }
            })
            .collect();
        let noise_value = written(&["1".to_owned(), "a b".to_owned()], encode::query);
        let noise = vec((select(&NOISE_KEYS[..]).prop_map(str::to_owned), noise_value), 0..=1);
        (select(methods), segs, params, noise, any::<u64>(), any::<bool>(), any::<usize>())
            .prop_map(|(method, segs, params, noise, name_mask, split_cookies, auth)| Draft {
                method,
                segs,
                params,
                noise,
                name_mask,
                split_cookies,
                auth,
            })
            .boxed()
    }

    /// Valid requests for route `index` (of `Routes::list()`): one of its methods, its path with
    /// accepted values, its parameters with accepted values and counts.
    pub fn valid(&self, index: usize) -> BoxedStrategy<Request> {
        let m = self.model.clone();
        self.draft(index).prop_map(move |d| m.assemble(index, d, None)).boxed()
    }

    /// Near-misses of route `index`: a valid request with one thing wrong.
    pub fn near_misses(&self, index: usize) -> BoxedStrategy<Request> {
        let m = self.model.clone();
        let i = any::<Index>;
        let mutation = prop_oneof![
            i().prop_map(Mutation::DropSegment),
            (i(), i()).prop_map(|(a, b)| Mutation::AddSegment(a, b)),
            (i(), i()).prop_map(|(a, b)| Mutation::Mistype(a, b)),
            i().prop_map(Mutation::EmptySegment),
            Just(Mutation::TrailingSlash),
            (i(), i()).prop_map(|(a, b)| Mutation::BadEscape(a, b)),
            i().prop_map(Mutation::WrongMethod),
            i().prop_map(Mutation::Missing),
            i().prop_map(Mutation::Repeat),
            (i(), i()).prop_map(|(a, b)| Mutation::Invalid(a, b)),
        ];
        (self.draft(index), mutation).prop_map(move |(d, mu)| m.assemble(index, d, Some(mu))).boxed()
    }

    /// Requests made of the table's words at random: any method, segments that are literals,
    /// values or raw escapes, parameters of any route.
    pub fn random(&self) -> BoxedStrategy<Request> {
        let m = self.model.clone();
        let seg = prop_oneof![
            select(m.anything.clone()),
            written(
                &m.pools.values().flat_map(|p| p.valid.iter().chain(&p.invalid)).cloned().collect::<Vec<_>>(),
                encode::segment
            ),
        ];
        let params = vec((any::<Index>(), any::<Index>()), 0..3);
        (select(&METHODS[..]), vec(seg, 0..6), params)
            .prop_map(move |(method, segs, params)| {
                let mut req = Request::new(method, &format!("/{}", segs.join("/")));
                let mut query = Vec::new();
                let mut cookies = Vec::new();
                for (which, value) in params {
                    let Some((source, key, ty)) = (!m.keys.is_empty()).then(|| which.get(&m.keys)) else { break };
                    let p = m.pool(ty);
                    let texts: Vec<&String> = p.valid.iter().chain(&p.invalid).collect();
                    // A user's own parameters keep the user's value.
                    let text = m.fixed(*source, key).map_or(*value.get(&texts), |f| &f.value);
                    match source {
                        Source::Query => query.push(format!(
                            "{}={}",
                            encode::query(key, Spelling::default()),
                            Model::plain(*source, text)
                        )),
                        Source::Header if header_text(text) => req.headers.push((key.clone(), text.to_string())),
                        Source::Header => {}
                        Source::Cookie => cookies.push(format!("{key}={}", Model::plain(*source, text))),
                    }
                }
                if !query.is_empty() {
                    req.query = Some(query.join("&"));
                }
                if !cookies.is_empty() {
                    req.headers.push(("Cookie".into(), cookies.join("; ")));
                }
                req
            })
            .boxed()
    }
}

impl Model {
    /// The request of `draft` for route `index`, with `mutation` applied.
    fn assemble(&self, index: usize, mut d: Draft, mutation: Option<Mutation>) -> Request {
        let route = &self.oracle.routes[index];
        // The flattened path, each segment with the pattern element it stands for. An absent
        // optional capture makes every later one absent too.
        let mut segs: Vec<(String, Option<&Seg>)> = Vec::new();
        let mut present = true;
        for (seg, values) in route.segs.iter().zip(d.segs) {
            if let Seg::Optional { .. } = seg {
                present &= !values.is_empty();
                if !present {
                    continue;
                }
            }
            segs.extend(values.into_iter().map(|v| (v, Some(seg))));
        }
        let mut method = d.method;
        match mutation {
            None => {}
            Some(Mutation::DropSegment(k)) if !segs.is_empty() => drop(segs.remove(k.index(segs.len()))),
            Some(Mutation::AddSegment(k, what)) => {
                segs.insert(k.index(segs.len() + 1), (what.get(&self.anything).clone(), None))
            }
            Some(Mutation::Mistype(k, pick)) if !segs.is_empty() => {
                let at = k.index(segs.len());
                let wrong = match segs[at].1 {
                    Some(Seg::Capture { ty, .. } | Seg::Optional { ty, .. } | Seg::Slurpy { ty, .. })
                        if !self.pool(ty).invalid.is_empty() =>
                    {
                        encode::segment(pick.get::<String>(&self.pool(ty).invalid), Spelling::default())
                    }
                    Some(Seg::Capture { .. } | Seg::Optional { .. }) => String::new(),
                    _ => pick.get(&self.anything).clone(),
                };
                segs[at] = (wrong, None);
            }
            Some(Mutation::EmptySegment(k)) if !segs.is_empty() => {
                let at = k.index(segs.len());
                segs[at].0.clear();
            }
            Some(Mutation::TrailingSlash) => segs.push((String::new(), None)),
            Some(Mutation::BadEscape(k, which)) => {
                let bad = which.get(&BAD_ESCAPES);
                match segs.is_empty() {
                    true => segs.push((bad.to_string(), None)),
                    false => {
                        let at = k.index(segs.len());
                        segs[at].0.push_str(bad);
                    }
                }
            }
            Some(Mutation::WrongMethod(pick)) => {
                let others: Vec<&str> = METHODS.iter().copied().filter(|m| !route.allows(m)).collect();
                if !others.is_empty() {
                    method = pick.get(&others).to_string();
                }
            }
            Some(Mutation::Missing(j)) if !d.params.is_empty() => d.params[j.index(route.params.len())].clear(),
            Some(Mutation::Repeat(j)) if !d.params.is_empty() => {
                let j = j.index(route.params.len());
                let p = &route.params[j];
                let again = match d.params[j].last() {
                    Some(v) => v.clone(),
                    None => Model::plain(p.source, self.pool(&p.ty).valid.first().map_or("", |s| s)),
                };
                d.params[j].push(again);
            }
            Some(Mutation::Invalid(j, pick)) if !d.params.is_empty() => {
                let j = j.index(route.params.len());
                let p = &route.params[j];
                let invalid = &self.pool(&p.ty).invalid;
                if self.fixed(p.source, &p.key).is_none() && !invalid.is_empty() {
                    let text = pick.get(invalid);
                    let value = Model::plain(p.source, text);
                    match d.params[j].first_mut() {
                        Some(first) => *first = value,
                        None => d.params[j].push(value),
                    }
                    if p.source == Source::Header && !header_text(text) {
                        d.params[j].clear();
                    }
                }
            }
            Some(_) => {}
        }
        let path: Vec<String> = segs.into_iter().map(|(s, _)| s).collect();
        let mut req = Request::new(&method, &format!("/{}", path.join("/")));
        let mut query = Vec::new();
        let mut cookies = Vec::new();
        for (p, values) in route.params.iter().zip(d.params) {
            for v in values {
                match p.source {
                    Source::Query => query.push(format!("{}={v}", encode::query(&p.key, Spelling::default()))),
                    Source::Header => req.headers.push((encode::header_name(&p.key, d.name_mask), v)),
                    Source::Cookie => cookies.push(format!("{}={v}", p.key)),
                }
            }
        }
        query.extend(d.noise.into_iter().map(|(k, v)| format!("{k}={v}")));
        if !query.is_empty() {
            req.query = Some(query.join("&"));
        }
        if d.split_cookies && cookies.len() > 1 {
            let second = cookies.split_off(cookies.len() / 2);
            req.headers.push(("Cookie".into(), second.join("; ")));
        }
        if !cookies.is_empty() {
            req.headers.push(("Cookie".into(), cookies.join("; ")));
        }
        // Authenticated and unauthenticated requests: one of the type's `Authorization`
        // values, or none.
        if let Some(model) = route.auth.as_ref().and_then(|ty| self.oracle.auths.get(ty))
            && let Some(value) = model.headers.get(d.auth % (model.headers.len() + 1))
        {
            req.headers.push(("Authorization".into(), value.clone()));
        }
        req
    }
}
