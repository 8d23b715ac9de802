//! The app in axum 0.8, shared by the HTTP/1.1 server (`axum`) and the HTTP/2 + TLS one
//! (`axum-h2`).

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::request::Parts;
use axum::http::{HeaderName, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use e2e_common::{HELLO, Search};

mod routes;

async fn product(Path(id): Path<u32>) -> String {
    format!("product {id}")
}

async fn search(Query(query): Query<Search>) -> String {
    format!("{} {}", query.q, query.page)
}

/// The caller of `GET /me`, an extractor: `Authorization: Bearer let-me-in`
/// ([`e2e_common::TOKEN`], the scheme in any case); anything else is refused with 401 and
/// `WWW-Authenticate: Bearer`, Rook's answer byte for byte.
pub struct Caller;

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = (StatusCode, [(HeaderName, &'static str); 1], &'static str);

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("Bearer"))
            .map(|(_, token)| token.trim_matches(' '));
        match token {
            Some(e2e_common::TOKEN) => Ok(Caller),
            _ => Err((StatusCode::UNAUTHORIZED, [(WWW_AUTHENTICATE, "Bearer")], e2e_common::UNAUTHORIZED)),
        }
    }
}

async fn me(_caller: Caller) -> &'static str {
    e2e_common::WELCOME
}

/// The routes every server of the benchmark answers.
pub fn app() -> Router {
    let app = Router::new()
        .route("/plaintext", get(|| async { "Hello, World!" }))
        .route("/json", get(|| async { Json(HELLO) }))
        .route("/catalogue/products/{id}", get(product))
        .route("/search", get(search))
        .route("/me", get(me));
    routes::github(app)
}
