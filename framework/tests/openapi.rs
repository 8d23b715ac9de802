//! docs/links-openapi.md: the responses `Routes::openapi()` documents for each operation — the handler's
//! answer from the type of its value (`Json<T>`, text, `Result`, `Option`, `()`; generic for a
//! type that says nothing), and Rook's own statuses, 405 with `Allow` among them — checked
//! against what the table answers.

mod common;

use actix_web::HttpResponse;
use actix_web::web::Json;
use common::send;
use rook::prelude::*;
use serde_json::{Value, json};

/// An item of the API.
#[derive(serde::Serialize, schemars::JsonSchema)]
struct Item {
    id: u32,
    name: String,
}

/// The store the async handlers read.
struct Store;

#[derive(Debug)]
struct Missing;

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no such item")
    }
}

impl actix_web::ResponseError for Missing {
    fn status_code(&self) -> actix_web::http::StatusCode {
        actix_web::http::StatusCode::NOT_FOUND
    }
}

fn item(id: u32) -> Json<Item> {
    Json(Item { id, name: format!("item {id}") })
}

async fn find(_store: &Store, id: u32) -> Result<Json<Item>, Missing> {
    actix_web::rt::task::yield_now().await;
    if id < 10 { Ok(item(id)) } else { Err(Missing) }
}

fn maybe(id: u32) -> Option<Json<Item>> {
    (id < 10).then(|| item(id))
}

fn anything() -> impl actix_web::Responder {
    "some text, but the type does not say"
}

fn routes() -> Routes {
    route! {
        item: get "items" / id: u32 => item(id),
        greeting: get "greeting" => format!("hello\n"),
        fixed: get "fixed" => "fixed text\n",
        found: get "found" / id: u32, store: Data<Store> => find(&store, id).await,
        maybe: get "maybe" / id: u32 => maybe(id),
        unit: delete "items" / id: u32 => { let _ = id; },
        raw: get "raw" => HttpResponse::Ok().body("raw"),
        opaque: get "opaque" => anything(),
        helper: get "helper" => content("application/json", json!({ "a": 1 })),
        early: get "early" ? flag: bool = false => {
            if flag {
                return HttpResponse::Accepted().finish();
            }
            "late\n"
        },
        text_body: post "echo", text: Body<String> => text.into_inner(),
    }
    .app_data(Data::new(Store))
}

fn responses(doc: &Value, path: &str, method: &str) -> Value {
    doc["paths"][path][method]["responses"].clone()
}

/// The documented statuses of an operation, in order.
fn statuses(doc: &Value, path: &str, method: &str) -> Vec<String> {
    responses(doc, path, method).as_object().expect("responses").keys().cloned().collect()
}

#[test]
fn json_values_document_200_with_the_schema_of_their_type() {
    let doc = routes().openapi();
    let ok = &responses(&doc, "/items/{id}", "get")["200"];
    assert_eq!(ok["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Item");
    assert_eq!(ok["description"], "The handler's answer (`Json<Item>`)");
    assert_eq!(doc["components"]["schemas"]["Item"]["required"], json!(["id", "name"]));
    assert_eq!(statuses(&doc, "/items/{id}", "get"), ["200", "400", "404", "405", "500"]);
}

#[test]
fn text_values_document_200_text() {
    let doc = routes().openapi();
    for path in ["/greeting", "/fixed"] {
        let ok = &responses(&doc, path, "get")["200"];
        assert_eq!(ok["content"]["text/plain; charset=utf-8"]["schema"], json!({ "type": "string" }), "{path}");
        assert!(responses(&doc, path, "get")["2XX"].is_null(), "{path}");
    }
    // A `Body<String>` handler's value is the `String` it holds.
    assert!(responses(&doc, "/echo", "post")["200"]["content"]["text/plain; charset=utf-8"].is_object());
}

#[test]
fn results_document_the_value_and_the_error_with_any_status() {
    let doc = routes().openapi();
    let found = responses(&doc, "/found/{id}", "get");
    // The future's output (`.await`) is what is documented.
    assert_eq!(found["200"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Item");
    assert_eq!(found["default"]["description"], "The handler's error (`Missing`), with the status it chooses");
    assert_eq!(found["default"]["content"], json!({ "*/*": { "schema": {} } }));
}

#[test]
fn options_add_an_empty_404_and_unit_is_204() {
    let doc = routes().openapi();
    let maybe = responses(&doc, "/maybe/{id}", "get");
    assert!(maybe["200"]["content"]["application/json"].is_object());
    let not_found = maybe["404"]["description"].as_str().expect("a 404");
    assert!(not_found.ends_with("or the handler's value is `None` (an empty body)"), "{not_found}");
    let unit = responses(&doc, "/items/{id}", "delete");
    assert_eq!(unit["204"], json!({ "description": "The handler's answer (`()`)" }));
}

#[test]
fn values_whose_type_says_nothing_stay_generic() {
    let doc = routes().openapi();
    // `HttpResponse`, `impl Responder`, `rook::Response` and a handler that `return`s.
    for path in ["/raw", "/opaque", "/helper", "/early"] {
        let r = responses(&doc, path, "get");
        assert_eq!(r["2XX"]["content"], json!({ "*/*": { "schema": {} } }), "{path}");
        assert_eq!(statuses(&doc, path, "get").iter().filter(|s| s.starts_with('2')).count(), 1, "{path}");
        assert!(r["default"].is_null(), "{path}");
    }
}

#[test]
fn every_operation_lists_405_with_allow_in_the_error_format() {
    let doc = routes().openapi();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("an item") {
            let r = &op["responses"]["405"];
            assert_eq!(r["headers"]["Allow"]["schema"]["type"], "string", "{method} {path}");
            assert_eq!(r["content"], json!({ "text/plain": { "schema": { "type": "string" } } }), "{method} {path}");
        }
    }
    let problem = route! { get "x" => "x" }.error_format(rook::ErrorFormat::ProblemJson).openapi();
    let r = &problem["paths"]["/x"]["get"]["responses"]["405"];
    assert_eq!(r["content"]["application/problem+json"]["schema"]["$ref"], "#/components/schemas/Problem");
}

/// What the document says is what the table answers.
#[actix_web::test]
async fn the_documented_answers_are_the_answers() {
    let routes = routes();
    let ok = send(&routes, "GET", "/items/7", &[]).await;
    assert_eq!((ok.status, ok.content_type.as_deref()), (200, Some("application/json")));
    assert_eq!(serde_json::from_str::<Value>(&ok.body).unwrap(), json!({ "id": 7, "name": "item 7" }));
    for target in ["/greeting", "/fixed"] {
        let text = send(&routes, "GET", target, &[]).await;
        assert_eq!((text.status, text.content_type.as_deref()), (200, Some("text/plain; charset=utf-8")), "{target}");
    }
    let found = send(&routes, "GET", "/found/3", &[]).await;
    assert_eq!((found.status, found.content_type.as_deref()), (200, Some("application/json")));
    assert_eq!(send(&routes, "GET", "/found/30", &[]).await.status, 404);
    let none = send(&routes, "GET", "/maybe/30", &[]).await;
    assert_eq!((none.status, none.content_type, none.body.as_str()), (404, None, ""));
    assert_eq!(send(&routes, "DELETE", "/items/3", &[]).await.status, 204);
    assert_eq!(send(&routes, "GET", "/early?flag=true", &[]).await.status, 202);
    let wrong = send(&routes, "PUT", "/items/3", &[]).await;
    assert_eq!((wrong.status, wrong.allow.as_deref()), (405, Some("GET, HEAD, DELETE, OPTIONS")));
    assert_eq!(wrong.content_type.as_deref(), Some("text/plain; charset=utf-8"));
}
