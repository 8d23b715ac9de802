//! [`check`] and [`Check`]: generated requests run in-process through the app, each answer held
//! to the oracle's, failures shrunk by proptest and printed as `curl`.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use actix_web::App;
use actix_web::rt::System;
use proptest::test_runner::{TestCaseError, TestError};

use crate::FromSegment;
use crate::Routes;

use super::generate::Generator;
use super::judge::{AppFactory, Failure, Report, exchange, runner, verdict};
use super::oracle::{Captures, Oracle};
use super::request::Request;

/// The seed used unless [`Check::seed`] or `ROOK_TESTING_SEED` says otherwise: runs are
/// reproducible by default.
pub const DEFAULT_SEED: u64 = 0x5EED_600C;

/// Cases run unless [`Check::cases`] or `PROPTEST_CASES` says otherwise.
pub const DEFAULT_CASES: u32 = 512;

/// Checks `routes` against the rules (docs/) with [`DEFAULT_CASES`] generated requests, and panics with
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

    /// Which requests the `Authenticate` type written `name` accepts, and `Authorization`
    /// values to send to its routes (see [`Oracle::authenticates`]).
    pub fn authenticates<S: Into<String>>(
        mut self,
        name: &str,
        headers: impl IntoIterator<Item = S>,
        decide: impl Fn(&Request) -> Result<(), crate::testing::AuthRefusal> + Send + Sync + 'static,
    ) -> Check {
        self.oracle = self.oracle.authenticates(name, headers, decide);
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

    /// The oracle this check holds answers to.
    pub fn oracle(&self) -> &Oracle {
        &self.oracle
    }

    /// Runs the check; panics with the [`Failure`] if there is one.
    pub fn run(self) -> Report {
        self.try_run().unwrap_or_else(|failure| panic!("{failure}"))
    }

    /// Runs the check. A handler's panic is a finding, not printed as it happens (proptest
    /// replays it while it shrinks): the [`Failure`] names it.
    pub fn try_run(self) -> Result<Report, Box<Failure>> {
        self.oracle.assert_types_known();
        super::quiet::quietly(|| self.run_quietly())
    }

    fn run_quietly(self) -> Result<Report, Box<Failure>> {
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
                let mut problem = problem.message().to_owned();
                // A panic is named by its own message: replay the shrunk request to catch it.
                super::quiet::last_panic();
                if exchange(&req).panicked
                    && let Some(panic) = super::quiet::last_panic()
                {
                    problem = format!("{problem}\n  {}", panic.replace('\n', "\n  "));
                }
                let failure = Failure::new(req, problem, found_after.get().unwrap_or(0));
                if let Some(path) = &self.regressions {
                    record(path, &failure, self.seed);
                }
                Err(Box::new(failure))
            }
            Err(TestError::Abort(why)) => panic!("rook::testing: proptest gave up: {why}"),
        }
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
