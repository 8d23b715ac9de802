//! [`WebSocket`]: the extractor that accepts an upgrade request.

use std::future::{Future, poll_fn};
use std::pin::pin;

use actix_http::ws::{CloseCode, CloseReason};
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use futures_util::FutureExt;
use futures_util::future::{Either, Ready, ready, select};

use super::config::WsConfig;
use super::conn::Connection;
use super::handshake::{self, HandshakeError};
use super::limit::{FrameGuard, Verdict};
use crate::errors::error::RookError;

/// A request to open a WebSocket, checked and ready to be accepted with [`serve`](Self::serve).
///
/// As an extractor it refuses requests that cannot become a WebSocket (see [`HandshakeError`]):
/// **400** for a request that is not a valid upgrade, **426** (with `Sec-WebSocket-Version: 13`)
/// for another protocol version, **403** when the `Origin` is a page from another host that
/// [`WsConfig`] does not allow, **405** for a method other than GET.
///
/// ```
/// use actix_web::{App, Responder, web};
/// use rook::WebSocket;
///
/// async fn echo(socket: WebSocket) -> impl Responder {
///     socket.serve(|mut conn| async move {
///         while let Some(text) = conn.recv().await {
///             if conn.send(text).await.is_err() {
///                 break;
///             }
///         }
///     })
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// use actix_web::test;
/// let app = test::init_service(App::new().route("/echo", web::get().to(echo))).await;
/// // A plain GET is not an upgrade.
/// let res = test::call_service(&app, test::TestRequest::get().uri("/echo").to_request()).await;
/// assert_eq!(res.status(), 400);
/// # });
/// ```
pub struct WebSocket {
    req: HttpRequest,
    payload: Payload,
    config: WsConfig,
}

impl FromRequest for WebSocket {
    type Error = HandshakeError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let config = WsConfig::of(req);
        ready(handshake::check(req, &config).map(|()| WebSocket { req: req.clone(), payload: payload.take(), config }))
    }
}

impl WebSocket {
    /// The upgrade request (for the chat room's query parameters and sub-protocol).
    pub(crate) fn request(&self) -> &HttpRequest {
        &self.req
    }

    /// Accepts the connection: answers **101 Switching Protocols** and runs `handler` with the
    /// open [`Connection`] on the current worker. When `handler` returns, the connection is
    /// closed with 1000 unless it already is.
    pub fn serve<F, Fut>(self, handler: F) -> HttpResponse
    where
        F: FnOnce(Connection) -> Fut + 'static,
        Fut: Future<Output = ()> + 'static,
    {
        let WebSocket { req, payload, config } = self;
        let verdict = Verdict::default();
        let guard = FrameGuard::new(payload, config.frame_limit(), config.message_limit(), verdict.clone());
        let mut guarded: Payload = Payload::Stream { payload: Box::pin(guard) };
        // `web::Payload` has no public constructor; its extractor is the way in and is always ready.
        let Some(Ok(body)) = web::Payload::from_request(&req, &mut guarded).now_or_never() else {
            let err = RookError::new(StatusCode::INTERNAL_SERVER_ERROR, "the request body is unavailable");
            return HttpResponse::from_error(err);
        };
        let (response, session, stream) = match actix_ws::handle(&req, body) {
            Ok(accepted) => accepted,
            Err(err) => return HttpResponse::from_error(err),
        };
        let messages = stream
            .max_frame_size(config.frame_limit())
            .aggregate_continuations()
            .max_continuation_size(config.message_limit());
        let conn = Connection::new(session.clone(), messages, verdict, &config);
        // Under `rook::Server`, a drain (SIGINT/SIGTERM) closes the connection with 1001; the
        // handler then sees it closed and has a moment to finish (a chat member leaves the room).
        let mut drain = crate::serve::draining(&req);
        actix_web::rt::spawn(async move {
            let mut handler = pin!(handler(conn));
            let drained = match &mut drain {
                Some(drain) => {
                    matches!(select(handler.as_mut(), poll_fn(|cx| drain.poll_drain(cx))).await, Either::Right(_))
                }
                None => {
                    handler.as_mut().await;
                    false
                }
            };
            let code = if drained { CloseCode::Away } else { CloseCode::Normal };
            // Fails harmlessly when the handler or the peer already closed it.
            let _ = session.close(Some(CloseReason { code, description: None })).await;
            if drained {
                let _ = tokio::time::timeout(std::time::Duration::from_secs(1), handler).await;
            }
        });
        response
    }
}
