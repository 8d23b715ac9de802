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
//! One task serves a connection and all its streams: the streams' futures are polled by the
//! connection's own (a `FuturesUnordered`), not spawned one task each, and what they queue is
//! written out by the same poll. A request whose headers end the stream gets no body stream.
//!
//! When the connection ends, the server shuts its side down and reads what the client still
//! sends (window updates, its close) for a moment before closing the socket: closing a socket
//! with unread bytes sends a TCP reset, which can destroy the end of the last answers before the
//! client has read them.

use std::cell::RefCell;
use std::future::poll_fn;
use std::io;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
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
use futures_util::stream::FuturesUnordered;
use futures_util::{FutureExt, Stream, StreamExt};
use h2::SendStream;
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
    let service = &*service;
    // The streams being answered, polled here: one task per connection.
    let mut streams = FuturesUnordered::new();
    // When the last stream ended (or the connection began).
    let mut last = Instant::now();
    let mut drained = pin!(drain.wait());
    let mut timer = pin!(tokio::time::sleep(IDLE));
    // Set once GOAWAY is sent (drain or idle): the connection ends when its streams have.
    let mut going_away = false;
    loop {
        let event = poll_fn(|cx| {
            loop {
                // New streams; polling the connection also writes what the streams queued.
                loop {
                    match conn.poll_accept(cx) {
                        Poll::Ready(Some(Ok((req, tx)))) => {
                            // A stream that panics is dropped (and so reset) alone, as its own
                            // task would be.
                            let answer = stream(req, tx, service, peer, limits.send_timeout);
                            // Boxed: the future is large, and `push` would copy it thrice.
                            streams.push(Box::pin(AssertUnwindSafe(answer).catch_unwind()));
                        }
                        Poll::Ready(Some(Err(e))) => return Poll::Ready(Event::Failed(e)),
                        Poll::Ready(None) => return Poll::Ready(Event::Closed),
                        Poll::Pending => break,
                    }
                }
                let mut ended = false;
                while let Poll::Ready(Some(outcome)) = streams.poll_next_unpin(cx) {
                    if outcome.is_err() {
                        log::error!("an HTTP/2 stream panicked; it is reset");
                    }
                    ended = true;
                }
                if !ended {
                    break;
                }
                // Streams that ended have queued their last frames: the connection writes them.
                last = Instant::now();
            }
            if !going_away && drained.as_mut().poll(cx).is_ready() {
                return Poll::Ready(Event::Drained);
            }
            if timer.as_mut().poll(cx).is_ready() {
                return Poll::Ready(Event::Timer);
            }
            Poll::Pending
        })
        .await;
        match event {
            Event::Failed(e) => {
                if !e.is_go_away() && !e.is_io() {
                    log::debug!("HTTP/2 connection error: {e}");
                }
                break;
            }
            Event::Closed => break,
            Event::Drained => {
                going_away = true;
                conn.graceful_shutdown();
            }
            Event::Timer => {
                if !streams.is_empty() {
                    timer.as_mut().reset(Instant::now() + IDLE);
                } else if last.elapsed() < IDLE {
                    timer.as_mut().reset(last + IDLE);
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

/// What woke the connection's loop.
enum Event {
    /// The connection failed.
    Failed(h2::Error),
    /// The connection closed.
    Closed,
    /// The server is draining.
    Drained,
    /// The idle timer fired.
    Timer,
}

/// Answers one stream: the request goes through `service`, the answer back with flow control.
async fn stream<S, B>(
    req: http::Request<RecvStream>,
    mut tx: SendResponse<Bytes>,
    service: &S,
    peer: Option<SocketAddr>,
    send_timeout: Duration,
) where
    S: Service<Request, Error = actix_web::Error>,
    S::Response: Into<Response<B>>,
    B: MessageBody,
{
    let (parts, body) = req.into_parts();
    // Headers that end the stream: a request without a body, as actix-http's HTTP/1.1 has.
    let payload = if body.is_end_stream() {
        Payload::None
    } else {
        Payload::Stream { payload: Box::pin(Body(body)) as BoxedPayloadStream }
    };
    let mut request = Request::with_payload(payload);
    let head_only = parts.method == Method::HEAD;
    let head = request.head_mut();
    head.uri = parts.uri;
    head.method = parts.method;
    head.version = Version::HTTP_2;
    // Into the head's own map, which the head's pool keeps with its room between requests.
    let mut name = None;
    for (next, value) in parts.headers.into_iter() {
        if next.is_some() {
            name = next;
        }
        if let Some(name) = &name {
            head.headers.append(name.clone(), value);
        }
    }
    head.peer_addr = peer;

    let mut call = pin!(service.call(request));
    // A client that resets the stream no longer wants the answer: stop working on it.
    let answer = poll_fn(|cx| match call.as_mut().poll(cx) {
        Poll::Ready(answer) => Poll::Ready(Some(answer)),
        Poll::Pending => tx.poll_reset(cx).map(|_| None),
    })
    .await;
    let Some(answer) = answer else { return };
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
        out.headers_mut().insert(header::CONTENT_LENGTH, content_length(len));
    }
    if !out.headers().contains_key(header::DATE) {
        out.headers_mut().insert(header::DATE, date());
    }
    let empty = head_only || matches!(size, BodySize::None | BodySize::Sized(0));
    let mut stream = tx.send_response(out, empty)?;
    if empty {
        return Ok(());
    }
    // A body whole in memory goes in one piece, its last frame ending the stream.
    let body = match body.try_into_bytes() {
        Ok(bytes) => return send_chunk(&mut stream, bytes, true, send_timeout).await.map(drop),
        Err(body) => body,
    };
    // What a sized body has still to send: its last chunk ends the stream.
    let mut remaining = match size {
        BodySize::Sized(len) => Some(len),
        _ => None,
    };
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
        let last = remaining.is_some_and(|left| left == chunk.len() as u64);
        if let Some(left) = remaining.as_mut() {
            *left = left.saturating_sub(chunk.len() as u64);
        }
        if !send_chunk(&mut stream, chunk, last, send_timeout).await? || last {
            return Ok(());
        }
    }
    stream.send_data(Bytes::new(), true)
}

/// Sends `chunk` in DATA frames as the peer's window allows, the last one ending the stream when
/// `last`. False when the stream is over: reset by the client, or reset here because the client
/// granted no window for `send_timeout` (the timer runs only while the window is shut).
async fn send_chunk(
    stream: &mut SendStream<Bytes>,
    mut chunk: Bytes,
    last: bool,
    send_timeout: Duration,
) -> Result<bool, h2::Error> {
    if chunk.is_empty() {
        if last {
            stream.send_data(chunk, true)?;
        }
        return Ok(true);
    }
    while !chunk.is_empty() {
        stream.reserve_capacity(chunk.len().min(CHUNK));
        // `h2` assigns what the windows allow at once.
        let mut window = stream.capacity();
        if window == 0 {
            let granted = poll_fn(|cx| stream.poll_capacity(cx));
            match tokio::time::timeout(send_timeout, granted).await {
                Err(_) => {
                    log::debug!("HTTP/2: no window granted for {send_timeout:?}; stream reset");
                    stream.send_reset(Reason::CANCEL);
                    return Ok(false);
                }
                Ok(None) => return Ok(false), // the stream was reset
                Ok(Some(Err(e))) => return Err(e),
                Ok(Some(Ok(granted))) => window = granted,
            }
            if window == 0 {
                continue;
            }
        }
        let part = chunk.split_to(window.min(chunk.len()));
        stream.send_data(part, last && chunk.is_empty())?;
    }
    Ok(true)
}

/// The `Content-Length` value for `len`: the last one made on this thread, when it fits (a
/// route's answers are often all one size), else a new one.
fn content_length(len: u64) -> header::HeaderValue {
    thread_local! {
        static LAST: RefCell<(u64, header::HeaderValue)> =
            const { RefCell::new((0, header::HeaderValue::from_static("0"))) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != len {
            *last = (len, header::HeaderValue::from(len));
        }
        last.1.clone()
    })
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
