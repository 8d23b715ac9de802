//! The response helpers and the chainable `Response` (docs/bodies.md#responses).

mod body_common;

use actix_web::http::StatusCode;
use actix_web::{App, test, web};
use body_common::render;
use rook::{Response, bad_request, conflict, content, created, forbidden, not_found, server_error};

#[actix_web::test]
async fn each_helper_has_its_status_and_no_body() {
    for (response, status) in [
        (not_found(), 404),
        (bad_request(), 400),
        (forbidden(), 403),
        (conflict(), 409),
        (server_error(), 500),
        (Response::new(StatusCode::ACCEPTED), 202),
    ] {
        let res = render(response, None).await;
        assert_eq!(res.status, status);
        assert!(res.body.is_empty());
        assert!(res.one("content-type").is_none());
    }
}

#[actix_web::test]
async fn helpers_take_content() {
    let res = render(not_found().content("text/plain", "no such product"), None).await;
    assert_eq!((res.status, res.text()), (404, "no such product"));
    let res = render(conflict().content("application/json", serde_json::json!({"error": "taken"})), None).await;
    assert_eq!((res.status, res.text()), (409, r#"{"error":"taken"}"#));
    let res = render(created("/items/3").content("application/json", 3), None).await;
    assert_eq!((res.status, res.one("location"), res.text()), (201, Some("/items/3"), "3"));
}

#[actix_web::test]
async fn status_overrides() {
    let res = render(content("text/plain", "brewing").status(418), None).await;
    assert_eq!((res.status, res.text()), (418, "brewing"));
    let res = render(not_found().status(StatusCode::GONE), None).await;
    assert_eq!(res.status, 410);
    let res = render(content("text/plain", "x").status(1000u16), None).await;
    assert_eq!(res.status, 500);
}

#[actix_web::test]
async fn headers_append() {
    let res = render(
        content("text/plain", "x")
            .header("Link", "</a>; rel=\"next\"")
            .header("link", "</b>; rel=\"prev\"")
            .header("X-Request-Id", "42"),
        None,
    )
    .await;
    assert_eq!(res.all("link"), ["</a>; rel=\"next\"", "</b>; rel=\"prev\""]);
    assert_eq!(res.one("x-request-id"), Some("42"));
}

#[actix_web::test]
async fn a_content_type_header_replaces_the_bodys() {
    let res =
        render(content("application/json", [1, 2]).header("Content-Type", "application/vnd.list+json"), None).await;
    assert_eq!(res.all("content-type"), ["application/vnd.list+json"]);
    assert_eq!(res.text(), "[1,2]");
}

#[actix_web::test]
async fn an_invalid_header_is_500_and_not_sent() {
    let res = render(content("text/plain", "x").header("X-Bad", "a\r\nInjected: 1"), None).await;
    assert_eq!((res.status, res.text()), (500, "internal server error"));
    assert!(res.one("injected").is_none() && res.one("x-bad").is_none());
    let res = render(content("text/plain", "x").header("Bad Name", "v"), None).await;
    assert_eq!(res.status, 500);
}

#[actix_web::test]
async fn responses_are_handler_values() {
    let app = test::init_service(
        App::new()
            .route("/", web::get().to(|| async { content("text/plain", "Hello from Rook\n") }))
            .route("/missing", web::get().to(|| async { not_found().content("text/plain", "nothing here") })),
    )
    .await;
    let res = test::call_service(&app, test::TestRequest::get().uri("/").to_request()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(test::read_body(res).await, "Hello from Rook\n");
    let res = test::call_service(&app, test::TestRequest::get().uri("/missing").to_request()).await;
    assert_eq!(res.status(), 404);
}
