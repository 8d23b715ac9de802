//! Issue 11: `auth` parameters over a real server and raw TCP: the decision order of docs/auth.md
//! (404 → 405 → 401/403 → 400 → extractors and body), the built-in `Bearer` and `Basic` against
//! malformed `Authorization` headers, refused candidates falling through to the next, CORS
//! preflights, a panicking and a slow `authenticate`.

#[path = "support/server.rs"]
mod server;

use std::sync::Arc;
use std::thread;

use actix_web::App;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rook::prelude::*;
use rook::{AuthConfig, ErrorFormat};
use server::{RawResponse, Server};
use tokio::sync::Notify;

/// Alice is known; Mallory is known and forbidden; any other token is unknown.
struct User(String);

impl Authenticate for User {
    async fn authenticate(req: &HttpRequest) -> Result<Self, AuthError> {
        let bearer = Bearer::authenticate(req).await?;
        match bearer.token() {
            "alice" => Ok(User("alice".into())),
            "mallory" => Err(AuthError::Forbidden),
            _ => Err(Bearer::challenge()),
        }
    }
}

/// Panics whenever it is asked.
struct Panicky;

impl Authenticate for Panicky {
    async fn authenticate(_: &HttpRequest) -> Result<Self, AuthError> {
        panic!("authenticate panicked on purpose")
    }
}

/// Waits until `/release` is called: a slow session lookup.
struct Slow;

impl Authenticate for Slow {
    async fn authenticate(req: &HttpRequest) -> Result<Self, AuthError> {
        let gate = req.app_data::<Data<Notify>>().expect("the gate").clone();
        gate.notified().await;
        Ok(Slow)
    }
}

#[derive(serde::Deserialize)]
struct Item {
    name: String,
}

fn app(gate: Arc<Notify>) -> Routes {
    route! {
        get "me", auth u: User => format!("me: {}", u.0),
        get "me" => "anonymous",
        get | delete "admin", auth u: User => format!("admin: {}", u.0),
        get "secret" ? q: u32, auth u: User => format!("{} asked {q}", u.0),
        post "items", auth _u: User, item: Body<Item> => format!("item {}", item.name),
        get "basic", auth who: Basic => format!("{}:{}", who.user(), who.password()),
        options "pre", auth _u: User => "options",
        get "panic", auth _p: Panicky => "never",
        get "slow", auth _s: Slow => "slow done",
        get "release", gate: Data<Notify> => { gate.notify_one(); "released" },
    }
    .app_data(AuthConfig::default().realm("staff"))
    .app_data(Data::from(gate))
}

fn start() -> Server {
    let gate = Arc::new(Notify::new());
    Server::start(move |cfg| {
        cfg.service(app(gate.clone()));
    })
}

/// Sends `method target` with `headers` and an optional body (with its `Content-Length`).
fn send(server: &Server, method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> RawResponse {
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (name, value) in headers {
        req.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(body);
    server.raw(req.as_bytes())
}

const BEARER: Option<&str> = Some("Bearer");
const BASIC: Option<&str> = Some(r#"Basic realm="staff", charset="UTF-8""#);
const ALICE: (&str, &str) = ("Authorization", "Bearer alice");
const MALLORY: (&str, &str) = ("Authorization", "Bearer mallory");
const JSON: (&str, &str) = ("Content-Type", "application/json");

/// One row: the request, then the status, `WWW-Authenticate` and `Allow` expected (`None`:
/// the header must be absent), and a text the body contains.
struct Row {
    method: &'static str,
    target: &'static str,
    headers: Vec<(&'static str, &'static str)>,
    body: &'static str,
    status: u16,
    challenge: Option<&'static str>,
    allow: Option<&'static str>,
    says: &'static str,
}

fn row(method: &'static str, target: &'static str, headers: &[(&'static str, &'static str)], status: u16) -> Row {
    Row { method, target, headers: headers.to_vec(), body: "", status, challenge: None, allow: None, says: "" }
}

impl Row {
    fn challenge(mut self, c: Option<&'static str>) -> Row {
        self.challenge = c;
        self
    }
    fn allow(mut self, a: &'static str) -> Row {
        self.allow = Some(a);
        self
    }
    fn body(mut self, b: &'static str) -> Row {
        self.body = b;
        self
    }
    fn says(mut self, s: &'static str) -> Row {
        self.says = s;
        self
    }
}

fn check(server: &Server, rows: &[Row]) {
    for (i, r) in rows.iter().enumerate() {
        let res = send(server, r.method, r.target, &r.headers, r.body);
        let what = format!("row {i}: {} {} {:?}", r.method, r.target, r.headers);
        assert_eq!(res.status, r.status, "{what}: {}", res.text());
        assert_eq!(res.header("www-authenticate"), r.challenge, "{what}: WWW-Authenticate");
        assert_eq!(res.header("allow"), r.allow, "{what}: Allow");
        assert!(res.text().contains(r.says), "{what}: body {:?} lacks {:?}", res.text(), r.says);
    }
}

#[test]
fn decision_order_table() {
    let server = start();
    let long = format!("Bearer {}", "a".repeat(10 * 1024));
    let long: &'static str = Box::leak(long.into_boxed_str());
    let b64 = |s: &[u8]| -> &'static str { Box::leak(format!("Basic {}", STANDARD.encode(s)).into_boxed_str()) };
    let rows = [
        // 404 before anything: an unknown path is never 401.
        row("GET", "/nothing", &[], 404),
        row("GET", "/nothing", &[("Authorization", "garbage")], 404),
        row("POST", "/nothing", &[MALLORY], 404),
        // 405 before 401: Allow, no challenge.
        row("POST", "/me", &[], 405).allow("GET, HEAD, OPTIONS"),
        row("PUT", "/admin", &[], 405).allow("GET, HEAD, DELETE, OPTIONS"),
        row("PATCH", "/admin", &[MALLORY], 405).allow("GET, HEAD, DELETE, OPTIONS"),
        // A refused candidate is skipped; the anonymous route answers.
        row("GET", "/me", &[], 200).says("anonymous"),
        row("GET", "/me", &[ALICE], 200).says("me: alice"),
        row("GET", "/me", &[MALLORY], 200).says("anonymous"),
        row("GET", "/me", &[("Authorization", "Bearer bob")], 200).says("anonymous"),
        // 401 / 403.
        row("GET", "/admin", &[], 401).challenge(BEARER).says("authentication required"),
        row("GET", "/admin", &[ALICE], 200).says("admin: alice"),
        row("GET", "/admin", &[MALLORY], 403).says("forbidden"),
        row("GET", "/admin", &[("Authorization", "Bearer bob")], 401).challenge(BEARER),
        row("DELETE", "/admin", &[], 401).challenge(BEARER),
        row("HEAD", "/admin", &[], 401).challenge(BEARER),
        row("HEAD", "/admin", &[ALICE], 200),
        // 401 before 400: the caller never learns the query parameters.
        row("GET", "/secret", &[], 401).challenge(BEARER),
        row("GET", "/secret?q=x", &[], 401).challenge(BEARER),
        row("GET", "/secret?q=x", &[MALLORY], 403),
        row("GET", "/secret?q=7", &[ALICE], 200).says("alice asked 7"),
        row("GET", "/secret", &[ALICE], 400).says("\"q\""),
        row("GET", "/secret?q=x", &[ALICE], 400).says("\"q\""),
        // 401 before the body's 415/400/422.
        row("POST", "/items", &[JSON], 401).challenge(BEARER).body("{not json"),
        row("POST", "/items", &[("Content-Type", "text/csv")], 401).challenge(BEARER).body("a,b"),
        row("POST", "/items", &[JSON], 401).challenge(BEARER).body(r#"{"nom":"x"}"#),
        row("POST", "/items", &[ALICE, ("Content-Type", "text/csv")], 415).body("a,b"),
        row("POST", "/items", &[ALICE, JSON], 400).body("{not json"),
        row("POST", "/items", &[ALICE, JSON], 422).body(r#"{"nom":"x"}"#),
        row("POST", "/items", &[ALICE, JSON], 200).body(r#"{"name":"x"}"#).says("item x"),
        // Malformed Authorization headers: 401 with the challenge, never 400 or 500.
        row("GET", "/admin", &[("Authorization", "alice")], 401).challenge(BEARER),
        row("GET", "/admin", &[("Authorization", "Basic YWxpY2U6eA==")], 401).challenge(BEARER),
        row("GET", "/admin", &[("Authorization", "Bearer")], 401).challenge(BEARER),
        row("GET", "/admin", &[("Authorization", "Bearer ")], 401).challenge(BEARER),
        row("GET", "/admin", &[("Authorization", "Bearer a b")], 401).challenge(BEARER),
        row("GET", "/admin", &[("Authorization", "Bearer al\"ice")], 401).challenge(BEARER),
        row("GET", "/admin", &[ALICE, ALICE], 401).challenge(BEARER),
        row("GET", "/admin", &[("Authorization", long)], 401).challenge(BEARER),
        row("GET", "/admin", &[("Authorization", "bearer alice")], 200).says("admin: alice"),
        // Basic, with the realm from AuthConfig.
        row("GET", "/basic", &[], 401).challenge(BASIC),
        row("GET", "/basic", &[("Authorization", "Basic !!!")], 401).challenge(BASIC),
        row("GET", "/basic", &[("Authorization", b64(b"\xff\xfe:pw"))], 401).challenge(BASIC),
        row("GET", "/basic", &[("Authorization", b64(b"no-colon"))], 401).challenge(BASIC),
        row("GET", "/basic", &[ALICE], 401).challenge(BASIC),
        row("GET", "/basic", &[("Authorization", b64(b"alice:s3:cret"))], 200).says("alice:s3:cret"),
        // OPTIONS: the router's 204 when no OPTIONS route fits; an OPTIONS route with auth
        // refuses a plain OPTIONS but never a CORS preflight.
        row("OPTIONS", "/admin", &[], 204).allow("GET, HEAD, DELETE, OPTIONS"),
        row("OPTIONS", "/pre", &[], 401).challenge(BEARER),
        row("OPTIONS", "/pre", &[ALICE], 200).says("options"),
        row("OPTIONS", "/pre", &[("Origin", "http://a.test"), ("Access-Control-Request-Method", "GET")], 204)
            .allow("OPTIONS"),
    ];
    assert!(rows.len() >= 30);
    check(&server, &rows);
}

#[test]
fn non_utf8_authorization_is_401() {
    let server = start();
    let res =
        server.raw(b"GET /admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer \xff\xfe\r\n\r\n");
    assert_eq!(res.status, 401);
    assert_eq!(res.header("www-authenticate"), Some("Bearer"));
    let res = server.raw(b"GET /basic HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Basic \xff\r\n\r\n");
    assert_eq!(res.status, 401);
    assert_eq!(res.header("www-authenticate"), BASIC);
}

#[test]
fn panicking_authenticate_is_500_and_the_server_keeps_serving() {
    let server = start();
    for _ in 0..3 {
        let res = server.get("/panic");
        assert_eq!(res.status, 500);
        assert!(!res.text().contains("on purpose"), "the panic stays in the log: {}", res.text());
        let res = send(&server, "GET", "/me", &[ALICE], "");
        assert_eq!((res.status, res.text()), (200, "me: alice".into()));
    }
}

#[test]
fn slow_authenticate_does_not_block_the_worker() {
    // One worker: `/slow` waits in `authenticate` until `/release` is answered on the same
    // worker. Were the worker blocked, `/release` would never run and the read timeout fail.
    let server = Arc::new(start());
    let slow = {
        let server = server.clone();
        thread::spawn(move || server.get("/slow"))
    };
    let mut released = false;
    while !slow.is_finished() {
        let res = server.get("/release");
        assert_eq!(res.status, 200);
        released = true;
        thread::yield_now();
    }
    let res = slow.join().unwrap();
    assert!(released);
    assert_eq!((res.status, res.text()), (200, "slow done".into()));
}

#[test]
fn cors_preflight_gets_its_cors_answer_not_401() {
    let gate = Arc::new(Notify::new());
    let server = Server::start_app(move || {
        let cors = actix_cors::Cors::default().allowed_origin("http://a.test").allow_any_method().allow_any_header();
        App::new().wrap(cors).service(app(gate.clone()))
    });
    let preflight = [
        ("Origin", "http://a.test"),
        ("Access-Control-Request-Method", "DELETE"),
        ("Access-Control-Request-Headers", "authorization"),
    ];
    let res = send(&server, "OPTIONS", "/admin", &preflight, "");
    assert_eq!(res.status, 200, "{}", res.text());
    assert_eq!(res.header("access-control-allow-origin"), Some("http://a.test"));
    assert_eq!(res.header("www-authenticate"), None);
    // The actual request is refused by auth, with the CORS header kept.
    let res = send(&server, "DELETE", "/admin", &[("Origin", "http://a.test")], "");
    assert_eq!(res.status, 401);
    assert_eq!(res.header("www-authenticate"), BEARER);
    assert_eq!(res.header("access-control-allow-origin"), Some("http://a.test"));
}

#[test]
fn every_error_format_keeps_the_challenge() {
    for (format, content_type) in [
        (ErrorFormat::Text, "text/plain; charset=utf-8"),
        (ErrorFormat::ProblemJson, "application/problem+json"),
        (ErrorFormat::Negotiate, "text/plain; charset=utf-8"),
    ] {
        let gate = Arc::new(Notify::new());
        let server = Server::start(move |cfg| {
            cfg.service(app(gate.clone()).error_format(format.clone()));
        });
        let res = server.get("/admin");
        assert_eq!(res.status, 401);
        assert_eq!(res.header("www-authenticate"), BEARER);
        assert_eq!(res.header("content-type"), Some(content_type));
        let res = send(&server, "GET", "/admin", &[MALLORY], "");
        assert_eq!(res.status, 403);
        assert_eq!(res.header("content-type"), Some(content_type));
        let res = send(&server, "GET", "/basic", &[("Accept", "application/json")], "");
        assert_eq!(res.status, 401);
        assert_eq!(res.header("www-authenticate"), BASIC);
    }
    let server = Server::start(|cfg| {
        cfg.service(app(Arc::new(Notify::new())).error_format(ErrorFormat::ProblemJson));
    });
    let res = server.get("/admin");
    let body: serde_json::Value = serde_json::from_slice(&res.body).unwrap();
    assert_eq!(body["status"], 401);
    assert_eq!(body["title"], "Unauthorized");
    assert_eq!(body["detail"], "authentication required");
}
