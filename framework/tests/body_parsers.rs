//! `Body<T>`: the parser chosen by Content-Type and the statuses of docs/bodies.md (400/415/422).

use actix_web::{App, HttpRequest, test, web};
use rook::{Body, BodyConfig, BodyParser};
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
struct LogEntry {
    level: String,
    message: String,
    #[serde(default)]
    count: u32,
}

async fn log(entry: Body<LogEntry>) -> String {
    let e = entry.into_inner();
    format!("{}|{}|{}", e.level, e.message, e.count)
}

async fn text(body: Body<String>) -> String {
    body.into_inner()
}

/// Cro's alternatives: one route, several accepted shapes.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // read through Debug
enum Order {
    ById { id: u32 },
    ByName { name: String, quantity: u32 },
}

async fn order(order: Body<Order>) -> String {
    format!("{:?}", order.into_inner())
}

async fn call(content_type: Option<&str>, uri: &str, body: &'static str) -> (u16, String) {
    call_with(BodyConfig::default(), content_type, uri, body).await
}

async fn call_with(config: BodyConfig, content_type: Option<&str>, uri: &str, body: &'static str) -> (u16, String) {
    let app = test::init_service(
        App::new()
            .app_data(config)
            .route("/log", web::post().to(log))
            .route("/text", web::post().to(text))
            .route("/order", web::post().to(order)),
    )
    .await;
    let mut req = test::TestRequest::post().uri(uri).set_payload(body);
    if let Some(content_type) = content_type {
        req = req.insert_header(("Content-Type", content_type));
    }
    let res = test::call_service(&app, req.to_request()).await;
    let status = res.status().as_u16();
    if status >= 400 {
        assert_eq!(res.headers().get("content-type").unwrap(), "text/plain; charset=utf-8");
    }
    (status, String::from_utf8(test::read_body(res).await.to_vec()).unwrap())
}

#[actix_web::test]
async fn json_parses_into_t() {
    let body = r#"{"level":"info","message":"hi","count":3}"#;
    assert_eq!(call(Some("application/json"), "/log", body).await, (200, "info|hi|3".into()));
}

#[actix_web::test]
async fn json_media_type_parameters_and_case_are_ignored() {
    let body = r#"{"level":"info","message":"hi"}"#;
    let got = call(Some("Application/JSON; charset=UTF-8"), "/log", body).await;
    assert_eq!(got, (200, "info|hi|0".into()));
}

#[actix_web::test]
async fn any_plus_json_type_is_json() {
    let body = r#"{"level":"info","message":"hi"}"#;
    assert_eq!(call(Some("application/vnd.rook+json"), "/log", body).await.0, 200);
    assert_eq!(call(Some("application/problem+json"), "/log", body).await.0, 200);
}

#[actix_web::test]
async fn malformed_json_is_400_with_position() {
    let (status, body) = call(Some("application/json"), "/log", r#"{"level": "info" "message"}"#).await;
    assert_eq!(status, 400);
    assert!(body.starts_with("malformed JSON: "), "{body}");
    assert!(body.contains("line 1 column 18"), "{body}");
}

#[actix_web::test]
async fn truncated_empty_and_trailing_json_are_400() {
    for bad in [r#"{"level": "in"#, "", r#"{"level":"a","message":"b"} x"#] {
        let (status, body) = call(Some("application/json"), "/log", bad).await;
        assert_eq!(status, 400, "{bad:?}: {body}");
        assert!(body.starts_with("malformed JSON"), "{body}");
    }
}

#[actix_web::test]
async fn json_missing_field_is_422_naming_it() {
    let (status, body) = call(Some("application/json"), "/log", r#"{"level":"info"}"#).await;
    assert_eq!(status, 422);
    assert!(body.contains("missing field `message`"), "{body}");
}

#[actix_web::test]
async fn json_mistyped_field_is_422_naming_it() {
    let (status, body) = call(Some("application/json"), "/log", r#"{"level":"info","message":"m","count":"x"}"#).await;
    assert_eq!(status, 422);
    assert!(body.starts_with("field `count`: invalid type: string \"x\", expected u32"), "{body}");
}

#[actix_web::test]
async fn json_of_the_wrong_shape_is_422() {
    let (status, body) = call(Some("application/json"), "/log", "[1, 2]").await;
    assert_eq!(status, 422, "{body}");
}

#[actix_web::test]
async fn form_parses_into_t() {
    let got = call(Some("application/x-www-form-urlencoded"), "/log", "level=warn&message=disk+full%21&count=2").await;
    assert_eq!(got, (200, "warn|disk full!|2".into()));
}

#[actix_web::test]
async fn form_misfits_are_422_naming_the_field() {
    let (status, body) = call(Some("application/x-www-form-urlencoded"), "/log", "level=warn").await;
    assert_eq!((status, body.contains("missing field `message`")), (422, true), "{body}");
    let (status, body) = call(Some("application/x-www-form-urlencoded"), "/log", "level=a&message=b&count=lots").await;
    assert_eq!(status, 422);
    assert!(body.starts_with("field `count`: "), "{body}");
}

#[actix_web::test]
async fn text_plain_reads_into_a_string() {
    assert_eq!(call(Some("text/plain"), "/text", "hello, world").await, (200, "hello, world".into()));
    assert_eq!(call(Some("text/plain; charset=utf-8"), "/text", "").await, (200, "".into()));
}

#[actix_web::test]
async fn text_that_is_not_utf8_is_400() {
    let app = test::init_service(App::new().route("/text", web::post().to(text))).await;
    let req = test::TestRequest::post()
        .uri("/text")
        .insert_header(("Content-Type", "text/plain"))
        .set_payload(&b"ab\xffcd"[..])
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), 400);
    let body = test::read_body(res).await;
    assert_eq!(body, "text body is not UTF-8 (invalid byte at offset 2)");
}

#[actix_web::test]
async fn text_for_a_struct_is_415() {
    let (status, body) = call(Some("text/plain"), "/log", "level=info").await;
    assert_eq!(status, 415);
    assert!(body.starts_with("unsupported Content-Type \"text/plain\"; accepted: application/json"), "{body}");
    assert!(!body.contains("text/plain;") && !body.ends_with("text/plain"), "{body}");
}

#[actix_web::test]
async fn no_content_type_is_415_listing_accepted_types() {
    let (status, body) = call(None, "/log", r#"{"level":"info","message":"hi"}"#).await;
    assert_eq!(status, 415);
    assert_eq!(
        body,
        "no Content-Type; accepted: application/json, application/*+json, \
         application/x-www-form-urlencoded, multipart/form-data"
    );
    let (status, body) = call(None, "/text", "hi").await;
    assert_eq!(status, 415);
    assert!(body.ends_with(", multipart/form-data, text/plain"), "{body}");
}

#[actix_web::test]
async fn unknown_content_type_is_415() {
    let (status, body) = call(Some("application/xml"), "/log", "<log/>").await;
    assert_eq!(status, 415);
    assert!(body.starts_with("unsupported Content-Type \"application/xml\"; accepted: "), "{body}");
}

#[actix_web::test]
async fn untagged_enums_are_alternatives() {
    assert_eq!(call(Some("application/json"), "/order", r#"{"id": 7}"#).await, (200, "ById { id: 7 }".into()));
    let got = call(Some("application/json"), "/order", r#"{"name": "lamp", "quantity": 2}"#).await;
    assert_eq!(got, (200, r#"ByName { name: "lamp", quantity: 2 }"#.into()));
    let (status, body) = call(Some("application/json"), "/order", r#"{"name": "lamp"}"#).await;
    assert_eq!(status, 422);
    assert!(body.contains("did not match any variant of untagged enum Order"), "{body}");
}

#[actix_web::test]
async fn untagged_enums_work_for_forms_too() {
    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)] // read through Debug
    enum Login {
        Token { token: String },
        Password { user: String, password: String },
    }
    let app = test::init_service(
        App::new().route("/", web::post().to(|login: Body<Login>| async move { format!("{:?}", login.into_inner()) })),
    )
    .await;
    let req = test::TestRequest::post()
        .uri("/")
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload("user=ann&password=pw")
        .to_request();
    assert_eq!(test::call_and_read_body(&app, req).await, r#"Password { user: "ann", password: "pw" }"#);
}

/// `key=value` lines.
struct Pairs;

impl BodyParser for Pairs {
    fn parse(
        &self,
        _req: &HttpRequest,
        body: &[u8],
    ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
        let mut map = serde_json::Map::new();
        for line in std::str::from_utf8(body)?.lines() {
            let (key, value) = line.split_once('=').ok_or_else(|| format!("line {line:?} has no '='"))?;
            map.insert(key.to_owned(), value.into());
        }
        Ok(map.into())
    }
}

#[actix_web::test]
async fn custom_parsers_serve_their_media_type() {
    let config = BodyConfig::default().parser("text/x-pairs", Pairs);
    let got = call_with(config.clone(), Some("text/x-pairs"), "/log", "level=debug\nmessage=custom").await;
    assert_eq!(got, (200, "debug|custom|0".into()));
    let (status, body) = call_with(config.clone(), Some("text/x-pairs"), "/log", "level").await;
    assert_eq!((status, body.as_str()), (400, "line \"level\" has no '='"));
    let (status, body) = call_with(config.clone(), Some("text/x-pairs"), "/log", "level=a").await;
    assert_eq!(status, 422);
    assert!(body.contains("missing field `message`"), "{body}");
    let (status, body) = call_with(config, None, "/log", "").await;
    assert_eq!(status, 415);
    assert!(body.starts_with("no Content-Type; accepted: text/x-pairs, application/json"), "{body}");
}

#[actix_web::test]
async fn custom_parsers_are_tried_before_built_ins() {
    let config = BodyConfig::default().parser("Application/JSON", Pairs);
    let got = call_with(config, Some("application/json"), "/log", "level=x\nmessage=y").await;
    assert_eq!(got, (200, "x|y|0".into()));
}

#[actix_web::test]
async fn body_errors_can_be_handled_by_the_handler() {
    use rook::{BodyError, BodyErrorKind};
    let app = test::init_service(App::new().route(
        "/",
        web::post().to(|entry: Result<Body<LogEntry>, BodyError>| async move {
            match entry {
                Ok(entry) => entry.into_inner().message,
                Err(e) => format!("{:?} {}", e.kind(), e.message()),
            }
        }),
    ))
    .await;
    let req = test::TestRequest::post()
        .uri("/")
        .insert_header(("Content-Type", "application/json"))
        .set_payload("{")
        .to_request();
    let body = test::call_and_read_body(&app, req).await;
    assert!(body.starts_with(b"Malformed malformed JSON"), "{body:?}");
    assert_eq!(BodyErrorKind::Malformed, BodyErrorKind::Malformed);
}
