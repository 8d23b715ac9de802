//! Rook's own HTTP/2 connection driver, on the `h2` crate.
//!
//! actix-http's HTTP/2 dispatcher has no shutdown handling: on a graceful stop it keeps the
//! connection open, accepting new streams, until the worker's shutdown timeout drops it (no
//! GOAWAY, streams in flight cut). This one answers the drain with GOAWAY (`h2`'s graceful
//! shutdown: a GOAWAY, a PING round trip, then the final GOAWAY naming the last stream), finishes
//! the streams already open and then closes. A connection left without streams for 5 s gets the
//! same goodbye, and one whose client does not finish it is dropped 5 s later: a client cannot
//! hold a connection open by doing nothing. Nor by reading nothing: a stream whose client grants
//! no window for the send timeout is reset, and a connection has at most
//! [`Http2::max_streams`] streams. Requests go to the same actix-web `App` service as HTTP/1.1
//! requests, so the route table behaves the same on both.
//!
//! When the connection ends, the server shuts its side down and reads what the client still
//! sends (window updates, its close) for a moment before closing the socket: closing a socket
//! with unread bytes sends a TCP reset, which can destroy the end of the last answers before the
//! client has read them.

use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_http::body::{BodySize, MessageBody};
use actix_http::header::{self, HeaderMap};
use actix_http::{BoxedPayloadStream, Method, Payload, Request, Response, Version};
use actix_service::Service;
use actix_web::error::PayloadError;
use actix_web::web::Bytes;
use futures_util::Stream;
use h2::server::SendResponse;
use h2::{Reason, RecvStream};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::time::Instant;

use super::shutdown::Drain;

/// Largest DATA frame payload sent at once.
const CHUNK: usize = 16 * 1024;

/// How long a client has to send the HTTP/2 connection preface and settings.
const HANDSHAKE: Duration = Duration::from_secs(5);

/// How long a connection may stay without streams before it is sent GOAWAY (as actix-web's
/// HTTP/1.1 keep-alive), and how long a client has to close it after its last stream.
const IDLE: Duration = Duration::from_secs(5);

/// Largest header list of one request (the decoded size RFC 9113 §6.5.2 defines); HTTP/1.1
/// requests are bounded by actix-http's head limits likewise.
const MAX_HEADERS: u32 = 64 * 1024;

/// How long a finished connection waits for its client's next bytes (or its close) before the
/// socket closes.
const LINGER: Duration = Duration::from_secs(1);

/// The limits of HTTP/2 connections (set on [`Server`](super::Server)).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Http2 {
    /// Most streams a client may have open on one connection.
    pub(crate) max_streams: u32,
    /// How long a stream may wait for the client to grant window before it is reset.
    pub(crate) send_timeout: Duration,
}

/// Serves one HTTP/2 connection until the client closes it or the drain finishes it.
pub(crate) async fn serve<T, S, B>(io: T, service: Rc<S>, peer: Option<SocketAddr>, drain: Drain, limits: Http2)
where
    T: AsyncRead + AsyncWrite + Unpin + 'static,
    S: Service<Request, Error = actix_web::Error> + 'static,
    S::Response: Into<Response<B>>,
    B: MessageBody + 'static,
{
    let io = Rc::new(RefCell::new(io));
    drive(Held(Rc::clone(&io)), service, peer, drain, limits).await;
    // `h2` has flushed and shut its side down when the connection ended well; read what the
    // client still sends until it closes, so that closing does not reset the connection.
    // A client still reading the last answers keeps granting window: it gets a second after
    // each of its bytes, within the send timeout in all.
    let Ok(io) = Rc::try_unwrap(io) else { return };
    let mut io = io.into_inner();
    let _ = tokio::time::timeout(limits.send_timeout, async {
        let _ = io.shutdown().await;
        let mut sink = [0u8; 4096];
        while let Ok(Ok(1..)) = tokio::time::timeout(LINGER, io.read(&mut sink)).await {}
    })
    .await;
}

/// Drives the HTTP/2 connection on `io` until it ends.
async fn drive<T, S, B>(io: T, service: Rc<S>, peer: Option<SocketAddr>, drain: Drain, limits: Http2)
where
    T: AsyncRead + AsyncWrite + Unpin + 'static,
    S: Service<Request, Error = actix_web::Error> + 'static,
    S::Response: Into<Response<B>>,
    B: MessageBody + 'static,
{
    let handshake = h2::server::Builder::new()
        .max_concurrent_streams(limits.max_streams)
        .max_header_list_size(MAX_HEADERS)
        .handshake::<_, Bytes>(io);
    let mut conn = match tokio::time::timeout(HANDSHAKE, handshake).await {
        Ok(Ok(conn)) => conn,
        Ok(Err(e)) => return log::debug!("HTTP/2 handshake failed: {e}"),
        Err(_) => return log::debug!("HTTP/2 handshake timed out"),
    };
    let activity = Rc::new(Activity { open: Cell::new(0), last: Cell::new(Instant::now()) });
    let mut drained = pin!(drain.wait());
    let mut timer = pin!(tokio::time::sleep(IDLE));
    // Set once GOAWAY is sent (drain or idle): the connection ends when its streams have.
    let mut going_away = false;
    loop {
        tokio::select! {
            next = conn.accept() => match next {
                Some(Ok((req, tx))) => {
                    let guard = Open::new(Rc::clone(&activity));
                    let service = Rc::clone(&service);
                    actix_rt::spawn(async move {
                        stream(req, tx, service, peer, limits.send_timeout).await;
                        drop(guard);
                    });
                }
                Some(Err(e)) => {
                    if !e.is_go_away() && !e.is_io() {
                        log::debug!("HTTP/2 connection error: {e}");
                    }
                    break;
                }
                None => break,
            },
            () = &mut drained, if !going_away => {
                going_away = true;
                conn.graceful_shutdown();
            }
            () = &mut timer => {
                let idle_since = activity.last.get();
                if activity.open.get() > 0 {
                    timer.as_mut().reset(Instant::now() + IDLE);
                } else if idle_since.elapsed() < IDLE {
                    timer.as_mut().reset(idle_since + IDLE);
                } else if going_away {
                    // Its streams are done but the client has not finished the goodbye.
                    break;
                } else {
                    // Idle for a keep-alive period: say goodbye (a client cannot hold it open).
                    going_away = true;
                    conn.graceful_shutdown();
                    timer.as_mut().reset(Instant::now() + IDLE);
                }
            }
        }
    }
}

/// How many streams of a connection are being answered, and when the last one ended.
struct Activity {
    open: Cell<usize>,
    last: Cell<Instant>,
}

/// One stream being answered (counted while it lives).
struct Open(Rc<Activity>);

impl Open {
    fn new(activity: Rc<Activity>) -> Open {
        activity.open.set(activity.open.get() + 1);
        Open(activity)
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.open.set(self.0.open.get() - 1);
        self.0.last.set(Instant::now());
    }
}

/// Answers one stream: the request goes through `service`, the answer back with flow control.
async fn stream<S, B>(
    req: http::Request<RecvStream>,
    mut tx: SendResponse<Bytes>,
    service: Rc<S>,
    peer: Option<SocketAddr>,
    send_timeout: Duration,
) where
    S: Service<Request, Error = actix_web::Error>,
    S::Response: Into<Response<B>>,
    B: MessageBody,
{
    let (parts, body) = req.into_parts();
    let mut request = Request::with_payload(Payload::Stream { payload: Box::pin(Body(body)) as BoxedPayloadStream });
    let head_only = parts.method == Method::HEAD;
    let head = request.head_mut();
    head.uri = parts.uri;
    head.method = parts.method;
    head.version = Version::HTTP_2;
    head.headers = parts.headers.into();
    head.peer_addr = peer;

    let call = service.call(request);
    // A client that resets the stream no longer wants the answer: stop working on it.
    let answer = tokio::select! {
        answer = call => answer,
        _ = poll_fn(|cx| tx.poll_reset(cx)) => return,
    };
    let sent = match answer {
        Ok(res) => send(res.into(), tx, head_only, send_timeout).await,
        Err(err) => send(Response::from(err), tx, head_only, send_timeout).await,
    };
    if let Err(e) = sent {
        log::debug!("HTTP/2 stream ended early: {e}");
    }
}

/// Connection-specific headers, which HTTP/2 forbids (RFC 9113 §8.2.2).
fn connection_specific(name: &header::HeaderName) -> bool {
    name == header::CONNECTION
        || name == header::TRANSFER_ENCODING
        || name == header::UPGRADE
        || name.as_str() == "keep-alive"
        || name.as_str() == "proxy-connection"
}

/// Sends the answer's head, then its body in DATA frames as the peer's window allows; a client
/// that grants no window for `send_timeout` gets the stream reset.
async fn send<B: MessageBody>(
    res: Response<B>,
    mut tx: SendResponse<Bytes>,
    head_only: bool,
    send_timeout: Duration,
) -> Result<(), h2::Error> {
    let (head, body) = res.into_parts();
    let size = body.size();
    let mut out = http::Response::new(());
    *out.status_mut() = head.status();
    *out.version_mut() = http::Version::HTTP_2;
    copy_headers(head.headers(), out.headers_mut());
    if let BodySize::Sized(len) = size {
        out.headers_mut().insert(header::CONTENT_LENGTH, header::HeaderValue::from(len));
    }
    if !out.headers().contains_key(header::DATE) {
        out.headers_mut().insert(header::DATE, date());
    }
    let empty = head_only || matches!(size, BodySize::None | BodySize::Sized(0));
    let mut stream = tx.send_response(out, empty)?;
    if empty {
        return Ok(());
    }
    let mut body = pin!(body);
    loop {
        let chunk = match poll_fn(|cx| body.as_mut().poll_next(cx)).await {
            None => break,
            Some(Ok(chunk)) => chunk,
            Some(Err(e)) => {
                log::error!("response body error: {}", e.into());
                stream.send_reset(Reason::INTERNAL_ERROR);
                return Ok(());
            }
        };
        let mut chunk = chunk;
        while !chunk.is_empty() {
            stream.reserve_capacity(chunk.len().min(CHUNK));
            let granted = poll_fn(|cx| stream.poll_capacity(cx));
            match tokio::time::timeout(send_timeout, granted).await {
                Err(_) => {
                    log::debug!("HTTP/2: no window granted for {send_timeout:?}; stream reset");
                    stream.send_reset(Reason::CANCEL);
                    return Ok(());
                }
                Ok(None) => return Ok(()), // the stream was reset
                Ok(Some(Err(e))) => return Err(e),
                Ok(Some(Ok(0))) => continue,
                Ok(Some(Ok(window))) => {
                    let part = chunk.split_to(window.min(chunk.len()));
                    stream.send_data(part, false)?;
                }
            }
        }
    }
    stream.send_data(Bytes::new(), true)
}

/// The `Date` header for now, formatted once per second per thread.
fn date() -> header::HeaderValue {
    thread_local! {
        static CACHED: std::cell::RefCell<(u64, header::HeaderValue)> =
            const { std::cell::RefCell::new((u64::MAX, header::HeaderValue::from_static(""))) };
    }
    let now = std::time::SystemTime::now();
    let second = now.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    CACHED.with(|cached| {
        let mut cached = cached.borrow_mut();
        if cached.0 != second {
            let text = httpdate::fmt_http_date(now);
            if let Ok(value) = header::HeaderValue::from_str(&text) {
                *cached = (second, value);
            }
        }
        cached.1.clone()
    })
}

fn copy_headers(from: &HeaderMap, to: &mut http::HeaderMap) {
    for (name, value) in from.iter() {
        if !connection_specific(name) {
            to.append(name.clone(), value.clone());
        }
    }
}

/// A request body read from an HTTP/2 stream, releasing flow-control window as it is read.
struct Body(RecvStream);

impl Stream for Body {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let body = &mut self.get_mut().0;
        match body.poll_data(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                let _ = body.flow_control().release_capacity(chunk.len());
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(PayloadError::Incomplete(Some(io::Error::other(e)))))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// The connection's stream, lent to `h2` while [`serve`] keeps it for the linger.
struct Held<T>(Rc<RefCell<T>>);

impl<T: AsyncRead + Unpin> AsyncRead for Held<T> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0.borrow_mut()).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Held<T> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.0.borrow_mut()).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.0.borrow_mut()).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.borrow().is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0.borrow_mut()).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0.borrow_mut()).poll_shutdown(cx)
    }
}
