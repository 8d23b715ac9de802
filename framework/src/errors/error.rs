//! [`RookError`]: an error Rook answers, as data.

use std::borrow::Cow;
use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};

/// An error that Rook answers by itself: its status, a one-line text saying what failed,
/// members naming what failed (the parameter, the limit…), and headers the answer must keep
/// (`Allow`, `WWW-Authenticate`, `Retry-After`, `Sec-WebSocket-Version`).
///
/// [`ErrorFormat`] renders it; as an actix-web [`ResponseError`] it renders as
/// [`ErrorFormat::Text`], and a mounted [`Routes`](crate::Routes) renders it again in its own
/// format.
///
/// ```
/// use rook::RookError;
/// use actix_web::http::StatusCode;
///
/// let err = RookError::new(StatusCode::BAD_REQUEST, "missing query parameter \"term\"")
///     .member("parameter", "term");
/// assert_eq!(err.status(), StatusCode::BAD_REQUEST);
/// assert_eq!(err.to_string(), "missing query parameter \"term\"");
/// assert_eq!(err.members().collect::<Vec<_>>(), [("parameter", "term")]);
/// ```
#[derive(Debug, Clone)]
pub struct RookError {
    status: StatusCode,
    detail: Cow<'static, str>,
    members: Vec<(&'static str, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    close: bool,
}

impl RookError {
    /// An error answering `status`, with `detail` as its one-line text.
    pub fn new(status: StatusCode, detail: impl Into<Cow<'static, str>>) -> Self {
        RookError { status, detail: detail.into(), members: Vec::new(), headers: Vec::new(), close: false }
    }

    /// Adds a member naming what failed, as `("parameter", "term")` or `("limit", "json_limit")`;
    /// problem+json carries it as a member of the object.
    pub fn member(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.members.push((name, value.into()));
        self
    }

    /// Adds a header that every format keeps.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Marks the answer as the connection's last (the rest of the request may still be on its way).
    pub fn close_connection(mut self) -> Self {
        self.close = true;
        self
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The one-line text saying what failed.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The members naming what failed, in the order they were added.
    pub fn members(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.members.iter().map(|(name, value)| (*name, value.as_str()))
    }

    /// The headers every format keeps.
    pub fn headers(&self) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> {
        self.headers.iter().map(|(name, value)| (name, value))
    }

    /// Whether the connection closes after the answer.
    pub fn closes_connection(&self) -> bool {
        self.close
    }
}

impl fmt::Display for RookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for RookError {}
