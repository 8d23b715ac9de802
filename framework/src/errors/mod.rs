//! Every error Rook itself answers, as data ([`RookError`]), and the one place that renders
//! it ([`ErrorFormat`], docs/routing.md#statuses-the-router-answers).
//!
//! The router, bodies, static files, the WebSocket handshake and the panic guard describe what
//! went wrong as their own error types (`RouterError`, `BodyError`, `StaticError`,
//! `HandshakeError`); each converts into a [`RookError`], and only [`ErrorFormat`] turns one into
//! a response.

mod error;
mod format;

pub use error::RookError;
pub use format::ErrorFormat;
