//! The answers the router gives by itself when no route handles a request (docs/routing.md#statuses-the-router-answers).

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};

use super::method::Methods;
use super::params::ParamError;
use super::path::PathError;
use crate::auth::error::AuthError;
use crate::errors::error::RookError;

/// Why the router answered a request itself.
///
/// It converts into a [`RookError`] (the one-line text saying what failed, `"parameter"` naming a
/// parameter that did not bind, `Allow` on a 405), rendered in the table's error format.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RouterError {
    /// **400**: the path has a malformed escape or is not UTF-8 once decoded.
    BadPath(PathError),
    /// **400**: a route's path and method fit, but a query, header or cookie parameter did not
    /// bind (the first such failure in candidate order).
    BadParam(ParamError),
    /// **401** / **403**: a route's path and method fit, but its `auth` parameter refused the
    /// request (the first refusal in candidate order; docs/routing.md#statuses-the-router-answers, docs/auth.md).
    Unauthorized(AuthError),
    /// **405**: some route fits the path, none the method; the methods that do fit.
    MethodNotAllowed(Methods),
    /// **404**: no route fits the path.
    NotFound,
}

impl fmt::Display for RouterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouterError::BadPath(e) => e.fmt(f),
            RouterError::BadParam(e) => e.fmt(f),
            RouterError::Unauthorized(e) => e.fmt(f),
            RouterError::MethodNotAllowed(allowed) => {
                write!(f, "method not allowed; allowed: {}", allowed.allow_header())
            }
            RouterError::NotFound => f.write_str("no route matches this path"),
        }
    }
}

impl std::error::Error for RouterError {}

impl From<&RouterError> for RookError {
    fn from(err: &RouterError) -> RookError {
        if let RouterError::Unauthorized(e) = err {
            return RookError::from(e);
        }
        let status = match err {
            RouterError::BadPath(_) | RouterError::BadParam(_) => StatusCode::BAD_REQUEST,
            RouterError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            RouterError::NotFound => StatusCode::NOT_FOUND,
            RouterError::Unauthorized(e) => e.status(),
        };
        let out = RookError::new(status, err.to_string());
        match err {
            RouterError::BadParam(e) => out.member("parameter", e.name),
            RouterError::MethodNotAllowed(allowed) => {
                let allow = HeaderValue::from_str(&allowed.allow_header()).expect("method names are header-safe");
                out.header(header::ALLOW, allow)
            }
            RouterError::BadPath(_) | RouterError::NotFound | RouterError::Unauthorized(_) => out,
        }
    }
}
