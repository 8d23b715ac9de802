//! Shared by the `ws_*` tests: a real actix-web server on 127.0.0.1:0 and plain clients for it.
#![allow(dead_code)] // each test file uses a different part

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

use actix_web::{App, HttpServer, Responder, web};
use rook::WebSocket;
use tungstenite::protocol::WebSocket as Client;
use tungstenite::protocol::frame::coding::OpCode;
use tungstenite::protocol::frame::{Frame, FrameHeader};

/// A handler that sends every text message back.
pub(crate) async fn echo(socket: WebSocket) -> impl Responder {
    socket.serve(|mut conn| async move {
        while let Some(text) = conn.recv().await {
            if conn.send(text).await.is_err() {
                break;
            }
        }
    })
}

/// Runs an actix-web server with `workers` worker threads on `listener` in a background thread;
/// `configure` mounts the routes and app data. The server lives as long as the test process.
pub(crate) fn serve_on<F>(listener: TcpListener, workers: usize, configure: F) -> SocketAddr
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    let addr = listener.local_addr().unwrap();
    let (ready, started) = mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(move || App::new().configure(configure.clone()))
                .workers(workers)
                // Chat traffic is many small frames; Nagle would stall them behind delayed ACKs.
                .tcp_nodelay(true)
                .disable_signals()
                .listen(listener)
                .unwrap()
                .run();
            ready.send(()).unwrap();
            server.await
        })
    });
    started.recv().unwrap();
    addr
}

/// [`serve_on`] a fresh listener on an OS-chosen loopback port, with one worker.
pub(crate) fn serve<F>(configure: F) -> SocketAddr
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    serve_on(TcpListener::bind("127.0.0.1:0").unwrap(), 1, configure)
}

/// A TCP connection that gives up after 10 s instead of hanging a broken test forever.
pub(crate) fn tcp(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    // Small frames, one at a time: Nagle's algorithm would hold each back for a delayed ACK.
    stream.set_nodelay(true).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    stream
}

/// The upgrade request a well-behaved client sends, plus `extra` header lines.
pub(crate) fn upgrade_request(addr: SocketAddr, path: &str, extra: &[&str]) -> String {
    let mut req = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
    );
    for line in extra {
        req.push_str(line);
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    req
}

/// A response head (status, headers with lower-case names) and as much body as came with it.
pub(crate) struct Head {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Head {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Sends `request` on `stream` and reads the response head (and the body, when it has a
/// `Content-Length`), leaving a 101's WebSocket bytes unread.
pub(crate) fn exchange(stream: &mut TcpStream, request: &str) -> Head {
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    // Byte by byte, so nothing after the head is consumed.
    while !raw.ends_with(b"\r\n\r\n") {
        assert_eq!(stream.read(&mut byte).unwrap(), 1, "connection closed mid-head: {raw:?}");
        raw.push(byte[0]);
    }
    let text = String::from_utf8(raw).unwrap();
    let mut lines = text.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    let len = headers.iter().find(|(n, _)| n == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; len];
    stream.read_exact(&mut body).unwrap();
    Head { status, headers, body: String::from_utf8(body).unwrap() }
}

/// A WebSocket client connected to `path` (the handshake must succeed).
pub(crate) fn connect(addr: SocketAddr, path: &str) -> Client<TcpStream> {
    connect_stream(tcp(addr), addr, path)
}

/// A WebSocket client over an already connected `stream`.
pub(crate) fn connect_stream(stream: TcpStream, addr: SocketAddr, path: &str) -> Client<TcpStream> {
    let (client, response) = tungstenite::client(format!("ws://{addr}{path}"), stream).unwrap();
    assert_eq!(response.status(), 101);
    client
}

/// The next text message; a panic if the server closes first.
pub(crate) fn recv(client: &mut Client<TcpStream>) -> String {
    loop {
        match client.read().unwrap() {
            tungstenite::Message::Text(text) => return text.as_str().to_owned(),
            tungstenite::Message::Close(frame) => panic!("closed: {frame:?}"),
            _ => {}
        }
    }
}

/// Reads until the server's close frame; returns its code, and the text messages before it.
pub(crate) fn read_until_close(client: &mut Client<TcpStream>) -> (u16, Vec<String>) {
    let mut texts = Vec::new();
    loop {
        match client.read() {
            Ok(tungstenite::Message::Text(t)) => texts.push(t.as_str().to_owned()),
            Ok(tungstenite::Message::Close(frame)) => {
                return (frame.map_or(1005, |f| u16::from(f.code)), texts);
            }
            Ok(_) => {}
            Err(err) => panic!("connection ended without a close frame: {err} (after {} texts)", texts.len()),
        }
    }
}

/// A masked client frame with `payload` (RFC 6455 §5.2); `fin` and `opcode` as given.
pub(crate) fn client_frame(fin: bool, opcode: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    Frame::from_payload(client_header(fin, opcode), payload.to_vec().into()).format(&mut out).unwrap();
    out
}

/// Just the header of a masked client frame announcing `len` payload bytes.
pub(crate) fn client_frame_header(fin: bool, opcode: u8, len: u64) -> Vec<u8> {
    let mut out = Vec::new();
    client_header(fin, opcode).format(len, &mut out).unwrap();
    out
}

fn client_header(fin: bool, opcode: u8) -> FrameHeader {
    FrameHeader {
        is_final: fin,
        opcode: OpCode::from(opcode),
        mask: Some([0x12, 0x34, 0x56, 0x78]),
        ..FrameHeader::default()
    }
}

/// Reads one unmasked server frame: (opcode, payload).
pub(crate) fn read_server_frame(stream: &mut TcpStream) -> (u8, Vec<u8>) {
    let mut head = [0u8; 2];
    stream.read_exact(&mut head).unwrap();
    let len = match head[1] & 0x7F {
        126 => {
            let mut ext = [0u8; 2];
            stream.read_exact(&mut ext).unwrap();
            u64::from(u16::from_be_bytes(ext))
        }
        127 => {
            let mut ext = [0u8; 8];
            stream.read_exact(&mut ext).unwrap();
            u64::from_be_bytes(ext)
        }
        n => u64::from(n),
    };
    let mut payload = vec![0; len as usize];
    stream.read_exact(&mut payload).unwrap();
    (head[0] & 0x0F, payload)
}

/// The close code of a close frame's payload.
pub(crate) fn close_code(payload: &[u8]) -> u16 {
    u16::from_be_bytes([payload[0], payload[1]])
}
