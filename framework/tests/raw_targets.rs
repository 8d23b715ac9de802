//! Request targets that HTTP clients would normalise, sent byte for byte over TCP to a real
//! server: Rook must see exactly what was sent (docs/routing.md#paths-and-segments).

use std::io::{Read, Write};
use std::net::TcpStream;

use rook::prelude::*;

fn routes() -> Routes {
    route! {
        get "a" / ..rest => format!("a {rest:?}"),
        get "b" => "b",
        get "file" / name: String => format!("file {name}"),
        get "about" => "about",
        get / => "root",
        get "page" => "page body",
    }
}

/// Starts the app on an OS-chosen loopback port, in its own thread; returns the address.
fn start() -> std::net::SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = actix_web::HttpServer::new(|| actix_web::App::new().service(routes()))
                .workers(1)
                .bind(("127.0.0.1", 0))
                .unwrap();
            tx.send(server.addrs()[0]).unwrap();
            server.run().await.unwrap();
        })
    });
    rx.recv().unwrap()
}

/// Sends one raw request line and returns the status code and body.
fn raw(addr: std::net::SocketAddr, method: &str, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    write!(s, "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out);
    let status = text[9..12].parse().unwrap();
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned();
    (status, body)
}

#[test]
fn targets_reach_the_router_unnormalised() {
    let addr = start();
    let nf = "no route matches this path";
    for (target, status, body) in [
        ("/a/../b", 200, r#"a ["..", "b"]"#),
        ("/a/./b", 200, r#"a [".", "b"]"#),
        ("/b", 200, "b"),
        ("//b", 404, nf),
        ("/a//b", 200, r#"a ["", "b"]"#),
        ("/about/", 404, nf),
        ("/about", 200, "about"),
        ("/file/x%2Fy", 200, "file x/y"),
        ("/file/x/y", 404, nf),
        ("/file/%2e%2e", 200, "file .."),
        ("/file/%zz", 400, "malformed percent-escape in path"),
        ("/file/%FF", 400, "path segment is not valid UTF-8 after decoding"),
        ("/file/%C0%AE", 400, "path segment is not valid UTF-8 after decoding"),
        ("/", 200, "root"),
        ("/?x=1", 200, "root"),
    ] {
        assert_eq!(raw(addr, "GET", target), (status, body.to_owned()), "GET {target}");
    }
}

#[test]
fn head_sends_headers_and_no_body() {
    let addr = start();
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "HEAD /page HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    assert!(out.to_ascii_lowercase().contains("content-length: 9"), "{out}");
    assert!(out.ends_with("\r\n\r\n"), "a HEAD response has no body: {out:?}");
}
