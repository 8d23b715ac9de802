//! `Expect: 100-continue` (docs/bodies.md): a request whose `Content-Length` is over the limit that
//! applies to its `Content-Type` is refused on its headers with 413, and one whose
//! `Content-Type` no parser reads (or that has none) with 415, before `100 Continue` is sent, so
//! the client never sends the body.
//!
//! actix-http writes `100 Continue` as soon as the server's *expect service* accepts the request,
//! before the application (and so any route or extractor) sees it: the decision has to be made
//! there, from the headers and the [`BodyConfig`] of the served routes. [`refuse`] is that
//! decision; `rook::Server` installs it as its expect service.

use actix_web::http::header::{self, HeaderMap};

use super::config::BodyConfig;
use super::error::{BodyError, Limit};
use crate::media::essence;

/// The limit a body of media type `essence` is read to, or `None` when no built-in or
/// registered parser reads that type (a route may still take such a body another way).
fn limit_for(config: &BodyConfig, essence: &str) -> Option<(Limit, usize)> {
    if config.parser_for(essence).is_some() {
        return Some((Limit::Parser, config.parser_limit));
    }
    super::media::BuiltIn::of(essence).map(|kind| kind.limit(config))
}

/// The refusal, on its headers, of a request that asks for `100 Continue`: **415** when no
/// parser reads its `Content-Type` (or it has none: docs/bodies.md; a `Body<T>` would answer 415 after
/// the client had sent the body), **413** when its `Content-Length` is over the limit of its type.
pub(crate) fn refuse(headers: &HeaderMap, config: &BodyConfig) -> Option<BodyError> {
    let media = match headers.get(header::CONTENT_TYPE).map(|v| v.to_str().map(essence)) {
        Some(Ok(media)) => media,
        Some(Err(_)) => return Some(unsupported("unreadable Content-Type", config)),
        None => return Some(unsupported("no Content-Type", config)),
    };
    let Some((limit, max)) = limit_for(config, &media) else {
        return Some(unsupported(&format!("unsupported Content-Type \"{media}\""), config));
    };
    let declared: u64 = headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()?;
    (declared > max as u64).then(|| BodyError::too_large(limit, max as u64))
}

/// A 415 listing every media type a parser reads (`text/plain` included: a `Body<String>` may
/// take it).
fn unsupported(what: &str, config: &BodyConfig) -> BodyError {
    super::unsupported_media(what, config, true)
}
