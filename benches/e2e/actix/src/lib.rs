//! The app in idiomatic actix-web: one `App::route` per route, one worker.

use std::future::{Ready, ready};
use std::io;
use std::net::TcpListener;

use actix_web::dev::Payload;
use actix_web::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use actix_web::{App, FromRequest, HttpRequest, HttpResponse, HttpServer, web};
use e2e_common::{HELLO, Search};

mod routes;

async fn product(id: web::Path<u32>) -> String {
    format!("product {id}")
}

async fn search(query: web::Query<Search>) -> String {
    format!("{} {}", query.q, query.page)
}

/// The caller of `GET /me`, an extractor: `Authorization: Bearer let-me-in`
/// ([`e2e_common::TOKEN`], the scheme in any case); anything else is refused with 401 and
/// `WWW-Authenticate: Bearer`, Rook's answer byte for byte.
pub struct Caller;

impl FromRequest for Caller {
    type Error = actix_web::Error;
    type Future = Ready<Result<Caller, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let token = req
            .headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("Bearer"))
            .map(|(_, token)| token.trim_matches(' '));
        ready(match token {
            Some(e2e_common::TOKEN) => Ok(Caller),
            _ => {
                let refusal = HttpResponse::Unauthorized()
                    .insert_header((WWW_AUTHENTICATE, "Bearer"))
                    .content_type("text/plain; charset=utf-8")
                    .body(e2e_common::UNAUTHORIZED);
                Err(actix_web::error::InternalError::from_response("unauthenticated", refusal).into())
            }
        })
    }
}

async fn me(_caller: Caller) -> &'static str {
    e2e_common::WELCOME
}

/// Serves the app on `listener` until SIGINT/SIGTERM.
pub fn serve(listener: TcpListener) -> io::Result<()> {
    let app = || {
        let app = App::new()
            .route("/plaintext", web::get().to(|| async { "Hello, World!" }))
            .route("/json", web::get().to(|| async { web::Json(HELLO) }))
            .route("/catalogue/products/{id}", web::get().to(product))
            .route("/search", web::get().to(search))
            .route("/me", web::get().to(me));
        routes::github(app)
    };
    actix_web::rt::System::new().block_on(HttpServer::new(app).workers(1).listen(listener)?.run())
}
