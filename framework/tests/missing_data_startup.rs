//! Issue 24 point 4, at start-up: `rook::serve` and `Server::run` check the table's `Data<T>`
//! parameters against its app data before serving, and name each one that is missing once, at
//! warn; the route's first failing request then logs nothing more. (One test: it owns the
//! logger.)

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use rook::prelude::*;

#[path = "support/warnings.rs"]
mod warnings;

struct Db;
struct Cache;

fn routes() -> Routes {
    let admin = route! { get "stats", cache: Data<Cache> => { let _ = cache; "stats" } };
    route! {
        get "cart", db: Data<Db> => { let _ = db; "cart" },
        get "count", n: Data<u32> => format!("{}", **n),
        include "admin" => admin,
    }
    .app_data(Data::new(7u32))
}

fn get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn missing_data_is_named_at_start_up_once() {
    warnings::start();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let server = rook::Server::new(routes()).listen(listener).workers(1);
        actix_web::rt::System::new().block_on(server.run())
    });
    // The warnings come before the first request is served.
    let started = Instant::now();
    while warnings::lines().len() < 2 && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let at_start = warnings::lines();
    assert_eq!(at_start.len(), 2, "{at_start:#?}");
    assert!(at_start[0].contains("get /cart takes `db: Data<Db>`, but no `Data<Db>` was added"), "{at_start:#?}");
    assert!(at_start[1].contains("get /stats takes `cache: Data<Cache>`"), "{at_start:#?}");

    assert!(get(addr, "/cart").starts_with("HTTP/1.1 500"));
    assert!(get(addr, "/admin/stats").starts_with("HTTP/1.1 500"));
    assert!(get(addr, "/count").ends_with("\r\n\r\n7"));
    assert_eq!(warnings::lines(), at_start, "a route's failures add no warning after start-up's");
}
