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

/// Serves the app on `listener` until SIGINT/SIGTERM, mounted as the `App`'s `default_service`
/// (as the `app` server's service is, and as `rook::Server` mounts a table), which the `App`
/// calls without matching a resource first; with `ROOK_MOUNT=service`, with `App::service` (a
/// resource with an empty prefix, which the `App` matches on every request before calling it).
pub fn serve(listener: TcpListener) -> io::Result<()> {
    let service = std::env::var("ROOK_MOUNT").is_ok_and(|m| m == "service");
    let server = HttpServer::new(move || {
        let app = App::new();
        if service { app.service(routes::app()) } else { app.default_service(routes::app()) }
    });
    actix_web::rt::System::new().block_on(server.workers(1).listen(listener)?.run())
}
