//! `PORT=8080 axum`: the app in axum 0.8 on a current-thread Tokio runtime (one worker).

use std::io;

use axum::extract::{Path, Query};
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::{Json, Router};
use e2e_common::{HELLO, Search};

mod routes;

async fn product(Path(id): Path<u32>) -> String {
    format!("product {id}")
}

async fn search(Query(query): Query<Search>) -> String {
    format!("{} {}", query.q, query.page)
}

fn app() -> Router {
    let app = Router::new()
        .route("/plaintext", get(|| async { "Hello, World!" }))
        .route("/json", get(|| async { Json(HELLO) }))
        .route("/catalogue/products/{id}", get(product))
        .route("/search", get(search));
    routes::github(app)
}

fn main() -> io::Result<()> {
    let listener = e2e_common::listener()?;
    listener.set_nonblocking(true)?;
    tokio::runtime::Builder::new_current_thread().enable_io().build()?.block_on(async {
        // actix-http turns Nagle off on every connection; so does this, for an even match.
        let listener = tokio::net::TcpListener::from_std(listener)?.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, app()).await
    })
}
