//! `Body<T>` for `multipart/form-data`: text parts into fields, file parts into `Upload`s, and
//! every multipart limit (total, per part, part count, part headers) enforced while streaming.

mod body_common;

use std::sync::atomic::Ordering;

use actix_web::dev::Payload;
use actix_web::web::Bytes;
use actix_web::{FromRequest, ResponseError, test};
use body_common::{MIB, streamed};
use rook::{Body, BodyConfig, Upload};
use rook::{BodyError, BodyErrorKind, Limit};
use serde::Deserialize;
use serde::de::DeserializeOwned;

const BOUNDARY: &str = "----rook-boundary-7MA4YWxkTrZu0gW";

/// One part: `filename` makes it a file part.
fn part(name: &str, filename: Option<&str>, content_type: Option<&str>, data: &[u8]) -> Vec<u8> {
    let mut out = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"").into_bytes();
    if let Some(filename) = filename {
        out.extend_from_slice(format!("; filename=\"{filename}\"").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    if let Some(content_type) = content_type {
        out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
    out
}

fn text(name: &str, value: &str) -> Vec<u8> {
    part(name, None, None, value.as_bytes())
}

fn body(parts: &[Vec<u8>]) -> Vec<u8> {
    let mut out = parts.concat();
    out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    out
}

fn content_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// Runs the extractor on `payload` as a request with `config`.
async fn extract<T: DeserializeOwned + 'static>(config: BodyConfig, mut payload: Payload) -> Result<T, BodyError> {
    let req =
        test::TestRequest::post().insert_header(("Content-Type", content_type())).app_data(config).to_http_request();
    Body::<T>::from_request(&req, &mut payload).await.map(Body::into_inner)
}

/// Runs the extractor on a whole body, delivered in chunks of `chunk` bytes.
async fn parse<T: DeserializeOwned + 'static>(config: BodyConfig, data: Vec<u8>, chunk: usize) -> Result<T, BodyError> {
    let chunks: Vec<Bytes> = data.chunks(chunk).map(Bytes::copy_from_slice).collect();
    extract(config, streamed(chunks.into_iter()).0).await
}

#[derive(Debug, Deserialize)]
struct Post {
    title: String,
    rating: u8,
    tags: Vec<String>,
    attachment: Upload,
    extra: Option<Upload>,
}

#[actix_web::test]
async fn text_fields_and_files() {
    let data = body(&[
        text("title", "Holiday"),
        text("rating", "5"),
        text("tags", "sea"),
        part("attachment", Some("beach.png"), Some("image/png"), b"\x89PNG\r\n\x1a\n--not-a-boundary\r\n"),
        text("tags", "sun"),
    ]);
    for chunk in [1, 7, 4096, data.len()] {
        let post: Post = parse(BodyConfig::default(), data.clone(), chunk).await.unwrap();
        assert_eq!(post.title, "Holiday");
        assert_eq!(post.rating, 5);
        assert_eq!(post.tags, ["sea", "sun"]);
        assert_eq!(post.attachment.file_name, "beach.png");
        assert_eq!(post.attachment.content_type.as_deref(), Some("image/png"));
        assert_eq!(&post.attachment.bytes().unwrap()[..], b"\x89PNG\r\n\x1a\n--not-a-boundary\r\n");
        assert!(post.extra.is_none());
    }
}

#[actix_web::test]
async fn a_large_file_arrives_intact() {
    let file: Vec<u8> = (0..3 * MIB).map(|i| (i * 31 % 251) as u8).collect();
    let data = body(&[
        text("title", "big"),
        text("rating", "1"),
        text("tags", "t"),
        part("attachment", Some("big.bin"), None, &file),
    ]);
    let post: Post = parse(BodyConfig::default(), data, 10_000).await.unwrap();
    assert_eq!(post.attachment.bytes().unwrap().len(), file.len());
    assert!(post.attachment.bytes().unwrap() == file);
    assert_eq!(post.attachment.content_type, None);
}

#[actix_web::test]
async fn an_empty_file_input_is_absent() {
    #[derive(Deserialize)]
    struct Form {
        file: Option<Upload>,
        files: Vec<Upload>,
    }
    let data = body(&[
        part("file", Some(""), Some("application/octet-stream"), b""),
        part("files", Some("a.txt"), Some("text/plain"), b"A"),
        part("files", Some("b.txt"), Some("text/plain"), b"B"),
    ]);
    let form: Form = parse(BodyConfig::default(), data, 64).await.unwrap();
    assert!(form.file.is_none());
    let names: Vec<_> = form.files.iter().map(|f| f.file_name.as_str()).collect();
    assert_eq!(names, ["a.txt", "b.txt"]);
}

#[actix_web::test]
async fn untagged_alternatives() {
    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(untagged)]
    enum Submission {
        Upload { document: Upload },
        Link { url: String },
    }
    let link: Submission = parse(BodyConfig::default(), body(&[text("url", "https://example.com")]), 50).await.unwrap();
    assert_eq!(link, Submission::Link { url: "https://example.com".into() });
    let doc = body(&[part("document", Some("d.txt"), Some("text/plain"), b"doc")]);
    let Submission::Upload { document } = parse(BodyConfig::default(), doc, 50).await.unwrap() else {
        panic!("expected an upload")
    };
    assert_eq!((document.file_name.as_str(), &document.bytes().unwrap()[..]), ("d.txt", &b"doc"[..]));
}

async fn refused<T: DeserializeOwned + std::fmt::Debug + 'static>(config: BodyConfig, data: Vec<u8>) -> BodyError {
    parse::<T>(config, data, 1000).await.unwrap_err()
}

#[actix_web::test]
async fn misfits_are_422_naming_the_field() {
    let missing = refused::<Post>(BodyConfig::default(), body(&[text("title", "t")])).await;
    assert_eq!(missing.status_code(), 422);
    assert!(missing.message().contains("missing field `rating`"), "{missing}");

    let data = body(&[text("title", "t"), text("rating", "many"), text("tags", "x"), text("attachment", "x")]);
    let mistyped = refused::<Post>(BodyConfig::default(), data).await;
    assert_eq!(mistyped.status_code(), 422);
    assert!(mistyped.message().starts_with("field `rating`: invalid type: string \"many\", expected u8"), "{mistyped}");

    let data = body(&[text("title", "t"), text("rating", "1"), text("attachment", "not a file")]);
    let text_for_file = refused::<Post>(BodyConfig::default(), data).await;
    assert!(text_for_file.message().starts_with("field `attachment`: "), "{text_for_file}");
    assert!(text_for_file.message().contains("expected a file upload"), "{text_for_file}");

    let data = body(&[part("title", Some("t.txt"), None, b"t"), text("rating", "1")]);
    let file_for_text = refused::<Post>(BodyConfig::default(), data).await;
    assert_eq!(file_for_text.status_code(), 422);
    assert!(file_for_text.message().contains("a file was uploaded where a text value was expected"), "{file_for_text}");

    let data = body(&[text("title", "a"), text("title", "b")]);
    let repeated = refused::<Post>(BodyConfig::default(), data).await;
    assert_eq!(repeated.message(), "field `title`: given 2 times, expected once");
}

#[actix_web::test]
async fn malformed_bodies_are_400() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Any {
        a: Option<String>,
    }
    let unterminated = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue").into_bytes();
    let no_name = body(&[format!("--{BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n").into_bytes()]);
    let not_utf8 = body(&[part("a", None, None, b"\xff\xfe")]);
    let bad_header = format!("--{BOUNDARY}\r\nno colon here\r\n\r\nx\r\n--{BOUNDARY}--").into_bytes();
    for (what, data) in
        [("unterminated", unterminated), ("no name", no_name), ("not UTF-8", not_utf8), ("bad header", bad_header)]
    {
        let error = refused::<Any>(BodyConfig::default(), data).await;
        assert_eq!(error.status_code(), 400, "{what}: {error}");
    }
}

#[actix_web::test]
async fn a_missing_or_bad_boundary_is_400() {
    for content_type in [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        &format!("multipart/form-data; boundary={}", "b".repeat(71)),
    ] {
        let req = test::TestRequest::post().insert_header(("Content-Type", content_type)).to_http_request();
        let mut payload = Payload::from(Bytes::from_static(b"--b--\r\n"));
        let error = Body::<Vec<(String, String)>>::from_request(&req, &mut payload).await.unwrap_err();
        assert_eq!(error.status_code(), 400, "{content_type}: {error}");
    }
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // only the outcome of parsing matters
struct Files {
    file: Vec<Upload>,
}

#[actix_web::test]
async fn a_part_over_the_part_limit_is_413() {
    let config = BodyConfig::default().part_limit(1000);
    let ok = body(&[part("file", Some("f"), None, &[b'x'; 1000])]);
    assert_eq!(parse::<Files>(config.clone(), ok, 300).await.unwrap().file[0].bytes().unwrap().len(), 1000);
    let over = body(&[part("file", Some("f"), None, &[b'x'; 1001])]);
    let error = refused::<Files>(config, over).await;
    assert_eq!(error.kind(), BodyErrorKind::TooLarge(Limit::Part));
    assert_eq!(error.status_code(), 413);
    assert_eq!(
        error.message(),
        "multipart part \"file\" is larger than the part limit of 1000 bytes (BodyConfig::part_limit)"
    );
}

#[actix_web::test]
async fn a_body_over_the_multipart_limit_is_413_and_read_no_further() {
    let config = BodyConfig::default().multipart_limit(64 * 1024);
    // Streamed with no Content-Length: refused at the chunk that crosses the limit.
    let chunk = Bytes::from(part("file", Some("f"), None, &[b'x'; 8 * 1024]));
    let (payload, pulled) = streamed(std::iter::repeat_n(chunk.clone(), 1000));
    let error = extract::<Files>(config.clone(), payload).await.unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::TooLarge(Limit::Multipart));
    assert!(error.message().contains("multipart limit of 65536 bytes (BodyConfig::multipart_limit)"), "{error}");
    assert!(pulled.load(Ordering::Relaxed) <= 64 * 1024 + chunk.len());

    // A declared Content-Length over the limit is refused before reading anything.
    let req = test::TestRequest::post()
        .insert_header(("Content-Type", content_type()))
        .insert_header(("Content-Length", "65537"))
        .app_data(config)
        .to_http_request();
    let (mut payload, pulled) = streamed(std::iter::repeat_n(chunk, 1000));
    let error = Body::<Files>::from_request(&req, &mut payload).await.unwrap_err();
    assert_eq!(error.status_code(), 413);
    assert_eq!(pulled.load(Ordering::Relaxed), 0);
}

#[actix_web::test]
async fn more_parts_than_allowed_is_413() {
    let config = BodyConfig::default().max_parts(3);
    let three: Vec<_> = (0..3).map(|i| part("file", Some(&format!("{i}")), None, b"x")).collect();
    assert_eq!(parse::<Files>(config.clone(), body(&three), 100).await.unwrap().file.len(), 3);
    let four: Vec<_> = (0..4).map(|i| part("file", Some(&format!("{i}")), None, b"x")).collect();
    let error = refused::<Files>(config, body(&four)).await;
    assert_eq!(error.kind(), BodyErrorKind::TooLarge(Limit::Parts));
    assert_eq!(
        error.message(),
        "multipart body has more parts than the part count limit of 3 parts (BodyConfig::max_parts)"
    );
}

#[actix_web::test]
async fn part_headers_up_to_the_limit_are_accepted() {
    let config = BodyConfig::default().part_header_limit(1024);
    // Headers of exactly the limit, "\r\n" separators included, before the blank line.
    let disposition = "Content-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n";
    let filler = 1024 - disposition.len() - "X-Pad: \r\n".len();
    let head = format!("--{BOUNDARY}\r\n{disposition}X-Pad: {}\r\n\r\n", "p".repeat(filler));
    // Two such parts: the second one's headers may start in a slice read for the first.
    let mut data = Vec::new();
    for content in ["first", "second"] {
        data.extend_from_slice(head.as_bytes());
        data.extend_from_slice(format!("{content}\r\n").as_bytes());
    }
    data.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    for chunk in [1, 100, 1000, 4096, data.len()] {
        let files: Files = parse(config.clone(), data.clone(), chunk).await.unwrap_or_else(|e| panic!("{chunk}: {e}"));
        assert_eq!(&files.file[0].bytes().unwrap()[..], b"first");
        assert_eq!(&files.file[1].bytes().unwrap()[..], b"second");
    }
}

#[actix_web::test]
async fn part_headers_over_the_limit_are_413_while_streaming() {
    let config = BodyConfig::default().part_header_limit(1024);
    let head = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"\r\nX-Pad: ");
    let filler = std::iter::repeat(Bytes::from_static(&[b'p'; 512]));
    let chunks = std::iter::once(Bytes::from(head)).chain(filler.take(100_000));
    let (payload, pulled) = streamed(chunks);
    let error = extract::<Files>(config, payload).await.unwrap_err();
    assert_eq!(error.kind(), BodyErrorKind::TooLarge(Limit::PartHeaders));
    assert_eq!(
        error.message(),
        "multipart part headers (or the preamble) are longer than the part header limit of 1024 bytes \
         (BodyConfig::part_header_limit)"
    );
    // Read stopped one slice (4 KiB) past the limit, plus what was in flight.
    assert!(pulled.load(Ordering::Relaxed) < 16 * 1024, "{}", pulled.load(Ordering::Relaxed));
}
