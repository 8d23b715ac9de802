//! The answers the router gives by itself when no route handles a request (SPEC §5).

use std::fmt;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};

use crate::method::Methods;
use crate::params::ParamError;
use crate::path::PathError;

/// Why the router answered a request itself.
///
/// As an actix-web [`ResponseError`] it becomes a `text/plain; charset=utf-8` response with a
/// one-line body saying what failed, and `Allow` on a 405.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouterError {
    /// **400**: the path has a malformed escape or is not UTF-8 once decoded.
    BadPath(PathError),
    /// **400**: a route's path and method fit, but a query, header or cookie parameter did not
    /// bind (the first such failure in candidate order).
    BadParam(ParamError),
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
            RouterError::MethodNotAllowed(allowed) => {
                write!(f, "method not allowed; allowed: {}", allowed.allow_header())
            }
            RouterError::NotFound => f.write_str("no route matches this path"),
        }
    }
}

impl std::error::Error for RouterError {}

impl ResponseError for RouterError {
    fn status_code(&self) -> StatusCode {
        match self {
            RouterError::BadPath(_) | RouterError::BadParam(_) => StatusCode::BAD_REQUEST,
            RouterError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            RouterError::NotFound => StatusCode::NOT_FOUND,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        if let RouterError::MethodNotAllowed(allowed) = self {
            res.insert_header((header::ALLOW, allowed.allow_header()));
        }
        res.content_type("text/plain; charset=utf-8").body(self.to_string())
    }
}
