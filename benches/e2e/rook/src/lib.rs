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

/// Serves the app on `listener` until SIGINT/SIGTERM: mounted with `App::service`, or with
/// `ROOK_MOUNT=default` as the `App`'s `default_service` (as the `app` server's service is),
/// which spares the `App` matching its one resource before calling it.
pub fn serve(listener: TcpListener) -> io::Result<()> {
    let default = std::env::var("ROOK_MOUNT").is_ok_and(|m| m == "default");
    let server = HttpServer::new(move || {
        let app = App::new();
        if default { app.default_service(routes::app()) } else { app.service(routes::app()) }
    });
    actix_web::rt::System::new().block_on(server.workers(1).listen(listener)?.run())
}
