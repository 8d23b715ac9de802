//! docs/serving.md, issue 20: no client holds an HTTP/1.1 connection past a deadline, against
//! `rook::Server` in this process, with raw sockets.
//!
//! - every request head (not only the first) must be complete within the request-head timeout
//!   after the previous answer: `408` and close, plain and TLS, pipelined or not;
//! - a client that never reads is disconnected after the send timeout;
//! - a request target over the limit gets 414 with a line of text;
//! - an h2c sniff that got part of the preface ends when the client closes or at the head
//!   deadline, and costs no CPU while it waits.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rook::prelude::*;

const HEAD: Duration = Duration::from_secs(1);
const SEND: Duration = Duration::from_secs(1);
/// Big enough to fill the socket buffers of a client that does not read.
const BIG: usize = 32 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;

fn routes() -> Routes {
    route! {
        get / => "hello",
        // Streamed in 64 KiB chunks, as a static file is: the dispatcher never holds the whole
        // answer, so its keep-alive timer never starts while the client does not read.
        get "big" => actix_web::HttpResponse::Ok().streaming(futures_util::stream::iter(
            (0..BIG / CHUNK).map(|_| Ok::<_, actix_web::Error>(actix_web::web::Bytes::from(vec![b'x'; CHUNK]))),
        )),
    }
}

/// The server under test, with short deadlines.
fn configured(server: rook::Server) -> rook::Server {
    server.request_head_timeout(HEAD).send_timeout(SEND)
}

fn start(h2c: bool, tls: Option<(String, String)>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut server = configured(rook::Server::new(routes())).listen(listener).workers(1).h2c(h2c);
        if let Some((cert, key)) = tls {
            server = server.tls(cert, key);
        }
        actix_web::rt::System::new().block_on(server.run())
    });
    addr
}

/// Reads until the server closes, failing if it has not within `limit`. Returns the bytes and
/// how long it took.
fn until_closed(stream: &mut impl Read, limit: Duration) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                panic!(
                    "the server held the connection for {limit:?}; received {:?}",
                    String::from_utf8_lossy(&received)
                )
            }
            Err(e) if e.kind() == ErrorKind::ConnectionReset => break,
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => break, // TLS without close_notify
            Err(e) => panic!("{e}"),
        }
    }
    (received, started.elapsed())
}

/// Reads one answer with a `content-length` from a keep-alive connection.
fn read_answer(stream: &mut impl Read) -> String {
    let mut received = Vec::new();
    let mut byte = [0u8; 1];
    while !received.ends_with(b"\r\n\r\n") {
        assert_eq!(stream.read(&mut byte).unwrap(), 1, "the connection closed early");
        received.push(byte[0]);
    }
    let head = String::from_utf8(received).unwrap();
    let length: usize = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap()))
        .unwrap();
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).unwrap();
    head + &String::from_utf8_lossy(&body)
}

fn connect(addr: SocketAddr) -> TcpStream {
    // The listener may not be up yet.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match TcpStream::connect(addr) {
            Ok(stream) => {
                stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
                return stream;
            }
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("{e}"),
        }
    }
}

/// The slowloris of issue 20: one request answered, then one byte of the next head, then
/// nothing. The connection gets 408 and is closed.
fn a_later_head_that_stalls_gets_408(stream: &mut (impl Read + Write)) {
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let answer = read_answer(stream);
    assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("hello"), "{answer}");
    stream.write_all(b"G").unwrap();
    let (rest, took) = until_closed(stream, Duration::from_secs(15));
    let rest = String::from_utf8_lossy(&rest);
    assert!(rest.starts_with("HTTP/1.1 408"), "{rest:?}");
    assert!(took < HEAD + Duration::from_secs(3), "closed after {took:?}");
}

#[test]
fn every_request_head_has_the_head_deadline() {
    let addr = start(false, None);
    let mut stream = connect(addr);
    a_later_head_that_stalls_gets_408(&mut stream);
}

#[test]
fn a_pipelined_unfinished_head_has_the_head_deadline() {
    let addr = start(false, None);
    let mut stream = connect(addr);
    // The answer and the start of the next head in one write: no byte arrives after the answer.
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HT").unwrap();
    let (received, took) = until_closed(&mut stream, Duration::from_secs(15));
    let received = String::from_utf8_lossy(&received);
    assert!(received.starts_with("HTTP/1.1 200"), "{received:?}");
    assert!(took < HEAD + Duration::from_secs(3), "closed after {took:?}");
}

#[test]
fn keep_alive_requests_in_time_are_all_answered() {
    let addr = start(false, None);
    let mut stream = connect(addr);
    // Three requests, each head sent in two parts well within the deadline, the pause between
    // them shorter than it: all answered on the one connection.
    for _ in 0..3 {
        stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        std::thread::sleep(HEAD / 3);
        stream.write_all(b"Host: x\r\n\r\n").unwrap();
        let answer = read_answer(&mut stream);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        std::thread::sleep(HEAD / 3);
    }
}

#[test]
fn every_request_head_has_the_head_deadline_over_tls() {
    let generated = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let addr = start(false, Some((generated.cert.pem(), generated.signing_key.serialize_pem())));
    let mut roots = rustls::RootCertStore::empty();
    roots.add(generated.cert.der().clone()).unwrap();
    let mut config = rustls::ClientConfig::builder().with_root_certificates(roots).with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let conn = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let mut stream = rustls::StreamOwned::new(conn, connect(addr));
    a_later_head_that_stalls_gets_408(&mut stream);
}

/// The connections the server at `addr` holds open: its sockets ESTABLISHED or in CLOSE-WAIT
/// (the client has closed, the server not yet). Other tests run in this process too, so its
/// descriptors are no measure.
fn server_sockets(addr: SocketAddr) -> usize {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
    table
        .lines()
        .skip(1)
        .filter(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let port = fields[1].rsplit(':').next().unwrap();
            u16::from_str_radix(port, 16).unwrap() == addr.port() && matches!(fields[3], "01" | "08")
        })
        .count()
}

#[test]
fn a_client_that_never_reads_is_disconnected_after_the_send_timeout() {
    let addr = start(false, None);
    let mut warm = connect(addr);
    warm.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    until_closed(&mut warm, Duration::from_secs(15));
    let mut stream = connect(addr);
    stream.write_all(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    // Reads nothing for well over the send timeout (and actix-web's 5 s keep-alive and 1 s
    // disconnect timers): the server gives up on the answer.
    std::thread::sleep(SEND + Duration::from_secs(7));
    let (received, _) = until_closed(&mut stream, Duration::from_secs(15));
    assert!(received.len() < BIG, "the whole answer waited for the client: {} bytes", received.len());
}

/// CPU time (user + system) this process has used.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
    // utime and stime: fields 14 and 15 of stat(5), here 11 and 12 after the command name.
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10)
}

#[test]
fn a_partial_h2c_preface_ends_when_the_client_closes_or_at_the_deadline() {
    let addr = start(true, None);
    let mut warm = connect(addr);
    warm.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    until_closed(&mut warm, Duration::from_secs(15));

    // Part of the preface, then the client closes: the server closes its side at once (no
    // CLOSE-WAIT until the process exits).
    for part in [&b"PRI * HTTP/2.0\r\n"[..], b"P"] {
        let mut stream = connect(addr);
        stream.write_all(part).unwrap();
        stream.shutdown(std::net::Shutdown::Write).unwrap();
        let (_, took) = until_closed(&mut stream, Duration::from_secs(15));
        assert!(took < HEAD / 2, "closed after {took:?}");
    }

    // 200 clients that sent part of the preface and wait: no CPU spent on them meanwhile, and
    // each is closed at the head deadline.
    let mut held: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut stream = connect(addr);
            stream.write_all(b"PRI * HTTP/2.0\r\n").unwrap();
            stream
        })
        .collect();
    std::thread::sleep(HEAD / 10);
    let (cpu, wall) = (cpu_time(), Instant::now());
    std::thread::sleep(HEAD / 2);
    let spent = cpu_time() - cpu;
    assert!(spent < Duration::from_millis(100), "{spent:?} of CPU in {:?} for 200 waiting sniffs", wall.elapsed());
    for stream in &mut held {
        until_closed(stream, Duration::from_secs(15));
    }
    drop(held);
    let settle = Instant::now() + Duration::from_secs(10);
    while server_sockets(addr) > 0 && Instant::now() < settle {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(server_sockets(addr), 0, "connections the server still holds");
}

#[test]
fn a_request_target_over_the_limit_gets_414_with_a_line_of_text() {
    let addr = start(false, None);
    for (length, status) in [(8_000, "404"), (70_000, "414"), (300_000, "414")] {
        let mut stream = connect(addr);
        let request = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(length));
        // The server may close before it has read everything: what it answered still counts.
        let _ = stream.write_all(request.as_bytes());
        let mut received = Vec::new();
        let mut buf = [0u8; 4096];
        while !received.windows(4).any(|w| w == b"\r\n\r\n") || !received.ends_with(b"\n") {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
        let received = String::from_utf8_lossy(&received);
        assert!(received.starts_with(&format!("HTTP/1.1 {status}")), "{length}: {received}");
        let body = received.split_once("\r\n\r\n").map_or("", |(_, body)| body);
        assert_eq!(body.lines().count(), 1, "{length}: {received:?}");
    }
}
