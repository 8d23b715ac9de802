//! [`StaticError`]: why a static file was not served, and the status that says so.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};

use crate::errors::error::RookError;

/// Why a static file was not served. It is a `ResponseError`: its status is the one docs/static.md
/// gives, its body a short `text/plain` line that never reveals a file-system path.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StaticError {
    /// **403**: a segment is `..`, `.`, empty, or contains `/`, `\` or NUL; the text says which.
    ForbiddenSegment(&'static str),
    /// **403**: the path resolves (through symlinks) outside the base directory.
    OutsideBase,
    /// **403**: the file system refused access.
    PermissionDenied,
    /// **404**: a dot-file segment while hidden files are not served. Answered exactly like
    /// [`NotFound`](StaticError::NotFound), so it does not reveal that the file exists.
    Hidden,
    /// **404**: nothing to serve there (missing file or base, not a regular file, a directory
    /// without an index, a trailing slash after a file).
    NotFound,
    /// **308**: a directory named without its trailing slash (`/docs`). The answer's `Location`
    /// is the request path with `/` appended, query kept, when Rook's router serves the
    /// request; answered elsewhere (a plain actix-web handler), it is the relative reference
    /// `to`, which resolves to the same path but cannot carry the query.
    Redirect {
        /// The last segment, percent-encoded, with `/` appended (`docs/`).
        to: String,
    },
    /// **500**: a `.mime(ext, media_type)` whose media type does not parse.
    InvalidMediaType {
        /// The extension of the requested file.
        ext: String,
        /// The configured media type.
        media_type: String,
    },
}

impl fmt::Display for StaticError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StaticError::ForbiddenSegment(why) => f.write_str(why),
            StaticError::OutsideBase => f.write_str("path leads outside the served directory"),
            StaticError::PermissionDenied => f.write_str("permission denied"),
            StaticError::Hidden | StaticError::NotFound => f.write_str("not found"),
            StaticError::Redirect { to } if to.is_empty() => {
                write!(f, "this is a directory: see its path with a trailing slash")
            }
            StaticError::Redirect { to } => write!(f, "this is a directory: see {to}"),
            StaticError::InvalidMediaType { ext, media_type } => {
                write!(f, "static files: invalid media type {media_type:?} configured for .{ext}")
            }
        }
    }
}

impl std::error::Error for StaticError {}

impl StaticError {
    /// The status it answers: 403, 404, 308 or 500.
    pub fn status(&self) -> StatusCode {
        match self {
            StaticError::ForbiddenSegment(_) | StaticError::OutsideBase | StaticError::PermissionDenied => {
                StatusCode::FORBIDDEN
            }
            StaticError::Hidden | StaticError::NotFound => StatusCode::NOT_FOUND,
            StaticError::Redirect { .. } => StatusCode::PERMANENT_REDIRECT,
            StaticError::InvalidMediaType { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<&StaticError> for RookError {
    fn from(err: &StaticError) -> RookError {
        let out = RookError::new(err.status(), err.to_string());
        match err {
            StaticError::Redirect { to } if !to.is_empty() => match HeaderValue::from_str(to) {
                Ok(location) => out.header(header::LOCATION, location),
                Err(_) => out,
            },
            _ => out,
        }
    }
}
