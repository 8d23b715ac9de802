//! A served connection: echo round trips, JSON helpers, close codes, pings and the idle timeout.

#[path = "support/ws.rs"]
mod support;

use std::io::Write;
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::{Responder, web};
use rook::WebSocket;
use rook::WsConfig;
use serde::{Deserialize, Serialize};
use support::{
    client_frame, close_code, connect, exchange, read_server_frame, read_until_close, serve, tcp, upgrade_request,
};
use tungstenite::Message;
use tungstenite::protocol::CloseFrame;
use tungstenite::protocol::frame::coding::CloseCode;

/// Echo handlers that have seen their connection end (`recv` gave `None`).
static ECHOES_ENDED: AtomicUsize = AtomicUsize::new(0);

async fn echo(socket: WebSocket) -> impl Responder {
    socket.serve(|mut conn| async move {
        while let Some(text) = conn.recv().await {
            if conn.send(text).await.is_err() {
                break;
            }
        }
        ECHOES_ENDED.fetch_add(1, Ordering::SeqCst);
    })
}

#[derive(Deserialize)]
struct Sum {
    a: i64,
    b: i64,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Total {
    total: i64,
}

async fn adder(socket: WebSocket) -> impl Responder {
    socket.serve(|mut conn| async move {
        while let Some(request) = conn.recv_json::<Sum>().await {
            let sent = match request {
                Ok(Sum { a, b }) => conn.send_json(&Total { total: a + b }).await,
                Err(err) => conn.send(format!("bad request: {err}")).await,
            };
            if sent.is_err() {
                break;
            }
        }
    })
}

/// Closers that found their connection unusable after `close`, as documented.
static CLOSED_FOR_GOOD: AtomicUsize = AtomicUsize::new(0);

/// Answers its first message, then closes with the code that message names.
async fn closer(socket: WebSocket) -> impl Responder {
    socket.serve(|mut conn| async move {
        if let Some(code) = conn.recv().await {
            conn.send("closing").await.unwrap();
            conn.close(code.parse::<u16>().unwrap()).await;
            if conn.is_closed() && conn.send("too late").await.is_err() && conn.recv().await.is_none() {
                CLOSED_FOR_GOOD.fetch_add(1, Ordering::SeqCst);
            }
        }
    })
}

/// Sends one greeting and returns: the connection is closed for it.
async fn greeter(socket: WebSocket) -> impl Responder {
    socket.serve(|mut conn| async move {
        let _ = conn.send("hello").await;
    })
}

fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        serve(|cfg| {
            cfg.route("/echo", web::get().to(echo))
                .route("/adder", web::get().to(adder))
                .route("/closer", web::get().to(closer))
                .route("/greeter", web::get().to(greeter))
                .service(
                    web::scope("/quick")
                        .app_data(
                            WsConfig::default()
                                .ping_interval(Duration::from_millis(40))
                                .idle_timeout(Duration::from_millis(300)),
                        )
                        .route("/echo", web::get().to(echo)),
                );
        })
    })
}

fn text(message: Message) -> String {
    match message {
        Message::Text(t) => t.as_str().to_owned(),
        other => panic!("expected a text message, got {other:?}"),
    }
}

#[test]
fn echo_round_trips() {
    let mut client = connect(server(), "/echo");
    let big = "é".repeat(30_000); // 60 000 bytes: under the 64 KiB frame limit
    for message in ["hello", "", "ünïcødé ✓", &big] {
        client.send(Message::text(message)).unwrap();
        assert_eq!(text(client.read().unwrap()), message);
    }
}

#[test]
fn fragments_are_delivered_as_one_message() {
    let addr = server();
    let mut stream = tcp(addr);
    assert_eq!(exchange(&mut stream, &upgrade_request(addr, "/echo", &[])).status, 101);
    let mut bytes = client_frame(false, 1, b"frag");
    bytes.extend(client_frame(true, 9, b"ping!")); // a ping may interleave
    bytes.extend(client_frame(false, 0, b"men"));
    bytes.extend(client_frame(true, 0, b"ted"));
    stream.write_all(&bytes).unwrap();
    assert_eq!(read_server_frame(&mut stream), (0xA, b"ping!".to_vec()));
    assert_eq!(read_server_frame(&mut stream), (0x1, b"fragmented".to_vec()));
}

#[test]
fn pings_are_answered_with_their_payload() {
    let mut client = connect(server(), "/echo");
    client.send(Message::Ping(b"are you there".to_vec().into())).unwrap();
    assert_eq!(client.read().unwrap(), Message::Pong(b"are you there".to_vec().into()));
}

#[test]
fn json_helpers_parse_and_serialise() {
    let mut client = connect(server(), "/adder");
    client.send(Message::text(r#"{"a": 40, "b": 2}"#)).unwrap();
    let total: Total = serde_json::from_str(&text(client.read().unwrap())).unwrap();
    assert_eq!(total, Total { total: 42 });
    // Bad JSON is the handler's to answer; the connection stays open.
    client.send(Message::text(r#"{"a": 1}"#)).unwrap();
    let reply = text(client.read().unwrap());
    assert!(reply.starts_with("bad request: missing field `b`"), "{reply}");
    client.send(Message::text("not json")).unwrap();
    assert!(text(client.read().unwrap()).starts_with("bad request"));
    client.send(Message::text(r#"{"a": -1, "b": 1}"#)).unwrap();
    assert_eq!(text(client.read().unwrap()), r#"{"total":0}"#);
}

#[test]
fn the_handler_closes_with_its_code() {
    let mut client = connect(server(), "/closer");
    client.send(Message::text("4001")).unwrap();
    let (code, texts) = read_until_close(&mut client);
    assert_eq!((code, texts), (4001, vec!["closing".to_owned()]));
    eventually(|| CLOSED_FOR_GOOD.load(Ordering::SeqCst) > 0, "after close(), send failed and recv gave None");
}

/// Waits (up to 10 s) for something the server does after the client has seen the result.
fn eventually(done: impl Fn() -> bool, what: &str) {
    for _ in 0..1000 {
        if done() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("never happened: {what}");
}

#[test]
fn a_handler_that_returns_closes_normally() {
    let mut client = connect(server(), "/greeter");
    assert_eq!(read_until_close(&mut client), (1000, vec!["hello".to_owned()]));
}

#[test]
fn a_binary_message_is_refused_with_1003() {
    let mut client = connect(server(), "/echo");
    client.send(Message::Binary(vec![1, 2, 3].into())).unwrap();
    assert_eq!(read_until_close(&mut client).0, 1003);
}

#[test]
fn a_client_close_is_echoed_and_ends_recv() {
    let before = ECHOES_ENDED.load(Ordering::SeqCst);
    let mut client = connect(server(), "/echo");
    client.send(Message::text("last words")).unwrap();
    client.close(Some(CloseFrame { code: CloseCode::Away, reason: "gone".into() })).unwrap();
    // The echo of "last words" may arrive before the server's answer to the close.
    let (code, texts) = read_until_close(&mut client);
    assert_eq!(code, 1001);
    assert!(texts.len() <= 1);
    eventually(|| ECHOES_ENDED.load(Ordering::SeqCst) > before, "the handler's recv() returned None");
}

#[test]
fn a_silent_peer_is_pinged_then_closed_with_1001() {
    let addr = server();
    let mut stream = tcp(addr);
    assert_eq!(exchange(&mut stream, &upgrade_request(addr, "/quick/echo", &[])).status, 101);
    let mut pings = 0;
    loop {
        match read_server_frame(&mut stream) {
            (0x9, _) => pings += 1,
            (0x8, payload) => {
                assert_eq!(close_code(&payload), 1001);
                assert!(String::from_utf8_lossy(&payload[2..]).contains("idle"));
                break;
            }
            other => panic!("unexpected frame {other:?}"),
        }
    }
    assert!(pings >= 2, "pinged {pings} times before giving up");
}

#[test]
fn a_peer_answering_pings_outlives_the_idle_timeout() {
    let mut client = connect(server(), "/quick/echo");
    // Twenty pings at 40 ms are well past the 300 ms idle timeout; reading answers each one.
    let mut pings = 0;
    while pings < 20 {
        match client.read().unwrap() {
            Message::Ping(_) => pings += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    client.send(Message::text("still here")).unwrap();
    loop {
        match client.read().unwrap() {
            Message::Ping(_) => {}
            other => {
                assert_eq!(text(other), "still here");
                break;
            }
        }
    }
}
