//! The app in axum 0.8, shared by the HTTP/1.1 server (`axum`) and the HTTP/2 + TLS one
//! (`axum-h2`).

use axum::extract::{Path, Query};
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

/// The routes every server of the benchmark answers.
pub fn app() -> Router {
    let app = Router::new()
        .route("/plaintext", get(|| async { "Hello, World!" }))
        .route("/json", get(|| async { Json(HELLO) }))
        .route("/catalogue/products/{id}", get(product))
        .route("/search", get(search));
    routes::github(app)
}
