//! The `App` floor: actix-web's `App` with nothing in it but one `default_service` answering
//! `Hello, World!` (text/plain) to every request, in `HttpServer` with one worker — what the
//! `App` itself costs, between the bare actix-http floor and Rook mounted in an `App`.
//!
//! The service is a plain `fn_service`, as Rook's `Routes` is a plain service (no handler or
//! extractor machinery), and its response is built the way Rook builds a text reply, so that
//! Rook minus this server is what Rook's own service adds.

use std::io;
use std::net::TcpListener;

use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
use actix_web::{App, HttpResponse, HttpServer};

async fn hello(req: ServiceRequest) -> Result<ServiceResponse, actix_web::Error> {
    let mut res = HttpResponse::with_body(StatusCode::OK, BoxBody::new("Hello, World!"));
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    Ok(req.into_response(res))
}

/// Serves on `listener` until SIGINT/SIGTERM.
pub fn serve(listener: TcpListener) -> io::Result<()> {
    let app = || App::new().default_service(fn_service(hello));
    actix_web::rt::System::new().block_on(HttpServer::new(app).workers(1).listen(listener)?.run())
}
