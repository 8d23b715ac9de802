//! [`Connection`]: one open WebSocket, as the `serve` closure sees it.

use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_ws::{AggregatedMessage, AggregatedMessageStream, CloseCode, CloseReason, ProtocolError, Session};
use futures_util::Stream;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::time::{Instant, Interval, MissedTickBehavior, interval_at};

use super::config::WsConfig;
use super::limit::Verdict;

/// An open WebSocket: receive and send text (or JSON) messages, close with a code.
///
/// Control frames are handled for you while [`recv`](Self::recv) (or
/// [`recv_json`](Self::recv_json)) waits: pings are answered, a quiet peer is pinged every
/// [`WsConfig::ping_interval`], and a peer silent for [`WsConfig::idle_timeout`] is closed with
/// 1001. A frame or message over [`WsConfig`]'s limits closes the connection with 1009, a binary
/// message with 1003, a text message that is not UTF-8 with 1007, a protocol violation with 1002. When the `serve` closure returns, the
/// connection is closed with 1000 if it is still open.
///
/// ```no_run
/// use rook::prelude::*;
///
/// async fn echo(socket: WebSocket) -> impl actix_web::Responder {
///     socket.serve(|mut conn| async move {
///         while let Some(text) = conn.recv().await {
///             if conn.send(format!("echo: {text}")).await.is_err() {
///                 break;
///             }
///         }
///     })
/// }
/// ```
pub struct Connection {
    session: Session,
    messages: AggregatedMessageStream,
    verdict: Verdict,
    pings: Interval,
    last_heard: Instant,
    idle_timeout: Duration,
    closed: bool,
}

/// Why a message could not be sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum SendError {
    /// The connection is closed (by either side, or the network).
    Closed,
    /// The value could not be serialised as JSON.
    Json(serde_json::Error),
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Closed => f.write_str("the WebSocket is closed"),
            SendError::Json(err) => write!(f, "cannot serialise the message as JSON: {err}"),
        }
    }
}

impl std::error::Error for SendError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SendError::Closed => None,
            SendError::Json(err) => Some(err),
        }
    }
}

enum Event {
    Message(Option<Result<AggregatedMessage, ProtocolError>>),
    PingDue,
}

impl Connection {
    pub(crate) fn new(
        session: Session,
        messages: AggregatedMessageStream,
        verdict: Verdict,
        config: &WsConfig,
    ) -> Self {
        let every = config.pings_every();
        let mut pings = interval_at(Instant::now() + every, every);
        // After a long stall one ping is enough; a burst of catch-up pings would be noise.
        pings.set_missed_tick_behavior(MissedTickBehavior::Delay);
        Connection {
            session,
            messages,
            verdict,
            pings,
            last_heard: Instant::now(),
            idle_timeout: config.idle_after(),
            closed: false,
        }
    }

    /// The next text message, or `None` once the connection is closed.
    pub async fn recv(&mut self) -> Option<String> {
        while !self.closed {
            match poll_fn(|cx| self.poll_event(cx)).await {
                Event::Message(Some(Ok(message))) => {
                    self.last_heard = Instant::now();
                    match message {
                        AggregatedMessage::Text(text) => return Some(String::from(&*text)),
                        AggregatedMessage::Ping(payload) => {
                            // A peer that cannot take our pong is gone; the next read says so.
                            let _ = self.session.pong(&payload).await;
                        }
                        AggregatedMessage::Pong(_) => {}
                        AggregatedMessage::Binary(_) => {
                            self.close_with(CloseCode::Unsupported, "binary messages are not accepted").await;
                        }
                        AggregatedMessage::Close(reason) => {
                            // Echo the peer's code, as RFC 6455 §5.5.1 asks, to finish the handshake.
                            let code = reason.map_or(CloseCode::Normal, |r| r.code);
                            self.close_with(code, "").await;
                        }
                    }
                }
                Event::Message(Some(Err(err))) => match self.verdict.get() {
                    Some(exceeded) => self.close_with(exceeded.code(), &exceeded.to_string()).await,
                    // actix-ws reports a text message that is not UTF-8 as invalid data.
                    None if is_invalid_utf8(&err) => {
                        self.close_with(CloseCode::Invalid, "text message is not valid UTF-8").await;
                    }
                    None => self.close_with(CloseCode::Protocol, &err.to_string()).await,
                },
                // The guard ends the stream when a limit is broken; otherwise the peer is gone.
                Event::Message(None) => match self.verdict.get() {
                    Some(exceeded) => self.close_with(exceeded.code(), &exceeded.to_string()).await,
                    None => self.closed = true,
                },
                Event::PingDue if self.last_heard.elapsed() >= self.idle_timeout => {
                    self.close_with(CloseCode::Away, "idle timeout").await;
                }
                Event::PingDue => {
                    let _ = self.session.ping(b"").await;
                }
            }
        }
        None
    }

    /// The next text message parsed as JSON, or `None` once the connection is closed. A message
    /// that is not valid JSON for `T` gives `Some(Err(..))` and leaves the connection open.
    pub async fn recv_json<T: DeserializeOwned>(&mut self) -> Option<Result<T, serde_json::Error>> {
        let text = self.recv().await?;
        Some(serde_json::from_str(&text))
    }

    /// Sends a text message.
    pub async fn send(&mut self, text: impl Into<String>) -> Result<(), SendError> {
        if self.closed {
            return Err(SendError::Closed);
        }
        self.session.text(text.into()).await.map_err(|_| SendError::Closed)
    }

    /// Sends `value` serialised as JSON in a text message.
    pub async fn send_json<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SendError> {
        let text = serde_json::to_string(value).map_err(SendError::Json)?;
        self.send(text).await
    }

    /// Closes the connection with `code` (a `u16` such as `1000`, or a [`CloseCode`]). Later
    /// calls to `recv` give `None` and `send` fails.
    pub async fn close(&mut self, code: impl Into<CloseCode>) {
        self.close_with(code.into(), "").await;
    }

    /// Whether the connection has been closed, by either side.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    pub(crate) async fn close_with(&mut self, code: CloseCode, reason: &str) {
        if self.closed {
            return;
        }
        self.closed = true;
        let description = (!reason.is_empty()).then(|| reason.to_owned());
        // Clones share the closed state: whoever else holds the session sees it closed too.
        let _ = self.session.clone().close(Some(CloseReason { code, description })).await;
    }

    /// A handle that sends on this connection while another task reads from it.
    pub(crate) fn session(&self) -> Session {
        self.session.clone()
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Event> {
        if let Poll::Ready(message) = Pin::new(&mut self.messages).poll_next(cx) {
            return Poll::Ready(Event::Message(message));
        }
        if self.pings.poll_tick(cx).is_ready() {
            return Poll::Ready(Event::PingDue);
        }
        Poll::Pending
    }
}

/// Whether the stream's error is a text message that is not valid UTF-8. actix-http 3.20 reports
/// a frame with reserved bits set (a protocol error, 1002) as invalid data too: told apart by
/// its message.
fn is_invalid_utf8(err: &ProtocolError) -> bool {
    matches!(err, ProtocolError::Io(io) if io.kind() == std::io::ErrorKind::InvalidData
        && !io.to_string().contains("reserved bits"))
}
