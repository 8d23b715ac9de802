//! The catalogue app from Cro's introduction, in Rook: the route table of
//! `examples/showcase.rs`, shared with the tests that check it and with the fuzz targets.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::web::Json;
use rook::BodyError;

use crate::guestbook::pages;
use rook::prelude::*;
use serde::{Deserialize, Serialize};

/// A product of the in-memory catalogue.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Product {
    id: u32,
    name: &'static str,
    category: &'static str,
    tags: &'static [&'static str],
    price: u32,
}

/// The catalogue.
pub const PRODUCTS: &[Product] = &[
    Product { id: 1, name: "Oak chair", category: "chairs", tags: &["wood", "indoor"], price: 120 },
    Product { id: 2, name: "Garden bench", category: "benches", tags: &["garden", "wood"], price: 240 },
    Product { id: 3, name: "Reading lamp", category: "lamps", tags: &["indoor"], price: 45 },
    Product { id: 4, name: "Deck chair", category: "chairs", tags: &["garden"], price: 60 },
    Product { id: 5, name: "Lantern", category: "lamps", tags: &["garden", "outdoor"], price: 25 },
    Product { id: 42, name: "Walnut bookshelf", category: "shelves", tags: &["wood", "indoor"], price: 310 },
];

/// A version 4 UUID written as 32 lowercase hex digits.
#[derive(Segment)]
#[segment(regex = "[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")]
pub struct Uuid4(String);

/// The bounds on the showcase's in-memory state, so that no sequence of requests makes it grow
/// without limit. `cargo run --example showcase` reads them from the environment
/// ([`Limits::from_env`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How many `POST /log` entries are kept, the newest ones (default 1000,
    /// `SHOWCASE_LOG_LINES`); an older `GET /log/{n}` is 404.
    pub log_lines: usize,
    /// The largest `POST /log` body, in bytes (default 16 KiB, `SHOWCASE_LOG_ENTRY_BYTES`);
    /// a larger one is 413.
    pub log_entry_bytes: usize,
    /// How many users `/user-log` counts visits for (default 10 000, `SHOWCASE_TRACKED_USERS`);
    /// past that, the user seen first is forgotten first and starts again from visit 1.
    pub tracked_users: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { log_lines: 1000, log_entry_bytes: 16 * 1024, tracked_users: 10_000 }
    }
}

impl Limits {
    /// The defaults, each overridden by its environment variable (`SHOWCASE_LOG_LINES`,
    /// `SHOWCASE_LOG_ENTRY_BYTES`, `SHOWCASE_TRACKED_USERS`: positive integers).
    pub fn from_env() -> Result<Limits, String> {
        let var = |name: &str, default: usize| match std::env::var(name) {
            Err(std::env::VarError::NotPresent) => Ok(default),
            Ok(text) => match text.trim().parse::<usize>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(format!("{name}={text:?}: expected a positive integer")),
            },
            Err(std::env::VarError::NotUnicode(text)) => Err(format!("{name}={text:?}: expected a positive integer")),
        };
        let default = Limits::default();
        Ok(Limits {
            log_lines: var("SHOWCASE_LOG_LINES", default.log_lines)?,
            log_entry_bytes: var("SHOWCASE_LOG_ENTRY_BYTES", default.log_entry_bytes)?,
            tracked_users: var("SHOWCASE_TRACKED_USERS", default.tracked_users)?,
        })
    }
}

/// In-memory state: how many times each user log was visited, for at most `cap` users.
/// A visit is one hash-map update, however many visits came before.
struct Visits {
    cap: usize,
    counts: Mutex<VisitCounts>,
}

#[derive(Default)]
struct VisitCounts {
    /// Visits per user, keyed by the UUID's 128 bits.
    by_user: HashMap<u128, u64>,
    /// The users in `by_user`, first seen first: who is forgotten when it is full.
    seen: VecDeque<u128>,
}

impl Visits {
    fn new(cap: usize) -> Self {
        Visits { cap: cap.max(1), counts: Mutex::default() }
    }

    /// Counts one visit of `user` and returns its number.
    fn visit(&self, user: u128) -> u64 {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let VisitCounts { by_user, seen } = &mut *counts;
        if let Some(n) = by_user.get_mut(&user) {
            *n += 1;
            return *n;
        }
        if by_user.len() >= self.cap
            && let Some(oldest) = seen.pop_front()
        {
            by_user.remove(&oldest);
        }
        by_user.insert(user, 1);
        seen.push_back(user);
        1
    }
}

/// In-memory state: the last `cap` entries `POST /log` received. Entries are numbered from 1
/// in the order they came, dropped or not.
struct Logs {
    cap: usize,
    lines: Mutex<LogLines>,
}

#[derive(Default)]
struct LogLines {
    /// The newest entries, oldest first.
    kept: VecDeque<LogEntry>,
    /// How many entries were ever received: the newest is number `total`.
    total: usize,
}

impl Logs {
    fn new(cap: usize) -> Self {
        Logs { cap: cap.max(1), lines: Mutex::default() }
    }

    fn lines(&self) -> std::sync::MutexGuard<'_, LogLines> {
        self.lines.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps `entry`, forgetting the oldest if full; returns its number.
    fn push(&self, entry: LogEntry) -> usize {
        let mut lines = self.lines();
        if lines.kept.len() >= self.cap {
            lines.kept.pop_front();
        }
        lines.kept.push_back(entry);
        lines.total += 1;
        lines.total
    }

    /// Entry number `n`, if it was received and is still kept.
    fn get(&self, n: usize) -> Option<LogEntry> {
        let lines = self.lines();
        let first = lines.total - lines.kept.len() + 1;
        n.checked_sub(first).and_then(|i| lines.kept.get(i)).cloned()
    }
}

/// In-memory state: how many files `POST /upload` received (nothing else is kept).
#[derive(Default)]
struct Uploads(AtomicUsize);

/// A log line, as JSON (`{"level": "info", "message": "..."}`) or as a form. Other fields are
/// refused (422), so that its schema says `additionalProperties: false` and clients send only
/// these two.
#[derive(Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct LogEntry {
    level: String,
    message: String,
}

/// The upload form: a title and a file (documented as `multipart/form-data` with a binary
/// `file`).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct UploadForm {
    title: String,
    file: Upload,
}

/// `GET /upload`: the upload form, in the look of the index page.
const UPLOAD_FORM: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Rook upload</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/css/site.css">
</head>
<body>
  <header class="masthead">
    <nav class="nav" aria-label="Showcase">
      <a class="brand" href="/index.html"><span class="mark" aria-hidden="true">♜</span> Rook</a>
      <a href="/index.html">Routes</a>
      <a href="/chat.html">Chat</a>
      <a href="/upload" aria-current="page">Upload</a>
    </nav>
    <h1>Upload</h1>
    <p class="tagline">A <code>multipart/form-data</code> body read into a struct with an
      <code>Upload</code> field; the answer says what arrived.</p>
  </header>
  <main>
    <form class="panel" method="post" action="/upload" enctype="multipart/form-data">
      <label>Title <input name="title" required></label>
      <label>File <input type="file" name="file" required></label>
      <button>Upload</button>
    </form>
  </main>
</body>
</html>
"#;

/// Cro's `POST /log`: the body is taken as a `Result` so a bad one gets a JSON error in the
/// same shape as the rest of the API, with the status the parser chose (400, 415, 422, 413).
fn log(entry: Result<Body<LogEntry>, BodyError>, logs: &Logs) -> Response {
    let entry = match entry {
        Ok(entry) => entry.into_inner(),
        Err(e) => {
            let status = actix_web::ResponseError::status_code(&e);
            return bad_request()
                .status(status)
                .content("application/json", serde_json::json!({ "error": e.message() }));
        }
    };
    let n = logs.push(entry.clone());
    created(format!("/log/{n}")).content("application/json", entry)
}

fn log_line(n: usize, logs: &Logs) -> Response {
    match logs.get(n) {
        Some(entry) => content("application/json", entry),
        // A 404 in the table's error format (text), as the OpenAPI document says 404s are.
        None => not_found()
            .content("text/plain; charset=utf-8", format!("no log line {n} (the last {} are kept)\n", logs.cap)),
    }
}

fn upload(form: UploadForm, uploads: &Uploads) -> Response {
    let size = form.file.len();
    let n = uploads.0.fetch_add(1, Ordering::Relaxed) + 1;
    content("text/plain", format!("stored {:?} ({}, {size} bytes) as upload {n}\n", form.title, form.file.file_name))
}

fn api_product(id: u32) -> Response {
    match PRODUCTS.iter().find(|p| p.id == id) {
        Some(p) => content("application/json", serde_json::to_value(p).unwrap_or_default()),
        None => not_found().content("text/plain; charset=utf-8", format!("no product {id}\n")),
    }
}

/// A product as the JSON API v2 answers it: the product and the link to it (`href`, built by
/// the typed link builders of [`app`] and [`api_v2`]).
#[derive(Serialize, schemars::JsonSchema)]
pub struct ProductV2 {
    #[serde(flatten)]
    product: &'static Product,
    /// `/api/v2/products/{id}`.
    href: String,
}

impl ProductV2 {
    fn new(product: &'static Product) -> ProductV2 {
        ProductV2 { product, href: app::api_v2(api_v2::v2_product(product.id)).to_string() }
    }
}

/// `/api/v2/products/{id}`: a missing product is a Rook error, so it is answered in the API's
/// error format (problem+json), as its document says.
fn api_v2_product(id: u32) -> Result<Json<ProductV2>, rook::RookError> {
    match PRODUCTS.iter().find(|p| p.id == id) {
        Some(p) => Ok(Json(ProductV2::new(p))),
        None => Err(rook::RookError::new(actix_web::http::StatusCode::NOT_FOUND, format!("no product {id}"))),
    }
}

/// `/api/v2/products?max-price=..`: the products up to a price.
fn api_v2_products(max: u32) -> Json<Vec<ProductV2>> {
    Json(PRODUCTS.iter().filter(|p| p.price <= max).map(ProductV2::new).collect())
}

fn lines<'a>(products: impl Iterator<Item = &'a Product>) -> String {
    let out: String = products.map(|p| format!("{} {} ({}, ${})\n", p.id, p.name, p.category, p.price)).collect();
    if out.is_empty() { "no products\n".into() } else { out }
}

fn product(id: u32) -> Result<String, actix_web::error::Error> {
    PRODUCTS
        .iter()
        .find(|p| p.id == id)
        .map(|p| lines(std::iter::once(p)))
        .ok_or_else(|| actix_web::error::ErrorNotFound(format!("no product {id}\n")))
}

fn search(term: &str) -> String {
    let term = term.to_lowercase();
    lines(PRODUCTS.iter().filter(|p| p.name.to_lowercase().contains(&term)))
}

fn by_tag(tag: Option<String>) -> String {
    match tag {
        Some(tag) => lines(PRODUCTS.iter().filter(|p| p.tags.contains(&tag.as_str()))),
        None => {
            let mut tags: Vec<&str> = PRODUCTS.iter().flat_map(|p| p.tags.iter().copied()).collect();
            tags.sort_unstable();
            tags.dedup();
            format!("tags: {}\n", tags.join(", "))
        }
    }
}

fn category(name: &str, min: u32, max: Option<u32>) -> String {
    let max = max.unwrap_or(u32::MAX);
    lines(PRODUCTS.iter().filter(|p| p.category == name && (min..=max).contains(&p.price)))
}

fn user_log(id: Uuid4, visits: &Visits) -> String {
    // The derive's regex let through 32 hex digits only: 128 bits.
    let key = u128::from_str_radix(&id.0, 16).unwrap_or_default();
    format!("user {}: visit {}\n", id.0, visits.visit(key))
}

/// The advent calendar's guard: days 1 to 24 open.
pub fn advent_open(day: u32) -> bool {
    (1..=24).contains(&day)
}

/// The bearer token of the showcase's administrator (a demo: a real app looks tokens up).
pub const ADMIN_TOKEN: &str = "let-me-in";

/// The showcase's administrator: whoever sends `Authorization: Bearer let-me-in`. Another
/// well-formed token is known and not allowed (403); none or a malformed one is a 401.
pub struct Admin;

impl Authenticate for Admin {
    fn security_scheme() -> serde_json::Value {
        serde_json::json!({ "type": "http", "scheme": "bearer" })
    }

    async fn authenticate(req: &HttpRequest) -> Result<Self, AuthError> {
        let bearer = Bearer::authenticate(req).await?;
        if bearer.token() == ADMIN_TOKEN { Ok(Admin) } else { Err(AuthError::Forbidden) }
    }
}

/// The JSON API, version 2: its errors answer `application/problem+json`; its answers are
/// `Json<T>`, so its OpenAPI document has their schemas. Typed links in the module `api_v2`
/// (`app::api_v2(api_v2::v2_product(2))` is `/api/v2/products/2`).
#[rook::routes]
pub fn api_v2() -> Routes {
    route! {
        v2_product: get "products" / id: u32 => api_v2_product(id),
        v2_products: get "products" ? "max-price" as max: u32 => api_v2_products(max),
    }
    .error_format(rook::ErrorFormat::ProblemJson)
}

/// The showcase's routes, without state (see [`app_with_state`]). Named routes have typed
/// links in the module `app` (`app::product(2)`), generated by `#[rook::routes]`.
#[rook::routes]
pub fn app() -> Routes {
    route! {
        home: get / => "Hello from Rook\n",
        product: get "catalogue" / "products" / id: u32 => product(id),
        catalogue_search: get "catalogue" / "search" / term: String => search(&term),
        search: get "search" ? term: String => search(&term),
        by_tag: get "products" / "by-tag" / tag: Option<String> => by_tag(tag),
        category: get "category" / name: String ? "min-price" as min: u32 = 0 & max: Option<u32> => category(&name, min, max),
        order_history: get "orders" / "history" / page: u32 = 1 => format!("order history, page {page}\n"),
        user_log: get "user-log" / id: Uuid4, visits: Data<Visits> => user_log(id, &visits),
        advent: get "advent" / day: u32 if advent_open(day) => format!("advent day {day}: a surprise\n"),
        agent: get "agent", header "User-Agent" as agent: Option<String> => match agent {
            Some(agent) => format!("you are using {agent}\n"),
            None => "your client sent no User-Agent\n".to_string(),
        },
        add_log: post "log", entry: Result<Body<LogEntry>, BodyError>, logs: Data<Logs> => log(entry, &logs),
        log_line: get "log" / n: usize, logs: Data<Logs> => log_line(n, &logs),
        upload_form: get "upload" => content("text/html", UPLOAD_FORM),
        upload: post "upload", form: Body<UploadForm>, uploads: Data<Uploads> => upload(form.into_inner(), &uploads),
        api_products: get "api" / "products" => content("application/json", PRODUCTS),
        api_product: get "api" / "products" / id: u32 => api_product(id),
        chat: get "chat", socket: WebSocket, room: Data<ChatRoom> => room.join(socket),
        index_page: get "index.html" => static_file(asset("index.html")).await,
        chat_page: get "chat.html" => static_file(asset("chat.html")).await,
        css: get "css" / ..path => static_dir(asset("css"), &path).await,
        js: get "js" / ..path => static_dir(asset("js"), &path).await,
        openapi: get "openapi.json" => content("application/json", OPENAPI.clone()),
        docs: get "docs" / ..path => static_dir(asset("docs"), &path).index("index.html").await,
        favicon: get "favicon.ico" => static_file(asset("favicon.ico")).await,
        me: get "me", auth who: Bearer => format!("you hold the bearer token {:?}\n", who.token()),
        anonymous_me: get "me" => "hello, anonymous caller: send `Authorization: Bearer <token>`\n",
        admin: get "admin", auth _admin: Admin => "welcome, administrator\n",
        api_v2: include "api" / "v2" => api_v2(),
        pages: include => pages(),
        live: include "live" => crate::live_pages::live_pages(),
        live_js: get "_rook" / "live.js" => rook::live::script(),
    }
}

/// The document `GET /openapi.json` serves, generated once.
static OPENAPI: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(openapi);

/// The showcase's OpenAPI 3.1 document (`GET /openapi.json`), generated from [`app`]'s table.
pub fn openapi() -> serde_json::Value {
    let mut doc = app().openapi();
    doc["info"] = serde_json::json!({
        "title": "Rook showcase",
        "version": env!("CARGO_PKG_VERSION"),
        "description": "The catalogue app of `examples/showcase.rs`, described from its route table by `Routes::openapi()`.",
    });
    doc
}

/// A file under the checkout's `static/`, wherever the example is started from.
fn asset(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static").join(name)
}

/// [`app`] with fresh in-memory state bounded by the default [`Limits`].
pub fn app_with_state() -> Routes {
    app_with(Limits::default())
}

/// [`app`] with fresh in-memory state bounded by `limits`, as `cargo run --example showcase`
/// serves it. The log starts with one entry, so that `/log/1` (linked from the index) answers.
/// Panics when `ROOK_REDIS_URL` is not a Redis URL (see [`try_app_with`]).
pub fn app_with(limits: Limits) -> Routes {
    try_app_with(limits).unwrap_or_else(|e| panic!("{e}"))
}

/// [`app_with`], or the one-line error that a set `ROOK_REDIS_URL` is not a Redis URL (the chat
/// room then goes through Redis).
pub fn try_app_with(limits: Limits) -> Result<Routes, String> {
    let room = match std::env::var("ROOK_REDIS_URL") {
        Ok(url) => ChatRoom::redis(&url, "showcase")
            .map_err(|e| format!("ROOK_REDIS_URL={url:?} is not a Redis URL such as redis://127.0.0.1:6379: {e}"))?,
        Err(_) => ChatRoom::new(),
    };
    let logs = Logs::new(limits.log_lines);
    logs.push(LogEntry { level: "info".into(), message: "the showcase started".into() });
    let n = limits.log_entry_bytes;
    Ok(app()
        .app_data(Data::new(Visits::new(limits.tracked_users)))
        .app_data(Data::new(logs))
        .app_data(Data::new(Uploads::default()))
        .app_data(Data::new(crate::guestbook::Guestbook::new(limits.log_lines)))
        .app_data(Data::new(room.notices(rook::Notices::named())))
        .app_data(BodyConfig::default().json_limit(n).form_limit(n).text_limit(n)))
}

/// The showcase's `rook::testing` setup: the oracle told what `Uuid4` accepts (its own parser)
/// and what the advent guard says, and sample UUIDs so that requests reach `/user-log`.
#[cfg(feature = "testing")]
pub fn check() -> rook::testing::Check {
    rook::testing::Check::new(app_with_state())
        .accepts::<Uuid4>("Uuid4")
        .samples("Uuid4", ["0123456789ab4def8123456789abcdef", "ffffffffffff4fffbfffffffffffffff"])
        .guard("/advent/{day: u32}", |c| c.one("day").and_then(|d| d.parse().ok()).is_some_and(advent_open))
        .authenticates("Admin", ["Bearer let-me-in", "Bearer guess", "Bearer ", "Basic eDp5"], admin_model)
}

/// What [`Admin`] accepts, for the oracle: `Bearer`'s rules, then the one token.
#[cfg(feature = "testing")]
fn admin_model(req: &rook::testing::Request) -> Result<(), rook::testing::AuthRefusal> {
    let token = rook::testing::bearer_token(req)?;
    if token == ADMIN_TOKEN { Ok(()) } else { Err(rook::testing::AuthRefusal::Forbidden) }
}

/// The fuzz target of the showcase's matcher (`fuzz/fuzz_targets/showcase_matcher.rs`):
/// `Routes::recognize` against the oracle on the request `data` stands for (first byte: the
/// method; the rest: the path).
#[cfg(feature = "testing")]
pub fn fuzz_matcher(data: &[u8]) {
    use std::sync::LazyLock;
    static TARGET: LazyLock<(Routes, rook::testing::Oracle)> = LazyLock::new(|| (app(), check().oracle().clone()));
    rook::testing::fuzz::matcher(&TARGET.0, &TARGET.1, data);
}
