//! The client: one JavaScript file, no dependencies and no build step, served at
//! [`SCRIPT_PATH`].

use actix_web::HttpResponse;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue};

/// Where pages of live views load the client from.
pub const SCRIPT_PATH: &str = "/_rook/live.js";

/// The client's source.
pub const SCRIPT: &str = include_str!("live.js");

/// Answers a GET of [`SCRIPT_PATH`] with the client: mount it with
/// `route! { get "_rook" / "live.js" => rook::live::script() }`.
pub fn script() -> HttpResponse {
    let mut response = HttpResponse::Ok().body(SCRIPT);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    response
}
