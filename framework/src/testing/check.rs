//! [`check`] and [`Check`]: generated requests run in-process through the app, each answer held
//! to the oracle's, failures shrunk by proptest and printed as `curl`.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use actix_web::App;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::rt::System;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

use crate::params::Source;
use crate::routes::Routes;
use crate::segment::FromSegment;

use super::answer::Answer;
use super::curl::{DEFAULT_BASE, curl};
use super::generate::Generator;
use super::hook;
use super::oracle::{Captures, Oracle, Outcome, ParamProblem};
use super::request::Request;
use super::sessions::Sessions;

/// The seed used unless [`Check::seed`] or `ROOK_TESTING_SEED` says otherwise: runs are
/// reproducible by default.
pub const DEFAULT_SEED: u64 = 0x5EED_600C;

/// Cases run unless [`Check::cases`] or `PROPTEST_CASES` says otherwise.
pub const DEFAULT_CASES: u32 = 512;

/// Makes the app under test, once per run (or once per session with [`Check::fresh`]).
pub(crate) type AppFactory = Arc<dyn Fn() -> Routes + Send + Sync>;

/// Checks `routes` against the SPEC with [`DEFAULT_CASES`] generated requests, and panics with
/// the shrunk failing request as a `curl` command if the app and the oracle disagree.
///
/// Call it from a plain `#[test]` (it runs its own actix-web runtime). Routes that use types
/// other than the built-in ones need [`Check::accepts`].
///
/// ```
/// use rook::prelude::*;
///
/// let app = route! {
///     get "catalogue" / "products" / id: u32 => format!("product {id}"),
///     get "search" ? term: String => term,
/// };
/// rook::testing::check(app);
/// ```
pub fn check(routes: Routes) -> Report {
    Check::new(routes).run()
}

/// A configured run of [`check`]: cases, seed, user types, guards, regression file.
///
/// ```
/// use rook::prelude::*;
///
/// #[derive(Segment)]
/// #[segment(regex = "[0-9a-f]{8}")]
/// struct Id(String);
///
/// let app = route! {
///     get "user" / id: Id => id.0,
///     get "advent" / day: u32 if (1..=24).contains(&day) => format!("{day}"),
/// };
/// rook::testing::Check::new(app)
///     .cases(200)
///     .seed(7)
///     .accepts::<Id>("Id")
///     .samples("Id", ["0123abcd"])
///     .guard("/advent/{day: u32}", |c| c.one("day").unwrap().parse::<u32>().is_ok_and(|d| (1..=24).contains(&d)))
///     .run();
/// ```
pub struct Check {
    pub(crate) app: AppFactory,
    pub(crate) oracle: Oracle,
    /// Set with [`Check::cases`]; the default depends on what runs (requests or sessions).
    cases: Option<u32>,
    pub(crate) seed: u64,
    regressions: Option<PathBuf>,
}

/// What a passing run exercised.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Requests run (regressions included).
    pub cases: u32,
    /// How many requests had each kind of outcome (`route`, `404`, `405`, …).
    pub outcomes: BTreeMap<&'static str, u32>,
    /// The routes whose handler ran at least once, by `Routes::list()` index.
    pub routes_chosen: BTreeSet<usize>,
    /// The number of routes in the table.
    pub routes: usize,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} requests; {} of {} routes answered; outcomes {:?}",
            self.cases,
            self.routes_chosen.len(),
            self.routes,
            self.outcomes
        )
    }
}

/// Names routes of a table for [`Check::guard`]: an index in `Routes::list()`, or a full pattern
/// (every guarded route with it).
pub trait RouteRef: fmt::Debug {
    /// The indices of the guarded routes meant.
    fn indices(&self, oracle: &Oracle) -> Vec<usize>;
}

impl RouteRef for usize {
    fn indices(&self, oracle: &Oracle) -> Vec<usize> {
        oracle.guarded(|i, _| i == *self)
    }
}

impl RouteRef for &str {
    fn indices(&self, oracle: &Oracle) -> Vec<usize> {
        oracle.guarded(|_, pattern| pattern == *self)
    }
}

/// A disagreement between the app and the oracle, after shrinking.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The smallest request found that shows it.
    pub request: Request,
    /// What was wrong.
    pub problem: String,
    /// The case in which the failure was first seen: the request for [`check`], the session
    /// or concurrent round for [`check_sessions`](super::check_sessions); 0 for a regression.
    pub found_after: u32,
    /// Whether proptest shrank it (concurrent rounds are not shrunk: their order is the
    /// scheduler's).
    pub shrunk: bool,
    /// The same request as a `curl` command against `rook::serve`'s default address.
    pub curl: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shrunk = if self.shrunk { ", then shrunk" } else { "" };
        writeln!(
            f,
            "rook::testing: the app disagrees with the SPEC or the model (found in case {}{shrunk})",
            self.found_after
        )?;
        writeln!(f, "  {}", self.problem)?;
        writeln!(f, "failing request:\n{}", self.request)?;
        write!(f, "replay it against `cargo run`:\n  {}", self.curl)
    }
}

fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok()?.parse().ok()
}

impl Check {
    /// A check of `routes` (its app data included, shared by every request).
    pub fn new(routes: Routes) -> Check {
        Check::fresh(move || routes.clone())
    }

    /// A check that builds a fresh app with `app` for each run — and for each session of
    /// [`Check::sessions`], so that state never leaks from one to the next.
    pub fn fresh(app: impl Fn() -> Routes + Send + Sync + 'static) -> Check {
        let oracle = Oracle::new(&app());
        let seed = env("ROOK_TESTING_SEED").unwrap_or(DEFAULT_SEED);
        Check { app: Arc::new(app), oracle, cases: None, seed, regressions: None }
    }

    /// Runs `n` generated requests (`PROPTEST_CASES` overrides it, for a longer hunt).
    pub fn cases(mut self, n: u32) -> Check {
        self.cases = Some(n);
        self
    }

    /// The cases to run: `PROPTEST_CASES`, else [`Check::cases`], else `default`.
    pub(crate) fn cases_or(&self, default: u32) -> u32 {
        env("PROPTEST_CASES").or(self.cases).unwrap_or(default)
    }

    /// Generates from `seed` (`ROOK_TESTING_SEED` overrides it, to explore).
    pub fn seed(mut self, seed: u64) -> Check {
        self.seed = env("ROOK_TESTING_SEED").unwrap_or(seed);
        self
    }

    /// Registers type `T`, written `name` in the routes: its own [`FromSegment`] decides what it
    /// accepts (see [`Oracle::accepts`]).
    pub fn accepts<T: FromSegment>(mut self, name: &str) -> Check {
        self.oracle = self.oracle.accepts::<T>(name);
        self
    }

    /// Texts type `name` accepts, so that requests reach its routes.
    pub fn samples<S: Into<String>>(mut self, name: &str, samples: impl IntoIterator<Item = S>) -> Check {
        self.oracle = self.oracle.samples(name, samples);
        self
    }

    /// What the guard of `route` says, given its captures as decoded text; `route` is a full
    /// pattern as `Routes::list()` prints it (`"/advent/{day: u32}"`: every guarded route with
    /// that pattern) or an index in `Routes::list()`. Without it, a guard may be true or false.
    ///
    /// # Panics
    /// If no guarded route is meant.
    pub fn guard(mut self, route: impl RouteRef, holds: impl Fn(&Captures) -> bool + Send + Sync + 'static) -> Check {
        let indices = route.indices(&self.oracle);
        assert!(!indices.is_empty(), "rook::testing: no guarded route is {route:?}");
        let holds: Arc<dyn Fn(&Captures) -> bool + Send + Sync> = Arc::new(holds);
        for i in indices {
            let holds = holds.clone();
            self.oracle = self.oracle.guard(i, move |c| holds(c));
        }
        self
    }

    /// Replays the requests of this file first (the format [`Request`] prints in), and appends
    /// each new failure to it: commit it, and the bug stays caught.
    pub fn regressions(mut self, path: impl Into<PathBuf>) -> Check {
        self.regressions = Some(path.into());
        self
    }

    /// Per-user request sequences and a model of the app's state: see [`Sessions`].
    pub fn sessions<S: Default + Send + 'static>(
        self,
        users: usize,
        steps: usize,
        model: impl Fn(&mut S, &Request, &Answer) -> Result<(), String> + Send + Sync + 'static,
    ) -> Sessions<S> {
        Sessions::new(self, users, steps, model)
    }

    /// The oracle this check holds answers to.
    pub fn oracle(&self) -> &Oracle {
        &self.oracle
    }

    /// Runs the check; panics with the [`Failure`] if there is one.
    pub fn run(self) -> Report {
        self.try_run().unwrap_or_else(|failure| panic!("{failure}"))
    }

    /// Runs the check.
    pub fn try_run(self) -> Result<Report, Box<Failure>> {
        self.oracle.assert_types_known();
        let generator = Generator::new(&self.oracle);
        let oracle = &self.oracle;
        let system = System::new();
        let app = system.block_on(actix_web::test::init_service(App::new().service((self.app)())));
        let exchange = |req: &Request| system.block_on(exchange(&app, req));
        let mut report = Report { routes: oracle.len(), ..Report::default() };
        let regressions = match &self.regressions {
            Some(path) if path.exists() => {
                let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                Request::parse_all(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            }
            _ => Vec::new(),
        };
        for req in regressions {
            let answer = exchange(&req);
            let judged = verdict(oracle, &req, &answer);
            report.count(&judged, &answer);
            if let Err(problem) = judged {
                return Err(Box::new(Failure::new(req, problem, 0)));
            }
        }
        let report = RefCell::new(report);
        let run = Cell::new(0u32);
        let found_after = Cell::new(None);
        let mut runner = runner(self.cases_or(DEFAULT_CASES), self.seed);
        let result = runner.run(&generator.requests(), |req| {
            run.set(run.get() + 1);
            let answer = exchange(&req);
            let judged = verdict(oracle, &req, &answer);
            if found_after.get().is_none() {
                report.borrow_mut().count(&judged, &answer);
            }
            judged.map(drop).map_err(|problem| {
                found_after.set(found_after.get().or(Some(run.get())));
                TestCaseError::fail(problem)
            })
        });
        match result {
            Ok(()) => Ok(report.into_inner()),
            Err(TestError::Fail(problem, req)) => {
                let failure = Failure::new(req, problem.message().to_owned(), found_after.get().unwrap_or(0));
                if let Some(path) = &self.regressions {
                    record(path, &failure, self.seed);
                }
                Err(Box::new(failure))
            }
            Err(TestError::Abort(why)) => panic!("rook::testing: proptest gave up: {why}"),
        }
    }
}

impl Report {
    /// Counts one answer, and its kind of outcome if it was right.
    pub(crate) fn count(&mut self, judged: &Result<&'static str, String>, answer: &Answer) {
        self.cases += 1;
        if let Ok(kind) = judged {
            *self.outcomes.entry(kind).or_default() += 1;
        }
        self.routes_chosen.extend(answer.route);
    }

    pub(crate) fn merge(&mut self, other: Report) {
        self.cases += other.cases;
        for (kind, n) in other.outcomes {
            *self.outcomes.entry(kind).or_default() += n;
        }
        self.routes_chosen.extend(other.routes_chosen);
        self.routes = self.routes.max(other.routes);
    }
}

impl Failure {
    pub(crate) fn new(request: Request, problem: String, found_after: u32) -> Failure {
        let curl = curl(&request, DEFAULT_BASE);
        Failure { request, problem, found_after, shrunk: found_after > 0, curl }
    }
}

/// Appends a failure to a regression file.
fn record(path: &std::path::Path, failure: &Failure, seed: u64) {
    let line = failure.problem.lines().next().unwrap_or("");
    let entry = format!("# found by rook::testing (seed {seed:#x}): {line}\n{}\n", failure.request);
    let file = std::fs::OpenOptions::new().create(true).append(true).open(path);
    if let Err(e) = file.and_then(|mut f| f.write_all(entry.as_bytes())) {
        eprintln!("rook::testing: could not record the failure in {}: {e}", path.display());
    }
}

/// A proptest runner for `cases` cases from `seed`, with no persistence of its own (failures
/// go to the regression file, as requests rather than seeds, so that they survive changes to
/// the generators).
pub(crate) fn runner(cases: u32, seed: u64) -> TestRunner {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// Runs `req` through the in-process app.
pub(crate) async fn exchange<S, B>(app: &S, req: &Request) -> Answer
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let res = match app.call(req.to_test_request().to_request()).await {
        Ok(res) => res,
        Err(e) => {
            let res = e.error_response();
            return Answer {
                status: res.status().as_u16(),
                headers: Vec::new(),
                body: Vec::new(),
                route: None,
                panicked: false,
            };
        }
    };
    let (route, panicked) = hook::read(res.request());
    let status = res.status().as_u16();
    let headers = res
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let mut body = actix_web::test::read_body(res).await.to_vec();
    // What a client sees: the HTTP/1 dispatcher drops HEAD bodies on the way out.
    if req.method == "HEAD" {
        body.clear();
    }
    Answer { status, headers, body, route, panicked }
}

/// The kind of outcome `answer` agrees with, or what is wrong with it.
pub(crate) fn verdict(oracle: &Oracle, req: &Request, answer: &Answer) -> Result<&'static str, String> {
    if answer.panicked {
        return Err(format!("a handler, guard or FromSegment panicked: {answer:?}"));
    }
    let expected = oracle.expect(req);
    let mut why = Vec::new();
    for outcome in &expected {
        match agrees(oracle, outcome, req, answer) {
            Ok(()) => return Ok(outcome.kind()),
            Err(w) => why.push(w),
        }
    }
    let expected: Vec<String> = expected.iter().map(ToString::to_string).collect();
    Err(format!("expected {}; got {answer:?} ({})", expected.join(" or "), why.join("; ")))
}

fn allow_set(value: &str) -> BTreeSet<String> {
    value.split(',').map(|m| m.trim().to_owned()).filter(|m| !m.is_empty()).collect()
}

fn noun(source: Source) -> &'static str {
    match source {
        Source::Query => "query parameter",
        Source::Header => "header",
        Source::Cookie => "cookie",
    }
}

fn agrees(oracle: &Oracle, outcome: &Outcome, req: &Request, answer: &Answer) -> Result<(), String> {
    let status = match (outcome, answer.route) {
        (Outcome::Route { index, .. }, Some(i)) if i == *index => return Ok(()),
        (Outcome::Route { index, .. }, Some(i)) => {
            return Err(format!(
                "route #{i} `{}` answered instead of route #{index} `{}`",
                oracle.describe(i),
                oracle.describe(*index)
            ));
        }
        (Outcome::Route { .. }, None) => return Err("the router answered by itself".into()),
        (_, Some(i)) => return Err(format!("route #{i} `{}` answered", oracle.describe(i))),
        (outcome, None) => outcome.status().expect("a router outcome"),
    };
    if answer.status != status {
        return Err(format!("status {} instead of {status}", answer.status));
    }
    if let Outcome::MethodNotAllowed(allow) | Outcome::Options(allow) = outcome {
        let got = answer.header("allow").map(allow_set);
        if got.as_ref() != Some(allow) {
            return Err(format!("Allow {got:?} instead of {allow:?}"));
        }
    }
    if status == 204 {
        return Ok(());
    }
    if answer.header("content-type") != Some("text/plain; charset=utf-8") {
        return Err(format!("Content-Type {:?} instead of text/plain; charset=utf-8", answer.header("content-type")));
    }
    // A HEAD answer has no body on the wire.
    if req.method == "HEAD" {
        return Ok(());
    }
    let body = answer.text();
    if body.is_empty() || body.contains('\n') {
        return Err(format!("the body {body:?} is not one line saying what failed"));
    }
    if let Outcome::BadParam { source, key, problem } = outcome {
        let noun = noun(*source);
        let named = match problem {
            ParamProblem::Missing => body == format!("missing {noun} \"{key}\""),
            ParamProblem::Repeated => body == format!("repeated {noun} \"{key}\""),
            ParamProblem::Invalid => body.strip_prefix(&format!("{noun} \"{key}\": ")).is_some_and(|r| !r.is_empty()),
        };
        if !named {
            return Err(format!("the body {body:?} does not name the {noun} {key:?} and its problem ({problem:?})"));
        }
    }
    Ok(())
}
