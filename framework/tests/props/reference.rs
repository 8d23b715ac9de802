//! A deliberately naive reference interpreter of SPEC §2–5, to check the generated matcher
//! against. It reads the table from `Routes::list()` only, decodes paths with its own decoder,
//! tries every route one by one and sorts the candidates by the three rules of §4 literally.
//! Nothing here is shared with rook's matcher: when the two disagree, one of them misreads the
//! SPEC.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use rook::table::{RouteEntry, SegmentInfo};

/// The methods `route!` knows by name; what `any` stands for in an `Allow` header.
pub const NAMED: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

/// What the router does with a request, as far as `recognize` can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The route at this index of `Routes::list()` handles it, with its captures.
    Route(usize, Captures),
    /// **400** before routing: the path does not decode.
    BadPath(BadPath),
    /// **404**.
    NotFound,
    /// **405** with this `Allow` set.
    MethodNotAllowed(BTreeSet<String>),
    /// **204** with this `Allow` set: OPTIONS on a path that routes fit, none for OPTIONS.
    Options(BTreeSet<String>),
}

impl Outcome {
    /// The variant's name, for statistics.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Route(..) => "route",
            Outcome::BadPath(_) => "400",
            Outcome::NotFound => "404",
            Outcome::MethodNotAllowed(_) => "405",
            Outcome::Options(_) => "OPTIONS 204",
        }
    }
}

/// The decoded segments bound to each path capture, by name, in pattern order: one for a
/// capture, zero or one for an optional capture, any number for a slurpy.
pub type Captures = Vec<(String, Vec<String>)>;

/// Why a path did not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadPath {
    /// `%` not followed by two hex digits.
    Malformed,
    /// A segment that is not UTF-8 once decoded.
    NotUtf8,
}

/// A value type, read from the type text of `Routes::list()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Int { signed: bool, bits: u32 },
    Float,
    Bool,
    Char,
    Str,
}

/// One segment of a pattern, include prefixes as literals.
#[derive(Debug, Clone)]
pub enum Seg {
    Literal(String),
    Capture(String, Ty),
    Optional(String, Ty),
    Slurpy(String, Ty),
}

/// The guards the reference can evaluate: `if x % 2 == 0` on an integer capture, and
/// `if x.len() % 2 == 1` on a String capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    Even,
    OddLen,
}

impl Guard {
    /// The kind as `gen_tables.py` writes it.
    pub fn named(kind: &str) -> Guard {
        match kind {
            "even" => Guard::Even,
            "odd-len" => Guard::OddLen,
            other => panic!("unknown guard kind {other}"),
        }
    }

    fn holds(self, value: &str) -> bool {
        match self {
            Guard::Even => value.parse::<i128>().expect("an accepted integer") % 2 == 0,
            Guard::OddLen => value.len() % 2 == 1,
        }
    }
}

/// One route: `None` methods means `any`.
#[derive(Debug)]
struct Route {
    methods: Option<BTreeSet<String>>,
    segs: Vec<Seg>,
    /// The capture a guard looks at, and the guard.
    guard: Option<(String, Guard)>,
}

impl Route {
    fn allows(&self, method: &str) -> bool {
        self.methods.as_ref().is_none_or(|m| m.contains(method))
    }

    /// SPEC §4: a false guard means the route does not match.
    fn guard_holds(&self, captures: &Captures) -> bool {
        let Some((name, guard)) = &self.guard else { return true };
        let (_, value) = captures.iter().find(|(n, _)| n == name).expect("the guarded capture is bound");
        guard.holds(&value[0])
    }
}

/// How a whole pattern matched a path.
#[derive(Default)]
struct Match {
    /// Fixed (non-slurpy) segments covering the path.
    coverage: usize,
    /// Kind of each covered segment: literal 0, capture 1, optional capture 2.
    kinds: Vec<u8>,
    captures: Captures,
}

impl Match {
    /// This match with one more covered segment in front.
    fn after(mut self, kind: u8, capture: Option<(&str, &str)>) -> Match {
        self.coverage += 1;
        self.kinds.insert(0, kind);
        if let Some((name, seg)) = capture {
            self.captures.insert(0, (name.to_owned(), vec![seg.to_owned()]));
        }
        self
    }
}

/// A route whose whole pattern matched the path.
struct Candidate {
    index: usize,
    matched: Match,
}

/// The interpreter over one table.
pub struct Reference {
    routes: Vec<Route>,
}

fn ty(text: &str) -> Ty {
    let int = |signed, bits| Ty::Int { signed, bits };
    match text {
        "u8" => int(false, 8),
        "u16" => int(false, 16),
        "u32" => int(false, 32),
        "u64" => int(false, 64),
        "i8" => int(true, 8),
        "i16" => int(true, 16),
        "i32" => int(true, 32),
        "i64" => int(true, 64),
        "f64" | "f32" => Ty::Float,
        "bool" => Ty::Bool,
        "char" => Ty::Char,
        "String" | "::std::string::String" | "std::string::String" => Ty::Str,
        other => panic!("the reference interpreter does not know the type `{other}`"),
    }
}

/// SPEC §3: whether `ty` accepts the decoded text `s`.
fn accepts(ty: Ty, s: &str) -> bool {
    match ty {
        Ty::Int { signed, bits } => {
            let (negative, digits) = match s.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, s),
            };
            if (negative && !signed) || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            let significant = digits.trim_start_matches('0');
            if significant.len() > 30 {
                return false;
            }
            let magnitude: i128 = if significant.is_empty() { 0 } else { significant.parse().unwrap() };
            let (min, max) = if signed {
                (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
            } else {
                (0, (1i128 << bits) - 1)
            };
            let value = if negative { -magnitude } else { magnitude };
            min <= value && value <= max
        }
        Ty::Float => {
            let unsigned = s.strip_prefix('-').unwrap_or(s);
            let (int, frac) = match unsigned.split_once('.') {
                Some((i, f)) => (i, Some(f)),
                None => (unsigned, None),
            };
            let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
            digits(int) && frac.is_none_or(digits) && s.parse::<f64>().is_ok_and(f64::is_finite)
        }
        Ty::Bool => s == "true" || s == "false",
        Ty::Char => s.chars().count() == 1,
        Ty::Str => true,
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// SPEC §2: split on `/` first, then percent-decode each segment; `/` alone is no segment.
pub fn split_decode(path: &str) -> Result<Vec<String>, BadPath> {
    let rest = path.strip_prefix('/').expect("test paths start with /");
    if rest.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for raw in rest.split('/') {
        let raw = raw.as_bytes();
        let mut bytes = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'%' {
                let hi = raw.get(i + 1).copied().and_then(hex);
                let lo = raw.get(i + 2).copied().and_then(hex);
                match (hi, lo) {
                    (Some(hi), Some(lo)) => bytes.push(hi * 16 + lo),
                    _ => return Err(BadPath::Malformed),
                }
                i += 3;
            } else {
                bytes.push(raw[i]);
                i += 1;
            }
        }
        out.push(String::from_utf8(bytes).map_err(|_| BadPath::NotUtf8)?);
    }
    Ok(out)
}

/// Matches `pat` against the whole of `segs`, or `None`.
fn match_pattern(pat: &[Seg], segs: &[String]) -> Option<Match> {
    let Some((first, pat_rest)) = pat.split_first() else {
        return segs.is_empty().then(Match::default);
    };
    // A capture or a present optional capture: one non-empty segment that `ty` accepts.
    let one = |name: &str, kind: u8, ty: Ty| {
        let (seg, segs_rest) = segs.split_first()?;
        if seg.is_empty() || !accepts(ty, seg) {
            return None;
        }
        Some(match_pattern(pat_rest, segs_rest)?.after(kind, Some((name, seg))))
    };
    match first {
        Seg::Literal(text) => {
            let (seg, segs_rest) = segs.split_first()?;
            if seg != text {
                return None;
            }
            Some(match_pattern(pat_rest, segs_rest)?.after(0, None))
        }
        Seg::Capture(name, ty) => one(name, 1, *ty),
        Seg::Optional(name, ty) if !segs.is_empty() => one(name, 2, *ty),
        Seg::Optional(..) => {
            // Absent, and so is every optional capture after it.
            let captures = pat.iter().map(|s| match s {
                Seg::Optional(n, _) => (n.clone(), Vec::new()),
                _ => panic!("an optional capture outside the trailing run"),
            });
            Some(Match { captures: captures.collect(), ..Match::default() })
        }
        Seg::Slurpy(name, ty) => {
            assert!(pat_rest.is_empty(), "a slurpy is last");
            let all = segs.iter().all(|s| accepts(*ty, s));
            all.then(|| Match { captures: vec![(name.clone(), segs.to_vec())], ..Match::default() })
        }
    }
}

/// SPEC §5: the `Allow` set of a 405 or an OPTIONS answer.
fn allow_set(routes: &[&Route]) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = BTreeSet::new();
    for r in routes {
        match &r.methods {
            None => set.extend(NAMED.iter().map(|m| m.to_string())),
            Some(m) => set.extend(m.iter().cloned()),
        }
    }
    set.insert("OPTIONS".into());
    if set.contains("GET") {
        set.insert("HEAD".into());
    }
    set
}

impl Reference {
    /// Reads the table from `Routes::list()`: include prefixes become literal segments.
    /// `guards` says what each guarded route's guard is: (route index, capture, guard).
    pub fn new(list: &[RouteEntry], guards: &[(usize, &str, Guard)]) -> Reference {
        let routes = list
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                let shown = entry.info.methods.to_string();
                let methods = (shown != "ANY").then(|| shown.split(" | ").map(str::to_owned).collect());
                let mut segs: Vec<Seg> = entry.prefix.iter().map(|p| Seg::Literal(p.to_string())).collect();
                segs.extend(entry.info.segments.iter().map(|s| match *s {
                    SegmentInfo::Literal(text) => Seg::Literal(text.to_owned()),
                    SegmentInfo::Capture { name, ty: t } => Seg::Capture(name.into(), ty(t)),
                    SegmentInfo::Optional { name, ty: t, .. } => Seg::Optional(name.into(), ty(t)),
                    SegmentInfo::Slurpy { name, ty: t } => Seg::Slurpy(name.into(), ty(t)),
                }));
                let guard = guards.iter().find(|g| g.0 == index).map(|&(_, name, g)| (name.to_owned(), g));
                assert_eq!(entry.info.guarded, guard.is_some(), "route {index}: guards() is out of date");
                assert!(entry.info.params.is_empty(), "the reference does not model query, header or cookie parameters");
                Route { methods, segs, guard }
            })
            .collect();
        Reference { routes }
    }

    /// The literal texts of the table, include prefixes included: the path generator's words.
    pub fn literals(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.routes {
            for s in &r.segs {
                if let Seg::Literal(t) = s
                    && !out.contains(t)
                {
                    out.push(t.clone());
                }
            }
        }
        out
    }

    /// Route `index`'s pattern, include prefixes first.
    pub fn segments(&self, index: usize) -> &[Seg] {
        &self.routes[index].segs
    }

    /// Route `index`'s methods; `None` for `any`.
    pub fn methods(&self, index: usize) -> Option<&BTreeSet<String>> {
        self.routes[index].methods.as_ref()
    }

    /// The number of routes.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// SPEC §2–5 for `method` on `path` (the part before `?`).
    pub fn route(&self, method: &str, path: &str) -> Outcome {
        let segs = match split_decode(path) {
            Ok(segs) => segs,
            Err(bad) => return Outcome::BadPath(bad),
        };
        let mut cands: Vec<Candidate> = self
            .routes
            .iter()
            .enumerate()
            .filter_map(|(index, r)| {
                let matched = match_pattern(&r.segs, &segs)?;
                r.guard_holds(&matched.captures).then_some(Candidate { index, matched })
            })
            .collect();
        // §4: coverage (more first), specificity (at the first differing segment, lower kind
        // first), declaration order.
        cands.sort_by(|a, b| {
            let (x, y) = (&a.matched, &b.matched);
            y.coverage.cmp(&x.coverage).then_with(|| {
                let differ = x.kinds.iter().zip(&y.kinds).find(|(k, l)| k != l);
                differ.map_or(Ordering::Equal, |(k, l)| k.cmp(l)).then(a.index.cmp(&b.index))
            })
        });
        if cands.is_empty() {
            return Outcome::NotFound;
        }
        // §4: HEAD is served by the GET route unless a route written with `head` fits the
        // path (`any` is a catch-all, not a HEAD route).
        let head_route = cands.iter().any(|c| self.routes[c.index].methods.as_ref().is_some_and(|m| m.contains("HEAD")));
        let fits = |c: &Candidate| {
            let r = &self.routes[c.index];
            r.allows(method) || (method == "HEAD" && !head_route && r.allows("GET"))
        };
        if let Some(c) = cands.iter().find(|c| fits(c)) {
            return Outcome::Route(c.index, c.matched.captures.clone());
        }
        let allow = allow_set(&cands.iter().map(|c| &self.routes[c.index]).collect::<Vec<_>>());
        if method == "OPTIONS" { Outcome::Options(allow) } else { Outcome::MethodNotAllowed(allow) }
    }
}
