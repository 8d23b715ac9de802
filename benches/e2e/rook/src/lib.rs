//! The app in Rook, mounted in an actix-web `App` with one worker.

use std::io;
use std::net::TcpListener;

use actix_web::{App, HttpRequest, HttpServer};
use rook::{AuthError, Authenticate, Bearer};

mod routes;

pub use routes::app;

/// The caller of `GET /me`: `Authorization: Bearer let-me-in` ([`e2e_common::TOKEN`]); any
/// other request is refused with 401 and `WWW-Authenticate: Bearer`.
pub struct Caller;

impl Authenticate for Caller {
    async fn authenticate(req: &HttpRequest) -> Result<Self, AuthError> {
        let bearer = Bearer::authenticate(req).await?;
        if bearer.token() == e2e_common::TOKEN { Ok(Caller) } else { Err(Bearer::challenge()) }
    }
}

/// Serves the app on `listener` until SIGINT/SIGTERM, mounted as `rook::serve` and
/// `rook::Server` mount a table (`Routes::into_app`: the table is the whole `App`, which calls it
/// without matching a resource and without boxing its future). `ROOK_MOUNT=default` mounts it as
/// the `App`'s `default_service` (as the `app` server's service is), `ROOK_MOUNT=service` with
/// `App::service` (a resource with an empty prefix, which the `App` matches first).
pub fn serve(listener: TcpListener) -> io::Result<()> {
    let system = actix_web::rt::System::new();
    match std::env::var("ROOK_MOUNT").as_deref() {
        Ok("service") => {
            system.block_on(HttpServer::new(|| App::new().service(routes::app())).workers(1).listen(listener)?.run())
        }
        Ok("default") => system
            .block_on(HttpServer::new(|| App::new().default_service(routes::app())).workers(1).listen(listener)?.run()),
        _ => system.block_on(HttpServer::new(|| routes::app().into_app()).workers(1).listen(listener)?.run()),
    }
}
