//! Attacks on the body parsers over raw TCP: each must get its status while the server's memory
//! stays bounded (the test process's VmRSS, measured around the attack; the server runs in it).

mod body_common;

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;

use actix_web::{App, web};
use body_common::{MIB, RawResponse, chunk, chunked, connect, exchange, read_response, rss, serve};
use rook::{Body, BodyConfig, Upload};
use serde::Deserialize;

/// Memory is measured per process: attacks run one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Most the resident set may grow during one attack. Each attack sends 1 MiB to 64 MiB; a
/// server that buffered it would grow by at least that much.
const GROWTH: usize = 8 * MIB;

const BOUNDARY: &str = "AaB03x";

#[derive(Deserialize)]
#[allow(dead_code)] // only whether it parses matters
struct Form {
    name: Option<String>,
    file: Option<Upload>,
}

fn server() -> SocketAddr {
    let addr = serve(|| {
        App::new()
            .app_data(BodyConfig::default().timeout(Duration::from_secs(2)))
            .route("/json", web::post().to(|v: Body<serde_json::Value>| async move { v.into_inner().to_string() }))
            .route("/form", web::post().to(|_: Body<Form>| async { "ok" }))
    });
    // Warm up: worker threads, their allocator arenas and buffers exist before measuring.
    for _ in 0..3 {
        let res = exchange(addr, &head("/json", "application/json", "Content-Length: 2\r\n", b"{}")).unwrap();
        assert_eq!(res.status, 200);
    }
    addr
}

fn head(path: &str, content_type: &str, framing: &str, body: &[u8]) -> Vec<u8> {
    let mut request =
        format!("POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: {content_type}\r\n{framing}\r\n").into_bytes();
    request.extend_from_slice(body);
    request
}

const MULTIPART: &str = "multipart/form-data; boundary=AaB03x";
const CHUNKED: &str = "Transfer-Encoding: chunked\r\n";

/// On a fresh server, sends a request (head and `first` body bytes), then `rest` lazily from a
/// writer thread until the server stops reading, and reads the answer; checks the resident set
/// did not grow past [`GROWTH`] meanwhile.
fn attack(
    (path, content_type, framing): (&str, &str, &str),
    first: &[u8],
    rest: impl Iterator<Item = Vec<u8>> + Send + 'static,
) -> RawResponse {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let addr = server();
    let before = rss();
    let mut stream = connect(addr);
    let mut writer = stream.try_clone().unwrap();
    let request = head(path, content_type, framing, first);
    let sender = std::thread::spawn(move || {
        if writer.write_all(&request).is_err() {
            return;
        }
        for piece in rest {
            if writer.write_all(&piece).is_err() {
                return; // the server answered and stopped reading
            }
        }
    });
    let res = read_response(&mut stream).expect("an answer before the connection ends");
    stream.shutdown(std::net::Shutdown::Both).ok();
    sender.join().unwrap();
    let growth = rss().saturating_sub(before);
    assert!(growth < GROWTH, "resident set grew by {} KiB", growth / 1024);
    res
}

/// A JSON document one byte over the default 1 MiB limit.
fn json_over_the_limit() -> String {
    format!(r#"{{"a":"{}"}}"#, "x".repeat(MIB + 1 - 8))
}

#[test]
fn json_one_byte_over_the_limit() {
    let doc = json_over_the_limit();
    let framing = format!("Content-Length: {}\r\n", doc.len());
    let res = attack(("/json", "application/json", &framing), doc.as_bytes(), std::iter::empty());
    assert_eq!(res.status, 413, "{res:?}");
    assert_eq!(res.body, "JSON body is larger than the JSON limit of 1048576 bytes (BodyConfig::json_limit)");
}

#[test]
fn chunked_json_one_byte_over_the_limit() {
    let body = chunked(json_over_the_limit().as_bytes(), 16 * 1024);
    let res = attack(("/json", "application/json", CHUNKED), &body, std::iter::empty());
    assert_eq!(res.status, 413, "{res:?}");
}

#[test]
fn deeply_nested_json() {
    let doc = "[".repeat(100_000);
    let framing = format!("Content-Length: {}\r\n", doc.len());
    let res = attack(("/json", "application/json", &framing), doc.as_bytes(), std::iter::empty());
    assert_eq!(res.status, 400, "{res:?}");
    assert!(res.body.contains("recursion limit exceeded"), "{res:?}");
}

#[test]
fn a_hundred_thousand_tiny_parts() {
    let parts = (0..100_000).map(|i| {
        chunk(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n{i}\r\n").as_bytes())
    });
    let res = attack(("/form", MULTIPART, CHUNKED), b"", parts);
    assert_eq!(res.status, 413, "{res:?}");
    assert!(res.body.contains("BodyConfig::max_parts"), "{res:?}");
}

#[test]
fn a_64_mib_preamble_without_a_boundary() {
    let framing = format!("Content-Length: {}\r\n", 64 * MIB);
    let junk = std::iter::repeat_n(vec![b'x'; 64 * 1024], 1024);
    let res = attack(("/form", MULTIPART, &framing), b"", junk);
    assert_eq!(res.status, 413, "{res:?}");
    assert!(res.body.contains("BodyConfig::multipart_limit"), "{res:?}");
}

#[test]
fn a_64_mib_preamble_without_a_boundary_chunked() {
    let junk = std::iter::repeat_n(chunk(&[b'x'; 64 * 1024]), 1024);
    let res = attack(("/form", MULTIPART, CHUNKED), b"", junk);
    assert_eq!(res.status, 413, "{res:?}");
    assert!(res.body.contains("BodyConfig::part_header_limit"), "{res:?}");
}

#[test]
fn a_part_header_that_never_ends() {
    let start = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"name\"\r\nX-Long: ");
    let endless = std::iter::repeat_n(chunk(&[b'h'; 64 * 1024]), 256);
    let res = attack(("/form", MULTIPART, CHUNKED), &chunk(start.as_bytes()), endless);
    assert_eq!(res.status, 413, "{res:?}");
    assert!(res.body.contains("BodyConfig::part_header_limit"), "{res:?}");
}

#[test]
fn a_body_that_stalls_midway() {
    let start = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nhal");
    // Nothing more is sent: the 2 s body timeout must end it.
    let res = attack(("/form", MULTIPART, "Content-Length: 100000\r\n"), start.as_bytes(), std::iter::empty());
    assert_eq!(res.status, 408, "{res:?}");
    assert!(res.head.contains("connection: close"), "{res:?}");
}
