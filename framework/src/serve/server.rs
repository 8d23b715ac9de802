//! [`Server`]: the builder of docs/serving.md — addresses, workers, TLS, h2c, drain, compression.

use std::io;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use actix_http::body::MessageBody;
use actix_http::error::DispatchError;
use actix_http::{HttpMessage, HttpService, Request, Response};
use actix_rt::net::TcpStream;
use actix_service::{IntoServiceFactory, Service, ServiceFactory, fn_factory, fn_service};
use actix_web::ResponseError;
use actix_web::dev::{AppConfig, ServiceResponse};
use actix_web::middleware::{Compress, Condition, Logger};
use rustls::ServerConfig;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::TlsAcceptor;

use super::conn::{self, Shared};
use super::h1::{Answering, Deadlines, Paced};
use super::h2::Http2;
use super::shutdown::{self, Drain};
use super::tls::{self, Pems};
use crate::body::{BodyConfig, refuse_on_headers};
use crate::router::Routes;

/// Default of [`Server::request_head_timeout`].
const REQUEST_HEAD: Duration = Duration::from_secs(5);

/// Default of [`Server::send_timeout`].
const SEND: Duration = Duration::from_secs(30);

/// Default of [`Server::http2_max_streams`].
const HTTP2_STREAMS: u32 = 100;

/// How long a connection closed by the server lingers for the client to go.
const CLIENT_DISCONNECT: Duration = Duration::from_secs(1);

/// Serves a [`Routes`] table: plain HTTP/1.1 by default, HTTPS with HTTP/2 by ALPN after
/// [`tls`](Self::tls), HTTP/2 with prior knowledge on plain TCP after [`h2c`](Self::h2c).
/// SIGINT and SIGTERM drain it: it stops accepting, finishes the requests in flight (HTTP/2
/// connections get GOAWAY, WebSockets are closed with 1001) and returns `Ok(())` — within the
/// [shutdown timeout](Self::shutdown_timeout), after which what is left is dropped.
///
/// | setting | default |
/// |---|---|
/// | [`bind`](Self::bind) | `127.0.0.1:8080` |
/// | [`workers`](Self::workers) | one per core |
/// | [`tls`](Self::tls) | none (plain HTTP) |
/// | [`h2c`](Self::h2c) | off |
/// | [`shutdown_timeout`](Self::shutdown_timeout) | 30 s |
/// | [`compress`](Self::compress) | off |
/// | [`request_head_timeout`](Self::request_head_timeout) | 5 s |
/// | [`send_timeout`](Self::send_timeout) | 30 s |
/// | [`http2_max_streams`](Self::http2_max_streams) | 100 |
///
/// Every request is logged through `log` at `info` (actix-web's `Logger` format, target
/// `actix_web::middleware::logger`); `run` installs `env_logger` (filtered by `RUST_LOG`,
/// default `info`) when the application has set no logger, as [`serve`](crate::serve) does. Errors in the
/// settings (an address that does not resolve or cannot be bound, a certificate or key that does
/// not parse) are returned by [`run`](Self::run) before anything is served.
///
/// ```no_run
/// use rook::prelude::*;
///
/// #[rook::main]
/// async fn main() -> std::io::Result<()> {
///     let cert = std::fs::read("cert.pem")?;
///     let key = std::fs::read("key.pem")?;
///     rook::Server::new(route! { get / => "Hello over TLS\n" })
///         .bind("0.0.0.0:8443")
///         .tls(cert, key)
///         .compress(true)
///         .run()
///         .await
/// }
/// ```
pub struct Server {
    routes: Routes,
    addrs: Result<Vec<SocketAddr>, String>,
    listeners: Vec<TcpListener>,
    workers: Option<usize>,
    tls: Option<Pems>,
    h2c: bool,
    shutdown_timeout: u64,
    compress: bool,
    deadlines: Deadlines,
    http2: Http2,
}

impl Server {
    /// A server for `routes` with the defaults above.
    pub fn new(routes: Routes) -> Server {
        Server {
            routes,
            addrs: Ok(Vec::new()),
            listeners: Vec::new(),
            workers: None,
            tls: None,
            h2c: false,
            shutdown_timeout: 30,
            compress: false,
            deadlines: Deadlines { head: REQUEST_HEAD, send: SEND },
            http2: Http2 { max_streams: HTTP2_STREAMS, send_timeout: SEND },
        }
    }

    /// Listens on `addr` (`"0.0.0.0:8080"`, `("::", 8080)`, a `SocketAddr`…; every address it
    /// resolves to). May be called several times. Without any `bind` or
    /// [`listen`](Self::listen), the server listens on `127.0.0.1:8080`.
    pub fn bind(mut self, addr: impl ToSocketAddrs + std::fmt::Debug) -> Server {
        let resolved = addr.to_socket_addrs().map_err(|e| format!("cannot resolve the address {addr:?}: {e}"));
        self.addrs = match (self.addrs, resolved) {
            (Ok(mut all), Ok(more)) => {
                all.extend(more);
                Ok(all)
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        self
    }

    /// Serves on a listener bound already (an OS-chosen port, a socket handed over by a
    /// supervisor). May be combined with [`bind`](Self::bind).
    pub fn listen(mut self, listener: TcpListener) -> Server {
        self.listeners.push(listener);
        self
    }

    /// Number of worker threads, each with its own event loop (default: one per core).
    pub fn workers(mut self, n: usize) -> Server {
        self.workers = Some(n);
        self
    }

    /// Serves HTTPS with this certificate chain and private key, both PEM (the chain starts
    /// with the server's certificate; the key is PKCS#8, PKCS#1 or SEC1). ALPN offers `h2` and
    /// `http/1.1`, so HTTP/2 clients get HTTP/2.
    pub fn tls(mut self, cert_pem: impl Into<Vec<u8>>, key_pem: impl Into<Vec<u8>>) -> Server {
        self.tls = Some(Pems {
            cert: cert_pem.into(),
            key: key_pem.into(),
            cert_name: "the TLS certificate".into(),
            key_name: "the TLS private key".into(),
        });
        self
    }

    /// Names the certificate and key in error messages (the environment variables they came
    /// from).
    pub(crate) fn tls_named(mut self, pems: Pems) -> Server {
        self.tls = Some(pems);
        self
    }

    /// Also serves HTTP/2 with prior knowledge (h2c) on plain TCP, beside HTTP/1.1: a connection
    /// that starts with the HTTP/2 preface is HTTP/2 (default: off). Without TLS only.
    pub fn h2c(mut self, on: bool) -> Server {
        self.h2c = on;
        self
    }

    /// How long, after SIGINT or SIGTERM, requests in flight have to finish, in seconds
    /// (default 30).
    pub fn shutdown_timeout(mut self, secs: u64) -> Server {
        self.shutdown_timeout = secs;
        self
    }

    /// Compresses answers with gzip or brotli, as the request's `Accept-Encoding` asks
    /// (default: off).
    pub fn compress(mut self, on: bool) -> Server {
        self.compress = on;
        self
    }

    /// How long a client has to send a request's head (default 5 s): the whole head of every
    /// request, counted from the connection's start (or, over TLS, the handshake's end) for the
    /// first and from the end of the previous answer for the next ones on a keep-alive
    /// connection. A late head gets `408 Request Timeout` and the connection is closed; an idle
    /// keep-alive connection is closed after this or actix-web's 5 s keep-alive, whichever
    /// comes first. Also how long an h2c client has to send the HTTP/2 preface.
    pub fn request_head_timeout(mut self, timeout: Duration) -> Server {
        self.deadlines.head = timeout;
        self
    }

    /// How long the server waits for a client that does not read (default 30 s, as nginx's
    /// `send_timeout` of 60 s, halved): an HTTP/1.1 write that makes no progress for this long
    /// closes the connection; an HTTP/2 stream whose client grants no flow-control window for
    /// this long is reset (what the stream holds, an open file, a body, is freed).
    pub fn send_timeout(mut self, timeout: Duration) -> Server {
        self.deadlines.send = timeout;
        self.http2.send_timeout = timeout;
        self
    }

    /// Most streams an HTTP/2 client may have open at once on one connection (default 100,
    /// the minimum RFC 9113 recommends; `SETTINGS_MAX_CONCURRENT_STREAMS`). Bounds what one
    /// connection can hold: streams × what each answer holds while it waits to be sent.
    pub fn http2_max_streams(mut self, max: u32) -> Server {
        self.http2.max_streams = max;
        self
    }

    /// Binds, prints where it serves, and serves until SIGINT or SIGTERM has drained it.
    pub async fn run(self) -> io::Result<()> {
        super::log::install();
        let invalid = |msg: String| io::Error::new(io::ErrorKind::InvalidInput, msg);
        if self.workers == Some(0) {
            return Err(invalid("the number of workers must be at least 1".into()));
        }
        self.routes.check_session_key().map_err(|e| invalid(e.to_string()))?;
        crate::router::missing_data::warn_missing_data(&self.routes);
        if self.http2.max_streams == 0 {
            return Err(invalid("the HTTP/2 stream limit must be at least 1".into()));
        }
        if self.deadlines.head.is_zero() || self.deadlines.send.is_zero() {
            return Err(invalid("the request head and send timeouts must be longer than 0".into()));
        }
        let tls = self.tls.as_ref().map(tls::config).transpose()?;
        let mut listeners = self.listeners;
        let mut addrs = self.addrs.map_err(invalid)?;
        if addrs.is_empty() && listeners.is_empty() {
            addrs.push(SocketAddr::from(([127, 0, 0, 1], 8080)));
        }
        for addr in addrs {
            let listener = TcpListener::bind(addr)
                .map_err(|e| io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
            listeners.push(listener);
        }
        let workers = self.workers.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let (trigger, drain) = shutdown::channel();
        let mut builder = actix_server::Server::build()
            .workers(workers)
            .shutdown_timeout(self.shutdown_timeout)
            .shutdown_signal(shutdown::signalled(trigger));
        let body = self.routes.data_of::<BodyConfig>().unwrap_or_default();
        for listener in listeners {
            let addr = listener.local_addr()?;
            let settings = Arc::new(Settings {
                routes: self.routes.clone(),
                body: body.clone(),
                compress: self.compress,
                h2c: self.h2c && tls.is_none(),
                addr,
                drain: drain.clone(),
                deadlines: self.deadlines,
                http2: self.http2,
            });
            let name = format!("rook-{addr}");
            builder = match &tls {
                Some(config) => {
                    println!("Rook is serving on https://{addr}/ (HTTP/2 and HTTP/1.1)");
                    let config = Arc::clone(config);
                    builder.listen(name, listener, move || {
                        let (settings, config) = (Arc::clone(&settings), Arc::clone(&config));
                        fn_factory(move || tls_worker(Arc::clone(&settings), Arc::clone(&config)))
                    })?
                }
                None => {
                    let h2c = if settings.h2c { ", HTTP/2 with prior knowledge" } else { "" };
                    println!("Rook is serving on http://{addr}/ (HTTP/1.1{h2c})");
                    builder.listen(name, listener, move || {
                        let settings = Arc::clone(&settings);
                        fn_factory(move || plain_worker(Arc::clone(&settings)))
                    })?
                }
            };
        }
        builder.run().await
    }
}

/// What one listener's workers are built from.
struct Settings {
    routes: Routes,
    body: BodyConfig,
    compress: bool,
    h2c: bool,
    addr: SocketAddr,
    drain: Drain,
    deadlines: Deadlines,
    http2: Http2,
}

/// One worker's service for a plain listener.
async fn plain_worker(
    settings: Arc<Settings>,
) -> Result<impl Service<TcpStream, Response = (), Error = (), Future = impl Future<Output = Result<(), ()>>>, ()> {
    let app = Rc::new(app(Arc::clone(&settings), false).await?);
    let h1 = h1::<TcpStream, _, _>(Rc::clone(&app), Arc::clone(&settings), false).await?;
    let shared = Rc::new(Shared {
        app,
        h1,
        h2c: settings.h2c,
        drain: settings.drain.clone(),
        deadlines: settings.deadlines,
        http2: settings.http2,
    });
    Ok(fn_service(move |stream: TcpStream| {
        let shared = Rc::clone(&shared);
        async move {
            conn::plain(stream, shared).await;
            Ok(())
        }
    }))
}

/// One worker's service for a TLS listener.
async fn tls_worker(
    settings: Arc<Settings>,
    config: Arc<ServerConfig>,
) -> Result<impl Service<TcpStream, Response = (), Error = (), Future = impl Future<Output = Result<(), ()>>>, ()> {
    let app = Rc::new(app(Arc::clone(&settings), true).await?);
    let h1 = h1(Rc::clone(&app), Arc::clone(&settings), true).await?;
    let shared = Rc::new(Shared {
        app,
        h1,
        h2c: false,
        drain: settings.drain.clone(),
        deadlines: settings.deadlines,
        http2: settings.http2,
    });
    let acceptor = TlsAcceptor::from(config);
    Ok(fn_service(move |stream: TcpStream| {
        let (shared, acceptor) = (Rc::clone(&shared), acceptor.clone());
        async move {
            conn::tls(stream, acceptor, shared).await;
            Ok(())
        }
    }))
}

/// The worker's application: the routes behind the access log and, when asked, compression;
/// the drain signal as app data for WebSocket code.
async fn app(
    settings: Arc<Settings>,
    secure: bool,
) -> Result<
    impl Service<Request, Response = ServiceResponse<impl MessageBody + 'static>, Error = actix_web::Error> + 'static,
    (),
> {
    let app = settings
        .routes
        .clone()
        .into_app()
        .app_data(settings.drain.clone())
        .wrap(Condition::new(settings.compress, Compress::default()))
        // The access log costs nothing when no logger would print it.
        .wrap(Condition::new(
            log::log_enabled!(target: "actix_web::middleware::logger", log::Level::Info),
            Logger::default(),
        ));
    // `AppConfig::new` is crate-private in actix-web; this is the constructor its own test
    // server (actix-test) uses to give the App its scheme, host and local address.
    let config = AppConfig::__priv_test_new(secure, settings.addr.to_string(), settings.addr);
    app.into_factory().new_service(config).await.map_err(|e| log::error!("the application did not start: {e:?}"))
}

/// actix-http's HTTP/1.1 connection service over the worker's application, with Rook's
/// `Expect: 100-continue` check, the drain signal, and the deadlines of [`Paced`] streams.
async fn h1<T, A, B>(
    app: Rc<A>,
    settings: Arc<Settings>,
    secure: bool,
) -> Result<impl Service<(Paced<T>, Option<SocketAddr>), Response = (), Error = DispatchError>, ()>
where
    T: AsyncRead + AsyncWrite + Unpin + 'static,
    A: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    let drain = settings.drain.clone();
    let mut builder = HttpService::<Paced<T>, Answering<A, B>, _>::build()
        .client_request_timeout(settings.deadlines.head)
        .client_disconnect_timeout(CLIENT_DISCONNECT)
        .local_addr(settings.addr)
        .on_connect_ext(|io: &Paced<T>, data| {
            data.insert(io.pace());
        })
        .graceful_shutdown_signal(move || drain.wait());
    if secure {
        builder = builder.secure();
    }
    let body = Rc::new(settings.body.clone());
    let expect = fn_service(move |req: Request| {
        let refused = refuse_on_headers(req.headers(), &body);
        async move {
            match refused {
                Some(error) => Err(Response::from(error.error_response())),
                None => Ok(req),
            }
        }
    });
    builder.expect(expect).h1(Answering::new(app)).new_service(()).await
}
