//! The opening handshake: which upgrade requests are refused, and with which status.

use std::fmt;

use actix_http::ws::{HandshakeError as Malformed, verify_handshake};
use actix_web::http::header;
use actix_web::http::uri::{Authority, Uri};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};

use super::config::WsConfig;

/// Why a request could not be upgraded to a WebSocket.
///
/// As an actix-web [`ResponseError`] it answers with its status and a one-line
/// `text/plain; charset=utf-8` body naming the header at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl ResponseError for HandshakeError {
    fn status_code(&self) -> StatusCode {
        match self {
            HandshakeError::NotGet => StatusCode::METHOD_NOT_ALLOWED,
            HandshakeError::NotUpgrade(_) => StatusCode::BAD_REQUEST,
            HandshakeError::Version => StatusCode::UPGRADE_REQUIRED,
            HandshakeError::ForeignOrigin(_) => StatusCode::FORBIDDEN,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        match self {
            HandshakeError::NotGet => {
                res.insert_header((header::ALLOW, "GET"));
            }
            HandshakeError::Version => {
                res.insert_header((header::SEC_WEBSOCKET_VERSION, "13"));
            }
            _ => {}
        }
        res.content_type("text/plain; charset=utf-8").body(self.to_string())
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

/// Whether the page at `origin` was served by the `host` (the `Host` header) it connects to.
fn same_host(origin: &str, host: &str) -> bool {
    let (Ok(origin), Ok(host)) = (origin.parse::<Uri>(), host.parse::<Authority>()) else { return false };
    let Some(origin_host) = origin.host() else { return false };
    let default_port = default_port(origin.scheme_str());
    origin_host.eq_ignore_ascii_case(host.host())
        && origin.port_u16().or(default_port) == host.port_u16().or(default_port)
}

fn default_port(scheme: Option<&str>) -> Option<u16> {
    match scheme?.to_ascii_lowercase().as_str() {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

/// The form origins are compared in: lower case, the scheme's default port dropped, so
/// `HTTPS://Example.com:443` and `https://example.com` are one origin. Text that is not a URL
/// (such as `null`) is only lower-cased.
pub(crate) fn canonical_origin(origin: &str) -> String {
    let Ok(uri) = origin.trim_end_matches('/').parse::<Uri>() else { return origin.to_ascii_lowercase() };
    let (Some(scheme), Some(host)) = (uri.scheme_str(), uri.host()) else { return origin.to_ascii_lowercase() };
    let mut canonical = format!("{}://{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase());
    if let Some(port) = uri.port_u16().filter(|port| Some(*port) != default_port(Some(scheme))) {
        canonical.push_str(&format!(":{port}"));
    }
    canonical
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_host_compares_host_and_effective_port() {
        assert!(same_host("http://example.com", "example.com"));
        assert!(same_host("http://Example.COM:80", "example.com"));
        assert!(same_host("https://example.com", "example.com:443"));
        assert!(same_host("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assert!(same_host("http://[::1]:8080", "[::1]:8080"));
        assert!(!same_host("http://127.0.0.1:8081", "127.0.0.1:8080"));
        assert!(!same_host("http://evil.example", "example.com"));
        assert!(!same_host("https://example.com", "example.com:80"));
        assert!(!same_host("null", "example.com"));
        assert!(!same_host("", "example.com"));
    }

    #[test]
    fn canonical_origins() {
        assert_eq!(canonical_origin("HTTPS://App.Example.com:443"), "https://app.example.com");
        assert_eq!(canonical_origin("http://a.example:8080/"), "http://a.example:8080");
        assert_eq!(canonical_origin("null"), "null");
    }
}
