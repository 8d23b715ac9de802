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

/// Serves the app on `listener` until SIGINT/SIGTERM.
pub fn serve(listener: TcpListener) -> io::Result<()> {
    actix_web::rt::System::new().block_on(HttpServer::new(|| App::new().service(app())).workers(1).listen(listener)?.run())
}
