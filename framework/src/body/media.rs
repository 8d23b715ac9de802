//! The media types Rook parses a `Body<T>` from by itself, listed once: which one a request's
//! `Content-Type` names, the limit its body is read to, and how a 415 and the OpenAPI document
//! name them.

use super::config::BodyConfig;
use super::error::Limit;
use crate::media::is_json;

/// A built-in body media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BuiltIn {
    /// `application/json` and `application/*+json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/plain`, for `Body<String>` only.
    Text,
}

impl BuiltIn {
    /// Every built-in media type, in the order a 415 and the OpenAPI document list them.
    pub(crate) const ALL: [BuiltIn; 4] = [BuiltIn::Json, BuiltIn::Form, BuiltIn::Multipart, BuiltIn::Text];

    /// The built-in type a `Content-Type` essence names, if any.
    pub(crate) fn of(essence: &str) -> Option<BuiltIn> {
        match essence {
            e if is_json(e) => Some(BuiltIn::Json),
            "application/x-www-form-urlencoded" => Some(BuiltIn::Form),
            "multipart/form-data" => Some(BuiltIn::Multipart),
            "text/plain" => Some(BuiltIn::Text),
            _ => None,
        }
    }

    /// Its media type as documented (`application/json` for every JSON one).
    pub(crate) fn media_type(self) -> &'static str {
        match self {
            BuiltIn::Json => "application/json",
            BuiltIn::Form => "application/x-www-form-urlencoded",
            BuiltIn::Multipart => "multipart/form-data",
            BuiltIn::Text => "text/plain",
        }
    }

    /// The names a 415 lists for it.
    pub(crate) fn accepted(self) -> &'static [&'static str] {
        match self {
            BuiltIn::Json => &["application/json", "application/*+json"],
            BuiltIn::Form => &["application/x-www-form-urlencoded"],
            BuiltIn::Multipart => &["multipart/form-data"],
            BuiltIn::Text => &["text/plain"],
        }
    }

    /// The limit its body is read to.
    pub(crate) fn limit(self, config: &BodyConfig) -> (Limit, usize) {
        match self {
            BuiltIn::Json => (Limit::Json, config.json_limit),
            BuiltIn::Form => (Limit::Form, config.form_limit),
            BuiltIn::Multipart => (Limit::Multipart, config.multipart_limit),
            BuiltIn::Text => (Limit::Text, config.text_limit),
        }
    }
}
