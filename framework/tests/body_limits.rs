//! Body limits (413 naming the limit, read no further) and the body timeout (408), in process
//! and over raw TCP where framing matters: chunked bodies and lying Content-Length.

mod body_common;

use std::io::{Read, Write};
use std::sync::atomic::Ordering;
use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::web::Bytes;
type BoxedPayloadStream = std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<Bytes, PayloadError>>>>;
use actix_web::{App, FromRequest, ResponseError, test, web};
use body_common::{chunked, connect, exchange, read_response, serve, streamed};
use futures_util::StreamExt as _;
use rook::{Body, BodyConfig};
use rook::{BodyErrorKind, Limit};

/// A JSON document of exactly `len` bytes.
fn json_of(len: usize) -> String {
    let doc = format!(r#"{{"a":"{}"}}"#, "x".repeat(len - 8));
    assert_eq!(doc.len(), len);
    doc
}

async fn status_of(config: BodyConfig, content_type: &str, body: String) -> (u16, String) {
    let app = test::init_service(
        App::new()
            .app_data(config)
            .route("/value", web::post().to(|v: Body<serde_json::Value>| async move { v.into_inner().to_string() }))
            .route("/text", web::post().to(|v: Body<String>| async move { v.into_inner() })),
    )
    .await;
    let uri = if content_type == "text/plain" { "/text" } else { "/value" };
    let req = test::TestRequest::post().uri(uri).insert_header(("Content-Type", content_type)).set_payload(body);
    let res = test::call_service(&app, req.to_request()).await;
    let status = res.status().as_u16();
    (status, String::from_utf8(test::read_body(res).await.to_vec()).unwrap())
}

#[actix_web::test]
async fn default_json_limit_is_one_mib() {
    let (status, _) = status_of(BodyConfig::default(), "application/json", json_of(1024 * 1024)).await;
    assert_eq!(status, 200);
    let (status, body) = status_of(BodyConfig::default(), "application/json", json_of(1024 * 1024 + 1)).await;
    assert_eq!(status, 413);
    assert_eq!(body, "JSON body is larger than the JSON limit of 1048576 bytes (BodyConfig::json_limit)");
}

#[actix_web::test]
async fn each_limit_has_a_setter() {
    let config = BodyConfig::default().json_limit(100).form_limit(10).text_limit(5);
    assert_eq!(status_of(config.clone(), "application/json", json_of(100)).await.0, 200);
    assert_eq!(status_of(config.clone(), "application/json", json_of(101)).await.0, 413);
    assert_eq!(status_of(config.clone(), "application/x-www-form-urlencoded", "a=12345678".into()).await.0, 200);
    let (status, body) = status_of(config.clone(), "application/x-www-form-urlencoded", "a=123456789".into()).await;
    assert_eq!(
        (status, body.as_str()),
        (413, "form body is larger than the form limit of 10 bytes (BodyConfig::form_limit)")
    );
    assert_eq!(status_of(config.clone(), "text/plain", "12345".into()).await.0, 200);
    let (status, body) = status_of(config, "text/plain", "123456".into()).await;
    assert_eq!(
        (status, body.as_str()),
        (413, "text body is larger than the text limit of 5 bytes (BodyConfig::text_limit)")
    );
}

#[actix_web::test]
async fn without_content_length_reading_stops_at_the_limit() {
    let req = test::TestRequest::post()
        .insert_header(("Content-Type", "application/json"))
        .app_data(BodyConfig::default().json_limit(10_000))
        .to_http_request();
    let chunks = std::iter::repeat_n(Bytes::from_static(&[b' '; 1000]), 1_000_000);
    let (mut payload, pulled) = streamed(chunks);
    let error = Body::<serde_json::Value>::from_request(&req, &mut payload).await.unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::TooLarge(Limit::Json));
    assert_eq!(pulled.load(Ordering::Relaxed), 11_000, "read one chunk past the limit, no more");
}

#[actix_web::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    let req = test::TestRequest::post()
        .insert_header(("Content-Type", "application/json"))
        .insert_header(("Content-Length", "1048577"))
        .to_http_request();
    let (mut payload, pulled) = streamed(std::iter::once(Bytes::from_static(b"{}")));
    let error = Body::<serde_json::Value>::from_request(&req, &mut payload).await.unwrap_err();
    assert_eq!(error.status_code(), 413);
    assert_eq!(pulled.load(Ordering::Relaxed), 0);
}

#[actix_web::test]
async fn a_stalled_body_times_out_with_408() {
    let req = test::TestRequest::post()
        .insert_header(("Content-Type", "application/json"))
        .app_data(BodyConfig::default().timeout(Duration::from_millis(50)))
        .to_http_request();
    let stalled = futures_util::stream::once(async { Ok::<_, PayloadError>(Bytes::from_static(b"{\"a\":")) })
        .chain(futures_util::stream::pending());
    let mut payload = Payload::Stream { payload: Box::pin(stalled) as BoxedPayloadStream };
    let error = Body::<serde_json::Value>::from_request(&req, &mut payload).await.unwrap_err();
    assert_eq!(error.status_code(), 408);
    assert_eq!(error.message(), "request body not received within 50ms (BodyConfig::timeout)");
}

/// A server whose JSON limit is 1 KiB and whose body timeout is short.
fn tcp_server() -> std::net::SocketAddr {
    serve(|| {
        App::new()
            .app_data(BodyConfig::default().json_limit(1024).timeout(Duration::from_millis(300)))
            .route("/", web::post().to(|v: Body<serde_json::Value>| async move { v.into_inner().to_string() }))
    })
}

fn post_head(extra: &str) -> Vec<u8> {
    format!("POST / HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n{extra}\r\n").into_bytes()
}

#[::core::prelude::v1::test]
fn chunked_bodies_are_limited_too() {
    let addr = tcp_server();
    let mut request = post_head("Transfer-Encoding: chunked\r\n");
    request.extend(chunked(json_of(1024).as_bytes(), 100));
    let res = exchange(addr, &request).expect("a response");
    assert_eq!(res.status, 200, "{res:?}");
    assert_eq!(res.body.len(), 1024);

    let mut request = post_head("Transfer-Encoding: chunked\r\n");
    request.extend(chunked(json_of(1025).as_bytes(), 100));
    let res = exchange(addr, &request).expect("a response");
    assert_eq!(res.status, 413, "{res:?}");
    assert_eq!(res.body, "JSON body is larger than the JSON limit of 1024 bytes (BodyConfig::json_limit)");
}

#[::core::prelude::v1::test]
fn a_content_length_shorter_than_the_body_cuts_it() {
    let addr = tcp_server();
    let mut stream = connect(addr);
    let mut request = post_head("Content-Length: 5\r\n");
    request.extend_from_slice(br#"{"a":1}"#);
    stream.write_all(&request).unwrap();
    let res = read_response(&mut stream).expect("a response");
    assert_eq!(res.status, 400, "{res:?}");
    assert!(res.body.starts_with("malformed JSON: EOF while parsing"), "{res:?}");
    // The rest (`1}`) is not a request: actix answers it or closes; the server goes on serving.
    let mut request = post_head("Content-Length: 7\r\n");
    request.extend_from_slice(br#"{"a":1}"#);
    assert_eq!(exchange(addr, &request).expect("a response").status, 200);
}

#[::core::prelude::v1::test]
fn a_content_length_longer_than_the_body_times_out() {
    let addr = tcp_server();
    let mut stream = connect(addr);
    let mut request = post_head("Content-Length: 100\r\n");
    request.extend_from_slice(br#"{"a":"#);
    stream.write_all(&request).unwrap();
    // The connection stays open from our side: the server must end it by itself, with a 408
    // and then a close (the rest of the body could still arrive).
    let res = read_response(&mut stream).expect("a 408 response");
    assert_eq!(res.status, 408, "{res:?}");
    assert_eq!(res.body, "request body not received within 300ms (BodyConfig::timeout)");
    assert_eq!(stream.read(&mut [0u8; 16]).unwrap(), 0, "the server closes the connection");
}
