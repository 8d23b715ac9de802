//! Property: any `T: Serialize + DeserializeOwned` sent with `content(media_type, value)` comes
//! back equal through `Body<T>`, for each built-in serializer and parser.

mod body_common;

use std::collections::BTreeMap;

use actix_web::FromRequest;
use actix_web::dev::Payload;
use actix_web::rt::SystemRunner;
use actix_web::web::Bytes;
use body_common::render;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use rook::{Body, Upload, content};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

thread_local! {
    static RUNTIME: SystemRunner = actix_web::rt::System::new();
}

/// Serialises `value` as `media_type` the way a handler's response would be, then parses the
/// bytes back with `Body<T>` as a request of `media_type`.
fn round_trip<T: Serialize + DeserializeOwned + Send + 'static>(media_type: &str, value: T) -> T {
    let body = RUNTIME.with(|rt| rt.block_on(async { render(content(media_type, value), None).await }));
    assert_eq!(body.status, 200, "{}", body.text());
    let content_type = body.one("content-type").unwrap().to_owned();
    parse(&content_type, body.body)
}

fn parse<T: DeserializeOwned + 'static>(content_type: &str, body: Vec<u8>) -> T {
    let req = actix_web::test::TestRequest::post().insert_header(("Content-Type", content_type)).to_http_request();
    let mut payload = Payload::from(Bytes::from(body));
    let parsed = RUNTIME.with(|rt| rt.block_on(Body::<T>::from_request(&req, &mut payload)));
    parsed.unwrap_or_else(|e| panic!("{e}")).into_inner()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Kind {
    Plain,
    Count(u16),
    Pair { left: bool, right: String },
}

/// A nested document: what JSON carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Doc {
    name: String,
    id: i64,
    score: Option<u32>,
    tags: Vec<String>,
    attrs: BTreeMap<String, i32>,
    kind: Kind,
    flags: Vec<Option<bool>>,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Plain),
        any::<u16>().prop_map(Kind::Count),
        (any::<bool>(), any::<String>()).prop_map(|(left, right)| Kind::Pair { left, right }),
    ]
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        any::<String>(),
        any::<i64>(),
        any::<Option<u32>>(),
        vec(any::<String>(), 0..4),
        btree_map(any::<String>(), any::<i32>(), 0..4),
        kind(),
        vec(any::<Option<bool>>(), 0..4),
    )
        .prop_map(|(name, id, score, tags, attrs, kind, flags)| Doc { name, id, score, tags, attrs, kind, flags })
}

/// A flat record: what forms (and multipart text fields) carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Record {
    name: String,
    count: i64,
    ratio: f64,
    enabled: bool,
    initial: char,
    limit: Option<u32>,
}

fn record() -> impl Strategy<Value = Record> {
    (
        any::<String>(),
        any::<i64>(),
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        any::<bool>(),
        any::<char>(),
        any::<Option<u32>>(),
    )
        .prop_map(|(name, count, ratio, enabled, initial, limit)| Record {
            name,
            count,
            ratio,
            enabled,
            initial,
            limit,
        })
}

fn upload() -> impl Strategy<Value = Upload> {
    (any::<String>(), any::<Option<String>>(), vec(any::<u8>(), 0..64))
        .prop_map(|(file_name, content_type, bytes)| Upload::new(file_name, content_type, bytes))
}

/// `record` as a multipart body: one text part per form pair.
fn multipart(record: &Record) -> Vec<u8> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(&serde_urlencoded::to_string(record).unwrap()).unwrap();
    let mut body = Vec::new();
    for (name, value) in pairs {
        body.extend_from_slice(
            format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(b"--XyZ--\r\n");
    body
}

proptest! {
    #[test]
    fn json_round_trips(value in doc()) {
        prop_assert_eq!(round_trip("application/json", value.clone()), value.clone());
        prop_assert_eq!(round_trip("application/vnd.doc+json", value.clone()), value);
    }

    #[test]
    fn uploads_round_trip_through_json(value in upload()) {
        prop_assert_eq!(round_trip("application/json", value.clone()), value);
    }

    #[test]
    fn forms_round_trip(value in record()) {
        prop_assert_eq!(round_trip("application/x-www-form-urlencoded", value.clone()), value);
    }

    #[test]
    fn multipart_text_fields_read_like_forms(value in record()) {
        let parsed: Record = parse("multipart/form-data; boundary=XyZ", multipart(&value));
        prop_assert_eq!(parsed, value);
    }

    #[test]
    fn text_round_trips(value in any::<String>()) {
        prop_assert_eq!(round_trip("text/plain", value.clone()), value);
    }

    #[test]
    fn bytes_pass_through(value in vec(any::<u8>(), 0..512)) {
        let rendered = RUNTIME.with(|rt| rt.block_on(render(content("application/octet-stream", value.clone()), None)));
        prop_assert_eq!(rendered.body, value);
    }
}
