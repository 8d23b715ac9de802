//! Every error Rook itself answers, as data ([`RookError`]), and the one place that renders
//! it ([`ErrorFormat`], docs/routing.md#statuses-the-router-answers).
//!
//! The router, bodies, static files, the WebSocket handshake and the panic guard describe what
//! went wrong as their own error types (`RouterError`, `BodyError`, `StaticError`,
//! `HandshakeError`); each converts into a [`RookError`], and only [`ErrorFormat`] turns one into
//! a response.

pub(crate) mod error;
mod format;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::auth::AuthError;
use crate::body::BodyError;
use crate::router::rejection::RouterError;
use crate::static_files::StaticError;
use crate::ws::HandshakeError;

/// The one mapping from Rook's error types to responses: each answers as the [`RookError`] it
/// converts into (so that a handler may return one too, and a mounted `Routes` renders it in
/// its error format), and [`rook_error`] finds that `RookError` again in an answered error.
macro_rules! answered_as_rook_error {
    ($($ty:ty),* $(,)?) => {
        $(
            impl ResponseError for $ty {
                fn status_code(&self) -> StatusCode {
                    RookError::from(self).status()
                }

                fn error_response(&self) -> HttpResponse {
                    RookError::from(self).error_response()
                }
            }
        )*

        /// The [`RookError`] an answered `err` is, if it is one of Rook's (a static
        /// directory's redirect is not an error).
        pub(crate) fn rook_error(err: &actix_web::Error) -> Option<RookError> {
            if let Some(StaticError::Redirect { .. }) = err.as_error::<StaticError>() {
                return None;
            }
            err.as_error::<RookError>().cloned()
                $(.or_else(|| err.as_error::<$ty>().map(RookError::from)))*
        }
    };
}

answered_as_rook_error!(RouterError, BodyError, StaticError, HandshakeError, AuthError);

pub use error::RookError;
pub use format::ErrorFormat;
