//! Path traversal against `static_dir` over raw TCP: request targets go on the wire exactly as
//! written, the path is split and decoded as the router does (`rook::split_decode`), and no
//! response may carry a byte of the files outside the served root.

#[path = "support/server.rs"]
mod server;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use actix_web::{HttpRequest, HttpResponse, Responder, web};
use rook::split_decode;
use rook::static_dir;
use server::{RawResponse, Server};

const SECRET: &[u8] = b"TOPSECRET-outside-the-root-7f3a";
const HELLO: &str = "hello from inside the root\n";

/// Serves `root` for every path; `?hidden=1` allows dot-files.
async fn files(req: HttpRequest, root: web::Data<PathBuf>) -> HttpResponse {
    let segments: Vec<String> = match split_decode(req.uri().path()) {
        Ok(segments) => segments.iter().map(|s| s.to_string()).collect(),
        Err(e) => {
            return HttpResponse::BadRequest().content_type("text/plain; charset=utf-8").body(e.to_string());
        }
    };
    let hidden = req.query_string() == "hidden=1";
    let served = static_dir(root.as_ref(), &segments).index("index.html").hidden(hidden).await;
    served.respond_to(&req).map_into_boxed_body()
}

/// `tmp/secret.txt` outside, `tmp/root/...` served.
fn tree(tmp: &Path) -> PathBuf {
    let w = |p: &str, body: &[u8]| {
        let p = tmp.join(p);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, body).unwrap();
    };
    w("secret.txt", SECRET);
    w("root/hello.txt", HELLO.as_bytes());
    w("root/index.html", b"<h1>root index</h1>");
    w("root/.env", b"DOTFILE-CONTENT");
    w("root/.git/config", b"[core]");
    w("root/sub/index.html", b"<h1>sub index</h1>");
    w("root/sub/page.html", b"<p>sub page</p>");
    w("root/swap.txt", b"before the swap");
    fs::create_dir(tmp.join("root/empty")).unwrap();
    let root = tmp.join("root");
    let ln = |target: &str, link: &str| symlink(target, root.join(link)).unwrap();
    ln("../secret.txt", "out_file");
    ln("..", "out_dir");
    ln("/etc", "out_abs");
    ln(tmp.join("secret.txt").to_str().unwrap(), "out_abs_file");
    ln("../../secret.txt", "sub/escape");
    ln("hello.txt", "in_file");
    ln("sub", "in_dir");
    ln("sub/../hello.txt", "in_dotdot");
    ln(root.join("hello.txt").to_str().unwrap(), "in_abs");
    ln("loop", "loop");
    ln("missing-target", "dangling");
    let fifo = std::ffi::CString::new(root.join("fifo").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0, "mkfifo");
    root
}

fn assert_no_leak(target: &str, res: &RawResponse) {
    assert!(!res.contains(SECRET), "{target}: secret leaked: {:?}", res.text());
    assert!(!res.contains(b"root:x:0:0"), "{target}: /etc/passwd leaked");
}

fn check(server: &Server, cases: &[(&str, u16)]) -> usize {
    for &(target, status) in cases {
        let res = server.get(target);
        assert_no_leak(target, &res);
        assert_eq!(res.status, status, "GET {target}: body {:?}", res.text());
        if status >= 400 {
            assert!(res.body.len() < 200, "{target}: error body should be short");
            if status != 400 || res.header("content-type").is_some() {
                assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"), "{target}");
            }
        }
    }
    cases.len()
}

#[test]
fn traversal_suite() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tree(tmp.path());
    let data = web::Data::new(root.clone());
    let server = Server::start(move |cfg| {
        cfg.app_data(data.clone()).default_service(web::to(files));
    });

    // The file that will be swapped for a symlink is served normally first.
    let before = server.get("/swap.txt");
    assert_eq!((before.status, before.text().as_str()), (200, "before the swap"));
    fs::remove_file(root.join("swap.txt")).unwrap();
    symlink("../secret.txt", root.join("swap.txt")).unwrap();

    let mut sent = 1;
    sent += check(
        &server,
        &[
            // Plain serving, indexes and misses.
            ("/hello.txt", 200),
            ("/", 200),
            ("/sub", 308),
            ("/sub/", 200),
            ("/sub/page.html", 200),
            ("/empty", 308),
            ("/empty/", 404),
            ("/missing.txt", 404),
            ("/hello.txt/x", 404),
            ("/HELLO.TXT", 404),
            ("/hello.txt%20", 404),
            // Dot segments, raw and encoded, single and double.
            ("/../secret.txt", 403),
            ("/./hello.txt", 403),
            ("/.", 403),
            ("/sub/../hello.txt", 403),
            ("/sub/../../secret.txt", 403),
            ("/%2e%2e/secret.txt", 403),
            ("/%2E%2E/secret.txt", 403),
            ("/.%2e/secret.txt", 403),
            ("/%2e", 403),
            ("/%252e%252e/secret.txt", 404),
            ("/%252e%252e%252fsecret.txt", 404),
            ("/..;/secret.txt", 404),
            // Encoded slashes and backslashes inside one segment.
            ("/..%2fsecret.txt", 403),
            ("/%2e%2e%2fsecret.txt", 403),
            ("/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", 403),
            ("/sub%2fpage.html", 403),
            ("/%2fetc%2fpasswd", 403),
            ("/..%5csecret.txt", 403),
            ("/%5c..%5csecret.txt", 403),
            ("/%2e%2e%5c%2e%2e%5csecret.txt", 403),
            ("/..\\secret.txt", 403),
            // Empty segments and absolute paths.
            ("//etc/passwd", 403),
            ("/hello.txt/", 404),
            ("/sub/page.html/", 404),
            ("/sub//page.html", 403),
            // NUL.
            ("/hello.txt%00.html", 403),
            ("/%00", 403),
            ("/%00/../secret.txt", 403),
            // Overlong UTF-8 and malformed escapes never decode.
            ("/%c0%ae%c0%ae/secret.txt", 400),
            ("/%c0%af", 400),
            ("/%e0%80%ae%e0%80%ae/secret.txt", 400),
            ("/..%c0%af../secret.txt", 400),
            ("/%u002e%u002e/secret.txt", 400),
            ("/%2", 400),
            // Symlinks pointing out of the root, relative and absolute.
            ("/out_file", 403),
            ("/out_dir", 403),
            ("/out_dir/secret.txt", 403),
            ("/out_abs/passwd", 403),
            ("/out_abs_file", 403),
            ("/sub/escape", 403),
            ("/swap.txt", 403),
            // Symlinks staying inside are served.
            ("/in_file", 200),
            ("/in_dir/page.html", 200),
            ("/in_dir", 308),
            ("/in_dir/", 200),
            ("/in_dotdot", 200),
            ("/in_abs", 200),
            // Only where a path lands counts: out through a symlink and back in is inside.
            ("/out_dir/root/hello.txt", 200),
            // Things that are not regular files.
            ("/loop", 404),
            ("/dangling", 404),
            ("/fifo", 404),
            (&format!("/{}", "a".repeat(300)), 404),
            // Dot-files are hidden unless allowed; allowing them never allows `..`.
            ("/.env", 404),
            ("/.git/config", 404),
            ("/.git", 404),
            ("/sub/.env", 404),
            ("/.env?hidden=1", 200),
            ("/.git/config?hidden=1", 200),
            ("/../secret.txt?hidden=1", 403),
            ("/.git/../../secret.txt?hidden=1", 403),
        ],
    );

    // Request targets that are not origin-form paths.
    for (raw, status) in [
        ("GET http://localhost/../secret.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 403),
        ("GET http://localhost/%2e%2e/secret.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 403),
        ("GET /hello.txt\0/../../secret.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400),
    ] {
        let res = server.raw(raw.as_bytes());
        assert_no_leak(raw, &res);
        assert_eq!(res.status, status, "{raw:?}: {:?}", res.text());
        sent += 1;
    }
    assert!(sent >= 40, "only {sent} requests");

    // The served bodies are the right files.
    assert_eq!(server.get("/hello.txt").text(), HELLO);
    assert_eq!(server.get("/in_file").text(), HELLO);
    assert_eq!(server.get("/sub/").text(), "<h1>sub index</h1>");
    assert_eq!(server.get("/").text(), "<h1>root index</h1>");
    assert_eq!(server.get("/.env?hidden=1").text(), "DOTFILE-CONTENT");
    // Hidden files are answered exactly like missing ones.
    assert_eq!(server.get("/.env").body, server.get("/missing.txt").body);
    // The refusals say what was wrong.
    assert_eq!(server.get("/%2e%2e/secret.txt").text(), r#"path segment ".." is not allowed"#);
    assert_eq!(server.get("/out_file").text(), "path leads outside the served directory");
    assert_eq!(server.get("/sub%2fpage.html").text(), r#"path segment containing "/" is not allowed"#);
}

#[test]
fn a_missing_base_is_never_the_working_directory() {
    // The working directory of `cargo test` is the crate root: were a missing base taken as
    // ".", these would serve its Cargo.toml.
    assert!(Path::new("Cargo.toml").exists());
    async fn from(req: HttpRequest) -> HttpResponse {
        let base = if req.path().starts_with("/empty") { "" } else { "no-such-directory" };
        let segments = if req.path().ends_with("/file") { vec!["Cargo.toml".to_string()] } else { vec![] };
        let served = static_dir(base, &segments).index("Cargo.toml").await;
        served.respond_to(&req).map_into_boxed_body()
    }
    let server = Server::start(|cfg| {
        cfg.default_service(web::to(from));
    });
    for target in ["/empty", "/empty/file", "/missing", "/missing/file"] {
        let res = server.get(target);
        assert_eq!(res.status, 404, "{target}");
        assert!(!res.contains(b"[package]"), "{target} served the working directory");
    }
}
