//! Rook's HTTP/2 driver: a connection that stays without streams is sent GOAWAY and closed, even
//! when its client never answers (no PING reply, no close), so idle HTTP/2 connections cannot
//! hold the server's descriptors.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use rook::prelude::*;

/// Frame type of GOAWAY (RFC 9113 §6.8).
const GOAWAY: u8 = 0x7;

#[test]
fn an_idle_h2c_connection_gets_goaway_and_is_closed() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        actix_web::rt::System::new()
            .block_on(rook::Server::new(route! { get / => "hello" }).listen(listener).workers(1).h2c(true).run())
    });
    let mut stream = TcpStream::connect(addr).unwrap();
    // A safety net: a connection held open fails the test instead of hanging it.
    stream.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
    // The preface and an empty SETTINGS frame; then nothing at all.
    stream.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").unwrap();
    stream.write_all(&[0, 0, 0, 0x4, 0, 0, 0, 0, 0]).unwrap();
    let mut received = Vec::new();
    stream.read_to_end(&mut received).expect("the server closes the connection");
    let mut types = Vec::new();
    let mut at = 0;
    while at + 9 <= received.len() {
        let len =
            (usize::from(received[at]) << 16) | (usize::from(received[at + 1]) << 8) | usize::from(received[at + 2]);
        types.push(received[at + 3]);
        at += 9 + len;
    }
    assert!(types.contains(&GOAWAY), "frame types received: {types:?}");
}
