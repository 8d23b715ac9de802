//! `content(media_type, value)`: the serializer for the media type, built-in or registered.

mod body_common;

use std::collections::BTreeMap;

use body_common::render;
use rook::{BodyConfig, BodySerializer, content};
use rook::{ErasedSerialize, SerializeError};
use serde::Serialize;

#[derive(Serialize)]
struct Item {
    id: u32,
    name: &'static str,
    tags: Vec<&'static str>,
}

#[actix_web::test]
async fn text_takes_strings_and_gets_a_charset() {
    let res = render(content("text/plain", "Hello from Rook\n"), None).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.one("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(res.text(), "Hello from Rook\n");

    let res = render(content("text/html", format!("<p>{}</p>", 7)), None).await;
    assert_eq!((res.one("content-type"), res.text()), (Some("text/html; charset=utf-8"), "<p>7</p>"));

    let res = render(content("text/plain", 'é'), None).await;
    assert_eq!(res.text(), "é");
}

#[actix_web::test]
async fn a_charset_given_is_kept() {
    let res = render(content("text/csv; Charset=ISO-8859-1", "a,b"), None).await;
    assert_eq!(res.one("content-type"), Some("text/csv; Charset=ISO-8859-1"));
}

#[actix_web::test]
async fn text_refuses_non_strings_with_500() {
    for res in [render(content("text/plain", 42), None).await, render(content("text/plain", vec!["a"]), None).await] {
        assert_eq!(res.status, 500);
        assert_eq!(res.text(), "internal server error");
        assert_eq!(res.one("content-type"), Some("text/plain; charset=utf-8"));
    }
}

#[actix_web::test]
async fn json_takes_any_serialize() {
    let res = render(content("application/json", Item { id: 7, name: "lamp", tags: vec!["a"] }), None).await;
    assert_eq!(res.one("content-type"), Some("application/json"));
    assert_eq!(res.text(), r#"{"id":7,"name":"lamp","tags":["a"]}"#);

    let res = render(content("application/json", "hi"), None).await;
    assert_eq!(res.text(), r#""hi""#);

    let res = render(content("application/problem+json", serde_json::json!({"title": "x"})), None).await;
    assert_eq!((res.one("content-type"), res.text()), (Some("application/problem+json"), r#"{"title":"x"}"#));
}

#[actix_web::test]
async fn urlencoded_takes_maps_and_structs() {
    #[derive(Serialize)]
    struct Query {
        q: &'static str,
        page: u32,
    }
    let res = render(content("application/x-www-form-urlencoded", Query { q: "rust & web", page: 2 }), None).await;
    assert_eq!(res.text(), "q=rust+%26+web&page=2");
    let map = BTreeMap::from([("a", "1"), ("b", "é")]);
    let res = render(content("application/x-www-form-urlencoded", map), None).await;
    assert_eq!(res.text(), "a=1&b=%C3%A9");
    let res = render(content("application/x-www-form-urlencoded", 5), None).await;
    assert_eq!(res.status, 500);
}

#[actix_web::test]
async fn octet_stream_takes_bytes() {
    let bytes: Vec<u8> = (0..=255).collect();
    let res = render(content("application/octet-stream", bytes.clone()), None).await;
    assert_eq!(res.one("content-type"), Some("application/octet-stream"));
    assert_eq!(res.body, bytes);
    let res = render(content("application/octet-stream", &b"\x00raw"[..]), None).await;
    assert_eq!(res.body, b"\x00raw");
    let res = render(content("application/octet-stream", "text is bytes too"), None).await;
    assert_eq!(res.body, b"text is bytes too");
    let res = render(content("application/octet-stream", vec![256u16]), None).await;
    assert_eq!(res.status, 500);
}

#[actix_web::test]
async fn other_media_types_take_bytes() {
    let png = vec![0x89, b'P', b'N', b'G'];
    let res = render(content("image/png", png.clone()), None).await;
    assert_eq!((res.one("content-type"), &res.body), (Some("image/png"), &png));
}

#[actix_web::test]
async fn an_invalid_media_type_is_500() {
    let res = render(content("text/plain\r\nX-Injected: 1", "x"), None).await;
    assert_eq!(res.status, 500);
    assert!(res.one("x-injected").is_none());
}

/// Pretty JSON, to tell it from the built-in.
struct Pretty;

impl BodySerializer for Pretty {
    fn serialize(&self, value: &dyn ErasedSerialize) -> Result<Vec<u8>, SerializeError> {
        Ok(serde_json::to_vec_pretty(value)?)
    }
}

/// Always fails.
struct Broken;

impl BodySerializer for Broken {
    fn serialize(&self, _: &dyn ErasedSerialize) -> Result<Vec<u8>, SerializeError> {
        Err("cannot".into())
    }
}

#[actix_web::test]
async fn registered_serializers_come_first() {
    let config =
        BodyConfig::default().serializer("application/json", Pretty).serializer("application/x-broken", Broken);
    let res =
        render(content("application/json; charset=utf-8", serde_json::json!({"a": 1})), Some(config.clone())).await;
    assert_eq!(res.text(), "{\n  \"a\": 1\n}");
    assert_eq!(res.one("content-type"), Some("application/json; charset=utf-8"));
    let res = render(content("Application/X-Broken", 1), Some(config.clone())).await;
    assert_eq!(res.status, 500);
    // Other media types keep their built-in serializer.
    let res = render(content("text/plain", "plain"), Some(config)).await;
    assert_eq!(res.text(), "plain");
}
