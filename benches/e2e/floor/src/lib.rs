//! The floor: a bare actix-http service answering one fixed response whatever the request,
//! on actix-server with one worker — the HTTP/1.1 cost below any routing or framework.

use std::convert::Infallible;
use std::io;
use std::net::TcpListener;

use actix_http::header::{CONTENT_TYPE, HeaderValue};
use actix_http::{HttpService, Request, Response};
use actix_server::Server;

/// Serves on `listener` until SIGINT/SIGTERM.
pub fn serve(listener: TcpListener) -> io::Result<()> {
    actix_rt::System::new().block_on(async {
        Server::build()
            .workers(1)
            .listen("floor", listener, || {
                HttpService::build()
                    .finish(|_: Request| async {
                        let mut res = Response::ok().set_body("Hello, World!");
                        res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
                        Ok::<_, Infallible>(res)
                    })
                    .tcp()
            })?
            .run()
            .await
    })
}
