//! One accepted connection: TLS with ALPN, or plain TCP where HTTP/2 with prior knowledge (h2c)
//! is told apart from HTTP/1.1 by its preface; then HTTP/2 goes to Rook's driver ([`super::h2`])
//! and HTTP/1.1 to actix-http's dispatcher.

use std::mem::MaybeUninit;
use std::net::SocketAddr;
use std::rc::Rc;
use std::time::Duration;

use actix_http::body::MessageBody;
use actix_http::error::DispatchError;
use actix_http::{Request, Response};
use actix_rt::net::TcpStream;
use actix_service::Service;
use tokio::io::Interest;
use tokio::time::Instant;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

use super::h1::{Deadlines, Paced};
use super::h2::{self, Http2};
use super::shutdown::Drain;

/// The first bytes of every HTTP/2 connection (RFC 9113 §3.4).
const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// How long a client has for the TLS handshake.
const HANDSHAKE: Duration = Duration::from_secs(5);

/// What every connection of one worker shares.
pub(crate) struct Shared<S, H> {
    /// The application, shared by HTTP/1.1 and HTTP/2.
    pub(crate) app: Rc<S>,
    /// actix-http's HTTP/1.1 connection service, over the application.
    pub(crate) h1: H,
    pub(crate) h2c: bool,
    pub(crate) drain: Drain,
    /// The HTTP/1.1 deadlines (the head deadline also bounds the h2c preface).
    pub(crate) deadlines: Deadlines,
    /// The HTTP/2 limits.
    pub(crate) http2: Http2,
}

/// Serves a plain TCP connection: HTTP/1.1, or h2c when enabled and the client starts with the
/// HTTP/2 preface.
pub(crate) async fn plain<S, B, H>(stream: TcpStream, shared: Rc<Shared<S, H>>)
where
    S: Service<Request, Error = actix_web::Error> + 'static,
    S::Response: Into<Response<B>>,
    B: MessageBody + 'static,
    H: Service<(Paced<TcpStream>, Option<SocketAddr>), Response = (), Error = DispatchError>,
{
    let _ = stream.set_nodelay(true);
    let peer = stream.peer_addr().ok();
    if shared.h2c {
        match sniff(&stream, shared.deadlines.head, &shared.drain).await {
            Sniffed::Http2 => {
                let app = Rc::clone(&shared.app);
                return h2::serve(stream, app, peer, shared.drain.clone(), shared.http2).await;
            }
            Sniffed::Http1 => {}
            Sniffed::Gone => return,
        }
    }
    let stream = Paced::new(stream, shared.deadlines);
    if let Err(e) = shared.h1.call((stream, peer)).await {
        log::debug!("HTTP/1.1 connection error: {e}");
    }
}

/// Serves a TLS connection: HTTP/2 when ALPN chose `h2`, else HTTP/1.1.
pub(crate) async fn tls<S, B, H>(stream: TcpStream, acceptor: TlsAcceptor, shared: Rc<Shared<S, H>>)
where
    S: Service<Request, Error = actix_web::Error> + 'static,
    S::Response: Into<Response<B>>,
    B: MessageBody + 'static,
    H: Service<(Paced<TlsStream<TcpStream>>, Option<SocketAddr>), Response = (), Error = DispatchError>,
{
    let _ = stream.set_nodelay(true);
    let peer = stream.peer_addr().ok();
    let stream = match tokio::time::timeout(HANDSHAKE, acceptor.accept(stream)).await {
        Ok(Ok(stream)) => stream,
        Ok(Err(e)) => return log::debug!("TLS handshake failed: {e}"),
        Err(_) => return log::debug!("TLS handshake timed out"),
    };
    if stream.get_ref().1.alpn_protocol() == Some(b"h2") {
        let app = Rc::clone(&shared.app);
        h2::serve(stream, app, peer, shared.drain.clone(), shared.http2).await;
    } else if let Err(e) = shared.h1.call((Paced::new(stream, shared.deadlines), peer)).await {
        log::debug!("HTTP/1.1 connection error: {e}");
    }
}

/// What a plain connection's first bytes say.
enum Sniffed {
    /// The HTTP/2 preface.
    Http2,
    /// Anything else: HTTP/1.1 (nothing has been consumed).
    Http1,
    /// The client closed, or stayed silent or within the preface past the head deadline, or
    /// the server is draining: the connection is dropped.
    Gone,
}

/// Tells h2c from HTTP/1.1 by the client's first bytes, without consuming them. The socket is
/// looked at each time new bytes (or the client's close) arrive, never polled: a client that has
/// sent part of the preface gets the rest of the head deadline to send the rest.
async fn sniff(stream: &TcpStream, head: Duration, drain: &Drain) -> Sniffed {
    let look = async {
        let mut buf = [MaybeUninit::<u8>::uninit(); PREFACE.len()];
        loop {
            let ready = stream.ready(Interest::READABLE).await?;
            // Peeked inside `try_io`: a `WouldBlock` (part of the preface, nothing new) clears
            // exactly the readiness this look consumed, so bytes that arrive meanwhile wake it.
            let sniffed = stream.try_io(Interest::READABLE, || {
                let seen = socket2::SockRef::from(stream).peek(&mut buf)?;
                // SAFETY: `peek` initialised the first `seen` bytes.
                let bytes = unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), seen) };
                if seen == 0 {
                    Ok(Sniffed::Gone)
                } else if bytes != &PREFACE[..seen] {
                    Ok(Sniffed::Http1)
                } else if seen == PREFACE.len() {
                    Ok(Sniffed::Http2)
                } else if ready.is_read_closed() {
                    Ok(Sniffed::Gone)
                } else {
                    Err(std::io::ErrorKind::WouldBlock.into())
                }
            });
            match sniffed {
                Ok(sniffed) => return Ok(sniffed),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                Err(e) => return Err(e),
            }
        }
    };
    let deadline = Instant::now() + head;
    tokio::select! {
        sniffed = tokio::time::timeout_at(deadline, look) => match sniffed {
            Ok(Ok(sniffed)) => sniffed,
            Ok(Err(e)) => {
                log::debug!("h2c: reading the preface failed: {e}");
                Sniffed::Gone
            }
            Err(_) => {
                log::debug!("h2c: no request head within {head:?}");
                Sniffed::Gone
            }
        },
        () = drain.wait() => Sniffed::Gone,
    }
}
