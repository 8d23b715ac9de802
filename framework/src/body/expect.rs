//! `Expect: 100-continue` (docs/bodies.md): a request whose `Content-Length` is over the limit that
//! applies to its `Content-Type` is refused on its headers with 413, before `100 Continue` is
//! sent, so the client never sends the body.
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

/// The 413 for a request that announces, in `headers`, a body over the limit of its type.
pub(crate) fn refuse(headers: &HeaderMap, config: &BodyConfig) -> Option<BodyError> {
    let declared: u64 = headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()?;
    let media = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let (limit, max) = limit_for(config, &essence(media))?;
    (declared > max as u64).then(|| BodyError::too_large(limit, max as u64))
}
