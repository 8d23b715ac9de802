//! [`WebSocket`]: the extractor that accepts an upgrade request.

use std::future::Future;

use actix_http::ws::{CloseCode, CloseReason};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use futures_util::FutureExt;
use futures_util::future::{Ready, ready};

use super::config::WsConfig;
use super::conn::Connection;
use super::handshake::{self, HandshakeError};
use super::limit::{FrameGuard, Verdict};

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
            return HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("the request body is unavailable");
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
        actix_web::rt::spawn(async move {
            handler(conn).await;
            // Fails harmlessly when the handler or the peer already closed it.
            let _ = session.close(Some(CloseReason { code: CloseCode::Normal, description: None })).await;
        });
        response
    }
}
