//! [`AuthError`]: why an `auth` parameter refused a request.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};

use crate::errors::error::RookError;

/// Why [`Authenticate::authenticate`](super::Authenticate::authenticate) refused a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthError {
    /// **401**: the caller is not known; `challenge` is the `WWW-Authenticate` value telling
    /// how to authenticate (`Bearer`, `Basic realm="admin"`).
    Unauthenticated {
        /// The `WWW-Authenticate` header of the answer.
        challenge: HeaderValue,
    },
    /// **403**: the caller is known and not allowed.
    Forbidden,
}

impl AuthError {
    /// [`AuthError::Unauthenticated`] with the challenge `challenge`.
    pub fn unauthenticated(challenge: HeaderValue) -> AuthError {
        AuthError::Unauthenticated { challenge }
    }

    /// The status it answers: 401 or 403.
    pub fn status(&self) -> StatusCode {
        match self {
            AuthError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            AuthError::Forbidden => StatusCode::FORBIDDEN,
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthError::Unauthenticated { .. } => "authentication required",
            AuthError::Forbidden => "forbidden",
        })
    }
}

impl std::error::Error for AuthError {}

/// The one-line text, and `WWW-Authenticate` on a 401 (kept by every error format).
impl From<&AuthError> for RookError {
    fn from(err: &AuthError) -> RookError {
        let out = RookError::new(err.status(), err.to_string());
        match err {
            AuthError::Unauthenticated { challenge } => out.header(header::WWW_AUTHENTICATE, challenge.clone()),
            AuthError::Forbidden => out,
        }
    }
}
