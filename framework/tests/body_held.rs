//! docs/bodies.md: after Rook answers a request whose body it did not read to the end, the connection
//! is closed — chunked bodies included, whatever the handler answered. Here the routes are
//! mounted in the user's own `App` under actix-web's `HttpServer`; `serve_held.rs` runs the same
//! attack at scale against `rook::Server`.

mod body_common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use actix_web::App;
use body_common::serve;
use rook::prelude::*;

fn server() -> SocketAddr {
    serve(|| {
        App::new().app_data(BodyConfig::default().timeout(Duration::from_secs(2))).service(route! {
            get / => "hello",
            post "echo", text: Body<String> => text.into_inner(),
            get "nothing" => actix_web::HttpResponse::NoContent().finish(),
        })
    })
}

/// Sends `head`, then one chunk of a chunked body that never ends, and reads until the server
/// closes the connection; returns what it sent back. The read timeout is a safety net: a held
/// connection fails the test instead of hanging it.
fn hold(addr: SocketAddr, head: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    write!(stream, "{head}Host: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n").unwrap();
    let mut answer = Vec::new();
    match stream.read_to_end(&mut answer) {
        Ok(_) => String::from_utf8_lossy(&answer).into_owned(),
        Err(e) => panic!("the connection was held open: {e}; got so far: {}", String::from_utf8_lossy(&answer)),
    }
}

#[test]
fn an_unread_chunked_body_closes_the_connection_after_the_answer() {
    let addr = server();
    let answer = hold(addr, "GET / HTTP/1.1\r\n");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("connection: close"), "{answer}");
    assert!(answer.ends_with("hello"), "{answer}");
}

#[test]
fn the_routers_own_answers_close_too() {
    let addr = server();
    let answer = hold(addr, "GET /missing HTTP/1.1\r\n");
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    let answer = hold(addr, "DELETE / HTTP/1.1\r\n");
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
}

#[test]
fn an_answer_without_a_body_closes_too() {
    let addr = server();
    let answer = hold(addr, "GET /nothing HTTP/1.1\r\n");
    assert!(answer.starts_with("HTTP/1.1 204"), "{answer}");
}

#[test]
fn a_trickled_body_gets_408_at_the_body_timeout_and_the_connection_closes() {
    let addr = server();
    let answer = hold(addr, "POST /echo HTTP/1.1\r\nContent-Type: text/plain\r\n");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[test]
fn a_chunked_body_read_to_its_end_keeps_the_connection() {
    let addr = server();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    for _ in 0..2 {
        write!(
            stream,
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n"
        )
        .unwrap();
        let res = body_common::read_response(&mut stream).expect("an answer on the kept connection");
        assert_eq!((res.status, res.body.as_str()), (200, "hi"), "{}", res.head);
        assert!(!res.head.to_ascii_lowercase().contains("connection: close"), "{}", res.head);
    }
}
