//! One accepted connection: TLS with ALPN, or plain TCP where HTTP/2 with prior knowledge (h2c)
//! is told apart from HTTP/1.1 by its preface; then HTTP/2 goes to Rook's driver ([`super::h2`])
//! and HTTP/1.1 to actix-http's dispatcher.

use std::net::SocketAddr;
use std::rc::Rc;
use std::time::Duration;

use actix_http::body::MessageBody;
use actix_http::error::DispatchError;
use actix_http::{Request, Response};
use actix_rt::net::TcpStream;
use actix_service::Service;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

use super::h2;
use super::shutdown::Drain;

/// The first bytes of every HTTP/2 connection (RFC 9113 §3.4).
const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// How long a client has for the TLS handshake, or to finish an h2c preface it has begun.
const HANDSHAKE: Duration = Duration::from_secs(5);

/// What every connection of one worker shares.
pub(crate) struct Shared<S, H> {
    /// The application, shared by HTTP/1.1 and HTTP/2.
    pub(crate) app: Rc<S>,
    /// actix-http's HTTP/1.1 connection service, over the application.
    pub(crate) h1: H,
    pub(crate) h2c: bool,
    pub(crate) drain: Drain,
}

/// Serves a plain TCP connection: HTTP/1.1, or h2c when enabled and the client starts with the
/// HTTP/2 preface.
pub(crate) async fn plain<S, B, H>(stream: TcpStream, shared: Rc<Shared<S, H>>)
where
    S: Service<Request, Error = actix_web::Error> + 'static,
    S::Response: Into<Response<B>>,
    B: MessageBody + 'static,
    H: Service<(TcpStream, Option<SocketAddr>), Response = (), Error = DispatchError>,
{
    let _ = stream.set_nodelay(true);
    let peer = stream.peer_addr().ok();
    if shared.h2c && starts_with_preface(&stream).await {
        h2::serve(stream, Rc::clone(&shared.app), peer, shared.drain.clone()).await;
    } else if let Err(e) = shared.h1.call((stream, peer)).await {
        log::debug!("HTTP/1.1 connection error: {e}");
    }
}

/// Serves a TLS connection: HTTP/2 when ALPN chose `h2`, else HTTP/1.1.
pub(crate) async fn tls<S, B, H>(stream: TcpStream, acceptor: TlsAcceptor, shared: Rc<Shared<S, H>>)
where
    S: Service<Request, Error = actix_web::Error> + 'static,
    S::Response: Into<Response<B>>,
    B: MessageBody + 'static,
    H: Service<(TlsStream<TcpStream>, Option<SocketAddr>), Response = (), Error = DispatchError>,
{
    let _ = stream.set_nodelay(true);
    let peer = stream.peer_addr().ok();
    let stream = match tokio::time::timeout(HANDSHAKE, acceptor.accept(stream)).await {
        Ok(Ok(stream)) => stream,
        Ok(Err(e)) => return log::debug!("TLS handshake failed: {e}"),
        Err(_) => return log::debug!("TLS handshake timed out"),
    };
    if stream.get_ref().1.alpn_protocol() == Some(b"h2") {
        h2::serve(stream, Rc::clone(&shared.app), peer, shared.drain.clone()).await;
    } else if let Err(e) = shared.h1.call((stream, peer)).await {
        log::debug!("HTTP/1.1 connection error: {e}");
    }
}

/// Whether the client's first bytes are the HTTP/2 preface (without consuming them). A client
/// that has sent part of it gets [`HANDSHAKE`] to send the rest.
async fn starts_with_preface(stream: &TcpStream) -> bool {
    let deadline = tokio::time::Instant::now() + HANDSHAKE;
    let mut buf = [0u8; PREFACE.len()];
    loop {
        let seen = match tokio::time::timeout_at(deadline, stream.peek(&mut buf)).await {
            Ok(Ok(n)) => n,
            _ => return false,
        };
        if seen == 0 || buf[..seen] != PREFACE[..seen] {
            return false;
        }
        if seen == PREFACE.len() {
            return true;
        }
        // Part of the preface: wait a little for the rest (peek would return at once again).
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
