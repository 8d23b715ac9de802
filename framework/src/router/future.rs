//! [`RoutesFuture`]: the answer of a mounted [`Routes`](crate::Routes) to one request.
//!
//! A named future rather than a boxed one (one allocation less per request). It isolates
//! panics of the handler (500) and renders again, in the table's error format, any error of
//! Rook's that a handler or extractor answered with.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;

use super::hook;
use crate::body::Held;
use crate::errors::{ErrorFormat, RookError};
use crate::static_files::complete_redirect;

/// The answer of a mounted [`Routes`](crate::Routes) to one request.
pub struct RoutesFuture {
    req: Option<HttpRequest>,
    state: State,
    /// The table's error format when it is not text (text needs no second rendering).
    format: Option<ErrorFormat>,
    /// A chunked body the answer may leave unread, which must then close the connection.
    held: Held,
}

enum State {
    Ready(Option<HttpResponse>),
    Running(LocalBoxFuture<'static, HttpResponse>),
}

impl RoutesFuture {
    /// The answer is known already.
    pub(crate) fn ready(req: HttpRequest, res: HttpResponse, format: &ErrorFormat, held: Held) -> Self {
        RoutesFuture { req: Some(req), state: State::Ready(Some(res)), format: other_than_text(format), held }
    }

    /// The handler runs.
    pub(crate) fn running(
        req: HttpRequest,
        handler: LocalBoxFuture<'static, HttpResponse>,
        format: &ErrorFormat,
        held: Held,
    ) -> Self {
        RoutesFuture { req: Some(req), state: State::Running(handler), format: other_than_text(format), held }
    }
}

fn other_than_text(format: &ErrorFormat) -> Option<ErrorFormat> {
    (!format.is_text()).then(|| format.clone())
}

/// What a panicking handler answers; the details stay in the server's log.
pub(crate) fn panicked(req: &HttpRequest, format: &ErrorFormat) -> HttpResponse {
    hook::panicked(req);
    format.render(&RookError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal server error"), Some(req))
}

/// The error of Rook's that `res` answers, if it answers one (a static directory's redirect is
/// not an error).
fn rook_error(res: &HttpResponse) -> Option<RookError> {
    crate::errors::rook_error(res.error()?)
}

impl std::future::Future for RoutesFuture {
    type Output = Result<ServiceResponse<BoxBody>, actix_web::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let req = this.req.as_ref().expect("polled after completion");
        let mut res = match &mut this.state {
            State::Ready(res) => res.take().expect("polled after completion"),
            State::Running(handler) => match catch_unwind(AssertUnwindSafe(|| {
                // `static_dir` learns whether the request path ends with `/` (the base itself
                // named without its slash is redirected).
                crate::static_files::in_request(req.path(), || handler.as_mut().poll(cx))
            })) {
                Ok(Poll::Pending) => return Poll::Pending,
                Ok(Poll::Ready(res)) => res,
                Err(_) => panicked(req, this.format.as_ref().unwrap_or(&ErrorFormat::Text)),
            },
        };
        if res.error().is_some() {
            // A static directory's 308 learns the request path and query here (docs/static.md).
            complete_redirect(req, &mut res);
            if let Some(format) = &this.format
                && let Some(err) = rook_error(&res)
            {
                res = format.render(&err, Some(req));
            }
        }
        let res = this.held.settle(res);
        Poll::Ready(Ok(ServiceResponse::new(this.req.take().expect("polled after completion"), res)))
    }
}
