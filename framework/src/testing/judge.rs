//! Holding an answer to the oracle's: the in-process exchange, the verdict, and what a run
//! reports ([`Report`]) or finds ([`Failure`]); shared by [`check`](super::check) and
//! [`check_sessions`](super::check_sessions).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::Routes;
use crate::Source;
use crate::router::hook;

use super::answer::Answer;
use super::auth::AuthRefusal;
use super::curl::{DEFAULT_BASE, curl};
use super::oracle::{Oracle, Outcome, ParamProblem};
use super::request::Request;

/// Makes the app under test, once per run (or once per session with [`Check::fresh`]).
pub(crate) type AppFactory = Arc<dyn Fn() -> Routes + Send + Sync>;

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
            "rook::testing: the app disagrees with Rook's rules (docs/routing.md) or the model (found in case {}{shrunk})",
            self.found_after
        )?;
        writeln!(f, "  {}", self.problem)?;
        writeln!(f, "failing request:\n{}", self.request)?;
        write!(f, "replay it against `cargo run`:\n  {}", self.curl)
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
    if let Outcome::Refused(AuthRefusal::Unauthenticated(challenge)) = outcome {
        let got = answer.header("www-authenticate");
        if got != Some(challenge.as_str()) {
            return Err(format!("WWW-Authenticate {got:?} instead of {challenge:?}"));
        }
    }
    if status == 204 {
        return Ok(());
    }
    match oracle.error_format(&req.path) {
        crate::ErrorFormat::Text | crate::ErrorFormat::Negotiate => {}
        crate::ErrorFormat::ProblemJson => return problem_json(outcome, status, req, answer),
        // What a custom renderer answers is the application's business.
        crate::ErrorFormat::Custom(_) => return Ok(()),
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

/// An answer in `ErrorFormat::ProblemJson`: the media type, and a body whose `status` is the
/// status and whose `parameter` names a parameter that failed.
fn problem_json(outcome: &Outcome, status: u16, req: &Request, answer: &Answer) -> Result<(), String> {
    if answer.header("content-type") != Some("application/problem+json") {
        return Err(format!("Content-Type {:?} instead of application/problem+json", answer.header("content-type")));
    }
    if req.method == "HEAD" {
        return Ok(());
    }
    let body: serde_json::Value =
        serde_json::from_str(&answer.text()).map_err(|e| format!("the problem+json body does not parse: {e}"))?;
    if body["status"] != status || body["detail"].as_str().is_none_or(str::is_empty) {
        return Err(format!("the problem+json body {body} does not give status {status} and a detail"));
    }
    if let Outcome::BadParam { key, .. } = outcome
        && body["parameter"] != key.as_str()
    {
        return Err(format!("the problem+json body {body} does not name the parameter {key:?}"));
    }
    Ok(())
}
