//! Shared by the body_* and respond_* tests: a real server on a loopback port, a raw HTTP/1.1
//! client, streamed payloads that count what was read, and the process's resident memory.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::web::Bytes;
use actix_web::{App, HttpServer};

/// Starts an actix-web server for `app` on 127.0.0.1 (OS-chosen port) in its own thread and
/// returns its address. The server lives as long as the test process.
pub(crate) fn serve<F, T, B>(app: F) -> SocketAddr
where
    F: Fn() -> App<T> + Send + Clone + 'static,
    T: ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<B>,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
    B: MessageBody + 'static,
{
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(app).workers(1).bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
            tx.send(server.addrs()[0]).unwrap();
            server.run().await.unwrap();
        })
    });
    rx.recv().expect("server started")
}

/// A response as read off the wire.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// Connects to `addr` with a generous read timeout (a safety net against a hung test, not a
/// timing assertion).
pub(crate) fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    stream
}

/// Reads one response (head, then a `Content-Length` body) from `stream`; `None` when the
/// server closed the connection without answering.
pub(crate) fn read_response(stream: &mut TcpStream) -> Option<RawResponse> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(0) | Err(_) => return None,
            Ok(_) => buf.push(byte[0]),
        }
    }
    let head = String::from_utf8(buf).unwrap();
    let status = head[9..12].parse().unwrap();
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().unwrap())
        })
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).ok()?;
    Some(RawResponse { status, head, body: String::from_utf8(body).unwrap() })
}

/// Sends `request` on a new connection and reads the answer.
pub(crate) fn exchange(addr: SocketAddr, request: &[u8]) -> Option<RawResponse> {
    let mut stream = connect(addr);
    stream.write_all(request).unwrap();
    read_response(&mut stream)
}

/// `body` in HTTP/1.1 chunked framing, in chunks of `size` bytes, with the last chunk.
pub(crate) fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out: Vec<u8> = body.chunks(size).flat_map(chunk).collect();
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// One chunk of HTTP/1.1 chunked framing.
pub(crate) fn chunk(data: &[u8]) -> Vec<u8> {
    let mut out = format!("{:x}\r\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
    out
}

/// A streamed payload made of `chunks`, produced lazily, and the count of bytes the server
/// pulled from it.
pub(crate) fn streamed(chunks: impl Iterator<Item = Bytes> + 'static) -> (Payload, Arc<AtomicUsize>) {
    let pulled = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&pulled);
    let stream = futures_util::stream::iter(chunks.map(move |chunk| {
        count.fetch_add(chunk.len(), Ordering::Relaxed);
        Ok::<_, PayloadError>(chunk)
    }));
    (Payload::Stream { payload: Box::pin(stream) }, pulled)
}

/// The process's resident set size, in bytes (Linux).
pub(crate) fn rss() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    let kib: usize = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

pub(crate) const MIB: usize = 1024 * 1024;

/// A response rendered in process: status, headers, body.
#[derive(Debug)]
pub(crate) struct Rendered {
    pub status: u16,
    pub headers: actix_web::http::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Rendered {
    /// Every value of header `name`, in order.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.headers.get_all(name).map(|v| v.to_str().unwrap()).collect()
    }

    /// The one value of header `name`, if any.
    pub(crate) fn one(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    pub(crate) fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }
}

/// Renders `responder` for a GET request whose app data holds `config` (if any).
pub(crate) async fn render(responder: impl actix_web::Responder, config: Option<rook::BodyConfig>) -> Rendered {
    let mut req = actix_web::test::TestRequest::get();
    if let Some(config) = config {
        req = req.app_data(config);
    }
    let res = responder.respond_to(&req.to_http_request());
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = actix_web::body::to_bytes(res.into_body()).await.ok().unwrap().to_vec();
    Rendered { status, headers, body }
}
