//! The app in idiomatic actix-web: one `App::route` per route, one worker.

use std::io;
use std::net::TcpListener;

use actix_web::{App, HttpServer, web};
use e2e_common::{HELLO, Search};

mod routes;

async fn product(id: web::Path<u32>) -> String {
    format!("product {id}")
}

async fn search(query: web::Query<Search>) -> String {
    format!("{} {}", query.q, query.page)
}

/// Serves the app on `listener` until SIGINT/SIGTERM.
pub fn serve(listener: TcpListener) -> io::Result<()> {
    let app = || {
        let app = App::new()
            .route("/plaintext", web::get().to(|| async { "Hello, World!" }))
            .route("/json", web::get().to(|| async { web::Json(HELLO) }))
            .route("/catalogue/products/{id}", web::get().to(product))
            .route("/search", web::get().to(search));
        routes::github(app)
    };
    actix_web::rt::System::new().block_on(HttpServer::new(app).workers(1).listen(listener)?.run())
}
