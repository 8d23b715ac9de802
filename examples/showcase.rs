//! The catalogue app from Cro's introduction, in Rook.
//!
//! `cargo run --example showcase`, then try (each answer is plain text):
//! ```text
//! curl -i http://127.0.0.1:8080/catalogue/products/2
//! curl -i http://127.0.0.1:8080/catalogue/products/two        # 404: not a u32
//! curl -i 'http://127.0.0.1:8080/search?term=lamp'
//! curl -i http://127.0.0.1:8080/search                         # 400: missing query parameter "term"
//! curl -i -X DELETE http://127.0.0.1:8080/                     # 405 with Allow
//! curl -i http://127.0.0.1:8080/advent/25                      # 404: the guard says no
//! curl -i -H 'Content-Type: application/json' -d '{"level":"info","message":"hi"}' http://127.0.0.1:8080/log
//! curl -i -d 'level=warn&message=disk' http://127.0.0.1:8080/log  # the same, as a form
//! curl -i -H 'Content-Type: application/json' -d '{"level":1}' http://127.0.0.1:8080/log   # 422, as JSON
//! curl -i http://127.0.0.1:8080/api/products/2
//! curl -i -F title=notes -F file=@README.md http://127.0.0.1:8080/upload
//! ```
//! A page linking all of it is at http://127.0.0.1:8080/index.html, the chat at /chat.html.

use std::sync::Mutex;

use rook::body::BodyError;
use rook::prelude::*;
use serde::{Deserialize, Serialize};

/// A product of the in-memory catalogue.
#[derive(Serialize)]
struct Product {
    id: u32,
    name: &'static str,
    category: &'static str,
    tags: &'static [&'static str],
    price: u32,
}

const PRODUCTS: &[Product] = &[
    Product { id: 1, name: "Oak chair", category: "chairs", tags: &["wood", "indoor"], price: 120 },
    Product { id: 2, name: "Garden bench", category: "benches", tags: &["garden", "wood"], price: 240 },
    Product { id: 3, name: "Reading lamp", category: "lamps", tags: &["indoor"], price: 45 },
    Product { id: 4, name: "Deck chair", category: "chairs", tags: &["garden"], price: 60 },
    Product { id: 5, name: "Lantern", category: "lamps", tags: &["garden", "outdoor"], price: 25 },
];

/// A version 4 UUID written as 32 lowercase hex digits.
#[derive(Segment)]
#[segment(regex = "[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")]
struct Uuid4(String);

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
#[derive(Clone, Deserialize, Serialize)]
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
            return bad_request().status(status).content("application/json", serde_json::json!({ "error": e.message() }));
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
        None => not_found().content("application/json", serde_json::json!({ "error": format!("no log line {n}") })),
    }
}

fn upload(form: UploadForm, uploads: &Uploads) -> Response {
    let size = form.file.bytes.len();
    let mut uploads = uploads.0.lock().unwrap_or_else(|e| e.into_inner());
    uploads.push((form.title.clone(), form.file.file_name.clone(), size));
    content("text/plain", format!("stored {:?} ({}, {size} bytes) as upload {}\n", form.title, form.file.file_name, uploads.len()))
}

fn api_product(id: u32) -> Response {
    match PRODUCTS.iter().find(|p| p.id == id) {
        Some(p) => content("application/json", serde_json::to_value(p).unwrap_or_default()),
        None => not_found().content("application/json", serde_json::json!({ "error": format!("no product {id}") })),
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

fn app() -> Routes {
    route! {
        get / => "Hello from Rook\n",
        get "catalogue" / "products" / id: u32 => product(id),
        get "catalogue" / "search" / term: String => search(&term),
        get "search" ? term: String => search(&term),
        get "products" / "by-tag" / tag: Option<String> => by_tag(tag),
        get "category" / name: String ? "min-price" as min: u32 = 0 & max: Option<u32> => category(&name, min, max),
        get "orders" / "history" / page: u32 = 1 => format!("order history, page {page}\n"),
        get "user-log" / id: Uuid4, visits: Data<Visits> => user_log(id, &visits),
        get "advent" / day: u32 if (1..=24).contains(&day) => format!("advent day {day}: a surprise\n"),
        get "agent", header "User-Agent" as agent: String => format!("you are using {agent}\n"),
        post "log", entry: Result<Body<LogEntry>, BodyError>, logs: Data<Logs> => log(entry, &logs),
        get "log" / n: usize, logs: Data<Logs> => log_line(n, &logs),
        get "upload" => content("text/html", UPLOAD_FORM),
        post "upload", form: Body<UploadForm>, uploads: Data<Uploads> => upload(form.into_inner(), &uploads),
        get "api" / "products" => content("application/json", PRODUCTS),
        get "api" / "products" / id: u32 => api_product(id),
        get "chat", socket: WebSocket, room: Data<ChatRoom> => room.join(socket),
        get "index.html" => static_file(asset("index.html")).await,
        get "chat.html" => static_file(asset("chat.html")).await,
        get "css" / ..path => static_dir(asset("css"), &path).await,
        get "js" / ..path => static_dir(asset("js"), &path).await,
    }
}

/// A file under the checkout's `static/`, wherever the example is started from.
fn asset(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static").join(name)
}

/// The app with its in-memory state.
fn app_with_state() -> Routes {
    app()
        .app_data(Data::new(Visits::default()))
        .app_data(Data::new(Logs::default()))
        .app_data(Data::new(Uploads::default()))
        .app_data(Data::new(ChatRoom::new()))
}

#[rook::main]
async fn main() -> std::io::Result<()> {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    rook::serve(app_with_state()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test;

    #[actix_web::test]
    async fn answers_as_the_tour_says() {
        let app = test::init_service(actix_web::App::new().service(app_with_state())).await;
        for (uri, status, body) in [
            ("/", 200, "Hello from Rook\n"),
            ("/catalogue/products/3", 200, "3 Reading lamp (lamps, $45)\n"),
            ("/catalogue/products/9", 404, "no product 9\n"),
            ("/catalogue/products/x", 404, "no route matches this path"),
            ("/catalogue/search/chair", 200, "1 Oak chair (chairs, $120)\n4 Deck chair (chairs, $60)\n"),
            ("/search", 400, "missing query parameter \"term\""),
            ("/products/by-tag/outdoor", 200, "5 Lantern (lamps, $25)\n"),
            ("/category/chairs?min-price=100", 200, "1 Oak chair (chairs, $120)\n"),
            ("/category/chairs?max=x", 400, "query parameter \"max\": invalid digit"),
            ("/orders/history", 200, "order history, page 1\n"),
            ("/user-log/0123456789ab4def8123456789abcdef", 200, "user 0123456789ab4def8123456789abcdef: visit 1\n"),
            ("/user-log/not-a-uuid", 404, "no route matches this path"),
            ("/advent/24", 200, "advent day 24: a surprise\n"),
            ("/advent/0", 404, "no route matches this path"),
            ("/agent", 400, "missing header \"User-Agent\""),
            ("/css/../Cargo.toml", 403, "path segment \"..\" is not allowed"),
            ("/css/site.css", 200, include_str!("../static/css/site.css")),
        ] {
            let res = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
            assert_eq!(res.status(), status, "{uri}");
            assert_eq!(test::read_body(res).await, body, "{uri}");
        }
    }

    #[actix_web::test]
    async fn logs_uploads_and_the_json_api() {
        let app = test::init_service(actix_web::App::new().service(app_with_state())).await;
        let post = |ty: &str, body: &str| {
            test::TestRequest::post().uri("/log").insert_header(("content-type", ty.to_owned())).set_payload(body.to_owned()).to_request()
        };
        let res = test::call_service(&app, post("application/json", r#"{"level":"info","message":"hi"}"#)).await;
        assert_eq!((res.status().as_u16(), res.headers().get("location").unwrap().to_str().unwrap()), (201, "/log/1"));
        let res = test::call_service(&app, post("application/x-www-form-urlencoded", "level=warn&message=disk")).await;
        assert_eq!(res.status(), 201);
        let res = test::call_service(&app, post("application/json", r#"{"level":1}"#)).await;
        assert_eq!(res.status(), 422);
        let body: serde_json::Value = test::read_body_json(res).await;
        assert!(body["error"].as_str().unwrap().contains("level"), "{body}");
        let res = test::call_service(&app, post("application/json", "{")).await;
        assert_eq!(res.status(), 400);
        let res = test::call_service(&app, post("text/csv", "a,b")).await;
        assert_eq!(res.status(), 415);
        let line: serde_json::Value = test::call_and_read_body_json(&app, test::TestRequest::get().uri("/log/2").to_request()).await;
        assert_eq!(line, serde_json::json!({ "level": "warn", "message": "disk" }));

        let product: serde_json::Value =
            test::call_and_read_body_json(&app, test::TestRequest::get().uri("/api/products/2").to_request()).await;
        assert_eq!(product["name"], "Garden bench");
        let all: Vec<serde_json::Value> = test::call_and_read_body_json(&app, test::TestRequest::get().uri("/api/products").to_request()).await;
        assert_eq!(all.len(), PRODUCTS.len());

        let multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nnotes\r\n\
            --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n";
        let req = test::TestRequest::post()
            .uri("/upload")
            .insert_header(("content-type", "multipart/form-data; boundary=XyZ"))
            .set_payload(multipart)
            .to_request();
        let body = test::call_and_read_body(&app, req).await;
        assert_eq!(body, "stored \"notes\" (a.txt, 5 bytes) as upload 1\n");
    }
}
