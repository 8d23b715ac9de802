//! Reading `Authorization: <scheme> <credentials>` strictly: one header, visible ASCII, the
//! scheme named (case-insensitively), credentials present and within the limit.

use actix_web::HttpRequest;
use actix_web::http::header;

/// The credentials of the request's `Authorization` header for `scheme`, or `None` when the
/// header is absent, repeated, not visible ASCII, of another scheme, empty after the scheme,
/// or longer than `limit` bytes.
pub(super) fn credentials<'r>(req: &'r HttpRequest, scheme: &str, limit: usize) -> Option<&'r str> {
    let mut values = req.headers().get_all(header::AUTHORIZATION);
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    let text = value.to_str().ok()?;
    let (name, rest) = text.split_once(' ')?;
    if !name.eq_ignore_ascii_case(scheme) {
        return None;
    }
    let credentials = rest.trim_matches(' ');
    (!credentials.is_empty() && credentials.len() <= limit).then_some(credentials)
}
