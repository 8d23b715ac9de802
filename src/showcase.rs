//! The catalogue app from Cro's introduction, in Rook: the route table of
//! `examples/showcase.rs`, shared with the tests that check it and with the fuzz targets.

use std::sync::Mutex;

use rook::BodyError;
use rook::prelude::*;
use serde::{Deserialize, Serialize};

/// A product of the in-memory catalogue.
#[derive(Serialize)]
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
];

/// A version 4 UUID written as 32 lowercase hex digits.
#[derive(Segment)]
#[segment(regex = "[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")]
pub struct Uuid4(String);

/// In-memory state: the visits of each user log.
#[derive(Default)]
struct Visits(Mutex<Vec<String>>);

/// In-memory state: what `POST /log` received.
#[derive(Default)]
struct Logs(Mutex<Vec<LogEntry>>);

/// In-memory state: the files `POST /upload` received (title, file name, size).
#[derive(Default)]
struct Uploads(Mutex<Vec<(String, String, usize)>>);

/// A log line, as JSON (`{"level": "info", "message": "..."}`) or as a form.
#[derive(Clone, Deserialize, Serialize, schemars::JsonSchema)]
struct LogEntry {
    level: String,
    message: String,
}

/// The upload form: a title and a file.
#[derive(Deserialize)]
struct UploadForm {
    title: String,
    file: Upload,
}

const UPLOAD_FORM: &str = r#"<!doctype html>
<title>Upload</title>
<form method="post" action="/upload" enctype="multipart/form-data">
  <label>Title <input name="title" required></label>
  <input type="file" name="file" required>
  <button>Upload</button>
</form>
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
    let mut logs = logs.0.lock().unwrap_or_else(|e| e.into_inner());
    logs.push(entry.clone());
    created(format!("/log/{}", logs.len())).content("application/json", entry)
}

fn log_line(n: usize, logs: &Logs) -> Response {
    let logs = logs.0.lock().unwrap_or_else(|e| e.into_inner());
    match n.checked_sub(1).and_then(|i| logs.get(i)) {
        Some(entry) => content("application/json", entry.clone()),
        // A 404 in the table's error format (text), as the OpenAPI document says 404s are.
        None => not_found().content("text/plain; charset=utf-8", format!("no log line {n}\n")),
    }
}

fn upload(form: UploadForm, uploads: &Uploads) -> Response {
    let size = form.file.bytes.len();
    let mut uploads = uploads.0.lock().unwrap_or_else(|e| e.into_inner());
    uploads.push((form.title.clone(), form.file.file_name.clone(), size));
    content(
        "text/plain",
        format!("stored {:?} ({}, {size} bytes) as upload {}\n", form.title, form.file.file_name, uploads.len()),
    )
}

fn api_product(id: u32) -> Response {
    match PRODUCTS.iter().find(|p| p.id == id) {
        Some(p) => content("application/json", serde_json::to_value(p).unwrap_or_default()),
        None => not_found().content("text/plain; charset=utf-8", format!("no product {id}\n")),
    }
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
    let mut log = visits.0.lock().unwrap_or_else(|e| e.into_inner());
    log.push(id.0.clone());
    let visits = log.iter().filter(|v| **v == id.0).count();
    format!("user {}: visit {visits}\n", id.0)
}

/// The advent calendar's guard: days 1 to 24 open.
pub fn advent_open(day: u32) -> bool {
    (1..=24).contains(&day)
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
        agent: get "agent", header "User-Agent" as agent: String => format!("you are using {agent}\n"),
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
        docs: get "docs" => static_file(asset("docs/index.html")).await,
        docs_assets: get "docs" / ..path => static_dir(asset("docs"), &path).await,
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

/// The showcase as `cargo run --example showcase` serves it: [`app`] with fresh in-memory state.
pub fn app_with_state() -> Routes {
    app()
        .app_data(Data::new(Visits::default()))
        .app_data(Data::new(Logs::default()))
        .app_data(Data::new(Uploads::default()))
        .app_data(Data::new(ChatRoom::new()))
}

/// The showcase's `rook::testing` setup: the oracle told what `Uuid4` accepts (its own parser)
/// and what the advent guard says, and sample UUIDs so that requests reach `/user-log`.
#[cfg(feature = "testing")]
pub fn check() -> rook::testing::Check {
    rook::testing::Check::new(app_with_state())
        .accepts::<Uuid4>("Uuid4")
        .samples("Uuid4", ["0123456789ab4def8123456789abcdef", "ffffffffffff4fffbfffffffffffffff"])
        .guard("/advent/{day: u32}", |c| c.one("day").and_then(|d| d.parse().ok()).is_some_and(advent_open))
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
