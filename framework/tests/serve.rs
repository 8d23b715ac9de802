//! docs/composition.md: `rook::serve` binds `$HOST:$PORT`, answers, and stops gracefully on SIGTERM.
//! (Its own test binary: it signals its own process.)

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use rook::prelude::*;

#[test]
fn serves_on_host_and_port_and_stops_on_sigterm() {
    // An OS-chosen free port, handed over through PORT as a user would.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // SAFETY: set before the server thread starts; nothing else reads the environment.
    unsafe {
        std::env::set_var("HOST", "127.0.0.1");
        std::env::set_var("PORT", port.to_string());
    }
    let server =
        std::thread::spawn(|| actix_web::rt::System::new().block_on(rook::serve(route! { get "ping" => "pong" })));
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut stream = loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(s) => break s,
            Err(e) if Instant::now() > deadline => panic!("server never listened: {e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    write!(stream, "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200") && reply.ends_with("pong"), "{reply}");

    let status = std::process::Command::new("kill").args(["-TERM", &std::process::id().to_string()]).status().unwrap();
    assert!(status.success());
    let result = server.join().expect("the server thread does not panic");
    assert!(result.is_ok(), "{result:?}");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "the port is released");
}
