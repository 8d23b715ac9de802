//! Why a body was refused: the statuses of docs/bodies.md and their one-line messages.

use std::fmt;
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};

use crate::errors::error::RookError;

/// The `Retry-After` of a 503 for a body over the in-flight budget, in seconds.
const RETRY_AFTER_SECS: u64 = 1;

/// A limit of [`BodyConfig`](super::BodyConfig) that a body went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// `application/json` and `application/*+json` bodies ([`BodyConfig::json_limit`](super::BodyConfig::json_limit)).
    Json,
    /// `application/x-www-form-urlencoded` bodies ([`BodyConfig::form_limit`](super::BodyConfig::form_limit)).
    Form,
    /// `text/plain` bodies ([`BodyConfig::text_limit`](super::BodyConfig::text_limit)).
    Text,
    /// Bodies read for a custom [`BodyParser`](super::BodyParser) ([`BodyConfig::parser_limit`](super::BodyConfig::parser_limit)).
    Parser,
    /// A whole `multipart/form-data` body ([`BodyConfig::multipart_limit`](super::BodyConfig::multipart_limit)).
    Multipart,
    /// One multipart part ([`BodyConfig::part_limit`](super::BodyConfig::part_limit)).
    Part,
    /// The number of multipart parts ([`BodyConfig::max_parts`](super::BodyConfig::max_parts)).
    Parts,
    /// The header block of one multipart part, or the preamble before the first part
    /// ([`BodyConfig::part_header_limit`](super::BodyConfig::part_header_limit)).
    PartHeaders,
}

impl Limit {
    /// The `BodyConfig` setter that changes this limit, named in error messages so that whoever
    /// reads a 413 knows which knob to turn.
    pub fn setter(self) -> &'static str {
        match self {
            Limit::Json => "json_limit",
            Limit::Form => "form_limit",
            Limit::Text => "text_limit",
            Limit::Parser => "parser_limit",
            Limit::Multipart => "multipart_limit",
            Limit::Part => "part_limit",
            Limit::Parts => "max_parts",
            Limit::PartHeaders => "part_header_limit",
        }
    }
}

/// What kind of refusal a [`BodyError`] is; each maps to one status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyErrorKind {
    /// **415**: no parser for the `Content-Type`, or no `Content-Type` at all.
    Unsupported,
    /// **400**: the body is not well-formed for its media type (or could not be read).
    Malformed,
    /// **422**: well-formed, but it does not fit the expected type (missing or mistyped field).
    Unfit,
    /// **413**: the body went over a limit.
    TooLarge(Limit),
    /// **408**: the body did not arrive within the body timeout.
    Timeout,
    /// **503** with `Retry-After`: the bodies being read at once already use the memory budget
    /// ([`BodyConfig::in_flight_limit`](super::BodyConfig::in_flight_limit)).
    Busy,
}

/// The error of the [`Body`](super::Body) extractor.
///
/// As an actix-web [`ResponseError`] it answers its status with a `text/plain; charset=utf-8`
/// one-line body saying what was wrong. Take `Result<Body<T>, BodyError>` as a handler parameter
/// to answer such bodies yourself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    kind: BodyErrorKind,
    message: String,
}

impl BodyError {
    /// An error of `kind` with a one-line `message` (for custom extractors built on Rook's).
    pub fn new(kind: BodyErrorKind, message: impl Into<String>) -> Self {
        BodyError { kind, message: message.into() }
    }

    /// What kind of refusal this is.
    pub fn kind(&self) -> BodyErrorKind {
        self.kind
    }

    /// The one-line message sent as the response body.
    pub fn message(&self) -> &str {
        &self.message
    }

    pub(crate) fn malformed(message: impl fmt::Display) -> Self {
        BodyError::new(BodyErrorKind::Malformed, message.to_string())
    }

    /// A body that does not fit `T`; `path` is where in the body (serde_path_to_error's `.`
    /// for the top level, where the message itself names a missing field).
    pub(crate) fn unfit(path: &str, message: impl fmt::Display) -> Self {
        let message = if path.is_empty() || path == "." {
            format!("body does not fit: {message}")
        } else {
            format!("field `{path}`: {message}")
        };
        BodyError::new(BodyErrorKind::Unfit, message)
    }

    pub(crate) fn too_large(limit: Limit, bytes: u64) -> Self {
        let what = match limit {
            Limit::Json => "JSON body is larger than the JSON limit",
            Limit::Form => "form body is larger than the form limit",
            Limit::Text => "text body is larger than the text limit",
            Limit::Parser => "body is larger than the parser limit",
            Limit::Multipart => "multipart body is larger than the multipart limit",
            Limit::Part => "a multipart part is larger than the part limit",
            Limit::Parts => "multipart body has more parts than the part count limit",
            Limit::PartHeaders => "multipart part headers (or the preamble) are longer than the part header limit",
        };
        let unit = if limit == Limit::Parts { "parts" } else { "bytes" };
        BodyError::new(
            BodyErrorKind::TooLarge(limit),
            format!("{what} of {bytes} {unit} (BodyConfig::{})", limit.setter()),
        )
    }

    pub(crate) fn timeout(after: Duration) -> Self {
        BodyError::new(
            BodyErrorKind::Timeout,
            format!("request body not received within {:?} (BodyConfig::timeout)", after),
        )
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BodyError {}

impl From<&BodyError> for RookError {
    fn from(err: &BodyError) -> RookError {
        let status = match err.kind {
            BodyErrorKind::Unsupported => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            BodyErrorKind::Malformed => StatusCode::BAD_REQUEST,
            BodyErrorKind::Unfit => StatusCode::UNPROCESSABLE_ENTITY,
            BodyErrorKind::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            BodyErrorKind::Timeout => StatusCode::REQUEST_TIMEOUT,
            BodyErrorKind::Busy => StatusCode::SERVICE_UNAVAILABLE,
        };
        let out = RookError::new(status, err.message.clone());
        match err.kind {
            BodyErrorKind::TooLarge(limit) => out.member("limit", limit.setter()),
            // The rest of the body may still be on its way: this connection cannot be reused.
            BodyErrorKind::Timeout => out.close_connection(),
            BodyErrorKind::Busy => out.header(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS)),
            _ => out,
        }
    }
}
