//! A real actix-web server on 127.0.0.1:0 for integration tests, and a raw HTTP/1.1 client on
//! std `TcpStream` that sends request targets byte for byte (nothing normalised or re-encoded).
#![allow(dead_code)] // each test binary uses its own subset

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, HttpServer, web};

/// A running test server; stopped when dropped.
pub(crate) struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    handle: actix_web::dev::ServerHandle,
    thread: Option<thread::JoinHandle<()>>,
}

impl Server {
    /// Serves `App::new().configure(config)` with one worker on an OS-chosen loopback port.
    pub(crate) fn start<F>(config: F) -> Server
    where
        F: Fn(&mut web::ServiceConfig) + Clone + Send + 'static,
    {
        Server::start_app(move || App::new().configure(config.clone()))
    }

    /// Serves the `App` that `app` builds (with middleware on the whole App, say) with one
    /// worker on an OS-chosen loopback port.
    pub(crate) fn start_app<F, T, B>(app: F) -> Server
    where
        F: Fn() -> App<T> + Clone + Send + 'static,
        T: ServiceFactory<
                ServiceRequest,
                Config = (),
                Response = ServiceResponse<B>,
                Error = actix_web::Error,
                InitError = (),
            > + 'static,
        B: MessageBody + 'static,
    {
        let (tx, rx) = mpsc::channel();
        let thread = thread::spawn(move || {
            let system = actix_rt::System::new();
            let server =
                HttpServer::new(app).workers(1).disable_signals().bind(("127.0.0.1", 0)).expect("bind 127.0.0.1:0");
            let addr = server.addrs()[0];
            system.block_on(async move {
                let running = server.run();
                tx.send((addr, running.handle())).expect("report address");
                let _ = running.await;
            });
        });
        let (addr, handle) = rx.recv().expect("test server started");
        Server { addr, handle, thread: Some(thread) }
    }

    /// The server's base URL, `http://127.0.0.1:PORT`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sends `GET target` and returns the whole response.
    pub(crate) fn get(&self, target: &str) -> RawResponse {
        self.request("GET", target, &[])
    }

    /// Sends `method target` with extra `headers` and `Connection: close`.
    pub(crate) fn request(&self, method: &str, target: &str, headers: &[(&str, &str)]) -> RawResponse {
        let mut req = format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        for (name, value) in headers {
            req.push_str(&format!("{name}: {value}\r\n"));
        }
        req.push_str("\r\n");
        self.raw(req.as_bytes())
    }

    /// Sends `bytes` as they are and reads the response until the server closes.
    pub(crate) fn raw(&self, bytes: &[u8]) -> RawResponse {
        let mut stream = TcpStream::connect(self.addr).expect("connect to test server");
        // A server that never answers fails the test instead of hanging it.
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        stream.write_all(bytes).expect("send request");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read response");
        RawResponse::parse(raw)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // The stop command is sent when `stop` is called; the server thread then returns.
        drop(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A response as received on the wire.
#[derive(Debug)]
pub(crate) struct RawResponse {
    /// Every byte received, status line and headers included.
    pub raw: Vec<u8>,
    /// The status code.
    pub status: u16,
    /// Header names lower-cased, in order.
    pub headers: Vec<(String, String)>,
    /// Everything after the blank line.
    pub body: Vec<u8>,
}

impl RawResponse {
    fn parse(raw: Vec<u8>) -> RawResponse {
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n");
        let (head, body) = match split {
            Some(at) => (&raw[..at], raw[at + 4..].to_vec()),
            None => (&raw[..], Vec::new()),
        };
        let head = String::from_utf8_lossy(head);
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {head:?}"));
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        RawResponse { raw, status, headers, body }
    }

    /// The first value of header `name` (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy).
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Whether `needle` occurs anywhere in the bytes received.
    pub(crate) fn contains(&self, needle: &[u8]) -> bool {
        self.raw.windows(needle.len()).any(|w| w == needle)
    }
}
