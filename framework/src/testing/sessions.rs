//! [`check_sessions`] and [`Sessions`]: several users, each with a generated sequence of
//! requests, interleaved in an order drawn from the seed (in-process, shrinkable) and then run
//! truly concurrently over loopback; every answer is held to the oracle and to a model of the
//! app's state that the user writes.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::App;
use actix_web::rt::SystemRunner;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::{BoxedStrategy, ValueTree};
use proptest::test_runner::{TestCaseError, TestError};

use crate::Routes;
use crate::Source;

use super::answer::Answer;
use super::check::Check;
use super::generate::{Fixed, Generator};
use super::judge::{Failure, Report, exchange, runner, verdict};
use super::loopback::{Client, Server};
use super::request::Request;

/// A model of the app's state: sees each request and its answer, in the order the app answered
/// them, and says what is wrong.
type Model<S> = Arc<dyn Fn(&mut S, &Request, &Answer) -> Result<(), String> + Send + Sync>;

/// Parameters whose value is the user's own, by user number.
type PerUser = Arc<dyn Fn(usize) -> String + Send + Sync>;

/// Checks `users` users of a fresh `app()` making `steps` generated requests each, interleaved
/// in-process in orders drawn from the seed, then concurrently over loopback. Every answer must
/// agree with the oracle (as in [`check`](super::check)) and with `model`, which sees every
/// request and answer in the order the app gave them, with a fresh `S::default()` per session.
///
/// Panics with the shrunk session (a `curl` command per request, user by user) on failure.
///
/// ```
/// use rook::prelude::*;
/// use std::sync::atomic::{AtomicU64, Ordering};
///
/// // A counter: every POST answers a number no other POST got.
/// let app = || route! {
///     post "hits", hits: Data<AtomicU64> => format!("{}", hits.fetch_add(1, Ordering::SeqCst) + 1),
/// }.app_data(Data::new(AtomicU64::new(0)));
/// rook::testing::check_sessions(app, 3, 5, |seen: &mut Vec<u64>, req, answer| {
///     if answer.route.is_none() {
///         return Ok(()); // a near-miss the router answered
///     }
///     let n: u64 = answer.text().parse().map_err(|e| format!("{e}"))?;
///     // Concurrent answers may arrive in any order, but no number twice.
///     if seen.contains(&n) {
///         return Err(format!("{} {} got {n} again", req.method, req.path));
///     }
///     seen.push(n);
///     Ok(())
/// });
/// ```
pub fn check_sessions<S: Default + Send + 'static>(
    app: impl Fn() -> Routes + Send + Sync + 'static,
    users: usize,
    steps: usize,
    model: impl Fn(&mut S, &Request, &Answer) -> Result<(), String> + Send + Sync + 'static,
) -> Report {
    Check::fresh(app).sessions(users, steps, model).run()
}

/// A configured run of [`check_sessions`], made with [`Check::sessions`].
pub struct Sessions<S> {
    check: Check,
    users: usize,
    steps: usize,
    model: Model<S>,
    per_user: Vec<(Source, String, PerUser)>,
    rounds: u32,
}

/// Sessions run in-process unless [`Check::cases`] says otherwise.
const DEFAULT_SESSIONS: u32 = 32;
/// Concurrent rounds over loopback unless [`Sessions::concurrent`] says otherwise.
const DEFAULT_ROUNDS: u32 = 4;

/// One exchange of a session, for the transcript.
struct Step {
    user: usize,
    request: Request,
    answer: Option<Answer>,
}

fn transcript(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        let answer = s.answer.as_ref().map_or("(no answer)".into(), |a| format!("{a:?}"));
        let _ = writeln!(out, "  user {}: {:?}\n      → {answer}", s.user, s.request);
    }
    out
}

impl Check {
    /// Per-user request sequences and a model of the app's state: see [`Sessions`].
    pub fn sessions<S: Default + Send + 'static>(
        self,
        users: usize,
        steps: usize,
        model: impl Fn(&mut S, &Request, &Answer) -> Result<(), String> + Send + Sync + 'static,
    ) -> Sessions<S> {
        Sessions::new(self, users, steps, model)
    }
}

impl<S: Default + Send + 'static> Sessions<S> {
    pub(crate) fn new(
        check: Check,
        users: usize,
        steps: usize,
        model: impl Fn(&mut S, &Request, &Answer) -> Result<(), String> + Send + Sync + 'static,
    ) -> Sessions<S> {
        Sessions {
            check,
            users: users.max(1),
            steps,
            model: Arc::new(model),
            per_user: Vec::new(),
            rounds: DEFAULT_ROUNDS,
        }
    }

    /// Gives every request of user `u` the value `value(u)` for the parameter `key` of `source`
    /// (say, the cookie that says who is logged in), whenever the route has that parameter.
    /// Near-misses may still drop or repeat it, never change it: users stay who they are.
    pub fn per_user(
        mut self,
        source: Source,
        key: &str,
        value: impl Fn(usize) -> String + Send + Sync + 'static,
    ) -> Self {
        self.per_user.push((source, key.to_owned(), Arc::new(value)));
        self
    }

    /// Runs `rounds` rounds of truly concurrent sessions over loopback after the in-process ones
    /// (0 turns them off). These are not shrunk: their order is the scheduler's.
    pub fn concurrent(mut self, rounds: u32) -> Self {
        self.rounds = rounds;
        self
    }

    /// Runs the sessions; panics with the [`Failure`] if there is one.
    pub fn run(self) -> Report {
        self.try_run().unwrap_or_else(|failure| panic!("{failure}"))
    }

    fn generators(&self) -> Vec<BoxedStrategy<Vec<Request>>> {
        (0..self.users)
            .map(|u| {
                let fixed = self.per_user.iter().map(|(source, key, value)| Fixed {
                    source: *source,
                    key: key.clone(),
                    value: value(u),
                });
                Generator::with_fixed(&self.check.oracle, fixed.collect()).requests()
            })
            .map(|requests| vec(requests, 0..=self.steps).boxed())
            .collect()
    }

    /// Runs the sessions.
    pub fn try_run(self) -> Result<Report, Box<Failure>> {
        self.check.oracle.assert_types_known();
        let mut report = Report { routes: self.check.oracle.len(), ..Report::default() };
        // A handler's panic is a finding, printed once in the failure, not each time proptest
        // replays it.
        super::quiet::quietly(|| self.interleaved(&mut report))?;
        self.concurrently(&mut report)?;
        Ok(report)
    }

    /// One session in-process: user `u`'s requests in the order `schedule` picks.
    fn session(
        &self,
        system: &SystemRunner,
        requests: &[Vec<Request>],
        schedule: &[Index],
        report: &mut Report,
    ) -> Result<(), (String, Vec<Step>)> {
        let app = system.block_on(actix_web::test::init_service(App::new().service((self.check.app)())));
        let mut state = S::default();
        let mut next = vec![0; requests.len()];
        let mut steps: Vec<Step> = Vec::new();
        for pick in schedule {
            let live: Vec<usize> = (0..requests.len()).filter(|&u| next[u] < requests[u].len()).collect();
            if live.is_empty() {
                break;
            }
            let user = live[pick.index(live.len())];
            let request = requests[user][next[user]].clone();
            next[user] += 1;
            let answer = system.block_on(exchange(&app, &request));
            let judged = verdict(&self.check.oracle, &request, &answer)
                .and_then(|kind| (self.model)(&mut state, &request, &answer).map(|()| kind));
            report.count(&judged, &answer);
            steps.push(Step { user, request, answer: Some(answer) });
            if let Err(problem) = judged {
                return Err((format!("user {user}, request {}: {problem}", next[user]), steps));
            }
        }
        Ok(())
    }

    fn interleaved(&self, report: &mut Report) -> Result<(), Box<Failure>> {
        let strategy = (self.generators(), vec(any::<Index>(), self.users * self.steps));
        let system = actix_web::rt::System::new();
        let mut runner = runner(self.check.cases_or(DEFAULT_SESSIONS), self.check.seed);
        let sessions = std::cell::Cell::new(0u32);
        let found_after = std::cell::Cell::new(None);
        let counted = std::cell::RefCell::new(std::mem::take(report));
        let result = runner.run(&strategy, |(requests, schedule)| {
            sessions.set(sessions.get() + 1);
            let mut scratch = Report::default();
            let outcome = self.session(&system, &requests, &schedule, &mut scratch);
            if found_after.get().is_none() {
                counted.borrow_mut().merge(scratch);
            }
            outcome.map_err(|(problem, _)| {
                found_after.set(found_after.get().or(Some(sessions.get())));
                TestCaseError::fail(problem)
            })
        });
        *report = counted.into_inner();
        match result {
            Ok(()) => Ok(()),
            Err(TestError::Fail(_, (requests, schedule))) => {
                // Run the shrunk session once more for its transcript.
                let (problem, steps) = self
                    .session(&system, &requests, &schedule, &mut Report::default())
                    .expect_err("a shrunk failing session fails again (is the app deterministic?)");
                let last = steps.last().expect("a failing step").request.clone();
                let problem =
                    format!("{problem}\nthe session, in the order the app answered it:\n{}", transcript(&steps));
                Err(Box::new(Failure::new(last, problem, found_after.get().unwrap_or(0))))
            }
            Err(TestError::Abort(why)) => panic!("rook::testing: proptest gave up: {why}"),
        }
    }

    fn concurrently(&self, report: &mut Report) -> Result<(), Box<Failure>> {
        let generators = self.generators();
        let mut runner = runner(1, self.check.seed ^ 0xC0C0);
        for round in 0..self.rounds {
            let requests: Vec<Vec<Request>> = generators
                .iter()
                .map(|g| g.new_tree(&mut runner).expect("requests are always generated").current())
                .collect();
            let server = Server::start(self.check.app.clone(), 2)
                .unwrap_or_else(|e| panic!("rook::testing: cannot start a server on 127.0.0.1: {e}"));
            let shared = Mutex::new((S::default(), Vec::<Step>::new(), Report::default(), None::<String>));
            let stop = AtomicBool::new(false);
            std::thread::scope(|scope| {
                for (user, requests) in requests.into_iter().enumerate() {
                    let (shared, stop, server) = (&shared, &stop, &server);
                    scope.spawn(move || {
                        let client = Client::new(server.addr);
                        for request in requests {
                            if stop.load(Ordering::Relaxed) {
                                return;
                            }
                            let request = client.prepare(request);
                            let answer = client.send(&request);
                            let mut guard = shared.lock().unwrap_or_else(PoisonError::into_inner);
                            let (state, steps, counted, failure) = &mut *guard;
                            let judged = answer.as_ref().map_err(Clone::clone).and_then(|answer| {
                                verdict(&self.check.oracle, &request, answer)
                                    .and_then(|kind| (self.model)(state, &request, answer).map(|()| kind))
                            });
                            if let Ok(answer) = &answer {
                                counted.count(&judged, answer);
                            }
                            steps.push(Step { user, request, answer: answer.ok() });
                            if let Err(problem) = judged {
                                failure.get_or_insert(format!("concurrent round {round}, user {user}: {problem}"));
                                stop.store(true, Ordering::Relaxed);
                                return;
                            }
                        }
                    });
                }
            });
            drop(server);
            let (_, steps, counted, failure) = shared.into_inner().unwrap_or_else(PoisonError::into_inner);
            report.merge(counted);
            if let Some(problem) = failure {
                let last = steps.last().expect("a failing step").request.clone();
                let problem =
                    format!("{problem}\nthe requests, in the order the app answered them:\n{}", transcript(&steps));
                let mut failure = Failure::new(last, problem, round + 1);
                failure.shrunk = false;
                return Err(Box::new(failure));
            }
        }
        Ok(())
    }
}
