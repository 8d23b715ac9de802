//! The opening handshake: which upgrade requests are refused, and with which status.

use std::fmt;

use actix_http::ws::{HandshakeError as Malformed, verify_handshake};
use actix_web::HttpRequest;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};

use super::config::WsConfig;
use super::origin::same_host;
use crate::errors::error::RookError;

/// Why a request could not be upgraded to a WebSocket.
///
/// As an actix-web [`ResponseError`] it answers with its status and a one-line body naming the
/// header at fault (a [`RookError`], in the table's error format).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HandshakeError {
    /// **405** (with `Allow: GET`): an upgrade must be a GET.
    NotGet,
    /// **400**: `Upgrade: websocket`, `Connection: upgrade`, `Sec-WebSocket-Version` or a valid
    /// `Sec-WebSocket-Key` is missing; the text says which.
    NotUpgrade(&'static str),
    /// **426** (with `Sec-WebSocket-Version: 13`): the client speaks another protocol version.
    Version,
    /// **403**: the page's `Origin` is another host and not in [`WsConfig`]'s allow-list.
    ForeignOrigin(String),
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandshakeError::NotGet => f.write_str("a WebSocket upgrade must be a GET request"),
            HandshakeError::NotUpgrade(what) => write!(f, "not a WebSocket upgrade: {what}"),
            HandshakeError::Version => f.write_str("unsupported Sec-WebSocket-Version; this server speaks 13"),
            HandshakeError::ForeignOrigin(origin) => {
                write!(f, "origin {origin:?} is not allowed to open this WebSocket")
            }
        }
    }
}

impl std::error::Error for HandshakeError {}

impl HandshakeError {
    /// The status it answers: 405, 400, 426 or 403.
    pub fn status(&self) -> StatusCode {
        match self {
            HandshakeError::NotGet => StatusCode::METHOD_NOT_ALLOWED,
            HandshakeError::NotUpgrade(_) => StatusCode::BAD_REQUEST,
            HandshakeError::Version => StatusCode::UPGRADE_REQUIRED,
            HandshakeError::ForeignOrigin(_) => StatusCode::FORBIDDEN,
        }
    }
}

impl From<&HandshakeError> for RookError {
    fn from(err: &HandshakeError) -> RookError {
        let out = RookError::new(err.status(), err.to_string());
        match err {
            HandshakeError::NotGet => out.header(header::ALLOW, HeaderValue::from_static("GET")),
            HandshakeError::Version => out.header(header::SEC_WEBSOCKET_VERSION, HeaderValue::from_static("13")),
            HandshakeError::NotUpgrade(what) => out.member("header", *what),
            HandshakeError::ForeignOrigin(_) => out,
        }
    }
}

/// Checks an upgrade request: RFC 6455 well-formedness (actix-http's check), then the origin.
pub(crate) fn check(req: &HttpRequest, config: &WsConfig) -> Result<(), HandshakeError> {
    verify_handshake(req.head()).map_err(|err| match err {
        Malformed::GetMethodRequired => HandshakeError::NotGet,
        Malformed::NoWebsocketUpgrade => HandshakeError::NotUpgrade("expected the header `Upgrade: websocket`"),
        Malformed::NoConnectionUpgrade => HandshakeError::NotUpgrade("expected the header `Connection: upgrade`"),
        Malformed::NoVersionHeader => HandshakeError::NotUpgrade("missing header Sec-WebSocket-Version"),
        Malformed::UnsupportedVersion => HandshakeError::Version,
        Malformed::BadWebsocketKey => HandshakeError::NotUpgrade("missing or malformed header Sec-WebSocket-Key"),
    })?;
    debug_assert_eq!(req.method(), Method::GET);
    // Non-browser clients send no Origin; only browsers need protecting from cross-site pages.
    let Some(origin) = req.headers().get(header::ORIGIN) else { return Ok(()) };
    let origin = origin.to_str().unwrap_or("");
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok());
    if host.is_some_and(|host| same_host(origin, host)) || config.allows_origin(origin) {
        Ok(())
    } else {
        Err(HandshakeError::ForeignOrigin(origin.to_owned()))
    }
}
