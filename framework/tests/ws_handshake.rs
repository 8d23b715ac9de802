//! docs/websockets.md handshake statuses, over raw TCP against a real server.

#[path = "support/ws.rs"]
mod support;

use std::net::SocketAddr;
use std::sync::OnceLock;

use actix_web::web;
use rook::WsConfig;
use support::{Head, echo, exchange, serve, tcp, upgrade_request};

fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        serve(|cfg| {
            cfg.service(web::resource("/ws").to(echo)).service(
                web::scope("/trusting")
                    .app_data(WsConfig::default().allow_origin("https://Trusted.example:443"))
                    .service(web::resource("/ws").to(echo)),
            );
        })
    })
}

fn request(raw: &str) -> Head {
    exchange(&mut tcp(server()), raw)
}

fn upgrade(path: &str, extra: &[&str]) -> Head {
    request(&upgrade_request(server(), path, extra))
}

fn assert_plain_error(head: &Head, status: u16, mentions: &str) {
    assert_eq!(head.status, status, "{}", head.body);
    assert_eq!(head.header("content-type"), Some("text/plain; charset=utf-8"));
    assert!(head.body.contains(mentions), "body {:?} should mention {mentions:?}", head.body);
    assert!(head.body.len() < 100 && !head.body.contains('\n'), "one short line: {:?}", head.body);
}

#[test]
fn a_valid_upgrade_is_switched_with_the_rfc_accept_key() {
    let head = upgrade("/ws", &[]);
    assert_eq!(head.status, 101);
    assert_eq!(head.header("upgrade").map(str::to_ascii_lowercase).as_deref(), Some("websocket"));
    // RFC 6455 §1.3's worked example.
    assert_eq!(head.header("sec-websocket-accept"), Some("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
}

#[test]
fn a_plain_get_is_400() {
    let addr = server();
    let head = request(&format!("GET /ws HTTP/1.1\r\nHost: {addr}\r\n\r\n"));
    assert_plain_error(&head, 400, "Upgrade: websocket");
}

#[test]
fn an_upgrade_without_connection_upgrade_is_400() {
    let addr = server();
    let head = request(&format!(
        "GET /ws HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         Sec-WebSocket-Version: 13\r\n\r\n"
    ));
    assert_plain_error(&head, 400, "Connection: upgrade");
}

#[test]
fn a_missing_or_malformed_key_is_400() {
    let addr = server();
    let without_key = format!(
        "GET /ws HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Version: 13\r\n\r\n"
    );
    assert_plain_error(&request(&without_key), 400, "Sec-WebSocket-Key");
    let bad_key = without_key.replace("Version: 13\r\n", "Version: 13\r\nSec-WebSocket-Key: short\r\n");
    assert_plain_error(&request(&bad_key), 400, "Sec-WebSocket-Key");
}

#[test]
fn a_missing_version_is_400() {
    let raw = upgrade_request(server(), "/ws", &[]).replace("Sec-WebSocket-Version: 13\r\n", "");
    assert_plain_error(&request(&raw), 400, "Sec-WebSocket-Version");
}

#[test]
fn another_version_is_426_naming_13() {
    let raw = upgrade_request(server(), "/ws", &[]).replace("Version: 13", "Version: 8");
    let head = request(&raw);
    assert_plain_error(&head, 426, "13");
    assert_eq!(head.header("sec-websocket-version"), Some("13"));
}

#[test]
fn a_post_upgrade_is_405() {
    let raw = upgrade_request(server(), "/ws", &[])
        .replacen("GET", "POST", 1)
        .replace("\r\n\r\n", "\r\nContent-Length: 0\r\n\r\n");
    let head = request(&raw);
    assert_plain_error(&head, 405, "GET");
    assert_eq!(head.header("allow"), Some("GET"));
}

#[test]
fn a_page_from_another_host_is_403() {
    let head = upgrade("/ws", &["Origin: http://evil.example"]);
    assert_plain_error(&head, 403, "http://evil.example");
    // Same host name, another port: another origin.
    let port = server().port() + 1;
    assert_eq!(upgrade("/ws", &[&format!("Origin: http://127.0.0.1:{port}")]).status, 403);
    assert_eq!(upgrade("/ws", &["Origin: null"]).status, 403);
}

#[test]
fn a_page_from_the_same_host_or_no_origin_is_accepted() {
    let addr = server();
    assert_eq!(upgrade("/ws", &[&format!("Origin: http://{addr}")]).status, 101);
    assert_eq!(upgrade("/ws", &[&format!("Origin: HTTP://{addr}")]).status, 101);
    assert_eq!(upgrade("/ws", &[]).status, 101);
}

#[test]
fn an_allow_listed_origin_is_accepted_others_still_refused() {
    assert_eq!(upgrade("/trusting/ws", &["Origin: https://trusted.example"]).status, 101);
    assert_eq!(upgrade("/trusting/ws", &["Origin: http://trusted.example"]).status, 403);
    assert_eq!(upgrade("/trusting/ws", &["Origin: https://other.example"]).status, 403);
}
