//! The app on a real server on `127.0.0.1:0`, and a blocking client that sends a [`Request`]
//! exactly as generated: for the concurrent sessions, where requests of several users really
//! overlap.

use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use actix_web::dev::{ServerHandle, Service};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{App, HttpServer};
use ureq::config::AutoHeaderValue;

use crate::Routes;
use crate::router::hook;

use super::answer::Answer;
use super::judge::AppFactory;
use super::request::Request;

/// Response headers through which the server tells the client what the router's hook saw.
const ROUTE: &str = "x-rook-testing-route";
const PANICKED: &str = "x-rook-testing-panicked";

/// A running server; stopped when dropped.
pub(crate) struct Server {
    pub addr: SocketAddr,
    handle: ServerHandle,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `app()` (built once per worker) with `workers` workers.
    pub(crate) fn start(app: AppFactory, workers: usize) -> std::io::Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let routes: Routes = app();
        let (ready, started) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || {
                    App::new()
                        .wrap_fn(|req, srv| {
                            let res = srv.call(req);
                            async move {
                                let mut res = res.await?;
                                let (route, panicked) = hook::read(res.request());
                                if let Some(i) = route {
                                    res.headers_mut().insert(HeaderName::from_static(ROUTE), HeaderValue::from(i));
                                }
                                if panicked {
                                    res.headers_mut()
                                        .insert(HeaderName::from_static(PANICKED), HeaderValue::from_static("1"));
                                }
                                Ok(res)
                            }
                        })
                        .service(routes.clone())
                })
                .workers(workers)
                .disable_signals()
                .shutdown_timeout(1)
                .listen(listener);
                match server {
                    Ok(server) => {
                        let server = server.run();
                        let _ = ready.send(Ok(server.handle()));
                        let _ = server.await;
                    }
                    Err(e) => drop(ready.send(Err(e))),
                }
            })
        });
        let handle = started.recv().map_err(std::io::Error::other)??;
        Ok(Server { addr, handle, thread: Some(thread) })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let stop = self.handle.stop(false);
        actix_web::rt::System::new().block_on(stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A blocking HTTP/1.1 client that adds nothing to a request but `Host`.
pub(crate) struct Client {
    agent: ureq::Agent,
    addr: SocketAddr,
}

impl Client {
    pub(crate) fn new(addr: SocketAddr) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .user_agent(AutoHeaderValue::None)
            .accept(AutoHeaderValue::None)
            .timeout_global(Some(Duration::from_secs(30)))
            .build();
        Client { agent: config.into(), addr }
    }

    /// `req` with the `Host` header the client sends, so that the oracle sees what the app sees.
    pub(crate) fn prepare(&self, mut req: Request) -> Request {
        if req.header_values("host").is_empty() {
            req.headers.insert(0, ("Host".into(), self.addr.to_string()));
        }
        req
    }

    /// Sends `req` (already [`prepare`](Self::prepare)d) and reads the whole answer.
    pub(crate) fn send(&self, req: &Request) -> Result<Answer, String> {
        let mut builder = ureq::http::Request::builder().method(req.method.as_str()).uri(format!(
            "http://{}{}",
            self.addr,
            req.target()
        ));
        for (name, value) in &req.headers {
            builder = builder.header(name.as_str(), value.as_bytes());
        }
        let request = builder.body(()).map_err(|e| format!("cannot build {req}: {e}"))?;
        let mut res = self.agent.run(request).map_err(|e| format!("{} {}: {e}", req.method, req.target()))?;
        let mut route = None;
        let mut panicked = false;
        let mut headers = Vec::new();
        for (name, value) in res.headers() {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            match name.as_str() {
                ROUTE => route = value.parse().ok(),
                PANICKED => panicked = true,
                name => headers.push((name.to_owned(), value)),
            }
        }
        let status = res.status().as_u16();
        let body = res.body_mut().read_to_vec().map_err(|e| format!("reading the answer to {}: {e}", req.target()))?;
        Ok(Answer { status, headers, body, route, panicked })
    }
}
