//! Reading a whole body into memory, never further than its limit.

use actix_web::HttpRequest;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::{Bytes, BytesMut};
use futures_util::StreamExt;

use super::budget::Share;
use super::config::BodyConfig;
use super::error::{BodyError, Limit};

/// The declared `Content-Length`, when there is a valid one.
pub(crate) fn content_length(req: &HttpRequest) -> Option<u64> {
    req.headers().get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

/// Reads the whole payload, refusing (413) as soon as it is known to exceed `max` bytes: from
/// `Content-Length` before reading anything, else at the chunk that goes over.
pub(crate) async fn read_to_limit(
    req: &HttpRequest,
    payload: &mut Payload,
    limit: Limit,
    max: usize,
) -> Result<Bytes, BodyError> {
    let declared = content_length(req);
    if declared.is_some_and(|len| len > max as u64) {
        return Err(BodyError::too_large(limit, max as u64));
    }
    // The memory this body holds counts toward the budget of all bodies in flight.
    // Trusting a small declared length for the allocation is safe: it is capped by `max`.
    let declared = declared.unwrap_or(0) as usize;
    let mut share = Share::new(BodyConfig::of(req).in_flight_limit, declared)?;
    let mut body = BytesMut::with_capacity(declared);
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| BodyError::malformed(format!("could not read the body: {e}")))?;
        if body.len() + chunk.len() > max {
            return Err(BodyError::too_large(limit, max as u64));
        }
        share.take(chunk.len())?;
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
