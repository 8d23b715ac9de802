//! What `static_dir`/`static_file` answer as HTTP: conditional requests, ranges, HEAD and the
//! Content-Type table, over raw TCP against a real server.

#[path = "support/server.rs"]
mod server;

use std::fs;
use std::path::{Path, PathBuf};

use actix_web::{HttpRequest, HttpResponse, Responder, web};
use rook::split_decode;
use rook::{static_dir, static_file};
use server::Server;

const DIGITS: &str = "0123456789abcdefghij";

/// `/custom/..` adds `.mime` overrides, `/file` and `/file-dir` use `static_file`, anything else
/// is `static_dir(root, path)`.
async fn files(req: HttpRequest, root: web::Data<PathBuf>) -> HttpResponse {
    let Ok(decoded) = split_decode(req.uri().path()) else {
        return HttpResponse::BadRequest().finish();
    };
    let segments: Vec<String> = decoded.iter().map(|s| s.to_string()).collect();
    let served = match segments.first().map(String::as_str) {
        Some("custom") => {
            static_dir(root.as_ref(), &segments[1..])
                .mime("rh", "text/plain")
                .mime(".JSON", "application/vnd.rook+json")
                .mime("bad", "not a media type")
                .await
        }
        Some("file") => static_file(root.join("digits.txt")).await,
        Some("file-dir") => static_file(root.join("docs")).index("missing.html").index("index.htm").await,
        Some("file-missing") => static_file(root.join("nope.txt")).await,
        _ => static_dir(root.as_ref(), &segments).await,
    };
    served.respond_to(&req).map_into_boxed_body()
}

fn start() -> (Server, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let w = |name: &str, body: &str| {
        let p = root.join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, body).unwrap();
    };
    w("digits.txt", DIGITS);
    w("docs/index.htm", "<h1>docs</h1>");
    for name in [
        "page.html",
        "UPPER.HTML",
        "style.css",
        "Mixed.Css",
        "app.js",
        "data.json",
        "img.png",
        "icon.svg",
        "font.woff2",
        "mod.wasm",
        "notes.txt",
        "photo.JPG",
        "archive.unknownext",
        "noext",
        "notes.rh",
        "NOTES.RH",
        "x.bad",
    ] {
        w(name, "x");
    }
    let data = web::Data::new(root);
    let server = Server::start(move |cfg| {
        cfg.app_data(data.clone()).default_service(web::to(files));
    });
    (server, tmp)
}

#[test]
fn conditional_requests() {
    let (server, _tmp) = start();
    let full = server.get("/digits.txt");
    assert_eq!(full.status, 200);
    assert_eq!(full.text(), DIGITS);
    assert_eq!(full.header("content-length"), Some("20"));
    assert_eq!(full.header("accept-ranges"), Some("bytes"));
    let etag = full.header("etag").expect("ETag").to_owned();
    let modified = full.header("last-modified").expect("Last-Modified").to_owned();

    let cases: &[(&[(&str, &str)], u16)] = &[
        (&[("If-None-Match", &etag)], 304),
        (&[("If-None-Match", &format!("\"other\", {etag}"))], 304),
        (&[("If-None-Match", "*")], 304),
        (&[("If-None-Match", "\"other\"")], 200),
        (&[("If-Modified-Since", &modified)], 304),
        (&[("If-Modified-Since", "Mon, 01 Jan 1990 00:00:00 GMT")], 200),
        // If-None-Match takes precedence over If-Modified-Since.
        (&[("If-None-Match", "\"other\""), ("If-Modified-Since", &modified)], 200),
        (&[("If-Match", "\"other\"")], 412),
        (&[("If-Match", &etag)], 200),
    ];
    for (headers, status) in cases {
        let res = server.request("GET", "/digits.txt", headers);
        assert_eq!(res.status, *status, "{headers:?}");
        if res.status == 304 {
            assert!(res.body.is_empty(), "304 has no body");
            assert_eq!(res.header("etag"), Some(etag.as_str()));
        }
    }
}

#[test]
fn range_requests() {
    let (server, _tmp) = start();
    let etag = server.get("/digits.txt").header("etag").unwrap().to_owned();
    let range = |value: &str| server.request("GET", "/digits.txt", &[("Range", value)]);

    for (value, body, content_range) in [
        ("bytes=0-4", "01234", "bytes 0-4/20"),
        ("bytes=15-", "fghij", "bytes 15-19/20"),
        ("bytes=-3", "hij", "bytes 17-19/20"),
        ("bytes=18-100", "ij", "bytes 18-19/20"),
        // actix-files answers a multi-range request with its first range only.
        ("bytes=0-1,5-6", "01", "bytes 0-1/20"),
    ] {
        let res = range(value);
        assert_eq!(res.status, 206, "{value}");
        assert_eq!(res.text(), body, "{value}");
        assert_eq!(res.header("content-range"), Some(content_range), "{value}");
        assert_eq!(res.header("content-length"), Some(body.len().to_string().as_str()), "{value}");
    }

    // Unsatisfiable and malformed ranges: 416 with the full length, and no content.
    for value in ["bytes=20-", "bytes=100-200", "bytes=abc", "bytes=5-2", "bytes="] {
        let res = range(value);
        assert_eq!(res.status, 416, "{value}");
        assert_eq!(res.header("content-range"), Some("bytes */20"), "{value}");
        assert!(!res.contains(DIGITS.as_bytes()), "{value}");
    }

    // Unknown units are ignored; so is a Range whose If-Range no longer matches.
    assert_eq!(range("items=0-1").text(), DIGITS);
    let stale = server.request("GET", "/digits.txt", &[("Range", "bytes=0-1"), ("If-Range", "\"stale\"")]);
    assert_eq!((stale.status, stale.text().as_str()), (200, DIGITS));
    let fresh = server.request("GET", "/digits.txt", &[("Range", "bytes=0-1"), ("If-Range", &etag)]);
    assert_eq!((fresh.status, fresh.text().as_str()), (206, "01"));
}

#[test]
fn head_has_the_headers_and_no_body() {
    let (server, _tmp) = start();
    let get = server.get("/digits.txt");
    let head = server.request("HEAD", "/digits.txt", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD body: {:?}", head.text());
    for name in ["content-type", "content-length", "etag", "last-modified", "accept-ranges"] {
        assert_eq!(head.header(name), get.header(name), "{name}");
    }
    // Ranges are defined for GET only.
    let ranged = server.request("HEAD", "/digits.txt", &[("Range", "bytes=0-1")]);
    assert_eq!((ranged.status, ranged.header("content-length")), (200, Some("20")));
    let missing = server.request("HEAD", "/missing.txt", &[]);
    assert_eq!((missing.status, missing.body.len()), (404, 0));
}

#[test]
fn content_types() {
    let (server, _tmp) = start();
    for (target, expected) in [
        ("/page.html", "text/html; charset=utf-8"),
        ("/UPPER.HTML", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/Mixed.Css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript"),
        ("/data.json", "application/json"),
        ("/img.png", "image/png"),
        ("/photo.JPG", "image/jpeg"),
        ("/icon.svg", "image/svg+xml"),
        ("/font.woff2", "font/woff2"),
        ("/mod.wasm", "application/wasm"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/archive.unknownext", "application/octet-stream"),
        ("/noext", "application/octet-stream"),
        ("/notes.rh", "application/octet-stream"),
        // `.mime` overrides, matched case-insensitively on both sides.
        ("/custom/notes.rh", "text/plain; charset=utf-8"),
        ("/custom/NOTES.RH", "text/plain; charset=utf-8"),
        ("/custom/data.json", "application/vnd.rook+json"),
        ("/custom/page.html", "text/html; charset=utf-8"),
    ] {
        let res = server.get(target);
        assert_eq!(res.status, 200, "{target}");
        assert_eq!(res.header("content-type"), Some(expected), "{target}");
    }
    let bad = server.get("/custom/x.bad");
    assert_eq!(bad.status, 500);
    assert_eq!(bad.text(), r#"static files: invalid media type "not a media type" configured for .bad"#);
    assert_eq!(bad.header("content-type"), Some("text/plain; charset=utf-8"));
}

#[test]
fn static_file_serves_one_path() {
    let (server, _tmp) = start();
    let res = server.get("/file");
    assert_eq!((res.status, res.text().as_str()), (200, DIGITS));
    let res = server.get("/file-dir");
    assert_eq!((res.status, res.text().as_str()), (200, "<h1>docs</h1>"));
    let res = server.get("/file-missing");
    assert_eq!((res.status, res.text().as_str()), (404, "not found"));
    // Without an index a directory is not servable.
    assert_eq!(server.get("/docs").status, 404);
}

#[test]
fn a_base_that_is_a_file_is_served_with_no_segments() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("only.txt");
    fs::write(&file, "only").unwrap();
    let served = actix_web::rt::System::new().block_on(async { static_dir(&file, &[]).await });
    assert_eq!(served.unwrap().path(), Path::new(&fs::canonicalize(&file).unwrap()));
}
