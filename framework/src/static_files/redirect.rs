//! A directory named without its trailing slash: the `Location` of its **308**.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use percent_encoding::AsciiSet;

use super::StaticError;
use crate::pchar::PCHAR;

/// Makes the `Location` of a [`StaticError::Redirect`] in `res` the request path with `/`
/// appended, query kept (docs/static.md); other responses are left alone. Rook's router calls it on
/// every handler's response, where the request is known (a `ResponseError` never sees it).
pub(crate) fn complete_redirect(req: &HttpRequest, res: &mut HttpResponse) {
    if res.status() != StatusCode::PERMANENT_REDIRECT {
        return;
    }
    let is_ours = res
        .error()
        .and_then(|err| err.as_error::<StaticError>())
        .is_some_and(|err| matches!(err, StaticError::Redirect { .. }));
    if !is_ours {
        return;
    }
    // The base directory asked for at a path that ends with `/` already (`get / =>
    // static_dir(base, &[])`): no path with a slash added names it, so it is not found.
    if req.path().ends_with('/') {
        *res = HttpResponse::from_error(StaticError::NotFound);
        return;
    }
    // Leading slashes collapse to one: `//host/docs` must not become a scheme-relative URL.
    let path = format!("/{}/", req.path().trim_start_matches('/'));
    let location = match req.uri().query() {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    if let Ok(value) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, value);
    }
}

/// What stays unescaped in a relative `Location`: RFC 3986 `pchar`s except `:` (a first segment
/// with `:` would read as a scheme); a `%` in a decoded segment is a literal, escaped too.
pub(super) const SEGMENT: &AsciiSet = &PCHAR.add(b':');
