//! The app in Rook, mounted in an actix-web `App` with one worker.

use std::io;
use std::net::TcpListener;

use actix_web::{App, HttpServer};

mod routes;

pub use routes::app;

/// Serves the app on `listener` until SIGINT/SIGTERM.
pub fn serve(listener: TcpListener) -> io::Result<()> {
    actix_web::rt::System::new().block_on(HttpServer::new(|| App::new().service(app())).workers(1).listen(listener)?.run())
}
